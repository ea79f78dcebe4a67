// The e-mail as bytes (RFC 5322, MIME quoted-printable, RFC 2047 headers)
// and what each notification says. With JSTEDU_MAIL_SAMPLE_DIR set, the
// sample test also writes every kind of notification in both languages
// there, with what each must read as, for tests/mail/validate_mail.py
// (Python's email parser, strict policy).

#include "services/notifications/domain/message.h"

#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/notifications/domain/texts.h"

namespace jstedu::notifications {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::Time Local(const std::string& text) {
  auto t = ParseLocalInstant(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.value_or(absl::InfinitePast());
}

Mail SampleMail() {
  Mail m;
  m.from_address = "powiadomienia@jstedu.example";
  m.from_name = "Program wsparcia JST";
  m.to_address = "anna.nowak@gmina.example";
  m.subject = "Moduł 1 „Diagnoza”: program i organizacja";
  m.body = "Dzień dobry,\n\nzażółć gęślą jaźń.";
  m.notification_id = "5b1e3c7a-0000-4000-8000-000000000001";
  m.date = Local("2026-11-23T12:00");
  m.language = "pl";
  return m;
}

TEST(QuotedPrintable, EncodesEverythingButPrintableAscii) {
  EXPECT_EQ(QuotedPrintable("Zażółć gęślą jaźń"),
            "Za=C5=BC=C3=B3=C5=82=C4=87 g=C4=99=C5=9Bl=C4=85 ja=C5=BA=C5=84");
  EXPECT_EQ(QuotedPrintable("a=b"), "a=3Db");
  // A space at a line's end is encoded; lines end in CRLF.
  EXPECT_EQ(QuotedPrintable("end \nnext\ttab"), "end=20\r\nnext\ttab");
  EXPECT_EQ(QuotedPrintable("crlf\r\nin"), "crlf\r\nin");
}

TEST(QuotedPrintable, LongLinesAreSoftBrokenNeverInsideAnEscape) {
  std::string line;
  for (int i = 0; i < 60; ++i) line += "ą";  // 120 bytes, 360 encoded
  const std::string encoded = QuotedPrintable(line);
  const std::vector<absl::string_view> parts = absl::StrSplit(encoded, "\r\n");
  size_t escapes = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::string_view part = parts[i];
    EXPECT_LE(part.size(), 76u) << part;
    // Every line but the last ends in a soft break.
    EXPECT_EQ(absl::ConsumeSuffix(&part, "="), i + 1 < parts.size()) << part;
    // Whole escapes only.
    EXPECT_EQ(part.size() % 3, 0u) << part;
    escapes += part.size() / 3;
  }
  EXPECT_EQ(escapes, 120u);
}

TEST(HeaderText, AsciiStaysAndTheRestIsEncodedWordsOfWholeCharacters) {
  EXPECT_EQ(HeaderText("Module 1: programme"), "Module 1: programme");
  // Long ASCII is folded as encoded-words too.
  const std::string long_ascii(100, 'x');
  EXPECT_TRUE(absl::StartsWith(HeaderText(long_ascii), "=?UTF-8?B?"));
  const std::string subject =
      "Zadanie wdrożeniowe „Diagnoza potrzeb oświatowych gminy wraz z "
      "harmonogramem działań”: termin środa, 1 kwietnia 2027 r., godz. 12:00";
  const std::string encoded = HeaderText(subject);
  std::string decoded;
  bool first = true;
  for (absl::string_view line : absl::StrSplit(encoded, "\r\n")) {
    EXPECT_LE(line.size() + (first ? 9 : 0), 76u) << line;
    absl::string_view word = line;
    if (!first) {
      ASSERT_TRUE(absl::ConsumePrefix(&word, " ")) << line;
    }
    first = false;
    ASSERT_TRUE(absl::ConsumePrefix(&word, "=?UTF-8?B?")) << line;
    ASSERT_TRUE(absl::ConsumeSuffix(&word, "?=")) << line;
    std::string bytes;
    ASSERT_TRUE(absl::Base64Unescape(word, &bytes));
    // Whole characters: no word ends inside a UTF-8 sequence.
    EXPECT_NE(static_cast<unsigned char>(bytes.back()) & 0xc0, 0xc0u);
    decoded += bytes;
  }
  EXPECT_EQ(decoded, subject);
}

TEST(Compose, HeadersAndBody) {
  auto message = Compose(SampleMail());
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_THAT(*message, HasSubstr("Date: Mon, 23 Nov 2026 12:00:00 +0100\r\n"));
  EXPECT_THAT(*message,
              HasSubstr("Message-ID: <5b1e3c7a-0000-4000-8000-000000000001@"
                        "notifications.jstedu>\r\n"));
  EXPECT_THAT(*message, HasSubstr("To: <anna.nowak@gmina.example>\r\n"));
  EXPECT_THAT(*message, HasSubstr("From: \"Program wsparcia JST\" "
                                  "<powiadomienia@jstedu.example>\r\n"));
  // A comma or a quote in the name is the name's, not syntax; a Polish
  // name is encoded, the address on the next line.
  Mail named = SampleMail();
  named.from_name = "Biuro \"JST\", MEN";
  EXPECT_THAT(*Compose(named), HasSubstr("From: \"Biuro \\\"JST\\\", MEN\" <"));
  // 41..66 printable ASCII characters: quoted too, the address folded.
  named.from_name = "Biuro Programu Wsparcia JST, Warszawa (MEN)";
  EXPECT_THAT(*Compose(named),
              HasSubstr("From: \"Biuro Programu Wsparcia JST, Warszawa "
                        "(MEN)\"\r\n <powiadomienia@jstedu.example>\r\n"));
  named.from_name =
      "Biuro programu wsparcia jednostek samorządu terytorialnego";
  EXPECT_THAT(*Compose(named),
              HasSubstr("?=\r\n <powiadomienia@jstedu.example>\r\n"));
  EXPECT_THAT(*message, HasSubstr("Content-Type: text/plain; charset=UTF-8"));
  EXPECT_THAT(*message, HasSubstr("Auto-Submitted: auto-generated\r\n"));
  EXPECT_THAT(*message, HasSubstr("\r\n\r\nDzie=C5=84 dobry,\r\n\r\nza"));
  // Summer time: the offset follows.
  Mail summer = SampleMail();
  summer.date = Local("2027-04-01T09:30");
  EXPECT_THAT(*Compose(summer),
              HasSubstr("Date: Thu, 01 Apr 2027 09:30:00 +0200\r\n"));
}

TEST(Compose, RefusesWhatWouldInjectHeaders) {
  auto refused = [](void (*spoil)(Mail&)) {
    Mail bad = SampleMail();
    spoil(bad);
    auto composed = Compose(bad);
    EXPECT_EQ(composed.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(composed.status().message());
  };
  EXPECT_THAT(refused([](Mail& m) {
                m.to_address = "a@b.example\r\nBcc: everyone@b.example";
              }),
              HasSubstr("toAddress"));
  EXPECT_THAT(refused([](Mail& m) { m.subject = "one\r\nBcc: x@y.example"; }),
              HasSubstr("subject"));
  EXPECT_THAT(refused([](Mail& m) { m.from_name = "Biuro\nBcc: x@y.example"; }),
              HasSubstr("fromName"));
  EXPECT_THAT(refused([](Mail& m) { m.from_address = "no-at-sign"; }),
              HasSubstr("fromAddress"));
  EXPECT_FALSE(IsMailAddress("two@@at.example"));
  EXPECT_FALSE(IsMailAddress("<a@b.example>"));
  EXPECT_FALSE(IsMailAddress("a b@c.example"));
  EXPECT_TRUE(IsMailAddress("first.last+tag@sub.gmina.example"));
}

TEST(Texts, DatesInWordsInWarsawTime) {
  EXPECT_EQ(DateTimeText(Local("2017-04-05T11:00"), Language::kPolish),
            "5 kwietnia 2017 r. (środa), godz. 11:00");
  EXPECT_EQ(DateTimeText(Local("2017-04-05T11:00"), Language::kEnglish),
            "Wednesday 5 April 2017, 11:00");
  // 24 March 2017 14:00 UTC is 15:00 in Warsaw (winter time).
  EXPECT_EQ(DateTimeText(absl::FromCivil(absl::CivilMinute(2017, 3, 24, 14, 0),
                                         absl::UTCTimeZone()),
                         Language::kPolish),
            "24 marca 2017 r. (piątek), godz. 15:00");
  EXPECT_EQ(DayText(absl::CivilDay(2026, 6, 8), Language::kPolish),
            "8 czerwca 2026 r. (poniedziałek)");
}

Content ModuleContent(Reason reason) {
  Content c;
  c.reason = reason;
  c.edition = "E2027";
  c.teryt = "2476011";
  c.module_number = 1;
  c.module_title = "Diagnoza";
  c.venue = "Hotel Bristol, Warszawa";
  c.module_start = Local("2017-04-05T11:00");
  c.module_end = Local("2017-04-07T14:30");
  c.signup_deadline = Local("2017-03-24T15:00");
  c.task_title = "Diagnoza potrzeb";
  c.task_due = Local("2017-06-14T11:00");
  c.stage = "NEEDS_DIAGNOSIS";
  c.stage_due_on = absl::CivilDay(2026, 6, 8);
  c.console_url = "https://jstedu.example/";
  c.digest.voivodeship = "14";
  c.digest.week_start = absl::CivilDay(2027, 3, 8);
  c.digest.as_of = Local("2027-03-08T07:00");
  c.digest.overdue_stages = {{"1465011", 2, 0, ""}, {"1401011", 1, 0, ""}};
  c.digest.below_minimum = {{"1465011", 1, 2, "2027-R"}};
  c.digest.records_to_fix = {{"1401011", 4, 0, ""}};
  c.digest.unknown_minimum = {{"", 5, 0, "2027-P"}};
  return c;
}

TEST(Texts, EachKindSaysWhatAndWhenAndWhetherItCanBeSwitchedOff) {
  const Text programme =
      Render(ModuleContent(Reason::kModuleProgramme), Language::kPolish);
  EXPECT_EQ(programme.subject, "Moduł 1 „Diagnoza”: program i organizacja");
  EXPECT_THAT(programme.body,
              HasSubstr("od 5 kwietnia 2017 r. (środa), godz. 11:00 do "
                        "7 kwietnia 2017 r. (piątek), godz. 14:30, miejsce: "
                        "Hotel Bristol, Warszawa"));
  EXPECT_THAT(programme.body, HasSubstr("zgodnie z zasadami programu"));
  const Text signup =
      Render(ModuleContent(Reason::kSignupDeadline48h), Language::kPolish);
  EXPECT_THAT(signup.subject,
              HasSubstr("do 24 marca 2017 r. (piątek), godz. 15:00"));
  EXPECT_THAT(signup.body, HasSubstr("można zrezygnować w konsoli"));
  const Text stage =
      Render(ModuleContent(Reason::kStageDueSoon), Language::kEnglish);
  EXPECT_EQ(stage.subject,
            "Stage \"needs diagnosis with an action schedule\" – the JST "
            "(TERYT 2476011): due Monday 8 June 2026");
  EXPECT_THAT(stage.body, HasSubstr("switch reminders of this kind off"));
  // Every stage has a name in words, never its code.
  for (const char* code : {"AREA_CHOICE", "NEEDS_DIAGNOSIS", "ROLLOUT",
                           "COMPLETED", "WITHDRAWN"}) {
    Content c = ModuleContent(Reason::kStageOverdue);
    c.stage = code;
    for (Language language : {Language::kPolish, Language::kEnglish}) {
      EXPECT_THAT(Render(c, language).subject, Not(HasSubstr(code))) << code;
    }
  }
}

TEST(Texts, TheDigestCountsEachSectionJstByJst) {
  const Text pl =
      Render(ModuleContent(Reason::kWeeklyDigest), Language::kPolish);
  EXPECT_EQ(pl.subject,
            "Podsumowanie tygodnia od 8 marca 2027 r. (poniedziałek) – "
            "województwo mazowieckie");
  EXPECT_THAT(pl.body,
              HasSubstr("w JST województwa mazowieckiego. Stan na 8 marca "
                        "2027 r. (poniedziałek), godz. 7:00.\n\n"));
  EXPECT_THAT(pl.body, HasSubstr("Etapy doradztwa po terminie: 3\n"
                                 "  – JST (TERYT 1465011): 2\n"
                                 "  – JST (TERYT 1401011): 1\n\n"));
  EXPECT_THAT(pl.body, HasSubstr("bez złożonego sprawozdania: 0\n\n"));
  EXPECT_THAT(pl.body,
              HasSubstr("aktywnych przedstawicieli: 1\n  – JST (TERYT "
                        "1465011), edycja 2027-R: 1 z wymaganych 2\n"
                        "  – edycja 2027-P: minimum nieznane, niesprawdzone "
                        "JST: 5\n\n"));
  EXPECT_THAT(pl.body, HasSubstr("(dane do monitorowania): 4\n"
                                 "  – JST (TERYT 1401011): 4\n\nSzczegóły"));
  EXPECT_THAT(pl.body, HasSubstr("można zrezygnować w konsoli"));
  const Text en =
      Render(ModuleContent(Reason::kWeeklyDigest), Language::kEnglish);
  EXPECT_EQ(en.subject,
            "Weekly digest from Monday 8 March 2027 – mazowieckie "
            "voivodeship");
  EXPECT_THAT(en.body, HasSubstr("edition 2027-R: 1 of the 2 required"));
  EXPECT_EQ(VoivodeshipName("02"), "dolnośląskie");
  EXPECT_EQ(VoivodeshipName("32"), "zachodniopomorskie");
  EXPECT_EQ(VoivodeshipName("33"), "33");
}

// Every kind in both languages, written for tests/mail/validate_mail.py.
TEST(MailSample, EveryKindInBothLanguages) {
  const char* dir = std::getenv("JSTEDU_MAIL_SAMPLE_DIR");
  if (dir == nullptr) GTEST_SKIP() << "JSTEDU_MAIL_SAMPLE_DIR not set";
  nlohmann::json expectations = nlohmann::json::array();
  int n = 0;
  for (Reason reason :
       {Reason::kJstQualified, Reason::kJstWaitlisted,
        Reason::kDeclarationsMissing10d, Reason::kDeclarationsMissing3d,
        Reason::kModuleProgramme, Reason::kSignupDeadline48h,
        Reason::kSignupDeadline4h, Reason::kTaskDueSoon, Reason::kTaskOverdue,
        Reason::kStageDueSoon, Reason::kStageOverdue, Reason::kHandover,
        Reason::kWeeklyDigest}) {
    for (Language language : {Language::kPolish, Language::kEnglish}) {
      const Text text = Render(ModuleContent(reason), language);
      ASSERT_FALSE(text.subject.empty()) << ReasonName(reason);
      Mail mail = SampleMail();
      // Half the sample with a Polish sender's name (encoded, folded).
      if (n % 2 == 1) mail.from_name = "Biuro programu – jednostki samorządu";
      mail.subject = text.subject;
      // And a line with '=' and a trailing space, long enough to break.
      mail.body = absl::StrCat(
          text.body,
          "\n\nKontrola: a = b, c == d, zażółć gęślą jaźń i tak dalej, aż do "
          "końca tej dość długiej linii ze spacją na końcu ");
      mail.language = language == Language::kEnglish ? "en" : "pl";
      mail.notification_id = absl::StrCat("5b1e3c7a-0000-4000-8000-",
                                          absl::Dec(++n, absl::kZeroPad12));
      auto bytes = Compose(mail);
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      const std::string file = absl::StrCat(dir, "/", n, ".eml");
      std::ofstream(file, std::ios::binary) << *bytes;
      expectations.push_back(
          {{"file", file},
           {"subject", mail.subject},
           {"body", mail.body},
           {"to", mail.to_address},
           {"from_name", mail.from_name},
           {"message_id", MessageIdFor(mail.notification_id)},
           {"date", "2026-11-23T12:00:00+01:00"},
           {"language", mail.language}});
    }
  }
  std::ofstream(absl::StrCat(dir, "/expectations.json"))
      << expectations.dump(2);
}

}  // namespace
}  // namespace jstedu::notifications
