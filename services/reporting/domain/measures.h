#pragma once

// The measures: the record sets every indicator is counted from. One
// function computes them from facts, whichever side the facts come from:
// the projections (fed by events) for figures and evidence, or the source
// services' own records for reconciliation. So a figure and its recount can
// differ only when the facts differ, and reconciliation shows which.
//
// Rules (facts of one edition):
//   JST_SUPPORTED        an application qualified and not withdrawn;
//                        dated the day of qualification
//   OFFICIALS_SUPPORTED  a counted participant (StandingOf below); dated
//                        the participation start
//   OFFICIALS_TRAINED    an OFFICIALS_SUPPORTED participant who met the
//                        completion rule; dated the completion
//   OFFICIALS_INCOMPLETE a started participant whose EU-monitoring record is
//                        incomplete: counted nowhere, listed by the
//                        data-quality view until fixed (no indicator is
//                        defined on it); dated the participation start
//   PLANS_ADOPTED        a JST whose case has its plan adopted and was not
//                        closed by a withdrawal during the workflow (as
//                        advisory rules: a withdrawal after COMPLETED leaves
//                        the adopted plan standing); dated the adoption;
//                        record id = application id
//   JST_BELOW_MINIMUM    a supported JST with fewer ACTIVE representatives
//                        than the edition's minimum; dated the qualification
//   JST_TRAINED_BELOW_MINIMUM  a supported JST with fewer OFFICIALS_TRAINED
//                        than the edition's minimum; dated the qualification
//   STAGE_<stage>        a case in that stage now; dated its opening
//   OFFICIALS_IN_NETWORKS  a counted participant (StandingOf) ever a member
//                        of a thematic or the cooperation network; dated
//                        the first joining (issue 24)
//   EXCHANGE_GROUP_REPRESENTATIVES  the same for exchange groups
//   NETWORK_MEETINGS     a meeting of a thematic or the cooperation network
//                        (its latest revision); dated the meeting; no JST
//                        (Subject::kMeeting)
//   EXCHANGE_GROUP_MEETINGS  the same for exchange groups
//   ELEARNING_COMPLETIONS  a counted participant's completion of a course
//                        (record id "<participant>/<course>"); dated the
//                        completion
//   GOOD_PRACTICES_PUBLISHED  a practice published and not withdrawn;
//                        dated the publication
//   SCHOOLS_REACHED      a school (record id: its RSPO number) named by an
//                        action not dropped of an approved schedule of a
//                        case not closed by a withdrawal during the
//                        workflow (as PLANS_ADOPTED); once per case (a
//                        school is run by one JST, whose one open case can
//                        name it); dated the approval
// Dates are Europe/Warsaw civil days.
//
// JST_BELOW_MINIMUM is the programme's team-size rule (recruitment's: a
// qualified JST keeps at least the minimum of ACTIVE representatives); it
// counts JSTs by their teams, whatever their members' monitoring records,
// so it agrees with recruitment's below-minimum flag. Every count of
// officials (OFFICIALS_*, JST_TRAINED_BELOW_MINIMUM) follows StandingOf.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace jstedu::reporting {

struct EditionFacts {
  std::string code;
  bool known = false;  // an EditionChanged was seen
  int kind = 0;        // recruitment EditionKind
  int min_representatives = 3;
  absl::CivilDay starts_on;
  absl::CivilDay ends_on;
};

struct JstFact {
  std::string application_id;
  std::string teryt;
  std::string voivodeship;
  int jst_kind = 0;
  bool qualified = false;  // is or was QUALIFIED
  bool withdrawn = false;
  absl::CivilDay qualified_on;
};

struct ParticipantFact {
  std::string participant_id;
  std::string application_id;
  std::string teryt;
  std::string voivodeship;
  int jst_kind = 0;
  int sex = 0;
  int target_group = 0;
  int status = 0;  // recruitment ParticipantStatus
  bool declaration_recorded = false;
  absl::CivilDay participation_start;
  bool monitoring_complete = false;
  std::vector<std::string> missing_fields;
};

struct CaseFact {
  std::string case_id;
  std::string application_id;
  std::string teryt;
  std::string voivodeship;
  int jst_kind = 0;
  int stage = 0;  // advisory Stage
  std::optional<absl::CivilDay> opened_on;
  std::optional<absl::CivilDay> plan_adopted_on;
};

// The programme's other parts (issue 24): what training's and advisory's
// events tell of communities, e-learning, good practices and schools.
enum class CommunityGroup { kNetwork, kExchangeGroup };
// Training's CommunityKind: EXCHANGE_GROUP, else (a thematic or the
// cooperation network) kNetwork.
CommunityGroup GroupOfKind(int community_kind);

// One period of an official in a community (by membership id).
struct MembershipFact {
  std::string membership_id;
  CommunityGroup group = CommunityGroup::kNetwork;
  std::string participant_id;
  absl::CivilDay joined_on;
};

// A community's meeting as its latest revision tells it.
struct MeetingFact {
  std::string meeting_id;
  CommunityGroup group = CommunityGroup::kNetwork;
  absl::CivilDay held_on;
};

// An official's completion of an e-learning course (its earliest day).
struct ELearningFact {
  std::string participant_id;
  std::string course_code;
  absl::CivilDay completed_on;
};

// A good practice as its latest status tells it.
struct PracticeFact {
  std::string practice_id;
  std::string case_id;
  std::string application_id;
  std::string teryt;
  std::string voivodeship;
  int jst_kind = 0;
  bool published = false;  // PUBLISHED now (not withdrawn)
  absl::CivilDay published_on;
};

// The schools a case's approved schedule works with (its latest set).
struct CaseSchoolsFact {
  std::string case_id;
  absl::CivilDay approved_on;
  std::vector<std::string> rspo;  // of actions not dropped
};

struct Facts {
  EditionFacts edition;
  std::vector<JstFact> jsts;
  std::vector<ParticipantFact> participants;
  std::map<std::string, absl::CivilDay> completions;  // participant id → day
  std::vector<CaseFact> cases;
  std::vector<MembershipFact> memberships;
  std::vector<MeetingFact> meetings;
  std::vector<ELearningFact> elearning;
  std::vector<PracticeFact> practices;
  std::vector<CaseSchoolsFact> case_schools;
};

// One record of a measure: ids and the attributes breakdowns use.
struct Record {
  std::string id;  // application, participant, case… id (see the rules)
  std::string application_id;
  std::string teryt;
  std::string voivodeship;
  int jst_kind = 0;
  std::string participant_id;
  std::string case_id;
  int sex = 0;           // participant measures only
  int target_group = 0;  // participant measures only
  absl::CivilDay date;
  // How many records this one stands for: 1, except a cell of the
  // maintained counts read as a record (domain/counts.h, CellRecords),
  // which carries only its measure's voivodeship and month.
  int64_t weight = 1;
};

// What a measure's records are: JSTs (and what belongs to one JST:
// practices, schools), participants (their sex and target group apply),
// cases, or meetings (of several JSTs: no voivodeship, kind of JST, sex
// or target group).
enum class Subject { kJst, kParticipant, kCase, kMeeting };

// The one rule for who is counted, used by every participant measure (so
// by every figure, breakdown, evidence list and aggregate export), by the
// participant file and by the data-quality list, so they cannot disagree
// (docs/DOMAIN.md: "an incomplete person is reported nowhere"):
//   kNotStarted  no declaration recorded, or the JST's application was
//                never qualified (or the fact's status is
//                PARTICIPANT_NOT_COUNTED: left out before this);
//   kIncomplete  started, but the EU-monitoring record (the person's
//                fields and the employer's institution block, as
//                recruitment judges it) lacks a field the ministry needs;
//   kCounted     started with a complete record.
// Fixing the record in recruitment publishes the participant's facts again,
// and the person counts everywhere at once.
enum class Standing { kNotStarted, kIncomplete, kCounted };
// `jst` is the participant's application's fact, nullptr when unknown.
Standing StandingOf(const ParticipantFact& participant, const JstFact* jst);

struct MeasureInfo {
  std::string name;
  Subject subject;
};

// Every measure, in a fixed order.
const std::vector<MeasureInfo>& Measures();
// Nullptr for an unknown name.
const MeasureInfo* FindMeasure(const std::string& name);

// The order of a measure's records: by id, then by case (a school named by
// two JSTs' cases is a record of each).
bool RecordOrder(const Record& a, const Record& b);

// Measure name → its records, in RecordOrder (every measure present).
using MeasureRecords = std::map<std::string, std::vector<Record>>;
MeasureRecords ComputeMeasures(const Facts& facts);

// ACTIVE representatives per application id (JST_BELOW_MINIMUM's count,
// also shown in the data-quality list).
std::map<std::string, int> ActiveRepresentatives(const Facts& facts);

// A record's attributes as text, for comparing two sides field by field.
std::map<std::string, std::string> RecordFields(const Record& record);

}  // namespace jstedu::reporting
