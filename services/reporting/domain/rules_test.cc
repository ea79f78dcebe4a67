// The rules of targets, exports and period breakdowns (targets.h,
// exports.h, figures.h): each rule's verdict and its exact error.

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/reporting/domain/exports.h"
#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/targets.h"

namespace jstedu::reporting {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The fields a BadRequest of `status` names.
std::vector<std::string> BadFields(const absl::Status& status) {
  google::rpc::Status details;
  details.ParseFromString(errors::SerializedDetails(status));
  std::vector<std::string> fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.UnpackTo(&bad)) continue;
    for (const auto& violation : bad.field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

// The rule types a PreconditionFailure of `status` names.
std::vector<std::string> RuleTypes(const absl::Status& status) {
  google::rpc::Status details;
  details.ParseFromString(errors::SerializedDetails(status));
  std::vector<std::string> types;
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (!any.UnpackTo(&failure)) continue;
    for (const auto& violation : failure.violations()) {
      types.push_back(violation.type());
    }
  }
  return types;
}

TEST(IsTargetDecimal, ExactDecimalsWithAtMostTwoPlaces) {
  EXPECT_TRUE(IsTargetDecimal("450"));
  EXPECT_TRUE(IsTargetDecimal("92.5"));
  EXPECT_TRUE(IsTargetDecimal("0.25"));
  EXPECT_TRUE(IsTargetDecimal("999999999"));
  EXPECT_FALSE(IsTargetDecimal("1000000000"));
  EXPECT_FALSE(IsTargetDecimal("1.234"));
  EXPECT_FALSE(IsTargetDecimal("1."));
  EXPECT_FALSE(IsTargetDecimal(".5"));
  EXPECT_FALSE(IsTargetDecimal("-1"));
  EXPECT_FALSE(IsTargetDecimal("1e3"));
  EXPECT_FALSE(IsTargetDecimal(""));
}

TEST(CheckTargetOfUnit, APercentageIsAtMostOneHundred) {
  EXPECT_TRUE(CheckTargetOfUnit(true, "100").ok());
  EXPECT_TRUE(CheckTargetOfUnit(true, "").ok());
  EXPECT_TRUE(CheckTargetOfUnit(false, "2000").ok());
  const absl::Status over = CheckTargetOfUnit(true, "100.01");
  EXPECT_EQ(over.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(over.message(), HasSubstr("a percentage target is at most 100"));
  EXPECT_THAT(BadFields(over), ElementsAre("target"));
}

v1::Export Meta(const std::string& edition, v1::ExportKind kind,
                bool pseudonymised, int64_t number) {
  v1::Export meta;
  meta.set_edition(edition);
  meta.set_kind(kind);
  meta.set_pseudonymised(pseudonymised);
  meta.set_number(number);
  return meta;
}

TEST(ExportFilename, NamesEditionNumberAndKind) {
  EXPECT_EQ(ExportFilename(Meta("PILOT-2017", v1::PARTICIPANTS, false, 3)),
            "jstedu-PILOT-2017-3-participants.csv");
  EXPECT_EQ(ExportFilename(Meta("PILOT-2017", v1::PARTICIPANTS, true, 4)),
            "jstedu-PILOT-2017-4-participants-pseudonymised.csv");
  EXPECT_EQ(ExportFilename(Meta("R-2018", v1::AGGREGATES_CSV, false, 1)),
            "jstedu-R-2018-1-aggregates.csv");
  EXPECT_EQ(ExportFilename(Meta("R-2018", v1::AGGREGATES_ADX, false, 2)),
            "jstedu-R-2018-2-aggregates-adx.xml");
}

TEST(CheckEditionDatesKnown, RefusesAnEditionWithoutDates) {
  EXPECT_TRUE(CheckEditionDatesKnown("PILOT-2017", true).ok());
  const absl::Status unknown = CheckEditionDatesKnown("PILOT-2017", false);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(RuleTypes(unknown), ElementsAre("EDITION_DATES_UNKNOWN"));
}

TEST(CheckIdentityConflictsDecided, RefusesWhileAnyIsOpenAndCountsThem) {
  EXPECT_TRUE(CheckIdentityConflictsDecided("PILOT-2017", 0).ok());
  const absl::Status one = CheckIdentityConflictsDecided("PILOT-2017", 1);
  EXPECT_EQ(one.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(RuleTypes(one), ElementsAre("IDENTITY_CONFLICTS_OPEN"));
  EXPECT_THAT(one.message(), HasSubstr("decide 1 identity conflict of"));
  EXPECT_THAT(CheckIdentityConflictsDecided("PILOT-2017", 3).message(),
              HasSubstr("decide 3 identity conflicts of edition PILOT-2017"));
}

TEST(CheckSameSeries, OnlySnapshotsOfOneEditionKindAndVariant) {
  const v1::Export base = Meta("PILOT-2017", v1::PARTICIPANTS, true, 2);
  EXPECT_TRUE(
      CheckSameSeries(base, Meta("PILOT-2017", v1::PARTICIPANTS, true, 1))
          .ok());
  for (const v1::Export& other :
       {Meta("R-2018", v1::PARTICIPANTS, true, 1),
        Meta("PILOT-2017", v1::AGGREGATES_CSV, false, 1),
        Meta("PILOT-2017", v1::PARTICIPANTS, false, 1)}) {
    const absl::Status status = CheckSameSeries(base, other);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(BadFields(status), ElementsAre("against"));
  }
}

Period Range(absl::CivilDay first, absl::CivilDay last) {
  return Period{first, last};
}

TEST(CheckPeriodBreakdown, AtMostSixHundredPeriodsOfEachPeriodDimension) {
  // 600 months: 50 years.
  const Period fifty_years =
      Range(absl::CivilDay(2000, 1, 1), absl::CivilDay(2049, 12, 31));
  EXPECT_TRUE(CheckPeriodBreakdown({Dimension::kMonth}, fifty_years).ok());
  const Period longer =
      Range(absl::CivilDay(2000, 1, 1), absl::CivilDay(2050, 1, 1));
  const absl::Status months = CheckPeriodBreakdown({Dimension::kMonth}, longer);
  EXPECT_EQ(months.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(months.message(),
              HasSubstr("a breakdown by period lists at most 600 periods"));
  EXPECT_THAT(BadFields(months), ElementsAre("period"));
  // A longer unit, or no period dimension, lists fewer.
  EXPECT_TRUE(CheckPeriodBreakdown({Dimension::kYear}, longer).ok());
  EXPECT_TRUE(
      CheckPeriodBreakdown({Dimension::kVoivodeship, Dimension::kSex}, longer)
          .ok());
  EXPECT_FALSE(
      CheckPeriodBreakdown({Dimension::kVoivodeship, Dimension::kMonth}, longer)
          .ok());
}

TEST(CheckTrajectory, AtMostSixHundredMonths) {
  EXPECT_TRUE(CheckTrajectory(Range(absl::CivilDay(2000, 1, 1),
                                    absl::CivilDay(2049, 12, 31)))
                  .ok());
  // Measured before the edition's first day: no months at all.
  EXPECT_TRUE(CheckTrajectory(
                  Range(absl::CivilDay(2017, 4, 1), absl::CivilDay(2017, 3, 1)))
                  .ok());
  const absl::Status over = CheckTrajectory(
      Range(absl::CivilDay(2000, 1, 1), absl::CivilDay(2050, 1, 1)));
  EXPECT_EQ(over.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(over.message(), HasSubstr("the trajectory lists at most 600 "
                                        "months from the edition's start"));
  EXPECT_THAT(BadFields(over), ElementsAre("asOf"));
}

}  // namespace
}  // namespace jstedu::reporting
