// Idempotency-Key end to end (issue 15, points 2 and 3): the recruitment
// flow sent with keys through the real gateway, every request replayed,
// then every Redis key and value and the Redis AOF files on disk searched
// for the personal data used (none may be there), and the audit rows of the
// replays counted (one per participant a replayed answer carries). A key
// is its caller's own: the same `sub` in another JST or role never gets
// the first caller's answer. And a keyed write is applied once also when
// the gateway forgot its key (issue 15, point 9).
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "gmock/gmock.h"
#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;

// Letters only (names allow no digits), random per run, so no other suite
// of the run holds the same names.
std::string LetterTag() {
  std::string tag = RandomSuffix(8);
  for (char& c : tag) {
    if (c >= '0' && c <= '9') c = static_cast<char>('a' + (c - '0'));
  }
  return tag;
}

// The personal data a test sent, searched for in Redis afterwards.
class PersonalData {
 public:
  Person New() {
    const int n = ++count_;
    const std::string tag = LetterTag();
    Person person{"Łucja" + tag, "Idempotentna-" + tag, PeselFor(8500 + n),
                  "idem." + tag + "@gmina-e2e.pl",
                  "+48602" + std::to_string(400000 + n)};
    for (const std::string* item :
         {&person.first_name, &person.last_name, &person.pesel, &person.email,
          &person.phone}) {
      values_.push_back(*item);
    }
    return person;
  }
  const std::vector<std::string>& values() const { return values_; }

 private:
  int count_ = 0;
  std::vector<std::string> values_;
};

// A value as written and as a JSON string escapes it (\u0141 for Ł): the
// two forms a store of JSON could hold.
std::vector<std::string> Forms(const std::string& value) {
  std::string escaped = json(value).dump(-1, ' ', /*ensure_ascii=*/true);
  escaped = escaped.substr(1, escaped.size() - 2);
  return escaped == value ? std::vector<std::string>{value}
                          : std::vector<std::string>{value, escaped};
}

// Every key of the test Redis with its value(s), read by type (strings,
// hashes, lists, sets, sorted sets, streams), as one text per key.
std::map<std::string, std::string> RedisContents(redis::Client& redis) {
  std::map<std::string, std::string> contents;
  std::string cursor = "0";
  do {
    auto page = redis.Command({"SCAN", cursor, "COUNT", "1000"});
    if (!page.ok() || page->elements.size() != 2) {
      ADD_FAILURE() << "SCAN failed";
      break;
    }
    cursor = page->elements[0].str;
    for (const redis::Reply& key : page->elements[1].elements) {
      auto type = redis.Command({"TYPE", key.str});
      const std::string kind = type.ok() ? type->str : "";
      std::vector<std::string> read;
      if (kind == "string") read = {"GET", key.str};
      if (kind == "hash") read = {"HGETALL", key.str};
      if (kind == "list") read = {"LRANGE", key.str, "0", "-1"};
      if (kind == "set") read = {"SMEMBERS", key.str};
      if (kind == "zset") read = {"ZRANGE", key.str, "0", "-1", "WITHSCORES"};
      if (kind == "stream") read = {"XRANGE", key.str, "-", "+"};
      std::string text = key.str + "\n";
      if (read.empty()) {
        ADD_FAILURE() << "a Redis key of an unexpected type: " << kind;
      } else if (auto value = redis.Command(read); value.ok()) {
        // Every string of the reply tree (stream entries are nested arrays).
        std::function<void(const redis::Reply&)> append =
            [&](const redis::Reply& r) {
              text += r.str + "\n";
              for (const redis::Reply& element : r.elements) append(element);
            };
        append(*value);
      }
      contents[key.str] = std::move(text);
    }
  } while (cursor != "0");
  return contents;
}

// The contents of the Redis append-only files (Redis 7: the files of
// `dir`/`appenddirname`), by file name.
std::map<std::string, std::string> AofFiles(redis::Client& redis) {
  auto setting = [&](const std::string& name) {
    auto reply = redis.Command({"CONFIG", "GET", name});
    return reply.ok() && reply->elements.size() == 2 ? reply->elements[1].str
                                                     : std::string();
  };
  const std::filesystem::path dir =
      std::filesystem::path(setting("dir")) / setting("appenddirname");
  std::map<std::string, std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files[entry.path().filename().string()] = text.str();
  }
  EXPECT_FALSE(error) << "cannot list " << dir << ": " << error.message();
  return files;
}

// The response's `idempotent-replayed` header ("" when absent).
std::string Replayed(const HttpResponse& response) {
  auto it = response.headers.find("idempotent-replayed");
  return it == response.headers.end() ? "" : it->second;
}

// The names of the texts holding any form of `value`.
std::vector<std::string> Holders(
    const std::map<std::string, std::string>& texts, const std::string& value) {
  std::vector<std::string> holders;
  for (const auto& [name, text] : texts) {
    for (const std::string& form : Forms(value)) {
      if (text.find(form) != std::string::npos) {
        holders.push_back(name);
        break;
      }
    }
  }
  return holders;
}

class IdempotencyE2eTest : public RecruitmentE2eTest {
 protected:
  // One request sent with an Idempotency-Key, and its first answer.
  struct Keyed {
    std::string token;
    std::string method;
    std::string target;
    std::string body;
    std::string content_type;
    std::string key;
    HttpResponse first;
  };

  static HttpResponse SendKeyed(const Keyed& request) {
    std::map<std::string, std::string> headers = {
        {"Authorization", "Bearer " + request.token},
        {"Idempotency-Key", request.key}};
    if (!request.body.empty()) headers["Content-Type"] = request.content_type;
    return HttpRequest(stack_->http_port, request.method, request.target,
                       request.body, headers);
  }

  // Sends a request with a new key, expects 200, keeps it for replaying.
  json Run(const std::string& token, const std::string& target,
           const std::string& body,
           const std::string& content_type = "application/json") {
    Keyed request{token, "POST",       target,
                  body,  content_type, "idem-" + RandomSuffix(16),
                  {}};
    request.first = SendKeyed(request);
    EXPECT_EQ(request.first.status, 200)
        << target << ": " << request.first.body;
    sent_.push_back(request);
    return Body(request.first);
  }

  static int AuditRows(const std::string& where) {
    const std::string count = stack_->schemas["recruitment"]->Query(
        "SELECT count(*) FROM personal_data_access WHERE " + where);
    return count.empty() ? -1 : std::stoi(count);
  }

  std::vector<Keyed> sent_;
};

TEST_F(IdempotencyE2eTest, ReplaysKeepNoPersonalDataInRedisAndAreAudited) {
  PersonalData data;
  const std::string admin = AdminToken();
  const std::string jst =
      stack_->Token("JST", "e2e-idem-jst", {{"jst", "2476011"}});
  const std::string code = NewEditionCode();
  Run(admin, "/v1/editions", EditionJson(code, 2).dump());

  // The JST applies with two representatives, the second not declared yet.
  const Person a = data.New(), b = data.New();
  json application =
      Run(jst, "/v1/editions/" + code + "/applications",
          json({{"teryt", "2476011"},
                {"representatives", {a.Json(true), b.Json(false)}}})
              .dump());
  const std::string id = application.value("id", "");
  ASSERT_FALSE(id.empty()) << application.dump();
  std::string undeclared;
  for (const json& representative : application["representatives"]) {
    if (!representative.value("declarationRecorded", false)) {
      undeclared = representative.value("participant", "");
    }
  }
  ASSERT_FALSE(undeclared.empty()) << application.dump();

  // Answers carrying a participant's personal data: (participant, RPC).
  std::vector<std::pair<std::string, std::string>> disclosed;
  const Person c = data.New();
  const std::string added =
      Run(jst, "/v1/applications/" + id + "/participants", c.Json(true).dump())
          .value("id", "");
  disclosed.emplace_back(added, "CreateParticipant");
  Run(jst, "/v1/participants/" + undeclared + ":recordDeclaration",
      R"({"signedOn": "2024-06-03", "informationClauseHandedOver": true})");
  disclosed.emplace_back(undeclared, "RecordDeclaration");
  const Person d = data.New(), e = data.New();
  Run(jst, "/v1/applications/" + id + "/participants:import",
      ParticipantCsv({d.CsvRow(), e.CsvRow()}), "text/csv");
  Run(jst, "/v1/participants/" + added + ":withdraw",
      R"({"reason": "changed jobs"})");
  disclosed.emplace_back(added, "WithdrawParticipant");
  // Another JST registers the first representative's PESEL; the office
  // decides the conflict (its answer shows both records).
  Run(admin, "/v1/editions/" + code + "/applications",
      json({{"teryt", "1465011"}, {"representatives", {a.Json(true)}}}).dump());
  const json conflicts =
      Body(AsAdmin("GET", "/v1/editions/" + code + "/identity-conflicts"))
          .value("conflicts", json::array());
  ASSERT_EQ(conflicts.size(), 1u);
  const json decided =
      Run(admin,
          "/v1/identity-conflicts/" + conflicts[0].value("id", "") + ":resolve",
          R"({"decision": "DISTINCT_PEOPLE", "reason": "dwie osoby"})");
  disclosed.emplace_back(decided["holder"].value("id", ""),
                         "ResolveIdentityConflict");
  disclosed.emplace_back(decided["claimant"].value("id", ""),
                         "ResolveIdentityConflict");
  Run(admin, "/v1/applications/" + id + ":qualify", "{}");
  Run(jst, "/v1/applications/" + id + ":withdraw",
      R"({"reason": "the council decided so"})");

  // Every request again, with its key: the same answer, marked replayed.
  const int audited_before = AuditRows("true");
  std::map<std::pair<std::string, std::string>, int> before;
  for (const auto& read : disclosed) {
    before[read] = AuditRows("participant_id = '" + read.first +
                             "' AND rpc = '" + read.second + "'");
  }
  for (const Keyed& request : sent_) {
    const HttpResponse again = SendKeyed(request);
    EXPECT_EQ(again.status, request.first.status) << request.target;
    EXPECT_EQ(again.body, request.first.body) << request.target;
    EXPECT_EQ(Replayed(again), "true") << request.target;
  }

  // One audit row per replayed answer that carried a participant, and no
  // other.
  for (const auto& read : disclosed) {
    EXPECT_EQ(AuditRows("participant_id = '" + read.first + "' AND rpc = '" +
                        read.second + "'"),
              before[read] + 1)
        << read.second << " replayed";
  }
  EXPECT_EQ(AuditRows("true"),
            audited_before + static_cast<int>(disclosed.size()));

  // Nothing of the personal data is in Redis: keys, values (streams
  // included) and the append-only files on disk. A marker written here
  // first shows that the search finds what is there.
  auto redis = stack_->keyspace.Client();
  const std::string marker = "marker-" + RandomSuffix(12);
  ASSERT_TRUE(
      redis->Command({"SET", stack_->keyspace.prefix() + "marker", marker})
          .ok());
  const auto contents = RedisContents(*redis);
  const auto aof = AofFiles(*redis);
  ASSERT_FALSE(Holders(contents, marker).empty())
      << "the key space search finds nothing";
  ASSERT_FALSE(Holders(aof, marker).empty()) << "the AOF search finds nothing";
  ASSERT_FALSE(data.values().empty());
  for (size_t i = 0; i < data.values().size(); ++i) {
    // The value itself is not printed: test output is a log too.
    EXPECT_THAT(Holders(contents, data.values()[i]), ::testing::IsEmpty())
        << "Redis keys hold item #" << i << " of the personal data sent";
    EXPECT_THAT(Holders(aof, data.values()[i]), ::testing::IsEmpty())
        << "the AOF holds item #" << i << " of the personal data sent";
  }
}

TEST_F(IdempotencyE2eTest,
       TheSameSubjectInAnotherScopeDoesNotGetTheFirstAnswer) {
  PersonalData data;
  const std::string code = CreateEdition();
  const std::string application = SubmitApplication(code, "2476011");
  ASSERT_FALSE(application.empty());
  // One account name, three principals.
  const std::string sub = "e2e-idem-shared-" + RandomSuffix(6);
  const std::string own = stack_->Token("JST", sub, {{"jst", "2476011"}});
  const std::string other_jst = stack_->Token("JST", sub, {{"jst", "0201011"}});
  const std::string coordinator =
      stack_->Token("COORDINATOR", sub, {{"region", "02"}});
  const Person person = data.New();
  Keyed request{own,
                "POST",
                "/v1/applications/" + application + "/participants",
                person.Json(true).dump(),
                "application/json",
                "shared-key",
                {}};
  request.first = SendKeyed(request);
  ASSERT_EQ(request.first.status, 200) << request.first.body;

  // The same request with the same key as another JST, or as a
  // coordinator of another region, runs as its own: the application is
  // outside their scope.
  for (const std::string& token : {other_jst, coordinator}) {
    Keyed foreign = request;
    foreign.token = token;
    const HttpResponse answer = SendKeyed(foreign);
    EXPECT_EQ(answer.status, 404) << answer.body;
    EXPECT_EQ(Replayed(answer), "");
    // (Not printed: test output is a log too.)
    EXPECT_EQ(answer.body.find(person.pesel), std::string::npos)
        << "the first caller's PESEL";
    EXPECT_EQ(answer.body.find(person.last_name), std::string::npos)
        << "the first caller's name";
  }
  // The first caller still gets its own answer again.
  const HttpResponse again = SendKeyed(request);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, request.first.body);
  EXPECT_EQ(Replayed(again), "true");
}

// The gateway's records of Idempotency-Keys (their Redis keys).
std::set<std::string> KeyRecords(redis::Client& redis,
                                 const std::string& prefix) {
  std::set<std::string> records;
  std::string cursor = "0";
  do {
    auto page = redis.Command(
        {"SCAN", cursor, "MATCH", prefix + "gateway:idem:*", "COUNT", "1000"});
    if (!page.ok() || page->elements.size() != 2) {
      ADD_FAILURE() << "SCAN failed";
      break;
    }
    cursor = page->elements[0].str;
    for (const redis::Reply& key : page->elements[1].elements) {
      records.insert(key.str);
    }
  } while (cursor != "0");
  return records;
}

// A write whose answer was lost (a 5xx, e.g. COMMIT_OUTCOME_UNKNOWN, which
// the gateway does not record) is retried with its key; here the gateway's
// record is deleted to stand for that. The service recorded the key with
// the write (common/pg/request_key.h): the retry is 409
// REQUEST_ALREADY_APPLIED and the task is not created twice.
TEST_F(IdempotencyE2eTest, AnAdvisoryAnswerNamingAPersonIsNeverKeptInRedis) {
  // An expert's display name is personal data, and advisory keeps no
  // answers: the gateway records no body, and a replay reaches advisory,
  // which refuses it, instead of being answered from Redis.
  const std::string subject = "idem-expert-" + RandomSuffix(8);
  const std::string name = "Zofia Ekspertowska " + RandomSuffix(8);
  Keyed expert{AdminToken(),
               "POST",
               "/v1/experts",
               json({{"subject", subject},
                     {"displayName", name},
                     {"speciality", "EDUCATION_DEVELOPMENT"},
                     {"voivodeships", {"06"}},
                     {"maxCaseload", 10}})
                   .dump(),
               "application/json",
               "expert-" + RandomSuffix(16),
               {}};
  expert.first = SendKeyed(expert);
  ASSERT_EQ(expert.first.status, 200) << expert.first.body;
  // Refused (409: here the command's own check, the subject registered,
  // meets the replay before its request key does), never the stored answer.
  const HttpResponse again = SendKeyed(expert);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(Replayed(again), "") << again.body;
  EXPECT_EQ(again.body.find(name), std::string::npos);
  EXPECT_EQ(
      stack_->schemas["advisory"]->Query(
          "SELECT count(*) FROM expert WHERE subject = '" + subject + "'"),
      "1");

  auto redis = stack_->keyspace.Client();
  EXPECT_THAT(Holders(RedisContents(*redis), name), ::testing::IsEmpty());
  EXPECT_THAT(Holders(AofFiles(*redis), name), ::testing::IsEmpty());
}

TEST_F(IdempotencyE2eTest,
       AKeyedWriteIsAppliedOnceWhenTheGatewayForgetsTheKey) {
  const std::string edition = CreateEdition();
  ASSERT_TRUE(SetUpTraining(edition));
  const json module = {
      {"number", 1},
      {"title", "Moduł idempotentny"},
      {"venue", "Hotel, Warszawa"},
      {"startsLocal", "2030-04-03T11:00"},
      {"endsLocal", "2030-04-05T14:30"},
      {"didacticHours", 21},
      {"signupDeadlineLocal", "2030-03-20T15:00"},
      {"shuttleSeats", 50},
      {"parkingPlaces", 5},
      {"rooms",
       json::array({{{"id", "A"}, {"name", "Sala A"}, {"capacity", 50}}})}};
  const HttpResponse created =
      AsAdmin("POST", "/v1/editions/" + edition + "/modules", module.dump());
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string module_id = Body(created).value("id", "");
  ASSERT_FALSE(module_id.empty()) << created.body;

  auto redis = stack_->keyspace.Client();
  const std::set<std::string> before =
      KeyRecords(*redis, stack_->keyspace.prefix());
  Keyed task{AdminToken(),
             "POST",
             "/v1/modules/" + module_id + "/tasks",
             R"({"title": "Zadanie", "dueLocal": "2030-05-10T12:00"})",
             "application/json",
             "task-" + RandomSuffix(16),
             {}};
  task.first = SendKeyed(task);
  ASSERT_EQ(task.first.status, 200) << task.first.body;
  std::vector<std::string> recorded;
  for (const std::string& key : KeyRecords(*redis, stack_->keyspace.prefix())) {
    if (before.count(key) == 0) recorded.push_back(key);
  }
  ASSERT_EQ(recorded.size(), 1u);
  ASSERT_TRUE(redis->Command({"DEL", recorded[0]}).ok());

  const HttpResponse again = SendKeyed(task);
  EXPECT_EQ(again.status, 409) << again.body;
  const json error = Body(again);
  ASSERT_TRUE(error.contains("details")) << again.body;
  ASSERT_FALSE(error["details"].empty()) << again.body;
  EXPECT_EQ(error["details"][0].value("reason", ""), "REQUEST_ALREADY_APPLIED")
      << again.body;
  EXPECT_EQ(stack_->schemas["training"]->Query(
                "SELECT count(*) FROM task_definition WHERE module_id = '" +
                module_id + "'"),
            "1");
}

}  // namespace
}  // namespace jstedu::testing
