// Messages of a JST's page (components/jst-page.ts), in both
// languages; pl.ts and en.ts include them. The English object is typed by
// the Polish one's keys, so the compiler refuses a missing or extra key.
export const jstPl = {
  "jst.intro": "Wnioski JST, etap wsparcia doradczego i postęp szkolenia jej przedstawicieli.",
} as const;

export const jstEn: Readonly<Record<keyof typeof jstPl, string>> = {
  "jst.intro": "The JST's applications, its advisory case stage and its officials' training progress.",
};
