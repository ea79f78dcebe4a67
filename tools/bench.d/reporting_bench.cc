// jstedu-reporting-bench: latency of the reporting service at national scale
// (run through `tools/bench reporting`; see tools/bench.d/reporting.md).
//
// Loads a generated projection into a fresh schema (the service's own
// migrations, then COPY), runs the real ReportingServiceImpl in-process on a
// local port and times, through a gRPC stub with an ADMIN principal:
//   * ListIndicators for the whole country (no filter),
//   * ListIndicators for one voivodeship,
//   * ListIndicators for the whole country grouped by voivodeship × month,
//   * Reconcile, against in-process fakes of recruitment (GetEdition,
//     ListApplications, ListParticipantFacts), training
//     (ListParticipantTraining) and advisory (ListCases) that serve pages of
//     the same generated data from memory, honouring page_size and
//     page_token (the programme's other parts, issue 24, are not generated:
//     their lists answer empty, as the projection holds none).
// Then the phases underneath, called directly (LoadFacts, ComputeMeasures,
// BuildIndicator, LoadAttendedMinutes, Sources::ReadSourceFacts), to show
// where the time goes.
//
// Every figure is checked against counts made from the generated data
// (independently of the service's code) and Reconcile must find no
// difference; otherwise the exit status is 1. Timings are never asserted.
//
// Scale 1 (the default) is the national programme: 2,791 JSTs (qualified
// applications, 16 voivodeships, mixed kinds; some withdrawn after
// qualification), 300 applications never qualified (listed by recruitment
// only), 12,000 officials (some withdrawn, some without a declaration, some
// with incomplete monitoring data), 700,000 attendance marks, completions for
// most, and one advisory case per JST in mixed stages, with plans.
//
// usage: jstedu-reporting-bench [--dsn DSN] [--scale X] [--iterations N]
//            [--reconcile-iterations N] [--voivodeship WW] [--seed N]
//            [--keep-schema]
// DSN defaults to $JSTEDU_TEST_PG_DSN. The schema (rb_<random>) is dropped
// at the end unless --keep-schema.

#include <grpcpp/grpcpp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/grpc/access.h"
#include "common/grpc/principal.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "common/pg/transaction.h"
#include "google/protobuf/util/time_util.h"
#include "jstedu/advisory/v1/advisory.grpc.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "jstedu/reporting/v1/reporting.grpc.pb.h"
#include "jstedu/training/v1/training.grpc.pb.h"
#include "services/reporting/domain/measures.h"
#include "services/reporting/domain/reconciliation.h"
#include "services/reporting/migrations.h"
#include "services/reporting/projection.h"
#include "services/reporting/query.h"
#include "services/reporting/reporting_service.h"
#include "services/reporting/sources.h"
#include "services/reporting/store/counts_store.h"
#include "services/reporting/store/figures_store.h"
#include "tools/bench.d/scratch_schema.h"

namespace {

namespace rv1 = jstedu::recruitment::v1;
namespace tv1 = jstedu::training::v1;
namespace av1 = jstedu::advisory::v1;
namespace pv1 = jstedu::reporting::v1;
using google::protobuf::util::TimeUtil;
using Clock = std::chrono::steady_clock;

constexpr char kEdition[] = "BENCH-ROLLOUT";
const char* const kVoivodeships[] = {"02", "04", "06", "08", "10", "12",
                                     "14", "16", "18", "20", "22", "24",
                                     "26", "28", "30", "32"};

// ------------------------------------------------------------------ options

struct Options {
  std::string dsn;
  double scale = 1.0;
  int iterations = 300;  // p99 then the 3rd slowest, not the slowest
  int reconcile_iterations = 5;
  std::string voivodeship = "14";
  uint64_t seed = 20170401;
  bool keep_schema = false;
};

[[noreturn]] void Usage(const std::string& problem) {
  if (!problem.empty())
    std::cerr << "jstedu-reporting-bench: " << problem << "\n";
  (problem.empty() ? std::cout : std::cerr)
      << "usage: jstedu-reporting-bench [--dsn DSN] [--scale X] "
         "[--iterations N] [--reconcile-iterations N] "
         "[--voivodeship WW] [--seed N] [--keep-schema]\n"
         "DSN defaults to $JSTEDU_TEST_PG_DSN. See "
         "tools/bench.d/reporting.md.\n";
  std::exit(problem.empty() ? 0 : 64);
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  if (const char* dsn = std::getenv("JSTEDU_TEST_PG_DSN")) options.dsn = dsn;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") Usage("");
    if (arg == "--keep-schema") {
      options.keep_schema = true;
      continue;
    }
    std::string value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else {
      if (i + 1 >= argc) Usage(arg + " needs a value");
      value = argv[++i];
    }
    bool ok = true;
    if (arg == "--dsn") {
      options.dsn = value;
    } else if (arg == "--scale") {
      ok = absl::SimpleAtod(value, &options.scale) && options.scale > 0 &&
           options.scale <= 10;
    } else if (arg == "--iterations") {
      ok = absl::SimpleAtoi(value, &options.iterations) &&
           options.iterations >= 1;
    } else if (arg == "--reconcile-iterations") {
      ok = absl::SimpleAtoi(value, &options.reconcile_iterations) &&
           options.reconcile_iterations >= 1;
    } else if (arg == "--voivodeship") {
      options.voivodeship = value;
      ok = std::find(std::begin(kVoivodeships), std::end(kVoivodeships),
                     value) != std::end(kVoivodeships);
    } else if (arg == "--seed") {
      ok = absl::SimpleAtoi(value, &options.seed);
    } else {
      Usage("unknown argument " + arg);
    }
    if (!ok) Usage("bad value for " + arg + ": " + value);
  }
  if (options.dsn.empty()) Usage("no --dsn and JSTEDU_TEST_PG_DSN is not set");
  return options;
}

// ---------------------------------------------------------- generated data

struct App {
  std::string id;
  std::string teryt;
  std::string voivodeship;
  int kind = 0;    // rv1::JstKind
  int status = 0;  // rv1::ApplicationStatus
  int64_t submission_number = 0;
  absl::Time submitted;
  absl::Time qualified;                 // QUALIFIED or WITHDRAWN only
  std::optional<absl::Time> withdrawn;  // WITHDRAWN only
};

struct Person {
  std::string id;
  size_t app = 0;  // index into Data::apps
  int sex = 0;
  int age = 0;
  int target_group = 0;
  int status = 0;  // rv1::ParticipantStatus
  bool declared = false;
  absl::CivilDay start;
  std::optional<absl::CivilDay> end;
  bool complete = false;
  std::vector<std::string> missing;
  std::optional<absl::Time> completed;
  int64_t attended_minutes = 0;
  int64_t planned_minutes = 0;
  int64_t marks = 0;
};

struct CaseRow {
  std::string id;
  size_t app = 0;
  int stage = 0;  // av1::Stage
  int64_t version = 0;
  absl::Time opened;
  std::optional<absl::CivilDay> plan_adopted_on;
};

struct Data {
  absl::CivilDay starts_on{2025, 9, 1};
  absl::CivilDay ends_on{2027, 6, 30};
  int min_representatives = 3;
  // apps[0, projected_apps) reached qualification (a jst_fact row each);
  // the rest were never qualified (recruitment lists them, nothing else).
  std::vector<App> apps;
  size_t projected_apps = 0;
  std::vector<Person> people;
  std::vector<CaseRow> cases;
  int64_t marks = 0;
};

std::string Uuid(uint32_t tag, uint64_t index) {
  return absl::StrFormat("%08x-0000-4000-8000-%012x", tag, index);
}

absl::Time At(absl::CivilDay day, int hour, int minute) {
  return absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), hour, minute, 0),
      absl::UTCTimeZone());
}

std::string Timestamptz(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S+00", t, absl::UTCTimeZone());
}

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::CivilDay UtcDay(absl::Time t) {
  return absl::ToCivilDay(t, absl::UTCTimeZone());
}

int64_t Scaled(double scale, int64_t full, int64_t at_least) {
  return std::max<int64_t>(
      at_least, static_cast<int64_t>(static_cast<double>(full) * scale + 0.5));
}

Data Generate(const Options& options) {
  std::mt19937_64 random(options.seed);
  auto chance = [&](double p) {
    return std::uniform_real_distribution<double>(0, 1)(random) < p;
  };
  auto pick = [&](int64_t lo, int64_t hi) {  // inclusive
    return std::uniform_int_distribution<int64_t>(lo, hi)(random);
  };
  auto minute = [&] { return static_cast<int>(pick(0, 59)); };
  Data data;
  const int64_t jsts = Scaled(options.scale, 2791, 16);
  const int64_t never_qualified = Scaled(options.scale, 300, 1);
  const int64_t officials = Scaled(options.scale, 12000, 32);
  data.marks = Scaled(options.scale, 700000, 0);

  for (int64_t i = 0; i < jsts + never_qualified; ++i) {
    App app;
    app.id = Uuid(0xa0000000u, static_cast<uint64_t>(i));
    app.voivodeship = kVoivodeships[i % 16];
    const int64_t j = i / 16;  // index within the voivodeship
    switch (i % 10) {
      case 0:
      case 1:
        app.kind = rv1::URBAN_COMMUNE;
        break;
      case 2:
      case 3:
      case 4:
      case 5:
        app.kind = rv1::RURAL_COMMUNE;
        break;
      case 6:
      case 7:
        app.kind = rv1::URBAN_RURAL_COMMUNE;
        break;
      default:
        app.kind = rv1::COUNTY;
        break;
    }
    if (app.kind == rv1::COUNTY) {
      app.teryt = absl::StrFormat("%s%02d", app.voivodeship, j % 100);
    } else {
      app.teryt = absl::StrFormat("%s%02d%02d%d", app.voivodeship, 1 + j / 99,
                                  1 + j % 99, app.kind);
    }
    app.submitted = At(data.starts_on - pick(30, 60), 8, minute());
    if (i < jsts) {
      app.qualified = At(data.starts_on + pick(0, 120), 9, minute());
      if (chance(0.015)) {
        app.status = rv1::WITHDRAWN;
        app.withdrawn = app.qualified + absl::Hours(24 * pick(20, 200));
      } else {
        app.status = rv1::QUALIFIED;
      }
    } else {
      const int64_t r = pick(0, 2);
      app.status = r == 0   ? rv1::SUBMITTED
                   : r == 1 ? rv1::WAITLISTED
                            : rv1::REJECTED;
    }
    data.apps.push_back(std::move(app));
  }
  data.projected_apps = static_cast<size_t>(jsts);
  // Submission order interleaves qualified and other applications.
  std::vector<size_t> order(data.apps.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), random);
  for (size_t n = 0; n < order.size(); ++n) {
    data.apps[order[n]].submission_number = static_cast<int64_t>(n) + 1;
  }

  // Officials, each of a JST that is or was qualified (uniformly, so some
  // JSTs have fewer than the minimum).
  static const char* const kFields[] = {"education_level", "position",
                                        "contact", "employment_status"};
  for (int64_t i = 0; i < officials; ++i) {
    Person p;
    p.id = Uuid(0xb0000000u, static_cast<uint64_t>(i));
    p.app = static_cast<size_t>(pick(0, jsts - 1));
    const App& app = data.apps[p.app];
    p.sex = chance(0.62) ? rv1::FEMALE : rv1::MALE;
    p.age = static_cast<int>(pick(25, 66));
    p.target_group = static_cast<int>(pick(1, 3));
    p.declared = chance(0.96);
    p.start = UtcDay(app.qualified) + pick(0, 30);
    if (app.status == rv1::WITHDRAWN) {
      p.status = rv1::PARTICIPANT_WITHDRAWN;
      p.end = UtcDay(*app.withdrawn);
    } else if (chance(0.04)) {
      p.status = rv1::PARTICIPANT_WITHDRAWN;
      p.end = p.start + pick(10, 200);
    } else {
      p.status = rv1::PARTICIPANT_ACTIVE;
    }
    p.complete = chance(0.92);
    if (!p.complete) {
      const int64_t first = pick(0, 3);
      p.missing.push_back(kFields[first]);
      if (chance(0.3)) p.missing.push_back(kFields[(first + 1) % 4]);
    }
    if (p.declared && chance(0.85)) {
      p.completed = At(p.start + pick(60, 300), 14, minute());
    }
    data.people.push_back(std::move(p));
  }

  // One advisory case per JST.
  for (size_t i = 0; i < data.projected_apps; ++i) {
    const App& app = data.apps[i];
    CaseRow c;
    c.id = Uuid(0xc0000000u, i);
    c.app = i;
    c.opened = app.qualified + absl::Hours(24 * pick(1, 14));
    const absl::CivilDay opened = UtcDay(c.opened);
    if (app.status == rv1::WITHDRAWN) {
      c.stage = av1::WITHDRAWN;
      if (chance(0.3)) c.plan_adopted_on = opened + pick(90, 150);
    } else {
      const int64_t r = pick(0, 99);
      c.stage = r < 10   ? av1::AREA_CHOICE
                : r < 30 ? av1::NEEDS_DIAGNOSIS
                : r < 70 ? av1::ROLLOUT
                         : av1::COMPLETED;
      if (c.stage == av1::COMPLETED ||
          (c.stage == av1::ROLLOUT && chance(0.5))) {
        c.plan_adopted_on = opened + pick(90, 400);
      }
    }
    c.version = 1 + 3 * c.stage + pick(0, 5);
    data.cases.push_back(std::move(c));
  }
  return data;
}

// The attendance marks of person `index`, the same for the load and the
// training fake: each(session, module, status, minutes). Sessions are those
// of the JST's workshop group (8 JSTs to a group), one per mark.
template <typename Each>
void ForEachMark(const Data& data, size_t index, Each each) {
  const uint64_t people = data.people.size();
  const uint64_t total = static_cast<uint64_t>(data.marks);
  const uint64_t n = total / people + (index < total % people ? 1 : 0);
  const uint64_t group = data.people[index].app / 8;
  for (uint64_t k = 0; k < n; ++k) {
    const uint64_t h = (index * 2654435761u + k * 40503u) % 100;
    const int status = h < 85   ? tv1::PRESENT
                       : h < 90 ? tv1::LATE
                       : h < 97 ? tv1::ABSENT
                                : tv1::EXCUSED;
    const int64_t minutes = (status == tv1::PRESENT || status == tv1::LATE)
                                ? (k % 3 == 0 ? 135 : 90)
                                : 0;
    each(Uuid(0xd0000000u, group * 1000 + k), static_cast<int>(1 + k / 10),
         status, minutes);
  }
}

void ComputeAttendance(Data& data) {
  for (size_t i = 0; i < data.people.size(); ++i) {
    Person& p = data.people[i];
    ForEachMark(data, i, [&](const std::string&, int, int, int64_t minutes) {
      p.attended_minutes += minutes;
      p.planned_minutes += 90;
      ++p.marks;
    });
  }
}

// --------------------------------------------------------------------- load

std::string Bool(bool b) { return b ? "t" : "f"; }

std::optional<std::string> OptionalTime(const std::optional<absl::Time>& t) {
  if (!t) return std::nullopt;
  return Timestamptz(*t);
}

std::optional<std::string> OptionalDay(const std::optional<absl::CivilDay>& d) {
  if (!d) return std::nullopt;
  return Day(*d);
}

void Load(pqxx::connection& connection, const std::string& schema,
          const Data& data) {
  const std::string edition = kEdition;
  pqxx::work tx(connection);
  tx.exec0("SET LOCAL search_path TO " + tx.quote_name(schema));
  tx.exec_params0(
      "INSERT INTO edition_fact VALUES ($1, 2, 'Benchmark rollout', 3000, $2, "
      "$3::date, $4::date, now())",
      edition, data.min_representatives, Day(data.starts_on),
      Day(data.ends_on));
  {
    pqxx::stream_to out(tx, "jst_fact",
                        std::vector<std::string>{
                            "application_id", "edition", "teryt", "voivodeship",
                            "jst_kind", "qualified_at", "withdrawn_at"});
    for (size_t i = 0; i < data.projected_apps; ++i) {
      const App& a = data.apps[i];
      out << std::make_tuple(a.id, edition, a.teryt, a.voivodeship,
                             std::to_string(a.kind), Timestamptz(a.qualified),
                             OptionalTime(a.withdrawn));
    }
    out.complete();
  }
  {
    pqxx::stream_to out(
        tx, "participant_fact",
        std::vector<std::string>{
            "participant_id", "edition", "application_id", "teryt",
            "voivodeship", "jst_kind", "sex", "age_at_start", "target_group",
            "status", "declaration_recorded", "participation_start",
            "participation_end", "end_reason", "monitoring_data_complete",
            "missing_monitoring_fields", "source_time"});
    for (const Person& p : data.people) {
      const App& a = data.apps[p.app];
      out << std::make_tuple(
          p.id, edition, a.id, a.teryt, a.voivodeship, std::to_string(a.kind),
          std::to_string(p.sex), std::to_string(p.age),
          std::to_string(p.target_group), std::to_string(p.status),
          Bool(p.declared), Day(p.start), OptionalDay(p.end),
          std::string(p.end ? "1" : "0"), Bool(p.complete),
          absl::StrCat("{", absl::StrJoin(p.missing, ","), "}"),
          Timestamptz(At(p.start, 12, 0)));
    }
    out.complete();
  }
  {
    pqxx::stream_to out(
        tx, "completion_fact",
        std::vector<std::string>{"participant_id", "edition", "completed_at",
                                 "attended_minutes", "planned_minutes",
                                 "completion_percent"});
    for (const Person& p : data.people) {
      if (!p.completed) continue;
      out << std::make_tuple(
          p.id, edition, Timestamptz(*p.completed),
          std::to_string(p.attended_minutes), std::to_string(p.planned_minutes),
          std::to_string(p.planned_minutes == 0
                             ? 0
                             : p.attended_minutes * 100 / p.planned_minutes));
    }
    out.complete();
  }
  {
    pqxx::stream_to out(
        tx, "attendance_fact",
        std::vector<std::string>{"session_id", "participant_id", "edition",
                                 "module_number", "status", "attended_minutes",
                                 "source_time"});
    for (size_t i = 0; i < data.people.size(); ++i) {
      const Person& p = data.people[i];
      const std::string when = Timestamptz(At(p.start, 16, 0));
      ForEachMark(data, i,
                  [&](const std::string& session, int module, int status,
                      int64_t minutes) {
                    out << std::make_tuple(
                        session, p.id, edition, std::to_string(module),
                        std::to_string(status), std::to_string(minutes), when);
                  });
    }
    out.complete();
  }
  {
    pqxx::stream_to out(tx, "case_fact",
                        std::vector<std::string>{
                            "case_id", "edition", "application_id", "teryt",
                            "voivodeship", "jst_kind", "stage", "stage_version",
                            "opened_at", "plan_adopted_on"});
    for (const CaseRow& c : data.cases) {
      const App& a = data.apps[c.app];
      out << std::make_tuple(c.id, edition, a.id, a.teryt, a.voivodeship,
                             std::to_string(a.kind), std::to_string(c.stage),
                             std::to_string(c.version), Timestamptz(c.opened),
                             OptionalDay(c.plan_adopted_on));
    }
    out.complete();
  }
  tx.commit();
  pqxx::nontransaction analyze(connection);
  analyze.exec0("SET search_path TO " + analyze.quote_name(schema));
  analyze.exec0("VACUUM ANALYZE");
  analyze.exec0("RESET search_path");
}

// ------------------------------------------------------------ source fakes

// "o<offset>" page tokens over a list held in memory.
template <typename Item, typename Response, typename Add>
grpc::Status Page(const std::vector<Item>& items, int32_t page_size,
                  int32_t default_size, int32_t max_size,
                  const std::string& token, Response* response, Add add) {
  if (page_size < 0 || page_size > max_size) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("page_size must be 0..", max_size));
  }
  size_t offset = 0;
  if (!token.empty()) {
    if (token[0] != 'o' || !absl::SimpleAtoi(token.substr(1), &offset) ||
        offset > items.size()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad page_token");
    }
  }
  const size_t size =
      static_cast<size_t>(page_size == 0 ? default_size : page_size);
  const size_t end = std::min(items.size(), offset + size);
  for (size_t i = offset; i < end; ++i) add(items[i]);
  if (end < items.size()) response->set_next_page_token(absl::StrCat("o", end));
  return grpc::Status::OK;
}

google::protobuf::Timestamp Proto(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

// A person's facts as recruitment lists them and publishes them in events
// (rv1::ParticipantFacts, events::v1::ParticipantFacts: the same fields).
template <typename Facts>
void SetFacts(const Data& data, const Person& p, Facts* f) {
  const App& a = data.apps[p.app];
  f->set_participant_id(p.id);
  f->set_edition(kEdition);
  f->set_application_id(a.id);
  f->set_teryt(a.teryt);
  f->set_voivodeship(a.voivodeship);
  f->set_jst_kind(static_cast<rv1::JstKind>(a.kind));
  f->set_sex(static_cast<rv1::Sex>(p.sex));
  f->set_age_at_start(p.age);
  f->set_target_group(static_cast<rv1::TargetGroup>(p.target_group));
  f->set_status(static_cast<rv1::ParticipantStatus>(p.status));
  f->set_declaration_recorded(p.declared);
  f->set_participation_start(Day(p.start));
  if (p.end) f->set_participation_end(Day(*p.end));
  f->set_monitoring_data_complete(p.complete);
  for (const std::string& field : p.missing) {
    f->add_missing_monitoring_fields(field);
  }
}

class FakeRecruitment final : public rv1::RecruitmentService::Service {
 public:
  explicit FakeRecruitment(const Data& data) {
    edition_.set_code(kEdition);
    edition_.set_name("Benchmark rollout");
    edition_.set_kind(rv1::ROLLOUT);
    edition_.set_capacity(3000);
    edition_.set_min_representatives(data.min_representatives);
    edition_.set_starts_on(Day(data.starts_on));
    edition_.set_ends_on(Day(data.ends_on));
    for (const App& a : data.apps) {
      rv1::Application app;
      app.set_id(a.id);
      app.set_edition(kEdition);
      app.set_teryt(a.teryt);
      app.set_jst_name(absl::StrCat("JST ", a.teryt));
      app.set_jst_kind(static_cast<rv1::JstKind>(a.kind));
      app.set_voivodeship(a.voivodeship);
      app.set_status(static_cast<rv1::ApplicationStatus>(a.status));
      app.set_submission_number(a.submission_number);
      *app.mutable_submit_time() = Proto(a.submitted);
      *app.mutable_status_time() =
          Proto(a.status == rv1::WITHDRAWN   ? *a.withdrawn
                : a.status == rv1::QUALIFIED ? a.qualified
                                             : a.submitted);
      applications_.push_back(std::move(app));
    }
    std::sort(applications_.begin(), applications_.end(),
              [](const rv1::Application& x, const rv1::Application& y) {
                return x.submission_number() < y.submission_number();
              });
    for (const Person& p : data.people) {
      rv1::ParticipantFacts f;
      SetFacts(data, p, &f);
      participants_.push_back(std::move(f));
    }
    std::sort(
        participants_.begin(), participants_.end(),
        [](const rv1::ParticipantFacts& x, const rv1::ParticipantFacts& y) {
          return x.participant_id() < y.participant_id();
        });
  }

  grpc::Status GetEdition(grpc::ServerContext*,
                          const rv1::GetEditionRequest* request,
                          rv1::Edition* response) override {
    ++calls_;
    if (request->code() != kEdition) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such edition");
    }
    *response = edition_;
    return grpc::Status::OK;
  }
  grpc::Status ListApplications(
      grpc::ServerContext*, const rv1::ListApplicationsRequest* request,
      rv1::ListApplicationsResponse* response) override {
    ++calls_;
    if (request->edition() != kEdition) return grpc::Status::OK;
    return Page(
        applications_, request->page_size(), 100, 500, request->page_token(),
        response,
        [&](const rv1::Application& a) { *response->add_applications() = a; });
  }
  grpc::Status ListParticipantFacts(
      grpc::ServerContext*, const rv1::ListParticipantFactsRequest* request,
      rv1::ListParticipantFactsResponse* response) override {
    ++calls_;
    if (request->edition() != kEdition) return grpc::Status::OK;
    return Page(participants_, request->page_size(), 500, 1000,
                request->page_token(), response,
                [&](const rv1::ParticipantFacts& p) {
                  *response->add_participants() = p;
                });
  }
  int64_t calls() const { return calls_; }

 private:
  rv1::Edition edition_;
  std::vector<rv1::Application> applications_;
  std::vector<rv1::ParticipantFacts> participants_;
  std::atomic<int64_t> calls_{0};
};

class FakeTraining final : public tv1::TrainingService::Service {
 public:
  explicit FakeTraining(const Data& data) {
    for (const Person& p : data.people) {
      if (p.marks == 0 && !p.completed) continue;
      tv1::ParticipantTraining t;
      t.set_participant(p.id);
      t.set_edition(kEdition);
      t.set_workshop_group(1 + data.apps[p.app].kind % 4);
      t.set_rostered(p.status == rv1::PARTICIPANT_ACTIVE);
      t.set_planned_minutes(p.planned_minutes);
      t.set_attended_minutes(p.attended_minutes);
      t.set_completion_threshold_percent(80);
      t.set_attended_percent(static_cast<int32_t>(
          p.planned_minutes == 0
              ? 0
              : p.attended_minutes * 100 / p.planned_minutes));
      t.set_completed(p.completed.has_value());
      if (p.completed) *t.mutable_completion_time() = Proto(*p.completed);
      participants_.push_back(std::move(t));
    }
    std::sort(participants_.begin(), participants_.end(),
              [](const tv1::ParticipantTraining& x,
                 const tv1::ParticipantTraining& y) {
                return x.participant() < y.participant();
              });
  }
  grpc::Status ListParticipantTraining(
      grpc::ServerContext*, const tv1::ListParticipantTrainingRequest* request,
      tv1::ListParticipantTrainingResponse* response) override {
    ++calls_;
    if (request->edition() != kEdition) return grpc::Status::OK;
    return Page(participants_, request->page_size(), 500, 1000,
                request->page_token(), response,
                [&](const tv1::ParticipantTraining& p) {
                  *response->add_participants() = p;
                });
  }
  // The programme's other parts (issue 24): the generated data has none,
  // so every list is empty, as the projection's facts are.
  grpc::Status ListCommunities(grpc::ServerContext*,
                               const tv1::ListCommunitiesRequest*,
                               tv1::ListCommunitiesResponse*) override {
    ++calls_;
    return grpc::Status::OK;
  }
  grpc::Status ListELearningCompletions(
      grpc::ServerContext*, const tv1::ListELearningCompletionsRequest*,
      tv1::ListELearningCompletionsResponse*) override {
    ++calls_;
    return grpc::Status::OK;
  }
  int64_t calls() const { return calls_; }

 private:
  std::vector<tv1::ParticipantTraining> participants_;
  std::atomic<int64_t> calls_{0};
};

class FakeAdvisory final : public av1::AdvisoryService::Service {
 public:
  explicit FakeAdvisory(const Data& data) {
    for (const CaseRow& c : data.cases) {
      const App& a = data.apps[c.app];
      av1::Case out;
      out.set_id(c.id);
      out.set_edition(kEdition);
      out.set_application_id(a.id);
      out.set_teryt(a.teryt);
      out.set_voivodeship(a.voivodeship);
      out.set_stage(static_cast<av1::Stage>(c.stage));
      out.set_version(c.version);
      out.set_workflow_version(1);
      *out.mutable_opened_time() = Proto(c.opened);
      out.set_support_area("Zarządzanie oświatą");
      if (c.plan_adopted_on) {
        out.mutable_plan()->set_document_reference(
            absl::StrCat("Uchwała nr ", c.app + 1, "/2026"));
        out.mutable_plan()->set_adopted_on(Day(*c.plan_adopted_on));
      }
      cases_.push_back(std::move(out));
    }
    std::sort(cases_.begin(), cases_.end(),
              [](const av1::Case& x, const av1::Case& y) {
                return std::tie(x.teryt(), x.id()) <
                       std::tie(y.teryt(), y.id());
              });
  }
  grpc::Status ListCases(grpc::ServerContext*,
                         const av1::ListCasesRequest* request,
                         av1::ListCasesResponse* response) override {
    ++calls_;
    if (request->edition() != kEdition) return grpc::Status::OK;
    return Page(cases_, request->page_size(), 100, 500, request->page_token(),
                response,
                [&](const av1::Case& c) { *response->add_cases() = c; });
  }
  // No good practice or school in the generated data (issue 24).
  grpc::Status ListGoodPractices(grpc::ServerContext*,
                                 const av1::ListGoodPracticesRequest*,
                                 av1::ListGoodPracticesResponse*) override {
    ++calls_;
    return grpc::Status::OK;
  }
  grpc::Status ListSchoolsReached(grpc::ServerContext*,
                                  const av1::ListSchoolsReachedRequest*,
                                  av1::ListSchoolsReachedResponse*) override {
    ++calls_;
    return grpc::Status::OK;
  }
  int64_t calls() const { return calls_; }

 private:
  std::vector<av1::Case> cases_;
  std::atomic<int64_t> calls_{0};
};

// -------------------------------------------------------- expected figures

// The measures' sizes counted straight from the generated data (the rules
// of services/reporting/domain/measures.h written again, independently).
std::map<std::string, int64_t> Expected(const Data& data,
                                        const std::string& voivodeship) {
  std::map<std::string, int64_t> n;
  for (const jstedu::reporting::MeasureInfo& m :
       jstedu::reporting::Measures()) {
    n[m.name] = 0;
  }
  std::map<size_t, int> active;
  std::map<size_t, int> trained;
  for (const Person& p : data.people) {
    const App& a = data.apps[p.app];
    if (!voivodeship.empty() && a.voivodeship != voivodeship) continue;
    if (p.status == rv1::PARTICIPANT_ACTIVE) ++active[p.app];
    if (!p.declared) continue;
    // Counted only with a complete monitoring record (StandingOf).
    if (!p.complete) {
      ++n["OFFICIALS_INCOMPLETE"];
      continue;
    }
    ++n["OFFICIALS_SUPPORTED"];
    if (p.completed) {
      ++n["OFFICIALS_TRAINED"];
      ++trained[p.app];
    }
  }
  for (size_t i = 0; i < data.projected_apps; ++i) {
    const App& a = data.apps[i];
    if (!voivodeship.empty() && a.voivodeship != voivodeship) continue;
    if (a.status != rv1::QUALIFIED) continue;
    ++n["JST_SUPPORTED"];
    if (active[i] < data.min_representatives) ++n["JST_BELOW_MINIMUM"];
    if (trained[i] < data.min_representatives) ++n["JST_TRAINED_BELOW_MINIMUM"];
  }
  static const std::map<int, std::string> kStages = {
      {av1::AREA_CHOICE, "STAGE_AREA_CHOICE"},
      {av1::NEEDS_DIAGNOSIS, "STAGE_NEEDS_DIAGNOSIS"},
      {av1::ROLLOUT, "STAGE_ROLLOUT"},
      {av1::COMPLETED, "STAGE_COMPLETED"},
      {av1::WITHDRAWN, "STAGE_WITHDRAWN"}};
  for (const CaseRow& c : data.cases) {
    const App& a = data.apps[c.app];
    if (!voivodeship.empty() && a.voivodeship != voivodeship) continue;
    ++n[kStages.at(c.stage)];
    if (c.plan_adopted_on && c.stage != av1::WITHDRAWN &&
        a.status == rv1::QUALIFIED) {
      ++n["PLANS_ADOPTED"];
    }
  }
  return n;
}

std::vector<std::string> problems;

void Problem(const std::string& text) {
  problems.push_back(text);
  std::cerr << "CHECK FAILED: " << text << "\n";
}

void CheckIndicators(const pv1::ListIndicatorsResponse& response,
                     const std::map<std::string, int64_t>& expected,
                     const std::string& what) {
  if (response.indicators_size() == 0) Problem(what + ": no indicators");
  for (const pv1::Indicator& indicator : response.indicators()) {
    const pv1::IndicatorDefinition& d = indicator.definition();
    auto num = expected.find(d.numerator());
    if (num == expected.end()) {
      Problem(absl::StrCat(what, ": ", d.code(), ": unknown measure ",
                           d.numerator()));
      continue;
    }
    if (indicator.total().numerator() != num->second) {
      Problem(absl::StrCat(what, ": ", d.code(), " numerator ",
                           indicator.total().numerator(), ", expected ",
                           num->second));
    }
    if (!d.denominator().empty() &&
        indicator.total().denominator() != expected.at(d.denominator())) {
      Problem(absl::StrCat(what, ": ", d.code(), " denominator ",
                           indicator.total().denominator(), ", expected ",
                           expected.at(d.denominator())));
    }
  }
}

// ------------------------------------------------------------------ timing

struct Stats {
  std::string name;
  std::vector<double> ms;
  std::string note;
};

double Rank(std::vector<double> v, double q) {  // nearest rank
  std::sort(v.begin(), v.end());
  size_t k = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  if (k == 0) k = 1;
  return v[std::min(k, v.size()) - 1];
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

template <typename F>
Stats Measure(const std::string& name, int iterations, F call) {
  Stats stats;
  stats.name = name;
  call();  // warm-up, dropped
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    call();
    stats.ms.push_back(MsSince(start));
  }
  return stats;
}

void PrintTable(const std::vector<Stats>& rows) {
  int width = 4;
  for (const Stats& s : rows)
    width = std::max(width, static_cast<int>(s.name.size()));
  std::printf("  %-*s  %4s  %9s  %9s  %9s  %9s\n", width, "", "n", "p50 ms",
              "p95 ms", "p99 ms", "max ms");
  for (const Stats& s : rows) {
    std::printf("  %-*s  %4zu  %9.2f  %9.2f  %9.2f  %9.2f  %s\n", width,
                s.name.c_str(), s.ms.size(), Rank(s.ms, 0.5), Rank(s.ms, 0.95),
                Rank(s.ms, 0.99), *std::max_element(s.ms.begin(), s.ms.end()),
                s.note.c_str());
  }
}

long PeakRssMiB() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

long CurrentRssMiB() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * sysconf(_SC_PAGESIZE) / (1024 * 1024);
}

std::unique_ptr<grpc::ClientContext> AdminContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  jstedu::auth::v1::Principal principal;
  principal.set_subject("reporting-bench");
  principal.set_role(jstedu::auth::v1::ADMIN);
  jstedu::grpcutil::WithPrincipal(*context, principal);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::minutes(5));
  return context;
}

void Must(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return;
  std::cerr << what << " failed: " << status.error_code() << " "
            << status.error_message() << "\n";
  std::exit(1);
}

// The projection's cost per event now that it keeps the counts: one
// official's facts published again (ParticipantUpdated, applied as the
// consumer applies it), changing nothing counted, and flipping their
// monitoring record complete / incomplete (their records move between
// OFFICIALS_SUPPORTED, OFFICIALS_TRAINED and OFFICIALS_INCOMPLETE, their
// JST's JST_TRAINED_BELOW_MINIMUM may too); then an attendance mark (in no
// measure). Ends with the official as generated, and checks that the
// counts are still a recount of the facts.
void ProjectionPhases(const Data& data, jstedu::pg::Pool& pool, int iterations,
                      std::vector<Stats>& phases) {
  namespace rep = jstedu::reporting;
  namespace ev = jstedu::events::v1;
  size_t who = 0;
  while (who + 1 < data.people.size() &&
         !(data.people[who].declared && data.people[who].complete &&
           data.people[who].completed &&
           data.apps[data.people[who].app].status == rv1::QUALIFIED)) {
    ++who;
  }
  int64_t micros = absl::ToUnixMicros(absl::Now());
  uint64_t sequence = 0;
  auto apply = [&](const auto& event, auto handler) {
    jstedu::events::EventEnvelope envelope;
    envelope.set_event_id(Uuid(0xe0000000u, sequence++));
    envelope.set_event_type(event.GetDescriptor()->full_name());
    envelope.mutable_payload()->PackFrom(event);
    *envelope.mutable_occurred_at() =
        TimeUtil::MicrosecondsToTimestamp(++micros);
    // As the consumer applies one event in a transaction of its own.
    const auto projection = rep::ProjectionHandler(handler);
    absl::Status applied =
        jstedu::pg::RunInTransaction(pool, [&](pqxx::transaction_base& tx) {
          return jstedu::events::ApplyAlone(*projection, tx, envelope);
        });
    if (!applied.ok()) {
      std::cerr << "projection: " << applied << "\n";
      std::exit(1);
    }
  };
  bool complete = true;
  auto update = [&](bool flip) {
    ev::ParticipantUpdated event;
    SetFacts(data, data.people[who], event.mutable_participant());
    if (flip) complete = !complete;
    event.mutable_participant()->set_monitoring_data_complete(complete);
    if (!complete)
      event.mutable_participant()->add_missing_monitoring_fields("position");
    apply(event, rep::ApplyRecruitmentEvent);
  };
  phases.push_back(Measure("event: ParticipantUpdated, nothing counted changes",
                           iterations, [&] { update(false); }));
  phases.push_back(Measure("event: ParticipantUpdated, counted or not",
                           iterations, [&] { update(true); }));
  if (!complete) update(true);
  ev::AttendanceRecorded mark;
  mark.set_session_id(Uuid(0xd0000000u, 999999));
  mark.set_participant_id(data.people[who].id);
  mark.set_edition(kEdition);
  mark.set_module_number(1);
  mark.set_status(tv1::PRESENT);
  mark.set_attended_minutes(90);
  phases.push_back(Measure("event: AttendanceRecorded (no measure)", iterations,
                           [&] { apply(mark, rep::ApplyTrainingEvent); }));
  rep::FiguresStore store(pool);
  auto projected = store.ReadProjected(kEdition);
  if (!projected.ok()) {
    std::cerr << "ReadProjected: " << projected.status() << "\n";
    std::exit(1);
  }
  const auto drift = rep::ReconcileCounts(
      rep::ComputeMeasures(projected->facts), projected->maintained_records,
      projected->maintained_cells);
  if (!drift.empty()) {
    Problem(absl::StrCat("after the events, the counts differ from a recount ",
                         "in ", drift.size(),
                         " places; the first: ", drift[0].ShortDebugString()));
  }
}

int Run(const Options& options, const std::string& schema) {
  namespace rep = jstedu::reporting;

  // ---- generate and load
  auto t0 = Clock::now();
  Data data = Generate(options);
  ComputeAttendance(data);
  const double generate_ms = MsSince(t0);
  jstedu::bench::CreateSchema(options.dsn, schema);
  pqxx::connection admin(options.dsn);
  jstedu::pg::PoolOptions pool_options;
  pool_options.dsn = options.dsn;
  pool_options.schema = schema;
  pool_options.size = 8;
  // JSTEDU_PG_PREPARED=off: statements run unnamed (exec_params), as before
  // pg::Exec prepared them.
  pool_options.prepared_statements =
      std::getenv("JSTEDU_PG_PREPARED") == nullptr ||
      std::string(std::getenv("JSTEDU_PG_PREPARED")) != "off";
  auto pool = jstedu::pg::Pool::Create(pool_options);
  if (!pool.ok()) {
    std::cerr << "pool: " << pool.status() << "\n";
    return 1;
  }
  t0 = Clock::now();
  absl::Status migrated =
      jstedu::pg::ApplyMigrations(**pool, "reporting", rep::Migrations());
  if (!migrated.ok()) {
    std::cerr << "migrations: " << migrated << "\n";
    return 1;
  }
  const double migrate_ms = MsSince(t0);
  t0 = Clock::now();
  Load(admin, schema, data);
  const double load_ms = MsSince(t0);
  // COPY bypasses the projection, as facts projected before migration 0003
  // did: the service's start-up task counts them (RebuildCounts). A second
  // run finds nothing to change (the cost of that task on every start).
  double rebuild_ms[2] = {0, 0};
  for (double& ms : rebuild_ms) {
    t0 = Clock::now();
    absl::Status rebuilt = rep::RebuildCounts(**pool);
    if (!rebuilt.ok()) {
      std::cerr << "RebuildCounts: " << rebuilt << "\n";
      return 1;
    }
    ms = MsSince(t0);
  }
  {
    pqxx::nontransaction analyze(admin);
    analyze.exec0("SET search_path TO " + analyze.quote_name(schema));
    analyze.exec0("VACUUM ANALYZE measure_record, measure_month");
    analyze.exec0("RESET search_path");
  }
  int64_t completions = 0, withdrawn = 0, plans = 0;
  for (const Person& p : data.people) completions += p.completed ? 1 : 0;
  for (size_t i = 0; i < data.projected_apps; ++i) {
    withdrawn += data.apps[i].status == rv1::WITHDRAWN ? 1 : 0;
  }
  for (const CaseRow& c : data.cases) plans += c.plan_adopted_on ? 1 : 0;
  std::printf(
      "\ndata (schema %s): %zu jst_fact (%lld withdrawn after qualification) "
      "+ %zu applications never qualified (recruitment only), %zu "
      "participant_fact, %lld completion_fact, %lld attendance_fact, %zu "
      "case_fact (%lld with a plan)\n",
      schema.c_str(), data.projected_apps, static_cast<long long>(withdrawn),
      data.apps.size() - data.projected_apps, data.people.size(),
      static_cast<long long>(completions), static_cast<long long>(data.marks),
      data.cases.size(), static_cast<long long>(plans));
  {
    pqxx::work tx(admin);
    pqxx::row size = tx.exec_params1(
        "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relkind = 'r'",
        schema);
    pqxx::row counts =
        tx.exec1("SELECT (SELECT count(*) FROM " + tx.quote_name(schema) +
                 ".measure_record), (SELECT count(*) FROM " +
                 tx.quote_name(schema) + ".measure_month)");
    std::printf(
        "load: generate %.0f ms, migrations %.0f ms, COPY + VACUUM ANALYZE "
        "%.0f ms, RebuildCounts %.0f ms (again, nothing to change: %.0f ms; "
        "%s records, %s cells); tables and indexes %s\n",
        generate_ms, migrate_ms, load_ms, rebuild_ms[0], rebuild_ms[1],
        counts[0].c_str(), counts[1].c_str(), size[0].c_str());
  }
  const long rss_loaded = CurrentRssMiB();

  // ---- servers: the fakes, and the service under test
  FakeRecruitment recruitment(data);
  FakeTraining training(data);
  FakeAdvisory advisory(data);
  int fake_port = 0;
  grpc::ServerBuilder fake_builder;
  fake_builder.AddListeningPort("127.0.0.1:0",
                                grpc::InsecureServerCredentials(), &fake_port);
  fake_builder.RegisterService(&recruitment);
  fake_builder.RegisterService(&training);
  fake_builder.RegisterService(&advisory);
  std::unique_ptr<grpc::Server> fakes = fake_builder.BuildAndStart();
  if (!fakes) {
    std::cerr << "cannot start the fake source services\n";
    return 1;
  }
  const std::string fake_address = absl::StrCat("127.0.0.1:", fake_port);
  rep::SourceAddresses addresses;
  addresses.recruitment = fake_address;
  addresses.training = fake_address;
  addresses.advisory = fake_address;
  addresses.call_timeout = std::chrono::milliseconds(60000);
  rep::Sources sources(addresses);
  rep::ReportingServiceImpl service(**pool, sources, std::string(32, 'k'),
                                    [] { return absl::Now(); });
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  jstedu::grpcutil::UseAccessCheck(builder);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "cannot start the reporting service\n";
    return 1;
  }
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  auto stub = pv1::ReportingService::NewStub(grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials(),
      channel_args));
  const long rss_servers = CurrentRssMiB();

  // ---- through gRPC
  std::vector<Stats> rpc;
  const auto national = Expected(data, "");
  const auto region = Expected(data, options.voivodeship);
  auto list = [&](const std::string& name,
                  const pv1::ListIndicatorsRequest& request,
                  const std::map<std::string, int64_t>& expected) {
    pv1::ListIndicatorsResponse response;
    rpc.push_back(Measure(name, options.iterations, [&] {
      response.Clear();
      Must(stub->ListIndicators(AdminContext().get(), request, &response),
           name);
    }));
    CheckIndicators(response, expected, name);
    size_t rows = 0;
    for (const auto& i : response.indicators()) {
      rows += static_cast<size_t>(i.breakdown_size());
    }
    rpc.back().note =
        absl::StrCat(response.indicators_size(), " indicators, ", rows,
                     " breakdown rows, ", response.ByteSizeLong(), " B");
  };
  {
    pv1::ListIndicatorsRequest request;
    request.set_edition(kEdition);
    list("ListIndicators national", request, national);
    request.set_voivodeship(options.voivodeship);
    list("ListIndicators voivodeship " + options.voivodeship, request, region);
    request.clear_voivodeship();
    request.add_group_by(pv1::VOIVODESHIP);
    request.add_group_by(pv1::MONTH);
    list("ListIndicators national, by voivodeship x month", request, national);
  }
  const long peak_queries = PeakRssMiB();
  {
    pv1::ReconcileRequest request;
    request.set_edition(kEdition);
    pv1::ReconcileResponse response;
    const int64_t calls_before =
        recruitment.calls() + training.calls() + advisory.calls();
    rpc.push_back(Measure("Reconcile (sources: in-process fakes)",
                          options.reconcile_iterations, [&] {
                            response.Clear();
                            Must(stub->Reconcile(AdminContext().get(), request,
                                                 &response),
                                 "Reconcile");
                          }));
    const int64_t calls = (recruitment.calls() + training.calls() +
                           advisory.calls() - calls_before) /
                          (options.reconcile_iterations + 1);
    rpc.back().note = absl::StrCat(
        response.source_records(), " source records, ", calls,
        " source calls, ", response.difference_count(), " differences");
    if (response.difference_count() != 0) {
      Problem(absl::StrCat("Reconcile found ", response.difference_count(),
                           " differences; the first:"));
      for (int i = 0; i < response.differences_size() && i < 20; ++i) {
        const auto& d = response.differences(i);
        std::cerr << "  " << d.measure() << " " << d.record_id() << " "
                  << d.kind() << " " << d.field()
                  << " projected=" << d.projected() << " source=" << d.source()
                  << "\n";
      }
    }
    for (const auto& m : response.measures()) {
      const int64_t want = national.at(m.measure());
      if (m.projected() != want || m.source() != want) {
        Problem(absl::StrCat("Reconcile ", m.measure(), ": projected ",
                             m.projected(), ", source ", m.source(),
                             ", expected ", want));
      }
    }
  }
  const long peak_reconcile = PeakRssMiB();
  std::printf(
      "\nthrough gRPC (a stub with an ADMIN principal -> ReportingServiceImpl "
      "on 127.0.0.1; each call's first run dropped as warm-up):\n");
  PrintTable(rpc);

  // ---- the phases underneath, called directly
  std::vector<Stats> phases;
  auto in_tx = [&](const std::function<void(pqxx::transaction_base&)>& work) {
    auto status = jstedu::pg::RunInTransactionFor<bool>(
        **pool,
        [&](pqxx::transaction_base& tx) -> absl::StatusOr<bool> {
          work(tx);
          return true;
        },
        {jstedu::pg::Isolation::kRepeatableRead});
    if (!status.ok()) {
      std::cerr << "transaction: " << status.status() << "\n";
      std::exit(1);
    }
  };
  rep::FiguresStore figures(**pool);
  for (const std::string& v : {std::string(), options.voivodeship}) {
    const std::string label = v.empty() ? "national" : "voivodeship " + v;
    for (bool by_month : {false, true}) {
      rep::EditionCounts counts;
      phases.push_back(Measure(absl::StrCat("FiguresStore::ReadCounts ", label,
                                            by_month ? " by month" : ""),
                               options.iterations, [&] {
                                 auto read =
                                     figures.ReadCounts(kEdition, v, by_month);
                                 if (!read.ok()) {
                                   std::cerr << "ReadCounts: " << read.status()
                                             << "\n";
                                   std::exit(1);
                                 }
                                 counts = *std::move(read);
                               }));
      phases.back().note = absl::StrCat(counts.cells.size(), " cells");
    }
  }
  for (const std::string& v : {std::string(), options.voivodeship}) {
    const std::string label = v.empty() ? "national" : "voivodeship " + v;
    rep::Facts facts;
    phases.push_back(Measure("LoadFacts " + label, options.iterations, [&] {
      in_tx([&](pqxx::transaction_base& tx) {
        facts = rep::LoadFacts(tx, kEdition, v);
      });
    }));
    phases.back().note =
        absl::StrCat(facts.jsts.size(), " jsts, ", facts.participants.size(),
                     " participants, ", facts.completions.size(),
                     " completions, ", facts.cases.size(), " cases");
    rep::MeasureRecords measures;
    phases.push_back(Measure("ComputeMeasures " + label, options.iterations,
                             [&] { measures = rep::ComputeMeasures(facts); }));
    std::vector<rep::Definition> definitions;
    in_tx([&](pqxx::transaction_base& tx) {
      definitions = rep::LoadDefinitions(tx, facts.edition);
    });
    rep::Filter filter;
    filter.voivodeship = v;
    filter.period =
        rep::Period{absl::CivilDay(1000, 1, 1), absl::CivilDay(9999, 12, 31)};
    phases.push_back(Measure(
        absl::StrCat("BuildIndicator x", definitions.size(), " ", label),
        options.iterations, [&] {
          for (const rep::Definition& d : definitions) {
            auto indicator = rep::BuildIndicator(d, measures, filter, {});
            if (!indicator.ok()) std::exit(1);
          }
        }));
  }
  std::map<std::string, int64_t> minutes;
  phases.push_back(Measure("LoadAttendedMinutes national",
                           options.reconcile_iterations, [&] {
                             in_tx([&](pqxx::transaction_base& tx) {
                               minutes = rep::LoadAttendedMinutes(tx, kEdition);
                             });
                           }));
  phases.back().note = absl::StrCat(minutes.size(), " participants");
  {
    grpc::ServerContext incoming;
    phases.push_back(Measure(
        "Sources::ReadSourceFacts (fakes)", options.reconcile_iterations, [&] {
          auto read = sources.ReadSourceFacts(incoming, kEdition);
          if (!read.ok()) {
            std::cerr << "ReadSourceFacts: " << read.status() << "\n";
            std::exit(1);
          }
        }));
  }
  ProjectionPhases(data, **pool, options.iterations, phases);
  std::printf(
      "\nphases, called directly (database reads in their own REPEATABLE READ "
      "transaction, as the handlers do; events in the consumer's READ "
      "COMMITTED transaction, without its inbox row):\n");
  PrintTable(phases);

  std::printf(
      "\nmemory (this process: generated data, fakes and the service): RSS "
      "%ld MiB after the load, %ld MiB with the servers up; peak RSS "
      "(getrusage) %ld MiB after the indicator queries, %ld MiB after "
      "Reconcile\n",
      rss_loaded, rss_servers, peak_queries, peak_reconcile);

  server->Shutdown();
  fakes->Shutdown();
  pool->reset();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  const std::string schema =
      absl::StrCat("rb_", absl::ToUnixMicros(absl::Now()) % 1000000000, "_",
                   static_cast<long>(getpid()));
  std::printf(
      "jstedu-reporting-bench: scale %g, %d iterations (Reconcile %d), "
      "voivodeship %s, %u CPUs (nproc); the database, the service, the fakes "
      "and the client share them\n",
      options.scale, options.iterations, options.reconcile_iterations,
      options.voivodeship.c_str(), std::thread::hardware_concurrency());
  int code = 1;
  try {
    code = Run(options, schema);
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    code = 1;
  }
  if (options.keep_schema) {
    std::printf("schema %s kept\n", schema.c_str());
  } else {
    jstedu::bench::DropSchema(options.dsn, schema);
  }
  if (code != 0) return code;
  if (!problems.empty()) {
    std::printf("\nFIGURES WRONG: %zu check(s) failed (see stderr)\n",
                problems.size());
    return 1;
  }
  std::printf(
      "\nfigures: every indicator total matches the generated data; "
      "Reconcile: 0 differences, every measure's count as generated\n");
  return 0;
}
