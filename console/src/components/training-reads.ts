// The reads and words the trainer's screens share (sessions-page.ts,
// session-page.ts, module-page.ts): a module and its sessions (every page),
// and a session's module, room, group and thematic area in words.
import type { Readable } from "openapi-typescript-helpers";
import { api, everyPage } from "../api.js";
import { dataOf } from "../errors.js";
import type { components } from "../generated/api.js";
import { TIME_ZONE } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/pl.js";
import { store } from "../store.js";
import { dateTime, t } from "./text.js";

export type Module = Readable<components["schemas"]["Module"]>;
export type Session = Readable<components["schemas"]["Session"]>;

// session-page.ts reads the paging loop from here (api.ts everyPage).
export { everyPage, type PageQuery } from "../api.js";

export function loadModules(edition: string): Promise<Module[]> {
  return everyPage(async (query) => {
    const data = await dataOf(api.GET("/v1/editions/{edition}/modules", { params: { path: { edition }, query } }));
    return { rows: data.modules ?? [], next: data.nextPageToken ?? "" };
  });
}

export function loadSessions(module: string): Promise<Session[]> {
  return everyPage(async (query) => {
    const data = await dataOf(api.GET("/v1/modules/{module}/sessions", { params: { path: { module }, query } }));
    return { rows: data.sessions ?? [], next: data.nextPageToken ?? "" };
  });
}

export function loadModule(module: string): Promise<Module> {
  return dataOf(api.GET("/v1/modules/{module}", { params: { path: { module } } }));
}

// An instant's Warsaw clock time ("14:30").
function clock(instant: string): string {
  return new Intl.DateTimeFormat(store.locale === "pl" ? "pl-PL" : "en-GB", { timeStyle: "short", timeZone: TIME_ZONE }).format(
    new Date(instant),
  );
}

// A session's Warsaw date, start and end ("5 kwietnia 2017 11:00 – 12:30").
export function timeOf(session: Session): string {
  return t("training.time", {
    start: session.startTime ? dateTime(session.startTime) : "",
    end: session.endTime ? clock(session.endTime) : "",
  });
}

export function moduleName(module: Module): string {
  return t("training.module", { number: module.number ?? 0, title: module.title ?? "" });
}

export function roomOf(module: Module, room: string): string {
  const found = (module.rooms ?? []).find((candidate) => candidate.id === room);
  return found ? t("training.room", { name: found.name ?? "", id: found.id ?? "", capacity: found.capacity ?? 0 }) : room;
}

export function groupOf(session: Session): string {
  return session.workshopGroup ? t("training.group.one", { group: session.workshopGroup }) : t("training.group.all");
}

export function areaOf(session: Session): string {
  return t(`training.area.${session.thematicArea ?? "THEMATIC_AREA_UNSPECIFIED"}` as MessageKey);
}
