// Messages of the trainer's sessions, attendance sheet, module plan and calendars (components/sessions-page.ts, session-page.ts, module-page.ts, calendars-page.ts), in both languages; pl.ts and en.ts include them.
// The English object is typed by the Polish one's keys, so the compiler
// refuses a missing or extra key.
export const trainingPl = {};

export const trainingEn: Readonly<Record<keyof typeof trainingPl, string>> = {};
