#pragma once

// SQL of the cases' opening and withdrawal from recruitment's events
// (case_lifecycle_store.h), as named constants with $n parameters.

namespace jstedu::advisory::queries {

inline constexpr char kApplicationWithdrawn[] = R"sql(
SELECT 1 FROM withdrawn_application WHERE application_id = $1::uuid)sql";

// The newest workflow version (the one a case opening now follows).
inline constexpr char kNewestWorkflowVersion[] = R"sql(
SELECT max(version) AS version FROM workflow_definition)sql";

// $1 edition, $2 application, $3 TERYT, $4 voivodeship, $5 JST kind,
// $6 workflow version, $7 opened at, $8 stage start, $9 due date. No row
// when the application's case exists (or the JST has one open).
inline constexpr char kOpenCase[] = R"sql(
INSERT INTO advisory_case (id, edition, application_id, teryt, voivodeship,
                           jst_kind, workflow_version, stage, opened_at,
                           stage_started_on, stage_due_on)
VALUES (gen_random_uuid(), $1, $2::uuid, $3, $4, $5, $6, 'AREA_CHOICE',
        $7::timestamptz, $8::date, $9::date)
ON CONFLICT DO NOTHING
RETURNING id::text AS id)sql";

// Claims edition $1's catalogue for the standard one; a row only when
// nobody (the office or an earlier case) had.
inline constexpr char kClaimStandardCatalogue[] = R"sql(
INSERT INTO catalogue (edition) VALUES ($1) ON CONFLICT DO NOTHING
RETURNING edition)sql";

inline constexpr char kSeedStandardCatalogue[] = R"sql(
INSERT INTO support_area (id, edition, code, thematic_area, title,
                          description, created_by)
SELECT gen_random_uuid(), $1, code, thematic_area, title, description,
       'standard catalogue'
  FROM support_area_template
ON CONFLICT DO NOTHING)sql";

// Remembers a withdrawal ($1 application, $2 when); a row only the first
// time.
inline constexpr char kRememberWithdrawal[] = R"sql(
INSERT INTO withdrawn_application (application_id, withdrawn_at)
VALUES ($1::uuid, $2::timestamptz)
ON CONFLICT DO NOTHING
RETURNING 1)sql";

}  // namespace jstedu::advisory::queries
