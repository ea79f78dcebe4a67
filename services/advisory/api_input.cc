#include "services/advisory/api_input.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "services/advisory/domain/practice_rules.h"
#include "services/advisory/domain/school_csv.h"

namespace jstedu::advisory {
namespace {

using errors::CheckDate;
using errors::CheckRange;
using errors::CheckText;

void NotInFuture(Problems& problems, const std::string& field,
                 const std::optional<absl::CivilDay>& day,
                 absl::CivilDay today) {
  if (day && *day > today) {
    problems.push_back(
        {field, absl::StrCat("cannot be after today (",
                             absl::FormatCivilTime(today), ")")});
  }
}

template <typename Repeated>
void CheckList(Problems& problems, const std::string& field,
               const Repeated& items, int min, int max) {
  if (items.size() < min || items.size() > max) {
    problems.push_back(
        {field, absl::StrCat("must have ", min, "..", max, " entries")});
  }
  for (int i = 0; i < items.size() && i < max; ++i) {
    CheckText(problems, absl::StrCat(field, "[", i, "]"), items[i], 1, 200);
  }
}

// An action's schools: 0..200 distinct RSPO numbers.
void CheckSchools(
    Problems& problems, const std::string& field,
    const google::protobuf::RepeatedPtrField<std::string>& schools) {
  if (schools.size() > 200) {
    problems.push_back({field, "must have at most 200 schools"});
  }
  std::set<std::string> seen;
  for (int j = 0; j < schools.size() && j < 200; ++j) {
    const std::string at = absl::StrCat(field, "[", j, "]");
    if (!IsRspo(schools[j])) {
      problems.push_back({at, "must be an RSPO number: 1..10 digits"});
    } else if (!seen.insert(schools[j]).second) {
      problems.push_back({at, "is given twice"});
    }
  }
}

bool IsAreaCode(const std::string& code) {
  if (code.empty() || code.size() > 16) return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

}  // namespace

void CheckUuid(Problems& problems, const std::string& field,
               const std::string& id) {
  if (!ids::IsUuid(id)) problems.push_back({field, "must be a UUID"});
}

void CheckTeryt(Problems& problems, const std::string& field,
                const std::string& teryt) {
  const bool digits =
      std::all_of(teryt.begin(), teryt.end(), absl::ascii_isdigit);
  if (!digits || (teryt.size() != 4 && teryt.size() != 7)) {
    problems.push_back(
        {field,
         "must be a TERYT code of 4 digits (county) or 7 digits (commune)"});
  }
}

Problems CheckWorkflowDefinition(const v1::WorkflowDefinition& d) {
  Problems problems;
  CheckRange(problems, "definition.areaChoiceDays", d.area_choice_days(), 1,
             400);
  CheckRange(problems, "definition.needsDiagnosisDays",
             d.needs_diagnosis_days(), 1, 400);
  CheckRange(problems, "definition.rolloutDays", d.rollout_days(), 1, 400);
  CheckText(problems, "definition.note", d.note(), 1, 2000);
  return problems;
}

Problems CheckSupportArea(const v1::SupportArea& area) {
  Problems problems;
  if (!IsAreaCode(area.code())) {
    problems.push_back(
        {"supportArea.code", "must be 1..16 of A-Z, 0-9 and '-'"});
  }
  CheckText(problems, "supportArea.title", area.title(), 1, 300);
  CheckText(problems, "supportArea.description", area.description(), 0, 4000);
  if (area.thematic_area() == training::v1::THEMATIC_AREA_UNSPECIFIED ||
      !training::v1::ThematicArea_IsValid(area.thematic_area())) {
    problems.push_back(
        {"supportArea.thematicArea", "must be one of the five thematic areas"});
  }
  return problems;
}

Problems CheckExpert(const v1::Expert& e) {
  Problems problems;
  CheckText(problems, "expert.subject", e.subject(), 1, 200);
  CheckText(problems, "expert.displayName", e.display_name(), 1, 200);
  if (e.speciality() != v1::EDUCATION_DEVELOPMENT &&
      e.speciality() != v1::PERSONNEL_DEVELOPMENT) {
    problems.push_back(
        {"expert.speciality",
         "must be EDUCATION_DEVELOPMENT or PERSONNEL_DEVELOPMENT"});
  }
  if (e.voivodeships().empty() || e.voivodeships_size() > 16) {
    problems.push_back({"expert.voivodeships", "must name 1..16 voivodeships"});
  }
  std::set<std::string> seen;
  for (int i = 0; i < e.voivodeships_size(); ++i) {
    const std::string field = absl::StrCat("expert.voivodeships[", i, "]");
    if (!errors::IsVoivodeshipCode(e.voivodeships(i))) {
      problems.push_back({field, "must be a voivodeship code (02, 04, … 32)"});
    } else if (!seen.insert(e.voivodeships(i)).second) {
      problems.push_back({field, "is named twice"});
    }
  }
  CheckRange(problems, "expert.maxCaseload", e.max_caseload(), 1, 200);
  return problems;
}

Problems CheckAgreement(const v1::Agreement& a, absl::CivilDay today) {
  Problems problems;
  NotInFuture(problems, "agreement.agreedOn",
              CheckDate(problems, "agreement.agreedOn", a.agreed_on()), today);
  CheckText(problems, "agreement.agreedBy", a.agreed_by(), 1, 300);
  return problems;
}

Problems CheckActions(
    const google::protobuf::RepeatedPtrField<v1::Action>& actions) {
  Problems problems;
  if (actions.size() > 100)
    problems.push_back({"actions", "must have at most 100 actions"});
  for (int i = 0; i < actions.size() && i < 100; ++i) {
    const std::string field = absl::StrCat("actions[", i, "]");
    const v1::Action& a = actions[i];
    CheckText(problems, field + ".title", a.title(), 1, 300);
    CheckText(problems, field + ".owner", a.owner(), 1, 200);
    auto starts = CheckDate(problems, field + ".startsOn", a.starts_on());
    auto due = CheckDate(problems, field + ".dueOn", a.due_on());
    if (starts && due && *due < *starts) {
      problems.push_back({field + ".dueOn", "cannot be before startsOn"});
    }
    CheckSchools(problems, field + ".schools", a.schools());
  }
  return problems;
}

Problems CheckPlan(const v1::QualityPlan& plan, absl::CivilDay today) {
  Problems problems;
  CheckText(problems, "plan.documentReference", plan.document_reference(), 1,
            300);
  NotInFuture(problems, "plan.adoptedOn",
              CheckDate(problems, "plan.adoptedOn", plan.adopted_on()), today);
  return problems;
}

Problems CheckActivity(const v1::Activity& a, absl::CivilDay today) {
  Problems problems;
  if (a.kind() == v1::ACTIVITY_KIND_UNSPECIFIED ||
      !v1::ActivityKind_IsValid(a.kind())) {
    problems.push_back({"activity.kind", "must be given"});
  }
  if (a.form() == v1::ACTIVITY_FORM_UNSPECIFIED ||
      !v1::ActivityForm_IsValid(a.form())) {
    problems.push_back({"activity.form", "must be given"});
  }
  NotInFuture(problems, "activity.occurredOn",
              CheckDate(problems, "activity.occurredOn", a.occurred_on()),
              today);
  CheckList(problems, "activity.participants", a.participants(), 1, 50);
  CheckList(problems, "activity.guests", a.guests(), 0, 50);
  CheckList(problems, "activity.documents", a.documents(), 0, 50);
  CheckText(problems, "activity.notes", a.notes(), 0, 8000);
  return problems;
}

Problems CheckPractice(const v1::GoodPractice& p) {
  Problems problems;
  CheckText(problems, "practice.title", p.title(), 1, 300);
  CheckText(problems, "practice.description", p.description(), 1, 8000);
  if (p.keywords_size() > 20) {
    problems.push_back({"practice.keywords", "must have 0..20 entries"});
  }
  std::set<std::string> seen;
  for (int i = 0; i < p.keywords_size() && i < 20; ++i) {
    const std::string field = absl::StrCat("practice.keywords[", i, "]");
    CheckText(problems, field, p.keywords(i), 1, 60);
    if (!seen.insert(FoldForSearch(p.keywords(i))).second) {
      problems.push_back({field, "is given twice"});
    }
  }
  if (!p.support_area().empty()) {
    CheckUuid(problems, "practice.supportArea", p.support_area());
  }
  return problems;
}

Problems CheckReason(const std::string& reason) {
  Problems problems;
  CheckText(problems, "reason", reason, 1, 2000);
  return problems;
}

}  // namespace jstedu::advisory
