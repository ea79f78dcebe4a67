#pragma once

// The rules of an attendance mark, as pure functions: the store reads the
// facts under the participants' row locks and calls these in the same
// transaction.
//
// A mark may be recorded only for a participant on the session's roster
// (the session's edition, and its workshop group unless the session is for
// all groups); PRESENT or LATE only once the participant's declaration is
// recorded.

#include <string>
#include <vector>

#include "common/status/errors.h"

namespace jstedu::training {

// What the rules know of the session marked.
struct MarkedSessionFacts {
  std::string edition;
  int workshop_group = 0;  // 0: a session for all groups
};

// What the rules know of the participant marked.
struct MarkedParticipantFacts {
  std::string participant_id;
  bool rostered = false;  // on a workshop group's roster now
  std::string edition;
  int workshop_group = 0;
  bool declaration_recorded = false;
};

// The rules `participant`'s mark breaks (none: it may be recorded), each
// with subject "participants/<id>": NOT_ROSTERED and DECLARATION_MISSING
// (the latter only when `attends`: the mark is PRESENT or LATE).
std::vector<errors::Rule> MarkRules(const MarkedSessionFacts& session,
                                    const MarkedParticipantFacts& participant,
                                    bool attends);

// UNKNOWN_PARTICIPANT: no roster of training holds the participant.
errors::Rule UnknownParticipant(const std::string& participant_id);

}  // namespace jstedu::training
