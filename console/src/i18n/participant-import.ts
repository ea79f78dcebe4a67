// Messages of the participant import and an application's history (components/participant-import-page.ts, application-page.ts), in both languages; pl.ts and en.ts include them.
// The English object is typed by the Polish one's keys, so the compiler
// refuses a missing or extra key.
export const participantImportPl = {};

export const participantImportEn: Readonly<Record<keyof typeof participantImportPl, string>> = {};
