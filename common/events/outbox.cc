#include "common/events/outbox.h"

#include <pqxx/pqxx>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"

namespace jstedu::events {
namespace {

constexpr char kInsert[] =
    "INSERT INTO outbox (event_type, aggregate_id, payload, traceparent) "
    "VALUES ($1, $2, $3, $4) RETURNING event_id";

// $1 types, $2 aggregates, $3 payloads (hex): three text arrays of one
// length, $4 the traceparent. The ORDER BY feeds the rows to the INSERT in
// the arrays' order, and outbox.id (its default) is taken as each row is
// inserted, so the ids follow that order; the event ids come back in it.
// Payloads travel as hex text: a text[] literal quotes any text
// (pg::TextArrayLiteral), and decode() makes the bytes again.
constexpr char kInsertMany[] = R"sql(
WITH appended AS (
  INSERT INTO outbox (event_type, aggregate_id, payload, traceparent)
  SELECT e.event_type, e.aggregate_id, decode(e.payload, 'hex'), $4
    FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY
         AS e (event_type, aggregate_id, payload, n)
   ORDER BY e.n
  RETURNING id, event_id)
SELECT event_id::text AS event_id FROM appended ORDER BY id)sql";

std::string TypeOf(const NewEvent& event) {
  return event.payload->GetDescriptor()->full_name();
}

// The outbox rows of `events` (at least one).
std::vector<std::string> Insert(pqxx::transaction_base& tx,
                                const std::vector<NewEvent>& events,
                                const std::string& traceparent) {
  if (events.size() == 1) {  // the common case: no hex, a simpler plan
    const NewEvent& event = events.front();
    pqxx::binarystring bytes(event.payload->SerializeAsString());
    return {pg::Exec1(tx, kInsert, TypeOf(event), event.aggregate_id, bytes,
                      traceparent)[0]
                .as<std::string>()};
  }
  std::vector<std::string> types, aggregates, payloads;
  for (const NewEvent& event : events) {
    types.push_back(TypeOf(event));
    aggregates.push_back(event.aggregate_id);
    payloads.push_back(
        absl::BytesToHexString(event.payload->SerializeAsString()));
  }
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const pqxx::row& row :
       pg::Exec(tx, kInsertMany, pg::TextArrayLiteral(types),
                pg::TextArrayLiteral(aggregates),
                pg::TextArrayLiteral(payloads), traceparent)) {
    ids.push_back(row["event_id"].as<std::string>());
  }
  return ids;
}

}  // namespace

std::string AppendEvent(pqxx::transaction_base& tx,
                        const google::protobuf::Message& payload,
                        const std::string& aggregate_id,
                        const std::string& traceparent) {
  return AppendEvents(tx, {{&payload, aggregate_id}}, traceparent).front();
}

std::vector<std::string> AppendEvents(pqxx::transaction_base& tx,
                                      const std::vector<NewEvent>& events,
                                      const std::string& traceparent) {
  if (events.empty()) return {};
  OutboxSignal& signal = OutboxSignal::Instance();
  pg::AfterCommit(
      tx, [&signal] { signal.Notify(); }, &signal);
  std::vector<std::string> ids = Insert(tx, events, traceparent);
  // The outbox rows are a write: RunInTransaction need not ask.
  pg::MarkWritten(tx);
  return ids;
}

std::string StreamName(const std::string& prefix, const std::string& producer) {
  return absl::StrCat(prefix, "events.", producer);
}

OutboxSignal& OutboxSignal::Instance() {
  static OutboxSignal* signal = new OutboxSignal();
  return *signal;
}

uint64_t OutboxSignal::Generation() {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

void OutboxSignal::Notify() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

bool OutboxSignal::WaitForChange(uint64_t seen,
                                 std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return generation_ != seen; });
}

}  // namespace jstedu::events
