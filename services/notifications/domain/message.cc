#include "services/notifications/domain/message.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"
#include "common/time/civil_time.h"

namespace jstedu::notifications {
namespace {

constexpr size_t kMaxLine = 76;

bool IsPrintableAscii(absl::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool HasLineBreak(absl::string_view text) {
  return text.find_first_of("\r\n") != absl::string_view::npos;
}

// The length of the UTF-8 sequence `lead` starts (1 for a stray byte).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// One line of text (no line end) as quoted-printable lines joined by soft
// breaks.
void AppendQuotedLine(absl::string_view line, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    // Printable ASCII except '=' as is; a space or tab only when not at
    // the line's end (RFC 2045 6.7 rule 3).
    const bool literal =
        (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    std::string piece;
    if (literal) {
      piece.assign(1, static_cast<char>(c));
    } else {
      piece = {'=', kHex[c >> 4], kHex[c & 0xf]};
    }
    // Room for the piece and a soft break's '='.
    if (width + piece.size() > kMaxLine - 1) {
      absl::StrAppend(out, "=\r\n");
      width = 0;
    }
    absl::StrAppend(out, piece);
    width += piece.size();
  }
}

}  // namespace

bool IsMailAddress(absl::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const size_t at = address.find('@');
  if (at == 0 || at == absl::string_view::npos || at + 1 == address.size() ||
      address.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"' ||
        c == '(' || c == ')' || c == ',' || c == ';' || c == '\\') {
      return false;
    }
  }
  return true;
}

std::string MessageIdFor(absl::string_view notification_id) {
  return absl::StrCat("<", notification_id, "@notifications.jstedu>");
}

std::string QuotedPrintable(absl::string_view text) {
  std::string out;
  bool first = true;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!first) absl::StrAppend(&out, "\r\n");
    first = false;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    AppendQuotedLine(line, &out);
  }
  return out;
}

std::string HeaderText(absl::string_view text) {
  // Short printable ASCII as it is ("Subject: " and it within 76).
  if (IsPrintableAscii(text) && text.size() <= 66) return std::string(text);
  // Encoded-words of whole characters: at most 39 bytes of text (52 of
  // base64, 64 with the word's frame) per word, so "Subject: " and a word
  // stay within 76 characters, and so does each continuation line.
  constexpr size_t kPerWord = 39;
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = start;
    while (end < text.size()) {
      const size_t next =
          end + SequenceLength(static_cast<unsigned char>(text[end]));
      if (next - start > kPerWord) break;
      end = std::min(next, text.size());
    }
    if (end == start) end = start + 1;  // never stall on a stray byte
    const std::string word =
        absl::StrCat("=?UTF-8?B?",
                     absl::Base64Escape(text.substr(start, end - start)), "?=");
    if (!out.empty()) absl::StrAppend(&out, "\r\n ");
    absl::StrAppend(&out, word);
    start = end;
  }
  return out;
}

absl::StatusOr<std::string> Compose(const Mail& mail) {
  std::vector<errors::FieldProblem> problems;
  if (!IsMailAddress(mail.from_address)) {
    problems.push_back({"fromAddress", "must be an e-mail address"});
  }
  if (!IsMailAddress(mail.to_address)) {
    problems.push_back({"toAddress", "must be an e-mail address"});
  }
  if (HasLineBreak(mail.subject)) {
    problems.push_back({"subject", "must be one line"});
  }
  if (HasLineBreak(mail.from_name)) {
    problems.push_back({"fromName", "must be one line"});
  }
  if (!problems.empty()) return errors::InvalidFields(problems);
  const std::string date =
      absl::FormatTime("%a, %d %b %Y %H:%M:%S %z", mail.date, ProgrammeZone());
  // The sender's name: a quoted-string when printable ASCII (so a comma or
  // colon in it is not taken for syntax), else encoded-words with the
  // address folded onto the next line.
  std::string from = absl::StrCat("<", mail.from_address, ">");
  if (!mail.from_name.empty()) {
    if (IsPrintableAscii(mail.from_name)) {
      std::string quoted = "\"";
      for (char c : mail.from_name) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
      }
      // A long name keeps the line within 78: the address on the next.
      from = absl::StrCat(quoted, quoted.size() + 1 <= 40 ? "\" " : "\"\r\n ",
                          from);
    } else {
      from = absl::StrCat(HeaderText(mail.from_name), "\r\n ", from);
    }
  }
  return absl::StrCat(
      "From: ", from, "\r\n", "To: <", mail.to_address, ">\r\n",
      "Subject: ", HeaderText(mail.subject), "\r\n", "Date: ", date, "\r\n",
      "Message-ID: ", MessageIdFor(mail.notification_id), "\r\n",
      "MIME-Version: 1.0\r\n", "Content-Type: text/plain; charset=UTF-8\r\n",
      "Content-Transfer-Encoding: quoted-printable\r\n",
      "Content-Language: ", mail.language == "en" ? "en" : "pl", "\r\n",
      "Auto-Submitted: auto-generated\r\n", "\r\n", QuotedPrintable(mail.body),
      "\r\n");
}

}  // namespace jstedu::notifications
