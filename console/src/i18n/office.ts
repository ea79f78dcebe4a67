// Messages of the editions, their training settings and indicator targets (components/editions-page.ts, edition-page.ts), in both languages; pl.ts and en.ts include them.
// The English object is typed by the Polish one's keys, so the compiler
// refuses a missing or extra key.
export const officePl = {};

export const officeEn: Readonly<Record<keyof typeof officePl, string>> = {};
