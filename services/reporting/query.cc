#include "services/reporting/query.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/reporting/domain/counts.h"

namespace jstedu::reporting {
namespace {

bool IsTeryt(const std::string& code) {
  return (code.size() == 4 || code.size() == 7) &&
         std::all_of(code.begin(), code.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Subject SubjectOf(const v1::IndicatorDefinition& definition) {
  switch (definition.subject()) {
    case v1::SUBJECT_PARTICIPANT:
      return Subject::kParticipant;
    case v1::SUBJECT_CASE:
      return Subject::kCase;
    case v1::SUBJECT_MEETING:
      return Subject::kMeeting;
    default:
      return Subject::kJst;
  }
}

Formula FormulaOf(const v1::IndicatorDefinition& definition) {
  return Formula{definition.numerator(), definition.denominator(),
                 definition.factor()};
}

void SetFigure(const Value& value, v1::Figure* figure) {
  figure->set_value(value.text);
  figure->set_numerator(value.numerator);
  figure->set_denominator(value.denominator);
}

const std::vector<Record>& RecordsOf(const MeasureRecords& measures,
                                     const std::string& measure) {
  static const std::vector<Record> kNone;
  auto it = measures.find(measure);
  return it == measures.end() ? kNone : it->second;
}

Inapplicable NotApplicable(const v1::IndicatorDefinition& definition,
                           const Filter& filter,
                           const std::vector<Dimension>& dimensions) {
  const Subject subject = SubjectOf(definition);
  if (subject == Subject::kParticipant) return {};
  if (subject == Subject::kMeeting) {
    static constexpr char kWhy[] =
        "a meeting gathers officials of many JSTs: meetings are counted for "
        "the whole programme, by period only";
    if (!filter.voivodeship.empty()) return {"voivodeship", kWhy};
    if (!filter.teryt.empty()) return {"teryt", kWhy};
    if (filter.jst_kind != 0) return {"kind", kWhy};
  }
  static constexpr char kParticipantsOnly[] =
      "sex and target group describe participants, not JSTs, cases or "
      "meetings";
  if (filter.sex != 0) return {"sex", kParticipantsOnly};
  if (filter.target_group != 0) return {"targetGroup", kParticipantsOnly};
  for (Dimension dimension : dimensions) {
    if (!AppliesTo(dimension, subject)) {
      return {"dimensions", subject == Subject::kMeeting
                                ? "a meeting gathers officials of many JSTs: "
                                  "meetings break down by period only"
                                : kParticipantsOnly};
    }
  }
  return {};
}

namespace {

// A ratio is a state: both sides as at the period's end (plans adopted by
// then ÷ JSTs supported by then), never the flows of the period alone.
Filter UpToPeriodEnd(Filter filter) {
  filter.period.first = absl::CivilDay(1000, 1, 1);
  return filter;
}

// The breakdown cells of a ratio: cumulative at each period's end when a
// dimension is a period, else as at the filter's end.
std::vector<BreakdownCell> RatioBreakdown(
    const std::vector<Record>& numerator,
    const std::vector<Record>& denominator, const Filter& filter,
    const std::vector<Dimension>& dimensions) {
  auto period =
      std::find_if(dimensions.begin(), dimensions.end(), IsPeriodDimension);
  if (period == dimensions.end()) {
    return Breakdown(numerator, &denominator, UpToPeriodEnd(filter),
                     dimensions);
  }
  const size_t at = period - dimensions.begin();
  std::vector<Dimension> others = dimensions;
  others.erase(others.begin() + at);
  std::vector<BreakdownCell> cells;
  for (const std::string& name : PeriodsIn(*period, filter.period)) {
    Filter upto = UpToPeriodEnd(filter);
    upto.period.last = std::min(ParsePeriod(name)->last, filter.period.last);
    std::vector<BreakdownCell> part =
        others.empty() ? std::vector<BreakdownCell>{BreakdownCell{
                             {},
                             CountMatching(numerator, upto),
                             CountMatching(denominator, upto)}}
                       : Breakdown(numerator, &denominator, upto, others);
    for (BreakdownCell& cell : part) {
      cell.values.insert(cell.values.begin() + at, name);
      cells.push_back(std::move(cell));
    }
  }
  return cells;
}

}  // namespace

Filter FigureFilter(const v1::IndicatorDefinition& definition,
                    const Filter& filter) {
  return definition.denominator().empty() ? filter : UpToPeriodEnd(filter);
}

absl::StatusOr<v1::Indicator> BuildIndicator(
    const Definition& definition, const MeasureRecords& measures,
    const Filter& filter, const std::vector<Dimension>& dimensions) {
  v1::Indicator indicator;
  const v1::IndicatorDefinition& d = definition.proto;
  *indicator.mutable_definition() = d;
  indicator.set_target(definition.target);
  const Inapplicable inapplicable = NotApplicable(d, filter, dimensions);
  indicator.set_applicable(inapplicable.reason.empty());
  indicator.set_not_applicable_reason(inapplicable.reason);
  if (!inapplicable.reason.empty()) return indicator;
  const std::vector<Record>& numerator = RecordsOf(measures, d.numerator());
  const bool ratio = !d.denominator().empty();
  const std::vector<Record>& denominator = RecordsOf(measures, d.denominator());
  const Filter total_filter = FigureFilter(d, filter);
  auto total = Evaluate(FormulaOf(d), CountMatching(numerator, total_filter),
                        ratio ? CountMatching(denominator, total_filter) : 0);
  if (!total.ok()) return total.status();
  SetFigure(*total, indicator.mutable_total());
  if (dimensions.empty()) return indicator;
  const std::vector<BreakdownCell> cells =
      ratio ? RatioBreakdown(numerator, denominator, filter, dimensions)
            : Breakdown(numerator, nullptr, filter, dimensions);
  for (const BreakdownCell& cell : cells) {
    v1::BreakdownRow* row = indicator.add_breakdown();
    for (size_t i = 0; i < dimensions.size(); ++i) {
      v1::BreakdownKey* key = row->add_keys();
      key->set_dimension(
          static_cast<v1::Dimension>(static_cast<int>(dimensions[i]) + 1));
      key->set_value(cell.values[i]);
    }
    auto value = Evaluate(FormulaOf(d), cell.numerator, cell.denominator);
    if (!value.ok()) return value.status();
    SetFigure(*value, row->mutable_figure());
  }
  return indicator;
}

QueryInput ReadQueryInput(std::vector<errors::FieldProblem>& problems,
                          const std::string& edition,
                          const std::string& voivodeship,
                          const std::string& teryt, int kind, int sex,
                          int target_group, const std::string& period) {
  QueryInput input;
  input.edition = edition;
  if (!ids::IsEditionCode(edition)) {
    problems.push_back(
        {"edition", "required: an edition code (2..32 of A-Z, 0-9, '-')"});
  }
  if (!voivodeship.empty() && !errors::IsVoivodeshipCode(voivodeship)) {
    problems.push_back(
        {"voivodeship", "a two-digit voivodeship code, even, 02..32"});
  }
  if (!teryt.empty() && !IsTeryt(teryt)) {
    problems.push_back({"teryt", "a TERYT code of 4 or 7 digits"});
  }
  if (!recruitment::v1::JstKind_IsValid(kind)) {
    problems.push_back({"kind", "not a JST kind"});
  }
  if (!recruitment::v1::Sex_IsValid(sex)) {
    problems.push_back({"sex", "FEMALE or MALE"});
  }
  if (!recruitment::v1::TargetGroup_IsValid(target_group)) {
    problems.push_back({"targetGroup", "not a target group"});
  }
  input.filter.voivodeship = voivodeship;
  input.filter.teryt = teryt;
  input.filter.jst_kind = kind;
  input.filter.sex = sex;
  input.filter.target_group = target_group;
  input.filter.period =
      Period{absl::CivilDay(1000, 1, 1), absl::CivilDay(9999, 12, 31)};
  if (!period.empty()) {
    auto parsed = ParsePeriod(period);
    if (!parsed.ok()) {
      problems.push_back({"period", std::string(parsed.status().message())});
    } else {
      input.filter.period = *parsed;
      input.period_given = true;
    }
  }
  return input;
}

absl::Status ApplyScope(const grpcutil::Caller& caller, QueryInput& input) {
  auto region = grpcutil::VoivodeshipFilter(caller, input.filter.voivodeship,
                                            "voivodeship");
  if (!region.ok()) return region.status();
  input.filter.voivodeship = *region;
  if (caller.role == auth::v1::JST) {
    if (!input.filter.teryt.empty() && input.filter.teryt != caller.jst) {
      return absl::PermissionDeniedError(
          absl::StrCat("JST may read its own JST (", caller.jst, ") only"));
    }
    input.filter.teryt = caller.jst;
  }
  return absl::OkStatus();
}

namespace {

// The scoped input counted from the projected facts.
absl::StatusOr<Counted> CountFacts(FiguresStore& store,
                                   const QueryInput& input) {
  auto figures = store.Read(input.edition, input.filter.voivodeship);
  if (!figures.ok()) return figures.status();
  Counted counted;
  counted.facts = std::move(figures->facts);
  counted.measures = ComputeMeasures(counted.facts);
  counted.definitions = std::move(figures->definitions);
  return counted;
}

absl::CivilDay FirstOfMonth(absl::CivilDay day) {
  return absl::CivilDay(absl::CivilMonth(day));
}

absl::CivilDay LastOfMonth(absl::CivilDay day) {
  return absl::CivilDay(absl::CivilMonth(day) + 1) - 1;
}

}  // namespace

absl::StatusOr<Counted> ScopedCount(
    FiguresStore& store, const grpcutil::Caller& caller, QueryInput& input,
    const std::vector<errors::FieldProblem>& problems) {
  if (!problems.empty()) return errors::InvalidFields(problems);
  if (auto scoped = ApplyScope(caller, input); !scoped.ok()) return scoped;
  return CountFacts(store, input);
}

bool CountsAnswer(const QueryInput& input,
                  const std::vector<Dimension>& dimensions) {
  const Filter& filter = input.filter;
  if (!filter.teryt.empty() || filter.jst_kind != 0 || filter.sex != 0 ||
      filter.target_group != 0) {
    return false;
  }
  for (Dimension dimension : dimensions) {
    if (dimension != Dimension::kVoivodeship && !IsPeriodDimension(dimension)) {
      return false;
    }
  }
  return !input.period_given ||
         (filter.period.first == FirstOfMonth(filter.period.first) &&
          filter.period.last == LastOfMonth(filter.period.last));
}

absl::StatusOr<Counted> ScopedFigures(
    FiguresStore& store, const grpcutil::Caller& caller, QueryInput& input,
    const std::vector<errors::FieldProblem>& problems,
    const std::vector<Dimension>& dimensions) {
  if (!problems.empty()) return errors::InvalidFields(problems);
  if (auto scoped = ApplyScope(caller, input); !scoped.ok()) return scoped;
  if (!CountsAnswer(input, dimensions)) return CountFacts(store, input);
  // Without a period, every record is in the figures: no month is needed
  // unless a breakdown lists them.
  const bool by_month =
      input.period_given ||
      std::any_of(dimensions.begin(), dimensions.end(), IsPeriodDimension);
  auto counts =
      store.ReadCounts(input.edition, input.filter.voivodeship, by_month);
  if (!counts.ok()) return counts.status();
  Counted counted;
  counted.facts.edition = std::move(counts->edition);
  counted.measures = CellRecords(counts->cells);
  counted.definitions = std::move(counts->definitions);
  counted.span = counts->span;
  counted.from_counts = true;
  return counted;
}

Filter MatchingFilter(const Counted& counted, const QueryInput& input,
                      Filter filter) {
  if (counted.from_counts && !input.period_given) {
    filter.period = Period{FirstOfMonth(filter.period.first),
                           LastOfMonth(filter.period.last)};
  }
  return filter;
}

Period DisplayRange(const Counted& counted, const QueryInput& input,
                    absl::CivilDay today) {
  if (input.period_given) return input.filter.period;
  const EditionFacts& edition = counted.facts.edition;
  std::optional<Period> range;
  if (edition.known) range = Period{edition.starts_on, edition.ends_on};
  auto widen = [&](absl::CivilDay first, absl::CivilDay last) {
    if (!range) range = Period{first, last};
    range->first = std::min(range->first, first);
    range->last = std::max(range->last, last);
  };
  if (counted.from_counts) {  // cells are dated by month: the records' days
    if (counted.span) widen(counted.span->first, counted.span->last);
  } else {
    for (const auto& [name, records] : counted.measures) {
      for (const Record& r : records) widen(r.date, r.date);
    }
  }
  if (!range) range = Period{today, today};
  return *range;
}

}  // namespace jstedu::reporting
