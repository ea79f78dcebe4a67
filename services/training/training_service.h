#pragma once

// The gRPC face of the training service. Its RPCs arrive with the training issue;
// until then the service is registered (so reflection lists it) and the
// process runs the shared platform: health, migrations, outbox relay,
// metrics, graceful shutdown.

#include "jstedu/training/v1/training.grpc.pb.h"

namespace jstedu::training {

class TrainingServiceImpl final : public v1::TrainingService::Service {};

}  // namespace jstedu::training
