#include "common/metrics/process.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace jstedu::metrics {
namespace {

// The fields of /proc/self/stat after the command name ("(name)" may hold
// spaces and parentheses, so the split starts after the last ')'): the
// first is the state (field 3 of proc(5)).
std::vector<std::string> StatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  const size_t close = line.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) return fields;
  std::istringstream rest(line.substr(close + 1));
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

// proc(5) field number n (1-based) of /proc/self/stat, as a number.
double StatField(const std::vector<std::string>& fields, size_t n) {
  const size_t index = n - 3;  // fields[0] is field 3, the state
  if (index >= fields.size()) return 0;
  try {
    return std::stod(fields[index]);
  } catch (const std::exception&) {
    return 0;
  }
}

// The system's boot time (Unix seconds), from /proc/stat's btime.
double BootTime() {
  std::ifstream in("/proc/stat");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("btime ", 0) == 0) {
      try {
        return std::stod(line.substr(6));
      } catch (const std::exception&) {
        return 0;
      }
    }
  }
  return 0;
}

double OpenFds() {
  std::error_code error;
  double count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end;
       !error && it != end; it.increment(error)) {
    ++count;
  }
  return count;
}

}  // namespace

ProcessSample ReadProcessSample() {
  ProcessSample sample;
  const std::vector<std::string> fields = StatFields();
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  if (ticks > 0) {
    sample.cpu_seconds =
        (StatField(fields, 14) + StatField(fields, 15)) / ticks;
    sample.start_time_seconds = BootTime() + StatField(fields, 22) / ticks;
  }
  sample.virtual_bytes = StatField(fields, 23);
  sample.resident_bytes = StatField(fields, 24) * page;
  sample.open_fds = OpenFds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    sample.max_fds = static_cast<double>(limit.rlim_cur);
  return sample;
}

void RegisterProcessMetrics(Registry& registry, const std::string& service,
                            const std::string& revision) {
  registry
      .Gauge("jstedu_build_info",
             "The build that runs: always 1, labelled with the git revision "
             "the binary was built from",
             {"service", "revision"})
      .Set({service, revision}, 1);
  auto& cpu = registry.Counter("process_cpu_seconds_total",
                               "Total user and system CPU time spent in "
                               "seconds.",
                               {});
  auto& resident = registry.Gauge("process_resident_memory_bytes",
                                  "Resident memory size in bytes.", {});
  auto& virtual_memory = registry.Gauge("process_virtual_memory_bytes",
                                        "Virtual memory size in bytes.", {});
  auto& start = registry.Gauge(
      "process_start_time_seconds",
      "Start time of the process since unix epoch in seconds.", {});
  auto& open_fds = registry.Gauge("process_open_fds",
                                  "Number of open file descriptors.", {});
  auto& max_fds = registry.Gauge(
      "process_max_fds", "Maximum number of open file descriptors.", {});
  registry.AddCollector([&] {
    const ProcessSample sample = ReadProcessSample();
    cpu.Set({}, sample.cpu_seconds);
    resident.Set({}, sample.resident_bytes);
    virtual_memory.Set({}, sample.virtual_bytes);
    start.Set({}, sample.start_time_seconds);
    open_fds.Set({}, sample.open_fds);
    max_fds.Set({}, sample.max_fds);
  });
}

}  // namespace jstedu::metrics
