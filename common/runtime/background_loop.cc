#include "common/runtime/background_loop.h"

#include <exception>

#include "common/log/log.h"

namespace jstedu::runtime {

BackgroundLoop::BackgroundLoop(std::string name, Step step)
    : name_(std::move(name)), step_(std::move(step)) {}

BackgroundLoop::~BackgroundLoop() { Stop(); }

void BackgroundLoop::Start() {
  thread_ = std::thread([this] { Run(); });
}

void BackgroundLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundLoop::Run() {
  while (!stopping_) {
    std::chrono::milliseconds wait{1000};
    try {
      wait = step_();
    } catch (const std::exception& error) {
      // A step must not kill its thread; the next step retries.
      log::Error("background_step_failed",
                 {{"loop", name_}, {"error", error.what()}});
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, wait, [this] { return stopping_.load(); });
  }
}

}  // namespace jstedu::runtime
