// Writing events against a real PostgreSQL: AppendEvents' rows, their order
// and bytes, and the wake at commit.
#include <google/protobuf/wrappers.pb.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/events/migrations.h"
#include "common/events/outbox.h"
#include "common/pg/migrations.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "gtest/gtest.h"

namespace jstedu::events {
namespace {

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        pg::ApplyMigrations(schema_.pool(), "platform", PlatformMigrations())
            .ok());
  }

  // Every outbox row's `column`, in outbox.id order, joined by ",".
  std::string Column(const std::string& column) {
    return schema_.Query(absl::StrCat("SELECT coalesce(string_agg(", column,
                                      ", ',' ORDER BY id), '') FROM outbox"));
  }

  // Commits what `work` appends; the event ids it returns.
  std::vector<std::string> Commit(
      const std::function<std::vector<std::string>(pqxx::transaction_base&)>&
          work) {
    std::vector<std::string> ids;
    absl::Status status =
        pg::RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
          ids = work(tx);
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return ids;
  }

  testing::TestSchema schema_;
};

// Every byte value, and the characters an array literal or an escape
// format treats specially, in one payload.
std::string EveryByte(int salt) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return absl::StrCat(bytes, "\"\\{},'\\x00 NULL ", salt);
}

std::string Hex(const google::protobuf::Message& payload) {
  return absl::BytesToHexString(payload.SerializeAsString());
}

TEST_F(OutboxTest, AppendEventsKeepsTheOrderGivenAndTheBytes) {
  // Aggregates and types in no sorted order, an aggregate's events apart.
  std::vector<std::unique_ptr<google::protobuf::Message>> payloads;
  std::vector<NewEvent> events;
  std::vector<std::string> aggregates, types, hex;
  for (int i = 0; i < 40; ++i) {
    std::unique_ptr<google::protobuf::Message> payload;
    if (i % 3 == 0) {
      auto value = std::make_unique<google::protobuf::BytesValue>();
      value->set_value(EveryByte(i));
      payload = std::move(value);
    } else {
      auto value = std::make_unique<google::protobuf::Int64Value>();
      value->set_value(1000 - i);
      payload = std::move(value);
    }
    const std::string aggregate = absl::StrCat("agg-", (i * 7) % 11);
    events.push_back({payload.get(), aggregate});
    aggregates.push_back(aggregate);
    types.push_back(payload->GetDescriptor()->full_name());
    hex.push_back(Hex(*payload));
    payloads.push_back(std::move(payload));
  }
  const std::vector<std::string> ids = Commit([&](pqxx::transaction_base& tx) {
    return AppendEvents(tx, events, "00-trace-01");
  });
  ASSERT_EQ(ids.size(), events.size());
  EXPECT_EQ(Column("event_id::text"), absl::StrJoin(ids, ","));
  EXPECT_EQ(Column("aggregate_id"), absl::StrJoin(aggregates, ","));
  EXPECT_EQ(Column("event_type"), absl::StrJoin(types, ","));
  EXPECT_EQ(Column("encode(payload, 'hex')"), absl::StrJoin(hex, ","));
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM outbox "
                          "WHERE traceparent = '00-trace-01'"),
            "40");
}

TEST_F(OutboxTest, AppendEventsAfterAppendEventContinuesTheOrder) {
  google::protobuf::StringValue first, second, third;
  first.set_value("first");
  second.set_value("second");
  third.set_value("third");
  const std::vector<std::string> ids = Commit([&](pqxx::transaction_base& tx) {
    std::vector<std::string> out = {AppendEvent(tx, first, "b")};
    for (std::string& id : AppendEvents(tx, {{&second, "a"}, {&third, "b"}})) {
      out.push_back(std::move(id));
    }
    // One event through AppendEvents is the same row as AppendEvent's.
    out.push_back(AppendEvents(tx, {{&first, "c"}}).front());
    return out;
  });
  EXPECT_EQ(Column("event_id::text"), absl::StrJoin(ids, ","));
  EXPECT_EQ(Column("aggregate_id"), "b,a,b,c");
  EXPECT_EQ(
      Column("encode(payload, 'hex')"),
      absl::StrJoin({Hex(first), Hex(second), Hex(third), Hex(first)}, ","));
  EXPECT_EQ(Column("traceparent"), ",,,");
}

TEST_F(OutboxTest, ACommitWithEventsWakesTheRelaysOnce) {
  OutboxSignal& signal = OutboxSignal::Instance();
  google::protobuf::StringValue payload;
  const uint64_t before = signal.Generation();
  Commit([&](pqxx::transaction_base& tx) {
    AppendEvents(tx, {{&payload, "a"}, {&payload, "b"}});
    AppendEvent(tx, payload, "c");
    return AppendEvents(tx, {{&payload, "d"}, {&payload, "e"}});
  });
  EXPECT_EQ(signal.Generation(), before + 1);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM outbox"), "5");
}

TEST_F(OutboxTest, NoEventsWriteNothingAndWakeNoOne) {
  OutboxSignal& signal = OutboxSignal::Instance();
  const uint64_t before = signal.Generation();
  const std::vector<std::string> ids =
      Commit([&](pqxx::transaction_base& tx) { return AppendEvents(tx, {}); });
  EXPECT_TRUE(ids.empty());
  EXPECT_EQ(signal.Generation(), before);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM outbox"), "0");
}

TEST_F(OutboxTest, RolledBackEventsLeaveNoRowAndWakeNoOne) {
  OutboxSignal& signal = OutboxSignal::Instance();
  const uint64_t before = signal.Generation();
  google::protobuf::StringValue payload;
  absl::Status status =
      pg::RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        AppendEvents(tx, {{&payload, "a"}, {&payload, "b"}});
        return absl::FailedPreconditionError("business says no");
      });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(signal.Generation(), before);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM outbox"), "0");
}

}  // namespace
}  // namespace jstedu::events
