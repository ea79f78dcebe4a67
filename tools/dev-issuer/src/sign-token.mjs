// `tools/dev token` with the development issuer: signs the claims given as
// JSON (argument 2) with the issuer's key from its state directory
// (argument 1) and prints the compact token (token.mjs).
import { signToken } from './token.mjs';

const [stateDir, claimsJson] = process.argv.slice(2);
if (!stateDir || !claimsJson) {
  console.error('usage: node sign-token.mjs <state-dir> <claims-json>');
  process.exit(64);
}
try {
  console.log(signToken(stateDir, JSON.parse(claimsJson)));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
