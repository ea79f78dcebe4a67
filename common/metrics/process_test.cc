#include "common/metrics/process.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::metrics {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

// Burns about `ms` of CPU time in this thread.
void Spin(int ms) {
  const std::clock_t until = std::clock() + ms * CLOCKS_PER_SEC / 1000;
  volatile double sink = 0;
  while (std::clock() < until) sink += 1;
}

TEST(ProcessMetrics, SampleIsThisProcess) {
  const ProcessSample before = ReadProcessSample();
  Spin(300);
  const ProcessSample after = ReadProcessSample();
  EXPECT_GE(after.cpu_seconds - before.cpu_seconds, 0.2)
      << "300 ms of CPU burnt; utime+stime from /proc/self/stat";
  EXPECT_GT(after.resident_bytes, 1 << 20);
  EXPECT_GT(after.virtual_bytes, after.resident_bytes);
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(after.start_time_seconds, now + 1);
  EXPECT_GT(after.start_time_seconds, now - 3600)
      << "the test started less than an hour ago";
  EXPECT_GE(after.open_fds, 3);  // stdin, stdout, stderr
  EXPECT_GE(after.max_fds, after.open_fds);
}

TEST(ProcessMetrics, RenderedUnderTheStandardNamesWithTheBuild) {
  Registry registry;
  RegisterProcessMetrics(registry, "recruitment", "68cad68a1b2c-dirty");
  const std::string text = registry.Render();
  for (const char* name :
       {"process_cpu_seconds_total", "process_resident_memory_bytes",
        "process_virtual_memory_bytes", "process_start_time_seconds",
        "process_open_fds", "process_max_fds"}) {
    EXPECT_THAT(text, ContainsRegex(std::string("\n") + name + " [0-9.e+]+\n"))
        << name;
  }
  EXPECT_THAT(text, HasSubstr("# TYPE process_cpu_seconds_total counter\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE jstedu_build_info gauge\n"));
  EXPECT_THAT(text, HasSubstr("jstedu_build_info{service=\"recruitment\","
                              "revision=\"68cad68a1b2c-dirty\"} 1\n"));
}

}  // namespace
}  // namespace jstedu::metrics
