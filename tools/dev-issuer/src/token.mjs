// Tokens signed with the development issuer's RSA key (its state directory's
// jwks.json, written by keys.mjs): RS256 with the key's `kid`, so a gateway
// trusting the issuer (JSTEDU_OIDC_ISSUER) accepts them like the tokens the
// issuer gives the console. Used by `tools/dev token` (sign-token.mjs) and
// by the browser tests' own API reads. Development only, as the issuer is.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The compact token of `claims`; throws when the issuer has no RS256 key
// in `stateDir` yet.
export function signToken(stateDir, claims) {
  const { keys } = JSON.parse(readFileSync(join(stateDir, 'jwks.json'), 'utf8'));
  const jwk = keys.find((key) => key.kty === 'RSA' && key.alg === 'RS256');
  if (!jwk) throw new Error(`no RS256 key in ${join(stateDir, 'jwks.json')}: start the issuer once (tools/dev up)`);
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: jwk.kid })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key: jwk, format: 'jwk' }));
  return `${input}.${signature.toString('base64url')}`;
}
