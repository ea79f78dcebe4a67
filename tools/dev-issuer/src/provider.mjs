// The development OpenID provider: oidc-provider configured for one public
// client, the programme console, and the demo accounts.
//
//   client     jstedu-console: public (no secret), authorization code with
//              PKCE (S256, required), refresh tokens (rotated, ending with
//              the issuer session), RP-initiated logout; redirect and
//              post-logout redirect URIs as configured.
//   access     a JWT for the gateway (resource indicator GATEWAY_RESOURCE,
//   token      the default resource): RS256, iss = issuer URL, aud
//              "jstedu-gateway", sub, iat, exp (accessTokenTtl <= 3600 s
//              after iat), jti, client_id, and role, region, jst; header
//              typ "at+jwt", kid.
//   ID token   sub, name, preferred_username, role, region, jst (scope
//              "openid profile"), RS256.
//   sign-in    /interaction/<uid>: a login form (pages.mjs); consent is
//              given by the issuer itself, the console being first-party.
//
// The store is oidc-provider's in-memory adapter: sessions, codes and refresh
// tokens die with the process (the keys do not; see keys.mjs).

import Provider, { errors } from 'oidc-provider';

import { authenticate, findAccountByLogin, roleClaims } from './accounts.mjs';
import {
  contentSecurityPolicy, errorPage, loggedOutPage, loginPage, logoutPage,
  STYLESHEET, STYLESHEET_PATH,
} from './pages.mjs';

export const CLIENT_ID = 'jstedu-console';
export const GATEWAY_RESOURCE = 'urn:jstedu:gateway';
export const GATEWAY_AUDIENCE = 'jstedu-gateway';
export const MAX_ACCESS_TOKEN_TTL = 3600;
const WORKING_DAY = 12 * 3600;

function account(sub) {
  const found = findAccountByLogin(sub);
  if (!found) return undefined;
  return {
    accountId: found.login,
    async claims() {
      return {
        sub: found.login, name: found.name, preferred_username: found.login, ...roleClaims(found),
      };
    },
  };
}

// The gateway as a resource server. It has no OAuth scopes: the gateway
// authorizes by role, so the token's scope stays empty and the console asks
// only for "openid profile".
function gatewayResourceServer(accessTokenTtl) {
  return {
    scope: '',
    audience: GATEWAY_AUDIENCE,
    accessTokenTTL: accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

function configuration({ redirectUris, jwks, cookieKeys, accessTokenTtl }) {
  return {
    clients: [{
      client_id: CLIENT_ID,
      client_name: 'Konsola programu jstedu',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: redirectUris,
      post_logout_redirect_uris: redirectUris,
    }],
    jwks,
    cookies: { keys: cookieKeys },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'role', 'region', 'jst'],
    },
    // The ID token carries the profile claims itself: the access token is
    // the gateway's, not userinfo's, so the console reads who signed in here.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => account(sub),
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken') return undefined;
      const found = findAccountByLogin(token.accountId);
      return found ? roleClaims(found) : undefined;
    },
    // Without offline_access: the refresh token ends with the issuer session
    // (oidc-provider's expiresWithSession), so signing out ends renewal too.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin, client) => origin !== 'null'
      && client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: accessTokenTtl,
      IdToken: accessTokenTtl,
      Interaction: 3600,
      // A working day; refresh tokens end with the session anyway.
      Session: WORKING_DAY,
      Grant: WORKING_DAY,
      RefreshToken: WORKING_DAY,
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GATEWAY_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== GATEWAY_RESOURCE) throw new errors.InvalidTarget();
          return gatewayResourceServer(accessTokenTtl);
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => { ctx.body = logoutPage(form); },
        postLogoutSuccessSource: async (ctx) => { ctx.body = loggedOutPage(); },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new errors.InvalidRequest('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// The console is first-party: the issuer consents for the user to what the
// request asks (OIDC scopes and claims, the gateway's scopes).
async function grantConsent(provider, details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return { consent: { grantId: await grant.save() } };
}

// Koa middleware for /interaction/<uid>[/login|/abort]: the login form, its
// submission, cancelling, and the automatic consent. A refusal by
// oidc-provider (an expired or unknown interaction, say) is shown as the
// error page with its status.
function interactions(provider) {
  const route = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;
  return async (ctx, next) => {
    const match = route.exec(ctx.path);
    if (!match) return next();
    try {
      return await interact(provider, ctx, match[1], match[2]);
    } catch (err) {
      if (!(err instanceof errors.OIDCProviderError)) throw err;
      ctx.status = err.statusCode;
      ctx.type = 'html';
      ctx.body = errorPage(err);
      return undefined;
    }
  };
}

// The interaction's outcome for oidc-provider, or undefined when this
// request answers with a page (the form, the form refused, 405).
async function interactionResult(provider, ctx, details, action) {
  if (!action && ctx.method === 'GET') {
    if (details.prompt.name === 'consent') return grantConsent(provider, details);
    ctx.type = 'html';
    ctx.body = loginPage({ uid: details.uid });
    return undefined;
  }
  if (action === 'login' && ctx.method === 'POST') {
    const form = await readForm(ctx.req);
    const found = authenticate(form.get('login'), form.get('password'));
    if (found) return { login: { accountId: found.login } };
    ctx.status = 401;
    ctx.type = 'html';
    ctx.body = loginPage({ uid: details.uid, login: form.get('login') ?? '', failed: true });
    return undefined;
  }
  if (action === 'abort' && ctx.method === 'POST') {
    return { error: 'access_denied', error_description: 'Logowanie anulowane.' };
  }
  ctx.status = 405;
  return undefined;
}

async function interact(provider, ctx, uid, action) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
  const result = await interactionResult(provider, ctx, details, action);
  if (!result) return undefined;
  const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(to);
  return undefined;
}

// Headers of every response: the CSP on HTML pages; the stylesheet served.
function pageHeaders(formTargets) {
  const csp = contentSecurityPolicy(formTargets);
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === STYLESHEET_PATH) {
      ctx.type = 'text/css; charset=utf-8';
      ctx.body = STYLESHEET;
    } else {
      await next();
    }
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (ctx.response.is('html')) {
      ctx.set('Content-Security-Policy', csp);
      ctx.set('Referrer-Policy', 'no-referrer');
    }
  };
}

// The provider at `issuer` (its URL, e.g. http://127.0.0.1:8081), a Koa app:
// serve it with provider.callback().
export function createIssuer({ issuer, redirectUris, jwks, cookieKeys, accessTokenTtl }) {
  if (!(accessTokenTtl > 0 && accessTokenTtl <= MAX_ACCESS_TOKEN_TTL)) {
    throw new Error(`access token lifetime must be 1..${MAX_ACCESS_TOKEN_TTL} s`);
  }
  const provider = new Provider(issuer, configuration({
    redirectUris, jwks, cookieKeys, accessTokenTtl,
  }));
  const formTargets = [...new Set(redirectUris.map((uri) => new URL(uri).origin))];
  provider.use(pageHeaders(formTargets));
  provider.use(interactions(provider));
  return provider;
}
