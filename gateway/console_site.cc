#include "gateway/console_site.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gateway/cors.h"
#include "gateway/static_files.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

constexpr std::string_view kRoot = "/console";

struct ExtensionType {
  std::string_view extension;
  const char* content_type;
};

constexpr ExtensionType kTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

const char* ContentTypeOf(std::string_view name) {
  for (const ExtensionType& type : kTypes) {
    if (name.size() > type.extension.size() &&
        name.substr(name.size() - type.extension.size()) == type.extension) {
      return type.content_type;
    }
  }
  return "application/octet-stream";
}

// A screen of the page: its last segment has no dot.
bool IsScreen(std::string_view relative) {
  const size_t slash = relative.rfind('/');
  const std::string_view last =
      slash == std::string_view::npos ? relative : relative.substr(slash + 1);
  return last.find('.') == std::string_view::npos;
}

}  // namespace

absl::StatusOr<std::string> IssuerOrigin(std::string_view url) {
  if (url.empty()) return std::string();
  const std::string issuer(url);
  const size_t scheme_end = issuer.find("://");
  if (scheme_end == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", issuer, "\" is not an http(s) URL"));
  }
  const size_t path = issuer.find('/', scheme_end + 3);
  const std::string origin = issuer.substr(0, path);
  auto parsed = ParseAllowedOrigins(origin);
  if (!parsed.ok()) return parsed.status();
  if (parsed->size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", issuer, "\" is not one URL"));
  }
  for (const char c : issuer.substr(origin.size())) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == ';' || c == ',' || c == '?' ||
        c == '#') {
      return absl::InvalidArgumentError(absl::StrCat(
          "the issuer's path may hold no spaces, quotes, ';', ',', '?', '#' "
          "or non-ASCII characters: \"",
          issuer, "\""));
    }
  }
  return (*parsed)[0];
}

std::string ConsoleContentSecurityPolicy(std::string_view issuer_origin) {
  const std::string issuer =
      issuer_origin.empty() ? "" : " " + std::string(issuer_origin);
  return absl::StrCat(
      "default-src 'none'; script-src 'self'; style-src 'self'; "
      "connect-src 'self'",
      issuer, "; img-src 'self' data:; frame-ancestors 'none'; ",
      "base-uri 'none'; form-action 'self'", issuer);
}

std::string ConsoleConfigJson(const ConsoleSettings& settings) {
  return nlohmann::json{{"issuer", settings.issuer},
                        {"clientId", settings.client_id},
                        {"scope", settings.scope},
                        {"roleClaim", settings.role_claim}}
      .dump();
}

bool IsConsolePath(std::string_view path) {
  return path == kRoot ||
         (path.size() > kRoot.size() && path.substr(0, kRoot.size()) == kRoot &&
          path[kRoot.size()] == '/');
}

std::optional<ConsoleFile> FindConsoleFile(const ConsoleSite& site,
                                           std::string_view path) {
  if (!IsConsolePath(path)) return std::nullopt;
  const std::string_view relative = path.substr(
      std::min(path.size(), kRoot.size() + 1));  // after "/console/"
  if (relative == "config.json") {
    return ConsoleFile{&site.config_json, "application/json", false};
  }
  const auto file = site.files.find(relative);
  if (file != site.files.end() && relative != "index.html") {
    return ConsoleFile{&file->second, ContentTypeOf(relative),
                       relative.substr(0, 7) == "assets/"};
  }
  if (!IsScreen(relative)) return std::nullopt;
  const auto index = site.files.find("index.html");
  if (index == site.files.end()) return std::nullopt;
  return ConsoleFile{&index->second, "text/html; charset=utf-8", false};
}

std::string DefaultConsoleDir() { return DefaultShareDir("console"); }

absl::StatusOr<ConsoleSite> LoadConsoleSite(const std::string& dir,
                                            const ConsoleSettings& settings) {
  auto origin = IssuerOrigin(settings.issuer);
  if (!origin.ok()) return origin.status();
  ConsoleSite site;
  std::error_code error;
  for (auto entry = std::filesystem::recursive_directory_iterator(dir, error);
       !error && entry != std::filesystem::recursive_directory_iterator();
       entry.increment(error)) {
    if (!entry->is_regular_file()) continue;
    auto text = ReadWholeFile(entry->path().string());
    if (!text.ok()) return text.status();
    site.files.emplace(
        std::filesystem::relative(entry->path(), dir).generic_string(),
        *std::move(text));
  }
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("cannot list ", dir, ": ", error.message()));
  }
  if (site.files.count("index.html") == 0) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", dir, "/index.html"));
  }
  site.config_json = ConsoleConfigJson(settings);
  site.content_security_policy = ConsoleContentSecurityPolicy(*origin);
  return site;
}

}  // namespace jstedu::gateway
