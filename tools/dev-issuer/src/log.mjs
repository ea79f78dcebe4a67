// Logs: one JSON object per line on stdout. oidc-provider's own notices and
// warnings (console.info, console.warn) become such lines too, so this module
// is imported before it.

export function log(level, msg, fields = {}) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

console.info = (message) => log('info', String(message));
console.warn = (message) => log('warning', String(message));
