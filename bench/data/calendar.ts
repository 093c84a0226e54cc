/**
 * When the store sells: how many sales each day of the year gets (weekday,
 * season and one busy day) and at which hours (local time in La Paz).
 */

/** Relative traffic by weekday, Sunday first. */
const WEEKDAY = [0.75, 0.9, 0.9, 0.95, 1.0, 1.15, 1.35];
/** Relative traffic by month, January first (December: end-of-year shopping). */
const MONTH = [0.9, 0.95, 1.0, 1.0, 1.0, 0.95, 1.0, 1.05, 1.0, 1.0, 1.05, 1.3];
/** How much busier the busy day is than its neighbours. */
const BUSY_FACTOR = 3;

/** Relative traffic by hour of the day (the store opens 07:00 and closes 22:00). */
const HOURS: Record<number, number> = {
  7: 3,
  8: 5,
  9: 6,
  10: 7,
  11: 9,
  12: 10,
  13: 8,
  14: 6,
  15: 6,
  16: 7,
  17: 9,
  18: 11,
  19: 10,
  20: 7,
  21: 4,
};

export interface DayCounts {
  days: string[];
  counts: number[];
}

/** Splits `total` sales over every day of `year`, exactly (largest remainder). */
export function dayCounts(year: number, total: number, busyDay: string): DayCounts {
  const days: string[] = [];
  const weights: number[] = [];
  for (
    let date = new Date(Date.UTC(year, 0, 1));
    date.getUTCFullYear() === year;
    date.setUTCDate(date.getUTCDate() + 1)
  ) {
    const day = date.toISOString().slice(0, 10);
    days.push(day);
    weights.push(
      (WEEKDAY[date.getUTCDay()] ?? 1) * (MONTH[date.getUTCMonth()] ?? 1) * (day === busyDay ? BUSY_FACTOR : 1),
    );
  }
  if (!days.includes(busyDay)) throw new Error(`the busy day ${busyDay} is not in ${year}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => [value - Math.floor(value), index] as const)
    .sort((a, b) => b[0] - a[0]);
  for (const [, index] of byRemainder) {
    if (missing <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing -= 1;
  }
  return { days, counts };
}

/** About 100 hour slots: an hour drawn uniformly from them follows the store's daily curve. */
export function hourSlots(): number[] {
  const total = Object.values(HOURS).reduce((a, b) => a + b, 0);
  const slots: number[] = [];
  for (const [hour, weight] of Object.entries(HOURS)) {
    const n = Math.round((weight / total) * 100);
    for (let i = 0; i < n; i += 1) slots.push(Number(hour));
  }
  return slots;
}
