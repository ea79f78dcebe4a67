#include "services/training/api_input.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/ids.h"
#include "services/training/domain/third_week.h"

namespace jstedu::training {

using errors::FieldProblem;

namespace {

// "HH:MM" as minutes after midnight.
std::optional<int> ClockMinutes(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  int h = 0, m = 0;
  if (parts.size() != 2 || parts[0].size() != 2 || parts[1].size() != 2 ||
      !absl::SimpleAtoi(parts[0], &h) || !absl::SimpleAtoi(parts[1], &m) ||
      h > 23 || m > 59 || h < 0 || m < 0) {
    return std::nullopt;
  }
  return h * 60 + m;
}

}  // namespace

bool IsEditionCode(const std::string& code) { return ids::IsEditionCode(code); }

AmbiguousTime Ambiguity(v1::AmbiguousTime value) {
  switch (value) {
    case v1::EARLIER_INSTANT:
      return AmbiguousTime::kEarlierInstant;
    case v1::LATER_INSTANT:
      return AmbiguousTime::kLaterInstant;
    default:
      return AmbiguousTime::kRefuse;
  }
}

// A local date-time field as an instant; a problem is listed otherwise.
std::optional<absl::Time> LocalField(std::vector<FieldProblem>& problems,
                                     const std::string& field,
                                     const std::string& text,
                                     v1::AmbiguousTime ambiguous) {
  if (text.empty()) {
    problems.push_back({field, "is required (local time, 2017-04-05T11:00)"});
    return std::nullopt;
  }
  auto instant = ParseLocalInstant(text, Ambiguity(ambiguous));
  if (!instant.ok()) {
    problems.push_back({field, std::string(instant.status().message())});
    return std::nullopt;
  }
  return *instant;
}

bool IsKey(const std::string& text, size_t max, const char* extra) {
  if (text.empty() || text.size() > max) return false;
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        std::string_view(extra).find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

namespace {

// Module dates from "the third week of YYYY-MM" with the edition's reading.
void ProposeDates(std::vector<FieldProblem>& problems, const v1::Module& m,
                  v1::ThirdWeekReading reading, ModuleInput& in) {
  int year = 0, month = 0;
  std::vector<std::string> parts = absl::StrSplit(m.third_week_of(), '-');
  if (parts.size() != 2 || parts[0].size() != 4 || parts[1].size() != 2 ||
      !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month)) {
    problems.push_back({"module.thirdWeekOf", "must be YYYY-MM"});
    return;
  }
  auto week = ResolveThirdWeek(year, month,
                               reading == v1::DAYS_15_TO_21
                                   ? ThirdWeekReading::kDays15To21
                                   : ThirdWeekReading::kThirdMondayWeek);
  if (!week.ok()) {
    problems.push_back(
        {"module.thirdWeekOf", std::string(week.status().message())});
    return;
  }
  auto days = ProposeModuleDays(*week);
  if (!days.ok()) {
    problems.push_back(
        {"module.thirdWeekOf", std::string(days.status().message())});
    return;
  }
  const auto first = ClockMinutes(
      m.first_day_starts().empty() ? "11:00" : m.first_day_starts());
  const auto last =
      ClockMinutes(m.last_day_ends().empty() ? "14:30" : m.last_day_ends());
  if (!first) problems.push_back({"module.firstDayStarts", "must be HH:MM"});
  if (!last) problems.push_back({"module.lastDayEnds", "must be HH:MM"});
  if (!first || !last) return;
  auto start = LocalToInstant(absl::CivilMinute(days->first) + *first,
                              Ambiguity(m.ambiguous_time()));
  auto end = LocalToInstant(absl::CivilMinute(days->last) + *last,
                            Ambiguity(m.ambiguous_time()));
  if (!start.ok()) {
    problems.push_back(
        {"module.firstDayStarts", std::string(start.status().message())});
  }
  if (!end.ok()) {
    problems.push_back(
        {"module.lastDayEnds", std::string(end.status().message())});
  }
  if (start.ok()) in.start = *start;
  if (end.ok()) in.end = *end;
  in.third_week_of = m.third_week_of();
}

}  // namespace

namespace {

// The module's dates against its edition and its deadline (only once the
// dates themselves are valid).
void CheckModuleDates(std::vector<FieldProblem>& problems, const v1::Module& m,
                      const EditionPeriod& edition, const ModuleInput& in) {
  auto zone = ProgrammeTimeZone();
  if (!zone.ok()) return;
  const absl::CivilDay first = absl::ToCivilDay(in.start, *zone);
  const absl::CivilDay last = absl::ToCivilDay(in.end, *zone);
  if (auto outside = ModuleOutsideEdition(first, last, edition)) {
    if (!m.third_week_of().empty()) {
      problems.push_back({"module.thirdWeekOf", *outside});
    } else {
      if (first < edition.starts_on) {
        problems.push_back({"module.startsLocal", *outside});
      }
      if (last > edition.ends_on) {
        problems.push_back({"module.endsLocal", *outside});
      }
    }
  }
  if (in.signup_deadline) {
    if (auto late = DeadlineAfterModuleStart(*in.signup_deadline, in.start)) {
      problems.push_back({"module.signupDeadlineLocal", *late});
    }
  }
}

}  // namespace

absl::StatusOr<ModuleInput> ModuleFromRequest(
    const v1::Module& m, const v1::TrainingSettings& settings,
    const EditionPeriod& edition) {
  std::vector<FieldProblem> problems;
  ModuleInput in;
  CheckRange(problems, "module.number", m.number(), 1, 20);
  CheckText(problems, "module.title", m.title(), 1, 200);
  CheckText(problems, "module.venue", m.venue(), 1, 300);
  CheckRange(problems, "module.didacticHours", m.didactic_hours(), 1, 200);
  CheckRange(problems, "module.shuttleSeats", m.shuttle_seats(), 0, 1000);
  CheckRange(problems, "module.parkingPlaces", m.parking_places(), 0, 1000);
  const size_t before_dates = problems.size();
  const bool explicit_dates =
      !m.starts_local().empty() || !m.ends_local().empty();
  if (explicit_dates && !m.third_week_of().empty()) {
    problems.push_back({"module.thirdWeekOf",
                        "give either startsLocal/endsLocal or thirdWeekOf"});
  } else if (!m.third_week_of().empty()) {
    ProposeDates(problems, m, settings.third_week_reading(), in);
  } else {
    auto start = LocalField(problems, "module.startsLocal", m.starts_local(),
                            m.ambiguous_time());
    auto end = LocalField(problems, "module.endsLocal", m.ends_local(),
                          m.ambiguous_time());
    if (start) in.start = *start;
    if (end) in.end = *end;
    if (start && end && *end <= *start) {
      problems.push_back({"module.endsLocal", "must be after startsLocal"});
    }
  }
  if (!m.signup_deadline_local().empty()) {
    in.signup_deadline =
        LocalField(problems, "module.signupDeadlineLocal",
                   m.signup_deadline_local(), m.ambiguous_time());
  }
  const bool dates_valid = problems.size() == before_dates;
  if (m.rooms().empty()) {
    problems.push_back({"module.rooms", "at least one room is required"});
  }
  std::set<std::string> room_ids;
  for (int i = 0; i < m.rooms_size(); ++i) {
    const v1::Room& room = m.rooms(i);
    const std::string path = absl::StrCat("module.rooms[", i, "]");
    if (!IsKey(room.id(), 32, "-_")) {
      problems.push_back({path + ".id", "must be 1..32 of A-Z a-z 0-9 - _"});
    } else if (!room_ids.insert(room.id()).second) {
      problems.push_back({path + ".id", "is used twice"});
    }
    CheckText(problems, path + ".name", room.name(), 1, 200);
    CheckRange(problems, path + ".capacity", room.capacity(), 1, 5000);
  }
  if (dates_valid) CheckModuleDates(problems, m, edition, in);
  if (!problems.empty()) return errors::InvalidFields(problems);
  in.number = m.number();
  in.title = m.title();
  in.venue = m.venue();
  in.didactic_hours = m.didactic_hours();
  in.rooms.assign(m.rooms().begin(), m.rooms().end());
  in.shuttle_seats = m.shuttle_seats();
  in.parking_places = m.parking_places();
  return in;
}

absl::StatusOr<SessionInput> SessionFromRequest(
    const v1::Session& s, const v1::TrainingSettings& settings) {
  std::vector<FieldProblem> problems;
  SessionInput in;
  auto start = LocalField(problems, "session.startsLocal", s.starts_local(),
                          s.ambiguous_time());
  const int minutes = s.duration_minutes() == 0 ? settings.session_minutes()
                                                : s.duration_minutes();
  CheckRange(problems, "session.durationMinutes", minutes, 15, 480);
  if (s.thematic_area() < 1 || s.thematic_area() > 5) {
    problems.push_back({"session.thematicArea", "must be one of the 5 areas"});
  }
  CheckRange(problems, "session.workshopGroup", s.workshop_group(), 0, 4);
  if (!IsKey(s.room(), 32, "-_")) {
    problems.push_back({"session.room", "must be a room id of the module"});
  }
  if (!IsKey(s.trainer(), 128, "._@-")) {
    problems.push_back(
        {"session.trainer", "must be 1..128 of A-Z a-z 0-9 . _ @ -"});
  }
  CheckText(problems, "session.title", s.title(), 0, 200);
  if (!problems.empty()) return errors::InvalidFields(problems);
  in.start = *start;
  in.end = *start + absl::Minutes(minutes);
  in.thematic_area = s.thematic_area();
  in.workshop_group = s.workshop_group();
  in.room = s.room();
  in.trainer = s.trainer();
  in.title = s.title();
  return in;
}

void CheckUuid(std::vector<FieldProblem>& problems, const std::string& field,
               const std::string& id) {
  if (!ids::IsUuid(id)) problems.push_back({field, "must be a UUID"});
}

}  // namespace jstedu::training
