#include "services/advisory/store/rows/expert_candidates.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "services/advisory/domain/experts.h"
#include "services/advisory/store/rows/expert_queries.h"

namespace jstedu::advisory::rows {

std::vector<errors::Rule> CheckExpert(pqxx::transaction_base& tx,
                                      const std::string& expert_id,
                                      v1::Speciality speciality,
                                      const std::string& voivodeship,
                                      const std::string& case_id) {
  std::optional<ExpertFacts> facts;
  auto locked = pg::Exec(tx, queries::kLockExpert, expert_id, voivodeship);
  if (!locked.empty()) {
    const auto& r = locked[0];
    facts = ExpertFacts{
        r["speciality"].as<std::string>(), r["active"].as<bool>(),
        r["serves"].as<bool>(), r["max_caseload"].as<int>(),
        pg::Exec1(tx, queries::kExpertLoad, expert_id, case_id)["load"]
            .as<int64_t>()};
  }
  return ExpertFitViolations(expert_id, facts, v1::Speciality_Name(speciality),
                             voivodeship);
}

std::string LeastLoaded(pqxx::transaction_base& tx, v1::Speciality speciality,
                        const std::string& voivodeship,
                        const std::string& excluded,
                        const std::string& case_id) {
  auto rows =
      pg::Exec(tx, queries::kLeastLoaded, v1::Speciality_Name(speciality),
               voivodeship, excluded, case_id);
  return rows.empty() ? "" : rows[0]["id"].as<std::string>();
}

}  // namespace jstedu::advisory::rows
