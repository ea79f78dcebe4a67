#include "gateway/docs_site.h"

#include "gateway/static_files.h"

namespace jstedu::gateway {

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

std::string DefaultDocsDir() { return DefaultShareDir("docs"); }

absl::StatusOr<DocsSite> LoadDocsSite(const std::string& dir) {
  auto index = ReadWholeFile(dir + "/index.html");
  if (!index.ok()) return index.status();
  auto script = ReadWholeFile(dir + "/redoc.standalone.js");
  if (!script.ok()) return script.status();
  return DocsSite{*std::move(index), *std::move(script)};
}

}  // namespace jstedu::gateway
