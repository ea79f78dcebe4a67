// Idempotency-Key end to end through the Dispatcher: a real IdempotencyStore
// on the test Redis (JSTEDU_TEST_REDIS_ADDR, a fresh key prefix per test) and
// a real in-process gRPC upstream for the test service gwtest.ItemService
// (test_protos.h), and gwpeople.PersonService (below), whose answer type holds
// a field marked personal data. The services exist only as descriptors built
// at run time, so the upstream is a grpc::CallbackGenericService: it counts
// the calls of each method, records the principal and idempotency metadata
// each call carries, answers a fixed serialized gwtest.Sub built with a
// DynamicMessageFactory (read as a gwpeople.Person: id and name), can hold
// its answers (a request in flight) and fails with UNAVAILABLE when the
// request's id is "fail".
//
// Requests are fed to Dispatcher::Handle directly (it is transport-free).

#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/grpc/idempotency.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/testing/fixtures.h"
#include "gateway/dispatcher.h"
#include "gateway/idempotency.h"
#include "gateway/test_protos.h"
#include "gateway/test_tokens.h"
#include "gateway/upstream.h"
#include "google/protobuf/dynamic_message.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "jstedu/auth/v1/principal.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

constexpr char kCreate[] = "/gwtest.ItemService/CreateItem";
constexpr char kCreatePerson[] = "/gwpeople.PersonService/CreatePerson";
constexpr char kUpdate[] = "/gwtest.ItemService/UpdateSub";
constexpr char kBodyA[] = R"({"id":"a","tags":["x"]})";
constexpr char kBodyB[] = R"({"id":"b","tags":["x"]})";
// What the upstream answers, as the gateway prints it.
constexpr char kAnswerJson[] = R"({"id":"item-1","note":"created"})";

// A service answering personal data: Person.name carries the option.
constexpr char kPeopleFile[] = R"pb(
  name: "gateway_test/people.proto"
  package: "gwpeople"
  syntax: "proto3"
  message_type {
    name: "Person"
    field { name: "id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    field {
      name: "name"
      number: 2
      type: TYPE_STRING
      label: LABEL_OPTIONAL
      options {
        [jstedu.api.v1.personal_data]: true
      }
    }
  }
  message_type {
    name: "Req"
    field { name: "id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
  }
  service {
    name: "PersonService"
    method {
      name: "CreatePerson"
      input_type: ".gwpeople.Req"
      output_type: ".gwpeople.Person"
      options {
        [google.api.http] { post: "/v1/people" body: "*" }
      }
    }
  }
)pb";

// 2026-01-01T00:00:00Z, the verifier's clock.
const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

const testing::KeyPair& Keys() {
  static const auto* keys = new testing::KeyPair(testing::GenerateRsaKeyPair());
  return *keys;
}

// A token of `subject` with `role` and its scope claims (region, jst).
std::string Token(const std::string& subject, const std::string& role = "ADMIN",
                  const std::map<std::string, std::string>& scope = {}) {
  nlohmann::json claims = testing::DevClaims(subject, role, kNow);
  for (const auto& [name, value] : scope) claims[name] = value;
  return testing::SignedToken(Keys().private_pem, claims);
}

// What one upstream call carried.
struct Arrival {
  std::string method;
  std::string subject;
  std::string jst;
  std::string idempotency_key;  // x-jstedu-idempotency-key, "" when none
  std::string fingerprint;      // x-jstedu-request-fingerprint
};

std::string Flatten(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

// The gwtest.ItemService upstream.
class ItemUpstream final : public grpc::CallbackGenericService {
 public:
  // `pool` holds gwtest (test_protos.h); it must outlive the upstream.
  explicit ItemUpstream(const google::protobuf::DescriptorPool& pool)
      : factory_(&pool),
        request_type_(pool.FindMessageTypeByName("gwtest.Req")),
        response_type_(pool.FindMessageTypeByName("gwtest.Sub")) {
    std::unique_ptr<google::protobuf::Message> answer(
        factory_.GetPrototype(response_type_)->New());
    const auto* descriptor = answer->GetDescriptor();
    answer->GetReflection()->SetString(
        answer.get(), descriptor->FindFieldByName("id"), "item-1");
    answer->GetReflection()->SetString(
        answer.get(), descriptor->FindFieldByName("note"), "created");
    answer_ = answer->SerializeAsString();
  }

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    Arrival arrival;
    arrival.method = context->method();
    const auto& metadata = context->client_metadata();
    auto value = [&](const char* key) {
      auto it = metadata.find(key);
      return it == metadata.end()
                 ? std::string()
                 : std::string(it->second.data(), it->second.size());
    };
    auth::v1::Principal principal;
    if (principal.ParseFromString(value("x-jstedu-principal-bin"))) {
      arrival.subject = principal.subject();
      arrival.jst = principal.jst();
    }
    arrival.idempotency_key = value(grpcutil::kIdempotencyKeyKey);
    arrival.fingerprint = value(grpcutil::kRequestFingerprintKey);
    return new Call(this, std::move(arrival));
  }

  // Calls of `method` ("/gwtest.ItemService/CreateItem") that reached the
  // upstream with a request.
  int Calls(const std::string& method) {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_[method];
  }

  // The subjects of the calls, in order of arrival.
  std::vector<std::string> Subjects() {
    std::vector<std::string> subjects;
    for (const Arrival& arrival : Arrivals())
      subjects.push_back(arrival.subject);
    return subjects;
  }

  // What each call carried, in order of arrival.
  std::vector<Arrival> Arrivals() {
    std::lock_guard<std::mutex> lock(mutex_);
    return arrivals_;
  }

  // From now on, answers wait for Release().
  void Hold() {
    std::lock_guard<std::mutex> lock(mutex_);
    holding_ = true;
  }

  // Answers every held call and stops holding.
  void Release() {
    std::vector<Call*> held;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      holding_ = false;
      held.swap(held_);
    }
    for (Call* call : held) call->Answer();
  }

  // Waits until `count` calls are held.
  bool WaitUntilHeld(size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10),
                             [&] { return held_.size() >= count; });
  }

 private:
  class Call final : public grpc::ServerGenericBidiReactor {
   public:
    Call(ItemUpstream* owner, Arrival arrival)
        : owner_(owner), arrival_(std::move(arrival)) {
      StartRead(&request_);
    }

    void OnReadDone(bool ok) override {
      if (!ok) {
        Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request"));
        return;
      }
      owner_->Arrived(this);
    }

    // Writes the answer (or the failure) and finishes; from any thread.
    void Answer() {
      std::unique_ptr<google::protobuf::Message> request(
          owner_->factory_.GetPrototype(owner_->request_type_)->New());
      const bool parsed = request->ParseFromString(Flatten(request_));
      const std::string id =
          parsed
              ? request->GetReflection()->GetString(
                    *request, request->GetDescriptor()->FindFieldByName("id"))
              : "";
      if (!parsed || id == "fail") {
        Finish(
            grpc::Status(grpc::StatusCode::UNAVAILABLE, "failing on purpose"));
        return;
      }
      grpc::Slice slice(owner_->answer_);
      response_ = grpc::ByteBuffer(&slice, 1);
      StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    }

    void OnDone() override { delete this; }

    const Arrival& arrival() const { return arrival_; }

   private:
    ItemUpstream* const owner_;
    const Arrival arrival_;
    grpc::ByteBuffer request_;
    grpc::ByteBuffer response_;
  };

  void Arrived(Call* call) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++calls_[call->arrival().method];
      arrivals_.push_back(call->arrival());
      if (holding_) {
        held_.push_back(call);
        changed_.notify_all();
        return;
      }
    }
    call->Answer();
  }

  google::protobuf::DynamicMessageFactory factory_;
  const google::protobuf::Descriptor* const request_type_;
  const google::protobuf::Descriptor* const response_type_;
  std::string answer_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, int> calls_;
  std::vector<Arrival> arrivals_;
  bool holding_ = false;
  std::vector<Call*> held_;
};

std::string HeaderOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class IdempotencyFlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    log::Init("gateway_idempotency_flow_pgtest", log::Level::kWarn);
  }

  void SetUp() override {
    testing::BuildItemRoutes(&routes_);
    ASSERT_NE(routes_.table, nullptr);
    people_ = testing::BuildPool(kPeopleFile);
    ASSERT_NE(people_, nullptr);
    auto table = RouteTable::FromServices(
        {routes_.pool->FindServiceByName("gwtest.ItemService"),
         people_->FindServiceByName("gwpeople.PersonService")});
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = std::make_unique<RouteTable>(*std::move(table));
    upstream_ = std::make_unique<ItemUpstream>(*routes_.pool);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterCallbackGenericService(upstream_.get());
    server_ = testing::StartLiveServer(builder);
    ASSERT_NE(server_, nullptr);
    upstreams_ = std::make_unique<Upstreams>(
        std::vector<UpstreamTarget>{
            {"gwtest.ItemService", "127.0.0.1:" + std::to_string(port)},
            {"gwpeople.PersonService", "127.0.0.1:" + std::to_string(port)}},
        std::chrono::seconds(10));

    JwtOptions jwt;
    jwt.now = [] { return kNow; };
    auto verifier = JwtVerifier::Create(Keys().public_pem, jwt);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::make_unique<JwtVerifier>(*std::move(verifier));
    store_ = std::make_unique<IdempotencyStore>(
        keyspace_.options(), keyspace_.prefix(), std::string(48, 's'));

    DispatcherOptions options;
    options.registry = &registry_;
    options.verifier = verifier_.get();
    options.allowed = [](std::string_view, auth::v1::Role) { return true; };
    options.idempotency = store_.get();
    dispatcher_ =
        std::make_unique<Dispatcher>(*table_, *upstreams_, std::move(options));
  }

  void TearDown() override {
    if (upstream_) upstream_->Release();
    if (upstreams_) upstreams_->Shutdown();
    if (server_)
      server_->Shutdown(std::chrono::system_clock::now() +
                        std::chrono::seconds(5));
  }

  static HttpRequest Request(const std::string& method,
                             const std::string& target,
                             const std::string& subject, const std::string& key,
                             const std::string& body) {
    return RequestWith(Token(subject), method, target, key, body);
  }

  static HttpRequest RequestWith(const std::string& token,
                                 const std::string& method,
                                 const std::string& target,
                                 const std::string& key,
                                 const std::string& body) {
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.headers = {{"authorization", "Bearer " + token},
                       {"content-type", "application/json"}};
    if (!key.empty()) request.headers.emplace_back("idempotency-key", key);
    request.body = body;
    return request;
  }

  // Starts a request; its response arrives in the future.
  std::future<HttpResponse> Start(HttpRequest request) {
    auto promise = std::make_shared<std::promise<HttpResponse>>();
    std::future<HttpResponse> future = promise->get_future();
    dispatcher_->Handle(std::move(request), [promise](HttpResponse response) {
      promise->set_value(std::move(response));
    });
    return future;
  }

  static HttpResponse Await(std::future<HttpResponse>& future) {
    if (future.wait_for(std::chrono::seconds(15)) !=
        std::future_status::ready) {
      ADD_FAILURE() << "no response within 15 s";
      return HttpResponse{0, {}, ""};
    }
    return future.get();
  }

  HttpResponse Send(HttpRequest request) {
    auto future = Start(std::move(request));
    return Await(future);
  }

  // POST /v1/items as `subject` with Idempotency-Key `key` ("" for none).
  HttpResponse Post(const std::string& key, const std::string& body,
                    const std::string& subject = "alice",
                    const std::string& target = "/v1/items") {
    return Send(Request("POST", target, subject, key, body));
  }

  static int Code(const HttpResponse& response) {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    return body.is_object() && body.contains("code") &&
                   body["code"].is_number_integer()
               ? body["code"].get<int>()
               : -1;
  }

  jstedu::testing::TestKeyspace keyspace_;
  testing::ItemRoutes routes_;
  std::unique_ptr<google::protobuf::DescriptorPool> people_;
  std::unique_ptr<RouteTable> table_;  // both services
  std::unique_ptr<ItemUpstream> upstream_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Upstreams> upstreams_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<IdempotencyStore> store_;
  metrics::Registry registry_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(IdempotencyFlowTest, TheSameKeyAndBodyReplaysTheFirstResponse) {
  const HttpResponse first = Post("k1", kBodyA);
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.body, kAnswerJson);
  EXPECT_EQ(HeaderOf(first, "idempotent-replayed"), "");
  EXPECT_EQ(upstream_->Calls(kCreate), 1);

  for (int i = 0; i < 3; ++i) {
    const HttpResponse again = Post("k1", kBodyA);
    EXPECT_EQ(again.status, first.status);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(HeaderOf(again, "idempotent-replayed"), "true");
    // A response of its own, not the first one's id.
    EXPECT_FALSE(HeaderOf(again, "x-request-id").empty());
    EXPECT_NE(HeaderOf(again, "x-request-id"), HeaderOf(first, "x-request-id"));
  }
  EXPECT_EQ(upstream_->Calls(kCreate), 1);
}

TEST_F(IdempotencyFlowTest, TheSameKeyWithAnotherRequestIs422) {
  ASSERT_EQ(Post("k1", kBodyA).status, 200);
  const HttpResponse other_body = Post("k1", kBodyB);
  EXPECT_EQ(other_body.status, 422) << other_body.body;
  EXPECT_EQ(Code(other_body), 3);
  EXPECT_EQ(HeaderOf(other_body, "idempotent-replayed"), "");
  // The target is part of the request as well.
  ASSERT_EQ(Post("k5", kBodyA, "alice", "/v1/items/a:approve").status, 200);
  const HttpResponse other_target =
      Post("k5", kBodyA, "alice", "/v1/items/b:approve");
  EXPECT_EQ(other_target.status, 422) << other_target.body;
  EXPECT_EQ(upstream_->Calls(kCreate), 1);
  EXPECT_EQ(upstream_->Calls("/gwtest.ItemService/ApproveItem"), 1);
  // The stored response is still there for the first request.
  EXPECT_EQ(HeaderOf(Post("k1", kBodyA), "idempotent-replayed"), "true");
}

TEST_F(IdempotencyFlowTest, TheSameKeyWhileTheFirstIsInFlightIs409) {
  upstream_->Hold();
  auto first = Start(Request("POST", "/v1/items", "alice", "k2", kBodyA));
  ASSERT_TRUE(upstream_->WaitUntilHeld(1));
  ASSERT_EQ(first.wait_for(std::chrono::milliseconds(0)),
            std::future_status::timeout);

  const HttpResponse conflict = Post("k2", kBodyA);
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_EQ(Code(conflict), 10);  // ABORTED
  // Told apart from a service's stale version: retry with the key.
  EXPECT_NE(conflict.body.find("\"reason\":\"IDEMPOTENCY_KEY_IN_FLIGHT\""),
            std::string::npos)
      << conflict.body;
  // Another body under the key in flight is a mismatch, not a conflict.
  EXPECT_EQ(Post("k2", kBodyB).status, 422);
  EXPECT_EQ(upstream_->Calls(kCreate), 1);

  upstream_->Release();
  const HttpResponse answered = Await(first);
  EXPECT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.body, kAnswerJson);
  const HttpResponse replayed = Post("k2", kBodyA);
  EXPECT_EQ(replayed.status, 200);
  EXPECT_EQ(replayed.body, kAnswerJson);
  EXPECT_EQ(HeaderOf(replayed, "idempotent-replayed"), "true");
  EXPECT_EQ(upstream_->Calls(kCreate), 1);
}

TEST_F(IdempotencyFlowTest, AMalformedKeyIs400AndNothingRuns) {
  const std::vector<std::string> kBadKeys = {"k 1", std::string(256, 'k'),
                                             "cl\xc3\xa9", "tab\tkey", "k\x7f"};
  for (const std::string& key : kBadKeys) {
    const HttpResponse response = Post(key, kBodyA);
    EXPECT_EQ(response.status, 400) << key << ": " << response.body;
    EXPECT_EQ(Code(response), 3);
  }
  EXPECT_EQ(upstream_->Calls(kCreate), 0);
  // The longest key allowed works.
  EXPECT_EQ(Post(std::string(255, 'k'), kBodyA).status, 200);
  EXPECT_EQ(upstream_->Calls(kCreate), 1);
}

TEST_F(IdempotencyFlowTest, AnotherSubjectMayUseTheSameKey) {
  ASSERT_EQ(Post("k1", kBodyA, "alice").status, 200);
  const HttpResponse bob = Post("k1", kBodyA, "bob");
  EXPECT_EQ(bob.status, 200) << bob.body;
  EXPECT_EQ(HeaderOf(bob, "idempotent-replayed"), "");
  EXPECT_EQ(upstream_->Calls(kCreate), 2);
  EXPECT_EQ(upstream_->Subjects(), (std::vector<std::string>{"alice", "bob"}));
  // Each has its own record: bob's repeat replays, alice's other body is
  // still a mismatch.
  EXPECT_EQ(HeaderOf(Post("k1", kBodyA, "bob"), "idempotent-replayed"), "true");
  EXPECT_EQ(Post("k1", kBodyB, "alice").status, 422);
  EXPECT_EQ(upstream_->Calls(kCreate), 2);
}

TEST_F(IdempotencyFlowTest, WithoutTheHeaderNothingIsDeduplicated) {
  EXPECT_EQ(Post("", kBodyA).status, 200);
  const HttpResponse second = Post("", kBodyA);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(HeaderOf(second, "idempotent-replayed"), "");
  EXPECT_EQ(upstream_->Calls(kCreate), 2);
  for (int i = 0; i < 2; ++i) {
    const HttpResponse patch =
        Send(Request("PATCH", "/v1/items/a", "alice", "", R"({"note":"n"})"));
    EXPECT_EQ(patch.status, 200) << patch.body;
    EXPECT_EQ(HeaderOf(patch, "idempotent-replayed"), "");
  }
  EXPECT_EQ(upstream_->Calls(kUpdate), 2);
}

// A PUT (a whole attendance sheet sent again by a tablet that lost the
// answer) and a PATCH honour the key as a POST does: the repeat gets the
// first answer and the upstream runs once; another body under the key is
// 422; a GET or DELETE would ignore it (HonoursIdempotencyKey).
TEST_F(IdempotencyFlowTest, APutOrPatchUnderTheSameKeyRunsOnce) {
  for (const char* method : {"PUT", "PATCH"}) {
    SCOPED_TRACE(method);
    const std::string target =
        std::string(method) == "PUT" ? "/v1/items/a/sub" : "/v1/items/a";
    const std::string key = absl::StrCat("sheet-", method);
    const int before = upstream_->Calls(kUpdate);
    const HttpResponse first =
        Send(Request(method, target, "alice", key, R"({"note":"n"})"));
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(HeaderOf(first, "idempotent-replayed"), "");
    const HttpResponse again =
        Send(Request(method, target, "alice", key, R"({"note":"n"})"));
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(HeaderOf(again, "idempotent-replayed"), "true");
    EXPECT_EQ(upstream_->Calls(kUpdate), before + 1) << "the write ran once";
    EXPECT_EQ(
        Send(Request(method, target, "alice", key, R"({"note":"m"})")).status,
        422);
    EXPECT_FALSE(upstream_->Arrivals().back().idempotency_key.empty())
        << "the scoped key reaches the service, which applies it once";
  }
}

TEST_F(IdempotencyFlowTest, AFailedUpstreamCallIsNotStoredSoARetryRuns) {
  const std::string failing = R"({"id":"fail"})";
  EXPECT_EQ(Post("k3", failing).status, 503);
  EXPECT_EQ(Post("k3", failing).status, 503);
  EXPECT_EQ(upstream_->Calls(kCreate), 2);
}

TEST_F(IdempotencyFlowTest, ARequestRefusedBeforeTheKeyIsClaimedLeavesItFree) {
  // Not JSON: refused by the JSON limits, before the key is looked at.
  const HttpResponse bad = Post("k4", "{\"id\":");
  EXPECT_EQ(bad.status, 400) << bad.body;
  const HttpResponse good = Post("k4", kBodyA);
  EXPECT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(HeaderOf(good, "idempotent-replayed"), "");
  EXPECT_EQ(upstream_->Calls(kCreate), 1);
}

TEST_F(IdempotencyFlowTest, TheSameSubjectInAnotherScopeRunsItsOwnRequest) {
  const std::string own = Token("shared", "JST", {{"jst", "2476011"}});
  const HttpResponse first =
      Send(RequestWith(own, "POST", "/v1/items", "k1", kBodyA));
  ASSERT_EQ(first.status, 200) << first.body;
  // The same `sub` as another JST, with another role, and the same key on
  // another route: none of them is the first request.
  for (const std::string& other :
       {Token("shared", "JST", {{"jst", "0201011"}}),
        Token("shared", "COORDINATOR", {{"region", "24"}}),
        Token("shared", "ADMIN")}) {
    const HttpResponse answer =
        Send(RequestWith(other, "POST", "/v1/items", "k1", kBodyA));
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(HeaderOf(answer, "idempotent-replayed"), "");
  }
  const HttpResponse other_route =
      Send(RequestWith(own, "POST", "/v1/items/a:approve", "k1", kBodyA));
  EXPECT_EQ(other_route.status, 200) << other_route.body;
  EXPECT_EQ(HeaderOf(other_route, "idempotent-replayed"), "");
  EXPECT_EQ(upstream_->Calls(kCreate), 4);
  const std::vector<Arrival> arrivals = upstream_->Arrivals();
  ASSERT_GE(arrivals.size(), 2u);
  EXPECT_EQ(arrivals[1].jst, "0201011");
  // The first caller's repeat is still its own answer.
  const HttpResponse again =
      Send(RequestWith(own, "POST", "/v1/items", "k1", kBodyA));
  EXPECT_EQ(HeaderOf(again, "idempotent-replayed"), "true");
  EXPECT_EQ(upstream_->Calls(kCreate), 4);
}

TEST_F(IdempotencyFlowTest, APersonalAnswerIsKeptByTheServiceNotInRedis) {
  constexpr char kPersonA[] = R"({"id":"a"})";
  constexpr char kPersonB[] = R"({"id":"b"})";
  const HttpResponse first = Post("p1", kPersonA, "alice", "/v1/people");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.body, R"({"id":"item-1","name":"created"})");
  // The service got the scoped key and the fingerprint to keep its answer.
  std::vector<Arrival> arrivals = upstream_->Arrivals();
  ASSERT_EQ(arrivals.size(), 1u);
  EXPECT_EQ(arrivals[0].idempotency_key.size(), 64u);
  EXPECT_EQ(arrivals[0].fingerprint.size(), 64u);
  // Redis holds no body: the answer's personal field is nowhere there.
  auto redis = keyspace_.Client();
  auto value = redis->Command(
      {"GET", keyspace_.prefix() + "idem:" + arrivals[0].idempotency_key});
  ASSERT_TRUE(value.ok());
  ASSERT_EQ(value->type, redis::Reply::Type::kString);
  EXPECT_EQ(value->str.find("created"), std::string::npos) << value->str;

  // A repeat goes to the service again, with the same key, and is marked
  // replayed; another body under the key is still refused here.
  const HttpResponse again = Post("p1", kPersonA, "alice", "/v1/people");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(HeaderOf(again, "idempotent-replayed"), "true");
  EXPECT_EQ(Post("p1", kPersonB, "alice", "/v1/people").status, 422);
  arrivals = upstream_->Arrivals();
  ASSERT_EQ(arrivals.size(), 2u);
  EXPECT_EQ(arrivals[1].idempotency_key, arrivals[0].idempotency_key);
  EXPECT_EQ(arrivals[1].fingerprint, arrivals[0].fingerprint);
  EXPECT_EQ(upstream_->Calls(kCreatePerson), 2);
}

// Every service applies a keyed request at most once
// (common/pg/request_key.h), so every keyed POST carries the key upstream;
// a retry after a 5xx (the key abandoned here) carries the same one.
TEST_F(IdempotencyFlowTest, EveryKeyedWriteCarriesItsKeyUpstream) {
  const std::string failing = R"({"id":"fail"})";
  ASSERT_EQ(Post("i1", kBodyA).status, 200);
  ASSERT_EQ(Post("i2", failing).status, 503);
  ASSERT_EQ(Post("i2", failing).status, 503);
  ASSERT_EQ(Post("", kBodyA).status, 200);
  ASSERT_EQ(
      Send(Request("PATCH", "/v1/items/a", "alice", "i3", R"({"note":"n"})"))
          .status,
      200);
  const std::vector<Arrival> arrivals = upstream_->Arrivals();
  ASSERT_EQ(arrivals.size(), 5u);
  const auto is_hash = [](const std::string& text) {
    return text.size() == 64 &&
           text.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  for (int i : {0, 1, 2}) {
    EXPECT_TRUE(is_hash(arrivals[i].idempotency_key)) << i;
    EXPECT_TRUE(is_hash(arrivals[i].fingerprint)) << i;
  }
  EXPECT_NE(arrivals[1].idempotency_key, arrivals[0].idempotency_key);
  EXPECT_EQ(arrivals[2].idempotency_key, arrivals[1].idempotency_key);
  EXPECT_EQ(arrivals[2].fingerprint, arrivals[1].fingerprint);
  // No key without the header; a PATCH's key reaches the service too.
  EXPECT_EQ(arrivals[3].idempotency_key, "");
  EXPECT_TRUE(is_hash(arrivals[4].idempotency_key));
}

}  // namespace
}  // namespace jstedu::gateway
