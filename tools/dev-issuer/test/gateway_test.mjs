// The gateway as it is today (one RSA key from a PEM file, one issuer) takes
// the development issuer's access tokens: jstedu-gateway is started with the
// issuer's RS256 key and URL, and a token of the coordinator of Śląskie gets
// past authentication (the services are absent, so the answer is theirs to
// miss: 503), while the same token with a broken signature is refused (401).
// Needs JSTEDU_TEST_BIN_DIR and JSTEDU_TEST_REDIS_ADDR (tools/dev test).
// Run: CTest tools.dev_issuer_gateway.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DEMO_PASSWORD } from '../src/accounts.mjs';
import { DevIssuer, signInForTokens } from './harness.mjs';

const { JSTEDU_TEST_BIN_DIR: binDir, JSTEDU_TEST_REDIS_ADDR: redisAddr } = process.env;
if (!binDir || !redisAddr) {
  throw new Error('JSTEDU_TEST_BIN_DIR and JSTEDU_TEST_REDIS_ADDR are required (run it with tools/dev test)');
}

const issuer = new DevIssuer();
let gateway;
let gatewayUrl;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (gateway.exitCode !== null) throw new Error(`jstedu-gateway exited (${gateway.exitCode})`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
  throw new Error('jstedu-gateway did not answer /healthz');
}

// The gateway trusting the issuer's RS256 key, given as a PEM file.
async function startGateway() {
  const rsa = (await issuer.jwks()).find((k) => k.alg === 'RS256');
  const keyFile = join(issuer.stateDir, 'gateway-public.pem');
  writeFileSync(keyFile, createPublicKey({ key: rsa, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
  const secretFile = join(issuer.stateDir, 'idempotency.key');
  writeFileSync(secretFile, randomBytes(48), { mode: 0o600 });
  const [http, admin] = [await freePort(), await freePort()];
  // The services are absent: port 1 (tcpmux), on which nothing listens,
  // refuses at once; a free port picked now could be taken by another test
  // running in parallel before the gateway dials it.
  const nowhere = 1;
  gatewayUrl = `http://127.0.0.1:${http}`;
  gateway = spawn(join(binDir, 'jstedu-gateway'), [], {
    env: {
      ...process.env,
      JSTEDU_HTTP_LISTEN: `127.0.0.1:${http}`,
      JSTEDU_ADMIN_LISTEN: `127.0.0.1:${admin}`,
      JSTEDU_RECRUITMENT_ADDR: `127.0.0.1:${nowhere}`,
      JSTEDU_TRAINING_ADDR: `127.0.0.1:${nowhere}`,
      JSTEDU_ADVISORY_ADDR: `127.0.0.1:${nowhere}`,
      JSTEDU_REPORTING_ADDR: `127.0.0.1:${nowhere}`,
      JSTEDU_JWT_PUBLIC_KEY_FILE: keyFile,
      JSTEDU_JWT_ISSUER: issuer.url,
      JSTEDU_JWT_AUDIENCE: 'jstedu-gateway',
      JSTEDU_IDEMPOTENCY_KEY_FILE: secretFile,
      JSTEDU_REDIS_ADDR: redisAddr,
      JSTEDU_REDIS_PREFIX: `jstedu:dev-issuer-test:${randomBytes(6).toString('hex')}:`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitHealthy(gatewayUrl);
}

function getJst(token) {
  return fetch(`${gatewayUrl}/v1/jsts/2476011`, { headers: { authorization: `Bearer ${token}` } });
}

// Bounded, so that a stuck start or stop fails naming itself rather than
// running into CTest's timeout silently.
const BOUNDED = { timeout: 30_000 };

before(async () => {
  await issuer.start();
  await startGateway();
}, BOUNDED);

after(async () => {
  if (gateway?.exitCode === null) {
    const gone = new Promise((resolve) => { gateway.once('exit', resolve); });
    gateway.kill('SIGTERM');
    await gone;
  }
  await issuer.stop();
  issuer.dispose();
}, BOUNDED);

test("the gateway authenticates the issuer's access token", BOUNDED, async () => {
  const { access_token: token } = await signInForTokens(issuer, 'koordynator-24', DEMO_PASSWORD);
  const accepted = await getJst(token);
  assert.equal(accepted.headers.get('www-authenticate'), null);
  assert.equal(accepted.status, 503, 'past authentication: only the absent service is missing');

  const [header, payload, signature] = token.split('.');
  const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  const refused = await getJst(`${header}.${payload}.${flipped}`);
  assert.equal(refused.status, 401);
});
