#pragma once

// "Now", injected. Every service takes a Clock where it needs the time
// (due dates, "today" in Europe/Warsaw, windows that open and close), so
// that tests pin it and no test reads the wall clock; production passes
// SystemClock().
//
// Thread-safety: a Clock is called from any thread; SystemClock's is.

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace jstedu {

using Clock = std::function<absl::Time()>;

inline Clock SystemClock() {
  return [] { return absl::Now(); };
}

}  // namespace jstedu
