// jstedu-reporting: the reporting service (see README.md).
#include "common/grpc/service_host.h"
#include "common/runtime/signals.h"
#include "services/reporting/reporting_service.h"
#include "services/reporting/migrations.h"

int main() {
  jstedu::runtime::BlockTerminationSignals();
  auto config = jstedu::grpcutil::LoadServiceConfigOrExit("reporting", 50054, 9104);
  jstedu::grpcutil::ServiceHost host(config, jstedu::reporting::Migrations());
  jstedu::reporting::ReportingServiceImpl service;
  host.AddService(&service);
  return jstedu::grpcutil::RunUntilTerminated(host);
}
