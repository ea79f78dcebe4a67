#include "gateway/docs_site.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jstedu::gateway {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  return text.str();
}

}  // namespace

std::optional<DocsFile> FindDocsFile(const DocsSite& site,
                                     std::string_view path) {
  if (path == "/docs" || path == "/docs/") {
    return DocsFile{&site.index_html, "text/html; charset=utf-8"};
  }
  if (path == "/docs/redoc.standalone.js") {
    return DocsFile{&site.script, "text/javascript; charset=utf-8"};
  }
  return std::nullopt;
}

std::string DefaultDocsDir() {
  std::error_code error;
  const std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "";
  return (exe.parent_path() / ".." / "share" / "jstedu" / "docs").string();
}

absl::StatusOr<DocsSite> LoadDocsSite(const std::string& dir) {
  auto index = ReadFile(dir + "/index.html");
  if (!index.ok()) return index.status();
  auto script = ReadFile(dir + "/redoc.standalone.js");
  if (!script.ok()) return script.status();
  return DocsSite{*std::move(index), *std::move(script)};
}

}  // namespace jstedu::gateway
