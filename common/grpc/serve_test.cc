// Serve (status.h): a callback-API handler's body runs on the handler
// threads, where it may block, on a real in-process gRPC server. This test
// binary has its own process, so it sizes the handler threads itself: two.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/grpc/status.h"
#include "gtest/gtest.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"

namespace jstedu::grpcutil {
namespace {

namespace v1 = recruitment::v1;

constexpr int kHandlerThreads = 2;

// GetJst's body waits until `release` is notified (or `arrivals` reach
// `together`, so that calls can wait for each other), then answers the
// requested code.
class BlockingService final : public v1::RecruitmentService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetJst(grpc::CallbackServerContext* context,
                                   const v1::GetJstRequest* request,
                                   v1::Jst* response) override {
    return Serve("GetJst", context, request, [=]() -> absl::Status {
      ran.fetch_add(1);
      if (request->teryt() == "together") {
        absl::MutexLock lock(&mutex_);
        ++arrivals_;
        // Both calls must be in their bodies at once; a second call that
        // waited behind the first would never arrive.
        if (!mutex_.AwaitWithTimeout(
                absl::Condition(
                    +[](int* n) { return *n >= kHandlerThreads; }, &arrivals_),
                absl::Seconds(20))) {
          return absl::DeadlineExceededError("the other call never came");
        }
      } else if (request->teryt() == "blocker") {
        release.WaitForNotification();
      }
      response->set_teryt(request->teryt());
      return absl::OkStatus();
    });
  }

  std::atomic<int> ran{0};
  absl::Notification release;

 private:
  absl::Mutex mutex_;
  int arrivals_ = 0;
};

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetHandlerThreads(kHandlerThreads); }

  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::RecruitmentService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (!service_.release.HasBeenNotified()) service_.release.Notify();
    server_->Shutdown();
  }

  grpc::Status GetJst(const std::string& teryt,
                      std::chrono::milliseconds timeout,
                      v1::Jst* jst = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    v1::GetJstRequest request;
    request.set_teryt(teryt);
    v1::Jst ignored;
    return stub_->GetJst(&context, request, jst != nullptr ? jst : &ignored);
  }

  BlockingService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::RecruitmentService::Stub> stub_;
};

TEST_F(ServeTest, AnswersFromTheHandlerThread) {
  v1::Jst jst;
  grpc::Status status = GetJst("2476011", std::chrono::seconds(10), &jst);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(jst.teryt(), "2476011");
}

TEST_F(ServeTest, RejectedRequestTextNeverReachesTheBody) {
  grpc::Status status =
      GetJst(std::string("24\x01") + "76011", std::chrono::seconds(10));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(service_.ran, 0);
}

TEST_F(ServeTest, BlockingBodiesRunSideBySide) {
  grpc::Status first;
  std::thread other(
      [&] { first = GetJst("together", std::chrono::seconds(30)); });
  grpc::Status second = GetJst("together", std::chrono::seconds(30));
  other.join();
  EXPECT_TRUE(first.ok()) << first.error_message();
  EXPECT_TRUE(second.ok()) << second.error_message();
}

TEST_F(ServeTest, CallWhoseCallerGaveUpWhileQueuedDoesNotRun) {
  // Both handler threads held by blockers...
  std::thread blockers[kHandlerThreads];
  for (std::thread& blocker : blockers) {
    blocker = std::thread(
        [&] { EXPECT_TRUE(GetJst("blocker", std::chrono::seconds(30)).ok()); });
  }
  while (service_.ran < kHandlerThreads) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // ...a third call waits in the queue until its caller gives up.
  EXPECT_EQ(GetJst("2476011", std::chrono::milliseconds(300)).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's copy of the deadline starts when the call arrives, a
  // moment after the client's.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  service_.release.Notify();
  for (std::thread& blocker : blockers) blocker.join();
  // The queue is in order: a call after it runs only once it was passed.
  ASSERT_TRUE(GetJst("1261011", std::chrono::seconds(10)).ok());
  EXPECT_EQ(service_.ran, kHandlerThreads + 1);
}

}  // namespace
}  // namespace jstedu::grpcutil
