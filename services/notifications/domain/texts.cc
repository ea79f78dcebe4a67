#include "services/notifications/domain/texts.h"

#include <array>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/time/civil_time.h"

namespace jstedu::notifications {
namespace {

constexpr std::array<const char*, 7> kPolishWeekdays{
    "poniedziałek", "wtorek", "środa",    "czwartek",
    "piątek",       "sobota", "niedziela"};
constexpr std::array<const char*, 7> kEnglishWeekdays{
    "Monday", "Tuesday",  "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday"};
// Genitive: "5 kwietnia".
constexpr std::array<const char*, 12> kPolishMonths{
    "stycznia", "lutego",   "marca",    "kwietnia",     "maja",      "czerwca",
    "lipca",    "sierpnia", "września", "października", "listopada", "grudnia"};
constexpr std::array<const char*, 12> kEnglishMonths{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// The voivodeships by TERYT code (02, 04, … 32), in the register's names.
constexpr std::array<const char*, 16> kVoivodeships{
    "dolnośląskie",   "kujawsko-pomorskie",
    "lubelskie",      "lubuskie",
    "łódzkie",        "małopolskie",
    "mazowieckie",    "opolskie",
    "podkarpackie",   "podlaskie",
    "pomorskie",      "śląskie",
    "świętokrzyskie", "warmińsko-mazurskie",
    "wielkopolskie",  "zachodniopomorskie"};

int WeekdayIndex(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return 0;
    case absl::Weekday::tuesday:
      return 1;
    case absl::Weekday::wednesday:
      return 2;
    case absl::Weekday::thursday:
      return 3;
    case absl::Weekday::friday:
      return 4;
    case absl::Weekday::saturday:
      return 5;
    case absl::Weekday::sunday:
      return 6;
  }
  return 0;
}

std::string StageName(const std::string& stage, Language language) {
  const bool pl = language == Language::kPolish;
  if (stage == "AREA_CHOICE") {
    return pl ? "wybór obszaru wsparcia" : "choice of the support area";
  }
  if (stage == "NEEDS_DIAGNOSIS") {
    return pl ? "diagnoza potrzeb z harmonogramem działań"
              : "needs diagnosis with an action schedule";
  }
  if (stage == "ROLLOUT") return pl ? "wdrożenie" : "rollout";
  if (stage == "COMPLETED") return pl ? "zakończenie" : "completion";
  if (stage == "WITHDRAWN") return pl ? "wycofanie" : "withdrawal";
  return stage;
}

std::string Jst(const Content& c, Language language) {
  if (c.teryt.empty()) return "JST";
  return absl::StrCat(
      language == Language::kPolish ? "JST (TERYT " : "the JST (TERYT ",
      c.teryt, ")");
}

std::string Footer(const Content& c, Language language) {
  const bool pl = language == Language::kPolish;
  std::string out = "\n\n";
  if (!c.console_url.empty()) {
    absl::StrAppend(&out,
                    pl ? "Szczegóły w konsoli programu: "
                       : "Details in the programme's console: ",
                    c.console_url, "\n");
  }
  if (IsRequired(c.reason)) {
    absl::StrAppend(&out, pl ? "Tę wiadomość wysyłamy zgodnie z zasadami "
                               "programu.\n"
                             : "We send this message under the programme's "
                               "rules.\n");
  } else {
    absl::StrAppend(
        &out, pl ? "Z przypomnień tego rodzaju można zrezygnować w konsoli, "
                   "w zakładce Powiadomienia.\n"
                 : "You can switch reminders of this kind off in the "
                   "console, under Notifications.\n");
  }
  absl::StrAppend(&out, pl ? "Wiadomość wysłana automatycznie, prosimy na "
                             "nią nie odpowiadać."
                           : "This message was sent automatically; please "
                             "do not reply to it.");
  return out;
}

// "Moduł 1 „Diagnoza”" (capital at a sentence's start) or "moduł 1
// „Diagnoza”"; "Module 1 "Diagnosis"".
std::string ModuleName(const Content& c, Language language,
                       bool capital = false) {
  if (language == Language::kEnglish) {
    return absl::StrCat("Module ", c.module_number, " \"", c.module_title,
                        "\"");
  }
  return absl::StrCat(capital ? "Moduł " : "moduł ", c.module_number, " „",
                      c.module_title, "”");
}

std::string ModuleWhenWhere(const Content& c, Language language) {
  const bool pl = language == Language::kPolish;
  return absl::StrCat(
      pl ? "od " : "from ", DateTimeText(c.module_start, language),
      pl ? " do " : " to ", DateTimeText(c.module_end, language),
      pl ? ", miejsce: " : ", venue: ", c.venue);
}

std::string Deadline(const Content& c, Language language) {
  return DateTimeText(c.signup_deadline.value_or(c.module_start), language);
}

std::string StageDue(const Content& c, Language language) {
  return c.stage_due_on ? DayText(*c.stage_due_on, language) : std::string("—");
}

// A digest's section: its heading with the total, then a line per JST.
std::string DigestSection(const std::string& heading,
                          const std::vector<DigestLine>& lines,
                          Language language, bool representatives = false,
                          const std::vector<DigestLine>& unknown = {}) {
  const bool pl = language == Language::kPolish;
  int total = 0;
  for (const DigestLine& line : lines) {
    total += representatives ? 1 : line.count;
  }
  std::string out = absl::StrCat(heading, ": ", total);
  for (const DigestLine& line : lines) {
    absl::StrAppend(&out, "\n  – JST (TERYT ", line.teryt, ")");
    if (representatives) {
      absl::StrAppend(&out, pl ? ", edycja " : ", edition ", line.edition, ": ",
                      line.count, pl ? " z wymaganych " : " of the ",
                      line.minimum, pl ? "" : " required");
    } else {
      absl::StrAppend(&out, ": ", line.count);
    }
  }
  for (const DigestLine& edition : unknown) {
    absl::StrAppend(&out, pl ? "\n  – edycja " : "\n  – edition ",
                    edition.edition,
                    pl ? ": minimum nieznane, niesprawdzone JST: "
                       : ": minimum not known, JSTs not checked: ",
                    edition.count);
  }
  return out;
}

Text DigestText(const Content& c, Language language) {
  const bool pl = language == Language::kPolish;
  const Digest& d = c.digest;
  const std::string name = VoivodeshipName(d.voivodeship);
  // "mazowieckie" → "mazowieckiego" (every name ends in "-ie").
  const std::string genitive =
      name.size() > 2 && name.substr(name.size() - 2) == "ie"
          ? absl::StrCat(name, "go")
          : name;
  const std::string week = DayText(d.week_start, language);
  const std::string sections = absl::StrJoin(
      {DigestSection(
           pl ? "Etapy doradztwa po terminie" : "Advisory stages overdue",
           d.overdue_stages, language),
       DigestSection(pl ? "Zadania wdrożeniowe po terminie, bez złożonego "
                          "sprawozdania"
                        : "Implementation tasks overdue, report not "
                          "submitted",
                     d.overdue_tasks, language),
       DigestSection(pl ? "JST poniżej minimalnej liczby aktywnych "
                          "przedstawicieli"
                        : "JSTs below the minimum of active representatives",
                     d.below_minimum, language, /*representatives=*/true,
                     d.unknown_minimum),
       DigestSection(pl ? "Rekordy uczestników do uzupełnienia (dane do "
                          "monitorowania)"
                        : "Participant records to complete (monitoring data)",
                     d.records_to_fix, language)},
      "\n\n");
  if (pl) {
    return {
        absl::StrCat("Podsumowanie tygodnia od ", week, " – województwo ",
                     name),
        absl::StrCat("Dzień dobry,\n\noto cotygodniowe podsumowanie "
                     "programu w JST województwa ",
                     genitive, ". Stan na ", DateTimeText(d.as_of, language),
                     ".\n\n", sections, Footer(c, language))};
  }
  return {
      absl::StrCat("Weekly digest from ", week, " – ", name, " voivodeship"),
      absl::StrCat("Hello,\n\nHere is the weekly digest of the programme "
                   "in the JSTs of the ",
                   name, " voivodeship, as of ",
                   DateTimeText(d.as_of, language), ".\n\n", sections,
                   Footer(c, language))};
}

Text RenderPolish(const Content& c) {
  const Language pl = Language::kPolish;
  const std::string hello = "Dzień dobry,\n\n";
  switch (c.reason) {
    case Reason::kJstQualified:
      return {absl::StrCat("Kwalifikacja do programu, edycja ", c.edition),
              absl::StrCat(hello, "uprzejmie informujemy, że ", Jst(c, pl),
                           " została zakwalifikowana do udziału w programie "
                           "wsparcia w edycji ",
                           c.edition,
                           ". O terminach szkoleń i kolejnych krokach "
                           "poinformujemy w osobnych wiadomościach.",
                           Footer(c, pl))};
    case Reason::kJstWaitlisted:
      return {
          absl::StrCat("Lista rezerwowa programu, edycja ", c.edition),
          absl::StrCat(hello, "uprzejmie informujemy, że ", Jst(c, pl),
                       " została wpisana na listę rezerwową edycji ", c.edition,
                       ". Jeśli zwolni się miejsce, poinformujemy o "
                       "kwalifikacji.",
                       Footer(c, pl))};
    case Reason::kDeclarationsMissing10d:
    case Reason::kDeclarationsMissing3d:
      return {absl::StrCat("Brak deklaracji uczestnictwa przed modułem ",
                           c.module_number),
              absl::StrCat(
                  hello, ModuleName(c, pl, true), " odbędzie się ",
                  ModuleWhenWhere(c, pl), ".\n\n",
                  c.to_jst_contact
                      ? "Nie mamy jeszcze deklaracji uczestnictwa wszystkich "
                        "zgłoszonych przez Państwa osób. Bez nich obecność "
                        "tych osób na zajęciach nie może zostać odnotowana. "
                        "Prosimy o ich dostarczenie przed rozpoczęciem "
                        "modułu."
                      : "Nie mamy jeszcze Pani/Pana deklaracji uczestnictwa. "
                        "Bez niej obecność na zajęciach nie może zostać "
                        "odnotowana. Prosimy o jej dostarczenie przed "
                        "rozpoczęciem modułu.",
                  Footer(c, pl))};
    case Reason::kModuleProgramme:
      return {absl::StrCat(ModuleName(c, pl, true), ": program i organizacja"),
              absl::StrCat(hello, ModuleName(c, pl, true), " odbędzie się ",
                           ModuleWhenWhere(c, pl),
                           ".\n\nSzczegółowy program zajęć (sesje, sale, "
                           "prowadzący) oraz informacje o zakwaterowaniu i "
                           "dojeździe są dostępne w konsoli programu.",
                           Footer(c, pl))};
    case Reason::kSignupDeadline48h:
    case Reason::kSignupDeadline4h:
      return {absl::StrCat("Zapisy na moduł ", c.module_number,
                           " (nocleg, dojazd, parking) do ", Deadline(c, pl)),
              absl::StrCat(hello,
                           "zapisy na nocleg, przejazd busem i miejsce "
                           "parkingowe na ",
                           ModuleName(c, pl), " (", ModuleWhenWhere(c, pl),
                           ") przyjmujemy do ", Deadline(c, pl),
                           ". Zapisy późniejsze wymagają zgody biura "
                           "programu.",
                           Footer(c, pl))};
    case Reason::kTaskDueSoon:
      return {
          absl::StrCat("Zadanie wdrożeniowe „", c.task_title, "”: termin ",
                       DateTimeText(c.task_due, pl)),
          absl::StrCat(hello, "przypominamy, że termin zadania wdrożeniowego „",
                       c.task_title, "” upływa ", DateTimeText(c.task_due, pl),
                       ". Sprawozdanie można złożyć w konsoli programu.",
                       Footer(c, pl))};
    case Reason::kTaskOverdue:
      return {
          absl::StrCat("Zadanie wdrożeniowe „", c.task_title, "” po terminie"),
          absl::StrCat(
              hello, "termin zadania wdrożeniowego „", c.task_title, "” dla ",
              Jst(c, pl), " upłynął ", DateTimeText(c.task_due, pl),
              ", a sprawozdanie nie zostało jeszcze złożone.", Footer(c, pl))};
    case Reason::kStageDueSoon:
      return {absl::StrCat("Etap „", StageName(c.stage, pl), "” – ", Jst(c, pl),
                           ": termin ", StageDue(c, pl)),
              absl::StrCat(hello, "termin etapu „", StageName(c.stage, pl),
                           "” doradztwa dla ", Jst(c, pl), " upływa ",
                           StageDue(c, pl), ".", Footer(c, pl))};
    case Reason::kStageOverdue:
      return {absl::StrCat("Etap „", StageName(c.stage, pl), "” – ", Jst(c, pl),
                           ": termin upłynął ", StageDue(c, pl)),
              absl::StrCat(
                  hello, "termin etapu „", StageName(c.stage, pl),
                  "” doradztwa dla ", Jst(c, pl), " upłynął ", StageDue(c, pl),
                  ", a etap nie został jeszcze zamknięty.", Footer(c, pl))};
    case Reason::kHandover:
      return {absl::StrCat("Zmiana ekspertów – ", Jst(c, pl)),
              absl::StrCat(hello,
                           "zmienił się skład ekspertów prowadzących "
                           "doradztwo dla ",
                           Jst(c, pl),
                           ". Aktualny skład i historia sprawy są w konsoli "
                           "programu.",
                           Footer(c, pl))};
    case Reason::kWeeklyDigest:
      return DigestText(c, pl);
  }
  return {};
}

Text RenderEnglish(const Content& c) {
  const Language en = Language::kEnglish;
  const std::string hello = "Hello,\n\n";
  switch (c.reason) {
    case Reason::kJstQualified:
      return {absl::StrCat("Qualified for the programme, edition ", c.edition),
              absl::StrCat(hello, "We are pleased to let you know that ",
                           Jst(c, en),
                           " has qualified for the support programme, "
                           "edition ",
                           c.edition,
                           ". We will write separately about the training "
                           "dates and the next steps.",
                           Footer(c, en))};
    case Reason::kJstWaitlisted:
      return {
          absl::StrCat("Waiting list of the programme, edition ", c.edition),
          absl::StrCat(hello, "We would like to let you know that ", Jst(c, en),
                       " is on the waiting list of edition ", c.edition,
                       ". If a place becomes free, we will let you know.",
                       Footer(c, en))};
    case Reason::kDeclarationsMissing10d:
    case Reason::kDeclarationsMissing3d:
      return {absl::StrCat("Participation declaration missing before module ",
                           c.module_number),
              absl::StrCat(
                  hello, ModuleName(c, en), " runs ", ModuleWhenWhere(c, en),
                  ".\n\n",
                  c.to_jst_contact
                      ? "We do not yet have the participation declarations "
                        "of everyone you registered. Without them, their "
                        "attendance cannot be recorded. Please send them "
                        "before the module starts."
                      : "We do not yet have your participation declaration. "
                        "Without it, your attendance cannot be recorded. "
                        "Please send it before the module starts.",
                  Footer(c, en))};
    case Reason::kModuleProgramme:
      return {absl::StrCat(ModuleName(c, en), ": programme and logistics"),
              absl::StrCat(hello, ModuleName(c, en), " runs ",
                           ModuleWhenWhere(c, en),
                           ".\n\nThe detailed programme (sessions, rooms, "
                           "trainers) and the accommodation and travel "
                           "details are in the programme's console.",
                           Footer(c, en))};
    case Reason::kSignupDeadline48h:
    case Reason::kSignupDeadline4h:
      return {absl::StrCat("Sign-up for module ", c.module_number,
                           " (accommodation, shuttle, parking) until ",
                           Deadline(c, en)),
              absl::StrCat(hello,
                           "Sign-ups for accommodation, the shuttle bus and "
                           "parking for ",
                           ModuleName(c, en), " (", ModuleWhenWhere(c, en),
                           ") close ", Deadline(c, en),
                           ". Later sign-ups need the programme office's "
                           "approval.",
                           Footer(c, en))};
    case Reason::kTaskDueSoon:
      return {absl::StrCat("Implementation task \"", c.task_title, "\": due ",
                           DateTimeText(c.task_due, en)),
              absl::StrCat(hello, "The implementation task \"", c.task_title,
                           "\" is due ", DateTimeText(c.task_due, en),
                           ". The report can be submitted in the programme's "
                           "console.",
                           Footer(c, en))};
    case Reason::kTaskOverdue:
      return {
          absl::StrCat("Implementation task \"", c.task_title, "\" is overdue"),
          absl::StrCat(
              hello, "The implementation task \"", c.task_title, "\" for ",
              Jst(c, en), " was due ", DateTimeText(c.task_due, en),
              " and its report has not been submitted yet.", Footer(c, en))};
    case Reason::kStageDueSoon:
      return {absl::StrCat("Stage \"", StageName(c.stage, en), "\" – ",
                           Jst(c, en), ": due ", StageDue(c, en)),
              absl::StrCat(hello, "The advisory stage \"",
                           StageName(c.stage, en), "\" for ", Jst(c, en),
                           " is due ", StageDue(c, en), ".", Footer(c, en))};
    case Reason::kStageOverdue:
      return {
          absl::StrCat("Stage \"", StageName(c.stage, en), "\" – ", Jst(c, en),
                       ": overdue since ", StageDue(c, en)),
          absl::StrCat(hello, "The advisory stage \"", StageName(c.stage, en),
                       "\" for ", Jst(c, en), " was due ", StageDue(c, en),
                       " and is not closed yet.", Footer(c, en))};
    case Reason::kHandover:
      return {absl::StrCat("Change of the experts advising ", Jst(c, en)),
              absl::StrCat(hello, "The experts advising ", Jst(c, en),
                           " have changed. The current team and the case's "
                           "history are in the programme's console.",
                           Footer(c, en))};
    case Reason::kWeeklyDigest:
      return DigestText(c, en);
  }
  return {};
}

}  // namespace

std::string VoivodeshipName(const std::string& code) {
  int number = 0;
  if (code.size() == 2 && absl::SimpleAtoi(code, &number) && number % 2 == 0 &&
      number >= 2 && number <= 32) {
    return kVoivodeships[number / 2 - 1];
  }
  return code;
}

std::string DayText(absl::CivilDay day, Language language) {
  const int month = day.month() - 1;
  if (language == Language::kPolish) {
    return absl::StrCat(day.day(), " ", kPolishMonths[month], " ", day.year(),
                        " r. (", kPolishWeekdays[WeekdayIndex(day)], ")");
  }
  return absl::StrCat(kEnglishWeekdays[WeekdayIndex(day)], " ", day.day(), " ",
                      kEnglishMonths[month], " ", day.year());
}

std::string DateTimeText(absl::Time t, Language language) {
  const absl::CivilMinute local = absl::ToCivilMinute(t, ProgrammeZone());
  const std::string clock = absl::StrCat(
      local.hour(), ":", absl::Dec(local.minute(), absl::kZeroPad2));
  const absl::CivilDay day(local);
  if (language == Language::kPolish) {
    return absl::StrCat(DayText(day, language), ", godz. ", clock);
  }
  return absl::StrCat(DayText(day, language), ", ", clock);
}

Text Render(const Content& content, Language language) {
  return language == Language::kEnglish ? RenderEnglish(content)
                                        : RenderPolish(content);
}

}  // namespace jstedu::notifications
