// The sender against a real PostgreSQL and a real SMTP relay (the sink
// `tools/dev test` starts: STARTTLS, AUTH, every message kept as a .eml
// file): each due notification arrives once, with its recipient and the
// programme's time; a crash between sending and recording sends it again
// with the same Message-ID; temporary failures back off, permanent ones
// fail; nothing stale is sent; the relay must prove who it is.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "nlohmann/json.hpp"
#include "services/notifications/domain/message.h"
#include "services/notifications/store/notifications_pgtest.h"
#include "services/notifications/store/sender.h"

namespace jstedu::notifications::pgtest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  EXPECT_NE(value, nullptr) << name << " is not set: run `tools/dev test`";
  return value == nullptr ? "" : value;
}

SmtpSettings TestRelay() {
  SmtpSettings s;
  s.url = Env("JSTEDU_TEST_SMTP_URL");
  s.user = Env("JSTEDU_TEST_SMTP_USER");
  s.password_file = Env("JSTEDU_TEST_SMTP_PASSWORD_FILE");
  s.ca_file = Env("JSTEDU_TEST_TLS_DIR") + "/ca.crt";
  s.from_address = "powiadomienia@jstedu.example";
  s.from_name = "Program wsparcia JST";
  auto loaded = LoadSmtpSettings(s);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return loaded.value_or(s);
}

// Addresses of this test's people, under a domain of its own so that tests
// running at once never read each other's messages.
class Book final : public AddressBook {
 public:
  explicit Book(std::string domain) : domain_(std::move(domain)) {}
  absl::StatusOr<Recipient> Lookup(
      const std::string& person_ref,
      const std::string& notification_id) override {
    ++lookups_[person_ref];
    auto found = local_.find(person_ref);
    if (found == local_.end()) {
      return absl::NotFoundError("no address on record");
    }
    return Recipient{absl::StrCat(found->second, "@", domain_),
                     english_.count(person_ref) > 0 ? Language::kEnglish
                                                    : Language::kPolish};
  }
  void Add(const std::string& person_ref, const std::string& local,
           bool english = false) {
    local_[person_ref] = local;
    if (english) english_.insert(person_ref);
  }
  std::string Address(const std::string& local) const {
    return absl::StrCat(local, "@", domain_);
  }
  const std::string& domain() const { return domain_; }
  int Lookups(const std::string& person_ref) const {
    auto found = lookups_.find(person_ref);
    return found == lookups_.end() ? 0 : found->second;
  }

 private:
  std::string domain_;
  std::map<std::string, std::string> local_;
  std::set<std::string> english_;
  std::map<std::string, int> lookups_;
};

// A message the sink kept.
struct Kept {
  std::string to;
  std::string message;
  std::string Header(const std::string& name) const {
    const std::string key = absl::StrCat("\r\n", name, ": ");
    const size_t at = message.find(key);
    if (at == std::string::npos) return "";
    const size_t from = at + key.size();
    return message.substr(from, message.find("\r\n", from) - from);
  }
};

class SenderTest : public ScheduleTest {
 protected:
  // The sink's messages to this test's domain, in arrival order.
  std::vector<Kept> Mailbox() {
    std::vector<std::pair<int, Kept>> found;
    const std::string dir = Env("JSTEDU_TEST_SMTP_DIR");
    if (!std::filesystem::exists(dir)) return {};
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      const auto envelope = nlohmann::json::parse(in);
      for (const auto& to : envelope["rcpt_tos"]) {
        const std::string address = to.get<std::string>();
        if (!absl::EndsWith(address, "@" + book_.domain())) continue;
        std::filesystem::path eml = entry.path();
        eml.replace_extension(".eml");
        std::ifstream body(eml, std::ios::binary);
        std::stringstream text;
        text << body.rdbuf();
        found.push_back({std::stoi(entry.path().stem().string()),
                         {address, "\r\n" + text.str()}});
      }
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Kept> out;
    for (auto& [n, kept] : found) out.push_back(std::move(kept));
    return out;
  }

  std::string Column(const std::string& column, const std::string& where) {
    return db_.Query(
        absl::StrCat("SELECT ", column, " FROM notification WHERE ", where));
  }

  Book book_{absl::StrCat("t", absl::ToUnixNanos(absl::Now()), ".example")};
  SmtpClient smtp_{TestRelay()};
  Sender sender_{
      db_.pool(), book_, smtp_, [this] { return now_; },
      SenderOptions{50, absl::Minutes(5), "https://jstedu.example/"}};
};

TEST_F(SenderTest, EachDueNotificationArrivesOnceWithItsRecipientAndTime) {
  PlanTwoJstsAndAModule();
  book_.Add(absl::StrCat("participant:", kA1), "a1");
  book_.Add(absl::StrCat("participant:", kA2), "a2", /*english=*/true);
  book_.Add(absl::StrCat("participant:", kA3), "a3");
  book_.Add(absl::StrCat("participant:", kB1), "b1");
  book_.Add(absl::StrCat("jst-contact:", kA), "urzad.a");
  book_.Add(absl::StrCat("jst-contact:", kB), "urzad.b");

  // Now: the two qualification decisions are due.
  auto sent = sender_.RunOnce();
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(*sent, 2);
  auto mail = Mailbox();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ((std::set<std::string>{mail[0].to, mail[1].to}),
            (std::set<std::string>{book_.Address("urzad.a"),
                                   book_.Address("urzad.b")}));
  // Sent at 23 November 2026 12:00 Warsaw time (winter, +01:00).
  EXPECT_EQ(mail[0].Header("Date"), "Mon, 23 Nov 2026 12:00:00 +0100");

  // 3 March 2027 08:00 CET: the module's programme to the four members;
  // the sign-up reminders' deadline has passed, so they expired unsent.
  now_ = Local("2027-03-03T08:00");
  sent = sender_.RunOnce();
  ASSERT_TRUE(sent.ok()) << sent.status();
  mail = Mailbox();
  std::map<std::string, int> per_person;
  for (size_t i = 2; i < mail.size(); ++i) ++per_person[mail[i].to];
  EXPECT_EQ(per_person,
            (std::map<std::string, int>{{book_.Address("a1"), 1},
                                        {book_.Address("a2"), 2},
                                        {book_.Address("a3"), 1},
                                        {book_.Address("b1"), 1},
                                        {book_.Address("urzad.a"), 1}}));
  EXPECT_EQ(Column("count(*)", "state = 'sent'"), "8");
  EXPECT_EQ(Column("count(*)", "state = 'expired'"), "8");
  // a2 chose English; everyone else reads Polish. Each message names its
  // notification in its Message-ID.
  for (size_t i = 2; i < mail.size(); ++i) {
    const Kept& m = mail[i];
    EXPECT_EQ(m.Header("Content-Language"),
              m.to == book_.Address("a2") ? "en" : "pl");
    EXPECT_EQ(m.Header("Date"), "Wed, 03 Mar 2027 08:00:00 +0100");
    const std::string id = Column(
        "id::text",
        absl::StrCat("smtp_message_id = '", m.Header("Message-ID"), "'"));
    EXPECT_FALSE(id.empty()) << m.Header("Message-ID");
    EXPECT_EQ(m.Header("Message-ID"), MessageIdFor(id));
  }
  // Nothing is sent twice.
  sent = sender_.RunOnce();
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(*sent, 0);
  EXPECT_EQ(Mailbox().size(), mail.size());
}

// Every kind of notification but the digest (the next test), through the
// real relay, with the schedule's clock walked from one due time to the
// next: each arrives once, to its recipient, dated its Warsaw time (winter
// +01:00, summer +02:00). On the way a module moves after its reminders
// were planned (they go at the new times, none at the old ones), an expert
// pair is handed over (the new pair gets the stage reminders), and a JST
// withdraws after its decision was sent (nothing more for it).
TEST_F(SenderTest, EveryKindArrivesOnceToItsRecipientAtItsWarsawTime) {
  constexpr char kC[] = "0000000c-0000-4000-8000-000000000000";
  PlanTwoJstsAndAModule();
  ev::JstWaitlisted waitlisted;
  waitlisted.set_edition(kEdition);
  waitlisted.set_application_id(kC);
  waitlisted.set_teryt("1261011");
  waitlisted.set_voivodeship("12");
  *waitlisted.mutable_waitlisted_at() = Ts(now_);
  Deliver(waitlisted);
  // A's case: its first stage due Friday 15 January 2027; g1 and e2, then
  // handed over to g3 and e4.
  ev::CaseOpened opened;
  opened.mutable_case_()->set_case_id(kCase);
  opened.mutable_case_()->set_edition(kEdition);
  opened.mutable_case_()->set_application_id(kA);
  opened.mutable_case_()->set_version(1);
  opened.set_stage_due_on("2027-01-15");
  Deliver(opened);
  AssignExperts(opened.case_(), 2, "g1", "e2");
  AssignExperts(opened.case_(), 3, "g3", "e4", /*handover=*/true);
  // A's task, due Thursday 1 April 2027 12:00.
  ev::TaskAssigned task;
  *task.mutable_task() = TaskOfA(training::v1::TASK_OPEN, 1);
  Deliver(task);
  // The module moves a week on: Wednesday 17 March, sign-ups until Friday
  // 5 March 15:00.
  ev::ModuleMoved moved;
  *moved.mutable_module() = ModuleAt("2027-03-17T11:00", "2027-03-05T15:00", 2);
  Deliver(moved);
  for (const auto& [person, local] :
       std::map<std::string, std::string>{{ParticipantRef(kA1), "a1"},
                                          {ParticipantRef(kA2), "a2"},
                                          {ParticipantRef(kA3), "a3"},
                                          {ParticipantRef(kB1), "b1"},
                                          {ContactRef(kA), "urzad.a"},
                                          {ContactRef(kB), "urzad.b"},
                                          {ContactRef(kC), "urzad.c"},
                                          {ExpertRef("g1"), "g1"},
                                          {ExpertRef("e2"), "e2"},
                                          {ExpertRef("g3"), "g3"},
                                          {ExpertRef("e4"), "e4"}}) {
    book_.Add(person, local);
  }

  // The schedule's due times, walked in order (B withdraws after the
  // first: its decision is out, nothing more is).
  const std::vector<std::string> due = absl::StrSplit(
      db_.Query("SELECT string_agg(DISTINCT (extract(epoch FROM due_at) * "
                "1000000)::bigint::text, ',') FROM notification WHERE state = "
                "'scheduled'"),
      ',', absl::SkipEmpty());
  std::vector<int64_t> instants;
  for (const std::string& d : due) instants.push_back(std::stoll(d));
  std::sort(instants.begin(), instants.end());
  for (size_t i = 0; i < instants.size(); ++i) {
    now_ = absl::FromUnixMicros(instants[i]);
    auto sent = sender_.RunOnce();
    ASSERT_TRUE(sent.ok()) << sent.status();
    if (i == 0) Withdraw(kB, "1465011");
  }
  std::vector<std::string> arrived;
  std::set<std::string> ids;
  for (const Kept& m : Mailbox()) {
    const std::string reason = Column(
        "reason", absl::StrCat("smtp_message_id = '", m.Header("Message-ID"),
                               "' AND state = 'sent'"));
    arrived.push_back(absl::StrCat(m.Header("Date"), " ", reason, " ",
                                   m.to.substr(0, m.to.find('@'))));
    ids.insert(m.Header("Message-ID"));
  }
  EXPECT_EQ(ids.size(), arrived.size());
  std::vector<std::string> expected = {
      "Mon, 23 Nov 2026 12:00:00 +0100 jst_qualified urzad.a",
      "Mon, 23 Nov 2026 12:00:00 +0100 jst_qualified urzad.b",
      "Mon, 23 Nov 2026 12:00:00 +0100 jst_waitlisted urzad.c",
      "Mon, 23 Nov 2026 12:00:00 +0100 handover g1",
      "Mon, 23 Nov 2026 12:00:00 +0100 handover e2",
      "Mon, 23 Nov 2026 12:00:00 +0100 handover g3",
      "Mon, 23 Nov 2026 12:00:00 +0100 handover e4",
      "Fri, 08 Jan 2027 08:00:00 +0100 stage_due_soon g3",
      "Fri, 08 Jan 2027 08:00:00 +0100 stage_due_soon e4",
      "Mon, 18 Jan 2027 08:00:00 +0100 stage_overdue g3",
      "Mon, 18 Jan 2027 08:00:00 +0100 stage_overdue e4",
      "Wed, 03 Mar 2027 15:00:00 +0100 signup_deadline_48h a1",
      "Wed, 03 Mar 2027 15:00:00 +0100 signup_deadline_48h a2",
      "Wed, 03 Mar 2027 15:00:00 +0100 signup_deadline_48h a3",
      "Fri, 05 Mar 2027 11:00:00 +0100 signup_deadline_4h a1",
      "Fri, 05 Mar 2027 11:00:00 +0100 signup_deadline_4h a2",
      "Fri, 05 Mar 2027 11:00:00 +0100 signup_deadline_4h a3",
      "Sun, 07 Mar 2027 08:00:00 +0100 declarations_missing_10d a2",
      "Sun, 07 Mar 2027 08:00:00 +0100 declarations_missing_10d urzad.a",
      "Wed, 10 Mar 2027 08:00:00 +0100 module_programme a1",
      "Wed, 10 Mar 2027 08:00:00 +0100 module_programme a2",
      "Wed, 10 Mar 2027 08:00:00 +0100 module_programme a3",
      "Sun, 14 Mar 2027 08:00:00 +0100 declarations_missing_3d a2",
      "Sun, 14 Mar 2027 08:00:00 +0100 declarations_missing_3d urzad.a",
      "Fri, 26 Mar 2027 08:00:00 +0100 task_due_soon a1",
      "Fri, 26 Mar 2027 08:00:00 +0100 task_due_soon a2",
      "Fri, 26 Mar 2027 08:00:00 +0100 task_due_soon a3",
      "Fri, 02 Apr 2027 08:00:00 +0200 task_overdue a1",
      "Fri, 02 Apr 2027 08:00:00 +0200 task_overdue a2",
      "Fri, 02 Apr 2027 08:00:00 +0200 task_overdue a3",
      "Fri, 02 Apr 2027 08:00:00 +0200 task_overdue g3",
  };
  std::sort(expected.begin(), expected.end());
  std::sort(arrived.begin(), arrived.end());
  EXPECT_EQ(arrived, expected);
  // Walked again, the clock finds nothing more to send.
  auto again = sender_.RunOnce();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

// Each coordinator's weekly digest arrives once, Monday 07:00 Warsaw time
// (summer: +02:00), to the coordinator's account address; a coordinator
// who opted out gets none.
TEST_F(SenderTest, EachCoordinatorsDigestArrivesOnceOnMondayMorning) {
  PlanTwoJstsAndAModule();
  now_ = Local("2027-04-07T10:00");
  AccountChanged("koord-24", auth::v1::COORDINATOR, "24", now_);
  AccountChanged("koord-14", auth::v1::COORDINATOR, "14", now_);
  AccountChanged("koord-02", auth::v1::COORDINATOR, "02", now_);
  book_.Add("coordinator:koord-24", "k24");
  book_.Add("coordinator:koord-14", "k14", /*english=*/true);
  book_.Add("coordinator:koord-02", "k02");
  PreferencesStore preferences(db_.pool());
  ASSERT_TRUE(
      preferences
          .Set("coordinator:koord-02", "pl", {"weekly_digest"}, "koord-02")
          .ok());

  now_ = Local("2027-04-12T07:00");
  ASSERT_TRUE(sender_.RunOnce().ok());
  std::map<std::string, Kept> digests;
  for (const Kept& m : Mailbox()) {
    if (absl::StartsWith(m.to, "k")) {
      EXPECT_EQ(digests.count(m.to), 0u) << m.to;
      digests[m.to] = m;
    }
  }
  ASSERT_EQ(digests.size(), 2u);
  const Kept& k24 = digests[book_.Address("k24")];
  EXPECT_EQ(k24.Header("Date"), "Mon, 12 Apr 2027 07:00:00 +0200");
  EXPECT_EQ(k24.Header("Content-Language"), "pl");
  EXPECT_EQ(digests[book_.Address("k14")].Header("Content-Language"), "en");
  EXPECT_EQ(digests.count(book_.Address("k02")), 0u);
  EXPECT_EQ(Column("state", "person_ref = 'coordinator:koord-02'"), "skipped");
  // Nothing twice.
  ASSERT_TRUE(sender_.RunOnce().ok());
  int again = 0;
  for (const Kept& m : Mailbox()) again += absl::StartsWith(m.to, "k") ? 1 : 0;
  EXPECT_EQ(again, 2);
}

TEST_F(SenderTest, AStoppingSenderHandsItsClaimBackUntried) {
  PlanTwoJstsAndAModule();
  book_.Add(absl::StrCat("jst-contact:", kA), "urzad.a");
  book_.Add(absl::StrCat("jst-contact:", kB), "urzad.b");
  // The process is shutting down after the first delivery.
  int asked = 0;
  SenderOptions options{50, absl::Minutes(5), ""};
  options.stopping = [&asked] { return ++asked > 1; };
  Sender stopping{db_.pool(), book_, smtp_, [this] { return now_; }, options};
  auto sent = stopping.RunOnce();
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(*sent, 1);
  EXPECT_EQ(Mailbox().size(), 1u);
  // The other decision is scheduled again, its attempt not charged, and a
  // minute later the next sender sends it.
  EXPECT_EQ(Count("reason = 'jst_qualified' AND state = 'scheduled' AND "
                  "attempts = 0"),
            1);
  now_ += absl::Minutes(1);
  sent = sender_.RunOnce();
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(*sent, 1);
  EXPECT_EQ(Mailbox().size(), 2u);
}

TEST_F(SenderTest, ACrashBetweenSendingAndRecordingResendsWithTheSameId) {
  Qualify(kA, "2476011");
  book_.Add(absl::StrCat("jst-contact:", kA), "urzad.a");
  // A sender claims and sends, and dies before recording.
  auto claimed = sender_.Claim();
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  ASSERT_EQ(claimed->size(), 1u);
  ASSERT_TRUE(*sender_.Renew((*claimed)[0]));
  EXPECT_EQ(sender_.Deliver((*claimed)[0]).result, Attempt::Result::kSent);
  EXPECT_EQ(Column("state", "true"), "sending");
  // Within the lease nobody takes it; after it, another sender sends it
  // again, with the same Message-ID, and records it.
  now_ += absl::Minutes(4);
  EXPECT_EQ(*sender_.RunOnce(), 0);
  now_ += absl::Minutes(2);
  EXPECT_EQ(*sender_.RunOnce(), 1);
  const auto mail = Mailbox();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0].Header("Message-ID"), mail[1].Header("Message-ID"));
  EXPECT_EQ(mail[0].Header("Message-ID"), MessageIdFor((*claimed)[0].id));
  EXPECT_EQ(Column("state || ' ' || attempts", "true"), "sent 2");
  // The dead sender's late record changes nothing: the claim is not its.
  auto late = sender_.Record((*claimed)[0], {Attempt::Result::kSent, ""});
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(*late);
}

TEST_F(SenderTest, TemporaryFailuresBackOffAndPermanentOnesFail) {
  Qualify(kA, "2476011");
  Qualify(kB, "1465011");
  ev::JstWaitlisted waitlisted;
  const std::string c = "0000000c-0000-4000-8000-000000000000";
  waitlisted.set_edition(kEdition);
  waitlisted.set_application_id(c);
  waitlisted.set_teryt("0201011");
  waitlisted.set_voivodeship("02");
  *waitlisted.mutable_waitlisted_at() = Ts(now_);
  Deliver(waitlisted);
  book_.Add(absl::StrCat("jst-contact:", kA), "tempfail.a");
  book_.Add(absl::StrCat("jst-contact:", kB), "bounce.b");
  // C has no address on record.

  ASSERT_TRUE(sender_.RunOnce().ok());
  const std::string a = absl::StrCat("person_ref = 'jst-contact:", kA, "'");
  const std::string b = absl::StrCat("person_ref = 'jst-contact:", kB, "'");
  const std::string no = absl::StrCat("person_ref = 'jst-contact:", c, "'");
  // B's mailbox does not exist (550): failed for good, the reason kept,
  // never the address.
  EXPECT_EQ(Column("state", b), "failed");
  EXPECT_THAT(Column("last_error", b), HasSubstr("550"));
  EXPECT_THAT(Column("last_error", b), Not(HasSubstr("bounce")));
  EXPECT_EQ(Column("state || ' ' || last_error", no),
            "failed no e-mail address on record");
  // A's relay says "later" (451): retried after 1, 5, 30 min, 2 h, 6 h.
  EXPECT_EQ(Column("state", a), "scheduled");
  EXPECT_THAT(Column("last_error", a), HasSubstr("450"));
  EXPECT_THAT(Column("last_error", a), Not(HasSubstr("tempfail")));
  for (int attempt = 1; attempt <= 5; ++attempt) {
    // Not a second before its time; then at once.
    now_ += *RetryDelay(attempt) - absl::Seconds(1);
    ASSERT_TRUE(sender_.RunOnce().ok());
    EXPECT_EQ(Column("attempts", a), std::to_string(attempt));
    now_ += absl::Seconds(1);
    ASSERT_TRUE(sender_.RunOnce().ok());
    EXPECT_EQ(Column("attempts", a), std::to_string(attempt + 1));
  }
  EXPECT_EQ(Column("state || ' ' || attempts", a), "failed 6");
  EXPECT_THAT(Column("last_error", a), HasSubstr("gave up after 6 attempts"));
  EXPECT_TRUE(Mailbox().empty());
}

TEST_F(SenderTest, ARelayFaultIsNoMessagesAndChargesNoAttempt) {
  Qualify(kA, "2476011");
  Qualify(kB, "1465011");
  book_.Add(absl::StrCat("jst-contact:", kA), "urzad.a");
  book_.Add(absl::StrCat("jst-contact:", kB), "urzad.b");
  // The relay refuses to send as our sender (553 to MAIL FROM): not the
  // addresses' fault. The round stops with the error; both rows wait a
  // minute, their attempts not counted, however often it happens.
  SmtpSettings blocked = TestRelay();
  blocked.from_address = "blocked@jstedu.example";
  const SmtpClient refusing(blocked);
  Sender sender{db_.pool(), book_, refusing, [this] { return now_; }};
  for (int round = 0; round < 8; ++round) {
    auto sent = sender.RunOnce();
    EXPECT_EQ(sent.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(std::string(sent.status().message()), HasSubstr("553"));
    EXPECT_EQ(
        Column("string_agg(DISTINCT state || ' ' || attempts, ',')", "true"),
        "scheduled 0");
    now_ += absl::Minutes(1);
  }
  EXPECT_TRUE(Mailbox().empty());
  // Fixed: both go.
  EXPECT_EQ(*sender_.RunOnce(), 2);
  EXPECT_EQ(Mailbox().size(), 2u);
}

TEST_F(SenderTest, RefusalsAreTheMessagesOrTheRelays) {
  const std::string c = "0000000c-0000-4000-8000-000000000000";
  Qualify(kA, "2476011");
  Qualify(kB, "1465011");
  Qualify(c, "0201011");
  // A content filter refuses A's message once sent (554 5.6.0): A's for
  // good. B's is deferred once sent (451): tried again. C's recipient is
  // refused by the relay's policy (554 5.7.1 Relay access denied at RCPT):
  // the relay's, not C's; handed back, no attempt counted.
  book_.Add(absl::StrCat("jst-contact:", kA), "reject-data.a");
  book_.Add(absl::StrCat("jst-contact:", kB), "defer-data.b");
  book_.Add(absl::StrCat("jst-contact:", c), "policy.c");
  (void)sender_.RunOnce();
  auto row = [&](const std::string& application) {
    return Column("state || ' ' || attempts || ' ' || last_error",
                  absl::StrCat("application_id = '", application, "'"));
  };
  EXPECT_THAT(row(kA), HasSubstr("failed 1 refused (554 5.6.0)"));
  EXPECT_THAT(row(kB), HasSubstr("scheduled 1 deferred (451 4.2.0)"));
  EXPECT_THAT(row(c), HasSubstr("scheduled 0 the relay could not be used "
                                "(554 5.7.1)"));
  for (const std::string& application : {std::string(kA), std::string(kB), c}) {
    EXPECT_THAT(row(application), Not(HasSubstr("data.")));
    EXPECT_THAT(row(application), Not(HasSubstr("policy.")));
  }
  EXPECT_TRUE(Mailbox().empty());
}

TEST_F(SenderTest, ACancellationWhileSendingIsHonoured) {
  Qualify(kA, "2476011");
  Qualify(kB, "1465011");
  book_.Add(absl::StrCat("jst-contact:", kA), "tempfail.a");
  book_.Add(absl::StrCat("jst-contact:", kB), "urzad.b");
  auto claimed = sender_.Claim();
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 2u);
  Claimed* a = nullptr;
  Claimed* b = nullptr;
  for (Claimed& c : *claimed) (c.application_id == kA ? a : b) = &c;
  ASSERT_TRUE(a != nullptr && b != nullptr);
  // A's is being delivered when both JSTs withdraw; B's is not yet.
  ASSERT_TRUE(*sender_.Renew(*a));
  Withdraw(kA, "2476011");
  Withdraw(kB, "1465011");
  // The relay says "later" to A's: it is not tried again.
  const Attempt later = sender_.Deliver(*a);
  EXPECT_EQ(later.result, Attempt::Result::kRetry);
  EXPECT_TRUE(*sender_.Record(*a, later));
  // B's is dropped before it is delivered.
  EXPECT_FALSE(*sender_.Renew(*b));
  EXPECT_EQ(Column("string_agg(state, ',')", "true"), "cancelled,cancelled");
  EXPECT_TRUE(Mailbox().empty());
}

TEST_F(SenderTest, AClaimWhoseLeaseEndedIsAnotherSendersToSend) {
  Qualify(kA, "2476011");
  book_.Add(absl::StrCat("jst-contact:", kA), "urzad.a");
  auto slow = sender_.Claim();
  ASSERT_TRUE(slow.ok());
  ASSERT_EQ(slow->size(), 1u);
  // The first sender stalls past its lease; a second sender takes the row
  // and sends it; the first then finds it is no longer its own.
  now_ += absl::Minutes(6);
  Sender second{db_.pool(), book_, smtp_, [this] { return now_; }};
  EXPECT_EQ(*second.RunOnce(), 1);
  EXPECT_FALSE(*sender_.Renew((*slow)[0]));
  EXPECT_EQ(Mailbox().size(), 1u);
  // One attempt: the first sender never reached the row.
  EXPECT_EQ(Column("state || ' ' || attempts", "true"), "sent 1");
}

TEST_F(SenderTest, AnOptedOutPersonGetsOnlyRequiredMessages) {
  PreferencesStore preferences(db_.pool());
  const std::string a1 = absl::StrCat("participant:", kA1);
  const std::string a3 = absl::StrCat("participant:", kA3);
  // Required kinds cannot be chosen away; unknown kinds and languages are
  // named; nothing is written then.
  auto refused = preferences.Set(a1, "pl", {"module_programme"}, "a1");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("optedOut: MODULE_PROGRAMME: required by the "
                        "programme's rules"));
  EXPECT_THAT(
      std::string(preferences.Set(a1, "de", {"spam"}, "a1").status().message()),
      HasSubstr("language"));
  EXPECT_FALSE(preferences.Get(a1)->chosen);
  // a1 opts out of every optional kind; a3 chooses English.
  auto chosen = preferences.Set(
      a1, "pl",
      {"signup_deadline_48h", "signup_deadline_4h", "task_due_soon",
       "task_overdue", "stage_due_soon", "stage_overdue"},
      "a1");
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  ASSERT_TRUE(preferences.Set(a3, "en", {}, "a3").ok());

  // 24 February 2027, 15:00: the 48-hour sign-up reminders are due.
  now_ = Local("2027-02-24T15:00");
  PlanTwoJstsAndAModule();
  for (const auto& [ref, local] :
       std::vector<std::pair<std::string, std::string>>{
           {a1, "a1"},
           {absl::StrCat("participant:", kA2), "a2"},
           {a3, "a3"},
           {absl::StrCat("participant:", kB1), "b1"},
           {absl::StrCat("jst-contact:", kA), "urzad.a"},
           {absl::StrCat("jst-contact:", kB), "urzad.b"}}) {
    book_.Add(ref, local);
  }
  ASSERT_TRUE(sender_.RunOnce().ok());
  // a1's reminder was skipped without its address being read.
  EXPECT_EQ(book_.Lookups(a1), 0);
  std::map<std::string, std::string> language;
  for (const Kept& m : Mailbox()) language[m.to] = m.Header("Content-Language");
  // Everyone but a1 got the reminder (the contacts their decisions); a3 in
  // English.
  EXPECT_EQ(language, (std::map<std::string, std::string>{
                          {book_.Address("a2"), "pl"},
                          {book_.Address("a3"), "en"},
                          {book_.Address("b1"), "pl"},
                          {book_.Address("urzad.a"), "pl"},
                          {book_.Address("urzad.b"), "pl"}}));
  EXPECT_EQ(Column("state || ' ' || attempts || ' ' || last_error",
                   absl::StrCat("person_ref = '", a1,
                                "' AND reason = 'signup_deadline_48h'")),
            "skipped 0 the person opted out of this kind");
  // 3 March: the programme, required, reaches a1 too.
  now_ = Local("2027-03-03T08:00");
  ASSERT_TRUE(sender_.RunOnce().ok());
  int to_a1 = 0;
  for (const Kept& m : Mailbox()) to_a1 += m.to == book_.Address("a1");
  EXPECT_EQ(to_a1, 1);
}

// A review finding: the address was read (and the read audited by its
// owner) before the text, so a message whose facts were not there yet had
// its recipient's address read at every attempt for nothing.
TEST_F(SenderTest, NoAddressIsReadForAMessageThatCannotBeWrittenYet) {
  Claimed claimed;
  claimed.id = "5b0c6f0e-8d4a-4f59-9a53-0d2c1f4e7a11";
  claimed.person_ref = "participant:waits-for-its-module";
  claimed.reason = Reason::kModuleProgramme;
  claimed.subject_ref = "module:0b7c5a52-7a7e-4c1e-9f3b-1d2e3f4a5b6c";
  book_.Add(claimed.person_ref, "osoba");
  const Attempt attempt = sender_.Deliver(claimed);
  EXPECT_EQ(attempt.result, Attempt::Result::kRetry) << attempt.detail;
  EXPECT_EQ(book_.Lookups(claimed.person_ref), 0);
  EXPECT_TRUE(Mailbox().empty());
}

TEST_F(SenderTest, WhatHasExpiredIsNeverSent) {
  Qualify(kA, "2476011");
  book_.Add(absl::StrCat("jst-contact:", kA), "urzad.a");
  now_ += absl::Hours(24 * 31);  // the decision is a month old
  auto sent = sender_.RunOnce();
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(*sent, 0);
  EXPECT_EQ(Column("state", "true"), "expired");
  EXPECT_TRUE(Mailbox().empty());
}

// The files the settings name are read by common/config's one reader (the
// one Redis's password uses): a path that is a directory is no password
// and no CA, and the start-up error names both variables.
TEST(SmtpSettingsTest, AnUnreadablePasswordOrCaFileIsNamed) {
  SmtpSettings s;
  s.url = "smtp://relay.example:587";
  s.user = "jstedu";
  s.password_file = std::filesystem::temp_directory_path().string();
  s.ca_file = std::filesystem::temp_directory_path().string();
  s.from_address = "powiadomienia@jstedu.example";
  const auto loaded = LoadSmtpSettings(s);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("JSTEDU_SMTP_PASSWORD_FILE"),
            std::string::npos)
      << loaded.status();
  EXPECT_NE(loaded.status().message().find("JSTEDU_SMTP_CA_FILE"),
            std::string::npos)
      << loaded.status();
}

TEST_F(SenderTest, TheRelayMustProveWhoItIsAndAcceptOurLogin) {
  const std::string message = *Compose(
      {"powiadomienia@jstedu.example", "Program", book_.Address("x"), "Test",
       "Treść", "00000000-0000-4000-8000-000000000001", now_, "pl"});
  // Another CA: the relay's certificate is not trusted; nothing is sent.
  SmtpSettings other = TestRelay();
  other.ca_file = Env("JSTEDU_TEST_TLS_DIR") + "/other-ca.crt";
  const SmtpResult untrusted =
      SmtpClient(other).Send(book_.Address("x"), message);
  EXPECT_EQ(untrusted.outcome, SmtpOutcome::kRelayFault);
  EXPECT_THAT(untrusted.detail, HasSubstr("certificate"));
  // A wrong password: a refused login, a fault of our settings.
  SmtpSettings wrong_password = TestRelay();
  wrong_password.password = "not-the-password";
  const SmtpResult denied =
      SmtpClient(wrong_password).Send(book_.Address("x"), message);
  EXPECT_EQ(denied.outcome, SmtpOutcome::kRelayFault);
  EXPECT_THAT(denied.detail, HasSubstr("login"));
  EXPECT_TRUE(Mailbox().empty());
  // The right settings deliver.
  EXPECT_EQ(smtp_.Send(book_.Address("x"), message).outcome,
            SmtpOutcome::kAccepted);
  EXPECT_EQ(Mailbox().size(), 1u);
}

}  // namespace
}  // namespace jstedu::notifications::pgtest
