// Airtime runs from the floor given to the floor released, and stops while the workshop is paused:
// paused time counts for nobody (issue 15).
import { describe, expect, it } from "vitest";
import type { FlowEffect } from "../../../src/flows/protocol.ts";
import { flow, harness, joinAll, person, stages, summaryOf } from "./harness.ts";

const people = [person("a1", "a"), person("b1", "b")];

/** Seconds of airtime per group in the record. */
function airtime(effects: readonly FlowEffect[]): Record<string, number | undefined> {
  return Object.fromEntries(summaryOf(effects).participation.map((g) => [g.group ?? "", g.airtimeSeconds]));
}

describe("airtime", () => {
  it("counts the floor held, and not the time the workshop was paused", () => {
    const h = harness(flow([stages.perspective({ turnSeconds: 600 })], { confidentiality: "open" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const speaker = h.status().floor;
    expect(speaker).toBeDefined();
    h.advance(10_000);
    h.send({ type: "control", action: "pause", by: "f" });
    h.advance(60_000);
    h.send({ type: "control", action: "resume", by: "f" });
    h.advance(5_000);
    h.send({ type: "control", action: "end", by: "f" });
    const seconds = airtime(h.effects);
    expect(Object.values(seconds).reduce((n: number, s) => n + (s ?? 0), 0)).toBe(15);
  });

  it("counts nothing after a pause when the workshop ends while paused", () => {
    const h = harness(flow([stages.perspective({ turnSeconds: 600 })], { confidentiality: "open" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.advance(8_000);
    h.send({ type: "control", action: "pause", by: "f" });
    h.advance(120_000);
    h.send({ type: "control", action: "end", by: "f" });
    const seconds = airtime(h.effects);
    expect(Object.values(seconds).reduce((n: number, s) => n + (s ?? 0), 0)).toBe(8);
  });
});
