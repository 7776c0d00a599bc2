// What each audience sees of a session: coordinators get the stage, floor and alerts' kind and age
// (no floor holder under anonymous); observers get totals with groups below the minimum pooled.
import { describe, expect, it } from "vitest";
import { emptyMeta, type SessionRecord } from "../../src/bot/store.ts";
import { observerView, sessionRow } from "../../src/dashboard/view.ts";
import { loadFlow } from "../../src/bot/flow-library.ts";

const loaded = await loadFlow("perspective-exchange");
if (!loaded.ok) throw new Error("the built-in flow");
const base = loaded.value.spec;
const spec = (confidentiality: "open" | "anonymous", minGroupSize?: number) => ({
  ...base,
  confidentiality,
  ...(minGroupSize === undefined ? {} : { minGroupSize }),
});

function session(
  confidentiality: "open" | "anonymous",
  attendance: Record<string, string>,
  minGroupSize?: number,
): SessionRecord {
  return {
    id: "s0000000001",
    roomKey: "console:r1",
    flowId: "f",
    spec: spec(confidentiality, minGroupSize),
    seed: 1,
    locale: "en",
    snapshot: {
      value: { running: "s0" },
      context: {
        stageIndex: 0,
        floor: { participantId: "p1", since: 1000 },
        participation: { p1: { airtimeMs: 30_000 }, p2: { airtimeMs: 10_000 } },
        attendance: Object.fromEntries(
          Object.entries(attendance).map(([id, group]) => [id, { group, joinedAt: 0, leftAt: null }]),
        ),
      },
    },
    meta: {
      ...emptyMeta,
      nextDeadline: 61_000,
      failures: [{ kind: "pin", code: "missing_permission", at: 5000 }],
      alerts: [
        { n: 1, kind: "timeout", raisedAt: 1000, escalateAt: null, participantId: "p2" },
        { n: 2, kind: "help", raisedAt: 0, escalateAt: null, acknowledged: { by: "fac", at: 5 } },
      ],
    },
    seq: 3,
    status: "live",
    createdAt: 0,
    updatedAt: 0,
    endedAt: null,
  };
}

const people = [
  {
    sessionId: "s0000000001",
    platform: "console",
    userId: "u1",
    participantId: "p1",
    name: "Amal",
    locale: "en",
    group: "a",
  },
  {
    sessionId: "s0000000001",
    platform: "console",
    userId: "u2",
    participantId: "p2",
    name: "Ben",
    locale: "en",
    group: "b",
  },
];

describe("dashboard views", () => {
  it("shows a coordinator the stage, the floor, airtime per group and open alerts by kind and age", () => {
    const row = sessionRow(session("open", { p1: "a", p2: "b" }), people, 11_000);
    expect(row).toMatchObject({
      stage: "Ground rules",
      phase: "running.s0",
      timeLeftMs: 50_000,
      floor: "Amal",
      groups: { a: 1, b: 1 },
      airtime: { a: 40, b: 10 },
      alerts: [{ n: 1, kind: "timeout", ageMs: 10_000 }],
      failures: [{ kind: "pin", code: "missing_permission", ageMs: 6000 }],
    });
    expect(JSON.stringify(row)).not.toContain("p2");
  });

  it("names nobody on the floor under anonymous", () => {
    expect(sessionRow(session("anonymous", { p1: "a" }), people, 11_000).floor).toBe(null);
  });

  it("pools observers' groups below the minimum size and names nobody", () => {
    const s = session("open", { p1: "a", p2: "a", p3: "a", p4: "b" }, 3);
    const view = observerView([s], [sessionRow(s, people, 11_000)]);
    expect(view).toEqual({ live: 1, ended: 0, groups: { a: 3 }, pooled: 1, openAlerts: 1 });
  });
});
