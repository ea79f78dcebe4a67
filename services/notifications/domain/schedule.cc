#include "services/notifications/domain/schedule.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "common/time/business_days.h"
#include "common/time/civil_time.h"

namespace jstedu::notifications {
namespace {

struct ReasonInfo {
  Reason reason;
  std::string_view name;
  bool required;
};

constexpr std::array<ReasonInfo, 13> kReasons{{
    {Reason::kJstQualified, "jst_qualified", true},
    {Reason::kJstWaitlisted, "jst_waitlisted", true},
    {Reason::kDeclarationsMissing10d, "declarations_missing_10d", true},
    {Reason::kDeclarationsMissing3d, "declarations_missing_3d", true},
    {Reason::kModuleProgramme, "module_programme", true},
    {Reason::kSignupDeadline48h, "signup_deadline_48h", false},
    {Reason::kSignupDeadline4h, "signup_deadline_4h", false},
    {Reason::kTaskDueSoon, "task_due_soon", false},
    {Reason::kTaskOverdue, "task_overdue", false},
    {Reason::kStageDueSoon, "stage_due_soon", false},
    {Reason::kStageOverdue, "stage_overdue", false},
    {Reason::kHandover, "handover", true},
    {Reason::kWeeklyDigest, "weekly_digest", false},
}};

const ReasonInfo& InfoOf(Reason reason) {
  for (const ReasonInfo& info : kReasons) {
    if (info.reason == reason) return info;
  }
  return kReasons[0];  // unreachable: every Reason is listed
}

// How long a notice sent at once, or an overdue notice, stays worth
// sending.
constexpr absl::Duration kNoticeLifetime = absl::Hours(24 * 30);
constexpr absl::Duration kOverdueLifetime = absl::Hours(24 * 7);

std::string Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// `t` moved by `seconds` on the programme's clocks (the same wall-clock
// time, whatever the offsets); a time the clocks skip is read with the
// offset before the change (absl::FromCivil), i.e. an hour later.
absl::Time LocalShift(absl::Time t, int64_t seconds) {
  const absl::TimeZone& zone = ProgrammeZone();
  return absl::FromCivil(absl::ToCivilSecond(t, zone) + seconds, zone);
}

constexpr int64_t kDay = 24 * 60 * 60;

// Deduplicated, non-empty, in order.
std::vector<std::string> Distinct(const std::vector<std::string>& refs) {
  std::set<std::string> set;
  for (const std::string& ref : refs) {
    if (!ref.empty()) set.insert(ref);
  }
  return {set.begin(), set.end()};
}

// A trainer or a coordinator: named by their account's sign-in subject
// (kept as it is), not by a UUID.
bool NamedBySubject(PersonId::Kind kind) {
  return kind == PersonId::Kind::kTrainer ||
         kind == PersonId::Kind::kCoordinator;
}

}  // namespace

std::string_view ReasonName(Reason reason) { return InfoOf(reason).name; }

std::optional<Reason> ReasonNamed(std::string_view name) {
  for (const ReasonInfo& info : kReasons) {
    if (info.name == name) return info.reason;
  }
  return std::nullopt;
}

bool IsRequired(Reason reason) { return InfoOf(reason).required; }

std::vector<std::string> KnownReasons() {
  std::vector<std::string> names;
  for (const ReasonInfo& info : kReasons) names.emplace_back(info.name);
  return names;
}

std::string ParticipantRef(const std::string& id) {
  return absl::StrCat("participant:", id);
}
std::string ContactRef(const std::string& application_id) {
  return absl::StrCat("jst-contact:", application_id);
}
std::string ExpertRef(const std::string& id) {
  return absl::StrCat("expert:", id);
}
std::string TrainerRef(const std::string& subject) {
  return absl::StrCat("trainer:", subject);
}
std::string CoordinatorRef(const std::string& subject) {
  return absl::StrCat("coordinator:", subject);
}

std::optional<PersonId> ParsePersonRef(std::string_view ref) {
  static constexpr std::pair<std::string_view, PersonId::Kind> kPrefixes[] = {
      {"participant:", PersonId::Kind::kParticipant},
      {"jst-contact:", PersonId::Kind::kContact},
      {"expert:", PersonId::Kind::kExpert},
      {"trainer:", PersonId::Kind::kTrainer},
      {"coordinator:", PersonId::Kind::kCoordinator},
  };
  for (const auto& [prefix, kind] : kPrefixes) {
    if (ref.size() > prefix.size() && ref.substr(0, prefix.size()) == prefix) {
      ref.remove_prefix(prefix.size());
      return PersonId{kind, std::string(ref)};
    }
  }
  return std::nullopt;
}

std::string PersonRefProblem(std::string_view ref) {
  const std::optional<PersonId> person = ParsePersonRef(ref);
  if (!person) {
    return "must be a person reference: participant:<id>, "
           "jst-contact:<application id>, expert:<id>, trainer:<subject> or "
           "coordinator:<subject>";
  }
  if (NamedBySubject(person->kind)) {
    return errors::IsSubject(person->id) ? "" : "names no valid subject";
  }
  return ids::IsUuid(person->id) ? "" : "must end with a UUID";
}

std::string CanonicalPersonRef(std::string_view ref) {
  const std::optional<PersonId> person = ParsePersonRef(ref);
  if (!person || NamedBySubject(person->kind)) {
    return std::string(ref);
  }
  const size_t prefix = ref.size() - person->id.size();
  return absl::StrCat(absl::string_view(ref.data(), prefix),
                      absl::AsciiStrToLower(person->id));
}

std::optional<absl::Duration> RetryDelay(int attempts) {
  static const std::array<absl::Duration, 5> kDelays{
      absl::Minutes(1), absl::Minutes(5), absl::Minutes(30), absl::Hours(2),
      absl::Hours(6)};
  if (attempts < 1 || attempts > static_cast<int>(kDelays.size())) {
    return std::nullopt;
  }
  return kDelays[attempts - 1];
}

bool Receives(PersonId::Kind kind, Reason reason) {
  return (kind == PersonId::Kind::kCoordinator) ==
         (reason == Reason::kWeeklyDigest);
}

std::string VoivodeshipRef(const std::string& code) {
  return absl::StrCat("voivodeship:", code);
}

std::string IsoWeek(absl::CivilDay day) {
  // The week belongs to the year of its Thursday; week 1 holds the year's
  // first Thursday.
  const int from_monday = (static_cast<int>(absl::GetWeekday(day)) + 7 -
                           static_cast<int>(absl::Weekday::monday)) %
                          7;
  const absl::CivilDay thursday = day - from_monday + 3;
  const int week = (absl::GetYearDay(thursday) - 1) / 7 + 1;
  return absl::StrFormat("%04d-W%02d", thursday.year(), week);
}

std::optional<absl::CivilDay> IsoWeekMonday(std::string_view week) {
  int year = 0, number = 0;
  if (week.size() != 8 || week.substr(4, 2) != "-W" ||
      !absl::SimpleAtoi(absl::string_view(week.data(), 4), &year) ||
      !absl::SimpleAtoi(absl::string_view(week.data() + 6, 2), &number) ||
      number < 1 || number > 53) {
    return std::nullopt;
  }
  // 4 January is always in week 1.
  const absl::CivilDay january4(year, 1, 4);
  const absl::CivilDay monday =
      absl::GetWeekday(january4) == absl::Weekday::monday
          ? january4
          : absl::PrevWeekday(january4, absl::Weekday::monday);
  const absl::CivilDay day = monday + 7 * (number - 1);
  if (IsoWeek(day) != week) return std::nullopt;  // a year's week 53 only
  return day;
}

Planned PlanDigest(const std::string& coordinator_subject,
                   const std::string& voivodeship, absl::Time now) {
  const absl::TimeZone& zone = ProgrammeZone();
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  const absl::CivilDay monday =
      absl::GetWeekday(today) == absl::Weekday::monday
          ? today
          : absl::NextWeekday(today, absl::Weekday::monday);
  Planned p;
  p.person_ref = CoordinatorRef(coordinator_subject);
  p.reason = Reason::kWeeklyDigest;
  p.subject_ref = VoivodeshipRef(voivodeship);
  p.occurrence = IsoWeek(monday);
  p.due_at = absl::FromCivil(absl::CivilHour(monday) + 7, zone);
  p.expires_at = absl::FromCivil(monday + 1, zone);
  return p;
}

absl::Time MorningOf(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilHour(day) + 8, ProgrammeZone());
}

std::vector<Planned> PlanModule(const ModuleFacts& module,
                                const std::vector<Member>& members,
                                const std::vector<std::string>& trainers) {
  std::vector<Planned> out;
  const std::string subject = absl::StrCat("module:", module.id);
  const std::string revision = absl::StrCat("#r", module.revision);
  const std::string starts = absl::StrCat(Utc(module.start), revision);
  const absl::CivilDay first_day = ProgrammeDay(module.start);
  const absl::Time programme = MorningOf(first_day - 7);
  const absl::Time missing_10d = MorningOf(first_day - 10);
  const absl::Time missing_3d = MorningOf(first_day - 3);
  auto add = [&](std::string person, Reason reason, std::string occurrence,
                 absl::Time due, absl::Time expires,
                 const std::string& application_id) {
    out.push_back({std::move(person), reason, subject, std::move(occurrence),
                   due, expires, application_id});
  };
  std::set<std::string> applications_missing;
  for (const Member& m : members) {
    const std::string person = ParticipantRef(m.participant_id);
    add(person, Reason::kModuleProgramme, starts, programme, module.start,
        m.application_id);
    if (!m.declaration_recorded) {
      add(person, Reason::kDeclarationsMissing10d, starts, missing_10d,
          missing_3d, m.application_id);
      add(person, Reason::kDeclarationsMissing3d, starts, missing_3d,
          module.start, m.application_id);
      applications_missing.insert(m.application_id);
    }
    if (module.signup_deadline && !m.signed_up) {
      const absl::Time deadline = *module.signup_deadline;
      const absl::Time before_4h = LocalShift(deadline, -4 * 60 * 60);
      const std::string at = absl::StrCat(Utc(deadline), revision);
      add(person, Reason::kSignupDeadline48h, at,
          LocalShift(deadline, -2 * kDay), before_4h, m.application_id);
      add(person, Reason::kSignupDeadline4h, at, before_4h, deadline,
          m.application_id);
    }
  }
  for (const std::string& application : applications_missing) {
    add(ContactRef(application), Reason::kDeclarationsMissing10d, starts,
        missing_10d, missing_3d, application);
    add(ContactRef(application), Reason::kDeclarationsMissing3d, starts,
        missing_3d, module.start, application);
  }
  for (const std::string& trainer : Distinct(trainers)) {
    add(TrainerRef(trainer), Reason::kModuleProgramme, starts, programme,
        module.start, "");
  }
  return out;
}

std::vector<Planned> PlanTask(const TaskFacts& task,
                              const std::vector<std::string>& team,
                              const std::vector<std::string>& guardians) {
  std::vector<Planned> out;
  if (!task.awaits_team) return out;
  const std::string subject = absl::StrCat("task:", task.id);
  const std::string due = Utc(task.due);
  const absl::CivilDay due_day = ProgrammeDay(task.due);
  const absl::Time soon = MorningOf(SubtractBusinessDays(due_day, 3));
  const absl::Time overdue = MorningOf(AddBusinessDays(due_day, 1));
  for (const std::string& participant : Distinct(team)) {
    const std::string person = ParticipantRef(participant);
    out.push_back({person, Reason::kTaskDueSoon, subject, due, soon, task.due,
                   task.application_id});
    out.push_back({person, Reason::kTaskOverdue, subject, due, overdue,
                   overdue + kOverdueLifetime, task.application_id});
  }
  for (const std::string& expert : Distinct(guardians)) {
    out.push_back({ExpertRef(expert), Reason::kTaskOverdue, subject, due,
                   overdue, overdue + kOverdueLifetime, task.application_id});
  }
  return out;
}

std::vector<Planned> PlanCase(const CaseFacts& kase) {
  std::vector<Planned> out;
  if (!kase.open || !kase.stage_due_on) return out;
  const std::string subject = absl::StrCat("case:", kase.id);
  const absl::CivilDay due_on = *kase.stage_due_on;
  const std::string occurrence =
      absl::StrCat(kase.stage, "@", absl::FormatCivilTime(due_on));
  const absl::Time soon = MorningOf(SubtractBusinessDays(due_on, 5));
  const absl::Time end_of_due_day =
      absl::FromCivil(due_on + 1, ProgrammeZone());
  const absl::Time overdue = MorningOf(AddBusinessDays(due_on, 1));
  for (const std::string& expert : Distinct(kase.experts)) {
    out.push_back({ExpertRef(expert), Reason::kStageDueSoon, subject,
                   occurrence, soon, end_of_due_day, kase.application_id});
    out.push_back({ExpertRef(expert), Reason::kStageOverdue, subject,
                   occurrence, overdue, overdue + kOverdueLifetime,
                   kase.application_id});
  }
  return out;
}

Planned Decision(Reason reason, const std::string& application_id,
                 const std::string& occurrence, absl::Time at) {
  return {ContactRef(application_id),
          reason,
          absl::StrCat("application:", application_id),
          occurrence,
          at,
          at + kNoticeLifetime,
          application_id};
}

std::vector<Planned> Handover(const std::string& case_id,
                              const std::string& application_id,
                              const std::vector<std::string>& leaving,
                              const std::vector<std::string>& joining,
                              int64_t version, absl::Time at) {
  std::vector<std::string> experts = leaving;
  experts.insert(experts.end(), joining.begin(), joining.end());
  std::vector<Planned> out;
  for (const std::string& expert : Distinct(experts)) {
    out.push_back({ExpertRef(expert), Reason::kHandover,
                   absl::StrCat("case:", case_id), absl::StrCat("v", version),
                   at, at + kNoticeLifetime, application_id});
  }
  return out;
}

}  // namespace jstedu::notifications
