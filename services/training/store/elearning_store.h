#pragma once

// E-learning (migration 0010, docs/programme-parts.md part 3): an
// edition's courses and officials' completions, imported all or nothing
// from the platform's export (domain/elearning_csv.h reads it). An import
// is one transaction: every course and participant is checked first (each
// unknown one named by line and column; nothing written), then the rows are
// written in one statement, keeping each completion's earliest day, and
// each completion new or earlier is announced (ELearningCompleted) through
// the outbox in the same transaction.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/domain/elearning_csv.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {

class ELearningStore {
 public:
  explicit ELearningStore(pg::Pool& pool) : pool_(pool) {}

  // Creates or replaces course `code` of `edition` (title and hours
  // checked by the service).
  absl::StatusOr<v1::ELearningCourse> PutCourse(
      const std::string& edition, const std::string& code,
      const v1::ELearningCourse& course, absl::Time now,
      const rows::Actor& actor);
  absl::StatusOr<std::vector<v1::ELearningCourse>> ListCourses(
      const std::string& edition);
  // InvalidArgument naming each row's unknown course or participant
  // (line and column); otherwise the counts.
  absl::StatusOr<v1::ImportELearningCompletionsResponse> Import(
      const std::string& edition, const CompletionFile& file,
      const std::string& file_sha256, absl::Time now, const rows::Actor& actor);
  // `participant`, `voivodeship`, `teryt`, `expert` ("" any): an expert's
  // are the JSTs whose guardian it is.
  absl::StatusOr<std::vector<v1::ELearningCompletion>> ListCompletions(
      const std::string& edition, const std::string& participant,
      const std::string& voivodeship, const std::string& teryt,
      const std::string& expert);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
