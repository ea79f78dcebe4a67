// jstedu-advisory: the advisory service (see README.md).
#include "common/grpc/service_host.h"
#include "common/runtime/signals.h"
#include "services/advisory/advisory_service.h"
#include "services/advisory/migrations.h"

int main() {
  jstedu::runtime::BlockTerminationSignals();
  auto config = jstedu::grpcutil::LoadServiceConfigOrExit("advisory", 50053, 9103);
  jstedu::grpcutil::ServiceHost host(config, jstedu::advisory::Migrations());
  jstedu::advisory::AdvisoryServiceImpl service;
  host.AddService(&service);
  return jstedu::grpcutil::RunUntilTerminated(host);
}
