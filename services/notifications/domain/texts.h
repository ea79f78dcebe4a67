#pragma once

// What each notification says, in Polish or (where the person chose it)
// English: a subject line and a plain-text body, from the facts the
// service holds about its subject. Times are the programme's
// (Europe/Warsaw), written out in words ("5 kwietnia 2017 r. (środa),
// godz. 11:00"). Optional kinds end with where to switch them off;
// required ones say they are the programme's.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/notifications/domain/schedule.h"

namespace jstedu::notifications {

enum class Language { kPolish, kEnglish };

// One JST's line of a weekly digest: how many of the section's things (for
// JSTs below the minimum: active representatives, of `minimum` needed in
// `edition`).
struct DigestLine {
  std::string teryt;
  int count = 0;
  int minimum = 0;
  std::string edition;
};

// A coordinator's weekly digest: its voivodeship's state when it is sent,
// JST by JST (TERYT codes, no names).
struct Digest {
  std::string voivodeship;                 // TERYT code ("14")
  absl::CivilDay week_start;               // the Monday it is for
  absl::Time as_of;                        // when it was counted
  std::vector<DigestLine> overdue_stages;  // advisory stages past due
  std::vector<DigestLine> overdue_tasks;   // tasks past due, not submitted
  std::vector<DigestLine> below_minimum;   // active representatives
  std::vector<DigestLine> records_to_fix;  // monitoring data incomplete
  // Editions whose minimum is not known (their JSTs are not checked):
  // `edition` and, in `count`, how many JSTs.
  std::vector<DigestLine> unknown_minimum;
};

// "mazowieckie" for "14"; the code itself for an unknown one.
std::string VoivodeshipName(const std::string& code);

// What a notification is about, as far as its reason needs.
struct Content {
  Reason reason = Reason::kModuleProgramme;
  std::string edition;
  std::string teryt;
  // Modules.
  int module_number = 0;
  std::string module_title;
  std::string venue;
  absl::Time module_start;
  absl::Time module_end;
  std::optional<absl::Time> signup_deadline;
  // Tasks.
  std::string task_title;
  absl::Time task_due;
  // Cases: the stage's name ("NEEDS_DIAGNOSIS") and due day.
  std::string stage;
  std::optional<absl::CivilDay> stage_due_on;
  // The weekly digest.
  Digest digest;
  // The console's address, for the "see more" line ("" for none).
  std::string console_url;
  // Written to the JST's contact (about its people), not to one person.
  bool to_jst_contact = false;
};

struct Text {
  std::string subject;
  std::string body;
};

Text Render(const Content& content, Language language);

// "5 kwietnia 2017 r. (środa), godz. 11:00" / "Wednesday 5 April 2017,
// 11:00", in Europe/Warsaw.
std::string DateTimeText(absl::Time t, Language language);
// "8 czerwca 2026 r. (poniedziałek)" / "Monday 8 June 2026".
std::string DayText(absl::CivilDay day, Language language);

}  // namespace jstedu::notifications
