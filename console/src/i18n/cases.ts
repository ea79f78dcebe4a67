// Messages of the advisory cases board and a case's page (components/cases-page.ts, case-page.ts), in both languages; pl.ts and en.ts include them. The
// English object is typed by the Polish one's keys, so the compiler refuses
// a missing or extra key. Stage names are the JST page's (jst.stage.*).
export const casesPl = {
  "cases.intro": "Sprawy doradcze według etapu, z terminami w dniach roboczych.",
  "cases.voivodeship": "Województwo",
  "cases.allVoivodeships": "wszystkie",
  "cases.total": "Spraw: {count}.",
  "cases.emptyColumn": "Brak spraw.",
  "cases.cardPlace": "TERYT {teryt}, {voivodeship}",
  "cases.dueOn": "termin: {date}",
  "cases.overdueSince": "po terminie — termin: {date}",
  "cases.overdue": "po terminie (działanie z harmonogramu)",
} as const;

export const casesEn: Readonly<Record<keyof typeof casesPl, string>> = {
  "cases.intro": "Advisory cases by stage, with their business-day due dates.",
  "cases.voivodeship": "Voivodeship",
  "cases.allVoivodeships": "all",
  "cases.total": "Cases: {count}.",
  "cases.emptyColumn": "No cases.",
  "cases.cardPlace": "TERYT {teryt}, {voivodeship}",
  "cases.dueOn": "due on {date}",
  "cases.overdueSince": "overdue — due on {date}",
  "cases.overdue": "overdue (an action of the schedule)",
};
