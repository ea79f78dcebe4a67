// The development issuer end to end: starts it (src/main.mjs) on a free
// loopback port with a fresh state directory and drives the console's
// sign-in with plain HTTP requests: discovery, authorize with PKCE, the login
// form, the code exchange, refresh and sign-out. Asserts what the gateway
// requires of the access token (gateway/auth.h) and that the signature
// verifies with the served JWKS.
// Run: node tools/dev-issuer/test/flow_test.mjs (CTest tools.dev_issuer).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ACCOUNTS, DEMO_PASSWORD } from '../src/accounts.mjs';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.mjs');
const REDIRECT_URI = 'http://127.0.0.1:9/console/callback';
const CONSOLE_ORIGIN = 'http://127.0.0.1:9';
const CLIENT_ID = 'jstedu-console';
const ROLES = ['ADMIN', 'COORDINATOR', 'EXPERT', 'TRAINER', 'JST', 'MINISTRY'];
const REGION_RE = /^(0[2468]|[12][02468]|3[02])$/;

const stateDir = mkdtempSync(join(tmpdir(), 'jstedu-dev-issuer-'));
let child;
let issuer;
let discovery;

// Starts the issuer; resolves with its URL from the "listening" log line.
function startIssuer() {
  child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      JSTEDU_DEV_ISSUER_PORT: '0',
      JSTEDU_DEV_ISSUER_STATE_DIR: stateDir,
      JSTEDU_CONSOLE_REDIRECT_URIS: `${CONSOLE_ORIGIN}/console/,${REDIRECT_URI}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`issuer exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line);
      if (entry.msg === 'listening') resolve(entry.issuer);
    });
  });
}

async function stopIssuer() {
  child.removeAllListeners('exit');
  const gone = new Promise((resolve) => { child.once('exit', resolve); });
  child.kill('SIGTERM');
  await gone;
}

// A browser's cookies, enough for one host.
class CookieJar {
  #cookies = new Map();

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.#cookies.delete(pair.slice(0, eq));
      else this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  header() {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

// One request as a browser would send it (cookies, no automatic redirects).
async function browse(jar, url, { method = 'GET', form } = {}) {
  const response = await fetch(new URL(url, issuer), {
    method,
    redirect: 'manual',
    headers: {
      cookie: jar.header(),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
  jar.store(response);
  return response;
}

// Follows redirects on the issuer; stops at a page or at a redirect leaving
// the issuer (to the console), returning that response and its location.
async function follow(jar, response) {
  let current = response;
  for (let hops = 0; hops < 10; hops += 1) {
    if (current.status < 300 || current.status >= 400) return { response: current };
    const location = new URL(current.headers.get('location'), issuer);
    if (location.origin !== issuer) return { response: current, location };
    current = await browse(jar, location);
  }
  throw new Error('too many redirects');
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge, extra = {}) {
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    state: 'state-1',
    nonce: 'nonce-1',
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  });
  return url;
}

async function tokenRequest(params) {
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...params }),
  });
  return { response, body: await response.json() };
}

function decodeJwt(jwt) {
  const [header, payload, signature] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    signed: Buffer.from(`${header}.${payload}`),
    signature: Buffer.from(signature, 'base64url'),
  };
}

async function servedJwks() {
  const response = await fetch(discovery.jwks_uri);
  assert.equal(response.status, 200);
  return (await response.json()).keys;
}

// Asserts what gateway/auth.h requires of an access token of `login` with
// `claims`, and the RS256 signature against the served JWKS.
async function assertGatewayToken(jwt, login, claims) {
  const { header, payload, signed, signature } = decodeJwt(jwt);
  assert.equal(header.alg, 'RS256');
  const key = (await servedJwks()).find((k) => k.kid === header.kid);
  assert.ok(key, `kid ${header.kid} is in the JWKS`);
  assert.equal(key.d, undefined, 'the JWKS publishes no private part');
  assert.ok(verify('sha256', signed, createPublicKey({ key, format: 'jwk' }), signature),
    'signature verifies with the served key');
  assert.equal(payload.iss, issuer);
  assert.equal(payload.aud, 'jstedu-gateway');
  assert.equal(payload.sub, login);
  assert.ok(Number.isInteger(payload.iat) && Number.isInteger(payload.exp), 'iat, exp integers');
  assert.ok(payload.exp > payload.iat && payload.exp - payload.iat <= 3600, 'lives at most 1 h');
  for (const [name, value] of Object.entries(claims)) assert.equal(payload[name], value, name);
  for (const name of ['region', 'jst'].filter((n) => !(n in claims))) {
    assert.equal(payload[name], undefined, `no ${name}`);
  }
}

// Signs in as `login` through the whole browser flow; returns the code.
async function signIn(jar, login, password, challenge) {
  const start = await follow(jar, await browse(jar, authorizeUrl(challenge)));
  assert.equal(start.response.status, 200, 'the login page');
  assert.match(start.response.headers.get('content-security-policy'), /default-src 'none'/);
  const page = await start.response.text();
  assert.match(page, /<label for="login">/);
  assert.match(page, /<label for="password">/);
  const action = /<form method="post" action="([^"]+\/login)"/.exec(page)[1];
  const posted = await browse(jar, action, { method: 'POST', form: { login, password } });
  if (posted.status === 401) return { refused: true, action, page: await posted.text() };
  const end = await follow(jar, posted);
  assert.ok(end.location, 'redirected back to the console');
  assert.equal(`${end.location.origin}${end.location.pathname}`, REDIRECT_URI);
  return { code: end.location.searchParams.get('code'), location: end.location, action };
}

before(async () => {
  issuer = await startIssuer();
  discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
});

after(async () => {
  await stopIssuer();
  rmSync(stateDir, { recursive: true, force: true });
});

test('every demo account holds claims the gateway accepts', () => {
  const coordinators = ACCOUNTS.filter((a) => a.role === 'COORDINATOR').map((a) => a.region);
  assert.deepEqual(coordinators, ['02', '04', '06', '08', '10', '12', '14', '16',
    '18', '20', '22', '24', '26', '28', '30', '32']);
  for (const role of ROLES) assert.ok(ACCOUNTS.some((a) => a.role === role), role);
  assert.ok(ACCOUNTS.some((a) => a.jst === '2476011'), 'Świętochłowice');
  for (const a of ACCOUNTS) {
    assert.match(a.login, /^[\x21-\x7e]{1,128}$/);
    if (a.role === 'COORDINATOR') assert.match(a.region, REGION_RE);
    if (a.role === 'JST') {
      assert.match(a.jst, /^([0-9]{4}|[0-9]{7})$/);
      assert.match(a.jst.slice(0, 2), REGION_RE);
    }
  }
});

test('discovery names the issuer, S256 PKCE, end-session and the JWKS', async () => {
  assert.equal(discovery.issuer, issuer);
  assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
  assert.ok(discovery.end_session_endpoint);
  const algs = (await servedJwks()).map((k) => k.alg).sort();
  assert.deepEqual(algs, ['ES256', 'RS256']);
});

test('an authorization request without PKCE is refused', async () => {
  const jar = new CookieJar();
  const { location } = await follow(jar, await browse(jar, authorizeUrl(undefined)));
  assert.equal(location.searchParams.get('error'), 'invalid_request');
  assert.equal(location.searchParams.get('code'), null);
});

test('the coordinator of Śląskie signs in with PKCE; tokens renew and sign-out ends them', async () => {
  const jar = new CookieJar();
  const first = pkcePair();
  const wrong = await signIn(jar, 'koordynator-24', 'not-the-password', first.challenge);
  assert.ok(wrong.refused, 'a wrong password is refused');
  assert.match(wrong.page, /role="alert"/);

  const { code, location } = await signIn(jar, 'koordynator-24', DEMO_PASSWORD, first.challenge);
  assert.ok(code);
  assert.equal(location.searchParams.get('state'), 'state-1');

  const bad = await tokenRequest({
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI,
    code_verifier: pkcePair().verifier,
  });
  assert.equal(bad.response.status, 400, 'a wrong PKCE verifier is refused');
  assert.equal(bad.body.error, 'invalid_grant');
  assert.equal(bad.body.access_token, undefined);

  // The session stands: a second authorization needs no form.
  const second = pkcePair();
  const again = await follow(jar, await browse(jar, authorizeUrl(second.challenge)));
  const code2 = again.location.searchParams.get('code');
  const { response, body } = await tokenRequest({
    grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT_URI,
    code_verifier: second.verifier,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), CONSOLE_ORIGIN);
  assert.equal(body.token_type, 'Bearer');
  await assertGatewayToken(body.access_token, 'koordynator-24', { role: 'COORDINATOR', region: '24' });
  const id = decodeJwt(body.id_token).payload;
  assert.equal(id.role, 'COORDINATOR');
  assert.equal(id.region, '24');
  assert.match(id.name, /śląskie/);

  const renewed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
  assert.equal(renewed.response.status, 200);
  await assertGatewayToken(renewed.body.access_token, 'koordynator-24',
    { role: 'COORDINATOR', region: '24' });

  const logout = new URL(discovery.end_session_endpoint);
  logout.search = new URLSearchParams({
    id_token_hint: body.id_token, post_logout_redirect_uri: `${CONSOLE_ORIGIN}/console/`,
  });
  const confirm = await browse(jar, logout);
  assert.equal(confirm.status, 200);
  const page = await confirm.text();
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)[1];
  const done = await browse(jar, action, { method: 'POST', form: { xsrf, logout: 'yes' } });
  assert.equal(done.status, 303);
  assert.equal(new URL(done.headers.get('location')).pathname, '/console/');

  const afterLogout = await tokenRequest({
    grant_type: 'refresh_token', refresh_token: renewed.body.refresh_token,
  });
  assert.equal(afterLogout.response.status, 400, 'no renewal after sign-out');
  assert.equal(afterLogout.body.error, 'invalid_grant');
});

test('a JST account gets its TERYT code, and no region', async () => {
  const jar = new CookieJar();
  const { verifier, challenge } = pkcePair();
  const { code } = await signIn(jar, 'jst-2476011', DEMO_PASSWORD, challenge);
  const { body } = await tokenRequest({
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier,
  });
  await assertGatewayToken(body.access_token, 'jst-2476011', { role: 'JST', jst: '2476011' });
});

test('the keys outlive a restart', async () => {
  const before = (await servedJwks()).map((k) => k.kid).sort();
  await stopIssuer();
  issuer = await startIssuer();
  discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  assert.deepEqual((await servedJwks()).map((k) => k.kid).sort(), before);
});
