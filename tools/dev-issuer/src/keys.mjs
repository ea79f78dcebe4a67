// The issuer's keys, made at the first start and kept in the state directory
// across restarts (never committed):
//   jwks.json         private JWKS: an RSA 2048 key (RS256, signs every token)
//                     and a P-256 key (ES256, published, signs nothing yet);
//                     `kid` is the RFC 7638 thumbprint.
//   cookie-keys.json  the keys that sign the issuer's session cookies.
// Files are written 0600 in a 0700 directory, atomically (temp + rename).

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// RFC 7638: SHA-256 over the required members in lexicographic order.
function thumbprint(jwk) {
  const members = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : ['crv', 'kty', 'x', 'y'];
  const canonical = JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

function signingJwk(type, options, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

function newJwks() {
  return {
    keys: [
      signingJwk('rsa', { modulusLength: 2048 }, 'RS256'),
      signingJwk('ec', { namedCurve: 'P-256' }, 'ES256'),
    ],
  };
}

function newCookieKeys() {
  return [randomBytes(32).toString('base64url')];
}

function writePrivate(file, value) {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

// The JSON in file, or what make() returns (then written to file) when the
// file does not exist yet.
function loadOrMake(file, make) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code !== 'ENOENT') throw new Error(`cannot read ${file}: ${err.message}`);
  }
  const value = make();
  writePrivate(file, value);
  return value;
}

// { jwks, cookieKeys } from stateDir, made there first when missing.
export function loadOrCreateKeys(stateDir) {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  return {
    jwks: loadOrMake(join(stateDir, 'jwks.json'), newJwks),
    cookieKeys: loadOrMake(join(stateDir, 'cookie-keys.json'), newCookieKeys),
  };
}
