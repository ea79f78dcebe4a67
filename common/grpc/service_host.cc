#include "common/grpc/service_host.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/support/server_interceptor.h>
#include <unistd.h>

#include <iostream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/events/dead_letters.h"
#include "common/events/migrations.h"
#include "common/events/outbox.h"
#include "common/grpc/access.h"
#include "common/grpc/channel.h"
#include "common/grpc/code_name.h"
#include "common/grpc/context.h"
#include "common/grpc/interceptor_factory.h"
#include "common/grpc/principal.h"
#include "common/grpc/principal_signature.h"
#include "common/grpc/reflection_v1.h"
#include "common/grpc/status.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/metrics/process.h"
#include "common/pg/request_key.h"
#include "common/pg/status.h"
#include "common/runtime/signals.h"
#include "common/time/civil_time.h"

namespace jstedu::grpcutil {
namespace {

// Request keys outlive the gateway's 24-hour record of the key by an hour.
constexpr absl::Duration kRequestKeyAge = absl::Hours(25);
constexpr std::chrono::minutes kRequestKeyCleanupInterval{10};

// Records one sample per call: count and latency by method and status code,
// and one access-log line (method, code, latency, trace id; no payloads).
class CallInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CallInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(std::chrono::steady_clock::now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Record(const grpc::Status& status) {
    static auto& requests = metrics::Registry::Default().Counter(
        "jstedu_grpc_requests_total", "gRPC calls served.", {"method", "code"});
    static auto& latency = metrics::Registry::Default().Histogram(
        "jstedu_grpc_request_duration_seconds", "gRPC call latency.",
        {"method", "code"});
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
            .count();
    std::string method = info_->method();
    std::string code = StatusCodeName(status.error_code());
    requests.Inc({method, code});
    latency.Observe({method, code}, seconds);
    // Probes call Health/Check every few seconds: counted, not logged.
    if (method.rfind("/grpc.health.", 0) == 0) return;
    std::string trace = IncomingTraceparent(*info_->server_context());
    log::Info("rpc", {{"method", method},
                      {"code", code},
                      {"latency_ms", seconds * 1000},
                      {"trace_id", trace.empty() ? "" : trace.substr(3, 32)}});
  }

  grpc::experimental::ServerRpcInfo* info_;
  std::chrono::steady_clock::time_point start_;
};

std::string InstanceName(const std::string& service) {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(service, "-", host, "-", getpid());
}

}  // namespace

ServiceConfig ReadServiceConfig(config::Env& env, const std::string& name,
                                int default_grpc_port, int default_admin_port) {
  ServiceConfig config;
  config.name = name;
  config.grpc_listen = env.HostPort(
      "JSTEDU_GRPC_LISTEN", absl::StrCat("127.0.0.1:", default_grpc_port));
  config.admin_listen = env.HostPort(
      "JSTEDU_ADMIN_LISTEN", absl::StrCat("127.0.0.1:", default_admin_port));
  config.pg_dsn = env.String("JSTEDU_PG_DSN");
  config.pg_schema = env.String("JSTEDU_PG_SCHEMA", name);
  config.pg_pool_size =
      static_cast<int>(env.Int("JSTEDU_PG_POOL_SIZE", 8, 1, 256));
  config.pg_prepared =
      env.OneOf("JSTEDU_PG_PREPARED", "on", {"on", "off"}) == "on";
  config.redis = redis::ReadSettings(env);
  config.stream_prefix = env.String("JSTEDU_STREAM_PREFIX", "jstedu:");
  // The defaults are ServiceConfig's own.
  config.shutdown_grace =
      env.Duration("JSTEDU_SHUTDOWN_GRACE", config.shutdown_grace);
  config.drain_delay = env.Duration("JSTEDU_DRAIN_DELAY", config.drain_delay);
  config.max_message_bytes = static_cast<int>(
      env.Int("JSTEDU_GRPC_MAX_MESSAGE_BYTES", 24 << 20, 1 << 20, 256 << 20));
  config.handler_threads = static_cast<int>(
      env.Int("JSTEDU_GRPC_HANDLER_THREADS", config.pg_pool_size, 1, 1024));
  config.log_level =
      env.OneOf("JSTEDU_LOG_LEVEL", "info", {"debug", "info", "warn", "error"});
  // Required by LoadServiceConfigOrExit of a process that serves calls.
  config.principal_key_file = env.String(kPrincipalKeyFileVariable, "");
  config.principal_previous_key_file =
      env.String(kPrincipalPreviousKeyFileVariable, "");
  return config;
}

std::optional<int> RunOperatorCommand(int argc, char** argv,
                                      const std::string& name) {
  if (auto status = RunSignPrincipalCommand(argc, argv, std::cout, std::cerr)) {
    return status;
  }
  if (argc < 2 || std::string(argv[1]) != "dead-letters") return std::nullopt;
  config::Env env;
  pg::PoolOptions options;
  options.dsn = env.String("JSTEDU_PG_DSN");
  options.schema = env.String("JSTEDU_PG_SCHEMA", name);
  options.size = 1;
  if (absl::Status status = env.Check(); !status.ok()) {
    std::cerr << status.message() << "\n";
    return 2;
  }
  auto pool = pg::Pool::Create(options);
  if (!pool.ok()) {
    std::cerr << "JSTEDU_PG_DSN or JSTEDU_PG_SCHEMA: "
              << pool.status().message() << "\n";
    return 2;
  }
  return events::RunDeadLettersCommand(
      **pool, std::vector<std::string>(argv + 2, argv + argc), std::cout,
      std::cerr);
}

ServiceConfig LoadServiceConfigOrExit(const std::string& name,
                                      int default_grpc_port,
                                      int default_admin_port,
                                      bool serves_calls) {
  log::Init(name);
  config::Env env;
  ServiceConfig config =
      ReadServiceConfig(env, name, default_grpc_port, default_admin_port);
  config::ExitIfInvalid(env.Check());
  if (serves_calls) {
    auto keys = ReadPrincipalKeys(config.principal_key_file,
                                  config.principal_previous_key_file);
    config::ExitIfInvalid(keys.status());
    UsePrincipalKeys(*std::move(keys));
  }
  log::Init(name, log::ParseLevel(config.log_level));
  return config;
}

int RunUntilTerminated(ServiceHost& host) {
  auto port = host.Start();
  if (!port.ok()) {
    log::Error("start_failed",
               {{"error", std::string(port.status().message())}});
    return 1;
  }
  host.WaitForTerminationSignal();
  host.Shutdown();
  return 0;
}

ServiceHost::ServiceHost(ServiceConfig config,
                         std::vector<pg::Migration> migrations)
    : config_(std::move(config)), migrations_(std::move(migrations)) {
  pg::PoolOptions pool_options;
  pool_options.dsn = config_.pg_dsn;
  pool_options.schema = config_.pg_schema;
  pool_options.size = config_.pg_pool_size;
  pool_options.prepared_statements = config_.pg_prepared;
  auto pool = pg::Pool::Create(pool_options);
  if (!pool.ok()) {
    config::ExitIfInvalid(absl::InvalidArgumentError(
        absl::StrCat("bad configuration: JSTEDU_PG_DSN or JSTEDU_PG_SCHEMA: ",
                     pool.status().message())));
  }
  pool_ = std::move(*pool);
  auto redis_options = redis::OptionsFromSettings(config_.redis);
  if (!redis_options.ok()) {
    config::ExitIfInvalid(absl::InvalidArgumentError(
        absl::StrCat("bad configuration: ", redis_options.status().message())));
  }
  redis_options_ = *redis_options;
  redis::ClientOptions quick = redis_options_;
  quick.connect_timeout = std::chrono::milliseconds(500);
  quick.io_timeout = std::chrono::milliseconds(500);
  readiness_redis_ = std::make_unique<redis::Client>(quick);
  AddCleanupTask("request_keys", kRequestKeyCleanupInterval, [this] {
    return pg::DeleteExpiredRequestKeys(*pool_, kRequestKeyAge);
  });
}

ServiceHost::~ServiceHost() { Shutdown(); }

void ServiceHost::AddService(grpc::Service* service) {
  services_.push_back(service);
}

void ServiceHost::AddConsumer(const std::string& producer,
                              events::Handler handler) {
  AddConsumer(producer, [handler = std::move(handler)] {
    return events::PerEvent(handler);
  });
}

void ServiceHost::AddConsumer(
    const std::string& producer,
    std::function<std::unique_ptr<events::BatchHandler>()> make) {
  consumer_specs_.emplace_back(producer, std::move(make));
}

// Threads the gRPC server keeps waiting for calls (Start).
constexpr int kMaxIdleThreads = 64;

absl::StatusOr<int> ServiceHost::Start() {
  // absl checks the order of every Mutex acquisition for deadlock cycles
  // when built without NDEBUG, as Debian's package is: a debugging aid that
  // cost a tenth of a service's CPU under load (tools/bench, issue 21).
  // Unit tests keep it; a serving process (or a test hosting one) does not.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Every service computes in Europe/Warsaw (common/time/civil_time.h):
  // without the zone it does not start, rather than compute in UTC.
  absl::StatusOr<absl::TimeZone> zone = ProgrammeTimeZone();
  if (!zone.ok()) return zone.status();
  SetHandlerThreads(config_.handler_threads);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  AddReflectionV1(builder);
  int port = 0;
  builder.AddListeningPort(config_.grpc_listen,
                           grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(config_.max_message_bytes);
  // Clients reconnect (and re-resolve) now and then, so new replicas get
  // calls too (common/grpc/channel.h).
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             static_cast<int>(kMaxConnectionAge.count()));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             static_cast<int>(kMaxConnectionAgeGrace.count()));
  builder.SetMaxSendMessageSize(config_.max_message_bytes);
  // gRPC's synchronous server keeps at most MAX_POLLERS idle threads: a
  // thread that finishes a call while more are idle ends, and a call that
  // finds fewer than MIN_POLLERS idle starts one. At the default of 2, a
  // service with 64 calls in flight started and ended 700 threads a second
  // (tools/bench, issue 21); with room for 64 idle threads, the threads a
  // load needed stay for the next calls (about 20 thread starts in 5 s).
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, kMaxIdleThreads);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(
      std::make_unique<InterceptorFactory<CallInterceptor>>());
  interceptors.push_back(AccessInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (grpc::Service* service : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for gRPC on ", config_.grpc_listen));
  }
  SetServing(false);

  metrics::RegisterProcessMetrics(metrics::Registry::Default(), config_.name,
                                  config_.revision);
  admin_ = std::make_unique<http::AdminServer>(metrics::Registry::Default());
  auto admin_port = admin_->Start(config_.admin_listen);
  if (!admin_port.ok()) return admin_port.status();
  admin_port_ = *admin_port;

  readiness_ = std::make_unique<runtime::BackgroundLoop>(
      "readiness", [this] { return CheckReadiness(); });
  readiness_->Start();
  for (const PeriodicTask& task : periodic_tasks_) {
    periodic_loops_.push_back(std::make_unique<runtime::BackgroundLoop>(
        task.loop, [this, &task] { return RunPeriodic(task); }));
    periodic_loops_.back()->Start();
  }
  log::Info("server_started", {{"service", config_.name},
                               {"grpc_port", port},
                               {"admin_port", admin_port_},
                               {"schema", config_.pg_schema}});
  return port;
}

absl::Status ServiceHost::ApplyMigrations() {
  absl::Status status =
      pg::ApplyMigrations(*pool_, "platform", events::PlatformMigrations());
  if (!status.ok()) return status;
  return pg::ApplyMigrations(*pool_, config_.name, migrations_);
}

void ServiceHost::SetServing(bool serving) {
  if (draining_) return;
  serving_ = serving;
  // Readiness is the "" name only: SetServingStatus(bool) would set every
  // name, liveness too, which clients route on (channel.h), and a service
  // not ready would leave their rotation at every tick.
  server_->GetHealthCheckService()->SetServingStatus("", serving);
  server_->GetHealthCheckService()->SetServingStatus(kLivenessService, true);
}

void ServiceHost::AddStartupTask(std::string name,
                                 std::function<absl::Status()> task) {
  startup_tasks_.push_back({std::move(name), std::move(task)});
}

absl::Status ServiceHost::RunStartupTasks() {
  for (const StartupTask& task : startup_tasks_) {
    absl::Status status = task.run();
    if (!status.ok()) {
      log::Warn("startup_task_failed",
                {{"task", task.name}, {"error", pg::LogText(status)}});
      return status;
    }
  }
  return absl::OkStatus();
}

std::chrono::milliseconds ServiceHost::CheckReadiness() {
  // A draining server stays NOT_SERVING: nothing to check or to log.
  if (draining_) return std::chrono::milliseconds(1000);
  absl::Status status;
  if (!migrated_) {
    status = ApplyMigrations();
    if (status.ok()) {
      migrated_ = true;
      StartEventWorkers();
    }
  }
  if (status.ok() && !started_up_) {
    status = RunStartupTasks();
    started_up_ = status.ok();
  }
  if (status.ok()) status = pool_->Ping();
  if (status.ok()) {
    auto pong = readiness_redis_->Command({"PING"});
    status = pong.ok() ? (pong->is_error() ? absl::UnavailableError(pong->str)
                                           : absl::OkStatus())
                       : pong.status();
  }
  bool ready = status.ok();
  if (ready != serving_.load() || (!ready && !last_unready_logged_)) {
    if (ready) {
      log::Info("serving", {{"service", config_.name}});
    } else {
      log::Warn("not_serving",
                {{"service", config_.name}, {"reason", pg::LogText(status)}});
    }
  }
  last_unready_logged_ = !ready;
  SetServing(ready);
  return std::chrono::milliseconds(1000);
}

void ServiceHost::AddCleanupTask(
    std::string name, std::chrono::milliseconds interval,
    std::function<absl::StatusOr<int64_t>()> task) {
  periodic_tasks_.push_back({name + "_cleanup", name + "_deleted",
                             name + "_cleanup_failed", interval,
                             std::move(task)});
}

void ServiceHost::AddPeriodicTask(
    std::string name, std::chrono::milliseconds interval,
    std::function<absl::StatusOr<int64_t>()> task) {
  periodic_tasks_.push_back({name + "_task", name + "_done", name + "_failed",
                             interval, std::move(task)});
}

std::chrono::milliseconds ServiceHost::RunPeriodic(const PeriodicTask& task) {
  if (!migrated_) return std::chrono::seconds(5);
  auto rows = task.run();
  if (!rows.ok()) {
    log::Warn(task.failed_event, {{"error", pg::LogText(rows.status())}});
    return std::chrono::minutes(1);
  }
  if (*rows > 0) log::Info(task.done_event, {{"rows", *rows}});
  return task.interval;
}

void ServiceHost::StartEventWorkers() {
  events::RelayOptions relay_options;
  relay_options.producer = config_.name;
  relay_options.stream =
      events::StreamName(config_.stream_prefix, config_.name);
  relay_ =
      std::make_unique<events::Relay>(*pool_, redis_options_, relay_options);
  relay_->Start();
  for (const auto& [producer, make_handler] : consumer_specs_) {
    events::ConsumerOptions options;
    options.name = config_.name;
    options.stream = events::StreamName(config_.stream_prefix, producer);
    options.instance = InstanceName(config_.name);
    redis::ClientOptions blocking = redis_options_;
    blocking.io_timeout = options.block + std::chrono::seconds(5);
    consumers_.push_back(std::make_unique<events::Consumer>(
        *pool_, blocking, options, make_handler()));
    consumers_.back()->Start();
  }
}

void ServiceHost::StopEventWorkers() {
  // Together: each waits for its loop's step to end (a consumer's blocking
  // read, up to its block time), and the process exits, freeing its port
  // for the next one, only after the last.
  std::vector<std::thread> stopping;
  for (auto& consumer : consumers_) {
    stopping.emplace_back([&consumer] { consumer->Stop(); });
  }
  if (relay_) stopping.emplace_back([this] { relay_->Stop(); });
  for (std::thread& thread : stopping) thread.join();
}

void ServiceHost::WaitForTerminationSignal() {
  int signal = runtime::WaitForTerminationSignal();
  log::Info("shutdown_requested",
            {{"service", config_.name}, {"signal", signal}});
}

void ServiceHost::Shutdown() {
  if (draining_.exchange(true)) return;
  if (server_ == nullptr) return;
  serving_ = false;
  // NOT_SERVING first, liveness too (and for good: the health service
  // ignores later updates), so clients' channels stop picking this server;
  // keep accepting calls for the drain delay, for those already on their
  // way; then refuse new calls (GOAWAY, the port closed) and let in-flight
  // ones finish within the grace period. Only then stop the readiness loop,
  // whose step may be stuck on an unreachable database for seconds.
  server_->GetHealthCheckService()->Shutdown();
  log::Info("draining", {{"service", config_.name},
                         {"drain_delay_ms", config_.drain_delay.count()}});
  std::this_thread::sleep_for(config_.drain_delay);
  server_->Shutdown(std::chrono::system_clock::now() + config_.shutdown_grace);
  if (readiness_) readiness_->Stop();
  for (auto& loop : periodic_loops_) loop->Stop();
  StopEventWorkers();
  if (admin_) admin_->Stop();
  server_->Wait();
  log::Info("server_stopped", {{"service", config_.name}});
}

}  // namespace jstedu::grpcutil
