// Messages of the experts registry and a case's pair (components/experts-page.ts, expert-page.ts, case-assignment.ts), in both languages; pl.ts and en.ts include them.
// The English object is typed by the Polish one's keys, so the compiler
// refuses a missing or extra key.
export const expertsPl = {};

export const expertsEn: Readonly<Record<keyof typeof expertsPl, string>> = {};
