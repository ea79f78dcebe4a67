#include "services/training/domain/attendance_rules.h"

#include "absl/strings/str_cat.h"

namespace jstedu::training {

std::vector<errors::Rule> MarkRules(const MarkedSessionFacts& session,
                                    const MarkedParticipantFacts& participant,
                                    bool attends) {
  std::vector<errors::Rule> rules;
  const std::string subject =
      absl::StrCat("participants/", participant.participant_id);
  const int group = session.workshop_group;
  if (!participant.rostered || participant.edition != session.edition ||
      (group != 0 && group != participant.workshop_group)) {
    rules.push_back(
        {"NOT_ROSTERED", subject,
         absl::StrCat("participant ", participant.participant_id,
                      " is not on the roster of this session (edition ",
                      session.edition, ", group ",
                      group == 0 ? std::string("all") : absl::StrCat(group),
                      ")")});
  }
  if (attends && !participant.declaration_recorded) {
    rules.push_back(
        {"DECLARATION_MISSING", subject,
         absl::StrCat("participant ", participant.participant_id,
                      " may not be marked present: their declaration is not "
                      "recorded")});
  }
  return rules;
}

errors::Rule UnknownParticipant(const std::string& participant_id) {
  return {"UNKNOWN_PARTICIPANT", absl::StrCat("participants/", participant_id),
          absl::StrCat("participant ", participant_id,
                       " is not known to training (no roster holds them)")};
}

}  // namespace jstedu::training
