#pragma once

// The API reference the gateway serves at GET /docs: Redoc, a maintained
// OpenAPI renderer, rendering GET /v1/openapi.json in the browser. Two
// files, read once at start from a directory the build fills
// (gateway/docs_ui/vendor.sh: index.html from the source tree, Redoc's
// standalone bundle from npm, never committed):
//
//   GET /docs, GET /docs/          index.html (text/html)
//   GET /docs/redoc.standalone.js  the bundle (text/javascript)
//
// Same origin, no token (like the document itself), nothing fetched from
// elsewhere: every answer carries kDocsContentSecurityPolicy, which allows
// scripts, the document and fonts from this origin only (styles may be
// inline: Redoc writes its styles at run time) and workers from blob: only
// (Redoc's search index runs in a worker it makes from a Blob of its own
// code; no worker script is loaded from anywhere).
//
// Thread-safety: DocsSite is a plain value; LoadDocsSite reads files.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace jstedu::gateway {

inline constexpr char kDocsContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; worker-src blob:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

struct DocsSite {
  std::string index_html;
  std::string script;  // redoc.standalone.js
};

// One answer of the site: its body and Content-Type.
struct DocsFile {
  const std::string* body;
  const char* content_type;
};

// The file `path` (a request path without query) names, or nullopt.
std::optional<DocsFile> FindDocsFile(const DocsSite& site,
                                     std::string_view path);

// Where the build puts the files: share/jstedu/docs beside the directory of
// the running executable ("build/bin/jstedu-gateway" →
// "build/bin/../share/jstedu/docs"); "" when /proc/self/exe is unreadable.
std::string DefaultDocsDir();

// Reads index.html and redoc.standalone.js from `dir`. NotFound naming the
// file when one is missing or unreadable.
absl::StatusOr<DocsSite> LoadDocsSite(const std::string& dir);

}  // namespace jstedu::gateway
