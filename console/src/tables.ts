// The expert tables screen's logic (components/tables-page.ts;
// docs/programme-parts.md part 2): the topics, who may set up a table, open
// a slot, book and cancel (the gateway's access table; an expert only at
// its own table), and the slot form's request.
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import type { Role } from "./roles.js";
import { mayCall } from "./screens.js";

export type ExpertTable = Readable<components["schemas"]["ExpertTable"]>;
export type TableSlot = Readable<components["schemas"]["TableSlot"]>;
export type TableBooking = Readable<components["schemas"]["TableBooking"]>;
export type TableTopic = Exclude<NonNullable<ExpertTable["topic"]>, "TABLE_TOPIC_UNSPECIFIED">;

export const TABLE_TOPICS: readonly TableTopic[] = ["LEGAL_QUESTIONS", "EDUCATION_FINANCE", "OTHER_TOPIC"];

export function maySetUpTables(role: Role | null): boolean {
  return mayCall("POST /v1/modules/{module}/expert-tables", role);
}

// Opening a slot: the office, and the table's own expert.
export function mayOpenSlot(role: Role | null, subject: string, table: ExpertTable): boolean {
  if (!mayCall("POST /v1/expert-tables/{table}/slots", role)) return false;
  return role !== "EXPERT" || table.expert === subject;
}

// Booking chooses an official of a JST's application, so the role must
// read applications too (the office, a coordinator, a JST).
export function mayBook(role: Role | null): boolean {
  return mayCall("POST /v1/table-slots/{slot}/bookings", role) && mayCall("GET /v1/editions/{edition}/applications", role);
}

export function mayCancel(role: Role | null): boolean {
  return mayCall("POST /v1/table-bookings/{booking}:cancel", role);
}

// A slot takes a booking while it has a free place.
export function bookable(slot: TableSlot): boolean {
  return (slot.freePlaces ?? 0) > 0;
}

// The new slot's request: the local start ("2027-01-06T19:00" from a
// datetime-local field), minutes and places as numbers.
export function slotRequest(startsLocal: string, minutes: string, places: string): {
  startsLocal: string;
  durationMinutes: number;
  capacity: number;
} {
  return { startsLocal, durationMinutes: Number(minutes), capacity: Number(places) };
}
