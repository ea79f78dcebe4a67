// The TERC parser: the real 2024-01-01 register, and small inline files for
// each rule and each kind of malformed row.
#include "services/recruitment/domain/terc.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/recruitment/domain/jst.h"

namespace jstedu::recruitment {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kHeader[] = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA";

// A TERC text: the header, then `rows`, each ended by '\n'. The header is
// line 1, rows[i] is line i + 2.
std::string Terc(const std::vector<std::string>& rows) {
  std::string text = absl::StrCat(kHeader, "\n");
  for (const std::string& row : rows) absl::StrAppend(&text, row, "\n");
  return text;
}

// Two valid rows (lines 2 and 3) before `bad`, so `bad` is line 4.
std::string TercWithBadFourthLine(const std::string& bad) {
  return Terc({"02;;;;DOLNOŚLĄSKIE;województwo;2024-01-01",
               "02;01;;;bolesławiecki;powiat;2024-01-01", bad});
}

void ExpectErrorOnLine(const std::string& text, int line) {
  absl::StatusOr<TercRegister> parsed = ParseTerc(text);
  ASSERT_FALSE(parsed.ok()) << "parsed although line " << line << " is bad";
  EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << parsed.status();
  EXPECT_THAT(std::string(parsed.status().message()),
              StartsWith(absl::StrCat("line ", line, ":")));
}

const Jst* Find(const TercRegister& terc, const std::string& teryt) {
  for (const Jst& jst : terc.jsts) {
    if (jst.teryt == teryt) return &jst;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// The real register.

class RealTercTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* root = std::getenv("JSTEDU_SOURCE_DIR");
    ASSERT_NE(root, nullptr) << "JSTEDU_SOURCE_DIR is not set";
    std::string path = absl::StrCat(root, "/data/TERC_Urzedowy_2024-01-01.csv");
    std::ifstream file(path, std::ios::binary);
    ASSERT_TRUE(file) << "cannot open " << path;
    std::stringstream text;
    text << file.rdbuf();
    absl::StatusOr<TercRegister> parsed = ParseTerc(text.str());
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    terc_ = new TercRegister(*std::move(parsed));
  }
  static void TearDownTestSuite() {
    delete terc_;
    terc_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(terc_, nullptr) << "the file did not load";
  }

  int CountKind(JstKind kind) const {
    int count = 0;
    for (const Jst& jst : terc_->jsts) count += jst.kind == kind;
    return count;
  }

  static TercRegister* terc_;
};

TercRegister* RealTercTest::terc_ = nullptr;

TEST_F(RealTercTest, Has2477CommunesAnd314Counties) {
  EXPECT_EQ(terc_->communes, 2477);
  EXPECT_EQ(terc_->counties, 314);
  EXPECT_EQ(terc_->jsts.size(), 2791u);
}

TEST_F(RealTercTest, SkipsEveryRowThatIsNotAJst) {
  // 16 voivodeships, 66 county rows of cities with county rights, 711 RODZ 4,
  // 711 RODZ 5, 18 RODZ 8, 19 RODZ 9.
  EXPECT_EQ(terc_->skipped_rows, 16 + 66 + 711 + 711 + 18 + 19);
}

TEST_F(RealTercTest, KindCounts) {
  EXPECT_EQ(CountKind(JstKind::kUrbanCommune), 302);
  EXPECT_EQ(CountKind(JstKind::kRuralCommune), 1464);
  EXPECT_EQ(CountKind(JstKind::kUrbanRuralCommune), 711);
  EXPECT_EQ(CountKind(JstKind::kCounty), 314);
}

TEST_F(RealTercTest, Has66CitiesWithCountyRightsAllUrban) {
  int cities = 0;
  for (const Jst& jst : terc_->jsts) {
    if (!jst.city_with_county_rights) continue;
    ++cities;
    EXPECT_EQ(jst.kind, JstKind::kUrbanCommune) << jst.teryt;
    EXPECT_GE(std::stoi(jst.teryt.substr(2, 2)), kFirstCityCountyCode)
        << jst.teryt;
  }
  EXPECT_EQ(cities, 66);
}

TEST_F(RealTercTest, Swietochlowice) {
  const Jst* jst = Find(*terc_, "2476011");
  ASSERT_NE(jst, nullptr);
  EXPECT_EQ(jst->name, "Świętochłowice");
  EXPECT_EQ(jst->kind, JstKind::kUrbanCommune);
  EXPECT_EQ(jst->voivodeship, "24");
  EXPECT_EQ(jst->county, "2476");
  EXPECT_EQ(jst->workshop_group, 2);
  EXPECT_TRUE(jst->city_with_county_rights);
  EXPECT_EQ(jst->register_date, "2024-01-01");
}

TEST_F(RealTercTest, CountyLevelRowOfACityIsNotAJst) {
  EXPECT_EQ(Find(*terc_, "2476"), nullptr);
}

TEST_F(RealTercTest, OrdinaryCounty) {
  const Jst* jst = Find(*terc_, "0201");
  ASSERT_NE(jst, nullptr);
  EXPECT_EQ(jst->name, "bolesławiecki");
  EXPECT_EQ(jst->kind, JstKind::kCounty);
  EXPECT_FALSE(jst->city_with_county_rights);
  EXPECT_EQ(jst->voivodeship, "02");
  EXPECT_EQ(jst->county, "0201");
  EXPECT_EQ(jst->workshop_group, 3);
}

TEST_F(RealTercTest, OnlyCommunesOfRodz1To3AndCountiesBelow61AreJsts) {
  for (const Jst& jst : terc_->jsts) {
    switch (jst.teryt.size()) {
      case 7:
        EXPECT_NE(std::string("123").find(jst.teryt[6]), std::string::npos)
            << jst.teryt;  // never RODZ 4, 5, 8 or 9
        break;
      case 4:
        EXPECT_LT(std::stoi(jst.teryt.substr(2, 2)), kFirstCityCountyCode)
            << jst.teryt;
        break;
      default:
        ADD_FAILURE() << "code of a non-JST shape: " << jst.teryt;
    }
  }
}

TEST_F(RealTercTest, CodesAreWellFormedAndConsistent) {
  for (const Jst& jst : terc_->jsts) {
    EXPECT_NE(ShapeOfTeryt(jst.teryt), TerytShape::kMalformed) << jst.teryt;
    EXPECT_NE(ShapeOfTeryt(jst.teryt), TerytShape::kVoivodeship) << jst.teryt;
    EXPECT_TRUE(IsVoivodeshipCode(jst.voivodeship)) << jst.teryt;
    EXPECT_EQ(jst.county.substr(0, 2), jst.voivodeship) << jst.teryt;
    EXPECT_EQ(jst.teryt.substr(0, 4), jst.county) << jst.teryt;
  }
}

TEST_F(RealTercTest, CodesAreUnique) {
  std::set<std::string> codes;
  for (const Jst& jst : terc_->jsts) {
    EXPECT_TRUE(codes.insert(jst.teryt).second) << "duplicate " << jst.teryt;
  }
}

TEST_F(RealTercTest, SameNameUnitsAreKeptApart) {
  const Jst* urban = Find(*terc_, "0201011");
  const Jst* rural = Find(*terc_, "0201022");
  ASSERT_NE(urban, nullptr);
  ASSERT_NE(rural, nullptr);
  EXPECT_EQ(urban->name, "Bolesławiec");
  EXPECT_EQ(rural->name, "Bolesławiec");
  EXPECT_EQ(urban->kind, JstKind::kUrbanCommune);
  EXPECT_EQ(rural->kind, JstKind::kRuralCommune);
}

TEST_F(RealTercTest, ManyNamesOccurMoreThanOnce) {
  std::map<std::string, int> by_name;
  for (const Jst& jst : terc_->jsts) ++by_name[jst.name];
  int repeated = 0;
  for (const auto& [name, count] : by_name) repeated += count > 1;
  EXPECT_GT(repeated, 0);
}

TEST_F(RealTercTest, WorkshopGroupFollowsKind) {
  const std::map<JstKind, int> expected = {{JstKind::kRuralCommune, 1},
                                           {JstKind::kUrbanCommune, 2},
                                           {JstKind::kCounty, 3},
                                           {JstKind::kUrbanRuralCommune, 4}};
  for (const Jst& jst : terc_->jsts) {
    EXPECT_EQ(jst.workshop_group, expected.at(jst.kind)) << jst.teryt;
  }
}

TEST_F(RealTercTest, EveryRegisterDateIsTheFileDate) {
  for (const Jst& jst : terc_->jsts) {
    EXPECT_EQ(jst.register_date, "2024-01-01") << jst.teryt;
  }
}

// ---------------------------------------------------------------------------
// Workshop groups.

TEST(WorkshopGroupFor, RuralIs1) {
  EXPECT_EQ(WorkshopGroupFor(JstKind::kRuralCommune), 1);
}
TEST(WorkshopGroupFor, UrbanIs2) {
  EXPECT_EQ(WorkshopGroupFor(JstKind::kUrbanCommune), 2);
}
TEST(WorkshopGroupFor, CountyIs3) {
  EXPECT_EQ(WorkshopGroupFor(JstKind::kCounty), 3);
}
TEST(WorkshopGroupFor, UrbanRuralIs4) {
  EXPECT_EQ(WorkshopGroupFor(JstKind::kUrbanRuralCommune), 4);
}

// ---------------------------------------------------------------------------
// Small files: what is a JST.

TEST(ParseTerc, CommuneRowsBecomeCommunesOfTheirKind) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;01;01;1;Bolesławiec;gmina miejska;2024-01-01",
                      "02;01;02;2;Bolesławiec;gmina wiejska;2024-01-01",
                      "02;01;03;3;Gromadka;gmina miejsko-wiejska;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->jsts.size(), 3u);
  EXPECT_EQ(parsed->communes, 3);
  EXPECT_EQ(parsed->counties, 0);
  EXPECT_EQ(parsed->jsts[0].teryt, "0201011");
  EXPECT_EQ(parsed->jsts[0].kind, JstKind::kUrbanCommune);
  EXPECT_EQ(parsed->jsts[0].workshop_group, 2);
  EXPECT_FALSE(parsed->jsts[0].city_with_county_rights);
  EXPECT_EQ(parsed->jsts[1].teryt, "0201022");
  EXPECT_EQ(parsed->jsts[1].kind, JstKind::kRuralCommune);
  EXPECT_EQ(parsed->jsts[1].workshop_group, 1);
  EXPECT_EQ(parsed->jsts[2].teryt, "0201033");
  EXPECT_EQ(parsed->jsts[2].kind, JstKind::kUrbanRuralCommune);
  EXPECT_EQ(parsed->jsts[2].workshop_group, 4);
}

TEST(ParseTerc, CountyRowBecomesACounty) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;01;;;bolesławiecki;powiat;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->jsts.size(), 1u);
  const Jst& county = parsed->jsts[0];
  EXPECT_EQ(county.teryt, "0201");
  EXPECT_EQ(county.name, "bolesławiecki");
  EXPECT_EQ(county.kind, JstKind::kCounty);
  EXPECT_EQ(county.voivodeship, "02");
  EXPECT_EQ(county.county, "0201");
  EXPECT_EQ(county.workshop_group, 3);
  EXPECT_EQ(county.register_date, "2024-01-01");
  EXPECT_EQ(parsed->counties, 1);
}

TEST(ParseTerc, VoivodeshipRowIsNotAJst) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;;;;DOLNOŚLĄSKIE;województwo;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->jsts.empty());
  EXPECT_EQ(parsed->skipped_rows, 1);
}

TEST(ParseTerc, TownAndRuralPartsParseButAreNotJsts) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;01;03;4;Nowogrodziec;miasto;2024-01-01",
                      "02;01;03;5;Nowogrodziec;obszar wiejski;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->jsts.empty());
  EXPECT_EQ(parsed->communes, 0);
  EXPECT_EQ(parsed->skipped_rows, 2);
}

TEST(ParseTerc, DistrictsAndDelegationsParseButAreNotJsts) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;64;03;9;Wrocław-Fabryczna;delegatura;2024-01-01",
                      "14;65;01;8;Bemowo;dzielnica;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->jsts.empty());
  EXPECT_EQ(parsed->skipped_rows, 2);
}

TEST(ParseTerc, UrbanCommuneInCounty61OrAboveIsACityWithCountyRights) {
  absl::StatusOr<TercRegister> parsed = ParseTerc(
      Terc({"24;76;;;Świętochłowice;miasto na prawach powiatu;2024-01-01",
            "24;76;01;1;Świętochłowice;gmina miejska;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->jsts.size(), 1u);  // the county-level row is not a JST
  const Jst& city = parsed->jsts[0];
  EXPECT_EQ(city.teryt, "2476011");
  EXPECT_EQ(city.kind, JstKind::kUrbanCommune);
  EXPECT_TRUE(city.city_with_county_rights);
  EXPECT_EQ(city.workshop_group, 2);
  EXPECT_EQ(parsed->counties, 0);
  EXPECT_EQ(parsed->skipped_rows, 1);
}

TEST(ParseTerc, County61IsTheFirstCityCounty) {
  absl::StatusOr<TercRegister> parsed = ParseTerc(
      Terc({"02;61;;;Jelenia Góra;miasto na prawach powiatu;2024-01-01",
            "02;61;01;1;Jelenia Góra;gmina miejska;2024-01-01",
            "02;26;;;zgorzelecki;powiat;2024-01-01",
            "02;26;01;1;Zawidów;gmina miejska;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->jsts.size(), 3u);
  EXPECT_TRUE(Find(*parsed, "0261011")->city_with_county_rights);
  EXPECT_EQ(Find(*parsed, "0261"), nullptr);
  EXPECT_NE(Find(*parsed, "0226"), nullptr);
  EXPECT_FALSE(Find(*parsed, "0226011")->city_with_county_rights);
}

TEST(ParseTerc, JstsAreInFileOrder) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"04;02;;;brodnicki;powiat;2024-01-01",
                      "02;01;;;bolesławiecki;powiat;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->jsts.size(), 2u);
  EXPECT_EQ(parsed->jsts[0].teryt, "0402");
  EXPECT_EQ(parsed->jsts[1].teryt, "0201");
}

TEST(ParseTerc, NamesAreKeptAsWritten) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;01;01;1;Bolesławiec;gmina miejska;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->jsts[0].name, "Bolesławiec");
}

// ---------------------------------------------------------------------------
// Small files: format.

TEST(ParseTerc, HeaderOnlyIsAnEmptyRegister) {
  absl::StatusOr<TercRegister> parsed = ParseTerc(Terc({}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->jsts.empty());
  EXPECT_EQ(parsed->skipped_rows, 0);
}

TEST(ParseTerc, EmptyTextIsAnErrorOnLine1) { ExpectErrorOnLine("", 1); }

TEST(ParseTerc, MissingHeaderIsAnErrorOnLine1) {
  ExpectErrorOnLine("02;01;;;bolesławiecki;powiat;2024-01-01\n", 1);
}

TEST(ParseTerc, WrongHeaderIsAnErrorOnLine1) {
  ExpectErrorOnLine(
      "WOJ;POW;GMI;RODZ;NAZWA;STAN_NA\n"
      "02;01;;;bolesławiecki;powiat;2024-01-01\n",
      1);
}

TEST(ParseTerc, ByteOrderMarkIsAccepted) {
  absl::StatusOr<TercRegister> parsed = ParseTerc(
      "\xEF\xBB\xBF" + Terc({"02;01;;;bolesławiecki;powiat;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->jsts.size(), 1u);
}

TEST(ParseTerc, CrlfIsAccepted) {
  absl::StatusOr<TercRegister> parsed = ParseTerc(absl::StrCat(
      kHeader, "\r\n", "02;01;;;bolesławiecki;powiat;2024-01-01\r\n",
      "02;01;01;1;Bolesławiec;gmina miejska;2024-01-01\r\n"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->jsts.size(), 2u);
  EXPECT_EQ(parsed->jsts[1].register_date, "2024-01-01");  // no '\r' kept
}

TEST(ParseTerc, BomAndCrlfTogetherAreAccepted) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(absl::StrCat("\xEF\xBB\xBF", kHeader, "\r\n",
                             "02;01;;;bolesławiecki;powiat;2024-01-01\r\n"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->jsts.size(), 1u);
}

TEST(ParseTerc, MissingFinalNewlineIsAccepted) {
  absl::StatusOr<TercRegister> parsed = ParseTerc(
      absl::StrCat(kHeader, "\n02;01;;;bolesławiecki;powiat;2024-01-01"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->jsts.size(), 1u);
}

TEST(ParseTerc, EmptyLineInTheMiddleIsAnError) {
  ExpectErrorOnLine(
      absl::StrCat(kHeader, "\n", "02;01;;;bolesławiecki;powiat;2024-01-01\n",
                   "\n", "02;02;;;dzierżoniowski;powiat;2024-01-01\n"),
      3);
}

TEST(ParseTerc, DuplicateCodeIsAnErrorNamingItsLine) {
  std::string text =
      TercWithBadFourthLine("02;01;;;bolesławiecki bis;powiat;2024-01-01");
  ExpectErrorOnLine(text, 4);
  EXPECT_THAT(std::string(ParseTerc(text).status().message()),
              HasSubstr("0201"));
}

TEST(ParseTerc, DuplicateNonJstRowIsAnErrorToo) {
  ExpectErrorOnLine(
      Terc({"02;01;01;3;Bolesławiec;gmina miejsko-wiejska;2024-01-01",
            "02;01;01;4;Bolesławiec;miasto;2024-01-01",
            "02;01;01;4;Bolesławiec;miasto;2024-01-01"}),
      4);
}

TEST(ParseTerc, SameNameWithDifferentCodesIsNotADuplicate) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;01;01;1;Bolesławiec;gmina miejska;2024-01-01",
                      "02;01;02;2;Bolesławiec;gmina wiejska;2024-01-01"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->jsts.size(), 2u);
}

TEST(ParseTerc, FirstProblemIsReported) {
  ExpectErrorOnLine(
      Terc({"02;01;;;bolesławiecki;powiat;2024-01-01",
            "03;01;;;bad;powiat;2024-01-01", "02;01;;;bad count"}),
      3);
}

// ---------------------------------------------------------------------------
// Small files: malformed rows, each on line 4.

TEST(ParseTerc, TooFewFieldsIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;01;01;1;Bolesławiec;2024-01-01"),
                    4);
}

TEST(ParseTerc, TooManyFieldsIsAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;01;01;1;Bolesławiec;gmina miejska;2024-01-01;"),
      4);
}

TEST(ParseTerc, OddVoivodeshipIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("03;;;;X;województwo;2024-01-01"), 4);
}

TEST(ParseTerc, VoivodeshipAbove32IsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("34;;;;X;województwo;2024-01-01"), 4);
}

TEST(ParseTerc, OneDigitCountyIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;1;;;x;powiat;2024-01-01"), 4);
}

TEST(ParseTerc, NonDigitCountyIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;0a;;;x;powiat;2024-01-01"), 4);
}

TEST(ParseTerc, OneDigitCommuneIsAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;01;1;1;X;gmina miejska;2024-01-01"), 4);
}

TEST(ParseTerc, CommuneWithoutRodzIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;01;01;;X;gmina;2024-01-01"), 4);
}

TEST(ParseTerc, RodzWithoutCommuneIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;01;;1;X;powiat;2024-01-01"), 4);
}

TEST(ParseTerc, CommuneWithoutCountyIsAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;;01;1;X;gmina miejska;2024-01-01"), 4);
}

TEST(ParseTerc, Rodz7IsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;01;01;7;X;gmina;2024-01-01"), 4);
}

TEST(ParseTerc, TwoDigitRodzIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;01;01;11;X;gmina;2024-01-01"), 4);
}

TEST(ParseTerc, EmptyNameIsAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;01;01;1;;gmina miejska;2024-01-01"), 4);
}

TEST(ParseTerc, BlankNameIsAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;01;01;1;   ;gmina miejska;2024-01-01"), 4);
}

TEST(ParseTerc, ImpossibleDateIsAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;01;01;1;X;gmina miejska;2024-02-30"), 4);
}

TEST(ParseTerc, DateWithoutZeroPaddingIsAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;01;01;1;X;gmina miejska;2024-1-01"), 4);
}

TEST(ParseTerc, MissingDateIsAnError) {
  ExpectErrorOnLine(TercWithBadFourthLine("02;01;01;1;X;gmina miejska;"), 4);
}

TEST(ParseTerc, MalformedRowThatIsNotAJstIsStillAnError) {
  ExpectErrorOnLine(
      TercWithBadFourthLine("02;01;03;4;Nowogrodziec;miasto;2024-13-01"), 4);
}

TEST(ParseTerc, LeapDayIsAValidDate) {
  absl::StatusOr<TercRegister> parsed =
      ParseTerc(Terc({"02;01;;;bolesławiecki;powiat;2024-02-29"}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->jsts[0].register_date, "2024-02-29");
}

}  // namespace
}  // namespace jstedu::recruitment
