// The communities screens' logic (components/communities-page.ts,
// community-page.ts; docs/programme-parts.md part 1): what a community is
// called by its kind, who may do what on it, and how a member is named.
// A member's name is personal data recruitment keeps: the screens read it
// (audited, with a purpose) only where the role may (GetParticipant:
// the office, a coordinator, a JST its own officials); an expert sees the
// member's JST and an ordinal.
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import type { MessageKey } from "./i18n/pl.js";
import type { Role } from "./roles.js";
import { mayCall } from "./screens.js";

export type Community = Readable<components["schemas"]["Community"]>;
export type Membership = Readable<components["schemas"]["Membership"]>;
export type Meeting = Readable<components["schemas"]["CommunityMeeting"]>;
export type MeetingForm = Exclude<Meeting["form"], "MEETING_FORM_UNSPECIFIED">;

export const MEETING_FORMS: readonly MeetingForm[] = ["IN_PERSON", "ONLINE"];

// The purpose of the reads of members' names (recruitment's audit).
export const NAMES_PURPOSE = "konsola: członkowie sieci i grup";

// What the community is, in words: a thematic network's theme, an exchange
// group's kind of JST, or the cooperation network.
export function kindKey(community: Community): MessageKey {
  if (community.kind === "EXCHANGE_GROUP") {
    return community.jstGroup && community.jstGroup !== "JST_GROUP_UNSPECIFIED"
      ? `communities.group.${community.jstGroup}`
      : "communities.kind.EXCHANGE_GROUP";
  }
  if (community.kind === "THEMATIC_NETWORK") return "communities.kind.THEMATIC_NETWORK";
  return "communities.kind.COOPERATION_NETWORK";
}

// The communities in the order the programme names them: the thematic
// networks, the cooperation network, the exchange groups; by name within.
export function ordered(communities: readonly Community[]): Community[] {
  const rank = (c: Community) =>
    c.kind === "THEMATIC_NETWORK" ? 0 : c.kind === "COOPERATION_NETWORK" ? 1 : 2;
  return [...communities].sort((a, b) => rank(a) - rank(b) || (a.name ?? "").localeCompare(b.name ?? "", "pl"));
}

export function readsNames(role: Role | null): boolean {
  return mayCall("GET /v1/participants/{participant}", role);
}

// Enrolling: the form lists a JST's officials from its application, so
// the role must read applications too (an expert enrols through the API
// only: it reads no applications).
export function mayJoin(role: Role | null): boolean {
  return (
    mayCall("POST /v1/communities/{community}/members", role) &&
    mayCall("GET /v1/editions/{edition}/applications", role)
  );
}

// Ending a membership: the office, a coordinator, a JST (its own officials,
// the API scoping), and an expert who moderates the community.
export function mayLeave(role: Role | null, subject: string, community: Community): boolean {
  if (!mayCall("POST /v1/communities/{community}/members/{participant}:leave", role)) return false;
  return role !== "EXPERT" || (community.moderators ?? []).includes(subject);
}

// Recording a meeting: the office, and an expert who moderates it (the
// API refuses another expert).
export function mayRecordMeeting(role: Role | null, subject: string, community: Community): boolean {
  if (!mayCall("POST /v1/communities/{community}/meetings", role)) return false;
  return role !== "EXPERT" || (community.moderators ?? []).includes(subject);
}

// Members of one JST numbered in the order listed, so a member whose name
// is not the caller's to read is "<JST>, urzędnik 2".
export function ordinals(members: readonly Membership[]): Map<string, number> {
  const seen = new Map<string, number>();
  const out = new Map<string, number>();
  for (const m of members) {
    const teryt = m.teryt ?? "";
    const n = (seen.get(teryt) ?? 0) + 1;
    seen.set(teryt, n);
    out.set(m.participant ?? "", n);
  }
  return out;
}
