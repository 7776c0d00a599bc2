// The schedule's starts: weekly starts keep their local time across a change to summer time, stop
// at `until` or `count`, and fall in the window asked for.
import { describe, expect, it } from "vitest";
import { plan } from "../../src/programme/plan.ts";
import { parseProgramme } from "../../src/programme/spec.ts";
import { zonedToUtc } from "../../src/programme/time.ts";

function programme(schedule: string, zone = "Europe/Berlin") {
  const r = parseProgramme(
    `id: p
title: P
timeZone: ${zone}
cohorts:
  - id: c
    flow: perspective-exchange
    facilitators: [alice]
    rooms: [console:a]
    schedule:
${schedule}`,
    "programme.yaml",
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.programme;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe("plan", () => {
  it("keeps 17:00 Berlin time across the change to summer time, until the last date", () => {
    const p = programme("      - { at: 2027-03-16 17:00, repeat: weekly, until: 2027-04-06 }\n");
    const starts = plan(p, Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1));
    expect(starts.map((o) => iso(o.at))).toEqual([
      "2027-03-16T16:00",
      "2027-03-23T16:00",
      "2027-03-30T15:00",
      "2027-04-06T15:00",
    ]);
    expect(starts.map((o) => o.local)).toEqual([
      "2027-03-16 17:00",
      "2027-03-23 17:00",
      "2027-03-30 17:00",
      "2027-04-06 17:00",
    ]);
  });

  it("counts weekly starts and keeps to the window asked for", () => {
    const p = programme("      - { at: 2027-01-05 09:30, repeat: weekly, count: 10 }\n", "Asia/Jerusalem");
    expect(plan(p, 0, Date.UTC(2030, 0, 1))).toHaveLength(10);
    const window = plan(p, Date.UTC(2027, 0, 12), Date.UTC(2027, 0, 20));
    expect(window.map((o) => [o.key, iso(o.at)])).toEqual([
      ["p/c/console:a/2027-01-12T07:30:00.000Z", "2027-01-12T07:30"],
      ["p/c/console:a/2027-01-19T07:30:00.000Z", "2027-01-19T07:30"],
    ]);
  });

  it("takes the first of a time that happens twice, and knows a time that does not happen", () => {
    // 2027-10-31 02:30 happens twice in Berlin (the clocks go back at 03:00 CEST).
    expect(iso(zonedToUtc("2027-10-31 02:30", "Europe/Berlin") ?? 0)).toBe("2027-10-31T00:30");
    expect(zonedToUtc("2027-03-28 02:30", "Europe/Berlin")).toBe(null);
    expect(zonedToUtc("2027-02-30 10:00", "UTC")).toBe(null);
  });
});
