// Which edition a screen opens on: the one running today, else the one
// that started last, else the first listed. Screens keep the chosen edition
// in their address (?edition=CODE), so a link or a reload shows the same.
export interface EditionDates {
  readonly code?: string;
  readonly startsOn?: string;
  readonly endsOn?: string;
}

// `today` is a civil date in Warsaw ("2026-12-05"), as the editions' dates.
export function defaultEdition(editions: readonly EditionDates[], today: string): string {
  const running = editions.find(
    (e) => e.startsOn !== undefined && e.startsOn <= today && (e.endsOn === undefined || today <= e.endsOn),
  );
  if (running?.code) return running.code;
  const started = editions
    .filter((e) => e.startsOn !== undefined && e.startsOn <= today)
    .sort((a, b) => (b.startsOn ?? "").localeCompare(a.startsOn ?? ""));
  return started[0]?.code ?? editions[0]?.code ?? "";
}

// Today in Warsaw as a civil date.
export function todayInWarsaw(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw" }).format(now);
}
