#include "services/training/store/evaluation_store.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/training/domain/plan_rules.h"
#include "services/training/store/evaluation_queries.h"
#include "services/training/store/rows/module.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {

using pqxx::transaction_base;

absl::StatusOr<v1::Evaluation> EvaluationStore::SubmitEvaluation(
    const std::string& module_id, const std::string& participant_id,
    const PlaceScope& scope, const v1::Evaluation& evaluation, absl::Time now) {
  return pg::RunInTransactionFor<v1::Evaluation>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Evaluation> {
        auto place = rows::ReadPlaceInScope(tx, participant_id, scope);
        if (!place.ok()) return place.status();
        const rows::ParticipantPlace& participant = *place;
        auto module = rows::ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        if (auto allowed = EvaluationRules(
                {module_id, module->edition(),
                 rows::TimeOf(module->start_time()), participant.participant_id,
                 participant.edition, participant.workshop_group},
                now);
            !allowed.ok()) {
          return allowed;
        }
        // Submitting again replaces the participant's evaluation.
        pg::Exec(tx, queries::kDeleteEvaluation, module_id,
                 participant.participant_id);
        pg::Exec(tx, queries::kInsertEvaluation, module_id,
                 participant.participant_id, participant.workshop_group,
                 evaluation.comment(), rows::TimeParam(now));
        for (const v1::AreaRating& rating : evaluation.ratings()) {
          pg::Exec(tx, queries::kInsertRating, module_id,
                   participant.participant_id, static_cast<int>(rating.area()),
                   rating.score());
        }
        v1::Evaluation out = evaluation;
        out.set_module(module_id);
        out.set_participant(participant.participant_id);
        rows::SetTime(now, out.mutable_submit_time());
        return out;
      });
}

absl::StatusOr<v1::EvaluationSummary> EvaluationStore::EvaluationSummary(
    const std::string& module_id, const std::string& voivodeship) {
  return pg::RunInTransactionFor<v1::EvaluationSummary>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::EvaluationSummary> {
        auto module = rows::ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        v1::EvaluationSummary out;
        out.set_module(module_id);
        out.set_evaluations(pg::Exec1(tx, queries::kCountEvaluations, module_id,
                                      voivodeship)["evaluations"]
                                .as<int>());
        for (const auto& r :
             pg::Exec(tx, queries::kAverages, module_id, voivodeship)) {
          v1::AreaAverage* a = out.add_averages();
          a->set_area(static_cast<v1::ThematicArea>(r["area"].as<int>()));
          a->set_workshop_group(r["workshop_group"].as<int>());
          a->set_ratings(r["ratings"].as<int>());
          a->set_average(r["average"].as<std::string>());
        }
        for (const auto& r :
             pg::Exec(tx, queries::kComments, module_id, voivodeship)) {
          out.add_comments(r["comment"].as<std::string>());
        }
        return out;
      });
}

}  // namespace jstedu::training
