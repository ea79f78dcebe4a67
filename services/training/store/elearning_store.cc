#include "services/training/store/elearning_store.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/training/store/elearning_queries.h"
#include "services/training/store/plan_queries.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
using pqxx::transaction_base;
using rows::TimeParam;

// The rows whose course or participant the database does not know, as the
// file's problems (line and column), in line order.
std::vector<csv::ImportProblem> UnknownReferences(transaction_base& tx,
                                                  const std::string& edition,
                                                  const CompletionFile& file) {
  std::set<std::string> courses;
  std::set<std::string> participants;
  for (const CompletionRow& row : file.rows) {
    courses.insert(row.course_code);
    participants.insert(row.participant_id);
  }
  std::set<std::string> unknown_courses;
  for (const pqxx::row& r : pg::Exec(tx, queries::kUnknownCourses, edition,
                                     pg::TextArrayLiteral(courses))) {
    unknown_courses.insert(r["code"].as<std::string>());
  }
  std::set<std::string> unknown_participants;
  for (const pqxx::row& r : pg::Exec(tx, queries::kUnknownParticipants, edition,
                                     pg::TextArrayLiteral(participants))) {
    unknown_participants.insert(r["id"].as<std::string>());
  }
  std::set<std::string> days;
  for (const CompletionRow& row : file.rows) {
    days.insert(absl::FormatCivilTime(row.completed_on));
  }
  std::map<std::string, std::string> early;  // day → the edition's start
  for (const pqxx::row& r : pg::Exec(tx, queries::kDaysBeforeEdition, edition,
                                     pg::TextArrayLiteral(days))) {
    early[r["day"].as<std::string>()] = r["starts_on"].as<std::string>();
  }
  std::vector<csv::ImportProblem> problems;
  for (const CompletionRow& row : file.rows) {
    auto before = early.find(absl::FormatCivilTime(row.completed_on));
    if (before != early.end()) {
      problems.push_back({row.line, file.completed_on_column, "completed_on",
                          absl::StrCat("is before edition ", edition,
                                       " began (", before->second, ")")});
    }
    if (unknown_participants.count(row.participant_id)) {
      problems.push_back({row.line, file.participant_column, "participant_id",
                          absl::StrCat("no participant ", row.participant_id,
                                       " in edition ", edition)});
    }
    if (unknown_courses.count(row.course_code)) {
      problems.push_back({row.line, file.course_column, "course_code",
                          absl::StrCat("no course ", row.course_code,
                                       " in edition ", edition)});
    }
  }
  csv::SortProblems(&problems);
  return problems;
}

}  // namespace

absl::StatusOr<v1::ELearningCourse> ELearningStore::PutCourse(
    const std::string& edition, const std::string& code,
    const v1::ELearningCourse& course, absl::Time now,
    const rows::Actor& actor) {
  return pg::RunInTransactionFor<v1::ELearningCourse>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::ELearningCourse> {
        pg::Exec0(tx, queries::kPutCourse, edition, code, course.title(),
                  course.hours(), TimeParam(now), actor.subject);
        return pg::ReadOne<v1::ELearningCourse>(
            pg::Exec1(tx, queries::kSelectCourse, edition, code));
      });
}

absl::StatusOr<std::vector<v1::ELearningCourse>> ELearningStore::ListCourses(
    const std::string& edition) {
  return pg::RunInTransactionFor<std::vector<v1::ELearningCourse>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ELearningCourse>> {
        return pg::ReadAll<v1::ELearningCourse>(
            pg::Exec(tx, queries::kSelectCourses, edition));
      });
}

absl::StatusOr<v1::ImportELearningCompletionsResponse> ELearningStore::Import(
    const std::string& edition, const CompletionFile& file,
    const std::string& file_sha256, absl::Time now, const rows::Actor& actor) {
  return pg::RunInTransactionFor<v1::ImportELearningCompletionsResponse>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<v1::ImportELearningCompletionsResponse> {
        std::vector<csv::ImportProblem> problems =
            UnknownReferences(tx, edition, file);
        if (!problems.empty()) {
          return errors::InvalidFields(csv::ImportProblems(problems));
        }
        const std::string import_id =
            pg::Exec1(tx, queries::kNewId)["id"].as<std::string>();
        pg::Exec0(tx, queries::kInsertImport, import_id, edition, file_sha256,
                  static_cast<int>(file.rows.size()), TimeParam(now),
                  actor.subject);
        // In one order, so two imports at once lock rows alike.
        std::vector<const CompletionRow*> sorted;
        for (const CompletionRow& row : file.rows) sorted.push_back(&row);
        std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
          return std::tie(a->participant_id, a->course_code) <
                 std::tie(b->participant_id, b->course_code);
        });
        std::vector<std::string> ids, codes, days, scores;
        for (const CompletionRow* row : sorted) {
          ids.push_back(row->participant_id);
          codes.push_back(row->course_code);
          days.push_back(absl::FormatCivilTime(row->completed_on));
          scores.push_back(row->score ? absl::StrCat(*row->score) : "");
        }
        int added = 0;
        int earlier = 0;
        const pqxx::result written =
            pg::Exec(tx, queries::kUpsertCompletions, edition, import_id,
                     pg::TextArrayLiteral(ids), pg::TextArrayLiteral(codes),
                     pg::TextArrayLiteral(days), pg::TextArrayLiteral(scores),
                     TimeParam(now));
        std::vector<ev::ELearningCompleted> events;
        events.reserve(written.size());
        for (const pqxx::row& r : written) {
          ++(r["added"].as<bool>() ? added : earlier);
          events.push_back(pg::ReadOne<ev::ELearningCompleted>(r));
        }
        std::vector<events::NewEvent> batch;
        for (const auto& event : events) {
          batch.push_back({&event, event.participant_id()});
        }
        if (!batch.empty()) events::AppendEvents(tx, batch, actor.traceparent);
        pg::Exec0(tx, queries::kCountImport, import_id, added, earlier);
        v1::ImportELearningCompletionsResponse counts;
        counts.set_rows(static_cast<int>(file.rows.size()));
        counts.set_added(added);
        counts.set_earlier(earlier);
        counts.set_unchanged(counts.rows() - added - earlier);
        return counts;
      });
}

absl::StatusOr<std::vector<v1::ELearningCompletion>>
ELearningStore::ListCompletions(const std::string& edition,
                                const std::string& participant,
                                const std::string& voivodeship,
                                const std::string& teryt,
                                const std::string& expert) {
  return pg::RunInTransactionFor<std::vector<v1::ELearningCompletion>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ELearningCompletion>> {
        return pg::ReadAll<v1::ELearningCompletion>(
            pg::Exec(tx, queries::kSelectEditionCompletions, edition,
                     participant, voivodeship, teryt, expert));
      });
}

}  // namespace jstedu::training
