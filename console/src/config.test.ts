import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, parseConsoleConfig, signInSettings } from "./config.js";

const served = {
  issuer: "http://127.0.0.1:8090/oidc",
  clientId: "jstedu-console",
  scope: "openid profile",
  roleClaim: "role",
};

test("the gateway's config.json is read as it is", () => {
  assert.deepEqual(parseConsoleConfig(served), served);
  assert.deepEqual(parseConsoleConfig({ ...served, issuer: "" }).issuer, "");
});

test("a config.json that is not the gateway's is refused, naming the field", () => {
  assert.throws(() => parseConsoleConfig([]), ConfigError);
  assert.throws(() => parseConsoleConfig(null), ConfigError);
  assert.throws(() => parseConsoleConfig({ ...served, clientId: 7 }), /"clientId" must be a string/);
  assert.throws(() => parseConsoleConfig({ ...served, issuer: "javascript:alert(1)" }), /"issuer" must be an http\(s\) URL/);
  assert.throws(() => parseConsoleConfig({ ...served, roleClaim: "" }), /"roleClaim" must not be empty/);
  const { scope: _scope, ...withoutScope } = served;
  assert.throws(() => parseConsoleConfig(withoutScope), /"scope"/);
});

test("sign-in is the code flow back to /console/callback on this origin, renewed before expiry", () => {
  const settings = signInSettings(parseConsoleConfig(served), "https://jstedu.example.gov.pl");
  assert.equal(settings.authority, served.issuer);
  assert.equal(settings.client_id, "jstedu-console");
  assert.equal(settings.response_type, "code");
  assert.equal(settings.redirect_uri, "https://jstedu.example.gov.pl/console/callback");
  assert.equal(settings.post_logout_redirect_uri, "https://jstedu.example.gov.pl/console/");
  assert.equal(settings.scope, "openid profile");
  assert.equal(settings.automaticSilentRenew, true);
});
