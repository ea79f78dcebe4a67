#pragma once

// SQL of the advisory facts store (advisory's events: each case's
// guardian), as named constants with $n parameters.

namespace jstedu::training::queries {

// The row is written only when the event is newer than the last change
// applied; `closed` is left alone, so a withdrawn case stays closed.
inline constexpr char kAssignGuardian[] = R"sql(
INSERT INTO case_guardian (case_id, edition, teryt, guardian_subject,
                           case_version)
VALUES ($1::uuid, $2, $3, $4, $5)
ON CONFLICT (case_id) DO UPDATE
   SET guardian_subject = EXCLUDED.guardian_subject,
       case_version = EXCLUDED.case_version
 WHERE case_guardian.case_version < EXCLUDED.case_version)sql";

// A withdrawal arriving before any assignment still leaves a closed row, so
// a late assignment finds the case closed.
inline constexpr char kCloseCase[] = R"sql(
INSERT INTO case_guardian (case_id, edition, teryt, case_version, closed)
VALUES ($1::uuid, $2, $3, $4, true)
ON CONFLICT (case_id) DO UPDATE
   SET closed = true,
       case_version = greatest(case_guardian.case_version,
                               EXCLUDED.case_version))sql";

}  // namespace jstedu::training::queries
