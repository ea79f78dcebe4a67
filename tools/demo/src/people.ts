// Synthetic people and institutions of the demonstration programme: names
// that read as Polish, PESEL numbers and NIPs with valid check digits, all
// derived from a seed so every run makes the same ones. None is a real
// person's: the PESEL birth dates and serials are drawn from the seed, and
// the demo's e-mail addresses are under example.pl (RFC 2606).

const femaleFirst = ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Joanna", "Magdalena", "Monika", "Beata", "Dorota", "Elżbieta", "Grażyna", "Iwona", "Jolanta", "Zofia"];
const maleFirst = ["Piotr", "Krzysztof", "Tomasz", "Andrzej", "Paweł", "Marcin", "Michał", "Jan", "Grzegorz", "Józef", "Łukasz", "Mariusz", "Wojciech", "Zbigniew", "Jerzy", "Stanisław"];
// Surnames with their feminine form where Polish has one.
const surnames: [string, string][] = [
  ["Nowak", "Nowak"], ["Kowalski", "Kowalska"], ["Wiśniewski", "Wiśniewska"], ["Wójcik", "Wójcik"],
  ["Kowalczyk", "Kowalczyk"], ["Kamiński", "Kamińska"], ["Lewandowski", "Lewandowska"], ["Zieliński", "Zielińska"],
  ["Szymański", "Szymańska"], ["Woźniak", "Woźniak"], ["Dąbrowski", "Dąbrowska"], ["Kozłowski", "Kozłowska"],
  ["Jankowski", "Jankowska"], ["Mazur", "Mazur"], ["Krawczyk", "Krawczyk"], ["Piotrowski", "Piotrowska"],
  ["Grabowski", "Grabowska"], ["Nowakowski", "Nowakowska"], ["Pawłowski", "Pawłowska"], ["Michalski", "Michalska"],
];

// A small deterministic generator (mulberry32), so a seed always gives the
// same people.
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  const item = list[Math.floor(next() * list.length)];
  if (item === undefined) throw new Error("empty list");
  return item;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

// An 11-digit PESEL for a birth day and sex with a valid check digit (the
// month carries +20 for the 2000s; weights 1,3,7,9,1,3,7,9,1,3).
export function pesel(year: number, month: number, day: number, female: boolean, serial: number): string {
  const encodedMonth = month + (year >= 2000 ? 20 : 0);
  const sexDigit = (serial % 5) * 2 + (female ? 0 : 1);
  const body = `${pad(year % 100, 2)}${pad(encodedMonth, 2)}${pad(day, 2)}${pad(Math.floor(serial / 5) % 1000, 3)}${sexDigit}`;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...body].reduce((s, digit, i) => s + Number(digit) * (weights[i] ?? 0), 0);
  return body + String((10 - (sum % 10)) % 10);
}

// A 10-digit NIP with a valid check digit (weights 6,5,7,2,3,4,5,6,7; a
// remainder of 10 is not a NIP, so the next number is taken).
export function nip(seed: number): string {
  const weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  for (let n = seed; ; ++n) {
    const body = pad(100000000 + (n * 7919) % 900000000, 9);
    const check = [...body].reduce((s, digit, i) => s + Number(digit) * (weights[i] ?? 0), 0) % 11;
    if (check !== 10) return body + String(check);
  }
}

export interface Person {
  firstName: string;
  lastName: string;
  pesel: string;
  female: boolean;
}

// The `index`-th person of a JST's team (a fixed draw from `seed`).
export function person(seed: number, index: number): Person {
  const next = random(seed * 31 + index);
  const female = next() < 0.6;
  const [male, femaleForm] = pick(next, surnames);
  const year = 1958 + Math.floor(next() * 32);
  const month = 1 + Math.floor(next() * 12);
  const day = 1 + Math.floor(next() * 28);
  return {
    firstName: pick(next, female ? femaleFirst : maleFirst),
    lastName: female ? femaleForm : male,
    pesel: pesel(year, month, day, female, seed * 10 + index),
    female,
  };
}

// "Nowak" → "nowak", "Wiśniewska" → "wisniewska": the local part of a demo
// e-mail address.
export function asciiLower(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
}
