#include "services/advisory/domain/practice_rules.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"

namespace jstedu::advisory {
namespace {

// What a Latin-1 Supplement or Latin Extended-A letter (U+00C0..U+017F)
// folds to: "" for the two signs among them (× and ÷).
std::string_view FoldLatin(char32_t c) {
  struct Range {
    char32_t first, last;
    std::string_view to;
  };
  static constexpr Range kRanges[] = {
      {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},
      {0xC8, 0xCB, "e"},   {0xCC, 0xCF, "i"},   {0xD0, 0xD0, "d"},
      {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},   {0xD7, 0xD7, ""},
      {0xD8, 0xD8, "o"},   {0xD9, 0xDC, "u"},   {0xDD, 0xDD, "y"},
      {0xDE, 0xDE, "th"},  {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},
      {0xE6, 0xE6, "ae"},  {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},
      {0xEC, 0xEF, "i"},   {0xF0, 0xF0, "d"},   {0xF1, 0xF1, "n"},
      {0xF2, 0xF6, "o"},   {0xF7, 0xF7, ""},    {0xF8, 0xF8, "o"},
      {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},   {0xFE, 0xFE, "th"},
      {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},
      {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"},
      {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
      {0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"},
      {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
      {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"},
      {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
      {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
  };
  for (const Range& r : kRanges) {
    if (c >= r.first && c <= r.last) return r.to;
  }
  return "";
}

// The next code point of `text` from `*pos` (advanced past it); a byte
// that starts no valid UTF-8 sequence is taken alone as U+FFFD.
char32_t NextCodePoint(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(*pos);
  int length = 1;
  char32_t c = lead;
  if (lead >= 0xF0 && lead < 0xF8) {
    length = 4;
    c = lead & 0x07;
  } else if (lead >= 0xE0) {
    length = lead < 0xF0 ? 3 : 1;
    c = lead & 0x0F;
  } else if (lead >= 0xC0) {
    length = 2;
    c = lead & 0x1F;
  } else if (lead >= 0x80) {
    ++*pos;
    return 0xFFFD;
  }
  if (length == 1 && lead >= 0x80) {
    ++*pos;
    return 0xFFFD;
  }
  if (*pos + length > text.size()) {
    ++*pos;
    return 0xFFFD;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFD;
    }
    c = (c << 6) | (next & 0x3F);
  }
  *pos += length;
  return c;
}

}  // namespace

const char* StatusName(PracticeStatus status) {
  switch (status) {
    case PracticeStatus::kDraft:
      return "DRAFT";
    case PracticeStatus::kSubmitted:
      return "SUBMITTED";
    case PracticeStatus::kPublished:
      return "PUBLISHED";
    case PracticeStatus::kWithdrawn:
      return "WITHDRAWN";
  }
  return "DRAFT";
}

std::optional<PracticeStatus> PracticeStatusOf(std::string_view name) {
  for (PracticeStatus s :
       {PracticeStatus::kDraft, PracticeStatus::kSubmitted,
        PracticeStatus::kPublished, PracticeStatus::kWithdrawn}) {
    if (name == StatusName(s)) return s;
  }
  return std::nullopt;
}

const char* CommandName(PracticeCommand command) {
  switch (command) {
    case PracticeCommand::kUpdate:
      return "update";
    case PracticeCommand::kSubmit:
      return "submit";
    case PracticeCommand::kPublish:
      return "publish";
    case PracticeCommand::kReturn:
      return "return";
    case PracticeCommand::kWithdraw:
      return "withdraw";
  }
  return "update";
}

std::optional<PracticeStatus> NextStatus(PracticeStatus from,
                                         PracticeCommand command) {
  using S = PracticeStatus;
  switch (command) {
    case PracticeCommand::kUpdate:
      if (from == S::kDraft) return S::kDraft;
      break;
    case PracticeCommand::kSubmit:
      if (from == S::kDraft) return S::kSubmitted;
      break;
    case PracticeCommand::kPublish:
      if (from == S::kSubmitted) return S::kPublished;
      break;
    case PracticeCommand::kReturn:
      if (from == S::kSubmitted) return S::kDraft;
      break;
    case PracticeCommand::kWithdraw:
      if (from == S::kPublished) return S::kWithdrawn;
      break;
  }
  return std::nullopt;
}

absl::Status CheckPracticeCommand(const std::string& practice_id,
                                  PracticeStatus from,
                                  PracticeCommand command) {
  if (NextStatus(from, command)) return absl::OkStatus();
  const char* needs = "";
  switch (command) {
    case PracticeCommand::kUpdate:
      needs = "only a draft is edited";
      break;
    case PracticeCommand::kSubmit:
      needs = "only a draft is submitted";
      break;
    case PracticeCommand::kPublish:
      needs = "only a submitted practice is published";
      break;
    case PracticeCommand::kReturn:
      needs = "only a submitted practice is returned";
      break;
    case PracticeCommand::kWithdraw:
      needs = "only a published practice is withdrawn";
      break;
  }
  return errors::RulesNotMet(
      {{"WRONG_STATUS", absl::StrCat("goodPractices/", practice_id),
        absl::StrCat("the practice is ", StatusName(from), ": ", needs)}});
}

absl::Status CheckCaseTakesPractices(const std::string& case_id, Stage stage) {
  if (stage != Stage::kWithdrawn) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"CASE_WITHDRAWN", absl::StrCat("cases/", case_id),
        "the JST withdrew; no practice is proposed for it"}});
}

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = true;  // no separator at the start
  const auto separate = [&] {
    if (!space) out.push_back(' ');
    space = true;
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = NextCodePoint(text, &pos);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
      space = false;
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      space = false;
    } else if (c >= 0x300 && c <= 0x36F) {
      // A combining mark (decomposed text, "L" + U+0301): dropped, so
      // "Łódź" typed either way folds alike.
    } else if (c >= 0xC0 && c <= 0x17F && !FoldLatin(c).empty()) {
      out.append(FoldLatin(c));
      space = false;
    } else {
      separate();
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string SearchQueryOf(std::string_view query) {
  const std::string folded = FoldForSearch(query);
  std::vector<std::string> terms;
  std::set<std::string> seen;
  for (absl::string_view word :
       absl::StrSplit(folded, ' ', absl::SkipEmpty())) {
    if (word.size() >= 5) word.remove_suffix(1);
    std::string term = absl::StrCat(word, ":*");
    if (seen.insert(term).second) terms.push_back(std::move(term));
  }
  return absl::StrJoin(terms, " & ");
}

}  // namespace jstedu::advisory
