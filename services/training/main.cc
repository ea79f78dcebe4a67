// jstedu-training: the training service (see README.md).
#include "common/grpc/service_host.h"
#include "common/runtime/signals.h"
#include "services/training/roster_projection.h"
#include "services/training/training_service.h"
#include "services/training/migrations.h"

int main() {
  jstedu::runtime::BlockTerminationSignals();
  auto config = jstedu::grpcutil::LoadServiceConfigOrExit("training", 50052, 9102);
  jstedu::grpcutil::ServiceHost host(config, jstedu::training::Migrations());
  jstedu::training::TrainingServiceImpl service;
  host.AddService(&service);
  // Rosters follow recruitment (qualified JSTs and their representatives).
  host.AddConsumer("recruitment", jstedu::training::ApplyRecruitmentEvent);
  return jstedu::grpcutil::RunUntilTerminated(host);
}
