#pragma once

// The programme console the gateway serves at /console/ (console/README.md):
// a single-page application that Vite builds into a directory (the build
// puts it in share/jstedu/console, JSTEDU_CONSOLE_DIR), read whole once at
// start, and the console's settings as a small JSON document the page reads
// first, so one build serves every environment:
//
//   GET /console/config.json   ConsoleConfigJson(settings), below
//   GET /console/<file>        a file of the directory, typed by its
//                              extension (assets/index-3f9a.js, ...)
//   GET /console, /console/,   index.html: a screen of the page, whose last
//       /console/<screen>      segment has no dot (/console/jsts,
//                              /console/callback), so a reload or a link to
//                              a screen works (history routing)
//   any other /console/ path   nullopt (the dispatcher answers 404): a
//                              missing file is never answered with the page
//
// No token: the page signs in itself. Every answer carries the site's
// Content-Security-Policy (ConsoleContentSecurityPolicy): scripts and styles
// from this origin only (no inline ones: Lit puts its styles in constructed
// style sheets, which style-src does not govern), and the issuer's origin
// only where sign-in needs it — fetches (discovery, token, userinfo) and
// form posts.
//
// Thread-safety: ConsoleSite is a plain value; LoadConsoleSite reads files.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace jstedu::gateway {

// The console's sign-in settings (from JSTEDU_CONSOLE_*, config.h).
struct ConsoleSettings {
  // The OpenID Connect issuer's URL, e.g. https://id.example.gov.pl/jstedu;
  // "" when sign-in is not configured (the page says so).
  std::string issuer;
  // The console's client id at the issuer.
  std::string client_id = "jstedu-console";
  // The scopes the console asks for. Not offline_access: the refresh token
  // that renews the session without a hidden frame (the policy forbids
  // frames) is then bound to the issuer's session, so signing out there
  // ends renewal too (the issuer must issue refresh tokens to the
  // authorization-code flow without offline_access, as most do).
  std::string scope = "openid profile";
  // The claim of the signed-in user (ID token or userinfo) that holds the
  // role; it decides only which menu the page shows.
  std::string role_claim = "role";
};

// The origin (scheme://host[:port]) of an issuer URL: http or https, an
// origin as cors.h accepts it, then nothing or a path. "" for "".
// InvalidArgument saying what is wrong otherwise.
absl::StatusOr<std::string> IssuerOrigin(std::string_view issuer);

// The policy of every console answer; `issuer_origin` as IssuerOrigin
// returns it ("" adds no origin).
std::string ConsoleContentSecurityPolicy(std::string_view issuer_origin);

// {"issuer":…,"clientId":…,"scope":…,"roleClaim":…}: what the page reads
// from /console/config.json.
std::string ConsoleConfigJson(const ConsoleSettings& settings);

struct ConsoleSite {
  // The built files by their path under the directory ("index.html",
  // "assets/index-3f9a.js").
  std::map<std::string, std::string, std::less<>> files;
  std::string config_json;
  std::string content_security_policy;
};

// One answer of the site.
struct ConsoleFile {
  const std::string* body;
  const char* content_type;
  // True for the built assets, whose names change with their contents;
  // false for the page and its settings, which must be read fresh.
  bool cacheable;
};

// True for /console and every path under /console/.
bool IsConsolePath(std::string_view path);

// The answer for `path` (a request path without query), or nullopt.
std::optional<ConsoleFile> FindConsoleFile(const ConsoleSite& site,
                                           std::string_view path);

// share/jstedu/console beside the running executable (static_files.h).
std::string DefaultConsoleDir();

// Reads every file under `dir` (which must hold index.html) and builds the
// settings and policy from `settings` (issuer checked by IssuerOrigin).
// NotFound when index.html is missing or unreadable; InvalidArgument for a
// bad issuer.
absl::StatusOr<ConsoleSite> LoadConsoleSite(const std::string& dir,
                                            const ConsoleSettings& settings);

}  // namespace jstedu::gateway
