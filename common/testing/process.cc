#include "common/testing/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>

namespace jstedu::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env,
                           const std::string& log_path) {
  pid_ = fork();
  if (pid_ != 0) return;
  // Child: only async-signal-safe work until exec. Die with the test
  // process, even when it crashes or is killed by a timeout.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

ChildProcess::~ChildProcess() { Terminate(); }

int ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

void ChildProcess::RequestTermination() {
  if (pid_ > 0) kill(pid_, SIGTERM);
}

int ChildProcess::Terminate(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return -1;
  RequestTermination();
  int status = Wait(grace);
  if (status != -1) return status;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

int RunToCompletion(const std::vector<std::string>& argv,
                    const std::map<std::string, std::string>& env,
                    const std::string& log_path, std::chrono::seconds limit) {
  ChildProcess child(argv, env, log_path);
  int status = child.Wait(limit);
  if (status == -1 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

namespace {

// The first port of the kernel's ephemeral range (outgoing connections take
// their local ports from it).
int EphemeralLow() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 32768;
  range >> low;
  return low;
}

bool CanBind(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool free =
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return free;
}

// Claims `port` among every test process of this machine: a marker file
// made with O_EXCL in /tmp/jstedu-test-ports, so neither this process nor a
// test running in parallel is handed it again while its server may still
// be starting. A marker older than ten minutes is stale (its suite has
// ended) and is taken over.
bool Claim(int port) {
  const std::string dir = "/tmp/jstedu-test-ports";
  mkdir(dir.c_str(), 0777);
  const std::string path = dir + "/" + std::to_string(port);
  const int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0666);
  if (fd >= 0) {
    close(fd);
    return true;
  }
  struct stat marker;
  if (stat(path.c_str(), &marker) != 0) return false;
  if (time(nullptr) - marker.st_mtime < 600) return false;
  return utime(path.c_str(), nullptr) == 0;
}

}  // namespace

// Below the ephemeral range, so no outgoing connection (of the many tests
// running in parallel) can take the port between this check and the
// server's bind; random and claimed (Claim), so no two callers, in this
// process or another, get the same one.
int FreePort() {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  static std::mt19937 random(std::random_device{}());
  const int high = std::min(EphemeralLow(), 65536) - 1;
  std::uniform_int_distribution<int> pick(10000, std::max(10001, high));
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int port = pick(random);
    if (CanBind(port) && Claim(port)) return port;
  }
  return 0;
}

}  // namespace jstedu::testing
