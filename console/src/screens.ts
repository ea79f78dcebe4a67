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
  readonly path: string;
  readonly title: MessageKey;
  // What it calls; [] for a screen anyone signed in may open.
  readonly needs: readonly Operation[];
  // False for screens reached otherwise (the sign-in callback).
  readonly inMenu: boolean;
}

export type AccessTable = Readonly<Record<string, readonly string[]>>;

export const SCREENS: readonly Screen[] = [
  { id: "home", path: "", title: "screen.home", needs: [], inMenu: true },
  { id: "jsts", path: "jsts", title: "screen.jsts", needs: ["GET /v1/jsts"], inMenu: true },
  { id: "callback", path: "callback", title: "screen.callback", needs: [], inMenu: false },
];

// True when `role` may call everything `screen` needs; nobody signed out
// may open a screen that calls the API.
export function mayOpen(screen: Screen, role: Role | null, access: AccessTable = OPERATION_ROLES): boolean {
  if (role === null) return screen.needs.length === 0;
  return screen.needs.every((operation) => access[operation]?.includes(role) ?? false);
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

// The screen at `pathname` (location.pathname), or undefined for a path
// under BASE_PATH that names none (and for any path outside it).
export function screenAt(pathname: string, screens: readonly Screen[] = SCREENS): Screen | undefined {
  const root = BASE_PATH.slice(0, -1);
  if (pathname !== root && !pathname.startsWith(BASE_PATH)) return undefined;
  const path = pathname.slice(BASE_PATH.length).replace(/\/+$/, "");
  return screens.find((screen) => screen.path === path);
}

export function hrefOf(screen: Screen): string {
  return BASE_PATH + screen.path;
}
