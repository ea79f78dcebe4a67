#pragma once

// What the gateway's static sites (the API reference at /docs, docs_site.h;
// the console at /console/, console_site.h) share: where the build installs
// their files, and reading one whole.
//
// Thread-safety: plain functions; they read the file system.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace jstedu::gateway {

// share/jstedu/<name> beside the directory of the running executable
// ("build/bin/jstedu-gateway" → "build/bin/../share/jstedu/<name>"), where
// the build puts a site's files; "" when /proc/self/exe is unreadable.
std::string DefaultShareDir(std::string_view name);

// The whole contents of `path`; NotFound naming it when it is missing or
// unreadable.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace jstedu::gateway
