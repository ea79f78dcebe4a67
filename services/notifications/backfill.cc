#include "services/notifications/backfill.h"

#include <google/protobuf/util/time_util.h>

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/grpc/status.h"
#include "common/pg/transaction.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/notifications/address_book.h"
#include "services/notifications/store/facts_store.h"

namespace jstedu::notifications {
namespace {

namespace ev = events::v1;
namespace rv1 = recruitment::v1;
namespace tv1 = training::v1;
namespace av1 = advisory::v1;

// `from` as `To`, a record of the same fields and numbers (an owner's API
// record and its events' one: checked by their tests).
template <typename To, typename From>
To SameFields(const From& from) {
  To to;
  to.ParseFromString(from.SerializeAsString());
  return to;
}

// Calls `method` for each page of `request` on the system's own behalf and
// hands every answer to `apply`, in order; the first failure ends it.
template <typename Stub, typename Request, typename Response, typename OnPage>
absl::Status EachPage(Stub& stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                   const Request&, Response*),
                      const char* list, Request request,
                      std::chrono::milliseconds timeout, int page_size,
                      const OnPage& apply) {
  request.set_page_size(page_size);
  while (true) {
    Response response;
    auto context = ServiceCallContext(timeout);
    const grpc::Status status =
        (stub.*method)(context.get(), request, &response);
    if (!status.ok()) {
      const absl::Status failed = grpcutil::FromGrpcStatus(status);
      return absl::Status(failed.code(),
                          absl::StrCat(list, ": ", failed.message()));
    }
    if (absl::Status applied = apply(response); !applied.ok()) return applied;
    if (response.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(response.next_page_token());
  }
}

using Apply =
    std::function<void(pqxx::transaction_base&, const FactsStore&, Replans&)>;

// One page's facts in one transaction, re-planned at its end (as a batch
// of events is).
absl::Status ApplyPage(pg::Pool& pool, const Planner& planner,
                       const Apply& apply) {
  return pg::RunInTransaction(pool, [&](pqxx::transaction_base& tx) {
    const FactsStore facts(planner);
    Replans replans;
    apply(tx, facts, replans);
    planner.Replan(tx, replans);
    return absl::OkStatus();
  });
}

google::protobuf::Timestamp ProtoTime(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(t));
}

ev::CaseRef RefOf(const av1::CaseFacts& c) {
  ev::CaseRef ref;
  ref.set_case_id(c.case_id());
  ref.set_edition(c.edition());
  ref.set_application_id(c.application_id());
  ref.set_teryt(c.teryt());
  ref.set_voivodeship(c.voivodeship());
  ref.set_version(c.version());
  return ref;
}

// A case as its events would leave it: its stage, its experts (no
// handover: that notice is news only when it happens), closed if
// withdrawn.
void ApplyCase(pqxx::transaction_base& tx, const FactsStore& facts,
               const av1::CaseFacts& c, Replans& replans) {
  const ev::CaseRef ref = RefOf(c);
  facts.CaseStage(tx, ref, av1::Stage_Name(c.stage()), c.stage_due_on(),
                  replans);
  if (!c.guardian().empty()) {
    ev::CaseExpertsAssigned experts;
    *experts.mutable_case_() = ref;
    experts.set_guardian(c.guardian());
    experts.set_guardian_subject(c.guardian_subject());
    experts.set_education_expert(c.education_expert());
    experts.set_education_expert_subject(c.education_expert_subject());
    experts.set_personnel_expert(c.personnel_expert());
    experts.set_personnel_expert_subject(c.personnel_expert_subject());
    facts.CaseExperts(tx, experts, replans);
  }
  if (c.stage() == av1::WITHDRAWN) facts.CaseClosed(tx, ref, replans);
}

// A module with its trainers and sign-ups, as its events would leave it.
void ApplyModule(pqxx::transaction_base& tx, const FactsStore& facts,
                 const tv1::ModuleFactsEntry& entry, Replans& replans) {
  const auto module = SameFields<ev::ModuleFacts>(entry.module());
  facts.Module(tx, module, replans);
  for (const std::string& trainer : entry.trainers()) {
    ev::SessionScheduled session;
    session.set_module_id(module.module_id());
    session.set_edition(module.edition());
    session.set_trainer(trainer);
    facts.Session(tx, session, replans);
  }
  for (const std::string& participant : entry.signed_up()) {
    ev::ModuleSignupMade signup;
    signup.set_module_id(module.module_id());
    signup.set_edition(module.edition());
    signup.set_participant_id(participant);
    facts.Signup(tx, signup, replans);
  }
}

}  // namespace

Backfill::Backfill(pg::Pool& pool, const Planner& planner,
                   std::shared_ptr<grpc::ChannelInterface> recruitment,
                   std::shared_ptr<grpc::ChannelInterface> training,
                   std::shared_ptr<grpc::ChannelInterface> advisory,
                   std::chrono::milliseconds timeout, Clock clock,
                   int page_size)
    : pool_(pool),
      planner_(planner),
      recruitment_(rv1::RecruitmentService::NewStub(std::move(recruitment))),
      training_(tv1::TrainingService::NewStub(std::move(training))),
      advisory_(av1::AdvisoryService::NewStub(std::move(advisory))),
      timeout_(timeout),
      clock_(std::move(clock)),
      page_size_(page_size) {}

absl::StatusOr<BackfillCounts> Backfill::Run() {
  // Before the first read: an event about a participant after this instant
  // wins over what the backfill reads.
  const absl::Time began = clock_();
  BackfillCounts counts;
  if (absl::Status s = Accounts(counts); !s.ok()) return s;
  std::vector<std::string> editions;
  if (absl::Status s = Editions(editions, counts); !s.ok()) return s;
  for (const std::string& code : editions) {
    if (absl::Status s = Edition(code, began, counts); !s.ok()) return s;
  }
  auto digests = pg::RunInTransactionFor<int>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<int> {
        return planner_.PlanDigests(tx);
      });
  if (!digests.ok()) return digests.status();
  counts.digests = *digests;
  return counts;
}

absl::Status Backfill::Accounts(BackfillCounts& counts) {
  return EachPage(
      *recruitment_, &rv1::RecruitmentService::Stub::ListAccountRoles,
      "recruitment ListAccountRoles", {}, timeout_, page_size_,
      [&](const rv1::ListAccountRolesResponse& page) {
        counts.accounts += page.roles_size();
        return ApplyPage(pool_, planner_, [&](auto& tx, auto& facts, auto&) {
          for (const rv1::AccountRole& r : page.roles()) {
            ev::AccountContactChanged changed;
            changed.set_subject(r.subject());
            changed.set_role(r.role());
            changed.set_voivodeship(r.voivodeship());
            *changed.mutable_update_time() = r.update_time();
            facts.StaffAccount(tx, changed);
          }
        });
      });
}

absl::Status Backfill::Editions(std::vector<std::string>& codes,
                                BackfillCounts& counts) {
  return EachPage(
      *recruitment_, &rv1::RecruitmentService::Stub::ListEditionFacts,
      "recruitment ListEditionFacts", {}, timeout_, page_size_,
      [&](const rv1::ListEditionsResponse& page) {
        counts.editions += page.editions_size();
        for (const rv1::Edition& e : page.editions()) codes.push_back(e.code());
        return ApplyPage(pool_, planner_, [&](auto& tx, auto& facts, auto&) {
          for (const rv1::Edition& e : page.editions()) {
            ev::EditionChanged changed;
            changed.set_code(e.code());
            changed.set_min_representatives(e.min_representatives());
            *changed.mutable_update_time() = e.update_time();
            facts.Edition(tx, changed);
          }
        });
      });
}

absl::Status Backfill::Edition(const std::string& code, absl::Time began,
                               BackfillCounts& counts) {
  // The JSTs first, then their people, the modules and tasks that plan
  // reminders for them, and the cases: each page re-plans what it changed.
  rv1::ListApplicationDecisionsRequest decisions;
  decisions.set_edition(code);
  absl::Status s = EachPage(
      *recruitment_, &rv1::RecruitmentService::Stub::ListApplicationDecisions,
      "recruitment ListApplicationDecisions", decisions, timeout_, page_size_,
      [&](const rv1::ListApplicationDecisionsResponse& page) {
        counts.decisions += page.decisions_size();
        return ApplyPage(pool_, planner_,
                         [&](auto& tx, auto& facts, auto& replans) {
                           for (const auto& d : page.decisions())
                             facts.Decided(tx, d, replans);
                         });
      });
  if (!s.ok()) return s;

  // The people of every application: a JST waiting or not decided yet may
  // qualify later, and its JstQualified does not announce them again.
  rv1::ListParticipantFactsRequest participants;
  participants.set_edition(code);
  participants.set_every_application(true);
  const google::protobuf::Timestamp as_of = ProtoTime(began);
  s = EachPage(
      *recruitment_, &rv1::RecruitmentService::Stub::ListParticipantFacts,
      "recruitment ListParticipantFacts", participants, timeout_, page_size_,
      [&](const rv1::ListParticipantFactsResponse& page) {
        counts.participants += page.participants_size();
        return ApplyPage(
            pool_, planner_, [&](auto& tx, auto& facts, auto& replans) {
              for (const auto& p : page.participants()) {
                facts.Participant(tx, SameFields<ev::ParticipantFacts>(p),
                                  as_of, replans);
              }
            });
      });
  if (!s.ok()) return s;

  tv1::ListModuleFactsRequest modules;
  modules.set_edition(code);
  s = EachPage(*training_, &tv1::TrainingService::Stub::ListModuleFacts,
               "training ListModuleFacts", modules, timeout_, page_size_,
               [&](const tv1::ListModuleFactsResponse& page) {
                 counts.modules += page.modules_size();
                 return ApplyPage(pool_, planner_,
                                  [&](auto& tx, auto& facts, auto& replans) {
                                    for (const auto& m : page.modules())
                                      ApplyModule(tx, facts, m, replans);
                                  });
               });
  if (!s.ok()) return s;

  tv1::ListTaskFactsRequest tasks;
  tasks.set_edition(code);
  s = EachPage(*training_, &tv1::TrainingService::Stub::ListTaskFacts,
               "training ListTaskFacts", tasks, timeout_, page_size_,
               [&](const tv1::ListTaskFactsResponse& page) {
                 counts.tasks += page.tasks_size();
                 return ApplyPage(
                     pool_, planner_,
                     [&](auto& tx, auto& facts, auto& replans) {
                       for (const auto& t : page.tasks()) {
                         facts.Task(tx, SameFields<ev::TaskFacts>(t), replans);
                       }
                     });
               });
  if (!s.ok()) return s;

  av1::ListCaseFactsRequest cases;
  cases.set_edition(code);
  return EachPage(*advisory_, &av1::AdvisoryService::Stub::ListCaseFacts,
                  "advisory ListCaseFacts", cases, timeout_, page_size_,
                  [&](const av1::ListCaseFactsResponse& page) {
                    counts.cases += page.cases_size();
                    return ApplyPage(pool_, planner_,
                                     [&](auto& tx, auto& facts, auto& replans) {
                                       for (const auto& c : page.cases())
                                         ApplyCase(tx, facts, c, replans);
                                     });
                  });
}

}  // namespace jstedu::notifications
