// Group alternation, checked on `turnOrder` itself over many seeds: the exploration in paths.test.ts
// sees one seed per path, so a broken shuffle, tie-break or pooling passes it (mutation testing,
// issue 11). Properties only: which order a seed gives is the shuffle's business.
import { describe, expect, it } from "vitest";
import type { Participant } from "../../../src/flows/protocol.ts";
import type { WorkshopView } from "../../../src/flows/stages/common.ts";
import { turnOrder } from "../../../src/flows/stages/perspective-sharing.ts";
import { person } from "./harness.ts";

function view(participants: readonly Participant[], o: Partial<WorkshopView> = {}): WorkshopView {
  return {
    participants,
    consented: participants.map((p) => p.id),
    consentRound: 1,
    enforcement: "soft",
    pooled: false,
    ...o,
  };
}

const seeds = Array.from({ length: 60 }, (_, i) => i * 7_919 + 1);
const groupOf = (people: readonly Participant[]) => (id: string) => people.find((p) => p.id === id)?.group;

describe("turnOrder", () => {
  it("gives every consented participant exactly one turn, for every seed", () => {
    const people = [
      person("a1", "a"),
      person("a2", "a"),
      person("a3", "a"),
      person("b1", "b"),
      person("b2", "b"),
    ];
    for (const seed of seeds)
      expect([...turnOrder(view(people), seed)].sort()).toEqual(["a1", "a2", "a3", "b1", "b2"]);
  });

  it("leaves out whoever has not consented", () => {
    const people = [person("a1", "a"), person("a2", "a"), person("b1", "b")];
    expect(turnOrder(view(people, { consented: ["a2", "b1"] }), 1).sort()).toEqual(["a2", "b1"]);
  });

  it("shuffles within a group: across seeds, each member speaks first at least once", () => {
    const people = [person("a1", "a"), person("a2", "a"), person("a3", "a")];
    const firsts = new Set(seeds.map((seed) => turnOrder(view(people), seed)[0]));
    expect(firsts).toEqual(new Set(["a1", "a2", "a3"]));
  });

  it("unequal groups: the larger starts and they alternate while both have speakers, whichever is larger", () => {
    for (const [big, small] of [
      ["a", "b"],
      ["b", "a"],
    ] as const) {
      const people = [
        person(`${small}1`, small),
        person(`${big}1`, big),
        person(`${big}2`, big),
        person(`${big}3`, big),
      ];
      for (const seed of seeds)
        expect(turnOrder(view(people), seed).map(groupOf(people))).toEqual([big, small, big, big]);
    }
  });

  it("equal groups: the group named first starts, whatever the join order", () => {
    const people = [person("b1", "b"), person("b2", "b"), person("a1", "a"), person("a2", "a")];
    for (const seed of seeds)
      expect(turnOrder(view(people), seed).map(groupOf(people))).toEqual(["a", "b", "a", "b"]);
  });

  it("three equal groups: they speak in the order of their names, round after round", () => {
    const people = ["c", "b", "a"].flatMap((g) => [person(`${g}1`, g), person(`${g}2`, g)]);
    for (const seed of seeds)
      expect(turnOrder(view(people), seed).map(groupOf(people))).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("participants without a group queue together, first in a tie (their queue has the empty name)", () => {
    const people = [person("a1", "a"), person("x1"), person("b1", "b"), person("x2")];
    for (const seed of seeds)
      expect(turnOrder(view(people), seed).map(groupOf(people))).toEqual([undefined, "a", undefined, "b"]);
  });

  it("pooled: one queue, so a group's lone member may speak at any place", () => {
    const people = [person("a1", "a"), person("a2", "a"), person("a3", "a"), person("b1", "b")];
    const places = new Set(
      seeds.map((seed) => turnOrder(view(people, { pooled: true }), seed).indexOf("b1")),
    );
    expect(places).toEqual(new Set([0, 1, 2, 3]));
  });
});
