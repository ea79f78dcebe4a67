#include "common/redis/client.h"

#include <hiredis/hiredis.h>

#include <new>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/config/env.h"
#include "common/redis/connection.h"
#include "common/redis/tls.h"

namespace jstedu::redis {

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
  std::optional<std::string> password = config::ReadSecretFile(password_file);
  if (!password) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRedisPasswordFileVariable,
                     ": must name a readable file holding the password"));
  }
  options.username = username;
  options.password = *std::move(password);
  return options;
}

absl::StatusOr<ClientOptions> OptionsFromSettings(const Settings& settings) {
  std::vector<std::string> problems;
  // An empty address is Env's to report (the variable is required).
  auto address =
      OptionsFromAddress(settings.addr.empty() ? "unset:6379" : settings.addr);
  if (!address.ok()) {
    problems.push_back(
        absl::StrCat(kRedisAddrVariable, ": ", address.status().message()));
  }
  auto options = WithCredentials(address.ok() ? *address : ClientOptions{},
                                 settings.username, settings.password_file);
  if (!options.ok()) problems.emplace_back(options.status().message());
  if (!settings.tls.enabled()) {
    for (const auto& [variable, value] :
         {std::pair{kRedisTlsServerNameVariable, &settings.tls.server_name},
          std::pair{kRedisTlsCertFileVariable, &settings.tls.cert_file},
          std::pair{kRedisTlsKeyFileVariable, &settings.tls.key_file}}) {
      if (!value->empty()) {
        problems.push_back(absl::StrCat(variable, ": needs ",
                                        kRedisTlsCaFileVariable, " too"));
      }
    }
  } else if (auto context = MakeTlsContext(settings.tls); !context.ok()) {
    problems.emplace_back(context.status().message());
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  }
  options->tls = settings.tls;
  return options;
}

Settings ReadSettings(config::Env& env) {
  Settings settings;
  settings.addr = env.HostPort(kRedisAddrVariable);
  settings.username = env.String(kRedisUsernameVariable, "");
  settings.password_file = env.String(kRedisPasswordFileVariable, "");
  settings.tls.ca_file = env.String(kRedisTlsCaFileVariable, "");
  settings.tls.server_name = env.String(kRedisTlsServerNameVariable, "");
  settings.tls.cert_file = env.String(kRedisTlsCertFileVariable, "");
  settings.tls.key_file = env.String(kRedisTlsKeyFileVariable, "");
  return settings;
}

Client::Client(ClientOptions options) : options_(std::move(options)) {}

Client::~Client() = default;

absl::Status Client::Dropped(absl::Status status) {
  connection_.reset();
  output_.clear();
  return status;
}

absl::Status Client::EnsureConnected() {
  const auto now = std::chrono::steady_clock::now();
  if (connection_ != nullptr && now - last_used_ > options_.idle_check_after) {
    Append({"PING"});
    (void)ReadReply();  // a failure drops the connection: opened below
  }
  last_used_ = now;
  if (connection_ != nullptr) return absl::OkStatus();
  output_.clear();
  auto connection = Connection::Open(options_);
  if (!connection.ok()) return connection.status();
  connection_ = *std::move(connection);
  if (options_.password.empty()) return absl::OkStatus();
  std::vector<std::string> auth = {"AUTH"};
  if (!options_.username.empty()) auth.push_back(options_.username);
  auth.push_back(options_.password);
  Append(auth);
  auto reply = ReadReply();
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) {
    // Redis's own words (WRONGPASS …) never hold the password.
    return Dropped(absl::UnavailableError(absl::StrCat(
        "Redis ", options_.host, ":", options_.port,
        " refused the credentials of ",
        options_.username.empty() ? "the default user"
                                  : absl::StrCat("user ", options_.username),
        ": ", reply->str)));
  }
  return absl::OkStatus();
}

void Client::Append(const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lengths;
  args.reserve(argv.size());
  lengths.reserve(argv.size());
  for (const std::string& arg : argv) {
    args.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  char* command = nullptr;
  const int length = redisFormatCommandArgv(
      &command, static_cast<int>(argv.size()), args.data(), lengths.data());
  if (length < 0) throw std::bad_alloc();  // its only failure
  output_.append(command, static_cast<size_t>(length));
  redisFreeCommand(command);
}

absl::StatusOr<Reply> Client::ReadReply() {
  if (!output_.empty()) {
    if (auto status = connection_->Send(output_); !status.ok()) {
      return Dropped(status);
    }
    output_.clear();
  }
  auto reply = connection_->Receive();
  if (!reply.ok()) return Dropped(reply.status());
  return reply;
}

absl::StatusOr<Reply> Client::Command(const std::vector<std::string>& argv) {
  if (auto status = EnsureConnected(); !status.ok()) return status;
  Append(argv);
  return ReadReply();
}

absl::StatusOr<std::vector<Reply>> Client::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  if (auto status = EnsureConnected(); !status.ok()) return status;
  for (const auto& argv : commands) Append(argv);
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
