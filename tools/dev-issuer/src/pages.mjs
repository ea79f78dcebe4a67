// The issuer's own pages, in Polish, server-rendered without scripts: the
// login form, the sign-out confirmation, the signed-out and the error page.
// One stylesheet (STYLESHEET, served at STYLESHEET_PATH) and nothing from
// elsewhere, so the pages live under a strict Content-Security-Policy
// (contentSecurityPolicy below).

import { ACCOUNTS, DEMO_PASSWORD } from './accounts.mjs';

export const STYLESHEET_PATH = '/assets/issuer.css';

export const STYLESHEET = `
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1a1a1a; line-height: 1.5; }
main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid #c8ccd2; }
h1 { font-size: 1.5rem; margin-top: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #5a6270; }
button { font: inherit; margin-top: 1.25rem; margin-right: .5rem; padding: .5rem 1.25rem; border: 1px solid #0b3d91; background: #0b3d91; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #0b3d91; }
:focus-visible { outline: 3px solid #c25e00; outline-offset: 2px; }
.error { border-left: 4px solid #b00020; padding: .5rem 1rem; background: #fdecee; color: #6b0014; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #dde0e4; }
code { font-size: 1rem; }
td code { white-space: nowrap; }
`;

// The CSP of every page: nothing but this origin's stylesheet; forms may post
// here and (after the redirect that ends a login or sign-out) to the
// console's origins, which browsers check too.
export function contentSecurityPolicy(formTargets) {
  return [
    "default-src 'none'",
    "style-src 'self'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — jstedu (środowisko deweloperskie)</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function accountsTable() {
  const rows = ACCOUNTS.map((a) => `<tr><td><code>${escapeHtml(a.login)}</code></td>`
    + `<td>${escapeHtml(a.role)}</td><td>${escapeHtml(a.name)}</td></tr>`).join('\n');
  return `<table>
<caption>Konta demonstracyjne (hasło każdego: <code>${escapeHtml(DEMO_PASSWORD)}</code>)</caption>
<thead><tr><th scope="col">Login</th><th scope="col">Rola</th><th scope="col">Kto</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

// The login form of interaction `uid`; `failed` adds the refusal message and
// keeps the login typed.
export function loginPage({ uid, login = '', failed = false }) {
  const error = failed
    ? '<p class="error" role="alert" id="login-error">Nieprawidłowy login lub hasło.</p>'
    : '';
  const described = failed ? ' aria-describedby="login-error"' : '';
  return page('Logowanie', `<h1>Logowanie do konsoli programu</h1>
${error}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Login</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(login)}"${described}>
<label for="password">Hasło</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<button type="submit">Zaloguj się</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
<button type="submit" class="secondary">Anuluj</button>
</form>
<h2>Środowisko deweloperskie</h2>
${accountsTable()}`);
}

// The sign-out confirmation around oidc-provider's hidden form `formHtml`
// (id "op.logoutForm", carrying its xsrf token).
export function logoutPage(formHtml) {
  return page('Wylogowanie', `<h1>Czy wylogować się z konsoli programu?</h1>
${formHtml}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Tak, wyloguj</button>
<button type="submit" form="op.logoutForm" class="secondary">Nie, pozostań zalogowany</button>`);
}

export function loggedOutPage() {
  return page('Wylogowano', '<h1>Wylogowano</h1>\n<p>Sesja w konsoli programu została zakończona.</p>');
}

export function errorPage({ error, error_description: description }) {
  return page('Błąd', `<h1>Nie udało się zalogować</h1>
<p class="error" role="alert">${escapeHtml(error)}: ${escapeHtml(description)}</p>
<p>Wróć do konsoli programu i zaloguj się od nowa.</p>`);
}
