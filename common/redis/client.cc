#include "common/redis/client.h"

#include <hiredis/hiredis.h>

#include <exception>
#include <fstream>
#include <iterator>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace jstedu::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv;
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

Reply Copy(const redisReply* raw) {
  Reply reply;
  switch (raw->type) {
    case REDIS_REPLY_STRING:
      reply.type = Reply::Type::kString;
      reply.str.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_STATUS:
      reply.type = Reply::Type::kStatus;
      reply.str.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_ERROR:
      reply.type = Reply::Type::kError;
      reply.str.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_INTEGER:
      reply.type = Reply::Type::kInteger;
      reply.integer = raw->integer;
      break;
    case REDIS_REPLY_ARRAY:
      reply.type = Reply::Type::kArray;
      reply.elements.reserve(raw->elements);
      for (size_t i = 0; i < raw->elements; ++i) {
        reply.elements.push_back(Copy(raw->element[i]));
      }
      break;
    default:
      reply.type = Reply::Type::kNil;
  }
  return reply;
}

}  // namespace

absl::StatusOr<ClientOptions> OptionsFromAddress(const std::string& address) {
  ClientOptions options;
  auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &options.port) ||
      options.port <= 0 || options.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("Redis address must be host:port, got \"", address, "\""));
  }
  options.host = address.substr(0, colon);
  return options;
}

absl::StatusOr<ClientOptions> WithCredentials(
    ClientOptions options, const std::string& username,
    const std::string& password_file) {
  if (password_file.empty()) {
    if (!username.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(kRedisUsernameVariable, ": needs ",
                       kRedisPasswordFileVariable, " too"));
    }
    return options;
  }
  std::string password;
  try {
    if (std::ifstream in(password_file, std::ios::binary); in) {
      password.assign(std::istreambuf_iterator<char>(in),
                      std::istreambuf_iterator<char>());
    }
  } catch (const std::exception&) {  // libstdc++ throws reading a directory
    password.clear();
  }
  if (!password.empty() && password.back() == '\n') password.pop_back();
  if (password.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRedisPasswordFileVariable,
                     ": must name a readable file holding the password"));
  }
  options.username = username;
  options.password = std::move(password);
  return options;
}

Client::Client(ClientOptions options) : options_(std::move(options)) {}

Client::~Client() { Disconnect(); }

void Client::Disconnect() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
}

absl::Status Client::EnsureConnected() {
  if (context_ != nullptr) return absl::OkStatus();
  context_ = redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                     ToTimeval(options_.connect_timeout));
  if (context_ == nullptr || context_->err != 0) {
    std::string error = context_ ? context_->errstr : "out of memory";
    Disconnect();
    return absl::UnavailableError(absl::StrCat(
        "Redis ", options_.host, ":", options_.port, " unreachable: ", error));
  }
  redisSetTimeout(context_, ToTimeval(options_.io_timeout));
  if (options_.password.empty()) return absl::OkStatus();
  std::vector<std::string> auth = {"AUTH"};
  if (!options_.username.empty()) auth.push_back(options_.username);
  auth.push_back(options_.password);
  if (auto status = Append(auth); !status.ok()) return status;
  auto reply = ReadReply();
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) {
    // Redis's own words (WRONGPASS …) never hold the password.
    const std::string error = reply->str;
    Disconnect();
    return absl::UnavailableError(absl::StrCat(
        "Redis ", options_.host, ":", options_.port,
        " refused the credentials of ",
        options_.username.empty() ? "the default user"
                                  : absl::StrCat("user ", options_.username),
        ": ", error));
  }
  return absl::OkStatus();
}

absl::Status Client::Failed(const char* what) {
  std::string error = context_->errstr;
  Disconnect();
  return absl::UnavailableError(absl::StrCat("Redis ", what, ": ", error));
}

absl::Status Client::Append(const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lengths;
  args.reserve(argv.size());
  lengths.reserve(argv.size());
  for (const std::string& arg : argv) {
    args.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()),
                             args.data(), lengths.data()) != REDIS_OK) {
    return Failed("command failed");
  }
  return absl::OkStatus();
}

absl::StatusOr<Reply> Client::ReadReply() {
  void* raw = nullptr;
  if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
    return Failed("command failed");
  }
  Reply reply = Copy(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return reply;
}

absl::StatusOr<Reply> Client::Command(const std::vector<std::string>& argv) {
  if (auto status = EnsureConnected(); !status.ok()) return status;
  if (auto status = Append(argv); !status.ok()) return status;
  return ReadReply();
}

absl::StatusOr<std::vector<Reply>> Client::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  if (auto status = EnsureConnected(); !status.ok()) return status;
  for (const auto& argv : commands) {
    if (auto status = Append(argv); !status.ok()) return status;
  }
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    auto reply = ReadReply();
    if (!reply.ok()) return reply.status();
    replies.push_back(*std::move(reply));
  }
  return replies;
}

}  // namespace jstedu::redis
