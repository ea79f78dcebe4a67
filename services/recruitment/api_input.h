#pragma once

// Checks of API input that need the proto messages, and the mapping of
// domain violations to API field paths (lowerCamelCase, as the JSON the
// gateway speaks: "participant.firstName", "representatives[2].pesel").
//
// Thread-safety: pure functions.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/status/errors.h"
#include "common/status/ids.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/institution.h"
#include "services/recruitment/domain/participant.h"
#include "services/recruitment/domain/participant_csv.h"

namespace jstedu::recruitment {

// Every problem of a complete edition (create, or the result of an update),
// with paths under `prefix` ("edition"): besides each field's own form,
// every date relation that must hold — endsOn not before startsOn,
// recruitmentClosesAt after recruitmentOpensAt, and the recruitment window
// within the edition (opens on startsOn or later, closes by the end of
// endsOn, Europe/Warsaw days).
std::vector<errors::FieldProblem> EditionProblems(const v1::Edition& edition,
                                                  const std::string& prefix);

// The updatable fields of an edition (UpdateEdition's update_mask).
bool IsUpdatableEditionField(const std::string& path);
// The updatable fields of a participant (UpdateParticipant's update_mask).
bool IsUpdatableParticipantField(const std::string& path);

// A participant message as domain input (enum names; UNSPECIFIED = "").
ParticipantInput InputFromProto(const v1::Participant& participant);
// Validates an institution block into *out, adding its problems under
// "institution." ("institution.nip").
void ValidateInstitutionBlock(const v1::Institution& institution,
                              InstitutionData* out,
                              std::vector<errors::FieldProblem>* problems);
// Copies the masked fields of `from` (proto field names) into `into`. A
// changed PESEL lets sex and birth date be derived again unless the mask
// sets them too.
void ApplyMask(const v1::Participant& from,
               const std::vector<std::string>& paths, ParticipantInput* into);

// "pesel" under "participant" → "participant.pesel";
// "declaration_signed_on" → "participant.declaration.signedOn".
std::string FieldPath(const std::string& prefix, const std::string& field);
void AddViolations(const std::string& prefix,
                   const std::vector<FieldViolation>& violations,
                   std::vector<errors::FieldProblem>* problems);

// The CSV reader's problems as API problems ("line 12, column pesel").
using csv::ImportProblems;

// A reason text (rejection, withdrawal, …): 1..500 characters after
// trimming; "" when fine, else the problem.
std::string ReasonProblem(const std::string& text);

// True for a canonical UUID text (8-4-4-4-12 hex digits).
using ids::IsUuid;

}  // namespace jstedu::recruitment
