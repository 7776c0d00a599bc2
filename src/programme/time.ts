// Local times in IANA time zones, with the platform's Intl data only (no library). Pure.

/** `2027-03-02 17:00` (a `T` between date and time is accepted too). */
export const localDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

const zoneCache = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = zoneCache.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      });
    } catch {
      f = null;
    }
    zoneCache.set(zone, f);
  }
  return f;
}

/** An IANA zone name the platform knows ("Europe/Berlin", "UTC"); abbreviations such as CET are refused. */
export function isTimeZone(zone: string): boolean {
  return (zone === "UTC" || /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(zone)) && formatter(zone) !== null;
}

interface Wall {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
}

/** The wall clock in `zone` at an instant. */
export function wallClock(ms: number, zone: string): Wall {
  const f = formatter(zone);
  if (f === null) throw new Error(`unknown time zone ${zone}`);
  const parts = Object.fromEntries(f.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    y: Number(parts["year"]),
    mo: Number(parts["month"]),
    d: Number(parts["day"]),
    h: Number(parts["hour"]),
    mi: Number(parts["minute"]),
  };
}

const asUtc = (w: Wall) => Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);

/**
 * The instant a local date and time happens in `zone`; null when it does not exist (skipped by a
 * change to summer time) or cannot be read. A time that happens twice (the clocks go back) is the
 * first of the two.
 */
export function zonedToUtc(local: string, zone: string): number | null {
  const m = localDateTimePattern.exec(local);
  if (m === null || formatter(zone) === null) return null;
  const wall: Wall = {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4]),
    mi: Number(m[5]),
  };
  if (wall.mo < 1 || wall.mo > 12 || wall.d < 1 || wall.d > 31 || wall.h > 23 || wall.mi > 59) return null;
  const guess = asUtc(wall);
  // 30 February is not a day (Date.UTC would roll it over into March).
  if (new Date(guess).getUTCDate() !== wall.d) return null;
  const hour = 3_600_000;
  const candidates = [guess - 14 * hour, guess + 14 * hour]
    .map((probe) => guess - (asUtc(wallClock(probe, zone)) - probe))
    .filter((t) => asUtc(wallClock(t, zone)) === guess)
    .sort((a, b) => a - b);
  return candidates[0] ?? null;
}

/** The local date and time `days` days after `local` (same wall clock). */
export function addDays(local: string, days: number): string {
  const m = localDateTimePattern.exec(local);
  if (m === null) return local;
  const t = new Date(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days, Number(m[4]), Number(m[5])),
  );
  return t.toISOString().slice(0, 16).replace("T", " ");
}

/** `2027-03-02 17:00` in `zone`. */
export function formatLocal(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${p(w.mo)}-${p(w.d)} ${p(w.h)}:${p(w.mi)}`;
}
