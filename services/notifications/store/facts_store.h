#pragma once

// The facts notifications keeps from the other services' events
// (migration 0001), and what each event makes it re-plan or send at once.
// Every method runs inside the consumer's inbox transaction, so each event
// takes effect once, and first takes the edition's lock (two replicas
// never re-plan one edition at the same time). Each upsert is
// order-tolerant: a participant's newest event time, a module's or task's
// highest revision, a case's highest version for its stage and for its
// experts win; a late or repeated event changes nothing and re-plans
// nothing.
//
// Thread-safety: stateless apart from the planner; call from any thread
// with that thread's transaction.

#include <google/protobuf/timestamp.pb.h>

#include <pqxx/transaction_base>

#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/notifications/store/planner.h"

namespace jstedu::notifications {

class FactsStore {
 public:
  explicit FactsStore(const Planner& planner) : planner_(planner) {}

  // -- recruitment: the JST's decision goes to its contact at once
  // (`event_id` tells repeated decisions apart).
  void Qualified(pqxx::transaction_base& tx, const events::v1::JstQualified& e,
                 const std::string& event_id, Replans& replans) const;
  void Waitlisted(pqxx::transaction_base& tx,
                  const events::v1::JstWaitlisted& e,
                  const std::string& event_id) const;
  // A decision as it stands now (the backfill: recruitment's
  // ListApplicationDecisions): the JST's facts as its decision events would
  // leave them, and no notice (a decision is news only when it is made).
  void Decided(pqxx::transaction_base& tx,
               const recruitment::v1::ApplicationDecision& d,
               Replans& replans) const;
  // Everything scheduled about the JST is cancelled.
  void Withdrawn(pqxx::transaction_base& tx, const events::v1::JstWithdrawn& e,
                 Replans& replans) const;
  void Participant(pqxx::transaction_base& tx,
                   const events::v1::ParticipantFacts& p,
                   const google::protobuf::Timestamp& occurred_at,
                   Replans& replans) const;
  // The edition's minimum of active representatives (the digest's JSTs
  // below it).
  void Edition(pqxx::transaction_base& tx,
               const events::v1::EditionChanged& e) const;
  // A staff account's role and voivodeship: a coordinator's digest is
  // planned, moved to its new voivodeship or cancelled.
  void StaffAccount(pqxx::transaction_base& tx,
                    const events::v1::AccountContactChanged& e) const;

  // -- training
  void Module(pqxx::transaction_base& tx, const events::v1::ModuleFacts& m,
              Replans& replans) const;
  void Session(pqxx::transaction_base& tx,
               const events::v1::SessionScheduled& s, Replans& replans) const;
  void Signup(pqxx::transaction_base& tx, const events::v1::ModuleSignupMade& s,
              Replans& replans) const;
  void Task(pqxx::transaction_base& tx, const events::v1::TaskFacts& t,
            Replans& replans) const;

  // -- advisory
  void CaseStage(pqxx::transaction_base& tx, const events::v1::CaseRef& ref,
                 const std::string& stage, const std::string& stage_due_on,
                 Replans& replans) const;
  // A handover sends a notice at once to the experts leaving and joining.
  void CaseExperts(pqxx::transaction_base& tx,
                   const events::v1::CaseExpertsAssigned& e,
                   Replans& replans) const;
  void CaseClosed(pqxx::transaction_base& tx, const events::v1::CaseRef& ref,
                  Replans& replans) const;

 private:
  // The facts of a qualification (Qualified without its notice).
  void RecordQualified(pqxx::transaction_base& tx,
                       const events::v1::JstQualified& e,
                       Replans& replans) const;

  const Planner& planner_;
};

}  // namespace jstedu::notifications
