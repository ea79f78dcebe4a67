// The demo accounts of the development issuer: one per role, a coordinator
// for each of the 16 voivodeships, JST staff of a few JSTs. Every account
// signs in with DEMO_PASSWORD. The login is also the token's `sub`.
//
// Claims carried (the gateway reads them from the access token; the console
// from the ID token): role (ADMIN COORDINATOR EXPERT TRAINER JST MINISTRY),
// region (voivodeship code, COORDINATOR only), jst (TERYT code, JST only).

import { timingSafeEqual } from 'node:crypto';

export const DEMO_PASSWORD = 'demo-jstedu';

// Voivodeship codes (the even numbers 02..32) and their names.
export const VOIVODESHIPS = [
  ['02', 'dolnośląskie'], ['04', 'kujawsko-pomorskie'], ['06', 'lubelskie'],
  ['08', 'lubuskie'], ['10', 'łódzkie'], ['12', 'małopolskie'],
  ['14', 'mazowieckie'], ['16', 'opolskie'], ['18', 'podkarpackie'],
  ['20', 'podlaskie'], ['22', 'pomorskie'], ['24', 'śląskie'],
  ['26', 'świętokrzyskie'], ['28', 'warmińsko-mazurskie'],
  ['30', 'wielkopolskie'], ['32', 'zachodniopomorskie'],
];

// JSTs with a demo staff account (TERYT code, name).
const DEMO_JSTS = [
  ['2476011', 'Świętochłowice (gmina miejska)'],
  ['2469011', 'Katowice (gmina miejska)'],
  ['1261011', 'Kraków (gmina miejska)'],
  ['2261011', 'Gdańsk (gmina miejska)'],
  ['2401', 'powiat będziński'],
  // The rollout's first qualified JST (tools/demo): signs its officials up
  // for the rollout's modules.
  ['2401021', 'Czeladź (gmina miejska)'],
];

// The 16 coordinators' synthetic names, in VOIVODESHIPS order.
const COORDINATOR_NAMES = [
  'Anna Nowak', 'Piotr Wójcik', 'Katarzyna Kamińska', 'Marek Lewicki',
  'Agnieszka Dąbrowska', 'Paweł Kozłowski', 'Joanna Jankowska', 'Michał Mazur',
  'Barbara Krawczyk', 'Krzysztof Piotrowski', 'Magdalena Grabowska', 'Tomasz Pawlak',
  'Monika Michalska', 'Andrzej Król', 'Beata Wieczorek', 'Grzegorz Jabłoński',
];

function buildAccounts() {
  const list = [
    // Names of people, as an identity provider gives them: the console
    // shows the role beside the name.
    { login: 'biuro', name: 'Ewa Zielińska', role: 'ADMIN' },
    { login: 'ministerstwo', name: 'Tomasz Lewandowski', role: 'MINISTRY' },
  ];
  for (const [i, [code, name]] of VOIVODESHIPS.entries()) {
    list.push({
      login: `koordynator-${code}`,
      name: `${COORDINATOR_NAMES[i]}, województwo ${name}`,
      role: 'COORDINATOR',
      region: code,
    });
  }
  list.push(
    // The demonstration programme's experts and trainers (tools/demo):
    // the same subjects, so each sees their own cases and sessions.
    { login: 'ekspert-1', name: 'dr Maria Ekspercka (rozwój oświaty)', role: 'EXPERT' },
    { login: 'ekspert-2', name: 'Jan Doradczy (rozwój oświaty)', role: 'EXPERT' },
    { login: 'ekspert-3', name: 'Ewa Kadrowa (rozwój kadr)', role: 'EXPERT' },
    { login: 'ekspert-4', name: 'Piotr Zasobny (rozwój kadr)', role: 'EXPERT' },
    { login: 'trener-1', name: 'Trener 1', role: 'TRAINER' },
    { login: 'trener-2', name: 'Trener 2', role: 'TRAINER' },
  );
  for (const [teryt, name] of DEMO_JSTS) {
    list.push({ login: `jst-${teryt}`, name: `Pracownik JST: ${name}`, role: 'JST', jst: teryt });
  }
  return list;
}

export const ACCOUNTS = Object.freeze(buildAccounts().map((a) => Object.freeze(a)));
const BY_LOGIN = new Map(ACCOUNTS.map((a) => [a.login, a]));

export function findAccountByLogin(login) {
  return BY_LOGIN.get(login);
}

// The account when login and password match, else undefined (the password is
// compared in constant time, though it is a published demo password).
export function authenticate(login, password) {
  const account = BY_LOGIN.get(String(login ?? '').trim().toLowerCase());
  const given = Buffer.from(String(password ?? ''));
  const wanted = Buffer.from(DEMO_PASSWORD);
  const same = given.length === wanted.length && timingSafeEqual(given, wanted);
  return account && same ? account : undefined;
}

// The role claims of an account: role, and region or jst where the role has one.
export function roleClaims(account) {
  const claims = { role: account.role };
  if (account.region) claims.region = account.region;
  if (account.jst) claims.jst = account.jst;
  return claims;
}
