// The development issuer end to end: started (src/main.mjs) on a free
// loopback port with a fresh state directory, it is driven through the
// console's sign-in with plain HTTP requests: discovery, authorize with PKCE,
// the login form, the code exchange, refresh and sign-out. The access token
// is checked for what the gateway requires (gateway/auth.h) and against the
// served JWKS.
// Run: node tools/dev-issuer/test/flow_test.mjs (CTest tools.dev_issuer).

import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, before, test } from 'node:test';

import { ACCOUNTS, DEMO_PASSWORD } from '../src/accounts.mjs';
import {
  Browser, CONSOLE_ORIGIN, decodeJwt, DevIssuer, pkcePair, REDIRECT_URI, signInForTokens,
} from './harness.mjs';

const ROLES = ['ADMIN', 'COORDINATOR', 'EXPERT', 'TRAINER', 'JST', 'MINISTRY'];
const REGION_RE = /^(0[2468]|[12][02468]|3[02])$/;
const COORDINATOR_24 = { role: 'COORDINATOR', region: '24' };

const issuer = new DevIssuer();

// Asserts what gateway/auth.h requires of an access token of `login` with
// `claims`, and its RS256 signature against the served JWKS.
async function assertGatewayToken(jwt, login, claims) {
  const { header, payload, signed, signature } = decodeJwt(jwt);
  assert.equal(header.alg, 'RS256');
  const key = (await issuer.jwks()).find((k) => k.kid === header.kid);
  assert.ok(key, `kid ${header.kid} is in the JWKS`);
  assert.equal(key.d, undefined, 'the JWKS publishes no private part');
  assert.ok(verify('sha256', signed, createPublicKey({ key, format: 'jwk' }), signature),
    'signature verifies with the served key');
  assert.equal(payload.iss, issuer.url);
  assert.equal(payload.aud, 'jstedu-gateway');
  assert.equal(payload.sub, login);
  assert.ok(Number.isInteger(payload.iat) && Number.isInteger(payload.exp), 'iat, exp integers');
  assert.ok(payload.exp > payload.iat && payload.exp - payload.iat <= 3600, 'lives at most 1 h');
  for (const [name, value] of Object.entries(claims)) assert.equal(payload[name], value, name);
  for (const name of ['region', 'jst'].filter((n) => !(n in claims))) {
    assert.equal(payload[name], undefined, `no ${name}`);
  }
}

before(() => issuer.start());

after(async () => {
  await issuer.stop();
  issuer.dispose();
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
  assert.equal(issuer.discovery.issuer, issuer.url);
  assert.deepEqual(issuer.discovery.code_challenge_methods_supported, ['S256']);
  assert.ok(issuer.discovery.end_session_endpoint);
  assert.deepEqual((await issuer.jwks()).map((k) => k.alg).sort(), ['ES256', 'RS256']);
});

test('an authorization request without PKCE, or with plain PKCE, is refused', async () => {
  const { verifier } = pkcePair();
  const plain = { code_challenge: verifier, code_challenge_method: 'plain' };
  for (const url of [issuer.authorizeUrl(undefined), issuer.authorizeUrl(undefined, plain)]) {
    const browser = new Browser(issuer);
    const { location } = await browser.follow(await browser.request(url));
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('code'), null);
  }
});

test('an unknown sign-in is answered with the error page', async () => {
  const response = await new Browser(issuer).request('/interaction/unknown');
  assert.equal(response.status, 400);
  assert.match(response.headers.get('content-type'), /^text\/html/);
  assert.match(await response.text(), /Wróć do konsoli programu/);
});

test('the coordinator of Śląskie signs in with PKCE; tokens renew and sign-out ends them', async () => {
  const browser = new Browser(issuer);
  const first = pkcePair();
  const wrong = await browser.signIn('koordynator-24', 'not-the-password', first.challenge);
  assert.ok(wrong.refused, 'a wrong password is refused');
  assert.match(wrong.page, /role="alert"/);
  assert.equal(wrong.loginPage.status, 200);
  assert.match(wrong.loginPage.headers.get('content-security-policy'), /default-src 'none'/);
  assert.match(wrong.form, /<label for="login">/);
  assert.match(wrong.form, /<label for="password">/);

  const { location } = await browser.signIn('koordynator-24', DEMO_PASSWORD, first.challenge);
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
  assert.equal(location.searchParams.get('state'), 'state-1');
  const code = location.searchParams.get('code');
  assert.ok(code);

  const bad = await issuer.token({
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI,
    code_verifier: pkcePair().verifier,
  });
  assert.equal(bad.response.status, 400, 'a wrong PKCE verifier is refused');
  assert.equal(bad.body.error, 'invalid_grant');
  assert.equal(bad.body.access_token, undefined);

  // The session stands: a second authorization needs no form.
  const second = pkcePair();
  const again = await browser.follow(await browser.request(issuer.authorizeUrl(second.challenge)));
  const { response, body } = await issuer.token({
    grant_type: 'authorization_code', code: again.location.searchParams.get('code'),
    redirect_uri: REDIRECT_URI, code_verifier: second.verifier,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), CONSOLE_ORIGIN);
  assert.equal(body.token_type, 'Bearer');
  await assertGatewayToken(body.access_token, 'koordynator-24', COORDINATOR_24);
  const id = decodeJwt(body.id_token).payload;
  assert.equal(id.role, 'COORDINATOR');
  assert.equal(id.region, '24');
  assert.match(id.name, /śląskie/);

  const renewed = await issuer.token({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
  assert.equal(renewed.response.status, 200);
  await assertGatewayToken(renewed.body.access_token, 'koordynator-24', COORDINATOR_24);

  const logout = new URL(issuer.discovery.end_session_endpoint);
  logout.search = new URLSearchParams({
    id_token_hint: body.id_token, post_logout_redirect_uri: `${CONSOLE_ORIGIN}/console/`,
  });
  const confirm = await browser.request(logout);
  assert.equal(confirm.status, 200);
  const page = await confirm.text();
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)[1];
  const done = await browser.request(action, { method: 'POST', form: { xsrf, logout: 'yes' } });
  assert.equal(done.status, 303);
  assert.equal(new URL(done.headers.get('location')).pathname, '/console/');

  const afterLogout = await issuer.token({
    grant_type: 'refresh_token', refresh_token: renewed.body.refresh_token,
  });
  assert.equal(afterLogout.response.status, 400, 'no renewal after sign-out');
  assert.equal(afterLogout.body.error, 'invalid_grant');
});

test('a JST account gets its TERYT code, and no region', async () => {
  const body = await signInForTokens(issuer, 'jst-2476011', DEMO_PASSWORD);
  await assertGatewayToken(body.access_token, 'jst-2476011', { role: 'JST', jst: '2476011' });
});

test('the keys outlive a restart', async () => {
  const kids = (await issuer.jwks()).map((k) => k.kid).sort();
  await issuer.stop();
  await issuer.start();
  assert.deepEqual((await issuer.jwks()).map((k) => k.kid).sort(), kids);
});
