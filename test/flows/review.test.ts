// Safeguarding review items as stored in every shape: a finished session's snapshot is read (its
// report rebuilt) and forgotten from without being restored, so its review state may be in the
// shape of the version that wrote it (an object an item, with or without a copy of the text).
import { describe, expect, it } from "vitest";
import type { FlowEffect } from "../../src/flows/protocol.ts";
import { forgetAuthor, migrated, reviewItems, withheld, type ReviewState } from "../../src/flows/review.ts";

const post = (contribution: string): FlowEffect => ({
  type: "say",
  key: "brainstorm.idea",
  audience: { to: "room" },
  contribution,
});

const objects = {
  items: [
    {
      ref: 512,
      contribution: "i1",
      stageIndex: 2,
      author: "a",
      status: "shown",
      text: "one",
      type: "stage.onBehalf",
    },
    {
      ref: 436,
      contribution: "i2",
      stageIndex: 2,
      author: "b",
      status: "held",
      text: "two",
      type: "stage.onBehalf",
    },
    { ref: 585, contribution: "i3", stageIndex: 3, author: "a", status: "hidden", text: "three" },
    { ref: 100, contribution: "i4", stageIndex: 3, author: "b", status: "lapsed" },
  ],
  queue: [{ contribution: "i2", effect: post("i2") }],
} as unknown as ReviewState;

describe("review state in the shape of any version", () => {
  it("reads an object an item as columns, without the copies of the text", () => {
    const columns = migrated(objects);
    expect(columns).toEqual({
      refs: [512, 436, 585, 100],
      contributions: ["i1", "i2", "i3", "i4"],
      stages: [2, 2, 3, 3],
      authors: ["a", "b", "a", "b"],
      statuses: "shxl",
      queue: [{ contribution: "i2", effect: post("i2") }],
    });
    expect(JSON.stringify(columns)).not.toContain("one");
    expect(reviewItems(objects)).toEqual(reviewItems(columns));
    expect(reviewItems(columns).map((i) => i.status)).toEqual(["shown", "held", "hidden", "lapsed"]);
  });

  it("withholds the same contributions, and forget-me drops the person's items and waiting posts, in either shape", () => {
    for (const state of [objects, migrated(objects)]) {
      expect(withheld(state)).toEqual(["i2", "i3", "i4"]);
      const forgotten = forgetAuthor(state, "b");
      expect(reviewItems(forgotten).map((i) => i.contribution)).toEqual(["i1", "i3"]);
      expect(reviewItems(forgotten).map((i) => [i.author, i.status, i.ref, i.stageIndex])).toEqual([
        ["a", "shown", 512, 2],
        ["a", "hidden", 585, 3],
      ]);
      expect(forgotten.queue).toEqual([]);
      expect(withheld(forgotten)).toEqual(["i3"]);
      expect(JSON.stringify(forgotten)).not.toMatch(/"b"|"i2"|"i4"/);
    }
  });
});
