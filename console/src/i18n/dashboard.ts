// Messages of the programme dashboard (components/dashboard-page.ts), in both
// languages; pl.ts and en.ts include them. The English object is typed by
// the Polish one's keys, so the compiler refuses a missing or extra key.
export const dashboardPl = {
  "dashboard.intro": "Postęp programu wobec celów, tempo przyjmowania planów i jakość danych.",
} as const;

export const dashboardEn: Readonly<Record<keyof typeof dashboardPl, string>> = {
  "dashboard.intro": "The programme's progress against its targets, the pace of adopted plans and the quality of data.",
};
