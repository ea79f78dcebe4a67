// Calendar feeds through the service against a real PostgreSQL: created,
// read as their owners, listed, renewed, revoked and their reads deleted.

#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

TEST_F(TrainingServiceTest, ACalendarFeedIsCreatedReadListedAndRevoked) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  v1::CreateCalendarFeedRequest create;
  create.set_kind(v1::PARTICIPANT_CALENDAR);
  create.set_participant(participant);

  // Another JST cannot subscribe to this JST's participant.
  v1::CalendarFeed feed;
  EXPECT_EQ(
      CreateFeed(create, &feed, auth::v1::JST, "jst-b", "0201011").error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed"), 0);

  ASSERT_TRUE(CreateFeed(create, &feed, auth::v1::JST, "jst-a").ok());
  EXPECT_THAT(feed.subscription_path(),
              MatchesRegex("/v1/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics"));
  EXPECT_EQ(feed.owner().subject(), "jst-a");
  EXPECT_EQ(feed.owner().role(), "JST");
  EXPECT_EQ(feed.owner().jst(), "2476011");
  EXPECT_EQ(feed.created_by(), "jst-a");
  const std::string token = TokenOf(feed);
  // Only the SHA-256 is kept; the token is nowhere in the database.
  EXPECT_EQ(db_.Query("SELECT token_sha256 FROM calendar_feed"),
            db_.Query("SELECT encode(sha256(convert_to('" + token +
                      "', 'UTF8')), 'hex')"));
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed c WHERE "
                  "row_to_json(c)::text LIKE '%" +
                  token + "%'"),
            0);

  // Read with no principal: the participant's calendar, the read recorded.
  api::v1::HttpBody body;
  grpc::Status read = ReadFeed(token, &body);
  ASSERT_TRUE(read.ok()) << read.error_message();
  EXPECT_EQ(body.content_type(), "text/calendar; charset=utf-8");
  EXPECT_THAT(body.data(), HasSubstr("UID:" + session.id() + "@jstedu"));
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read WHERE feed_id = '" +
                  feed.id() + "' AND owner_subject = 'jst-a'"),
            1);

  // Listed, without the secret, by its owner and by the office.
  v1::ListCalendarFeedsResponse listed;
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-a").ok());
  ASSERT_EQ(listed.feeds_size(), 1);
  EXPECT_EQ(listed.feeds(0).id(), feed.id());
  EXPECT_TRUE(listed.feeds(0).subscription_path().empty());
  EXPECT_TRUE(listed.feeds(0).has_last_read_time());
  ASSERT_TRUE(ListFeeds("jst-a", &listed, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(listed.feeds_size(), 1);
  grpc::Status no_owner = ListFeeds("", &listed, auth::v1::ADMIN, "office");
  EXPECT_EQ(no_owner.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(no_owner), std::vector<std::string>{"owner"});
  grpc::Status foreign = ListFeeds("jst-a", &listed, auth::v1::JST, "jst-b");
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(BadFields(foreign), std::vector<std::string>{"owner"});
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-b").ok());
  EXPECT_EQ(listed.feeds_size(), 0);

  // Someone else cannot revoke it; its owner can, once.
  EXPECT_EQ(
      RevokeFeed(feed.id(), auth::v1::JST, "jst-b", "0201011").error_code(),
      grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(RevokeFeed(feed.id(), auth::v1::JST, "jst-a").ok());
  EXPECT_EQ(RevokeFeed(feed.id(), auth::v1::JST, "jst-a").error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-a").ok());
  EXPECT_EQ(listed.feeds_size(), 0);

  // Revoked, unknown and malformed addresses: one answer, nothing recorded.
  const grpc::Status revoked = ReadFeed(token, &body);
  const grpc::Status unknown = ReadFeed(std::string(43, 'A'), &body);
  const grpc::Status malformed = ReadFeed("x", &body);
  for (const grpc::Status& status : {revoked, unknown, malformed}) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(status.error_message(), revoked.error_message());
    EXPECT_EQ(status.error_message().find(token), std::string::npos);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read"), 1);
}

// Issue 17: the office creates a feed for someone (naming the owner's role
// and scope), and every read sees what the owner may see then: a
// participant who left the owner's JST reads as an empty calendar.
TEST_F(TrainingServiceTest, ACalendarFeedReadsAsItsOwnerAtEachRead) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());

  v1::CreateCalendarFeedRequest create;
  create.set_kind(v1::PARTICIPANT_CALENDAR);
  create.set_participant(participant);
  create.mutable_owner()->set_subject("jst-a");
  create.mutable_owner()->set_role("JST");
  // Only the office names another owner.
  v1::CalendarFeed feed;
  grpc::Status denied = CreateFeed(create, &feed, auth::v1::JST, "jst-c");
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(BadFields(denied), std::vector<std::string>{"owner"});
  // A JST owner needs its TERYT code.
  grpc::Status bad = CreateFeed(create, &feed, auth::v1::ADMIN, "office");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(bad), std::vector<std::string>{"owner.jst"});
  create.mutable_owner()->set_jst("2476011");
  ASSERT_TRUE(CreateFeed(create, &feed, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(feed.owner().subject(), "jst-a");
  EXPECT_EQ(feed.created_by(), "office");
  // The owner sees it among its own feeds and may revoke it.
  v1::ListCalendarFeedsResponse listed;
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-a").ok());
  EXPECT_EQ(listed.feeds_size(), 1);

  api::v1::HttpBody body;
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  EXPECT_THAT(body.data(), HasSubstr("UID:" + session.id() + "@jstedu"));
  // The participant now belongs to another JST: the owner may no longer
  // see it, and the same address reads as a calendar without its events.
  db_.Query(
      "UPDATE roster_participant SET teryt = '0201011', voivodeship = "
      "'02' WHERE participant_id = '" +
      participant + "' RETURNING 1");
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  EXPECT_THAT(body.data(), HasSubstr("BEGIN:VCALENDAR"));
  EXPECT_THAT(body.data(), Not(HasSubstr("BEGIN:VEVENT")));

  // A trainer subscribes to their own calendar only; the office's feed
  // for a trainer reads as that trainer.
  v1::CreateCalendarFeedRequest trainer;
  trainer.set_kind(v1::TRAINER_CALENDAR);
  trainer.set_trainer("trener-1");
  EXPECT_EQ(
      CreateFeed(trainer, &feed, auth::v1::TRAINER, "trener-2").error_code(),
      grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(CreateFeed(trainer, &feed, auth::v1::TRAINER, "trener-1").ok());
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  EXPECT_THAT(body.data(), HasSubstr("UID:" + session.id() + "@jstedu"));
  // The office revokes anyone's feed.
  EXPECT_TRUE(RevokeFeed(feed.id(), auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(ReadFeed(TokenOf(feed), &body).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // No kind: refused naming the field.
  v1::CreateCalendarFeedRequest none;
  EXPECT_EQ(BadFields(CreateFeed(none, &feed, auth::v1::ADMIN, "office")),
            std::vector<std::string>{"kind"});
}

// Issue 17 review: a feed expires 365 days after its creation; then its
// address answers exactly like an unknown or revoked one, with nothing
// recorded. It is still listed (with its expireTime), and its owner or the
// office renews it for 365 days from then; nobody else can.
TEST_F(TrainingServiceTest, ACalendarFeedExpiresAndIsRenewed) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  const v1::CalendarFeed feed = GroupFeedFor("ministry-a");
  const absl::Time created = now_;
  EXPECT_EQ(feed.expire_time().seconds(),
            absl::ToUnixSeconds(created + absl::Hours(24 * 365)));
  api::v1::HttpBody body;
  now_ = created + absl::Hours(24 * 365) - absl::Seconds(1);
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());

  now_ = created + absl::Hours(24 * 365);
  const grpc::Status expired = ReadFeed(TokenOf(feed), &body);
  const grpc::Status unknown = ReadFeed(std::string(43, 'A'), &body);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(expired.error_message(), unknown.error_message());
  EXPECT_EQ(expired.error_details(), unknown.error_details());
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read"), 1);
  v1::ListCalendarFeedsResponse listed;
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::MINISTRY, "ministry-a").ok());
  ASSERT_EQ(listed.feeds_size(), 1);
  EXPECT_EQ(listed.feeds(0).expire_time().seconds(),
            feed.expire_time().seconds());

  // Someone else's feed is not found; a bad id is named.
  v1::CalendarFeed renewed;
  EXPECT_EQ(RenewFeed(feed.id(), &renewed, auth::v1::MINISTRY, "ministry-b")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(BadFields(RenewFeed("x", &renewed, auth::v1::ADMIN, "office")),
            std::vector<std::string>{"id"});
  // The owner renews it: 365 days from now, the same address answers.
  now_ += absl::Hours(24 * 10);
  ASSERT_TRUE(
      RenewFeed(feed.id(), &renewed, auth::v1::MINISTRY, "ministry-a").ok());
  EXPECT_EQ(renewed.expire_time().seconds(),
            absl::ToUnixSeconds(now_ + absl::Hours(24 * 365)));
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  // The office renews anyone's; a revoked feed is not renewed.
  ASSERT_TRUE(RenewFeed(feed.id(), &renewed, auth::v1::ADMIN, "office").ok());
  ASSERT_TRUE(RevokeFeed(feed.id(), auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(
      RenewFeed(feed.id(), &renewed, auth::v1::ADMIN, "office").error_code(),
      grpc::StatusCode::NOT_FOUND);
}

// Issue 17 review: a feed reads with its owner's principal of the day it
// was made, so a renewal must not outlive a change of that principal: the
// owner with another role or scope now cannot renew it (the office can).
TEST_F(TrainingServiceTest, ARenewalNeverExtendsAScopeTheOwnerLost) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  v1::CreateCalendarFeedRequest of_participant;
  of_participant.set_kind(v1::PARTICIPANT_CALENDAR);
  of_participant.set_participant(participant);
  v1::CalendarFeed feed;
  ASSERT_TRUE(CreateFeed(of_participant, &feed, auth::v1::JST, "jst-a").ok());
  v1::CalendarFeed renewed;
  now_ += absl::Hours(24);
  // The same person, now the staff of another JST, or with another role.
  EXPECT_EQ(RenewFeed(feed.id(), &renewed, auth::v1::JST, "jst-a", "0201011")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      RenewFeed(feed.id(), &renewed, auth::v1::MINISTRY, "jst-a").error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed WHERE expires_at > "
                  "created_at + interval '365 days'"),
            0);
  // With the scope it was made under, it is renewed.
  ASSERT_TRUE(RenewFeed(feed.id(), &renewed, auth::v1::JST, "jst-a").ok());
}

// Issue 17 review: a feed made before expiry existed (migration 0006)
// expires 365 days after its creation.
TEST(CalendarFeedMigrationTest, AnOlderFeedExpiresAYearAfterItsCreation) {
  TestSchema db;
  ASSERT_TRUE(
      pg::ApplyMigrations(db.pool(), "platform", events::PlatformMigrations())
          .ok());
  std::vector<pg::Migration> before;
  for (const pg::Migration& m : Migrations()) {
    if (m.version < 6) before.push_back(m);
  }
  ASSERT_TRUE(pg::ApplyMigrations(db.pool(), "training", before).ok());
  db.Query(
      "INSERT INTO calendar_feed (id, token_sha256, owner_subject, "
      "owner_role, kind, edition, workshop_group, created_by, created_at) "
      "VALUES (gen_random_uuid(), repeat('a', 64), 'ministry-a', "
      "'MINISTRY', 'GROUP_CALENDAR', 'PILOT', 1, 'office', "
      "'2017-04-07T13:00:00Z') RETURNING 1");
  ASSERT_TRUE(pg::ApplyMigrations(db.pool(), "training", Migrations()).ok());
  EXPECT_EQ(db.Query("SELECT (expires_at = '2018-04-07T13:00:00Z')::text "
                     "FROM calendar_feed"),
            "true");
}

// Issue 17 review: the office revokes every feed of one person at once (an
// owner, a participant's calendar, a trainer's calendar), each recorded as
// revoked by the caller, and learns how many; nobody else may, and the
// request names exactly one person.
TEST_F(TrainingServiceTest, TheOfficeRevokesEveryFeedOfAPerson) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  const v1::CalendarFeed kept = GroupFeedFor("ministry-b");
  for (int i = 0; i < 3; ++i) GroupFeedFor("ministry-a");
  v1::CreateCalendarFeedRequest of_participant;
  of_participant.set_kind(v1::PARTICIPANT_CALENDAR);
  of_participant.set_participant(participant);
  v1::CalendarFeed feed;
  ASSERT_TRUE(CreateFeed(of_participant, &feed, auth::v1::JST, "jst-a").ok());
  ASSERT_TRUE(
      CreateFeed(of_participant, &feed, auth::v1::ADMIN, "office").ok());
  v1::CreateCalendarFeedRequest of_trainer;
  of_trainer.set_kind(v1::TRAINER_CALENDAR);
  of_trainer.set_trainer("trener-1");
  ASSERT_TRUE(
      CreateFeed(of_trainer, &feed, auth::v1::TRAINER, "trener-1").ok());

  v1::RevokeCalendarFeedsRequest request;
  request.set_owner("ministry-a");
  v1::RevokeCalendarFeedsResponse revoked;
  EXPECT_EQ(
      RevokeFeedsOf(request, &revoked, auth::v1::JST, "jst-a").error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 3);
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 0);

  request.Clear();
  request.set_participant(participant);
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 2);
  request.Clear();
  request.set_trainer("trener-1");
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed WHERE revoked_by = "
                  "'office' AND revoked_at IS NOT NULL"),
            6);
  api::v1::HttpBody body;
  EXPECT_TRUE(ReadFeed(TokenOf(kept), &body).ok());

  // Exactly one person, well formed.
  request.Clear();
  EXPECT_EQ(
      BadFields(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office")),
      std::vector<std::string>{"owner"});
  request.set_owner("ministry-b");
  request.set_trainer("trener-1");
  EXPECT_EQ(
      BadFields(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office")),
      std::vector<std::string>{"owner"});
  request.Clear();
  request.set_participant("not-a-uuid");
  EXPECT_EQ(
      BadFields(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office")),
      std::vector<std::string>{"participant"});
  EXPECT_TRUE(ReadFeed(TokenOf(kept), &body).ok());
}

// Issue 17 review: ListCalendarFeeds pages by the one rule (pageSize
// 1..500, absent 100; tokens bound to the list and its owner).
TEST_F(TrainingServiceTest, CalendarFeedsPageLikeEveryList) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    now_ += absl::Minutes(1);
    ids.insert(ids.begin(), GroupFeedFor("ministry-a").id());
  }
  GroupFeedFor("ministry-b");
  const auto list = [&](int size, const std::string& token,
                        const std::string& owner,
                        v1::ListCalendarFeedsResponse* page) {
    grpc::ClientContext context;
    Sign(context, auth::v1::ADMIN, "office");
    v1::ListCalendarFeedsRequest request;
    request.set_owner(owner);
    request.set_page_size(size);
    request.set_page_token(token);
    return stub_->ListCalendarFeeds(&context, request, page);
  };
  v1::ListCalendarFeedsResponse first, second;
  ASSERT_TRUE(list(2, "", "ministry-a", &first).ok());
  ASSERT_EQ(first.feeds_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  ASSERT_TRUE(list(2, first.next_page_token(), "ministry-a", &second).ok());
  ASSERT_EQ(second.feeds_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ((std::vector<std::string>{first.feeds(0).id(), first.feeds(1).id(),
                                      second.feeds(0).id()}),
            ids);
  v1::ListCalendarFeedsResponse refused;
  EXPECT_EQ(BadFields(list(501, "", "ministry-a", &refused)),
            std::vector<std::string>{"pageSize"});
  EXPECT_EQ(BadFields(list(-1, "", "ministry-a", &refused)),
            std::vector<std::string>{"pageSize"});
  EXPECT_EQ(BadFields(list(0, "not a token", "ministry-a", &refused)),
            std::vector<std::string>{"pageToken"});
  // A token is only valid for its owner.
  EXPECT_EQ(BadFields(list(2, first.next_page_token(), "ministry-b", &refused)),
            std::vector<std::string>{"pageToken"});
  v1::ListCalendarFeedsResponse whole;
  ASSERT_TRUE(list(0, "", "ministry-a", &whole).ok());
  EXPECT_EQ(whole.feeds_size(), 3);
  EXPECT_TRUE(whole.next_page_token().empty());
}

// Issue 17 review: the audit of feed reads is kept for a retention, then
// deleted (the training service's cleanup task, main.cc).
TEST_F(TrainingServiceTest, FeedReadsPastTheRetentionAreDeleted) {
  const v1::CalendarFeed feed = GroupFeedFor("ministry-a");
  api::v1::HttpBody body;
  const absl::Time first = now_;
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  now_ += absl::Hours(24);
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  auto deleted = stores_.feeds.DeleteReadsBefore(first + absl::Hours(1));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read"), 1);
  deleted = stores_.feeds.DeleteReadsBefore(first + absl::Hours(1));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 0);
}

}  // namespace
}  // namespace jstedu::training::pgtest
