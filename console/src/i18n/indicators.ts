// Messages of the indicators screen (components/indicators-page.ts), in both
// languages; pl.ts and en.ts include them. The English object is typed by
// the Polish one's keys, so the compiler refuses a missing or extra key.
export const indicatorsPl = {
  "indicators.intro": "Wskaźniki edycji z podziałami; każda liczba prowadzi do rekordów, z których powstała.",
} as const;

export const indicatorsEn: Readonly<Record<keyof typeof indicatorsPl, string>> = {
  "indicators.intro": "The edition's indicators with breakdowns; every figure opens the records behind it.",
};
