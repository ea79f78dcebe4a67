#pragma once

// Training's rosters (migrations 0001, 0004) as recruitment's events write
// them: qualified JSTs and their workshop groups, their participants'
// facts, and each edition's period. Every function runs inside the
// consumer's inbox transaction `tx` (roster_projection.h says when each is
// called), so each event takes effect once.

#include <pqxx/transaction_base>
#include <string>

namespace jstedu::training::roster {

struct QualifiedJst {
  std::string application_id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
  std::string jst_kind;  // recruitment's JstKind name
  int workshop_group = 0;
};

struct WithdrawnJst {
  std::string application_id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
};

// A participant's facts, a whole snapshot.
struct ParticipantFacts {
  std::string participant_id;
  std::string application_id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
  std::string sex;  // recruitment's Sex name
  int age_at_start = 0;
  std::string target_group;  // recruitment's TargetGroup name
  bool active = false;       // PARTICIPANT_ACTIVE
  bool declaration_recorded = false;
  std::string participation_start;  // YYYY-MM-DD
  std::string participation_end;    // YYYY-MM-DD or ""
};

// `at`: the event's time (RFC 3339). The JST joins its group's roster and
// its team gets the tasks already set in its edition.
void QualifyJst(pqxx::transaction_base& tx, const QualifiedJst& jst,
                const std::string& at);
// Its team leaves the roster; their ids (and marks) stay.
void WithdrawJst(pqxx::transaction_base& tx, const WithdrawnJst& jst,
                 const std::string& at);
// Replaces the participant's facts unless newer ones are there.
void RecordParticipant(pqxx::transaction_base& tx,
                       const ParticipantFacts& facts, const std::string& at);
// The edition's period (dates YYYY-MM-DD) as of `update_time` (RFC 3339),
// unless a newer change is there.
void RecordEditionPeriod(pqxx::transaction_base& tx, const std::string& edition,
                         const std::string& starts_on,
                         const std::string& ends_on,
                         const std::string& update_time);

}  // namespace jstedu::training::roster
