#pragma once

// SQL of ExportStore: numbered export snapshots, their records (field →
// value, for diffs), their submission and the audit of their downloads.
// Instants are read as microseconds since the epoch (exact).

namespace jstedu::reporting::queries {

// $1 edition: the next number of the edition's snapshots and a new id.
inline constexpr char kNextExportNumber[] = R"sql(
INSERT INTO export_sequence (edition, last_number) VALUES ($1, 1)
ON CONFLICT (edition) DO UPDATE
   SET last_number = export_sequence.last_number + 1
RETURNING last_number AS number, gen_random_uuid()::text AS id)sql";

// $1 id, $2 edition, $3 number, $4 kind, $5 pseudonymised, $6 purpose,
// $7 created_by, $8 sha256, $9 size_bytes, $10 content_type, $11 filename,
// $12 record_count.
inline constexpr char kInsertSnapshot[] = R"sql(
INSERT INTO export_snapshot (id, edition, number, kind, pseudonymised,
                             purpose, created_by, sha256, size_bytes,
                             content_type, filename, record_count)
VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING (extract(epoch FROM created_at) * 1000000)::bigint
          AS create_time)sql";

// $1 id, $2 the bytes (bytea).
inline constexpr char kStoreSnapshotContent[] = R"sql(
UPDATE export_snapshot SET content = $2 WHERE id = $1::uuid)sql";

// $1 export id, $2 record key, $3 its fields (a JSON object of strings).
inline constexpr char kInsertExportRecord[] = R"sql(
INSERT INTO export_record (export_id, record_key, fields)
VALUES ($1::uuid, $2, $3::jsonb))sql";

// $1 id: the snapshot with its stored bytes (NULL when none).
inline constexpr char kFindSnapshot[] = R"sql(
SELECT id::text AS id, edition, number, kind, pseudonymised, purpose,
       (extract(epoch FROM created_at) * 1000000)::bigint AS create_time,
       created_by, sha256, size_bytes, content_type, filename, record_count,
       submitted_at IS NOT NULL AS submitted,
       (extract(epoch FROM submitted_at) * 1000000)::bigint AS submit_time,
       content
  FROM export_snapshot
 WHERE id = $1::uuid)sql";

// $1 edition, $2 offset, $3 limit, newest first; when $4, only the
// submitted snapshots of kind $5 and variant $6 (pseudonymised) numbered
// below $7 (the previous submitted one: offset 0, limit 1).
inline constexpr char kSnapshots[] = R"sql(
SELECT id::text AS id, edition, number, kind, pseudonymised, purpose,
       (extract(epoch FROM created_at) * 1000000)::bigint AS create_time,
       created_by, sha256, size_bytes, content_type, filename, record_count,
       submitted_at IS NOT NULL AS submitted,
       (extract(epoch FROM submitted_at) * 1000000)::bigint AS submit_time
  FROM export_snapshot
 WHERE edition = $1
   AND (NOT $4 OR (kind = $5 AND pseudonymised = $6 AND number < $7
                   AND submitted_at IS NOT NULL))
 ORDER BY number DESC
OFFSET $2 LIMIT $3)sql";

// $1 export id.
inline constexpr char kSnapshotRecords[] = R"sql(
SELECT record_key, fields::text AS fields
  FROM export_record
 WHERE export_id = $1::uuid)sql";

// $1 export id, $2 subject, $3 role.
inline constexpr char kRecordDownload[] = R"sql(
INSERT INTO export_download (export_id, subject, role)
VALUES ($1::uuid, $2, $3))sql";

// $1 id: sets the submission time once.
inline constexpr char kMarkSubmitted[] = R"sql(
UPDATE export_snapshot SET submitted_at = coalesce(submitted_at, now())
 WHERE id = $1::uuid)sql";

}  // namespace jstedu::reporting::queries
