#pragma once

// Whose a PESEL is within an edition: the identity state of a participant
// record, and the rules that set it (services/recruitment/README.md,
// "Identity conflicts").
//
// A JST must learn nothing about other JSTs' people, so a PESEL another
// JST's record already holds is accepted like any other; the new record
// awaits the programme office (kAwaitingOffice) and is, for every purpose a
// JST or coordinator can see, an ordinary participant (counted
// provisionally); only the ministry exports wait until the office decides.
// PESEL is a strong but not absolute key (numbers have been issued twice), so
// the office may also find two people. The JST's own duplicates reveal nothing
// about others and are refused.
//
// Pure functions. The store applies them under a lock on the PESEL in the
// edition, so the facts they are given cannot change meanwhile; a unique
// index (one kConfirmed record per PESEL and edition) backs them.

#include <string>

#include "absl/status/status.h"
#include "services/recruitment/domain/application.h"

namespace jstedu::recruitment {

enum class Identity {
  // The record of its PESEL in the edition (at most one: a unique index).
  // Also every record without a PESEL.
  kConfirmed,
  // Awaiting the office: another JST's record holds the PESEL. Counted
  // like kConfirmed (provisionally); the edition's ministry exports are
  // refused while any such record waits (its open conflict).
  kAwaitingOffice,
  // The office found two people with one PESEL: counted.
  kSharedPesel,
  // The office found the person moved to another JST's team: its
  // participation ended then; counted as an ended participation.
  kSuperseded,
  // The office found the PESEL mistyped: counted nowhere until the PESEL
  // is corrected.
  kPeselRejected,
};

// "CONFIRMED", "AWAITING_OFFICE", "SHARED_PESEL", "SUPERSEDED",
// "PESEL_REJECTED" (as stored).
const char* IdentityName(Identity identity);
bool ParseIdentity(const std::string& name, Identity* identity);

// Whether the record counts: in its events' status, the exports, the
// qualification rules and the training roster.
bool Counted(Identity identity);

// Whether the record holds its PESEL: a new record of another JST with
// the same number conflicts with it.
bool HoldsPesel(Identity identity);

// Who else has a PESEL being stored in an edition (the record itself
// aside), as the store found it under the lock.
struct PeselHolders {
  // A record of the same application (one whose PESEL was rejected aside).
  bool own_application = false;
  // A record of another application that holds it (HoldsPesel).
  bool other_application = false;
};

enum class Registration {
  kOwnDuplicate,    // refused: ALREADY_EXISTS, naming the field
  kConfirmed,       // stored as kConfirmed
  kAwaitingOffice,  // stored as kAwaitingOffice, with an open conflict
};

// What storing a PESEL (a new record, or a record's changed number) does.
Registration Register(const PeselHolders& holders);

enum class Decision { kSamePersonMoved, kMistyped, kDistinctPeople };

// "SAME_PERSON_MOVED", "MISTYPED", "DISTINCT_PEOPLE" (as stored, and the
// API's IdentityDecision names).
const char* DecisionName(Decision decision);

// What the office's decision does to a conflict's two records.
struct DecisionEffect {
  // The held-back record's new state.
  Identity claimant = Identity::kAwaitingOffice;
  // The holder's participation ends (if it has not) and it becomes
  // kSuperseded.
  bool supersede_holder = false;
};

// The conflict's facts when it is decided: whether the holder still holds
// the claimant's PESEL (it may have changed its number since), whether as
// kConfirmed, and whether another record than the holder is kConfirmed
// with it.
struct ConflictFacts {
  bool holder_holds = false;
  bool holder_confirmed = false;
  bool confirmed_elsewhere = false;
};

DecisionEffect Decide(Decision decision, const ConflictFacts& facts);

// The guards of the office's decisions and exports, returning exactly the
// error the store answers (FailedPrecondition with a
// google.rpc.PreconditionFailure naming the rule).

// CONFLICT_OPEN: a conflict is decided once; `decided` is the decision
// already recorded ("" while open).
absl::Status ConflictOpen(const std::string& id, const std::string& decided);

// CLAIMANT_TAKES_PART: SAME_PERSON_MOVED ends the holder's participation
// for the claimant's, so the claimant must take part: active, and its
// application neither WITHDRAWN nor REJECTED.
absl::Status ClaimantTakesPart(const std::string& claimant_id,
                               bool claimant_active,
                               ApplicationStatus application);

// IDENTITY_CONFLICTS_OPEN: no ministry export while the office has `open`
// conflicts of the edition to decide (a record awaiting it may be a
// duplicate of another JST's).
absl::Status ConflictsDecided(const std::string& edition, int open);

}  // namespace jstedu::recruitment
