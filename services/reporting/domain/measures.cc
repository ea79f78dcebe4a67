#include "services/reporting/domain/measures.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::reporting {
namespace {

using advisory::v1::Stage;

struct StageMeasure {
  Stage stage;
  const char* name;
};

constexpr StageMeasure kStageMeasures[] = {
    {advisory::v1::AREA_CHOICE, "STAGE_AREA_CHOICE"},
    {advisory::v1::NEEDS_DIAGNOSIS, "STAGE_NEEDS_DIAGNOSIS"},
    {advisory::v1::ROLLOUT, "STAGE_ROLLOUT"},
    {advisory::v1::COMPLETED, "STAGE_COMPLETED"},
    {advisory::v1::WITHDRAWN, "STAGE_WITHDRAWN"},
};

Record JstRecord(const JstFact& jst, absl::CivilDay date) {
  Record record;
  record.id = jst.application_id;
  record.application_id = jst.application_id;
  record.teryt = jst.teryt;
  record.voivodeship = jst.voivodeship;
  record.jst_kind = jst.jst_kind;
  record.date = date;
  return record;
}

Record ParticipantRecord(const ParticipantFact& participant,
                         absl::CivilDay date) {
  Record record;
  record.id = participant.participant_id;
  record.application_id = participant.application_id;
  record.teryt = participant.teryt;
  record.voivodeship = participant.voivodeship;
  record.jst_kind = participant.jst_kind;
  record.participant_id = participant.participant_id;
  record.sex = participant.sex;
  record.target_group = participant.target_group;
  record.date = date;
  return record;
}

Record CaseRecord(const CaseFact& c, absl::CivilDay date) {
  Record record;
  record.id = c.case_id;
  record.application_id = c.application_id;
  record.teryt = c.teryt;
  record.voivodeship = c.voivodeship;
  record.jst_kind = c.jst_kind;
  record.case_id = c.case_id;
  record.date = date;
  return record;
}

bool Supported(const JstFact& jst) { return jst.qualified && !jst.withdrawn; }

}  // namespace

CommunityGroup GroupOfKind(int community_kind) {
  return community_kind == training::v1::EXCHANGE_GROUP
             ? CommunityGroup::kExchangeGroup
             : CommunityGroup::kNetwork;
}

Standing StandingOf(const ParticipantFact& participant, const JstFact* jst) {
  if (jst == nullptr || !jst->qualified || !participant.declaration_recorded ||
      participant.status == recruitment::v1::PARTICIPANT_NOT_COUNTED) {
    return Standing::kNotStarted;
  }
  return participant.monitoring_complete ? Standing::kCounted
                                         : Standing::kIncomplete;
}

namespace {

// The participant measures; returns how many each application has of
// OFFICIALS_TRAINED and of ACTIVE representatives.
void ParticipantMeasures(
    const Facts& facts,
    const std::unordered_map<std::string, const JstFact*>& jsts,
    MeasureRecords& out, std::unordered_map<std::string, int>& trained) {
  for (const ParticipantFact& p : facts.participants) {
    auto jst = jsts.find(p.application_id);
    const Standing standing =
        StandingOf(p, jst == jsts.end() ? nullptr : jst->second);
    if (standing == Standing::kNotStarted) continue;
    if (standing == Standing::kIncomplete) {
      out["OFFICIALS_INCOMPLETE"].push_back(
          ParticipantRecord(p, p.participation_start));
      continue;
    }
    out["OFFICIALS_SUPPORTED"].push_back(
        ParticipantRecord(p, p.participation_start));
    auto completion = facts.completions.find(p.participant_id);
    if (completion == facts.completions.end()) continue;
    out["OFFICIALS_TRAINED"].push_back(
        ParticipantRecord(p, completion->second));
    ++trained[p.application_id];
  }
}

void JstMeasures(const Facts& facts,
                 const std::unordered_map<std::string, int>& trained,
                 const std::map<std::string, int>& active,
                 MeasureRecords& out) {
  auto count = [](const auto& counts, const std::string& key) {
    auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
  };
  const int minimum = facts.edition.min_representatives;
  for (const JstFact& jst : facts.jsts) {
    if (!Supported(jst)) continue;
    out["JST_SUPPORTED"].push_back(JstRecord(jst, jst.qualified_on));
    if (count(active, jst.application_id) < minimum) {
      out["JST_BELOW_MINIMUM"].push_back(JstRecord(jst, jst.qualified_on));
    }
    if (count(trained, jst.application_id) < minimum) {
      out["JST_TRAINED_BELOW_MINIMUM"].push_back(
          JstRecord(jst, jst.qualified_on));
    }
  }
}

void CaseMeasures(const Facts& facts, MeasureRecords& out) {
  for (const CaseFact& c : facts.cases) {
    for (const StageMeasure& measure : kStageMeasures) {
      if (c.stage == measure.stage && c.opened_on) {
        out[measure.name].push_back(CaseRecord(c, *c.opened_on));
      }
    }
    if (c.plan_adopted_on && c.stage != advisory::v1::WITHDRAWN) {
      Record record = CaseRecord(c, *c.plan_adopted_on);
      record.id = c.application_id;
      out["PLANS_ADOPTED"].push_back(std::move(record));
    }
  }
}

const char* MembersMeasure(CommunityGroup group) {
  return group == CommunityGroup::kNetwork ? "OFFICIALS_IN_NETWORKS"
                                           : "EXCHANGE_GROUP_REPRESENTATIVES";
}

const char* MeetingsMeasure(CommunityGroup group) {
  return group == CommunityGroup::kNetwork ? "NETWORK_MEETINGS"
                                           : "EXCHANGE_GROUP_MEETINGS";
}

// The counted participants by id (StandingOf: an incomplete person is in
// no figure, these included).
std::unordered_map<std::string, const ParticipantFact*> CountedParticipants(
    const Facts& facts,
    const std::unordered_map<std::string, const JstFact*>& jsts) {
  std::unordered_map<std::string, const ParticipantFact*> counted;
  for (const ParticipantFact& p : facts.participants) {
    auto jst = jsts.find(p.application_id);
    if (StandingOf(p, jst == jsts.end() ? nullptr : jst->second) ==
        Standing::kCounted) {
      counted[p.participant_id] = &p;
    }
  }
  return counted;
}

// Officials in networks and in exchange groups (each once, dated the
// first joining), and e-learning completions.
void OfficialsInParts(
    const Facts& facts,
    const std::unordered_map<std::string, const ParticipantFact*>& counted,
    MeasureRecords& out) {
  std::map<std::pair<CommunityGroup, std::string>, absl::CivilDay> first;
  for (const MembershipFact& m : facts.memberships) {
    if (counted.count(m.participant_id) == 0) continue;
    auto [it, fresh] =
        first.emplace(std::make_pair(m.group, m.participant_id), m.joined_on);
    if (!fresh && m.joined_on < it->second) it->second = m.joined_on;
  }
  for (const auto& [key, day] : first) {
    out[MembersMeasure(key.first)].push_back(
        ParticipantRecord(*counted.at(key.second), day));
  }
  for (const ELearningFact& e : facts.elearning) {
    auto participant = counted.find(e.participant_id);
    if (participant == counted.end()) continue;
    Record record = ParticipantRecord(*participant->second, e.completed_on);
    record.id = absl::StrCat(e.participant_id, "/", e.course_code);
    out["ELEARNING_COMPLETIONS"].push_back(std::move(record));
  }
}

void Meetings(const Facts& facts, MeasureRecords& out) {
  for (const MeetingFact& m : facts.meetings) {
    Record record;
    record.id = m.meeting_id;
    record.date = m.held_on;
    out[MeetingsMeasure(m.group)].push_back(std::move(record));
  }
}

void Practices(const Facts& facts, MeasureRecords& out) {
  for (const PracticeFact& p : facts.practices) {
    if (!p.published) continue;
    Record record;
    record.id = p.practice_id;
    record.application_id = p.application_id;
    record.teryt = p.teryt;
    record.voivodeship = p.voivodeship;
    record.jst_kind = p.jst_kind;
    record.case_id = p.case_id;
    record.date = p.published_on;
    out["GOOD_PRACTICES_PUBLISHED"].push_back(std::move(record));
  }
}

// Each school of a counting case once. A school is run by one JST, whose
// one open case of the edition may name it, so it is one record in the
// programme; a school the register moved to another JST that named it too
// is a record of each (each JST's recount sees its own case only:
// counts_store.h).
void Schools(const Facts& facts, MeasureRecords& out) {
  std::unordered_map<std::string, const CaseFact*> cases;
  for (const CaseFact& c : facts.cases) cases[c.case_id] = &c;
  for (const CaseSchoolsFact& s : facts.case_schools) {
    auto c = cases.find(s.case_id);
    if (c == cases.end() || c->second->stage == advisory::v1::WITHDRAWN) {
      continue;
    }
    for (const std::string& rspo :
         std::set<std::string>(s.rspo.begin(), s.rspo.end())) {
      Record record = CaseRecord(*c->second, s.approved_on);
      record.id = rspo;
      out["SCHOOLS_REACHED"].push_back(std::move(record));
    }
  }
}

}  // namespace

const std::vector<MeasureInfo>& Measures() {
  static const auto* measures = [] {
    auto* list = new std::vector<MeasureInfo>{
        {"JST_SUPPORTED", Subject::kJst},
        {"OFFICIALS_SUPPORTED", Subject::kParticipant},
        {"OFFICIALS_TRAINED", Subject::kParticipant},
        {"OFFICIALS_INCOMPLETE", Subject::kParticipant},
        {"PLANS_ADOPTED", Subject::kJst},
        {"JST_BELOW_MINIMUM", Subject::kJst},
        {"JST_TRAINED_BELOW_MINIMUM", Subject::kJst}};
    for (const StageMeasure& stage : kStageMeasures) {
      list->push_back({stage.name, Subject::kCase});
    }
    list->insert(list->end(),
                 {{"OFFICIALS_IN_NETWORKS", Subject::kParticipant},
                  {"NETWORK_MEETINGS", Subject::kMeeting},
                  {"EXCHANGE_GROUP_REPRESENTATIVES", Subject::kParticipant},
                  {"EXCHANGE_GROUP_MEETINGS", Subject::kMeeting},
                  {"ELEARNING_COMPLETIONS", Subject::kParticipant},
                  {"GOOD_PRACTICES_PUBLISHED", Subject::kJst},
                  {"SCHOOLS_REACHED", Subject::kJst}});
    return list;
  }();
  return *measures;
}

const MeasureInfo* FindMeasure(const std::string& name) {
  for (const MeasureInfo& measure : Measures()) {
    if (measure.name == name) return &measure;
  }
  return nullptr;
}

bool RecordOrder(const Record& a, const Record& b) {
  return std::tie(a.id, a.case_id) < std::tie(b.id, b.case_id);
}

MeasureRecords ComputeMeasures(const Facts& facts) {
  MeasureRecords out;
  for (const MeasureInfo& measure : Measures()) out[measure.name];
  std::unordered_map<std::string, const JstFact*> jsts;
  for (const JstFact& jst : facts.jsts) jsts[jst.application_id] = &jst;
  std::unordered_map<std::string, int> trained;
  ParticipantMeasures(facts, jsts, out, trained);
  JstMeasures(facts, trained, ActiveRepresentatives(facts), out);
  CaseMeasures(facts, out);
  OfficialsInParts(facts, CountedParticipants(facts, jsts), out);
  Meetings(facts, out);
  Practices(facts, out);
  Schools(facts, out);
  for (auto& [name, records] : out) {
    std::sort(records.begin(), records.end(), RecordOrder);
  }
  return out;
}

std::map<std::string, int> ActiveRepresentatives(const Facts& facts) {
  std::map<std::string, int> active;
  for (const ParticipantFact& p : facts.participants) {
    if (p.status == recruitment::v1::PARTICIPANT_ACTIVE) {
      ++active[p.application_id];
    }
  }
  return active;
}

std::map<std::string, std::string> RecordFields(const Record& record) {
  return {{"application_id", record.application_id},
          {"teryt", record.teryt},
          {"voivodeship", record.voivodeship},
          {"jst_kind", absl::StrCat(record.jst_kind)},
          {"participant_id", record.participant_id},
          {"case_id", record.case_id},
          {"sex", absl::StrCat(record.sex)},
          {"target_group", absl::StrCat(record.target_group)},
          {"date", absl::FormatCivilTime(record.date)}};
}

}  // namespace jstedu::reporting
