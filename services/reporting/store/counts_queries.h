#pragma once

// SQL of CountsStore: the maintained records and counts (migration 0003).
// Lists travel as array literals (common/pg/arrays.h), one element per
// record or cell.

namespace jstedu::reporting::queries {

// $1 edition: the edition's counts lock, taken by every event that may
// change a counted fact of the edition BEFORE it writes the fact, and held
// until its transaction ends (a batch of events: until the batch commits).
// So the counts of an edition change one transaction at a time, each
// recounting after the one before committed, and a transaction that holds
// it waits for no fact row another counting transaction holds.
inline constexpr char kLockEditionCounts[] = R"sql(
SELECT pg_advisory_xact_lock(
         hashtextextended('reporting.counts:' || $1, 0)))sql";

// $1 participant id: held (after the edition's) by the events that move a
// participant or add a completion, before they read which edition and
// application the participant is in (a participant's edition may change).
inline constexpr char kLockParticipantCounts[] = R"sql(
SELECT pg_advisory_xact_lock(
         hashtextextended('reporting.counts.participant:' || $1, 0)))sql";

// $1 participant id: the edition and application the participant is in.
inline constexpr char kParticipantPlace[] = R"sql(
SELECT edition, application_id::text AS application_id
  FROM participant_fact
 WHERE participant_id = $1::uuid)sql";

// $1 edition, $2 application ids (a text[] literal): their records.
inline constexpr char kRecordsOf[] = R"sql(
SELECT measure, record_id, application_id, participant_id, case_id, teryt,
       voivodeship, jst_kind, sex, target_group,
       to_char(day, 'YYYY-MM-DD') AS day
  FROM measure_record
 WHERE edition = $1 AND application_id = ANY($2::text[]))sql";

// $1 edition: every record.
inline constexpr char kRecords[] = R"sql(
SELECT measure, record_id, application_id, participant_id, case_id, teryt,
       voivodeship, jst_kind, sex, target_group,
       to_char(day, 'YYYY-MM-DD') AS day
  FROM measure_record
 WHERE edition = $1)sql";

// $1 edition, $2 measures, $3 record keys.
inline constexpr char kDeleteRecords[] = R"sql(
DELETE FROM measure_record r
 USING unnest($2::text[], $3::text[]) AS gone (measure, record_key)
 WHERE r.edition = $1 AND r.measure = gone.measure
   AND r.record_key = gone.record_key)sql";

// $1 edition, then one array per column: $2 measure, $3 record_key,
// $4 record_id, $5 application_id, $6 participant_id, $7 case_id, $8 teryt,
// $9 voivodeship, $10 jst_kind, $11 sex, $12 target_group, $13 day.
inline constexpr char kInsertRecords[] = R"sql(
INSERT INTO measure_record (edition, measure, record_key, record_id,
                            application_id, participant_id, case_id, teryt,
                            voivodeship, jst_kind, sex, target_group, day)
SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[],
                         $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::int[], $11::int[], $12::int[], $13::date[]))sql";

// $1 edition, $2 measures, $3 voivodeships, $4 months (first days),
// $5 changes: each cell's count moved by its change, in key order (so two
// transactions take the cells' row locks in one order).
inline constexpr char kAddToCells[] = R"sql(
INSERT INTO measure_month (edition, measure, voivodeship, month, records)
SELECT $1, measure, voivodeship, month, change
  FROM unnest($2::text[], $3::text[], $4::date[], $5::bigint[])
         AS d (measure, voivodeship, month, change)
 ORDER BY measure, voivodeship, month
ON CONFLICT (edition, measure, voivodeship, month) DO UPDATE
   SET records = measure_month.records + EXCLUDED.records)sql";

// The cells of an edition: $1 edition and, with `kOneVoivodeship`, $2 the
// voivodeship. Every row carries the first and last record's day (NULL
// when there is none), then a cell with records (`kByMonth`) or the sum of
// a measure's cells per voivodeship (dated the first month); one row with
// NULL cell columns when there is no cell. Four texts rather than one with
// `$2 = '' OR …` and a by-month switch: each has a plan that holds for any
// parameter, so PostgreSQL plans it once per connection (the one text was
// planned afresh at every call, which cost more than running it; issue 21).
// CellsQuery (counts_store.cc) puts a text together.
inline constexpr char kCellsSpan[] = R"sql(
WITH span AS (
  SELECT to_char(min(day), 'YYYY-MM-DD') AS first,
         to_char(max(day), 'YYYY-MM-DD') AS last
    FROM measure_record
   WHERE edition = $1)sql";
inline constexpr char kCellsByMonth[] = R"sql(
), cells AS (
  SELECT measure, voivodeship, to_char(month, 'YYYY-MM-DD') AS month,
         records
    FROM measure_month
   WHERE edition = $1 AND records <> 0)sql";
inline constexpr char kCellsSummed[] = R"sql(
), cells AS (
  SELECT measure, voivodeship, to_char(min(month), 'YYYY-MM-DD') AS month,
         sum(records) AS records
    FROM measure_month
   WHERE edition = $1 AND records <> 0)sql";
inline constexpr char kCellsOneVoivodeship[] = " AND voivodeship = $2";
inline constexpr char kCellsSummedGroups[] = R"sql(
   GROUP BY measure, voivodeship)sql";
inline constexpr char kCellsEnd[] = R"sql(
)
SELECT span.first, span.last, cells.* FROM span LEFT JOIN cells ON true)sql";

// Every edition reporting holds a fact or a count of.
inline constexpr char kEditions[] = R"sql(
SELECT edition FROM edition_fact
UNION SELECT edition FROM jst_fact
UNION SELECT edition FROM participant_fact
UNION SELECT edition FROM completion_fact
UNION SELECT edition FROM case_fact
UNION SELECT edition FROM membership_fact
UNION SELECT edition FROM meeting_fact
UNION SELECT edition FROM elearning_fact
UNION SELECT edition FROM practice_fact
UNION SELECT edition FROM case_schools_fact
UNION SELECT edition FROM measure_record
ORDER BY 1)sql";

}  // namespace jstedu::reporting::queries
