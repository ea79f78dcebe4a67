// Messages of the voivodeship overview (components/overview-page.ts) and the activity form of a case's page (components/case-activity-form.ts), in both languages; pl.ts and en.ts include them.
// The English object is typed by the Polish one's keys, so the compiler
// refuses a missing or extra key.
export const overviewPl = {};

export const overviewEn: Readonly<Record<keyof typeof overviewPl, string>> = {};
