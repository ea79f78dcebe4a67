#include "services/recruitment/domain/institution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jstedu::recruitment {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// 526-025-02-74: check digit 4 (weights 6,5,7,2,3,4,5,6,7; sum mod 11).
constexpr char kNip[] = "5260250274";

InstitutionInput Full() {
  InstitutionInput in;
  in.nip = "526-025-02-74";
  in.locality = "Świętochłowice";
  in.street = "ul. Katowicka";
  in.building_number = "53";
  in.flat_number = "";
  in.postcode = "41600";
  in.degurba = "1";
  in.phone = "32 349 18 00";
  in.email = "sekretariat@Swietochlowice.PL";
  return in;
}

TEST(ValidateInstitution, NormalisesAFullBlock) {
  InstitutionData data;
  ASSERT_THAT(ValidateInstitution(Full(), &data), IsEmpty());
  EXPECT_EQ(data.nip, kNip);
  EXPECT_EQ(data.postcode, "41-600");
  EXPECT_EQ(data.degurba, 1);
  EXPECT_EQ(data.phone, "323491800");
  EXPECT_EQ(data.email, "sekretariat@swietochlowice.pl");
  EXPECT_THAT(MissingInstitutionFields(data, std::nullopt), IsEmpty());
  InstitutionData again;
  ASSERT_THAT(ValidateInstitution(ToInput(data), &again), IsEmpty());
  EXPECT_EQ(again, data);
}

TEST(ValidateInstitution, NamesEveryBadField) {
  InstitutionInput in = Full();
  in.nip = "5260250275";
  in.postcode = "41-6000";
  in.degurba = "4";
  in.phone = "12";
  in.email = "no-at-sign";
  in.building_number = std::string(21, '1');
  InstitutionData data;
  data.locality = "sentinel";
  const auto violations = ValidateInstitution(in, &data);
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("nip", "building_number", "postcode",
                                  "degurba", "phone", "email"));
  EXPECT_EQ(violations[0].description, "check digit does not match");
  EXPECT_EQ(data.locality, "sentinel");
}

TEST(ValidateInstitution, NipMustBeTenDigits) {
  InstitutionInput in;
  in.nip = "526025027";
  const auto violations = ValidateInstitution(in, nullptr);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "nip");
  EXPECT_EQ(violations[0].description,
            "must be 10 digits (spaces and '-' are allowed)");
}

TEST(IsValidNip, ChecksTheCheckDigit) {
  EXPECT_TRUE(IsValidNip(kNip));
  EXPECT_FALSE(IsValidNip("5260250270"));
  EXPECT_FALSE(IsValidNip("52602502"));
}

TEST(MissingInstitutionFields, ListsWhatTheMinistryNeeds) {
  InstitutionData empty;
  EXPECT_THAT(MissingInstitutionFields(empty, std::nullopt),
              ElementsAre("institution.nip", "institution.locality",
                          "institution.building_number", "institution.postcode",
                          "institution.degurba", "institution.contact"));
  InstitutionData data;
  ASSERT_THAT(ValidateInstitution(Full(), &data), IsEmpty());
  data.degurba.reset();
  data.street.clear();  // a village without streets is a full address
  data.phone.clear();
  EXPECT_THAT(MissingInstitutionFields(data, std::nullopt),
              ElementsAre("institution.degurba"));
  // The registry's class fills in for the block's own.
  EXPECT_THAT(MissingInstitutionFields(data, 3), IsEmpty());
  EXPECT_EQ(EffectiveDegurba(data, 3), 3);
  data.degurba = 2;
  EXPECT_EQ(EffectiveDegurba(data, 3), 2);
}

}  // namespace
}  // namespace jstedu::recruitment
