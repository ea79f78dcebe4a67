#pragma once

// Training's rosters (migrations 0001, 0004) as recruitment's events write
// them: qualified JSTs and their workshop groups, their participants'
// facts, and each edition's period. Every function runs inside the
// consumer's inbox transaction `tx` (roster_projection.h says when each is
// called), so each event takes effect once.

#include <pqxx/transaction_base>
#include <string>

#include "jstedu/events/v1/recruitment_events.pb.h"

namespace jstedu::training::roster {

// `at`: the event's time (RFC 3339). The JST joins its group's roster and
// its team gets the tasks already set in its edition (TaskAssigned each,
// carrying the qualification's `traceparent`).
void QualifyJst(pqxx::transaction_base& tx, const events::v1::JstQualified& jst,
                const std::string& at, const std::string& traceparent);
// Its team leaves the roster; their ids (and marks) stay.
void WithdrawJst(pqxx::transaction_base& tx,
                 const events::v1::JstWithdrawn& jst, const std::string& at);
// Replaces the participant's facts unless newer ones are there; it is
// active on the roster only while their status is PARTICIPANT_ACTIVE.
void RecordParticipant(pqxx::transaction_base& tx,
                       const events::v1::ParticipantFacts& facts,
                       const std::string& at);
// The edition's period as of its update time, unless a newer change is
// there.
void RecordEditionPeriod(pqxx::transaction_base& tx,
                         const events::v1::EditionChanged& edition);

}  // namespace jstedu::training::roster
