import { describe, expect, it } from "vitest";
import type { Delivery } from "../../../src/bot/ports.ts";
import { identityMatcher } from "../../../src/bot/store/redact.ts";

const who = { sessionId: "s1", participantId: "p1", userId: "u-al", name: "Al" };
const room = (...texts: string[]): Delivery & { kind: "say" } => ({
  idempotencyKey: "k",
  roomId: "r",
  audience: { to: "room" },
  kind: "say",
  body: texts.map((text) => ({ text, fromParticipant: true })),
});

describe("which outbox rows carry a forgotten person", () => {
  const long =
    "We lost the orchard by the river when the new road came through, and my grandmother never went back";
  const carries = identityMatcher(who, ["Our bakery closed in the winter", "ok", long]);
  it("finds their name as a word, their user id, their text, and rows addressed to them", () => {
    expect(carries(room("Al"))).toBe(true);
    expect(carries(room("What \u2068Al\u2069 said"))).toBe(true);
    expect(carries(room("our bakery closed in the winter"))).toBe(true);
    // An option label shows an excerpt of 80 characters.
    const label = `#3: ${long.slice(0, 72)} […]`;
    expect(
      carries({
        ...room("Vote"),
        kind: "ask",
        promptId: "v",
        maxChoices: 1,
        options: [{ value: "3", label }],
      }),
    ).toBe(true);
    expect(carries({ ...room("hello"), audience: { to: "user", userId: "u-al" } })).toBe(true);
    expect(
      carries({
        idempotencyKey: "k",
        roomId: "r",
        audience: { to: "room" },
        kind: "floor",
        holders: ["u-al"],
      }),
    ).toBe(true);
  });
  it("finds them in a live card's parts: the mention of their turn, and a part delivered with another", () => {
    const title = { ...room(), body: [{ text: "Stage 2 of 5" }] };
    expect(carries(title)).toBe(false);
    expect(carries({ ...title, card: { key: "s1:stage:2", slot: "status", ping: "u-al" } })).toBe(true);
    expect(
      carries({
        ...title,
        card: {
          key: "s1:stage:2",
          slot: "title",
          more: [{ slot: "status", body: [{ text: "It is " }, { text: "Al", fromParticipant: true }] }],
        },
      }),
    ).toBe(true);
  });
  it("finds their user id written out where their name is not", () => {
    const zed = identityMatcher({ ...who, userId: "@Zed:example.org", name: "Zed Quill" }, []);
    expect(zed(room("ask @zed:example.org about it"))).toBe(true);
    expect(zed(room("ask Zed about it"))).toBe(false);
  });
  it("leaves other people's rows alone: a name inside a word, a short text inside another", () => {
    expect(carries(room("I also think so"))).toBe(false);
    expect(carries(room("ok then, let us look"))).toBe(false);
    expect(carries({ ...room("Al"), body: [{ text: "Al" }] })).toBe(false);
  });
});
