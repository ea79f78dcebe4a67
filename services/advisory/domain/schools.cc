#include "services/advisory/domain/schools.h"

#include "absl/strings/str_cat.h"

namespace jstedu::advisory {

std::vector<errors::FieldProblem> CheckActionSchools(
    const std::vector<std::vector<std::string>>& schools,
    const std::map<std::string, RegisteredSchool>& register_rows,
    const std::string& case_teryt) {
  std::vector<errors::FieldProblem> problems;
  for (size_t i = 0; i < schools.size(); ++i) {
    for (size_t j = 0; j < schools[i].size(); ++j) {
      const std::string field =
          absl::StrCat("actions[", i, "].schools[", j, "]");
      const std::string& rspo = schools[i][j];
      auto school = register_rows.find(rspo);
      if (school == register_rows.end()) {
        problems.push_back({field, absl::StrCat("no school of RSPO number ",
                                                rspo, " in the register")});
      } else if (school->second.closed_on) {
        problems.push_back(
            {field, absl::StrCat("school ", rspo, " is closed (since ",
                                 *school->second.closed_on, ")")});
      } else if (school->second.running_teryt != case_teryt) {
        problems.push_back(
            {field, absl::StrCat("school ", rspo, " is run by JST ",
                                 school->second.running_teryt,
                                 ", not by the case's JST ", case_teryt)});
      }
    }
  }
  return problems;
}

}  // namespace jstedu::advisory
