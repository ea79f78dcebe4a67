// Editions: each change publishes one EditionChanged; a stale version changes
// nothing.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::recruitment {
namespace {

// The EditionChanged events of edition `code` in the outbox, oldest first.
std::vector<events::v1::EditionChanged> EditionEvents(TestSchema& schema,
                                                      const std::string& code) {
  const std::string hex = schema.Query(absl::StrCat(
      "SELECT string_agg(encode(payload, 'hex'), ',' ORDER BY id) FROM outbox "
      "WHERE event_type = 'jstedu.events.v1.EditionChanged' AND aggregate_id "
      "= '",
      code, "'"));
  std::vector<events::v1::EditionChanged> events;
  if (hex.empty()) return events;
  for (absl::string_view payload : absl::StrSplit(hex, ',')) {
    EXPECT_TRUE(
        events.emplace_back().ParseFromString(absl::HexStringToBytes(payload)));
  }
  return events;
}

void ExpectPublished(const v1::Edition& edition,
                     const events::v1::EditionChanged& event) {
  EXPECT_EQ(event.code(), edition.code());
  EXPECT_EQ(event.kind(), edition.kind());
  EXPECT_EQ(event.name(), edition.name());
  EXPECT_EQ(event.capacity(), edition.capacity());
  EXPECT_EQ(event.min_representatives(), edition.min_representatives());
  EXPECT_EQ(event.starts_on(), edition.starts_on());
  EXPECT_EQ(event.ends_on(), edition.ends_on());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      event.update_time(), edition.update_time()))
      << event.update_time().DebugString();
}

TEST_F(RecruitmentTest, EachEditionChangePublishesOneEditionChanged) {
  const std::string code = CreateEdition(30, 3);
  v1::GetEditionRequest get;
  get.set_code(code);
  v1::Edition created;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetEdition, get, &created).ok());
  std::vector<events::v1::EditionChanged> events =
      EditionEvents(*schema_, code);
  ASSERT_EQ(events.size(), 1u);
  ExpectPublished(created, events[0]);

  v1::UpdateEditionRequest update;
  v1::Edition* change = update.mutable_edition();
  change->set_code(code);
  change->set_name("Edycja ogólnopolska");
  change->set_kind(v1::ROLLOUT);
  change->set_capacity(500);
  change->set_min_representatives(4);
  change->set_starts_on("2026-02-01");
  change->set_ends_on("2028-06-30");
  for (const char* path : {"name", "kind", "capacity", "min_representatives",
                           "starts_on", "ends_on"}) {
    update.mutable_update_mask()->add_paths(path);
  }
  v1::Edition updated;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, update, &updated)
          .ok());
  events = EditionEvents(*schema_, code);
  ASSERT_EQ(events.size(), 2u);
  ExpectPublished(updated, events[1]);
  EXPECT_EQ(events[1].kind(), v1::ROLLOUT);
  EXPECT_EQ(events[1].ends_on(), "2028-06-30");
  EXPECT_GT(google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                events[1].update_time()),
            google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                events[0].update_time()));

  // Refused updates (the store's validation, the role) publish nothing.
  change->set_ends_on("2025-12-31");
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("ends_on");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateEdition, update, &updated)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  change->set_ends_on("2029-12-31");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateEdition, update, &updated,
                 "COORDINATOR", "24")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(EditionEvents(*schema_, code).size(), 2u);

  // Republishing (seed-editions over an existing edition) sends the stored
  // facts again with the same update time: consumers keeping the newest
  // change nothing. An unknown edition is NOT_FOUND and sends nothing.
  const Actor seeder{"seed-editions", "ADMIN", "", PinnedToday()};
  ASSERT_TRUE(stores_->editions.RepublishEdition(code, seeder).ok());
  events = EditionEvents(*schema_, code);
  ASSERT_EQ(events.size(), 3u);
  ExpectPublished(updated, events[2]);
  EXPECT_EQ(events[2].SerializeAsString(), events[1].SerializeAsString());
  EXPECT_TRUE(
      absl::IsNotFound(stores_->editions.RepublishEdition("NO-SUCH", seeder)));
  EXPECT_EQ(EditionEvents(*schema_, code).size(), 3u);
}

// Two officers edit one edition: the second, sending the version it read
// before the first saved, is refused and changes nothing (not even the
// promotion a raised capacity brings); with the current version it goes
// through and moves the edition one version on. 0 is not checked.
TEST_F(RecruitmentTest, AStaleEditionVersionIsAbortedAndChangesNothing) {
  const std::string code = CreateEdition(1, 3);
  const std::vector<std::string> jsts = Jsts("30", 2);
  v1::Application qualified = Submit(code, jsts[0], 3, People(3));
  v1::Application waiting = Submit(code, jsts[1], 3, People(3));
  v1::Application out;
  ASSERT_TRUE(Qualify(qualified.id(), &out).ok());
  ASSERT_TRUE(Qualify(waiting.id(), &out).ok());
  ASSERT_EQ(out.status(), v1::WAITLISTED);
  v1::GetEditionRequest get;
  get.set_code(code);
  v1::Edition read;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetEdition, get, &read).ok());
  EXPECT_EQ(read.version(), 1);

  v1::UpdateEditionRequest rename;
  rename.mutable_edition()->set_code(code);
  rename.mutable_edition()->set_name("Pilotaż — nazwa pierwszego");
  rename.mutable_update_mask()->add_paths("name");
  rename.set_expected_version(read.version());
  v1::Edition renamed;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, rename, &renamed)
          .ok());
  EXPECT_EQ(renamed.version(), 2);

  v1::UpdateEditionRequest raise;
  raise.mutable_edition()->set_code(code);
  raise.mutable_edition()->set_capacity(2);
  raise.mutable_update_mask()->add_paths("capacity");
  raise.set_expected_version(read.version());
  v1::Edition raised;
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateEdition, raise, &raised)
                .error_code(),
            grpc::StatusCode::ABORTED);
  v1::Edition now;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetEdition, get, &now).ok());
  EXPECT_EQ(now.SerializeAsString(), renamed.SerializeAsString());
  EXPECT_EQ(EditionEvents(*schema_, code).size(), 2u);

  raise.set_expected_version(-1);
  grpc::Status negative =
      Call(&v1::RecruitmentService::Stub::UpdateEdition, raise, &raised);
  EXPECT_EQ(negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(negative), std::vector<std::string>{"expectedVersion"});

  raise.set_expected_version(renamed.version());
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, raise, &raised).ok());
  EXPECT_EQ(raised.version(), 3);
  EXPECT_EQ(raised.capacity(), 2);
  EXPECT_EQ(raised.name(), "Pilotaż — nazwa pierwszego");
  EXPECT_EQ(raised.qualified_count(), 2);
  EXPECT_EQ(raised.waitlisted_count(), 0);

  rename.mutable_edition()->set_name("Pilotaż — bez wersji");
  rename.set_expected_version(0);
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, rename, &renamed)
          .ok());
  EXPECT_EQ(renamed.version(), 4);
  EXPECT_EQ(renamed.name(), "Pilotaż — bez wersji");
}

}  // namespace
}  // namespace jstedu::recruitment
