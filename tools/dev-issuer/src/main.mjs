// jstedu-dev-issuer: the development OpenID provider (README.md).
// Configuration from the environment, failing fast:
//   JSTEDU_DEV_ISSUER_PORT       TCP port on 127.0.0.1 (0: any free port)
//   JSTEDU_DEV_ISSUER_STATE_DIR  where the keys are kept (keys.mjs)
//   JSTEDU_CONSOLE_REDIRECT_URIS the console's redirect (and post-logout
//                                redirect) URIs, comma separated; default
//                                http://127.0.0.1:8080/console/ and
//                                http://127.0.0.1:8080/console/callback
//   JSTEDU_DEV_ISSUER_TOKEN_TTL  access and ID token lifetime, seconds,
//                                1..3600 (default 900)
// Logs one JSON object per line on stdout; the first, {"msg":"listening",
// "issuer":URL}, tells where it serves (the port chosen when 0 was asked).

import { createServer } from 'node:http';

import { log } from './log.mjs';
import { loadOrCreateKeys } from './keys.mjs';
import { createIssuer, MAX_ACCESS_TOKEN_TTL } from './provider.mjs';

const DEFAULT_REDIRECT_URIS = 'http://127.0.0.1:8080/console/,http://127.0.0.1:8080/console/callback';

function fail(message) {
  log('error', message);
  process.exit(2);
}

function integerSetting(name, fallback, min, max) {
  const raw = process.env[name] ?? fallback;
  if (raw === undefined || !/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    fail(`${name} must be an integer ${min}..${max}, got ${JSON.stringify(raw ?? null)}`);
  }
  return Number(raw);
}

function redirectUrisSetting() {
  const raw = process.env.JSTEDU_CONSOLE_REDIRECT_URIS ?? DEFAULT_REDIRECT_URIS;
  const uris = raw.split(',').map((u) => u.trim()).filter(Boolean);
  for (const uri of uris) {
    const url = URL.parse(uri);
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.hash) {
      fail(`JSTEDU_CONSOLE_REDIRECT_URIS: ${JSON.stringify(uri)} is not an http(s) URL without a fragment`);
    }
  }
  if (uris.length === 0) fail('JSTEDU_CONSOLE_REDIRECT_URIS names no URI');
  return uris;
}

function settings() {
  const stateDir = process.env.JSTEDU_DEV_ISSUER_STATE_DIR;
  if (!stateDir) fail('JSTEDU_DEV_ISSUER_STATE_DIR is required (where the keys are kept)');
  return {
    port: integerSetting('JSTEDU_DEV_ISSUER_PORT', undefined, 0, 65535),
    stateDir,
    redirectUris: redirectUrisSetting(),
    accessTokenTtl: integerSetting('JSTEDU_DEV_ISSUER_TOKEN_TTL', '900', 1, MAX_ACCESS_TOKEN_TTL),
  };
}

function main() {
  const config = settings();
  const keys = loadOrCreateKeys(config.stateDir);
  // The issuer URL holds the port, known only once listening (port 0), so
  // the provider is built then; until that moment the server answers 503.
  let handler = (_req, res) => { res.statusCode = 503; res.end(); };
  const server = createServer((req, res) => handler(req, res));
  server.on('error', (err) => fail(`cannot listen on 127.0.0.1:${config.port}: ${err.message}`));
  server.listen(config.port, '127.0.0.1', () => {
    const issuer = `http://127.0.0.1:${server.address().port}`;
    const provider = createIssuer({ issuer, ...config, ...keys });
    provider.on('server_error', (_ctx, err) => log('error', 'server error', { error: err.message }));
    handler = provider.callback();
    log('info', 'listening', { issuer, redirect_uris: config.redirectUris });
  });
  // Stops at once: server.close waits for every open connection, and a
  // browser's idle keep-alive connection would hold the process for ever
  // (the browser tests' issuer hung in tests/browser/issuer.test.mjs).
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
