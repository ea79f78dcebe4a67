#pragma once

// A thread that runs a step function until stopped.
//
// The step returns how long to wait before the next step (zero to run again
// at once). Stop() wakes a waiting loop, lets a running step finish (steps
// must therefore be bounded: a blocking read uses a short timeout) and joins.
//
// Thread-safe: Start() once, Stop() from any thread, any number of times.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace jstedu::runtime {

class BackgroundLoop {
 public:
  using Step = std::function<std::chrono::milliseconds()>;

  BackgroundLoop(std::string name, Step step);
  ~BackgroundLoop();
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;

  void Start();
  void Stop();
  bool stopping() const { return stopping_; }

 private:
  void Run();

  const std::string name_;
  const Step step_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace jstedu::runtime
