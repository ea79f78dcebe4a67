// jstedu-recruitment: the recruitment service.
//
//   jstedu-recruitment                        serve gRPC (see README.md)
//   jstedu-recruitment load-registry FILE     load a TERC register file
//   jstedu-recruitment seed-editions FILE     create the editions of a JSON
//                                             file ({"editions": [Edition…]})
//                                             that do not exist yet
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "common/events/migrations.h"
#include "common/grpc/service_host.h"
#include "common/log/log.h"
#include "common/metrics/build_revision.h"
#include "common/pg/status.h"
#include "common/runtime/signals.h"
#include "common/status/errors.h"
#include "common/time/civil_time.h"
#include "common/time/clock.h"
#include "services/recruitment/api_input.h"
#include "services/recruitment/migrations.h"
#include "services/recruitment/recruitment_service.h"
#include "services/recruitment/registry_loader.h"
#include "services/recruitment/store/edition_store.h"
#include "services/recruitment/store/registry_store.h"

namespace {

constexpr char kName[] = "recruitment";
constexpr int kGrpcPort = 50051;
constexpr int kAdminPort = 9101;

int LoadRegistry(const std::string& path) {
  // A one-off command: it serves no call, so needs no principal key.
  auto config = jstedu::grpcutil::LoadServiceConfigOrExit(
      kName, kGrpcPort, kAdminPort, /*serves_calls=*/false);
  jstedu::grpcutil::ServiceHost host(config, jstedu::recruitment::Migrations());
  absl::Status status = host.ApplyMigrations();
  if (!status.ok()) {
    jstedu::log::Error("registry_load_failed",
                       {{"error", jstedu::pg::LogText(status)}});
    return 1;
  }
  jstedu::recruitment::RegistryStore store(host.pool());
  auto summary = jstedu::recruitment::LoadRegisterFile(store, path);
  if (!summary.ok()) {
    jstedu::log::Error("registry_load_failed",
                       {{"error", jstedu::pg::LogText(summary.status())}});
    return 1;
  }
  jstedu::log::Info("registry_loaded",
                    {{"file", path},
                     {"jsts", summary->rows_in_file},
                     {"inserted", summary->inserted},
                     {"updated", summary->updated},
                     {"unchanged", summary->unchanged},
                     {"missing_from_file", summary->missing_from_file}});
  return 0;
}

// Creates each edition of the file that does not exist yet; existing ones
// are left as the office edited them, and their facts are published again
// (EditionChanged, unchanged update time: a no-op for consumers that have
// them, and how editions made before the event existed reach reporting).
int SeedEditions(const std::string& path) {
  // A one-off command: it serves no call, so needs no principal key.
  auto config = jstedu::grpcutil::LoadServiceConfigOrExit(
      kName, kGrpcPort, kAdminPort, /*serves_calls=*/false);
  jstedu::grpcutil::ServiceHost host(config, jstedu::recruitment::Migrations());
  absl::Status status = host.ApplyMigrations();
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  jstedu::recruitment::v1::ListEditionsResponse seeds;
  if (status.ok() && !file)
    status = absl::NotFoundError("cannot read the file");
  if (status.ok()) {
    auto parsed =
        google::protobuf::util::JsonStringToMessage(text.str(), &seeds);
    if (!parsed.ok()) status = absl::InvalidArgumentError(parsed.ToString());
  }
  jstedu::recruitment::EditionStore store(host.pool(), jstedu::SystemClock());
  const jstedu::recruitment::Actor seeder{
      "seed-editions", "ADMIN", "",
      jstedu::ProgrammeDay(jstedu::SystemClock()())};
  int created = 0;
  for (const auto& edition : seeds.editions()) {
    if (!status.ok()) break;
    auto problems =
        jstedu::recruitment::EditionProblems(edition, edition.code());
    if (!problems.empty()) {
      status = jstedu::errors::InvalidFields(problems);
      break;
    }
    auto result = store.CreateEdition(edition, seeder);
    if (result.ok()) ++created;
    if (!result.ok() && !absl::IsAlreadyExists(result.status()))
      status = result.status();
    if (absl::IsAlreadyExists(result.status())) {
      status = store.RepublishEdition(edition.code(), seeder);
    }
  }
  if (!status.ok()) {
    jstedu::log::Error(
        "seed_editions_failed",
        {{"file", path}, {"error", std::string(status.message())}});
    return 1;
  }
  jstedu::log::Info("editions_seeded", {{"file", path},
                                        {"in_file", seeds.editions_size()},
                                        {"created", created}});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The operators' commands (docs/operations.md).
  if (auto status =
          jstedu::grpcutil::RunOperatorCommand(argc, argv, "recruitment")) {
    return *status;
  }
  if (argc == 3 && std::string(argv[1]) == "load-registry") {
    return LoadRegistry(argv[2]);
  }
  if (argc == 3 && std::string(argv[1]) == "seed-editions") {
    return SeedEditions(argv[2]);
  }
  if (jstedu::config::AskedForEnvNames(argc, argv)) {
    return jstedu::config::PrintEnvNames(
        [](jstedu::config::Env& env) {
          jstedu::grpcutil::ReadServiceConfig(env, kName, kGrpcPort,
                                              kAdminPort);
        },
        std::cout);
  }
  if (argc != 1) {
    std::cerr << "usage: jstedu-recruitment [load-registry FILE | "
                 "seed-editions FILE | --env-vars]\n";
    return 2;
  }
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit(kName, kGrpcPort, kAdminPort);
  config.revision = jstedu::metrics::BuildRevision();
  jstedu::grpcutil::ServiceHost host(config, jstedu::recruitment::Migrations());
  const jstedu::Clock clock = jstedu::SystemClock();
  jstedu::recruitment::Stores stores(host.pool(), clock);
  jstedu::recruitment::RecruitmentServiceImpl service(stores, clock);
  host.AddService(&service);
  // Facts a newer rule changed reach the consumers before serving.
  host.AddStartupTask(
      "republish_stale_facts", [&stores, &clock]() -> absl::Status {
        const jstedu::recruitment::Actor system{
            "recruitment-start", "SYSTEM", "", jstedu::ProgrammeDay(clock())};
        auto published = stores.participants.RepublishStaleFacts(system);
        if (!published.ok()) return published.status();
        if (*published > 0) {
          jstedu::log::Info("participant_facts_republished",
                            {{"participants", *published}});
        }
        return absl::OkStatus();
      });
  return jstedu::grpcutil::RunUntilTerminated(host);
}
