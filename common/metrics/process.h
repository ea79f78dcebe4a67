#pragma once

// What every admin port shows besides a process's own metrics:
//
//  * the process metrics every Prometheus client library exports, under
//    their standard names, read from /proc at each scrape:
//    process_cpu_seconds_total, process_resident_memory_bytes,
//    process_virtual_memory_bytes, process_start_time_seconds,
//    process_open_fds, process_max_fds;
//  * jstedu_build_info{service, revision} 1: which build runs (the git
//    commit the binary was built from, "-dirty" when the tree had changes,
//    "unknown" outside a git checkout), so a dashboard or an alert can tell
//    a rollout's old pods from its new ones.
//
// Linux only (/proc).

#include <string>

#include "common/metrics/metrics.h"

namespace jstedu::metrics {

// Registers the families above in `registry` and a collector that refreshes
// the process_* ones before each Render(). `service`: "recruitment",
// "gateway"...; `revision`: BuildRevision() (build_revision.h) in the
// binaries. Call once per process.
void RegisterProcessMetrics(Registry& registry, const std::string& service,
                            const std::string& revision);

// The numbers RegisterProcessMetrics reads, for tests.
struct ProcessSample {
  double cpu_seconds = 0;
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double start_time_seconds = 0;  // Unix time
  double open_fds = 0;
  double max_fds = 0;
};
// Reads them from /proc/self; a figure that cannot be read stays 0.
ProcessSample ReadProcessSample();

}  // namespace jstedu::metrics
