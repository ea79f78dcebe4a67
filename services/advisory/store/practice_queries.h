#pragma once

// SQL of good practices (PracticeStore), as named constants with $n
// parameters.

#include "services/advisory/store/rows/case_queries.h"

namespace jstedu::advisory::queries {

// A practice's columns under the API's field names (with its case's and
// support area's), then the case's plan, which the reader nests; the FROM
// clause follows.
#define JSTEDU_PRACTICE_COLUMNS                                           \
  "p.id::text AS id, c.edition, c.id::text AS \"case\", c.teryt, "        \
  "c.voivodeship, c.jst_kind, p.support_area::text AS support_area, "     \
  "a.code AS support_area_code, p.title, p.description, p.keywords, "     \
  "'PRACTICE_' || p.status AS status, p.version, p.return_reason, "       \
  "p.withdraw_reason, p.published_on::text AS published_on, p.author, "   \
  "(extract(epoch FROM p.created_at) * 1000000)::bigint AS create_time, " \
  "(extract(epoch FROM p.updated_at) * 1000000)::bigint AS update_time, " \
  "coalesce(c.plan_document, '') AS plan_document, "                      \
  "coalesce(c.plan_adopted_on::text, '') AS plan_adopted_on "

#define JSTEDU_PRACTICE_FROM                  \
  " FROM good_practice p"                     \
  " JOIN advisory_case c ON c.id = p.case_id" \
  " JOIN support_area a ON a.id = p.support_area"

// The case a practice is proposed for ($1), locked, when it is in the
// caller's scope ($2 voivodeship, $3 TERYT, $4 expert subject; '' = any).
inline constexpr char kLockPracticeCase[] = R"sql(
SELECT c.edition, c.stage, coalesce(c.support_area::text, '') AS support_area
  FROM advisory_case c
)sql" JSTEDU_LOCK_CASE_IN_SCOPE;

// Whether support area $1 is in edition $2's catalogue.
inline constexpr char kAreaInEdition[] = R"sql(
SELECT 1 FROM support_area WHERE id = $1::uuid AND edition = $2)sql";

// Another practice (not $3; NULL: none) of case $1 with title key $2.
inline constexpr char kSameTitle[] = R"sql(
SELECT 1 FROM good_practice
 WHERE case_id = $1::uuid AND title_key = $2
   AND ($3::uuid IS NULL OR id <> $3::uuid))sql";

// $1 case, $2 support area, $3 title, $4 description, $5 keywords
// (text[]), $6 author, $7 now, $8 search text, $9 title key.
inline constexpr char kInsertPractice[] = R"sql(
INSERT INTO good_practice (id, case_id, support_area, title, title_key,
                           description, keywords, status, version, author,
                           created_at, updated_at, search_text)
VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $9, $4, $5::text[], 'DRAFT',
        1, $6, $7::timestamptz, $7::timestamptz, $8)
RETURNING id::text AS id)sql";

// Practice $1 and its case locked (a title is checked against the case's
// other practices under the case's lock, as when one is created), with its
// case's scope ($2 voivodeship, $3 TERYT, $4
// expert subject; '' = any): its status, version, case and area.
inline constexpr char kLockPractice[] = R"sql(
SELECT p.status, p.version, p.case_id::text AS case_id, c.edition,
       p.support_area::text AS support_area
  FROM good_practice p JOIN advisory_case c ON c.id = p.case_id
 WHERE p.id = $1::uuid)sql" JSTEDU_CASE_IN_SCOPE " FOR UPDATE OF p, c";

// A draft's new text: $1 practice, $2 support area, $3 title, $4
// description, $5 keywords, $6 now, $7 search text, $8 title key.
inline constexpr char kUpdatePracticeText[] = R"sql(
UPDATE good_practice
   SET support_area = $2::uuid, title = $3, title_key = $8, description = $4,
       keywords = $5::text[], search_text = $7, version = version + 1,
       updated_at = $6::timestamptz
 WHERE id = $1::uuid
RETURNING version)sql";

// Practice $1 to status $2 at $3 (Warsaw day $4 for a publication), with
// the withdrawal's reason $5 or the return's $6 ('' for none).
inline constexpr char kChangePracticeStatus[] = R"sql(
UPDATE good_practice
   SET status = $2, version = version + 1, updated_at = $3::timestamptz,
       published_on = CASE WHEN $2 = 'PUBLISHED' THEN $4::date
                           ELSE published_on END,
       withdraw_reason = $5, return_reason = $6
 WHERE id = $1::uuid
RETURNING version)sql";

// $1 practice, $2 at, $3 actor, $4 role, $5 command, $6 from, $7 to, $8
// reason, $9 version.
inline constexpr char kInsertPracticeHistory[] = R"sql(
INSERT INTO good_practice_history (practice_id, at, actor, actor_role, command,
                                   from_status, to_status, reason, version)
VALUES ($1::uuid, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9))sql";

// Practice $1 as the API shows it.
inline constexpr char kPractice[] =
    "SELECT " JSTEDU_PRACTICE_COLUMNS JSTEDU_PRACTICE_FROM
    " WHERE p.id = $1::uuid";

// Practice $1's history, oldest first.
inline constexpr char kPracticeHistory[] = R"sql(
SELECT (extract(epoch FROM at) * 1000000)::bigint AS time, actor, actor_role,
       command, CASE WHEN from_status = '' THEN '' ELSE 'PRACTICE_' || from_status END
         AS from_status,
       'PRACTICE_' || to_status AS to_status, reason, version
  FROM good_practice_history WHERE practice_id = $1::uuid ORDER BY version)sql";

// Whether the reader reads practice p in any status: $1 drafts at all
// (boolean), then the scope of the cases whose drafts it reads ($2
// voivodeship, $3 expert subject; '' = any).
#define JSTEDU_PRACTICE_DRAFT_READER                               \
  " ($1::boolean"                                                  \
  "   AND ($2 = '' OR c.voivodeship = $2)"                         \
  "   AND ($3 = '' OR EXISTS (SELECT 1 FROM expert e"              \
  "                            WHERE e.subject = $3"               \
  "                              AND e.id IN (c.education_expert," \
  "                                           c.personnel_expert))))"

// Whether the reader ($1..$3) may see practice p: published, or any status
// for a draft reader.
#define JSTEDU_PRACTICE_VISIBLE \
  " (p.status = 'PUBLISHED' OR" JSTEDU_PRACTICE_DRAFT_READER ")"

// Practice $4 when the reader ($1..$3) may see it, and whether it reads
// drafts of it (then it sees the history too).
inline constexpr char kVisiblePractice[] =
    "SELECT " JSTEDU_PRACTICE_COLUMNS "," JSTEDU_PRACTICE_DRAFT_READER
    " AS reads_drafts" JSTEDU_PRACTICE_FROM
    " WHERE p.id = $4::uuid AND" JSTEDU_PRACTICE_VISIBLE;

// The practices of edition $4 the reader ($1..$3) may see, matching every
// filter given ('' = any): $5 tsquery (SearchQueryOf), $6 voivodeship, $7
// kind of JST, $8 support area, $9 status (as stored), $10 TERYT; best
// match first with a query, otherwise newest change first; $11 offset, $12
// limit (NULL: all).
inline constexpr char kPractices[] =
    "SELECT " JSTEDU_PRACTICE_COLUMNS JSTEDU_PRACTICE_FROM R"sql(
 CROSS JOIN LATERAL (
       SELECT CASE WHEN $5 = '' THEN NULL
                   ELSE to_tsquery('simple', $5) END AS q) s
 WHERE c.edition = $4
   AND ($5 = '' OR p.search @@ s.q)
   AND ($6 = '' OR c.voivodeship = $6)
   AND ($7 = '' OR c.jst_kind = $7)
   AND ($8 = '' OR p.support_area::text = $8)
   AND ($9 = '' OR p.status = $9)
   AND ($10 = '' OR c.teryt = $10)
   AND)sql" JSTEDU_PRACTICE_VISIBLE R"sql(
 ORDER BY CASE WHEN $5 = '' THEN 0 ELSE ts_rank(p.search, s.q) END DESC,
          p.updated_at DESC, p.id
OFFSET $11::bigint LIMIT $12::bigint)sql";

// Edition $1's published practices, by voivodeship, TERYT and title.
inline constexpr char kPublishedPractices[] =
    "SELECT " JSTEDU_PRACTICE_COLUMNS JSTEDU_PRACTICE_FROM R"sql(
 WHERE c.edition = $1 AND p.status = 'PUBLISHED'
 ORDER BY c.voivodeship, c.teryt, p.title, p.id)sql";

}  // namespace jstedu::advisory::queries
