#include "services/reporting/reporting_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/grpc/caller.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/paging.h"
#include "common/time/civil_time.h"
#include "google/protobuf/util/time_util.h"
#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/reconciliation.h"
#include "services/reporting/domain/targets.h"
#include "services/reporting/query.h"

namespace jstedu::reporting {
namespace {

using auth::v1::ADMIN;
using auth::v1::MINISTRY;
using google::protobuf::util::TimeUtil;
using grpcutil::Serve;

Dimension FromProto(v1::Dimension dimension) {
  switch (dimension) {
    case v1::VOIVODESHIP:
      return Dimension::kVoivodeship;
    case v1::JST_KIND:
      return Dimension::kJstKind;
    case v1::SEX:
      return Dimension::kSex;
    case v1::TARGET_GROUP:
      return Dimension::kTargetGroup;
    case v1::MONTH:
      return Dimension::kMonth;
    case v1::QUARTER:
      return Dimension::kQuarter;
    default:
      return Dimension::kYear;
  }
}

// "o<offset>" page tokens over a computed list.
v1::EvidenceRecord Evidence(const Record& record, const std::string& measure,
                            v1::EvidenceRole role) {
  v1::EvidenceRecord out;
  out.set_role(role);
  out.set_measure(measure);
  out.set_record_id(record.id);
  out.set_application_id(record.application_id);
  out.set_teryt(record.teryt);
  out.set_voivodeship(record.voivodeship);
  out.set_jst_kind(static_cast<recruitment::v1::JstKind>(record.jst_kind));
  out.set_participant_id(record.participant_id);
  out.set_case_id(record.case_id);
  out.set_date(absl::FormatCivilTime(record.date));
  out.set_sex(static_cast<recruitment::v1::Sex>(record.sex));
  out.set_target_group(
      static_cast<recruitment::v1::TargetGroup>(record.target_group));
  return out;
}

// Records of `measure` dated on or before `day`.
int64_t CountUpTo(const std::vector<Record>& records, absl::CivilDay day,
                  const std::string& voivodeship) {
  return std::count_if(records.begin(), records.end(), [&](const Record& r) {
    return r.date <= day &&
           (voivodeship.empty() || r.voivodeship == voivodeship);
  });
}

int64_t CountBetween(const std::vector<Record>& records, absl::CivilDay first,
                     absl::CivilDay last, const std::string& voivodeship) {
  return std::count_if(records.begin(), records.end(), [&](const Record& r) {
    return r.date >= first && r.date <= last &&
           (voivodeship.empty() || r.voivodeship == voivodeship);
  });
}

// Pacing of one region (voivodeship "" = the country, shown as "PL").
// The trajectory runs over `months` (the edition's, up to `as_of`).
v1::Pacing BuildPacing(const MeasureRecords& measures,
                       const EditionFacts& edition, absl::CivilDay as_of,
                       const Period& months, int64_t target_percent,
                       const std::string& voivodeship) {
  const auto& supported_records = RecordsOf(measures, "JST_SUPPORTED");
  const auto& plan_records = RecordsOf(measures, "PLANS_ADOPTED");
  v1::Pacing pacing;
  pacing.set_voivodeship(voivodeship.empty() ? "PL" : voivodeship);
  const int64_t supported = CountUpTo(supported_records, as_of, voivodeship);
  const int64_t plans = CountUpTo(plan_records, as_of, voivodeship);
  pacing.set_jsts_supported(supported);
  pacing.set_plans_adopted(plans);
  pacing.set_effectiveness(Percent(plans, supported));
  // Plans so far + the last 90 days' rate × the days left, at most the
  // supported JSTs; kept ×90 to stay exact.
  const int64_t recent =
      CountBetween(plan_records, as_of - 89, as_of, voivodeship);
  const int64_t days_left =
      edition.known ? std::max<int64_t>(0, edition.ends_on - as_of) : 0;
  const int64_t projected_x90 =
      std::min(plans * 90 + recent * days_left, supported * 90);
  pacing.set_projected_plans(Decimal(projected_x90, 90));
  pacing.set_projected_effectiveness(Percent(projected_x90, supported * 90));
  pacing.set_below_target(supported > 0 && projected_x90 * 100 <
                                               target_percent * supported * 90);
  for (absl::CivilMonth month(months.first);
       month <= absl::CivilMonth(months.last); ++month) {
    const absl::CivilDay end =
        std::min(absl::CivilDay(month + 1) - 1, months.last);
    v1::TrajectoryPoint* point = pacing.add_trajectory();
    point->set_month(absl::FormatCivilTime(month));
    point->set_jsts_supported(CountUpTo(supported_records, end, voivodeship));
    point->set_plans_adopted(CountUpTo(plan_records, end, voivodeship));
  }
  return pacing;
}

}  // namespace

grpc::ServerUnaryReactor* ReportingServiceImpl::ListIndicators(
    grpc::CallbackServerContext* context,
    const v1::ListIndicatorsRequest* request,
    v1::ListIndicatorsResponse* response) {
  return Serve("ListIndicators", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<errors::FieldProblem> problems;
    QueryInput input =
        ReadQueryInput(problems, request->edition(), request->voivodeship(),
                       request->teryt(), request->kind(), request->sex(),
                       request->target_group(), request->period());
    std::vector<Dimension> dimensions;
    std::set<int> seen;
    for (int dimension : request->group_by()) {
      if (dimension <= 0 || dimension > v1::YEAR ||
          !seen.insert(dimension).second) {
        problems.push_back(
            {"groupBy", "each dimension at most once, not UNSPECIFIED"});
      } else {
        dimensions.push_back(FromProto(static_cast<v1::Dimension>(dimension)));
      }
    }
    if (dimensions.size() > 3)
      problems.push_back({"groupBy", "at most 3 dimensions"});
    auto counted =
        ScopedFigures(figures_, *caller, input, problems, dimensions);
    if (!counted.ok()) return counted.status();
    for (const std::string& code : request->codes()) {
      if (FindDefinition(counted->definitions, code) == nullptr) {
        return errors::InvalidFields(
            {{"codes", absl::StrCat("no indicator \"", code, "\"")}});
      }
    }
    const std::set<std::string> codes(request->codes().begin(),
                                      request->codes().end());
    response->set_edition(input.edition);
    const Period range = DisplayRange(*counted, input, ProgrammeDay(clock_()));
    if (auto listed = CheckPeriodBreakdown(dimensions, range); !listed.ok()) {
      return listed;
    }
    response->set_period_start(absl::FormatCivilTime(range.first));
    response->set_period_end(absl::FormatCivilTime(range.last));
    Filter filter = input.filter;
    if (!input.period_given) filter.period = range;
    filter = MatchingFilter(*counted, input, filter);
    for (const Definition& definition : counted->definitions) {
      if (!codes.empty() && codes.count(definition.proto.code()) == 0) continue;
      auto indicator =
          BuildIndicator(definition, counted->measures, filter, dimensions);
      if (!indicator.ok()) return indicator.status();
      *response->add_indicators() = *std::move(indicator);
    }
    *response->mutable_count_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(clock_()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetEvidence(
    grpc::CallbackServerContext* context, const v1::GetEvidenceRequest* request,
    v1::GetEvidenceResponse* response) {
  return Serve("GetEvidence", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<errors::FieldProblem> problems;
    QueryInput input =
        ReadQueryInput(problems, request->edition(), request->voivodeship(),
                       request->teryt(), request->kind(), request->sex(),
                       request->target_group(), request->period());
    const paging::Page page = paging::ReadOffsetPage(
        problems, "evidence",
        {request->code(), request->edition(), request->voivodeship(),
         request->teryt(), absl::StrCat(request->kind()),
         absl::StrCat(request->sex()), absl::StrCat(request->target_group()),
         request->period()},
        request->page_size(), request->page_token());
    auto counted = ScopedCount(figures_, *caller, input, problems);
    if (!counted.ok()) return counted.status();
    const Definition* definition =
        FindDefinition(counted->definitions, request->code());
    if (definition == nullptr) {
      return errors::NoSuch("indicator", request->code());
    }
    const v1::IndicatorDefinition& d = definition->proto;
    const Inapplicable inapplicable = NotApplicable(d, input.filter, {});
    if (!inapplicable.reason.empty()) {
      return errors::InvalidFields({{inapplicable.field, inapplicable.reason}});
    }
    const Filter filter = FigureFilter(d, input.filter);
    std::vector<v1::EvidenceRecord> records;
    for (const Record& r : RecordsOf(counted->measures, d.numerator())) {
      if (Matches(r, filter)) {
        records.push_back(Evidence(r, d.numerator(), v1::NUMERATOR));
      }
    }
    const int64_t numerator = records.size();
    if (!d.denominator().empty()) {
      for (const Record& r : RecordsOf(counted->measures, d.denominator())) {
        if (Matches(r, filter)) {
          records.push_back(Evidence(r, d.denominator(), v1::DENOMINATOR));
        }
      }
    }
    auto value = Evaluate(FormulaOf(d), numerator,
                          static_cast<int64_t>(records.size()) - numerator);
    if (!value.ok()) return value.status();
    response->set_code(d.code());
    SetFigure(*value, response->mutable_figure());
    response->set_total_records(records.size());
    for (v1::EvidenceRecord& record : records) {
      *response->add_records() = std::move(record);
    }
    response->set_next_page_token(
        paging::KeepPage(page, *response->mutable_records()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetProgress(
    grpc::CallbackServerContext* context, const v1::GetProgressRequest* request,
    v1::Progress* response) {
  return Serve("GetProgress", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<errors::FieldProblem> problems;
    QueryInput input =
        ReadQueryInput(problems, request->edition(), "", "", 0, 0, 0, "");
    const absl::CivilDay today = ProgrammeDay(clock_());
    absl::CivilDay as_of = today;
    if (!request->as_of().empty()) {
      auto day = errors::CheckDate(problems, "asOf", request->as_of());
      if (day) as_of = *day;
    }
    auto counted = ScopedCount(figures_, *caller, input, problems);
    if (!counted.ok()) return counted.status();
    const EditionFacts& edition = counted->facts.edition;
    response->set_edition(input.edition);
    response->set_as_of(absl::FormatCivilTime(as_of));
    if (edition.known) {
      response->set_edition_starts_on(absl::FormatCivilTime(edition.starts_on));
      response->set_edition_ends_on(absl::FormatCivilTime(edition.ends_on));
    }
    Filter upto = input.filter;
    upto.period = Period{absl::CivilDay(1000, 1, 1), as_of};
    int64_t effectiveness_target = 90;
    for (const Definition& definition : counted->definitions) {
      if (definition.target.empty()) continue;
      const v1::IndicatorDefinition& d = definition.proto;
      auto indicator = BuildIndicator(definition, counted->measures, upto, {});
      if (!indicator.ok()) return indicator.status();
      // Meetings are the country's: not in a coordinator's progress.
      if (!indicator->applicable()) continue;
      v1::TargetProgress* target = response->add_targets();
      target->set_code(d.code());
      target->set_target(definition.target);
      target->set_value(indicator->total().value());
      int64_t whole = 0;
      if (absl::SimpleAtoi(definition.target, &whole) && whole > 0 &&
          d.denominator().empty()) {
        target->set_percent_of_target(
            Percent(indicator->total().numerator(), whole));
      }
      if (d.code() == "PLAN_EFFECTIVENESS" && whole > 0) {
        effectiveness_target = whole;
      }
    }
    const Period range = DisplayRange(*counted, input, today);
    // The trajectory: the edition's months (widened to its records), up to
    // the day measured at.
    const Period months{range.first, std::min(as_of, range.last)};
    if (auto listed = CheckTrajectory(months); !listed.ok()) return listed;
    std::set<std::string> voivodeships;
    for (const Record& r : RecordsOf(counted->measures, "JST_SUPPORTED")) {
      voivodeships.insert(r.voivodeship);
    }
    if (input.filter.voivodeship.empty()) {
      *response->add_pacing() = BuildPacing(counted->measures, edition, as_of,
                                            months, effectiveness_target, "");
    }
    for (const std::string& voivodeship : voivodeships) {
      *response->add_pacing() =
          BuildPacing(counted->measures, edition, as_of, months,
                      effectiveness_target, voivodeship);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::SetIndicatorTarget(
    grpc::CallbackServerContext* context,
    const v1::SetIndicatorTargetRequest* request,
    v1::IndicatorTarget* response) {
  return Serve("SetIndicatorTarget", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<errors::FieldProblem> problems;
    ReadQueryInput(problems, request->edition(), "", "", 0, 0, 0, "");
    const std::string& target = request->target();
    if (!target.empty() && !IsTargetDecimal(target)) {
      problems.push_back(
          {"target", "a decimal >= 0 with at most 2 places, or empty"});
    }
    if (!problems.empty()) return errors::InvalidFields(problems);
    auto set = targets_.Set(request->edition(), request->code(), target);
    if (!set.ok()) return set.status();
    *response = *std::move(set);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetDataQuality(
    grpc::CallbackServerContext* context,
    const v1::GetDataQualityRequest* request, v1::DataQualityReport* response) {
  return Serve("GetDataQuality", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<errors::FieldProblem> problems;
    QueryInput input = ReadQueryInput(problems, request->edition(),
                                      request->voivodeship(), "", 0, 0, 0, "");
    auto counted = ScopedCount(figures_, *caller, input, problems);
    if (!counted.ok()) return counted.status();
    response->set_edition(input.edition);
    std::map<std::string, v1::VoivodeshipQuality> regions;
    std::map<std::string, const ParticipantFact*> participants;
    for (const ParticipantFact& p : counted->facts.participants) {
      participants[p.participant_id] = &p;
    }
    // Started participants: counted ones, and those whose record is
    // incomplete (StandingOf, the rule every figure and file follows).
    for (const char* measure :
         {"OFFICIALS_SUPPORTED", "OFFICIALS_INCOMPLETE"}) {
      for (const Record& r : RecordsOf(counted->measures, measure)) {
        if (!Matches(r, input.filter)) continue;
        v1::VoivodeshipQuality& region = regions[r.voivodeship];
        region.set_voivodeship(r.voivodeship);
        region.set_participants_started(region.participants_started() + 1);
      }
    }
    for (const Record& r :
         RecordsOf(counted->measures, "OFFICIALS_INCOMPLETE")) {
      if (!Matches(r, input.filter)) continue;
      v1::VoivodeshipQuality& region = regions[r.voivodeship];
      const ParticipantFact& p = *participants.at(r.id);
      region.set_incomplete_records(region.incomplete_records() + 1);
      v1::RecordToFix* fix = region.add_records_to_fix();
      fix->set_participant_id(p.participant_id);
      fix->set_application_id(p.application_id);
      fix->set_teryt(p.teryt);
      // Stored as the events name them (proto names); answered as JSON.
      for (const std::string& field : p.missing_fields) {
        fix->add_missing_fields(errors::JsonFieldPath(field));
      }
      fix->set_completed_training(
          counted->facts.completions.count(p.participant_id) > 0);
    }
    const auto active = ActiveRepresentatives(counted->facts);
    for (const Record& r : RecordsOf(counted->measures, "JST_BELOW_MINIMUM")) {
      if (!Matches(r, input.filter)) continue;
      v1::VoivodeshipQuality& region = regions[r.voivodeship];
      region.set_voivodeship(r.voivodeship);
      v1::JstBelowMinimum* below = region.add_jsts_below_minimum();
      below->set_application_id(r.application_id);
      below->set_teryt(r.teryt);
      auto count = active.find(r.application_id);
      below->set_active_representatives(count == active.end() ? 0
                                                              : count->second);
      below->set_minimum(counted->facts.edition.min_representatives);
    }
    for (auto& [code, region] : regions) {
      *response->add_voivodeships() = std::move(region);
    }
    // The office's own work: a JST or coordinator must not learn of it.
    if (caller->role == ADMIN || caller->role == MINISTRY) {
      auto open = sources_.OpenIdentityConflicts(*context, input.edition);
      if (!open.ok()) return open.status();
      response->set_open_identity_conflicts(*open);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::Reconcile(
    grpc::CallbackServerContext* context, const v1::ReconcileRequest* request,
    v1::ReconcileResponse* response) {
  return Serve("Reconcile", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (auto status = errors::CheckEdition(request->edition(), "edition");
        !status.ok()) {
      return status;
    }
    auto source = sources_.ReadSourceFacts(*context, request->edition());
    if (!source.ok()) return source.status();
    auto projected = figures_.ReadProjected(request->edition());
    if (!projected.ok()) return projected.status();
    Reconciliation reconciled =
        ReconcileFacts(projected->facts, projected->attended_minutes,
                       source->facts, source->attended_minutes);
    for (v1::MeasureReconciliation& row : reconciled.measures) {
      *response->add_measures() = std::move(row);
    }
    std::vector<v1::RecordDifference>& differences = reconciled.differences;
    // The maintained counts must be what the projected facts give.
    for (v1::RecordDifference& drift :
         ReconcileCounts(reconciled.projected, projected->maintained_records,
                         projected->maintained_cells)) {
      differences.push_back(std::move(drift));
    }
    response->set_edition(request->edition());
    *response->mutable_reconcile_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(clock_()));
    response->set_difference_count(differences.size());
    response->set_source_records(source->records_read);
    for (size_t i = 0; i < differences.size() && i < kMaxListedDifferences;
         ++i) {
      *response->add_differences() = std::move(differences[i]);
    }
    return absl::OkStatus();
  });
}

}  // namespace jstedu::reporting
