// Messages of the applications inbox and an application's page (components/applications-page.ts, application-page.ts), in both languages; pl.ts and en.ts include them. The
// English object is typed by the Polish one's keys, so the compiler refuses
// a missing or extra key.
export const applicationsPl = {
  "applications.intro": "Wnioski JST w edycji: filtrowanie, decyzje biura i lista rezerwowa.",
} as const;

export const applicationsEn: Readonly<Record<keyof typeof applicationsPl, string>> = {
  "applications.intro": "The edition's JST applications: filters, the office's decisions and the waiting list.",
};
