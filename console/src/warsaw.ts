// Europe/Warsaw's wall clock, whatever the browser's zone: the programme's
// dates, deadlines and recruitment windows are Warsaw's (office.ts,
// logistics.ts).
const WALL = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Warsaw",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

// The date and time Warsaw's clock shows at `instant` (milliseconds), by
// part: year, month (1–12), day, hour, minute, second.
export function warsawParts(instant: number): Record<string, number> {
  const value: Record<string, number> = {};
  for (const part of WALL.formatToParts(new Date(instant))) if (part.type !== "literal") value[part.type] = Number(part.value);
  return value;
}

// The same reading as the milliseconds of a UTC clock showing that date and
// time, to the second: the difference of two readings is wall-clock time
// (a day is 24 hours even across a change of the clocks).
export function warsawWallClock(instant: number): number {
  const p = warsawParts(instant);
  return Date.UTC(p["year"] ?? 0, (p["month"] ?? 1) - 1, p["day"] ?? 1, p["hour"] ?? 0, p["minute"] ?? 0, p["second"] ?? 0);
}
