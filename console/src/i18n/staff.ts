// Messages of the JST staff's application with its team (components/apply-page.ts) and their officials' training (components/officials-page.ts), in both languages; pl.ts and en.ts include them.
// The English object is typed by the Polish one's keys, so the compiler
// refuses a missing or extra key.
export const staffPl = {};

export const staffEn: Readonly<Record<keyof typeof staffPl, string>> = {};
