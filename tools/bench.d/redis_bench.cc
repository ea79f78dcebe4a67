// jstedu-redis-bench: the Redis client's transport side by side with
// hiredis's own (tools/bench redis; issue 22).
//
// Debian 12's hiredis 0.14 has no TLS, so redis::Client does the socket
// and TLS itself and uses hiredis only to format and parse
// (common/redis/connection.h). This measures what that costs, in one run
// and on one Redis, for three transports in turn:
//   hiredis      redisContext (redisAppendCommandArgv, redisGetReply): the
//                client's transport before TLS
//   client       redis::Client on the plain port
//   client TLS   redis::Client on the TLS port (the chain and name checked)
// and three loads: round trips (one PING at a time), pipelined writes
// (SET of 200 bytes, 100 to a pipeline) and large reads (GET of 1 MiB).
// Each load runs --rounds times per transport, the transports alternating;
// the best round counts. Every reply is checked; a wrong one exits 1.
//
// usage: jstedu-redis-bench --redis HOST:PORT --tls-redis HOST:PORT
//            --tls-ca FILE [--tls-cert FILE --tls-key FILE] [--ops N]
//            [--rounds R] [--json]

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/redis/client.h"
#include "nlohmann/json.hpp"

namespace {

namespace redis = ::jstedu::redis;
using Clock = std::chrono::steady_clock;
using Commands = std::vector<std::vector<std::string>>;

struct Options {
  std::string plain;
  std::string tls;
  std::string ca, cert, key;
  int ops = 20000;
  int rounds = 3;
  bool json = false;
};

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "jstedu-redis-bench: " << message << "\n";
  std::exit(1);
}

// The replies of `commands` as strings ("" for nil), or a failure.
using Transport = std::function<std::vector<std::string>(const Commands&)>;

// hiredis's own connection: what redis::Client used before it did TLS.
class Hiredis {
 public:
  explicit Hiredis(const redis::ClientOptions& options) {
    const timeval timeout{2, 0};
    context_ =
        redisConnectWithTimeout(options.host.c_str(), options.port, timeout);
    if (context_ == nullptr || context_->err != 0) Fail("hiredis: no Redis");
  }
  ~Hiredis() { redisFree(context_); }
  Hiredis(const Hiredis&) = delete;
  Hiredis& operator=(const Hiredis&) = delete;

  std::vector<std::string> Run(const Commands& commands) {
    for (const auto& argv : commands) {
      std::vector<const char*> args;
      std::vector<size_t> lengths;
      for (const std::string& arg : argv) {
        args.push_back(arg.data());
        lengths.push_back(arg.size());
      }
      redisAppendCommandArgv(context_, static_cast<int>(argv.size()),
                             args.data(), lengths.data());
    }
    std::vector<std::string> replies;
    for (size_t i = 0; i < commands.size(); ++i) {
      void* raw = nullptr;
      if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
        Fail(absl::StrCat("hiredis: ", context_->errstr));
      }
      const auto* reply = static_cast<redisReply*>(raw);
      replies.emplace_back(reply->str != nullptr ? reply->str : "",
                           reply->str != nullptr ? reply->len : 0);
      if (reply->type == REDIS_REPLY_INTEGER)
        replies.back() = absl::StrCat(reply->integer);
      freeReplyObject(raw);
    }
    return replies;
  }

 private:
  redisContext* context_ = nullptr;
};

std::vector<std::string> RunOnClient(redis::Client& client,
                                     const Commands& commands) {
  auto replies = client.Pipeline(commands);
  if (!replies.ok()) Fail(std::string(replies.status().message()));
  std::vector<std::string> out;
  for (const redis::Reply& reply : *replies) {
    if (reply.is_error()) Fail(absl::StrCat("Redis answered ", reply.str));
    out.push_back(reply.type == redis::Reply::Type::kInteger
                      ? absl::StrCat(reply.integer)
                      : reply.str);
  }
  return out;
}

struct Load {
  std::string name;
  std::string unit;  // what one "op" is
  int ops;           // per round
  // Runs the load's ops on `run`, checking every reply.
  std::function<void(const Transport& run, const std::string& prefix)> body;
};

std::vector<Load> Loads(int ops) {
  const std::string value(200, 'v');
  const std::string large(1 << 20, 'L');
  return {
      {"round trips (PING)", "calls", ops,
       [n = ops](const Transport& run, const std::string&) {
         for (int i = 0; i < n; ++i) {
           if (run({{"PING"}})[0] != "PONG") Fail("PING not answered PONG");
         }
       }},
      {"pipelined writes (SET 200 B, 100 a pipeline)", "commands", ops * 5,
       [value, n = ops * 5](const Transport& run, const std::string& prefix) {
         for (int done = 0; done < n; done += 100) {
           Commands batch;
           for (int i = 0; i < 100; ++i)
             batch.push_back({"SET", absl::StrCat(prefix, i), value});
           for (const std::string& reply : run(batch))
             if (reply != "OK") Fail("SET not answered OK: " + reply);
         }
       }},
      {"large reads (GET 1 MiB)", "MiB", std::max(ops / 100, 10),
       [large, n = std::max(ops / 100, 10)](const Transport& run,
                                            const std::string& prefix) {
         run({{"SET", prefix + "large", large}});
         for (int i = 0; i < n; ++i) {
           if (run({{"GET", prefix + "large"}})[0].size() != large.size())
             Fail("GET answered a value of another size");
         }
       }},
  };
}

redis::ClientOptions ClientOptionsOf(const std::string& address) {
  auto options = redis::OptionsFromAddress(address);
  if (!options.ok()) Fail(std::string(options.status().message()));
  return *options;
}

Options Parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << flag << " needs a value\n";
        std::exit(64);
      }
      return argv[++i];
    };
    if (flag == "--redis") {
      options.plain = value();
    } else if (flag == "--tls-redis") {
      options.tls = value();
    } else if (flag == "--tls-ca") {
      options.ca = value();
    } else if (flag == "--tls-cert") {
      options.cert = value();
    } else if (flag == "--tls-key") {
      options.key = value();
    } else if (flag == "--ops") {
      if (!absl::SimpleAtoi(value(), &options.ops) || options.ops < 100) {
        std::cerr << "--ops must be a number >= 100\n";
        std::exit(64);
      }
    } else if (flag == "--rounds") {
      if (!absl::SimpleAtoi(value(), &options.rounds) || options.rounds < 1) {
        std::cerr << "--rounds must be a number >= 1\n";
        std::exit(64);
      }
    } else if (flag == "--json") {
      options.json = true;
    } else {
      std::cerr << "unknown argument " << flag << "\n";
      std::exit(64);
    }
  }
  if (options.plain.empty() || options.tls.empty() || options.ca.empty()) {
    std::cerr << "usage: jstedu-redis-bench --redis HOST:PORT --tls-redis "
                 "HOST:PORT --tls-ca FILE [--tls-cert FILE --tls-key FILE] "
                 "[--ops N] [--rounds R] [--json]\n";
    std::exit(64);
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = Parse(argc, argv);
  const redis::ClientOptions plain = ClientOptionsOf(options.plain);
  redis::ClientOptions tls = ClientOptionsOf(options.tls);
  tls.tls.ca_file = options.ca;
  tls.tls.cert_file = options.cert;
  tls.tls.key_file = options.key;

  Hiredis hiredis(plain);
  redis::Client client(plain);
  redis::Client client_tls(tls);
  const std::vector<std::pair<std::string, Transport>> transports = {
      {"hiredis", [&](const Commands& c) { return hiredis.Run(c); }},
      {"client", [&](const Commands& c) { return RunOnClient(client, c); }},
      {"client TLS",
       [&](const Commands& c) { return RunOnClient(client_tls, c); }},
  };
  const std::vector<Load> loads = Loads(options.ops);
  const std::string prefix = absl::StrCat("jstedu:redis-bench:", getpid(), ":");

  // best[load][transport]: ops per second of the best round.
  std::map<std::string, std::map<std::string, double>> best;
  for (int round = 0; round < options.rounds; ++round) {
    for (const Load& load : loads) {
      for (const auto& [name, run] : transports) {
        const auto started = Clock::now();
        load.body(run, prefix);
        const double seconds =
            std::chrono::duration<double>(Clock::now() - started).count();
        double& rate = best[load.name][name];
        rate = std::max(rate, load.ops / seconds);
      }
    }
  }
  // The keys written.
  Commands cleanup;
  for (int i = 0; i < 100; ++i)
    cleanup.push_back({"DEL", absl::StrCat(prefix, i)});
  cleanup.push_back({"DEL", prefix + "large"});
  RunOnClient(client, cleanup);

  nlohmann::json out = nlohmann::json::array();
  if (!options.json) {
    std::printf("%-46s %14s %14s %14s %8s %8s\n", "load (per second)",
                "hiredis", "client", "client TLS", "client/h", "TLS/h");
  }
  for (const Load& load : loads) {
    const auto& rates = best[load.name];
    const double h = rates.at("hiredis"), c = rates.at("client"),
                 t = rates.at("client TLS");
    if (options.json) {
      out.push_back({{"load", load.name},
                     {"unit", load.unit},
                     {"hiredis", h},
                     {"client", c},
                     {"client_tls", t}});
    } else {
      std::printf("%-46s %14s %14s %14s %7.2fx %7.2fx\n", load.name.c_str(),
                  absl::StrFormat("%.0f %s", h, load.unit).c_str(),
                  absl::StrFormat("%.0f %s", c, load.unit).c_str(),
                  absl::StrFormat("%.0f %s", t, load.unit).c_str(), c / h,
                  t / h);
    }
  }
  if (options.json) std::cout << out.dump(2) << "\n";
  return 0;
}
