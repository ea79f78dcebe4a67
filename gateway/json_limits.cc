#include "gateway/json_limits.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using nlohmann::json;

// Counts as it goes; returning false stops the parser at once.
class LimitChecker {
 public:
  explicit LimitChecker(const JsonLimits& limits) : limits_(limits) {}

  bool null() { return Value(); }
  bool boolean(bool) { return Value(); }
  bool number_integer(json::number_integer_t) { return Value(); }
  bool number_unsigned(json::number_unsigned_t) { return Value(); }
  bool number_float(json::number_float_t, const json::string_t&) {
    return Value();
  }
  bool string(json::string_t& text) { return Value() && Text(text); }
  bool binary(json::binary_t&) { return Value(); }
  bool key(json::string_t& text) { return Text(text); }

  bool start_object(std::size_t) { return Open(false); }
  bool end_object() { return Close(); }
  bool start_array(std::size_t) { return Open(true); }
  bool end_array() { return Close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) {
    error_ = absl::InvalidArgumentError(absl::StrCat(
        "the request body is not valid JSON (near byte ", position, ")"));
    return false;
  }

  const absl::Status& error() const { return error_; }

 private:
  struct Level {
    bool array;
    uint64_t elements;
  };

  // A value inside the current container (or the top-level one).
  bool Value() {
    if (levels_.empty() || !levels_.back().array) return true;
    if (++levels_.back().elements > limits_.max_array_elements) {
      return Fail(absl::StrCat("a JSON array with more than ",
                               limits_.max_array_elements, " elements"));
    }
    return true;
  }

  bool Open(bool array) {
    if (!Value()) return false;
    if (static_cast<int>(levels_.size()) >= limits_.max_depth) {
      return Fail(absl::StrCat("JSON nesting deeper than ", limits_.max_depth,
                               " levels"));
    }
    levels_.push_back({array, 0});
    return true;
  }

  bool Close() {
    levels_.pop_back();
    return true;
  }

  bool Text(const json::string_t& text) {
    string_bytes_ += text.size();
    if (string_bytes_ > limits_.max_string_bytes) {
      return Fail(absl::StrCat("JSON strings longer than ",
                               limits_.max_string_bytes, " bytes in total"));
    }
    return true;
  }

  bool Fail(std::string message) {
    error_ = absl::InvalidArgumentError(
        absl::StrCat("the request body exceeds a limit: ", message));
    return false;
  }

  const JsonLimits& limits_;
  std::vector<Level> levels_;
  uint64_t string_bytes_ = 0;
  absl::Status error_;
};

}  // namespace

const std::set<std::string, std::less<>>& LargeBodyRoutes() {
  static const auto* methods = new std::set<std::string, std::less<>>{
      // POST /v1/applications/{application}/participants:import, text/csv.
      "jstedu.recruitment.v1.RecruitmentService.ImportParticipants",
      // POST /v1/jsts:loadDegurba, text/csv (urbanisation degrees).
      "jstedu.recruitment.v1.RecruitmentService.LoadDegurba",
      // POST /v1/editions/{edition}/elearning-completions:import, text/csv.
      "jstedu.training.v1.TrainingService.ImportELearningCompletions",
      // POST /v1/schools:import, text/csv.
      "jstedu.advisory.v1.AdvisoryService.ImportSchools",
  };
  return *methods;
}

absl::Status CheckJsonLimits(std::string_view text, const JsonLimits& limits) {
  LimitChecker checker(limits);
  const bool ok = json::sax_parse(text.begin(), text.end(), &checker);
  if (ok) return absl::OkStatus();
  if (!checker.error().ok()) return checker.error();
  return absl::InvalidArgumentError("the request body is not valid JSON");
}

}  // namespace jstedu::gateway
