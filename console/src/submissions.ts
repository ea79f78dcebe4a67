// The Idempotency-Key of a form's submission (gateway/README.md,
// idempotency): one key per submission, kept for a retry of the same body
// to the same target (a double click, a retry after no answer), dropped
// after a refusal that created nothing. Every form that writes uses it
// (exports, an application's actions).
import { errorCodeOf, errorReasonsOf, isStillRunning } from "./errors.js";

export interface Submission {
  readonly key: string;
  // What is written to: the edition of an export, "<action> <id>" of an
  // application's action.
  readonly target: string;
  readonly body: string;
}

// The submission before when it sent the same body to the same target,
// otherwise a new one with a key from `fresh`.
export function submissionFor(previous: Submission | null, target: string, body: unknown, fresh: () => string): Submission {
  const text = JSON.stringify(body);
  return previous !== null && previous.target === target && previous.body === text
    ? previous
    : { key: fresh(), target, body: text };
}

// Whether a failed attempt's key is kept for the next: only when the
// outcome is unknown (no answer, a 5xx such as COMMIT_OUTCOME_UNKNOWN) or
// the gateway says to retry (409 with the reason IDEMPOTENCY_KEY_IN_FLIGHT:
// the first is still running; a service's own 409 ABORTED, a stale
// version, created nothing). Any
// other refusal created nothing, and the key holds its answer for 24 h, so
// the next attempt is a new submission.

export function keepsKey(status: number, body: unknown): boolean {
  if (status === 0 || status >= 500) return true;
  return isStillRunning(status, body);
}

// Whether a refusal says the submission was carried out before and only its
// answer was lost (409 ALREADY_EXISTS with reason REQUEST_ALREADY_APPLIED,
// common/pg/status.h): the retry after an unknown outcome gets it, and what
// it wrote exists.
const ALREADY_EXISTS = 6;
const REQUEST_ALREADY_APPLIED = "REQUEST_ALREADY_APPLIED";

export function wasAlreadyApplied(status: number, body: unknown): boolean {
  return (
    status === 409 && errorCodeOf(body) === ALREADY_EXISTS && errorReasonsOf(body).includes(REQUEST_ALREADY_APPLIED)
  );
}
