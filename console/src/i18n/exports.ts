// Messages of the exports screen (components/exports-page.ts), in both
// languages; pl.ts and en.ts include them. The English object is typed by
// the Polish one's keys, so the compiler refuses a missing or extra key.
export const exportsPl = {
  "exports.intro": "Migawki sprawozdawcze edycji: utworzenie, pobranie, porównanie z ostatnią przekazaną i przekazanie.",
} as const;

export const exportsEn: Readonly<Record<keyof typeof exportsPl, string>> = {
  "exports.intro": "The edition's reporting snapshots: create, download, compare with the last submitted one, submit.",
};
