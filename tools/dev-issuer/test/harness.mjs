// What the issuer's tests share: the issuer started as a process, a browser's
// cookie jar, the console's sign-in (authorization code with PKCE) done with
// plain HTTP requests, and JWT decoding.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.mjs');
export const CONSOLE_ORIGIN = 'http://127.0.0.1:9';
export const REDIRECT_URI = `${CONSOLE_ORIGIN}/console/callback`;
export const CLIENT_ID = 'jstedu-console';

// src/main.mjs on a free loopback port with a fresh state directory (kept
// across stop and start, removed by dispose).
export class DevIssuer {
  stateDir = mkdtempSync(join(tmpdir(), 'jstedu-dev-issuer-'));

  // Starts it; resolves once it listens (url and discovery then set).
  async start() {
    this.child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        JSTEDU_DEV_ISSUER_PORT: '0',
        JSTEDU_DEV_ISSUER_STATE_DIR: this.stateDir,
        JSTEDU_CONSOLE_REDIRECT_URIS: `${CONSOLE_ORIGIN}/console/,${REDIRECT_URI}`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.url = await new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`issuer exited (${code}) before listening`)));
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line);
        if (entry.msg === 'listening') resolve(entry.issuer);
      });
    });
    this.discovery = await (await fetch(`${this.url}/.well-known/openid-configuration`)).json();
  }

  // SIGTERM, then SIGKILL if it has not exited within five seconds: a test
  // never waits on the issuer's shutdown.
  async stop() {
    this.child.removeAllListeners('exit');
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => { this.child.once('exit', resolve); });
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(killer);
  }

  dispose() {
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  async jwks() {
    const response = await fetch(this.discovery.jwks_uri);
    if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
    return (await response.json()).keys;
  }

  authorizeUrl(challenge, extra = {}) {
    const url = new URL(this.discovery.authorization_endpoint);
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

  // A token request from the console's origin: { response, body }.
  async token(params) {
    const response = await fetch(this.discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN },
      body: new URLSearchParams({ client_id: CLIENT_ID, ...params }),
    });
    return { response, body: await response.json() };
  }
}

// A browser on the issuer: its cookies, one request at a time, redirects
// followed by hand.
export class Browser {
  #cookies = new Map();

  constructor(issuer) {
    this.issuer = issuer;
  }

  #store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      if (attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a))) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(name.length + 1));
    }
  }

  async request(url, { method = 'GET', form } = {}) {
    const response = await fetch(new URL(url, this.issuer.url), {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    });
    this.#store(response);
    return response;
  }

  // Follows redirects on the issuer; stops at a page ({ response }) or at a
  // redirect leaving it ({ response, location }: back to the console).
  async follow(response) {
    let current = response;
    for (let hops = 0; hops < 10; hops += 1) {
      if (current.status < 300 || current.status >= 400) return { response: current };
      const location = new URL(current.headers.get('location'), this.issuer.url);
      if (location.origin !== this.issuer.url) return { response: current, location };
      current = await this.request(location);
    }
    throw new Error('too many redirects');
  }

  // Opens the authorization request and submits the login form. Returns
  // { refused, page } when the form comes back refused, else { location }
  // (the redirect to the console, holding code and state); loginPage is the
  // form's response.
  async signIn(login, password, challenge) {
    const start = await this.follow(await this.request(this.issuer.authorizeUrl(challenge)));
    const loginPage = start.response;
    const page = await loginPage.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(page)?.[1];
    if (!action) throw new Error(`no login form (status ${loginPage.status})`);
    const posted = await this.request(action, { method: 'POST', form: { login, password } });
    if (posted.status === 401) return { refused: true, page: await posted.text(), loginPage, form: page };
    const { location } = await this.follow(posted);
    return { location, loginPage, form: page };
  }
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function decodeJwt(jwt) {
  const [header, payload, signature] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    signed: Buffer.from(`${header}.${payload}`),
    signature: Buffer.from(signature, 'base64url'),
  };
}

// Signs in as `login` with the demo password and exchanges the code: the
// token response's body.
export async function signInForTokens(issuer, login, password) {
  const { verifier, challenge } = pkcePair();
  const { location } = await new Browser(issuer).signIn(login, password, challenge);
  const { body } = await issuer.token({
    grant_type: 'authorization_code',
    code: location.searchParams.get('code'),
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  return body;
}
