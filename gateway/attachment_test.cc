#include "gateway/attachment.h"

#include <memory>

#include "gateway/config.h"
#include "gateway/route_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

// The real routes of the five services.
class AttachmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = RouteTable::FromGeneratedPool(BackendServices());
    ASSERT_TRUE(table.ok()) << table.status();
    routes_ = std::make_unique<RouteTable>(*std::move(table));
  }

  // The disposition of a GET of `path` answered with `content_type`.
  std::string Disposition(const std::string& path,
                          const std::string& content_type) {
    const RouteMatch match = routes_->Match("GET", path);
    EXPECT_EQ(match.outcome, RouteMatch::Outcome::kMatched) << path;
    if (match.route == nullptr) return "";
    return AttachmentDisposition(*match.route, path, content_type);
  }

  std::unique_ptr<RouteTable> routes_;
};

// Issue 17 review: a calendar feed's address holds its secret token (a
// field marked `(jstedu.api.v1.secret)`), which a saved file's name must
// not repeat: the segment is left out, the extension kept.
TEST_F(AttachmentTest, ASecretInThePathIsNotInTheName) {
  const std::string token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
  const std::string disposition = Disposition(
      "/v1/calendar-feeds/" + token + ".ics", "text/calendar; charset=utf-8");
  EXPECT_EQ(disposition, R"(attachment; filename="calendar-feeds.ics")");
  EXPECT_THAT(disposition, ::testing::Not(::testing::HasSubstr(token)));
}

TEST_F(AttachmentTest, CalendarsKeepTheirSuffix) {
  EXPECT_EQ(Disposition("/v1/calendars/participants/p-1.ics",
                        "text/calendar; charset=utf-8"),
            R"(attachment; filename="calendars-participants-p-1.ics")");
  EXPECT_EQ(Disposition("/v1/calendars/groups/PILOT-2017/3.ics",
                        "text/calendar; charset=utf-8"),
            R"(attachment; filename="calendars-groups-PILOT-2017-3.ics")");
  // The route's suffix is the extension, whatever the media type.
  EXPECT_EQ(Disposition("/v1/calendars/trainers/t-1.ics", "text/plain"),
            R"(attachment; filename="calendars-trainers-t-1.ics")");
}

TEST_F(AttachmentTest, ExportsGetTheExtensionOfTheirMediaType) {
  const std::string path = "/v1/exports/e-7/content";
  EXPECT_EQ(Disposition(path, "text/csv; charset=utf-8"),
            R"(attachment; filename="exports-e-7-content.csv")");
  EXPECT_EQ(Disposition(path, "application/adx+xml; charset=utf-8"),
            R"(attachment; filename="exports-e-7-content.xml")");
  EXPECT_EQ(Disposition(path, "Application/JSON"),
            R"(attachment; filename="exports-e-7-content.json")");
  EXPECT_EQ(Disposition(path, "application/octet-stream"),
            R"(attachment; filename="exports-e-7-content")");
  EXPECT_EQ(Disposition(path, ""),
            R"(attachment; filename="exports-e-7-content")");
}

TEST_F(AttachmentTest, PathValuesAreDecodedAndMadeSafe) {
  EXPECT_EQ(
      Disposition("/v1/exports/%2E%2E%2Fetc%2Fpasswd/content", "text/csv"),
      R"(attachment; filename="exports-.._etc_passwd-content.csv")");
  EXPECT_EQ(Disposition("/v1/exports/a%22%3B%20b%0D%0A/content", "text/csv"),
            R"(attachment; filename="exports-a___b__-content.csv")");
  EXPECT_EQ(Disposition("/v1/exports/%C5%81%C3%B3d%C5%BA/content", "text/csv"),
            R"(attachment; filename="exports-__d_-content.csv"; )"
            R"(filename*=UTF-8''exports-%C5%81%C3%B3d%C5%BA-content.csv)");
}

TEST_F(AttachmentTest, OnlyLatinLettersOutsideAsciiAreKept) {
  // U+202E (right-to-left override), U+200B (zero width), U+0085 (a C1
  // control): every byte '_', no filename*.
  EXPECT_EQ(Disposition("/v1/exports/a%E2%80%AEb%E2%80%8Bc%C2%85d/content",
                        "text/csv"),
            R"(attachment; filename="exports-a___b___c__d-content.csv")");
  EXPECT_EQ(Disposition("/v1/exports/%C3%B3%E2%80%AE/content", "text/csv"),
            R"(attachment; filename="exports-____-content.csv"; )"
            R"(filename*=UTF-8''exports-%C3%B3___-content.csv)");
}

}  // namespace
}  // namespace jstedu::gateway
