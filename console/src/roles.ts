// The six roles of jstedu.auth.v1.Role, and the signed-in user's role as
// the console reads it from the user's claims. The role decides only what
// the menu shows: the gateway checks every call on its own.

export const ROLES = ["ADMIN", "COORDINATOR", "EXPERT", "TRAINER", "JST", "MINISTRY"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

// The role in `claims[claim]`; null when it is missing, not one of ROLES,
// or not a single string (a list of roles is refused, as the gateway
// refuses a repeated role).
export function roleOf(claims: Readonly<Record<string, unknown>>, claim: string): Role | null {
  const value = claims[claim];
  return isRole(value) ? value : null;
}
