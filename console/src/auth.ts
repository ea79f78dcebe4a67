// Sign-in with oidc-client-ts: the authorization-code flow with PKCE against
// the configured issuer. The user and its tokens live in memory only (an
// InMemoryWebStorage), never in localStorage or sessionStorage; only the
// short-lived request state of a sign-in in progress (state, nonce, PKCE
// verifier) waits in sessionStorage during the round trip to the issuer,
// and is removed by the callback. Tokens are renewed before expiry with the
// refresh token; when that fails the session ends and the page says so.
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from "oidc-client-ts";
import { forgetKept, unsentOnDevice } from "./attendance.js";
import { signInSettings, type ConsoleConfig } from "./config.js";
import { translate } from "./i18n/i18n.js";
import { roleOf } from "./roles.js";
import { store, type Session } from "./store.js";

let manager: UserManager | null = null;

function sessionOf(user: User, config: ConsoleConfig): Session {
  const claims = user.profile as Record<string, unknown>;
  const name = [claims["name"], claims["preferred_username"], claims["sub"]].find(
    (value): value is string => typeof value === "string" && value !== "",
  );
  return {
    name: name ?? "",
    subject: typeof claims["sub"] === "string" ? claims["sub"] : "",
    role: roleOf(claims, config.roleClaim),
    jst: typeof claims["jst"] === "string" ? claims["jst"] : "",
    accessToken: user.access_token,
    expiresAt: new Date((user.expires_at ?? 0) * 1000),
  };
}

// Makes the UserManager for `config`, or records that sign-in is not
// configured.
export function startAuth(config: ConsoleConfig): void {
  if (config.issuer === "") {
    store.update({ problem: "notConfigured" });
    return;
  }
  manager = new UserManager({
    ...signInSettings(config, location.origin),
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  manager.events.addUserLoaded((user) => store.update({ session: sessionOf(user, config), problem: null }));
  manager.events.addUserUnloaded(() => store.update({ session: null }));
  manager.events.addSilentRenewError(() => {
    void manager?.removeUser();
    store.update({ session: null, problem: "expired" });
  });
  manager.events.addAccessTokenExpired(() => store.update({ session: null, problem: "expired" }));
}

// Leaves for the issuer's sign-in page; back at /console/callback, then at
// `returnTo`.
export async function signIn(returnTo: string): Promise<void> {
  await manager?.signinRedirect({ state: { returnTo } });
}

// Completes a sign-in on /console/callback; returns where to go next.
export async function completeSignIn(config: ConsoleConfig): Promise<string> {
  if (manager === null) return "";
  try {
    const user = await manager.signinRedirectCallback();
    store.update({ session: sessionOf(user, config), problem: null });
    const state = user.state as { returnTo?: unknown } | undefined;
    return typeof state?.returnTo === "string" ? state.returnTo : "";
  } catch (error) {
    store.update({ session: null, problem: { failed: error instanceof Error ? error.message : String(error) } });
    return "";
  }
}

// Forgets the tokens and every attendance sheet kept on this device
// (attendance.ts: nothing of this account, notes included, stays for the
// next person on a shared tablet) — after asking, when some of them hold
// unsent changes, whether to lose them — then ends the session at the
// issuer (which comes back to /console/); an issuer without an end-session
// endpoint leaves the user signed out here.
export async function signOut(): Promise<void> {
  if (manager === null) return;
  const unsent = unsentOnDevice(localStorage);
  if (unsent > 0 && !confirm(translate(store.locale, "sheet.signOutConfirm", { count: unsent }))) return;
  forgetKept(localStorage);
  const user = await manager.getUser();
  await manager.removeUser();
  try {
    await manager.signoutRedirect(user?.id_token ? { id_token_hint: user.id_token } : {});
  } catch {
    store.update({ session: null });
  }
}
