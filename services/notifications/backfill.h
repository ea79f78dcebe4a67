#pragma once

// The backfill (`jstedu-notifications backfill`, docs/operations.md): the
// facts of a deployment older than the event streams' retention, read from
// their owners as they stand now and applied as the events would have left
// them, then the schedule planned from them.
//
// Pulled, not re-published: the streams are shared, and reporting and
// training are idempotent per event, not per fact (a second JstQualified
// would be a second qualification to them). Each owner answers a
// SERVICE-only list with no personal data, called on the system's own
// behalf (address_book.h, ServiceCallContext):
//
//   recruitment  ListAccountRoles (whom the digests go to),
//                ListEditionFacts (each edition's minimum), then per
//                edition ListApplicationDecisions and ListParticipantFacts
//                (the people of every application: one waiting now may
//                qualify later)
//   training     ListModuleFacts (modules, trainers, sign-ups) and
//                ListTaskFacts
//   advisory     ListCaseFacts (stage, due day, experts and their subjects)
//
// Each page is applied in one transaction through FactsStore, as a batch
// of events is (the edition's lock, order-tolerant upserts), and re-planned
// at its end (store/planner.h); the digests last (Planner::PlanDigests).
// A snapshot loses to anything newer: modules, tasks and cases by their
// revision or version, the directory and editions by their update time,
// participants by the instant the backfill began (an event after it wins).
// No notice that goes at once is planned (decisions, handovers: news only
// when they happen). Safe to run again and while the consumers run: what
// is already known changes no row of the schedule (participants are
// written again, their instant being newer, and their JSTs re-planned to
// the same rows). Run it once the service has consumed what the streams
// still hold: a handover not yet consumed would then be older than the
// case's version the backfill stored, and its notice would not be planned.
//
// Thread-compatible: one run at a time per object.

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "common/time/clock.h"
#include "jstedu/advisory/v1/advisory.grpc.pb.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "jstedu/training/v1/training.grpc.pb.h"
#include "services/notifications/store/planner.h"

namespace jstedu::notifications {

// What one run read (each owner's rows, every page).
struct BackfillCounts {
  int accounts = 0;
  int editions = 0;
  int decisions = 0;
  int participants = 0;
  int modules = 0;
  int tasks = 0;
  int cases = 0;
  // Digests the final plan scheduled.
  int digests = 0;
};

class Backfill {
 public:
  Backfill(pg::Pool& pool, const Planner& planner,
           std::shared_ptr<grpc::ChannelInterface> recruitment,
           std::shared_ptr<grpc::ChannelInterface> training,
           std::shared_ptr<grpc::ChannelInterface> advisory,
           std::chrono::milliseconds timeout, Clock clock,
           int page_size = kMaxPageSize);

  // The owners' largest page (one paging rule for every list).
  static constexpr int kMaxPageSize = 500;

  // Reads every owner's facts and applies them; the first owner's error or
  // database failure ends the run (what was applied stays: running again
  // finishes it).
  absl::StatusOr<BackfillCounts> Run();

 private:
  absl::Status Accounts(BackfillCounts& counts);
  absl::Status Editions(std::vector<std::string>& codes,
                        BackfillCounts& counts);
  absl::Status Edition(const std::string& code, absl::Time began,
                       BackfillCounts& counts);

  pg::Pool& pool_;
  const Planner& planner_;
  std::unique_ptr<recruitment::v1::RecruitmentService::Stub> recruitment_;
  std::unique_ptr<training::v1::TrainingService::Stub> training_;
  std::unique_ptr<advisory::v1::AdvisoryService::Stub> advisory_;
  const std::chrono::milliseconds timeout_;
  Clock clock_;
  // Rows asked for per page (1..kMaxPageSize; tests use small pages).
  const int page_size_;
};

}  // namespace jstedu::notifications
