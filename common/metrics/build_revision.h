#pragma once

// The git revision this binary was built from: 12 hex digits, "-dirty" when
// tracked files differed from that commit, "unknown" outside a git
// checkout. Defined by a file cmake/BuildRevision.cmake generates at every
// build (rewritten only when the revision changes), linked into the five
// serving binaries only (library jstedu_build_revision), so a new commit
// relinks those five and not every test.

namespace jstedu::metrics {

const char* BuildRevision();

}  // namespace jstedu::metrics
