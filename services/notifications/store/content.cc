#include "services/notifications/store/content.h"

#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
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

}  // namespace

absl::StatusOr<Content> ReadContent(pqxx::transaction_base& tx,
                                    const ContentKey& key) {
  Content c;
  c.reason = key.reason;
  c.to_jst_contact = absl::StartsWith(key.person_ref, ContactRef(""));
  const auto [kind, id] = SubjectParts(key.subject_ref);
  auto jst = pg::Exec(tx, queries::kJstContent, key.application_id);
  if (!jst.empty()) {
    c.edition = jst[0]["edition"].as<std::string>();
    c.teryt = jst[0]["teryt"].as<std::string>();
  }
  if (kind == "module") {
    auto m = pg::Exec(tx, queries::kModuleContent, id);
    if (m.empty()) return absl::NotFoundError("the module is unknown");
    c.edition = m[0]["edition"].as<std::string>();
    c.module_number = m[0]["number"].as<int>();
    c.module_title = m[0]["title"].as<std::string>();
    c.venue = m[0]["venue"].as<std::string>();
    c.module_start = MicrosColumn(m[0]["start_us"]);
    c.module_end = MicrosColumn(m[0]["end_us"]);
    if (m[0]["deadline_us"].as<int64_t>() != 0) {
      c.signup_deadline = MicrosColumn(m[0]["deadline_us"]);
    }
  } else if (kind == "task") {
    auto t = pg::Exec(tx, queries::kTaskContent, id);
    if (t.empty()) return absl::NotFoundError("the task is unknown");
    c.task_title = t[0]["title"].as<std::string>();
    c.task_due = MicrosColumn(t[0]["due_us"]);
  } else if (kind == "case") {
    auto k = pg::Exec(tx, queries::kCaseContent, id);
    if (k.empty()) return absl::NotFoundError("the case is unknown");
    c.stage = k[0]["stage"].as<std::string>();
    std::string due_text = k[0]["stage_due_on"].as<std::string>();
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
  }
  return c;
}

}  // namespace jstedu::notifications
