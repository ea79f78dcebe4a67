#pragma once

// SQL of the sender (store/sender.h). Instants are passed as RFC 3339 text
// with microseconds and answered as microseconds since the epoch
// (`..._us`, 0 for NULL). A claim is its lease_until: a row is recorded
// only while it still holds the lease it was claimed with.

namespace jstedu::notifications::queries {

// What is past its time at $1 is not sent: scheduled rows, and claims
// whose sender died.
inline constexpr char kExpire[] = R"sql(
UPDATE notification
   SET state = 'expired', lease_until = NULL, updated_at = now()
 WHERE expires_at <= $1::timestamptz
   AND (state = 'scheduled'
        OR (state = 'sending' AND lease_until <= $1::timestamptz)))sql";

// Rows whose sender stopped (died) while sending them 6 times: given up,
// not claimed again (a message that kills the sender must not do so until
// it expires).
inline constexpr char kGiveUpStuck[] = R"sql(
UPDATE notification
   SET state = 'failed', lease_until = NULL, updated_at = now(),
       last_error = 'gave up: six attempts, the last ones ended by the sender '
                    || 'stopping while sending it (it may have been sent)'
 WHERE state = 'sending' AND lease_until <= $1::timestamptz
   AND attempts >= 6)sql";

// Claims at most $3 rows due at $1 (and those whose lease ended) until $2,
// of the reasons $4 this version knows, none about a withdrawn JST.
inline constexpr char kClaim[] = R"sql(
WITH due AS (
  SELECT id FROM notification n
   WHERE expires_at > $1::timestamptz AND reason = ANY($4::text[])
     AND NOT EXISTS (SELECT 1 FROM jst j
                      WHERE j.application_id::text = n.application_id
                        AND j.withdrawn_at IS NOT NULL)
     AND ((state = 'scheduled' AND due_at <= $1::timestamptz
           AND coalesce(next_attempt_at, due_at) <= $1::timestamptz)
          OR (state = 'sending' AND lease_until <= $1::timestamptz))
   ORDER BY coalesce(next_attempt_at, due_at), id
   LIMIT $3
     FOR UPDATE SKIP LOCKED)
UPDATE notification n
   SET state = 'sending', lease_until = $2::timestamptz, updated_at = now()
  FROM due
 WHERE n.id = due.id
RETURNING n.id::text AS id, n.person_ref, n.reason, n.subject_ref,
          n.occurrence, n.application_id, n.attempts)sql";

inline constexpr char kRecordSent[] = R"sql(
UPDATE notification
   SET state = 'sent', sent_at = $3::timestamptz, smtp_message_id = $4,
       last_error = '', lease_until = NULL, next_attempt_at = NULL,
       updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
RETURNING 1)sql";

// Tried again at $3 (cancelled instead if that was asked meanwhile).
inline constexpr char kRecordRetry[] = R"sql(
UPDATE notification
   SET state = CASE WHEN cancel_requested THEN 'cancelled'
                    ELSE 'scheduled' END,
       next_attempt_at = $3::timestamptz, last_error = $4,
       lease_until = NULL, updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
RETURNING 1)sql";

// Handed back untried (the relay or our settings at fault): the attempt is
// not counted; tried again from $3.
inline constexpr char kRelease[] = R"sql(
UPDATE notification
   SET state = CASE WHEN cancel_requested THEN 'cancelled'
                    ELSE 'scheduled' END,
       attempts = attempts - 1, next_attempt_at = $3::timestamptz,
       last_error = $4, lease_until = NULL, updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
RETURNING 1)sql";

// A claim cancelled meanwhile (before it was delivered) is dropped.
inline constexpr char kDropCancelled[] = R"sql(
UPDATE notification
   SET state = 'cancelled', lease_until = NULL, updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
   AND cancel_requested
RETURNING 1)sql";

// Cancelled while a sender that then stopped held it: cancelled (whether
// that sender had sent it is not known).
inline constexpr char kCancelStuck[] = R"sql(
UPDATE notification
   SET state = 'cancelled', lease_until = NULL, updated_at = now()
 WHERE state = 'sending' AND cancel_requested
   AND lease_until <= $1::timestamptz)sql";

// A claim whose time passed meanwhile (a slow round) is not sent.
inline constexpr char kDropExpired[] = R"sql(
UPDATE notification
   SET state = 'expired', lease_until = NULL, updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
   AND expires_at <= $3::timestamptz
RETURNING 1)sql";

// Extends the claim to $3 while it is still this sender's, and counts the
// attempt about to be made (attempts are counted here, right before a
// delivery, not at the claim: rows a sender never reached are not charged).
inline constexpr char kRenew[] = R"sql(
UPDATE notification
   SET lease_until = $3::timestamptz, attempts = attempts + 1
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
   AND NOT cancel_requested
RETURNING attempts)sql";

// Handed back untried, never reached in a round the relay ended.
inline constexpr char kReleaseUntried[] = R"sql(
UPDATE notification
   SET state = CASE WHEN cancel_requested THEN 'cancelled'
                    ELSE 'scheduled' END,
       next_attempt_at = $3::timestamptz, lease_until = NULL,
       updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
RETURNING 1)sql";

// The person opted out of the kind: not sent, not tried again.
inline constexpr char kRecordSkipped[] = R"sql(
UPDATE notification
   SET state = CASE WHEN cancel_requested THEN 'cancelled'
                    ELSE 'skipped' END,
       last_error = $3, lease_until = NULL,
       attempts = attempts - 1, updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
RETURNING 1)sql";

inline constexpr char kRecordFailed[] = R"sql(
UPDATE notification
   SET state = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'failed' END,
       last_error = $3, lease_until = NULL,
       updated_at = now()
 WHERE id = $1::uuid AND state = 'sending' AND lease_until = $2::timestamptz
RETURNING 1)sql";

}  // namespace jstedu::notifications::queries
