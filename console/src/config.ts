// The console's settings, which the gateway serves at /console/config.json
// (gateway/console_site.h) so that one build serves every environment, and
// the sign-in settings derived from them.
import type { UserManagerSettings } from "oidc-client-ts";
import { BASE_PATH } from "./screens.js";

export const CONFIG_URL = `${BASE_PATH}config.json`;
export const CALLBACK_PATH = `${BASE_PATH}callback`;

export interface ConsoleConfig {
  // The OpenID Connect issuer's URL; "" when sign-in is not configured.
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
  // The user claim that holds the role (roles.ts).
  readonly roleClaim: string;
}

export class ConfigError extends Error {}

function stringField(value: Record<string, unknown>, name: keyof ConsoleConfig): string {
  const field = value[name];
  if (typeof field !== "string") throw new ConfigError(`config.json: "${name}" must be a string`);
  return field;
}

// The settings in a parsed config.json; ConfigError naming the first bad
// field.
export function parseConsoleConfig(value: unknown): ConsoleConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError("config.json must be a JSON object");
  }
  const record = value as Record<string, unknown>;
  const config: ConsoleConfig = {
    issuer: stringField(record, "issuer"),
    clientId: stringField(record, "clientId"),
    scope: stringField(record, "scope"),
    roleClaim: stringField(record, "roleClaim"),
  };
  if (config.issuer !== "" && !/^https?:\/\/[^/]/.test(config.issuer)) {
    throw new ConfigError(`config.json: "issuer" must be an http(s) URL, not "${config.issuer}"`);
  }
  for (const name of ["clientId", "scope", "roleClaim"] as const) {
    if (config[name] === "") throw new ConfigError(`config.json: "${name}" must not be empty`);
  }
  return config;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch(CONFIG_URL, { cache: "no-store" });
  if (!response.ok) throw new ConfigError(`${CONFIG_URL}: HTTP ${response.status}`);
  return parseConsoleConfig(await response.json());
}

// What oidc-client-ts's UserManager needs besides its stores (auth.ts):
// the authorization-code flow with PKCE (its only flow), back to
// /console/callback on this origin; renewed before expiry with the refresh
// token (bound to the issuer's session: no offline_access), the user's claims from the ID token alone: the
// access token is made for the gateway (its audience), and an issuer may
// refuse it at userinfo (oidc-provider does, with resource indicators), so
// the issuer must put the role claim in the ID token.
export function signInSettings(
  config: ConsoleConfig,
  origin: string,
): Omit<UserManagerSettings, "userStore" | "stateStore"> {
  return {
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: origin + CALLBACK_PATH,
    post_logout_redirect_uri: origin + BASE_PATH,
    response_type: "code",
    scope: config.scope,
    loadUserInfo: false,
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    monitorSession: false,
  };
}
