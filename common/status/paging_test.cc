#include "common/status/paging.h"

#include <string>
#include <tuple>
#include <vector>

#include "google/protobuf/repeated_ptr_field.h"
#include "gtest/gtest.h"

namespace jstedu::paging {
namespace {

std::vector<std::string> Fields(
    const std::vector<errors::FieldProblem>& problems) {
  std::vector<std::string> fields;
  for (const auto& problem : problems) fields.push_back(problem.field);
  return fields;
}

TEST(Paging, AbsentSizeIsTheDefaultAndTheMaximumIsAccepted) {
  std::vector<errors::FieldProblem> problems;
  EXPECT_EQ(ReadPage(problems, "cases", {}, 0, "", 1).size, kDefaultPageSize);
  EXPECT_EQ(ReadPage(problems, "cases", {}, kMaxPageSize, "", 1).size,
            kMaxPageSize);
  EXPECT_EQ(ReadPage(problems, "cases", {}, 1, "", 1).size, 1);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(kDefaultPageSize, 100);
  EXPECT_EQ(kMaxPageSize, 500);
}

TEST(Paging, SizeOutOfRangeIsRefusedNamingPageSize) {
  for (int32_t size : {kMaxPageSize + 1, -1}) {
    std::vector<errors::FieldProblem> problems;
    ReadPage(problems, "cases", {}, size, "", 1);
    ASSERT_EQ(Fields(problems), std::vector<std::string>{"pageSize"}) << size;
    EXPECT_EQ(problems[0].description, "must be 1..500 (0 or absent: 100)");
  }
  auto refused = ReadOffsetPage("modules", {"E1"}, 501, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message().substr(0, 9), "pageSize:");
}

TEST(Paging, ATokenCarriesTheLastKeyBackToTheSameListAndFilters) {
  std::vector<errors::FieldProblem> problems;
  Page first = ReadPage(problems, "cases", {"E1", "12"}, 2, "", 2);
  const std::string token = first.NextToken({"1261011", "id-7"});
  Page next = ReadPage(problems, "cases", {"E1", "12"}, 2, token, 2);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(next.after, (std::vector<std::string>{"1261011", "id-7"}));
  EXPECT_EQ(token.find("1261011"), std::string::npos)
      << "the token is encoded, not plain text";
}

TEST(Paging, ATokenOfOtherFiltersOrAnotherListIsRefusedNamingPageToken) {
  std::vector<errors::FieldProblem> unused;
  const std::string token =
      ReadPage(unused, "cases", {"E1", "12"}, 0, "", 1).NextToken({"k"});
  for (const auto& [list, filters, key_parts] :
       std::vector<std::tuple<std::string, std::vector<std::string>, size_t>>{
           {"cases", {"E1", "14"}, 1},
           {"cases", {"E1"}, 1},
           {"tasks", {"E1", "12"}, 1},
           {"cases", {"E1", "12"}, 2}}) {
    std::vector<errors::FieldProblem> problems;
    Page page = ReadPage(problems, list, filters, 0, token, key_parts);
    EXPECT_EQ(Fields(problems), std::vector<std::string>{"pageToken"});
    EXPECT_TRUE(page.after.empty());
  }
  for (const char* junk : {"not a token", "Zm9v", "%%%"}) {
    std::vector<errors::FieldProblem> problems;
    ReadPage(problems, "cases", {"E1", "12"}, 0, junk, 1);
    EXPECT_EQ(Fields(problems), std::vector<std::string>{"pageToken"}) << junk;
  }
}

TEST(Paging, SizeAndTokenProblemsAreListedTogether) {
  std::vector<errors::FieldProblem> problems;
  ReadOffsetPage(problems, "modules", {"E1"}, 501, "junk");
  EXPECT_EQ(Fields(problems),
            (std::vector<std::string>{"pageSize", "pageToken"}));
}

TEST(Paging, KeepPageWalksAListReadWholeGivingEveryRowOnce) {
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    google::protobuf::RepeatedPtrField<std::string> rows;
    for (int i = 0; i < 7; ++i) *rows.Add() = std::to_string(i);
    auto page = ReadOffsetPage("modules", {"E1"}, 3, token);
    ASSERT_TRUE(page.ok()) << page.status();
    token = KeepPage(*page, rows);
    for (const std::string& row : rows) seen.push_back(row);
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));
}

TEST(Paging, AnOffsetTokenIsBoundToItsFilters) {
  google::protobuf::RepeatedPtrField<std::string> rows;
  for (int i = 0; i < 3; ++i) *rows.Add() = std::to_string(i);
  auto first = ReadOffsetPage("modules", {"E1"}, 1, "");
  ASSERT_TRUE(first.ok());
  const std::string token = KeepPage(*first, rows);
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(ReadOffsetPage("modules", {"E1"}, 1, token).ok());
  EXPECT_FALSE(ReadOffsetPage("modules", {"E2"}, 1, token).ok());
  EXPECT_FALSE(ReadOffsetPage("sessions", {"E1"}, 1, token).ok());
}

TEST(Paging, TheLastPageHasNoToken) {
  google::protobuf::RepeatedPtrField<std::string> rows;
  for (int i = 0; i < 3; ++i) *rows.Add() = std::to_string(i);
  auto page = ReadOffsetPage("modules", {"E1"}, 3, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(KeepPage(*page, rows), "");
  EXPECT_EQ(rows.size(), 3);
}

}  // namespace
}  // namespace jstedu::paging
