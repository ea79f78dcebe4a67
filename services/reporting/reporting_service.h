#pragma once

// The gRPC face of the reporting service. Its RPCs arrive with the reporting issue;
// until then the service is registered (so reflection lists it) and the
// process runs the shared platform: health, migrations, outbox relay,
// metrics, graceful shutdown.

#include "jstedu/reporting/v1/reporting.grpc.pb.h"

namespace jstedu::reporting {

class ReportingServiceImpl final : public v1::ReportingService::Service {};

}  // namespace jstedu::reporting
