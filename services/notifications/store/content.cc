#include "services/notifications/store/content.h"

#include <pqxx/pqxx>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "services/notifications/store/content_queries.h"
#include "services/notifications/store/instants.h"

namespace jstedu::notifications {
namespace {

// "module:<id>" → {"module", "<id>"}.
std::pair<std::string, std::string> SubjectParts(const std::string& ref) {
  std::pair<std::string, std::string> parts =
      absl::StrSplit(ref, absl::MaxSplits(':', 1));
  return parts;
}

// The rows of `sql` for the ids ('' ids left out); none without a query
// when there are none.
pqxx::result ForIds(pqxx::transaction_base& tx, const char* sql,
                    const std::set<std::string>& ids) {
  std::vector<std::string> named;
  for (const std::string& id : ids) {
    if (!id.empty()) named.push_back(id);
  }
  if (named.empty()) return {};
  return pg::Exec(tx, sql, pg::TextArrayLiteral(named));
}

// The digest's section a row of kDigestSections belongs to.
std::vector<DigestLine> Digest::*DigestSection(const std::string& name) {
  if (name == "stages") return &Digest::overdue_stages;
  if (name == "tasks") return &Digest::overdue_tasks;
  if (name == "minimum") return &Digest::below_minimum;
  if (name == "records") return &Digest::records_to_fix;
  if (name == "unknown") return &Digest::unknown_minimum;
  return nullptr;
}

}  // namespace

ContentFacts ContentFacts::Read(pqxx::transaction_base& tx,
                                const std::vector<ContentKey>& keys,
                                absl::Time now, Counts counts) {
  std::set<std::string> applications;
  std::map<std::string, std::set<std::string>> subjects;  // by kind
  for (const ContentKey& key : keys) {
    applications.insert(key.application_id);
    const auto [kind, id] = SubjectParts(key.subject_ref);
    subjects[kind].insert(id);
  }
  ContentFacts facts;
  for (const auto& r : ForIds(tx, queries::kJstContent, applications)) {
    facts.jsts_[r["application_id"].as<std::string>()] = {
        r["edition"].as<std::string>(), r["teryt"].as<std::string>()};
  }
  for (const auto& r :
       ForIds(tx, queries::kModuleContent, subjects["module"])) {
    Module& m = facts.modules_[r["module_id"].as<std::string>()];
    m.edition = r["edition"].as<std::string>();
    m.number = r["number"].as<int>();
    m.title = r["title"].as<std::string>();
    m.venue = r["venue"].as<std::string>();
    m.start = MicrosColumn(r["start_us"]);
    m.end = MicrosColumn(r["end_us"]);
    if (r["deadline_us"].as<int64_t>() != 0) {
      m.signup_deadline = MicrosColumn(r["deadline_us"]);
    }
  }
  for (const auto& r : ForIds(tx, queries::kTaskContent, subjects["task"])) {
    facts.tasks_[r["task_id"].as<std::string>()] = {
        r["title"].as<std::string>(), MicrosColumn(r["due_us"])};
  }
  for (const auto& r : ForIds(tx, queries::kCaseContent, subjects["case"])) {
    facts.cases_[r["case_id"].as<std::string>()] = {
        r["stage"].as<std::string>(), r["stage_due_on"].as<std::string>()};
  }
  facts.ReadDigests(tx, subjects["voivodeship"], now, counts);
  return facts;
}

void ContentFacts::ReadDigests(pqxx::transaction_base& tx,
                               const std::set<std::string>& voivodeships,
                               absl::Time now, Counts counts) {
  if (voivodeships.empty()) return;
  const std::string codes = pg::TextArrayLiteral(
      std::vector<std::string>(voivodeships.begin(), voivodeships.end()));
  for (const std::string& code : voivodeships) {
    digests_[code].voivodeship = code;
    digests_[code].as_of = now;
  }
  if (counts == Counts::kTitlesOnly) return;
  for (const auto& r :
       pg::Exec(tx, queries::kDigestSections, codes, TimestampParam(now))) {
    const auto section = DigestSection(r["section"].as<std::string>());
    if (section == nullptr) continue;
    (digests_[r["voivodeship"].as<std::string>()].*section)
        .push_back({r["teryt"].as<std::string>(), r["n"].as<int>(),
                    r["minimum"].as<int>(), r["edition"].as<std::string>()});
  }
}

absl::StatusOr<Content> ContentFacts::Of(const ContentKey& key) const {
  Content c;
  c.reason = key.reason;
  c.to_jst_contact = absl::StartsWith(key.person_ref, ContactRef(""));
  const auto [kind, id] = SubjectParts(key.subject_ref);
  if (auto jst = jsts_.find(key.application_id); jst != jsts_.end()) {
    c.edition = jst->second.edition;
    c.teryt = jst->second.teryt;
  }
  if (kind == "module") {
    auto found = modules_.find(id);
    if (found == modules_.end()) {
      return absl::NotFoundError("the module is unknown");
    }
    const Module& m = found->second;
    c.edition = m.edition;
    c.module_number = m.number;
    c.module_title = m.title;
    c.venue = m.venue;
    c.module_start = m.start;
    c.module_end = m.end;
    c.signup_deadline = m.signup_deadline;
  } else if (kind == "task") {
    auto found = tasks_.find(id);
    if (found == tasks_.end())
      return absl::NotFoundError("the task is unknown");
    c.task_title = found->second.title;
    c.task_due = found->second.due;
  } else if (kind == "case") {
    auto found = cases_.find(id);
    if (found == cases_.end())
      return absl::NotFoundError("the case is unknown");
    c.stage = found->second.stage;
    std::string due_text = found->second.due_on;
    // The planned stage and day (domain/schedule.cc, PlanCase), when the
    // key carries them.
    const std::pair<std::string, std::string> planned =
        absl::StrSplit(key.occurrence, absl::MaxSplits('@', 1));
    absl::CivilDay due;
    if (absl::ParseCivilTime(planned.second, &due)) {
      if (!planned.first.empty()) c.stage = planned.first;
      due_text = planned.second;
    }
    if (absl::ParseCivilTime(due_text, &due)) c.stage_due_on = due;
  } else if (kind == "voivodeship") {
    auto found = digests_.find(id);
    const std::optional<absl::CivilDay> monday = IsoWeekMonday(key.occurrence);
    if (found == digests_.end() || !monday) {
      return absl::NotFoundError("the digest's week is unknown");
    }
    c.digest = found->second;
    c.digest.week_start = *monday;
  }
  return c;
}

absl::StatusOr<Content> ReadContent(pqxx::transaction_base& tx,
                                    const ContentKey& key, absl::Time now) {
  return ContentFacts::Read(tx, {key}, now, ContentFacts::Counts::kWhole)
      .Of(key);
}

}  // namespace jstedu::notifications
