// jstedu-grpc-floor-bench: what one unary gRPC call costs on this machine
// with nothing of ours in it (tools/bench grpc; issue 21).
//
// The gateway's read of a JST is an HTTP request turned into one unary gRPC
// call (RecruitmentService/GetJst) and one PostgreSQL read. This bench keeps
// only the gRPC call: a client shaped like the gateway's (gateway/upstream.h:
// the callback API, one channel, the same three request metadata entries,
// `--in-flight` calls outstanding) calls GetJst on a server that answers a
// fixed JST at once, without a database, logging, metrics or access checks.
// The server runs in a child process, so each side's CPU is measured on its
// own (/proc/PID/stat of the child, getrusage of the parent) and divided by
// the calls completed: the library's floor per call, for the client and for
// the server flavour chosen:
//   --server sync      grpc::Service with MAX_POLLERS 64 (what ServiceHost
//                      runs today: common/grpc/service_host.cc)
//   --server callback-pool  the generated CallbackService handing each call
//                      to a pool of 8 threads (what common/grpc/status.h's
//                      Serve does for the services)
//   --server callback  the generated CallbackService answering on gRPC's
//                      own thread (only for a handler that never blocks)
// --work-us U makes each handler wait U µs first, as for a database read.
//
// usage: jstedu-grpc-floor-bench [--server sync|callback-pool|callback]
//            [--seconds S] [--in-flight N] [--work-us U] [--json]
// Timings are printed, never judged; exits 1 when a call fails.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/runtime/worker_pool.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"

namespace {

namespace v1 = ::jstedu::recruitment::v1;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string server = "sync";
  int seconds = 10;
  int in_flight = 64;
  int work_us = 0;
  bool json = false;
};

bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> const char* {
      return i + 1 < argc ? argv[++i] : nullptr;
    };
    if (arg == "--json") {
      options.json = true;
    } else if (arg == "--server") {
      const char* v = value();
      if (v == nullptr) return false;
      options.server = v;
      if (options.server != "sync" && options.server != "callback" &&
          options.server != "callback-pool") {
        return false;
      }
    } else if (arg == "--seconds" || arg == "--in-flight" ||
               arg == "--work-us") {
      const char* v = value();
      int n = 0;
      if (v == nullptr || !absl::SimpleAtoi(v, &n) || n < 0) return false;
      (arg == "--seconds"     ? options.seconds
       : arg == "--in-flight" ? options.in_flight
                              : options.work_us) = n;
    } else {
      return false;
    }
  }
  return true;
}

// The answer of the real service for the bench's JST (tools/bench's row).
void FillJst(v1::Jst* jst) {
  jst->set_teryt("2476011");
  jst->set_name("Żory");
  jst->set_kind(v1::URBAN_COMMUNE);
  jst->set_city_with_county_rights(true);
  jst->set_voivodeship("24");
  jst->set_county("2476");
  jst->set_workshop_group(3);
  jst->set_register_date("2024-01-01");
  jst->set_degurba(1);
}

// Stands for the handler's own work (a database read): the thread waits.
int g_work_us = 0;
void Work() {
  if (g_work_us > 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(g_work_us));
  }
}

class SyncService final : public v1::RecruitmentService::Service {
  grpc::Status GetJst(grpc::ServerContext*, const v1::GetJstRequest*,
                      v1::Jst* response) override {
    Work();
    FillJst(response);
    return grpc::Status::OK;
  }
};

class CallbackService final : public v1::RecruitmentService::CallbackService {
 public:
  explicit CallbackService(jstedu::runtime::WorkerPool* pool) : pool_(pool) {}

 private:
  grpc::ServerUnaryReactor* GetJst(grpc::CallbackServerContext* context,
                                   const v1::GetJstRequest*,
                                   v1::Jst* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    auto answer = [reactor, response] {
      Work();
      FillJst(response);
      reactor->Finish(grpc::Status::OK);
    };
    if (pool_ == nullptr) {
      answer();
    } else {
      pool_->Post(answer);
    }
    return reactor;
  }
  jstedu::runtime::WorkerPool* pool_;
};

// The child: serves until killed; writes its port to `port_fd` first.
[[noreturn]] void Serve(const std::string& flavour, int work_us, int port_fd) {
  g_work_us = work_us;
  SyncService sync;
  // The pool Serve (common/grpc/status.h) hands the services' calls to.
  std::unique_ptr<jstedu::runtime::WorkerPool> pool;
  if (flavour == "callback-pool") {
    pool = std::make_unique<jstedu::runtime::WorkerPool>(8);
  }
  CallbackService callback(pool.get());
  // As ServiceHost's server: the health service and reflection beside.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 64);
  if (flavour == "sync") {
    builder.RegisterService(&sync);
  } else {
    builder.RegisterService(&callback);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || write(port_fd, &port, sizeof port) != sizeof port) {
    _exit(2);
  }
  close(port_fd);
  server->Wait();
  _exit(0);
}

// utime + stime of `pid` in seconds.
double ProcessCpuSeconds(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold
  // spaces: state is field 3, utime 14, stime 15.
  size_t close_paren = text.rfind(')');
  if (close_paren == std::string::npos) return 0;
  std::vector<std::string> fields;
  std::string field;
  for (size_t i = close_paren + 2; i < text.size(); ++i) {
    if (text[i] == ' ') {
      fields.push_back(field);
      field.clear();
    } else {
      field += text[i];
    }
  }
  double utime = 0;
  double stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return 0;
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// `in_flight` loops of calls on one channel, each starting its next call
// from the previous one's callback, as the gateway's requests do.
class Load {
 public:
  Load(std::shared_ptr<grpc::Channel> channel, int in_flight)
      : stub_(v1::RecruitmentService::NewStub(channel)),
        in_flight_(in_flight) {}

  // Runs until `until`, then waits for the calls in flight.
  void Run(Clock::time_point until) {
    until_ = until;
    done_ = std::make_unique<absl::Notification>();
    running_ = in_flight_;
    for (int i = 0; i < in_flight_; ++i) Next();
    done_->WaitForNotification();
  }

  void ResetCounts() {
    completed_ = 0;
    failed_ = 0;
  }
  int64_t completed() const { return completed_; }
  int64_t failed() const { return failed_; }

 private:
  struct Call {
    grpc::ClientContext context;
    v1::GetJstRequest request;
    v1::Jst response;
  };

  void Next() {
    if (Clock::now() >= until_) {
      if (--running_ == 0) done_->Notify();
      return;
    }
    auto call = std::make_shared<Call>();
    call->request.set_teryt("2476011");
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(5));
    // What the gateway sends with each call (gateway/dispatcher.cc): the
    // caller's principal, the trace and the request id.
    call->context.AddMetadata("x-jstedu-principal-bin",
                              std::string(24, '\x12'));
    call->context.AddMetadata(
        "traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    call->context.AddMetadata("x-request-id",
                              "5f0c6a1e-8a54-4c3e-9b1a-2f6e7d8c9b0a");
    stub_->async()->GetJst(&call->context, &call->request, &call->response,
                           [this, call](grpc::Status status) {
                             if (status.ok()) {
                               ++completed_;
                             } else {
                               // The first failure says why.
                               if (++failed_ == 1) {
                                 std::cerr
                                     << "call failed: " << status.error_code()
                                     << " " << status.error_message() << "\n";
                               }
                             }
                             Next();
                           });
  }

  std::unique_ptr<v1::RecruitmentService::Stub> stub_;
  const int in_flight_;
  Clock::time_point until_;
  std::atomic<int> running_{0};
  std::atomic<int64_t> completed_{0};
  std::atomic<int64_t> failed_{0};
  std::unique_ptr<absl::Notification> done_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) {
    std::cerr << "usage: jstedu-grpc-floor-bench "
                 "[--server sync|callback-pool|callback] [--seconds S] "
                 "[--in-flight N] [--work-us U] [--json]\n";
    return 2;
  }
  // Fork before anything of gRPC exists in this process.
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return 1;
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    close(pipe_fds[0]);
    Serve(options.server, options.work_us, pipe_fds[1]);
  }
  close(pipe_fds[1]);
  int port = 0;
  bool started = read(pipe_fds[0], &port, sizeof port) == sizeof port;
  close(pipe_fds[0]);
  if (!started) {
    std::cerr << "the server did not start\n";
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    return 1;
  }

  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials());
  Load load(channel, options.in_flight);
  load.Run(Clock::now() + std::chrono::seconds(1));  // warm-up
  load.ResetCounts();
  double server_before = ProcessCpuSeconds(child);
  double client_before = SelfCpuSeconds();
  Clock::time_point start = Clock::now();
  load.Run(start + std::chrono::seconds(options.seconds));
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  double server_cpu = ProcessCpuSeconds(child) - server_before;
  double client_cpu = SelfCpuSeconds() - client_before;
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);

  int64_t calls = load.completed();
  double per_second = calls / elapsed;
  double client_us = calls > 0 ? client_cpu / calls * 1e6 : 0;
  double server_us = calls > 0 ? server_cpu / calls * 1e6 : 0;
  if (options.json) {
    std::printf(
        "{\"tool\":\"tools/bench grpc\",\"server\":\"%s\",\"in_flight\":%d,"
        "\"work_us\":%d,"
        "\"seconds\":%.2f,\"calls\":%lld,\"failed\":%lld,"
        "\"calls_per_second\":%.1f,\"client_cpu_us_per_call\":%.1f,"
        "\"server_cpu_us_per_call\":%.1f}\n",
        options.server.c_str(), options.in_flight, options.work_us, elapsed,
        static_cast<long long>(calls), static_cast<long long>(load.failed()),
        per_second, client_us, server_us);
  } else {
    std::printf(
        "gRPC unary GetJst, %s server, %d in flight, handler waits %d us, "
        "%.1f s: %lld calls (%.0f/s), %lld failed\n"
        "CPU per call: client %.1f us, server %.1f us, together %.1f us\n",
        options.server.c_str(), options.in_flight, options.work_us, elapsed,
        static_cast<long long>(calls), per_second,
        static_cast<long long>(load.failed()), client_us, server_us,
        client_us + server_us);
  }
  return load.failed() == 0 ? 0 : 1;
}
