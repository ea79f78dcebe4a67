#pragma once

// Child processes for end-to-end tests: a built binary started with extra
// environment variables, its output appended to a log file, stopped with
// SIGTERM (then SIGKILL after a bound) when the handle is destroyed.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace jstedu::testing {

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env,
               const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Sends SIGTERM and returns at once (Terminate or Wait then collects it).
  void RequestTermination();
  // Sends SIGTERM and waits up to `grace` (then SIGKILL). Returns the exit
  // status as from waitpid, or -1 if it had to be killed.
  int Terminate(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // Waits for the process to exit on its own (bounded); -1 on timeout.
  int Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
};

// Runs a command to completion within `limit`; returns its exit code (-1
// on failure, or when it ran out of time and was left running).
int RunToCompletion(const std::vector<std::string>& argv,
                    const std::map<std::string, std::string>& env,
                    const std::string& log_path,
                    std::chrono::seconds limit = std::chrono::seconds(120));

// A TCP port on 127.0.0.1 that was free a moment ago, chosen at random
// below the kernel's ephemeral range and claimed for ten minutes (a marker
// in /tmp/jstedu-test-ports), so no other caller in any test process gets
// it meanwhile (0 if none could be found). Thread-safe.
int FreePort();

}  // namespace jstedu::testing
