// Registry query validation, page tokens, and the TERYT code helpers.
#include "services/recruitment/domain/jst_query.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "services/recruitment/domain/jst.h"

namespace jstedu::recruitment {
namespace {

// The field named by the google.rpc.BadRequest of `status`, or "" if none.
std::string BadField(const absl::Status& status) {
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  if (!payload) return "";
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload)) ||
      bad_request.field_violations_size() != 1) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

void ExpectBadField(const JstQueryInput& input, const std::string& field) {
  absl::StatusOr<JstQuery> query = ValidateJstQuery(input);
  ASSERT_FALSE(query.ok()) << "accepted although " << field << " is bad";
  EXPECT_TRUE(absl::IsInvalidArgument(query.status())) << query.status();
  EXPECT_EQ(BadField(query.status()), field) << query.status();
}

JstQueryInput PageSize(int page_size) {
  JstQueryInput input;
  input.page_size = page_size;
  return input;
}

JstQueryInput Voivodeship(const std::string& voivodeship) {
  JstQueryInput input;
  input.voivodeship = voivodeship;
  return input;
}

JstQueryInput Kind(const std::string& kind) {
  JstQueryInput input;
  input.kind = kind;
  return input;
}

// ---------------------------------------------------------------------------
// ValidateJstQuery.

TEST(ValidateJstQuery, EmptyInputMeansEverythingFromTheStart) {
  absl::StatusOr<JstQuery> query = ValidateJstQuery({});
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->voivodeship, "");
  EXPECT_FALSE(query->kind.has_value());
  EXPECT_EQ(query->name_prefix, "");
  EXPECT_EQ(query->page_size, paging::kDefaultPageSize);
  EXPECT_EQ(query->after_teryt, "");
}

TEST(ValidateJstQuery, PageSizeZeroMeans100) {
  absl::StatusOr<JstQuery> query = ValidateJstQuery(PageSize(0));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->page_size, 100);
}

TEST(ValidateJstQuery, PageSize1IsKept) {
  absl::StatusOr<JstQuery> query = ValidateJstQuery(PageSize(1));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->page_size, 1);
}

TEST(ValidateJstQuery, PageSize500IsAccepted) {
  absl::StatusOr<JstQuery> query = ValidateJstQuery(PageSize(500));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->page_size, 500);
}

TEST(ValidateJstQuery, PageSize501IsRejected) {
  ExpectBadField(PageSize(501), "pageSize");
}

TEST(ValidateJstQuery, NegativePageSizeIsRejected) {
  ExpectBadField(PageSize(-1), "pageSize");
}

TEST(ValidateJstQuery, VoivodeshipCodeIsAccepted) {
  absl::StatusOr<JstQuery> query = ValidateJstQuery(Voivodeship("24"));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->voivodeship, "24");
}

TEST(ValidateJstQuery, OddVoivodeshipIsRejected) {
  ExpectBadField(Voivodeship("25"), "voivodeship");
}

TEST(ValidateJstQuery, OneDigitVoivodeshipIsRejected) {
  ExpectBadField(Voivodeship("2"), "voivodeship");
}

TEST(ValidateJstQuery, NonDigitVoivodeshipIsRejected) {
  ExpectBadField(Voivodeship("ab"), "voivodeship");
}

TEST(ValidateJstQuery, EveryKindNameIsAccepted) {
  for (JstKind kind : {JstKind::kUrbanCommune, JstKind::kRuralCommune,
                       JstKind::kUrbanRuralCommune, JstKind::kCounty}) {
    absl::StatusOr<JstQuery> query = ValidateJstQuery(Kind(JstKindName(kind)));
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_EQ(query->kind, kind);
  }
}

TEST(ValidateJstQuery, KindNamesAreTheDatabaseNames) {
  absl::StatusOr<JstQuery> query =
      ValidateJstQuery(Kind("URBAN_RURAL_COMMUNE"));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->kind, JstKind::kUrbanRuralCommune);
}

TEST(ValidateJstQuery, UnknownKindIsRejected) {
  ExpectBadField(Kind("NOPE"), "kind");
}

TEST(ValidateJstQuery, LowercaseKindIsRejected) {
  ExpectBadField(Kind("county"), "kind");
}

TEST(ValidateJstQuery, PrefixOf100BytesIsAccepted) {
  JstQueryInput input;
  input.name_prefix = std::string(100, 'a');
  absl::StatusOr<JstQuery> query = ValidateJstQuery(input);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->name_prefix, input.name_prefix);
}

TEST(ValidateJstQuery, PrefixOver100BytesIsRejected) {
  JstQueryInput input;
  input.name_prefix = std::string(101, 'a');
  ExpectBadField(input, "namePrefix");
}

TEST(ValidateJstQuery, PrefixLimitCountsBytesNotLetters) {
  JstQueryInput input;
  for (int i = 0; i < 51; ++i) input.name_prefix += "ś";  // 2 bytes each
  ExpectBadField(input, "namePrefix");
}

// ---------------------------------------------------------------------------
// Page tokens.

TEST(PageToken, RoundTripGivesAfterTeryt) {
  JstQueryInput input;
  input.voivodeship = "24";
  input.kind = "URBAN_COMMUNE";
  input.name_prefix = "Świ";
  absl::StatusOr<JstQuery> first = ValidateJstQuery(input);
  ASSERT_TRUE(first.ok()) << first.status();

  input.page_token = NextPageToken(*first, "2476011");
  absl::StatusOr<JstQuery> next = ValidateJstQuery(input);

  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->after_teryt, "2476011");
  EXPECT_EQ(next->voivodeship, "24");
  EXPECT_EQ(next->kind, JstKind::kUrbanCommune);
  EXPECT_EQ(next->name_prefix, "Świ");
}

TEST(PageToken, RoundTripWithoutFiltersAfterACounty) {
  absl::StatusOr<JstQuery> first = ValidateJstQuery({});
  ASSERT_TRUE(first.ok()) << first.status();
  JstQueryInput input;
  input.page_token = NextPageToken(*first, "0201");
  absl::StatusOr<JstQuery> next = ValidateJstQuery(input);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->after_teryt, "0201");
}

TEST(PageToken, PageSizeMayChangeBetweenPages) {
  absl::StatusOr<JstQuery> first = ValidateJstQuery(PageSize(10));
  ASSERT_TRUE(first.ok()) << first.status();
  JstQueryInput input = PageSize(20);
  input.page_token = NextPageToken(*first, "0201011");
  absl::StatusOr<JstQuery> next = ValidateJstQuery(input);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->page_size, 20);
  EXPECT_EQ(next->after_teryt, "0201011");
}

TEST(PageToken, IsUrlSafeWithoutPadding) {
  JstQuery query;
  for (const char* voivodeship : {"", "02", "14", "32"}) {
    query.voivodeship = voivodeship;
    for (const char* last : {"02", "0201", "0201011", "3263011"}) {
      std::string token = NextPageToken(query, last);
      EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "abcdefghijklmnopqrstuvwxyz"
                                        "0123456789-_"),
                std::string::npos)
          << token;
    }
  }
}

TEST(PageToken, WithAnotherVoivodeshipIsRejected) {
  absl::StatusOr<JstQuery> first = ValidateJstQuery(Voivodeship("24"));
  ASSERT_TRUE(first.ok()) << first.status();
  JstQueryInput input = Voivodeship("02");
  input.page_token = NextPageToken(*first, "2476011");
  ExpectBadField(input, "pageToken");
}

TEST(PageToken, WithAnotherKindIsRejected) {
  absl::StatusOr<JstQuery> first = ValidateJstQuery(Kind("COUNTY"));
  ASSERT_TRUE(first.ok()) << first.status();
  JstQueryInput input = Kind("RURAL_COMMUNE");
  input.page_token = NextPageToken(*first, "0201");
  ExpectBadField(input, "pageToken");
}

TEST(PageToken, WithAnotherPrefixIsRejected) {
  JstQueryInput input;
  input.name_prefix = "Bol";
  absl::StatusOr<JstQuery> first = ValidateJstQuery(input);
  ASSERT_TRUE(first.ok()) << first.status();
  input.name_prefix = "Gro";
  input.page_token = NextPageToken(*first, "0201011");
  ExpectBadField(input, "pageToken");
}

TEST(PageToken, WithFiltersDroppedIsRejected) {
  absl::StatusOr<JstQuery> first = ValidateJstQuery(Voivodeship("24"));
  ASSERT_TRUE(first.ok()) << first.status();
  JstQueryInput input;
  input.page_token = NextPageToken(*first, "2476011");
  ExpectBadField(input, "pageToken");
}

TEST(PageToken, GarbageIsRejected) {
  JstQueryInput input;
  input.page_token = "not a token!";
  ExpectBadField(input, "pageToken");
}

TEST(PageToken, Base64OfGarbageIsRejected) {
  JstQueryInput input;
  input.page_token = absl::WebSafeBase64Escape("hello");
  ExpectBadField(input, "pageToken");
}

TEST(PageToken, TokenWithMalformedTerytIsRejected) {
  JstQuery query;
  JstQueryInput input;
  input.page_token = NextPageToken(query, "12345");
  ExpectBadField(input, "pageToken");
}

// ---------------------------------------------------------------------------
// Kind names.

TEST(JstKindName, ParseIsTheInverse) {
  for (JstKind kind : {JstKind::kUrbanCommune, JstKind::kRuralCommune,
                       JstKind::kUrbanRuralCommune, JstKind::kCounty}) {
    JstKind parsed = JstKind::kRuralCommune;
    ASSERT_TRUE(ParseJstKind(JstKindName(kind), &parsed)) << JstKindName(kind);
    EXPECT_EQ(parsed, kind);
  }
}

TEST(JstKindName, UnknownNameDoesNotParse) {
  JstKind kind = JstKind::kCounty;
  EXPECT_FALSE(ParseJstKind("", &kind));
  EXPECT_FALSE(ParseJstKind("NOPE", &kind));
  EXPECT_EQ(kind, JstKind::kCounty);
}

// ---------------------------------------------------------------------------
// TERYT code helpers.

TEST(IsVoivodeshipCode, AcceptsEvenCodesFrom02To32) {
  for (int code = 2; code <= 32; code += 2) {
    std::string text = (code < 10 ? "0" : "") + std::to_string(code);
    EXPECT_TRUE(IsVoivodeshipCode(text)) << text;
  }
}

TEST(IsVoivodeshipCode, RejectsOddCodes) {
  EXPECT_FALSE(IsVoivodeshipCode("03"));
  EXPECT_FALSE(IsVoivodeshipCode("25"));
}

TEST(IsVoivodeshipCode, RejectsCodesOutsideTheRange) {
  EXPECT_FALSE(IsVoivodeshipCode("00"));
  EXPECT_FALSE(IsVoivodeshipCode("34"));
  EXPECT_FALSE(IsVoivodeshipCode("98"));
}

TEST(IsVoivodeshipCode, RejectsWrongLengthOrNonDigits) {
  EXPECT_FALSE(IsVoivodeshipCode(""));
  EXPECT_FALSE(IsVoivodeshipCode("2"));
  EXPECT_FALSE(IsVoivodeshipCode("024"));
  EXPECT_FALSE(IsVoivodeshipCode("ab"));
  EXPECT_FALSE(IsVoivodeshipCode("2a"));
  EXPECT_FALSE(IsVoivodeshipCode(" 2"));
}

TEST(ShapeOfTeryt, TwoDigitsIsAVoivodeship) {
  EXPECT_EQ(ShapeOfTeryt("24"), TerytShape::kVoivodeship);
}

TEST(ShapeOfTeryt, FourDigitsIsACounty) {
  EXPECT_EQ(ShapeOfTeryt("2476"), TerytShape::kCounty);
}

TEST(ShapeOfTeryt, SevenDigitsIsACommune) {
  EXPECT_EQ(ShapeOfTeryt("2476011"), TerytShape::kCommune);
}

TEST(ShapeOfTeryt, NonJstCodesAreStillWellFormed) {
  EXPECT_EQ(ShapeOfTeryt("0201034"), TerytShape::kCommune);  // RODZ 4
  EXPECT_EQ(ShapeOfTeryt("02"), TerytShape::kVoivodeship);
}

TEST(ShapeOfTeryt, OtherLengthsAreMalformed) {
  for (const char* code : {"", "2", "247", "24760", "247601", "24760111"}) {
    EXPECT_EQ(ShapeOfTeryt(code), TerytShape::kMalformed) << code;
  }
}

TEST(ShapeOfTeryt, NonDigitsAreMalformed) {
  for (const char* code : {"2a", "24a6", "247601x", "-476011", " 476011"}) {
    EXPECT_EQ(ShapeOfTeryt(code), TerytShape::kMalformed) << code;
  }
}

TEST(ValidateJstQuery, NamePrefixWithControlCharactersIsRejected) {
  // A NUL would end the string at libpq and silently drop the filter.
  for (const std::string& prefix :
       {std::string("a\0bc", 4), std::string("a\tb"), std::string("\x7f")}) {
    JstQueryInput input;
    input.name_prefix = prefix;
    auto query = ValidateJstQuery(input);
    EXPECT_TRUE(absl::IsInvalidArgument(query.status())) << prefix.size();
  }
}

}  // namespace
}  // namespace jstedu::recruitment
