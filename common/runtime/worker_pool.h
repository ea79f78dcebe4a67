#pragma once

// A fixed set of threads that run posted tasks in the order posted.
//
// For work that blocks (a database call) and must not run on the thread
// that posts it: gRPC's callback API runs a handler on one of a few threads
// of its own, which a blocking handler would hold up (common/grpc/status.h,
// ServeCall).
//
// Tasks must not throw. The destructor runs every task already posted, then
// joins the threads; Post after destruction has begun is a bug.
//
// Thread-safe.

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace jstedu::runtime {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> task);

  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void Run();
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  absl::Mutex mutex_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace jstedu::runtime
