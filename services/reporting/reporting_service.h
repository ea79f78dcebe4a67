#pragma once

// The gRPC face of the reporting service (proto/jstedu/reporting/v1):
// reads the caller (grpcutil::CallerOf, which refuses a role the RPC's
// jstedu.api.v1.access option does not declare: the roles are declared
// there only), narrows figures to the caller's region scope (a
// COORDINATOR's voivodeship, a JST's own JST), validates input, counts
// figures from the projections (domain/measures.h, domain/figures.h) and
// writes exports (exports.h).

#include <string>

#include "common/pg/pool.h"
#include "common/time/clock.h"
#include "jstedu/reporting/v1/reporting.grpc.pb.h"
#include "services/reporting/sources.h"
#include "services/reporting/store/export_store.h"
#include "services/reporting/store/figures_store.h"
#include "services/reporting/store/target_store.h"

namespace jstedu::reporting {

class ReportingServiceImpl final
    : public v1::ReportingService::CallbackService {
 public:
  // `hmac_key`: the key of pseudonymised PESELs and of the digests of
  // personal fields kept for diffs (JSTEDU_EXPORT_HMAC_KEY_FILE). `clock`:
  // "now" (count and export times, "today" in Europe/Warsaw); main passes
  // SystemClock().
  ReportingServiceImpl(pg::Pool& pool, Sources& sources, std::string hmac_key,
                       Clock clock)
      : figures_(pool),
        targets_(pool),
        exports_(pool),
        sources_(sources),
        hmac_key_(std::move(hmac_key)),
        clock_(std::move(clock)) {}

  grpc::ServerUnaryReactor* ListIndicators(
      grpc::CallbackServerContext* context,
      const v1::ListIndicatorsRequest* request,
      v1::ListIndicatorsResponse* response) override;
  grpc::ServerUnaryReactor* GetEvidence(
      grpc::CallbackServerContext* context,
      const v1::GetEvidenceRequest* request,
      v1::GetEvidenceResponse* response) override;
  grpc::ServerUnaryReactor* GetProgress(grpc::CallbackServerContext* context,
                                        const v1::GetProgressRequest* request,
                                        v1::Progress* response) override;
  grpc::ServerUnaryReactor* SetIndicatorTarget(
      grpc::CallbackServerContext* context,
      const v1::SetIndicatorTargetRequest* request,
      v1::IndicatorTarget* response) override;
  grpc::ServerUnaryReactor* GetDataQuality(
      grpc::CallbackServerContext* context,
      const v1::GetDataQualityRequest* request,
      v1::DataQualityReport* response) override;
  grpc::ServerUnaryReactor* CreateExport(grpc::CallbackServerContext* context,
                                         const v1::CreateExportRequest* request,
                                         v1::Export* response) override;
  grpc::ServerUnaryReactor* ListExports(
      grpc::CallbackServerContext* context,
      const v1::ListExportsRequest* request,
      v1::ListExportsResponse* response) override;
  grpc::ServerUnaryReactor* GetExport(grpc::CallbackServerContext* context,
                                      const v1::GetExportRequest* request,
                                      v1::Export* response) override;
  grpc::ServerUnaryReactor* GetExportContent(
      grpc::CallbackServerContext* context, const v1::GetExportRequest* request,
      api::v1::HttpBody* response) override;
  grpc::ServerUnaryReactor* GetExportDiff(
      grpc::CallbackServerContext* context,
      const v1::GetExportDiffRequest* request,
      v1::ExportDiff* response) override;
  grpc::ServerUnaryReactor* SubmitExport(grpc::CallbackServerContext* context,
                                         const v1::SubmitExportRequest* request,
                                         v1::Export* response) override;
  grpc::ServerUnaryReactor* Reconcile(grpc::CallbackServerContext* context,
                                      const v1::ReconcileRequest* request,
                                      v1::ReconcileResponse* response) override;

 private:
  // FailedPrecondition IDENTITY_CONFLICTS_OPEN while recruitment has
  // identity conflicts of `edition` for the office to decide.
  absl::Status IdentityConflictsDecided(const grpc::ServerContextBase& context,
                                        const std::string& edition);

  FiguresStore figures_;
  TargetStore targets_;
  ExportStore exports_;
  Sources& sources_;
  const std::string hmac_key_;
  Clock clock_;
};

}  // namespace jstedu::reporting
