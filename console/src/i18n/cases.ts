// Messages of the advisory cases board and a case's page (components/cases-page.ts, case-page.ts), in both languages; pl.ts and en.ts include them. The
// English object is typed by the Polish one's keys, so the compiler refuses
// a missing or extra key.
export const casesPl = {
  "cases.intro": "Sprawy doradcze według etapu, z terminami w dniach roboczych.",
} as const;

export const casesEn: Readonly<Record<keyof typeof casesPl, string>> = {
  "cases.intro": "Advisory cases by stage, with their business-day due dates.",
};
