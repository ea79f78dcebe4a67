#pragma once

// Everything a jstedu service process runs besides its own handlers:
//
//  * configuration (LoadServiceConfig: JSTEDU_* variables, fail fast), and
//    the programme's time zone (common/time/civil_time.h): Start() fails
//    when tzdata lacks Europe/Warsaw;
//  * the role check of every call (common/grpc/access.h): the roles each
//    method declares in its proto, before any handler reads its caller;
//  * a PostgreSQL pool on the service's schema, and migrations (platform +
//    service) applied at start under an advisory lock, retried until the
//    database is reachable;
//  * the gRPC server (the services' handlers use gRPC's callback API and run
//    on a pool of handler threads, common/grpc/status.h): the standard
//    health service, reflection (v1alpha,
//    gRPC's own, and v1, reflection_v1.h; both resolve every service, the
//    health service included), explicit message size limits, an
//    interceptor that records
//    jstedu_grpc_requests_total / jstedu_grpc_request_duration_seconds by
//    method and code and logs one line per call;
//  * readiness: health is NOT_SERVING until PostgreSQL and Redis answer and
//    migrations are applied, checked every second, so it also turns
//    NOT_SERVING while either is down and SERVING when they return;
//    liveness: the health service name kLivenessService stays SERVING while
//    the process runs (NOT_SERVING only on shutdown);
//  * the outbox relay for the service's stream and any event consumers,
//    started once migrations are applied;
//  * cleanup tasks (AddCleanupTask), each on its own loop once migrations
//    are applied: the request keys of keyed calls
//    (common/pg/request_key.h) older than 25 hours are deleted every 10
//    minutes in every service; a service adds its own (training: calendar
//    feed reads past their retention);
//  * the admin HTTP port (/metrics, /healthz);
//  * graceful shutdown (SIGTERM): health NOT_SERVING first, readiness and
//    kLivenessService alike, so clients' channels (common/grpc/channel.h)
//    stop sending here; new calls are still accepted and served for the
//    drain delay (calls already on their way); only then does the server
//    stop accepting, send GOAWAY and close its port, and calls in flight
//    finish within the grace period; consumers acknowledge what they
//    finished.
//
// Usage (main.cc):
//   runtime::BlockTerminationSignals();
//   auto config = LoadServiceConfigOrExit("recruitment", 50051, 9101);
//   ServiceHost host(config, recruitment::Migrations());
//   MyService service(host.pool());
//   host.AddService(&service);
//   return RunUntilTerminated(host);
//
// Thread-safe after Start(); configure (Add*) before it.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/env.h"
#include "common/events/consumer.h"
#include "common/events/relay.h"
#include "common/grpc/channel.h"
#include "common/http/admin_server.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "common/redis/client.h"
#include "common/runtime/background_loop.h"

namespace jstedu::grpcutil {

struct ServiceConfig {
  std::string name;  // "recruitment", also the default schema
  // The build's git revision, for jstedu_build_info: the services' mains
  // set metrics::BuildRevision().
  std::string revision = "unknown";
  std::string grpc_listen;   // JSTEDU_GRPC_LISTEN
  std::string admin_listen;  // JSTEDU_ADMIN_LISTEN
  std::string pg_dsn;        // JSTEDU_PG_DSN (required)
  std::string pg_schema;     // JSTEDU_PG_SCHEMA
  int pg_pool_size = 8;      // JSTEDU_PG_POOL_SIZE
  bool pg_prepared = true;   // JSTEDU_PG_PREPARED (on|off): pg::Exec
                             // prepares its statements (common/pg/prepared.h)
  // JSTEDU_REDIS_ADDR (required) and the other JSTEDU_REDIS_* variables
  // (redis/client.h): credentials, TLS.
  redis::Settings redis;
  std::string stream_prefix;  // JSTEDU_STREAM_PREFIX, default "jstedu:"
  std::chrono::milliseconds shutdown_grace{10000};  // JSTEDU_SHUTDOWN_GRACE
  // JSTEDU_DRAIN_DELAY: how long calls are still accepted and served after
  // health turns NOT_SERVING on shutdown. Clients watching the health
  // (common/grpc/channel.h) stop sending within a round trip; the delay
  // covers calls they had already sent or picked. 1 s is ample for that
  // and short enough for a restart: with one process per service
  // (locally), calls wait the delay plus the restart out (wait_for_ready,
  // within the caller's deadline). In Kubernetes the preStop hook runs
  // before SIGTERM, while the pod leaves the Service's endpoints.
  std::chrono::milliseconds drain_delay{1000};
  int max_message_bytes = 24 << 20;  // JSTEDU_GRPC_MAX_MESSAGE_BYTES
  // JSTEDU_GRPC_HANDLER_THREADS: the threads the services' handlers run on
  // (common/grpc/status.h, Serve); as many calls are handled at once, the
  // rest wait in order. Default: pg_pool_size. A handler mostly holds a
  // connection, so more threads than connections only wait for one, and
  // handing connections between them cost more than the queue: recruitment
  // spent 160-225 us of CPU per GET JST with 16 or 64 threads, 118-131 us
  // with 8 (tools/bench, issue 21).
  int handler_threads = 8;
  std::string log_level;  // JSTEDU_LOG_LEVEL
  // JSTEDU_PRINCIPAL_KEY_FILE (required) and
  // JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE: the keys principals are signed with
  // between processes (principal_signature.h).
  std::string principal_key_file;
  std::string principal_previous_key_file;
};

// Reads the service variables from `env`; call env.Check() afterwards.
ServiceConfig ReadServiceConfig(config::Env& env, const std::string& name,
                                int default_grpc_port, int default_admin_port);

// The operators' commands every service binary offers beside serving
// (docs/operations.md): `sign-principal …` (principal.h) and
// `dead-letters …` (events/dead_letters.h, on the schema of JSTEDU_PG_DSN
// and JSTEDU_PG_SCHEMA, default `name`). nullopt when `argv` names neither;
// else the exit status.
std::optional<int> RunOperatorCommand(int argc, char** argv,
                                      const std::string& name);

// ReadServiceConfig from the process environment, then logging set up and,
// for a process that serves calls, the principal keys read and made the
// process's (UsePrincipalKeys; required). Exits with code 2 naming every
// bad variable. One-off commands that serve nothing (recruitment's
// load-registry) pass serves_calls false and need no key.
ServiceConfig LoadServiceConfigOrExit(const std::string& name,
                                      int default_grpc_port,
                                      int default_admin_port,
                                      bool serves_calls = true);

class ServiceHost;

// Starts `host`, waits for SIGTERM/SIGINT and shuts down gracefully. Returns
// the process exit code (1 when the ports cannot be bound).
int RunUntilTerminated(ServiceHost& host);

class ServiceHost {
 public:
  ServiceHost(ServiceConfig config, std::vector<pg::Migration> migrations);
  ~ServiceHost();

  pg::Pool& pool() { return *pool_; }
  const ServiceConfig& config() const { return config_; }
  redis::ClientOptions redis_options() const { return redis_options_; }

  void AddService(grpc::Service* service);
  // Consumes `producer`'s stream as consumer group config.name.
  void AddConsumer(const std::string& producer, events::Handler handler);
  // The same with a handler that finishes each transaction
  // (events::BatchHandler), made by `make` for the stream's consumer.
  void AddConsumer(const std::string& producer,
                   std::function<std::unique_ptr<events::BatchHandler>()> make);
  // Runs `task` once the migrations are applied and before the service
  // first reports SERVING; a failure keeps it NOT_SERVING and the task is
  // run again at the next readiness check (every second). For derived
  // state a migration made stale (recruitment: facts to publish again).
  // Tasks must be safe to run again, also by two replicas at once.
  void AddStartupTask(std::string name, std::function<absl::Status()> task);

  // Runs `task` every `interval` once the migrations are applied: it
  // deletes what is past its retention and answers how many rows. Logs
  // "<name>_deleted" (rows, when any) or "<name>_cleanup_failed" (then
  // retried a minute later). Tasks must be safe to run by two replicas at
  // once (a DELETE of old rows is). Call before Start(): the loops are
  // started there and hold the task registered.
  void AddCleanupTask(std::string name, std::chrono::milliseconds interval,
                      std::function<absl::StatusOr<int64_t>()> task);
  // The same for work other than deleting (notifications: sending what is
  // due): logs "<name>_done" (rows handled, when any) or "<name>_failed"
  // (then retried a minute later).
  void AddPeriodicTask(std::string name, std::chrono::milliseconds interval,
                       std::function<absl::StatusOr<int64_t>()> task);

  // Applies the platform and service migrations (under the advisory lock).
  // Start() does this itself, retrying until the database is reachable;
  // tools that only need the schema call it directly.
  absl::Status ApplyMigrations();

  // Binds the ports and starts everything. Returns the bound gRPC port.
  absl::StatusOr<int> Start();
  // Blocks until SIGTERM or SIGINT (see runtime/signals.h).
  void WaitForTerminationSignal();
  // Graceful shutdown; idempotent.
  void Shutdown();

  bool serving() const { return serving_; }
  // True from the start of Shutdown(): periodic tasks end their work early.
  bool draining() const { return draining_; }
  int admin_port() const { return admin_port_; }

 private:
  std::chrono::milliseconds CheckReadiness();
  absl::Status RunStartupTasks();
  // A cleanup or periodic task, and the events it logs.
  struct PeriodicTask {
    std::string loop;  // the loop's name ("request_keys_cleanup")
    std::string done_event;
    std::string failed_event;
    std::chrono::milliseconds interval;
    std::function<absl::StatusOr<int64_t>()> run;
  };
  std::chrono::milliseconds RunPeriodic(const PeriodicTask& task);
  void SetServing(bool serving);
  void StartEventWorkers();
  void StopEventWorkers();

  const ServiceConfig config_;
  const std::vector<pg::Migration> migrations_;
  std::unique_ptr<pg::Pool> pool_;
  redis::ClientOptions redis_options_;
  std::unique_ptr<redis::Client> readiness_redis_;
  std::vector<grpc::Service*> services_;
  std::vector<std::pair<std::string,
                        std::function<std::unique_ptr<events::BatchHandler>()>>>
      consumer_specs_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<http::AdminServer> admin_;
  std::unique_ptr<runtime::BackgroundLoop> readiness_;
  std::vector<PeriodicTask> periodic_tasks_;
  std::vector<std::unique_ptr<runtime::BackgroundLoop>> periodic_loops_;
  std::unique_ptr<events::Relay> relay_;
  std::vector<std::unique_ptr<events::Consumer>> consumers_;
  std::atomic<bool> migrated_{false};
  std::atomic<bool> serving_{false};
  std::atomic<bool> draining_{false};
  bool last_unready_logged_ = false;
  struct StartupTask {
    std::string name;
    std::function<absl::Status()> run;
  };
  std::vector<StartupTask> startup_tasks_;
  bool started_up_ = false;
  int admin_port_ = 0;
};

}  // namespace jstedu::grpcutil
