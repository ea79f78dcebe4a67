// `tools/dev token` with the development issuer: signs the claims given as
// JSON (argument 2) with the issuer's RSA key from its state directory
// (argument 1, jwks.json: keys.mjs), RS256 with the key's `kid`, and prints
// the compact token. The gateway, trusting the issuer (JSTEDU_OIDC_ISSUER),
// accepts it like a token the issuer gave the console, so scripts and curl
// keep working without a browser. Development only, as the issuer is.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [stateDir, claimsJson] = process.argv.slice(2);
if (!stateDir || !claimsJson) {
  console.error('usage: node sign-token.mjs <state-dir> <claims-json>');
  process.exit(64);
}
const { keys } = JSON.parse(readFileSync(join(stateDir, 'jwks.json'), 'utf8'));
const jwk = keys.find((key) => key.kty === 'RSA' && key.alg === 'RS256');
if (!jwk) {
  console.error(`no RS256 key in ${join(stateDir, 'jwks.json')}: start the issuer once (tools/dev up)`);
  process.exit(1);
}
const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: jwk.kid })}.${encode(JSON.parse(claimsJson))}`;
const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key: jwk, format: 'jwk' }));
console.log(`${input}.${signature.toString('base64url')}`);
