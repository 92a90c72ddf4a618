/** Local calendar helpers: staff think in their salon's local day, not in UTC. */
const pad = (n: number) => String(n).padStart(2, '0');

export function toDayString(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function toTimeString(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `YYYY-MM-DD` → the local midnight that starts it; null when the text is not a real date. */
export function parseDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return toDayString(d) === day ? d : null;
}

export function shiftDay(day: string, by: number): string {
  const d = parseDay(day) ?? new Date();
  d.setDate(d.getDate() + by);
  return toDayString(d);
}

/** ISO bounds of a local day, for an index range query on `scheduledAt`. */
export function dayBounds(day: string): [string, string] {
  const start = parseDay(day) ?? new Date();
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return [start.toISOString(), end.toISOString()];
}

export function combineLocal(day: string, time: string): Date | null {
  const d = parseDay(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const h = Number(t[1]);
  const min = Number(t[2]);
  if (h > 23 || min > 59) return null;
  d.setHours(h, min, 0, 0);
  return d;
}
