#pragma once

// An e-mail as the relay receives it: RFC 5322 headers and a MIME text/plain
// body in UTF-8, quoted-printable (RFC 2045), CRLF line ends.
//
//   - Subject and the sender's name are RFC 2047 encoded-words (UTF-8,
//     base64) when they are not plain ASCII, split so no line is longer
//     than 76 characters and no character is cut;
//   - Date is the programme's local time with its offset
//     ("Mon, 23 Nov 2026 12:00:00 +0100");
//   - Message-ID is derived from the notification's id
//     (<id@notifications.jstedu>), so a message sent again after a crash
//     carries the same one and the relay or the reader's client can tell;
//   - Auto-Submitted: auto-generated (RFC 3834), so auto-replies stay away.
//
// Thread-safety: pure functions.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jstedu::notifications {

struct Mail {
  std::string from_address;
  std::string from_name;
  std::string to_address;
  std::string subject;
  // UTF-8 text, lines separated by '\n'.
  std::string body;
  std::string notification_id;
  absl::Time date;
  // "pl" or "en" (Content-Language).
  std::string language;
};

// The message's bytes. InvalidArgument naming the field for an address
// that is not one (no '@', spaces, angle brackets or control characters)
// and for a header text with a line break.
absl::StatusOr<std::string> Compose(const Mail& mail);

// "<id@notifications.jstedu>".
std::string MessageIdFor(absl::string_view notification_id);

// `text` (UTF-8, '\n' line ends) as quoted-printable with CRLF line ends,
// lines at most 76 characters, soft breaks never inside an escape.
std::string QuotedPrintable(absl::string_view text);

// `text` as it may stand in a header after "<name>: ": itself when
// printable ASCII of at most 66 characters, else UTF-8 base64
// encoded-words of whole characters, folded onto continuation lines
// (RFC 2047), so no line is longer than 76 characters.
std::string HeaderText(absl::string_view text);

// Whether `address` is a plain addr-spec we send to: local@domain, one
// '@', no spaces, quotes, angle brackets or control characters, at most
// 254 characters.
bool IsMailAddress(absl::string_view address);

}  // namespace jstedu::notifications
