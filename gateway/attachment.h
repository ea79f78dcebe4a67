#pragma once

// The Content-Disposition of a raw response (Route::raw_response: calendars,
// exports): every one is a file download, `attachment`, named after the
// request path so that a saved file says what it holds.
//
// The name is the path after its version segment ("/v1/"), its segments
// percent-decoded and joined with '-':
//   GET /v1/calendars/participants/p-1.ics  → calendars-participants-p-1.ics
//   GET /v1/exports/e-7/content (text/csv)  → exports-e-7-content.csv
// A segment bound to a field marked `(jstedu.api.v1.secret)` is left out
// (a calendar feed's token is a credential, and a saved file's name is not
// kept secret):
//   GET /v1/calendar-feeds/<token>.ics      → calendar-feeds.ics
// A route whose template ends in a suffix (`{participant}.ics`) has its
// extension; any other gets one from the media type (text/csv .csv,
// text/calendar .ics, application/json and +json .json, application/xml,
// text/xml and +xml .xml, text/plain .txt, application/pdf .pdf,
// application/zip .zip; none for other types).
//
// Safety: in the name, every ASCII character but letters, digits, '.', '_'
// and '-' becomes '_' (no quote, slash, backslash, space or control
// character reaches the header or a client's file system); of the non-ASCII
// characters only the letters of Latin-1 Supplement and Latin Extended-A/B
// (Polish letters among them) are kept, every other byte becomes '_' (no
// control, bidirectional-override, zero-width or look-alike character
// reaches a saved name). `filename` holds ASCII only, each kept letter as
// '_'; when the name has such letters, `filename*=UTF-8''…` (RFC 6266,
// RFC 8187) carries them percent-encoded.
//
// Pure function; thread-safe.

#include <string>
#include <string_view>

#include "gateway/route_table.h"

namespace jstedu::gateway {

// `attachment; filename="<name>"`, with `; filename*=UTF-8''<name>` when the
// name is not ASCII, for a successful answer of `route` to a request for
// `path` (no query) whose body has media type `content_type`.
std::string AttachmentDisposition(const Route& route, std::string_view path,
                                  std::string_view content_type);

}  // namespace jstedu::gateway
