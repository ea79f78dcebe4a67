// The console's one piece of shared state: the settings, the language and
// who is signed in. Components read it and re-render on "change"
// (StoreController). Nothing here is kept across page loads except the
// language; the session lives in memory only (auth.ts).
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ConsoleConfig } from "./config.js";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n/i18n.js";
import type { Role } from "./roles.js";

export interface Session {
  readonly name: string;
  // The ID token's `sub`: the account as the API knows it (a session's
  // `trainer`, a case's expert).
  readonly subject: string;
  readonly role: Role | null;
  // A JST account's own JST: the TERYT code in the ID token's `jst` claim
  // (the gateway's JSTEDU_JWT_JST_CLAIM default reads the access token's);
  // "" for the other roles.
  readonly jst: string;
  readonly accessToken: string;
  // When the access token expires (it is renewed before).
  readonly expiresAt: Date;
}

export type SignInProblem = "notConfigured" | "expired" | { readonly failed: string } | null;

const LOCALE_KEY = "jstedu.console.locale";

class Store extends EventTarget {
  config: ConsoleConfig | null = null;
  session: Session | null = null;
  problem: SignInProblem = null;
  locale: Locale = DEFAULT_LOCALE;

  constructor() {
    super();
    const saved = globalThis.localStorage?.getItem(LOCALE_KEY);
    if (isLocale(saved)) this.locale = saved;
  }

  update(change: Partial<Pick<Store, "config" | "session" | "problem">>): void {
    Object.assign(this, change);
    this.dispatchEvent(new Event("change"));
  }

  setLocale(locale: Locale): void {
    this.locale = locale;
    // The language only: no token is ever written to storage.
    globalThis.localStorage?.setItem(LOCALE_KEY, locale);
    document.documentElement.lang = locale;
    this.dispatchEvent(new Event("change"));
  }
}

export const store = new Store();

// Re-renders its host whenever the store changes.
export class StoreController implements ReactiveController {
  private readonly onChange = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    store.addEventListener("change", this.onChange);
  }

  hostDisconnected(): void {
    store.removeEventListener("change", this.onChange);
  }
}
