-- GET /v1/applications/{id}: the statements recruitment sends for it (issue
-- 21), {application} replaced by tools/bench. The scope read (OwnedInScope:
-- kLocateApplication, one statement without a transaction), then the
-- snapshot read (ApplicationStore::GetApplication, REPEATABLE READ READ
-- ONLY, which needs no wrote-anything question before COMMIT): the
-- application (rows/application_queries.h JSTEDU_APPLICATION_SELECT) and its
-- representatives (kRepresentatives).
SELECT a.id::text AS application_id, a.edition, a.teryt, j.voivodeship
  FROM recruitment.application a JOIN recruitment.jst j ON j.teryt = a.teryt
 WHERE a.id = '{application}'::uuid;
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT a.id::text AS id, a.edition, a.teryt, j.name AS jst_name,
       j.kind AS jst_kind, j.voivodeship, j.city_with_county_rights, a.status,
       a.submission_number,
       coalesce((extract(epoch FROM a.submitted_at) * 1000000)::bigint, 0) AS submit_time,
       coalesce((extract(epoch FROM a.status_at) * 1000000)::bigint, 0) AS status_time,
       coalesce(a.rejection_reason, '') AS rejection_reason,
       coalesce(a.withdrawal_reason, '') AS withdrawal_reason,
       coalesce(a.workshop_group, 0) AS workshop_group,
       coalesce(a.workshop_group_reason, '') AS workshop_group_reason,
       coalesce(a.below_minimum_since::text, '') AS below_minimum_since,
       CASE WHEN a.status = 'WAITLISTED' THEN (SELECT count(*)
         FROM recruitment.application w WHERE w.edition = a.edition
          AND w.status = 'WAITLISTED'
          AND w.submission_number <= a.submission_number) ELSE 0 END
         AS waitlist_position,
       coalesce(a.nip, '') AS nip, coalesce(a.locality, '') AS locality,
       coalesce(a.street, '') AS street,
       coalesce(a.building_number, '') AS building_number,
       coalesce(a.flat_number, '') AS flat_number,
       coalesce(a.postcode, '') AS postcode,
       coalesce(a.degurba, 0) AS own_degurba,
       coalesce(a.institution_phone, '') AS institution_phone,
       coalesce(a.institution_email, '') AS institution_email,
       coalesce(j.degurba, 0) AS registry_degurba
  FROM recruitment.application a JOIN recruitment.jst j ON j.teryt = a.teryt
 WHERE a.id = '{application}'::uuid;
SELECT application_id::text AS application_id, id::text AS id,
       participation_end IS NULL AS active, target_group,
       declaration_recorded_at IS NOT NULL AS declaration_recorded
  FROM recruitment.participant
 WHERE application_id = ANY('{{application}}'::uuid[])
 ORDER BY created_at, id;
COMMIT
