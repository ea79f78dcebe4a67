// The support-area catalogue's rules: twelve areas, one per code.
#include "services/advisory/domain/catalogue.h"

#include "common/status/errors.h"
#include "gtest/gtest.h"

namespace jstedu::advisory {
namespace {

TEST(Catalogue, HoldsTwelveAreas) {
  EXPECT_TRUE(CheckCatalogueRoom("PILOT", 0).ok());
  EXPECT_TRUE(CheckCatalogueRoom("PILOT", 11).ok());
  const absl::Status full = CheckCatalogueRoom("PILOT", 12);
  EXPECT_EQ(full, errors::RulesNotMet(
                      {{"CATALOGUE_FULL", "editions/PILOT/support-areas",
                        "an edition's catalogue holds 12 support areas"}}));
  EXPECT_EQ(CheckCatalogueRoom("PILOT", 13), full);
}

TEST(Catalogue, OneAreaPerCode) {
  EXPECT_TRUE(CheckAreaCodeFree("PILOT", "A1", false).ok());
  const absl::Status taken = CheckAreaCodeFree("PILOT", "A1", true);
  EXPECT_TRUE(absl::IsAlreadyExists(taken)) << taken;
  EXPECT_EQ(taken.message(), "edition PILOT already has a support area A1");
}

}  // namespace
}  // namespace jstedu::advisory
