// The console's screens: where each lives under /console/, its title, and
// what it calls. A screen is in the menu of the roles the gateway allows
// every operation it needs (OPERATION_ROLES, generated from the gateway's
// OpenAPI document at build time), so roles are written once, in the
// gateway's access table. Part 2 adds a screen here and its component.
import { OPERATION_ROLES, type Operation } from "./generated/access.js";
import type { MessageKey } from "./i18n/pl.js";
import type { Role } from "./roles.js";

export const BASE_PATH = "/console/";

export interface Screen {
  readonly id: string;
  // Under BASE_PATH, without slashes at either end; "" for the start page.
  // A segment ":name" is a parameter (matchScreen), e.g. "jsts/:teryt".
  readonly path: string;
  readonly title: MessageKey;
  // What it calls; [] for a screen anyone signed in may open. A screen may
  // call more where the role allows it (mayCall), never less.
  readonly needs: readonly Operation[];
  // False for screens reached otherwise (the sign-in callback, a JST's page).
  readonly inMenu: boolean;
}

export type AccessTable = Readonly<Record<string, readonly string[]>>;

export const SCREENS: readonly Screen[] = [
  { id: "home", path: "", title: "screen.home", needs: [], inMenu: true },
  {
    id: "overview",
    path: "overview",
    title: "screen.overview",
    needs: [
      "GET /v1/editions",
      "GET /v1/progress",
      "GET /v1/cases",
      "GET /v1/tasks",
      "GET /v1/data-quality",
    ],
    inMenu: true,
  },
  {
    id: "dashboard",
    path: "dashboard",
    title: "screen.dashboard",
    needs: ["GET /v1/editions", "GET /v1/progress", "GET /v1/indicators", "GET /v1/data-quality"],
    inMenu: true,
  },
  {
    id: "indicators",
    path: "indicators",
    title: "screen.indicators",
    needs: ["GET /v1/editions", "GET /v1/indicators", "GET /v1/indicators/{code}/evidence"],
    inMenu: true,
  },
  {
    id: "applications",
    path: "applications",
    title: "screen.applications",
    needs: ["GET /v1/editions", "GET /v1/editions/{edition}/applications", "GET /v1/applications/{application}"],
    inMenu: true,
  },
  {
    id: "participant-import",
    path: "applications/:application/import",
    title: "screen.participantImport",
    needs: [
      "GET /v1/applications/{application}",
      "POST /v1/applications/{application}/participants:import",
    ],
    inMenu: false,
  },
  {
    id: "application",
    path: "applications/:application",
    title: "screen.application",
    needs: ["GET /v1/applications/{application}"],
    inMenu: false,
  },
  {
    id: "apply",
    path: "apply",
    title: "screen.apply",
    needs: [
      "GET /v1/editions",
      "POST /v1/editions/{edition}/applications",
    ],
    inMenu: true,
  },
  {
    id: "cases",
    path: "cases",
    title: "screen.cases",
    needs: ["GET /v1/editions", "GET /v1/cases", "GET /v1/cases/{case}"],
    inMenu: true,
  },
  {
    id: "case",
    path: "cases/:case",
    title: "screen.case",
    needs: ["GET /v1/cases/{case}", "GET /v1/cases/{case}/history", "GET /v1/cases/{case}/activities"],
    inMenu: false,
  },
  {
    id: "tasks",
    path: "tasks",
    title: "screen.tasks",
    needs: [
      "GET /v1/editions",
      "GET /v1/tasks",
    ],
    inMenu: true,
  },
  {
    id: "officials",
    path: "officials",
    title: "screen.officials",
    needs: [
      "GET /v1/editions",
      "GET /v1/editions/{edition}/applications",
      "GET /v1/participants/{participant}/training",
    ],
    inMenu: true,
  },
  {
    id: "logistics",
    path: "logistics",
    title: "screen.logistics",
    needs: [
      "GET /v1/editions",
      "GET /v1/editions/{edition}/modules",
      "GET /v1/modules/{module}/signups",
      "POST /v1/modules/{module}/signups",
    ],
    inMenu: true,
  },
  {
    id: "sessions",
    path: "sessions",
    title: "screen.sessions",
    needs: [
      "GET /v1/editions",
      "GET /v1/editions/{edition}/modules",
      "GET /v1/modules/{module}/sessions",
      "GET /v1/sessions/{session}/attendance",
      "PUT /v1/sessions/{session}/attendance",
    ],
    inMenu: true,
  },
  {
    id: "session",
    path: "sessions/:session",
    title: "screen.session",
    needs: [
      "GET /v1/sessions/{session}/attendance",
      "PUT /v1/sessions/{session}/attendance",
    ],
    inMenu: false,
  },
  {
    id: "module",
    path: "modules/:module",
    title: "screen.module",
    needs: [
      "GET /v1/modules/{module}",
      "GET /v1/modules/{module}/sessions",
    ],
    inMenu: false,
  },
  {
    id: "calendars",
    path: "calendars",
    title: "screen.calendars",
    needs: [
      "GET /v1/calendar-feeds",
      "POST /v1/calendar-feeds",
    ],
    inMenu: true,
  },
  {
    // Every role that receives or oversees notifications (not the
    // ministry); changing preferences and the own address are parts shown
    // where the role may call them (mayCall).
    id: "notifications",
    path: "notifications",
    title: "screen.notifications",
    needs: [
      "GET /v1/notifications",
      "GET /v1/notification-preferences",
    ],
    inMenu: true,
  },
  {
    id: "editions",
    path: "editions",
    title: "screen.editions",
    needs: [
      "GET /v1/editions",
      "POST /v1/editions",
      "PUT /v1/editions/{edition}/training-settings",
    ],
    inMenu: true,
  },
  {
    id: "edition",
    path: "editions/:edition",
    title: "screen.edition",
    needs: [
      "GET /v1/editions/{code}",
      "GET /v1/editions/{edition}/training-settings",
    ],
    inMenu: false,
  },
  {
    id: "experts",
    path: "experts",
    title: "screen.experts",
    needs: [
      "GET /v1/experts",
    ],
    inMenu: true,
  },
  {
    id: "expert",
    path: "experts/:expert",
    title: "screen.expert",
    needs: [
      "GET /v1/experts",
    ],
    inMenu: false,
  },
  { id: "jsts", path: "jsts", title: "screen.jsts", needs: ["GET /v1/jsts"], inMenu: true },
  { id: "jst", path: "jsts/:teryt", title: "screen.jst", needs: ["GET /v1/jsts/{teryt}"], inMenu: false },
  {
    id: "exports",
    path: "exports",
    title: "screen.exports",
    needs: [
      "GET /v1/editions",
      "GET /v1/editions/{edition}/exports",
      "POST /v1/editions/{edition}/exports",
      "GET /v1/exports/{export}/content",
      "GET /v1/exports/{export}/diff",
      "POST /v1/exports/{export}:submit",
    ],
    inMenu: true,
  },
  {
    // Everyone reads the published catalogue; the office's commands and the
    // proposers' submission are shown where the role may call them.
    id: "practices",
    path: "practices",
    title: "screen.practices",
    needs: [
      "GET /v1/editions",
      "GET /v1/editions/{edition}/good-practices",
      "GET /v1/editions/{edition}/good-practices:export",
    ],
    inMenu: true,
  },
  {
    // Joining, leaving and recording meetings are shown where the role may
    // call them (communities.ts).
    id: "communities",
    path: "communities",
    title: "screen.communities",
    needs: ["GET /v1/editions", "GET /v1/editions/{edition}/communities"],
    inMenu: true,
  },
  {
    id: "community",
    path: "communities/:community",
    title: "screen.community",
    needs: [
      "GET /v1/communities/{community}",
      "GET /v1/communities/{community}/members",
      "GET /v1/communities/{community}/meetings",
    ],
    inMenu: false,
  },
  {
    // Setting tables up, opening slots, booking and cancelling are shown
    // where the role may call them (tables.ts).
    id: "tables",
    path: "expert-tables",
    title: "screen.tables",
    needs: [
      "GET /v1/editions",
      "GET /v1/editions/{edition}/modules",
      "GET /v1/modules/{module}/expert-tables",
      "GET /v1/expert-tables/{table}/bookings",
    ],
    inMenu: true,
  },
  {
    // The register for everyone who plans actions; the schools reached and
    // the register's load where the role may (schools.ts).
    id: "schools",
    path: "schools",
    title: "screen.schools",
    needs: ["GET /v1/schools"],
    inMenu: true,
  },
  {
    // The office's courses and import; the others read the courses (an
    // official's completions are in their training record).
    id: "elearning",
    path: "elearning",
    title: "screen.elearning",
    needs: ["GET /v1/editions", "GET /v1/editions/{edition}/elearning-courses"],
    inMenu: true,
  },
  { id: "callback", path: "callback", title: "screen.callback", needs: [], inMenu: false },
];

// True when `role` may call `operation` (the gateway's access table).
export function mayCall(operation: Operation, role: Role | null, access: AccessTable = OPERATION_ROLES): boolean {
  return role !== null && (access[operation]?.includes(role) ?? false);
}

// True when `role` may call everything `screen` needs; nobody signed out
// may open a screen that calls the API.
export function mayOpen(screen: Screen, role: Role | null, access: AccessTable = OPERATION_ROLES): boolean {
  if (role === null) return screen.needs.length === 0;
  return screen.needs.every((operation) => mayCall(operation, role, access));
}

// The menu of a signed-in `role`, in SCREENS order; empty when signed out.
export function menuFor(
  role: Role | null,
  screens: readonly Screen[] = SCREENS,
  access: AccessTable = OPERATION_ROLES,
): Screen[] {
  if (role === null) return [];
  return screens.filter((screen) => screen.inMenu && mayOpen(screen, role, access));
}

export interface ScreenMatch {
  readonly screen: Screen;
  // The values of the path's ":name" segments, decoded.
  readonly params: Readonly<Record<string, string>>;
}

// The screen at `pathname` (location.pathname) with its parameters, or
// undefined for a path under BASE_PATH that names none (and for any path
// outside it). A parameter matches one non-empty segment.
export function matchScreen(pathname: string, screens: readonly Screen[] = SCREENS): ScreenMatch | undefined {
  const root = BASE_PATH.slice(0, -1);
  if (pathname !== root && !pathname.startsWith(BASE_PATH)) return undefined;
  const path = pathname.slice(BASE_PATH.length).replace(/\/+$/, "");
  const segments = path === "" ? [] : path.split("/");
  for (const screen of screens) {
    const pattern = screen.path === "" ? [] : screen.path.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (!part.startsWith(":")) return part === segment;
      if (segment === "") return false;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      } catch {
        return false;
      }
    });
    if (matches) return { screen, params };
  }
  return undefined;
}

export function screenAt(pathname: string, screens: readonly Screen[] = SCREENS): Screen | undefined {
  return matchScreen(pathname, screens)?.screen;
}

// The address of `screen`, its ":name" segments filled from `params`.
export function hrefOf(screen: Screen, params: Readonly<Record<string, string>> = {}): string {
  const path = screen.path
    .split("/")
    .map((part) => (part.startsWith(":") ? encodeURIComponent(params[part.slice(1)] ?? "") : part))
    .join("/");
  return BASE_PATH + path;
}

// The address of the screen with id `id` (one of SCREENS).
export function hrefOfScreen(id: string, params: Readonly<Record<string, string>> = {}): string {
  const screen = SCREENS.find((candidate) => candidate.id === id);
  if (!screen) throw new Error(`no screen ${id}`);
  return hrefOf(screen, params);
}
