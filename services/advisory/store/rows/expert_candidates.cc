#include "services/advisory/store/rows/expert_candidates.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/advisory/store/rows/expert_queries.h"

namespace jstedu::advisory::rows {

std::vector<errors::Rule> CheckExpert(pqxx::transaction_base& tx,
                                      const std::string& expert_id,
                                      v1::Speciality speciality,
                                      const std::string& voivodeship,
                                      const std::string& case_id) {
  const std::string subject = absl::StrCat("experts/", expert_id);
  auto rows = tx.exec_params(queries::kLockExpert, expert_id, voivodeship);
  if (rows.empty()) return {{"EXPERT_UNKNOWN", subject, "no such expert"}};
  const auto& r = rows[0];
  const std::string wanted = v1::Speciality_Name(speciality);
  const std::string actual = r["speciality"].as<std::string>();
  const int max_caseload = r["max_caseload"].as<int>();
  std::vector<errors::Rule> rules;
  if (actual != wanted) {
    rules.push_back({"EXPERT_WRONG_SPECIALITY", subject,
                     absl::StrCat("the expert's speciality is ", actual,
                                  ", not ", wanted)});
  }
  if (!r["active"].as<bool>())
    rules.push_back({"EXPERT_INACTIVE", subject, "the expert is inactive"});
  if (!r["serves"].as<bool>()) {
    rules.push_back(
        {"EXPERT_NOT_SERVING_REGION", subject,
         absl::StrCat("the expert does not serve voivodeship ", voivodeship)});
  }
  const int64_t load =
      tx.exec_params1(queries::kExpertLoad, expert_id, case_id)["load"]
          .as<int64_t>();
  if (load >= max_caseload) {
    rules.push_back({"EXPERT_AT_CAPACITY", subject,
                     absl::StrCat("the expert already holds ", max_caseload,
                                  " open cases (their maximum)")});
  }
  return rules;
}

std::string LeastLoaded(pqxx::transaction_base& tx, v1::Speciality speciality,
                        const std::string& voivodeship,
                        const std::string& excluded,
                        const std::string& case_id) {
  auto rows =
      tx.exec_params(queries::kLeastLoaded, v1::Speciality_Name(speciality),
                     voivodeship, excluded, case_id);
  return rows.empty() ? "" : rows[0]["id"].as<std::string>();
}

}  // namespace jstedu::advisory::rows
