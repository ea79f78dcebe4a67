#pragma once

// The gRPC face of the advisory service. Its RPCs arrive with the advisory issue;
// until then the service is registered (so reflection lists it) and the
// process runs the shared platform: health, migrations, outbox relay,
// metrics, graceful shutdown.

#include "jstedu/advisory/v1/advisory.grpc.pb.h"

namespace jstedu::advisory {

class AdvisoryServiceImpl final : public v1::AdvisoryService::Service {};

}  // namespace jstedu::advisory
