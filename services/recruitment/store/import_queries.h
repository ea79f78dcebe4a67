#pragma once

// SQL of the files loaded into recruitment (ImportStore): the participant
// CSV and the communes' DEGURBA classes, as named constants with $n
// parameters.

#include "services/recruitment/store/rows/participant_queries.h"

namespace jstedu::recruitment::queries {

inline constexpr char kCreateDegurbaLoad[] = R"sql(
CREATE TEMP TABLE degurba_load (line integer, teryt text, degurba smallint)
ON COMMIT DROP)sql";

// $1 lines, $2 TERYT codes, $3 classes: three arrays of one length.
inline constexpr char kFillDegurbaLoad[] = R"sql(
INSERT INTO degurba_load
SELECT * FROM unnest($1::integer[], $2::text[], $3::smallint[]))sql";

inline constexpr char kLockCommunesOfLoad[] = R"sql(
SELECT 1 FROM jst j JOIN degurba_load l ON l.teryt = j.teryt
 ORDER BY j.teryt FOR UPDATE OF j)sql";

inline constexpr char kLockApplicationsOfLoad[] = R"sql(
SELECT 1 FROM application a JOIN degurba_load l ON l.teryt = a.teryt
 ORDER BY a.id FOR UPDATE OF a)sql";

// The applications without a class of their own whose commune's class the
// load changes.
inline constexpr char kApplicationsTakingLoadedClass[] = R"sql(
SELECT a.id::text AS id
  FROM application a JOIN degurba_load l ON l.teryt = a.teryt
  JOIN jst j ON j.teryt = l.teryt
 WHERE a.degurba IS NULL AND j.degurba IS DISTINCT FROM l.degurba
 ORDER BY a.id)sql";

inline constexpr char kApplyDegurbaLoad[] = R"sql(
UPDATE jst j SET degurba = l.degurba, updated_at = now()
  FROM degurba_load l
 WHERE j.teryt = l.teryt AND j.degurba IS DISTINCT FROM l.degurba)sql";

// $1 the file's SHA-256, $2 rows, $3 changed, $4 unchanged, $5 subject.
inline constexpr char kRecordDegurbaLoad[] = R"sql(
INSERT INTO jst_degurba_loads (source_sha256, rows_in_file, changed,
                               unchanged, loaded_by)
VALUES ($1, $2, $3, $4, $5))sql";

// $1 application, $2 the file's SHA-256, $3 rows, $4 inserted, $5 updated,
// $6 unchanged, $7 subject.
inline constexpr char kRecordParticipantImport[] = R"sql(
INSERT INTO participant_import (application_id, sha256, rows_in_file,
                                inserted, updated, unchanged, imported_by)
VALUES ($1::uuid, $2, $3, $4, $5, $6, $7))sql";

}  // namespace jstedu::recruitment::queries
