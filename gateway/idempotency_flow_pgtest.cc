// Idempotency-Key end to end through the Dispatcher: a real IdempotencyStore
// on the test Redis (JSTEDU_TEST_REDIS_ADDR, a fresh key prefix per test) and
// a real in-process gRPC upstream for the test service gwtest.ItemService
// (test_protos.h). The service exists only as descriptors built at run time,
// so the upstream is a grpc::CallbackGenericService: it counts the calls of
// each method, answers a fixed serialized gwtest.Sub built with a
// DynamicMessageFactory, can hold its answers (a request in flight) and fails
// with UNAVAILABLE when the request's id is "fail".
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
constexpr char kUpdate[] = "/gwtest.ItemService/UpdateSub";
constexpr char kBodyA[] = R"({"id":"a","tags":["x"]})";
constexpr char kBodyB[] = R"({"id":"b","tags":["x"]})";
// What the upstream answers, as the gateway prints it.
constexpr char kAnswerJson[] = R"({"id":"item-1","note":"created"})";

// 2026-01-01T00:00:00Z, the verifier's clock.
const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

const testing::KeyPair& Keys() {
  static const auto* keys = new testing::KeyPair(testing::GenerateRsaKeyPair());
  return *keys;
}

std::string Token(const std::string& subject) {
  return testing::SignedToken(Keys().private_pem,
                              testing::DevClaims(subject, "ADMIN", kNow));
}

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
    answer->GetReflection()->SetString(answer.get(),
                                       descriptor->FindFieldByName("id"),
                                       "item-1");
    answer->GetReflection()->SetString(answer.get(),
                                       descriptor->FindFieldByName("note"),
                                       "created");
    answer_ = answer->SerializeAsString();
  }

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    std::string subject;
    const auto& metadata = context->client_metadata();
    if (auto it = metadata.find("x-jstedu-principal-bin");
        it != metadata.end()) {
      auth::v1::Principal principal;
      if (principal.ParseFromArray(it->second.data(),
                                   static_cast<int>(it->second.size()))) {
        subject = principal.subject();
      }
    }
    return new Call(this, context->method(), std::move(subject));
  }

  // Calls of `method` ("/gwtest.ItemService/CreateItem") that reached the
  // upstream with a request.
  int Calls(const std::string& method) {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_[method];
  }

  // The subjects of the calls, in order of arrival.
  std::vector<std::string> Subjects() {
    std::lock_guard<std::mutex> lock(mutex_);
    return subjects_;
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
    Call(ItemUpstream* owner, std::string method, std::string subject)
        : owner_(owner), method_(std::move(method)), subject_(std::move(subject)) {
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
          parsed ? request->GetReflection()->GetString(
                       *request, request->GetDescriptor()->FindFieldByName("id"))
                 : "";
      if (!parsed || id == "fail") {
        Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "failing on purpose"));
        return;
      }
      grpc::Slice slice(owner_->answer_);
      response_ = grpc::ByteBuffer(&slice, 1);
      StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    }

    void OnDone() override { delete this; }

    const std::string& method() const { return method_; }
    const std::string& subject() const { return subject_; }

   private:
    ItemUpstream* const owner_;
    const std::string method_;
    const std::string subject_;
    grpc::ByteBuffer request_;
    grpc::ByteBuffer response_;
  };

  void Arrived(Call* call) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++calls_[call->method()];
      subjects_.push_back(call->subject());
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
  std::vector<std::string> subjects_;
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
            {"gwtest.ItemService", "127.0.0.1:" + std::to_string(port)}},
        std::chrono::seconds(10));

    JwtOptions jwt;
    jwt.now = [] { return kNow; };
    auto verifier = JwtVerifier::Create(Keys().public_pem, jwt);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::make_unique<JwtVerifier>(*std::move(verifier));
    store_ = std::make_unique<IdempotencyStore>(keyspace_.options(),
                                                keyspace_.prefix());

    DispatcherOptions options;
    options.registry = &registry_;
    options.verifier = verifier_.get();
    options.allowed = [](std::string_view, auth::v1::Role) { return true; };
    options.idempotency = store_.get();
    dispatcher_ =
        std::make_unique<Dispatcher>(*routes_.table, *upstreams_, std::move(options));
  }

  void TearDown() override {
    if (upstream_) upstream_->Release();
    if (upstreams_) upstreams_->Shutdown();
    if (server_) server_->Shutdown(std::chrono::system_clock::now() +
                                   std::chrono::seconds(5));
  }

  static HttpRequest Request(const std::string& method,
                             const std::string& target,
                             const std::string& subject,
                             const std::string& key, const std::string& body) {
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.headers = {{"authorization", "Bearer " + Token(subject)},
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
    if (future.wait_for(std::chrono::seconds(15)) != std::future_status::ready) {
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
  const HttpResponse other_target =
      Post("k1", kBodyA, "alice", "/v1/items/a:approve");
  EXPECT_EQ(other_target.status, 422) << other_target.body;
  EXPECT_EQ(upstream_->Calls(kCreate), 1);
  EXPECT_EQ(upstream_->Calls("/gwtest.ItemService/ApproveItem"), 0);
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
  const std::vector<std::string> kBadKeys = {
      "k 1", std::string(256, 'k'), "cl\xc3\xa9", "tab\tkey", "k\x7f"};
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
  // The header is for POST only: other methods run every time.
  for (int i = 0; i < 2; ++i) {
    const HttpResponse patch = Send(Request("PATCH", "/v1/items/a", "alice",
                                            "k1", R"({"note":"n"})"));
    EXPECT_EQ(patch.status, 200) << patch.body;
    EXPECT_EQ(HeaderOf(patch, "idempotent-replayed"), "");
  }
  EXPECT_EQ(upstream_->Calls(kUpdate), 2);
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

}  // namespace
}  // namespace jstedu::gateway
