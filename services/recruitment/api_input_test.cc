#include "services/recruitment/api_input.h"

#include "gtest/gtest.h"

namespace jstedu::recruitment {
namespace {

namespace v1 = ::jstedu::recruitment::v1;

v1::Edition GoodEdition() {
  v1::Edition e;
  e.set_code("ROLLOUT-2026");
  e.set_name("Wdrożenie");
  e.set_kind(v1::ROLLOUT);
  e.set_capacity(500);
  e.set_min_representatives(3);
  e.set_starts_on("2026-01-01");
  e.set_ends_on("2028-12-31");
  e.mutable_recruitment_opens_at()->set_seconds(1767225600);
  e.mutable_recruitment_closes_at()->set_seconds(1798761600);
  return e;
}

std::vector<std::string> Fields(
    const std::vector<errors::FieldProblem>& problems) {
  std::vector<std::string> fields;
  for (const auto& p : problems) fields.push_back(p.field);
  return fields;
}

TEST(EditionProblemsTest, AGoodEditionHasNone) {
  EXPECT_TRUE(EditionProblems(GoodEdition(), "edition").empty());
}

TEST(EditionProblemsTest, EveryBadFieldIsNamedInCamelCase) {
  v1::Edition e;
  e.set_code("x");
  e.set_name(" padded ");
  e.set_capacity(0);
  e.set_min_representatives(0);
  e.set_starts_on("2026-02-30");
  e.set_ends_on("");
  EXPECT_EQ(
      Fields(EditionProblems(e, "edition")),
      (std::vector<std::string>{
          "edition.code", "edition.name", "edition.kind", "edition.capacity",
          "edition.minRepresentatives", "edition.startsOn", "edition.endsOn",
          "edition.recruitmentOpensAt", "edition.recruitmentClosesAt"}));
}

TEST(EditionProblemsTest, PeriodAndWindowMustBeOrdered) {
  v1::Edition e = GoodEdition();
  e.set_ends_on("2025-12-31");
  e.mutable_recruitment_closes_at()->set_seconds(
      e.recruitment_opens_at().seconds());
  EXPECT_EQ(Fields(EditionProblems(e, "edition")),
            (std::vector<std::string>{"edition.endsOn",
                                      "edition.recruitmentClosesAt"}));
}

// Issue 16: an edition of 2016-04-18 … 2018-05-31 recruiting 2026-12-04 …
// 2027-01-03 was accepted.
TEST(EditionProblemsTest, TheRecruitmentWindowLiesWithinTheEdition) {
  v1::Edition e = GoodEdition();
  e.set_starts_on("2016-04-18");
  e.set_ends_on("2018-05-31");
  e.mutable_recruitment_opens_at()->set_seconds(1796342400);   // 2026-12-04Z
  e.mutable_recruitment_closes_at()->set_seconds(1799020800);  // 2027-01-04Z
  const auto problems = EditionProblems(e, "edition");
  EXPECT_EQ(Fields(problems),
            (std::vector<std::string>{"edition.recruitmentOpensAt",
                                      "edition.recruitmentClosesAt"}));
  EXPECT_EQ(
      problems[0].description,
      "must lie within the edition (2016-04-18 to 2018-05-31, Europe/Warsaw)");
}

TEST(EditionProblemsTest, TheWindowMayFillTheEditionsWarsawDaysExactly) {
  v1::Edition e = GoodEdition();
  e.set_starts_on("2026-01-01");
  e.set_ends_on("2026-06-30");
  // 2026-01-01 00:00 and 2026-07-01 00:00 in Warsaw (UTC+1, UTC+2).
  e.mutable_recruitment_opens_at()->set_seconds(1767222000);
  e.mutable_recruitment_closes_at()->set_seconds(1782856800);
  EXPECT_TRUE(EditionProblems(e, "edition").empty());
  e.mutable_recruitment_opens_at()->set_seconds(1767222000 - 1);
  e.mutable_recruitment_closes_at()->set_seconds(1782856800 + 1);
  EXPECT_EQ(Fields(EditionProblems(e, "edition")),
            (std::vector<std::string>{"edition.recruitmentOpensAt",
                                      "edition.recruitmentClosesAt"}));
}

TEST(EditionProblemsTest, InstantsOutsideTheProgrammesCenturyAreRefused) {
  v1::Edition e = GoodEdition();
  e.mutable_recruitment_opens_at()->set_seconds(-1000);
  e.mutable_recruitment_closes_at()->set_seconds(315537897600LL);  // year 12000
  EXPECT_EQ(Fields(EditionProblems(e, "edition")),
            (std::vector<std::string>{"edition.recruitmentOpensAt",
                                      "edition.recruitmentClosesAt"}));
}

TEST(UpdateMaskTest, OnlyInputFieldsAreUpdatable) {
  EXPECT_TRUE(IsUpdatableEditionField("capacity"));
  EXPECT_FALSE(IsUpdatableEditionField("code"));
  EXPECT_FALSE(IsUpdatableEditionField("qualified_count"));
  EXPECT_TRUE(IsUpdatableParticipantField("pesel"));
  EXPECT_FALSE(IsUpdatableParticipantField("age_at_start"));
  EXPECT_FALSE(IsUpdatableParticipantField("declaration"));
  EXPECT_FALSE(IsUpdatableParticipantField("status"));
}

TEST(ApplyMaskTest, ANewPeselLetsSexAndBirthDateBeDerivedAgain) {
  ParticipantInput current;
  current.first_name = "Anna";
  current.pesel = "44051401359";
  current.sex = "MALE";
  current.birth_date = "1944-05-14";
  v1::Participant change;
  change.set_pesel("02070803628");
  change.set_first_name("Ignored");
  ApplyMask(change, {"pesel"}, &current);
  EXPECT_EQ(current.pesel, "02070803628");
  EXPECT_EQ(current.first_name, "Anna");
  EXPECT_EQ(current.sex, "");
  EXPECT_EQ(current.birth_date, "");
}

TEST(ApplyMaskTest, EnumsBecomeNamesAndUnspecifiedClears) {
  ParticipantInput current;
  current.education_level = "ISCED_3";
  v1::Participant change;
  change.set_target_group(v1::DECISION_MAKER);
  ApplyMask(change, {"education_level", "target_group"}, &current);
  EXPECT_EQ(current.education_level, "");
  EXPECT_EQ(current.target_group, "DECISION_MAKER");
}

TEST(FieldPathTest, DeclarationFieldsNestUnderDeclaration) {
  EXPECT_EQ(FieldPath("participant", "first_name"), "participant.firstName");
  EXPECT_EQ(FieldPath("representatives[2]", "declaration_signed_on"),
            "representatives[2].declaration.signedOn");
  EXPECT_EQ(FieldPath("", "information_clause_handed_over"),
            "declaration.informationClauseHandedOver");
}

TEST(ImportProblemsTest, LineAndColumnNameMakeTheField) {
  auto problems =
      ImportProblems({{12, 3, "pesel", "check digit does not match"},
                      {40, 0, "", "expected 13 fields, found 12"}});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "line 12, column pesel");
  EXPECT_EQ(problems[0].description, "column 3: check digit does not match");
  EXPECT_EQ(problems[1].field, "line 40");
  EXPECT_EQ(problems[1].description, "expected 13 fields, found 12");
}

TEST(ReasonProblemTest, RequiredAndBounded) {
  EXPECT_EQ(ReasonProblem("rezygnacja"), "");
  EXPECT_EQ(ReasonProblem("   "), "is required");
  EXPECT_EQ(ReasonProblem(std::string(501, 'a')),
            "must be at most 500 characters");
  EXPECT_EQ(ReasonProblem(std::string(500, 'a')), "");
  std::string polish;
  for (int i = 0; i < 500; ++i) polish += "ż";  // 2 bytes each: 500 characters
  EXPECT_EQ(ReasonProblem(polish), "");
  // Lines are the request check's to judge (a reason is multi-line).
  EXPECT_EQ(ReasonProblem("a\r\n\tb"), "");
}

TEST(IsUuidTest, CanonicalFormOnly) {
  EXPECT_TRUE(IsUuid("0b7c5a52-7a7e-4c1e-9f3b-1d2e3f4a5b6c"));
  EXPECT_TRUE(IsUuid("0B7C5A52-7A7E-4C1E-9F3B-1D2E3F4A5B6C"));
  EXPECT_FALSE(IsUuid("0b7c5a527a7e4c1e9f3b1d2e3f4a5b6c"));
  EXPECT_FALSE(IsUuid("'; DROP TABLE participant; --"));
  EXPECT_FALSE(IsUuid(""));
}

}  // namespace
}  // namespace jstedu::recruitment
