import { describe, expect, it } from "vitest";
import type { CardMore, Delivery } from "../../../src/bot/ports.ts";
import type { InboxPayload } from "../../../src/bot/store.ts";
import {
  forgottenText,
  gonePayload,
  identityMatcher,
  redactPayload,
  textsOf,
} from "../../../src/bot/store/redact.ts";

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
  it("finds nobody by a name without a letter or digit: a blank name shows as ?, which others write too", () => {
    for (const name of ["", "\u202E\u200B", "?", "--"]) {
      const nameless = identityMatcher({ ...who, name }, []);
      expect(nameless(room("Really ? I thought so"))).toBe(false);
      expect(nameless(room("so -- we agree"))).toBe(false);
      expect(nameless(room("ask u-al about it"))).toBe(true);
    }
  });
});

describe("which outbox rows carry a forgotten person: every kind and part of a delivery", () => {
  const carries = identityMatcher(who, ["exactly8", "ok"]);
  it("finds a probe of exactly eight characters inside a longer text, and a short one only whole", () => {
    expect(carries(room("we rode the exactly8 twice"))).toBe(true);
    expect(carries(room("ok"))).toBe(true);
  });
  it("leaves rows to someone else, floors without them, closed questions and retractions alone", () => {
    expect(carries({ ...room("hello"), audience: { to: "user", userId: "u-ben" } })).toBe(false);
    const floor = (holders: readonly string[] | "everyone"): Delivery => ({
      idempotencyKey: "k",
      roomId: "r",
      audience: { to: "room" },
      kind: "floor",
      holders,
    });
    expect(carries(floor(["u-ben"]))).toBe(false);
    expect(carries(floor("everyone"))).toBe(false);
    // A user id that is part of the word "everyone" is not among everyone's holders.
    expect(identityMatcher({ ...who, userId: "eve" }, [])(floor("everyone"))).toBe(false);
    expect(
      carries({ idempotencyKey: "k", roomId: "r", audience: { to: "room" }, kind: "close", promptId: "v" }),
    ).toBe(false);
    expect(
      carries({
        idempotencyKey: "k",
        roomId: "r",
        audience: { to: "room" },
        kind: "retract",
        contributionRef: 3,
      }),
    ).toBe(false);
  });
  it("finds them in every language block of a mixed room's post and of a card's further parts", () => {
    const inSpanish = [{ locale: "es", dir: "ltr" as const, body: [{ text: "Al", fromParticipant: true }] }];
    expect(carries({ ...room("Hola"), languages: inSpanish })).toBe(true);
    const title = { ...room(), body: [{ text: "Stage 2 of 5" }] };
    const card = (more: readonly CardMore[]) => ({
      ...title,
      card: { key: "s1:stage:2", slot: "title" as const, more },
    });
    expect(carries(card([{ slot: "status", body: [{ text: "Turns" }], ping: "u-al" }]))).toBe(true);
    expect(carries(card([{ slot: "status", body: [{ text: "Turns" }], languages: inSpanish }]))).toBe(true);
    // A part that names nobody (and has no language blocks) carries nobody.
    expect(carries(card([{ slot: "status", body: [{ text: "Turns" }] }]))).toBe(false);
  });
  it("compares text whatever its spacing: runs of spaces and line breaks, spaces around it", () => {
    const matcher = identityMatcher(who, ["Our bakery closed in the winter", "ok"]);
    expect(matcher(room("Our  bakery\n closed in the winter"))).toBe(true);
    expect(matcher(room("  ok "))).toBe(true);
  });
  it("finds a name with characters that mean something in a pattern", () => {
    const zoe = identityMatcher({ ...who, userId: "u-z", name: "Zoë (she)" }, []);
    expect(zoe(room("Zoë (she)"))).toBe(true);
  });
  it("takes no blank line of theirs, nor what an earlier forget left, for their text", () => {
    const matcher = identityMatcher(who, ["First line of mine\n\nsecond line of mine", forgottenText]);
    expect(matcher(room("second line of mine"))).toBe(true);
    expect(matcher(room(""))).toBe(false);
    expect(matcher(room(`Ben said ${forgottenText} here`))).toBe(false);
  });
});

describe("what is left of their inbox entries", () => {
  const platform = (userId: string, body: Record<string, unknown>): InboxPayload =>
    ({
      source: "platform",
      event: {
        platform: "console",
        eventId: "e",
        roomId: "console",
        at: 1,
        sender: { userId, displayName: userId },
        ...body,
      },
    }) as InboxPayload;
  it("textsOf: what they wrote, a command's arguments as one text; nothing of others or of a choice", () => {
    expect(textsOf(platform("u-al", { kind: "message", text: "my story" }), "u-al")).toEqual(["my story"]);
    expect(textsOf(platform("u-al", { kind: "private", promptId: "p", text: "my need" }), "u-al")).toEqual([
      "my need",
    ]);
    expect(
      textsOf(platform("u-al", { kind: "command", name: "timeout", args: ["my", "reason"] }), "u-al"),
    ).toEqual(["my reason"]);
    expect(textsOf(platform("u-al", { kind: "command", name: "pause", args: [] }), "u-al")).toEqual([]);
    expect(textsOf(platform("u-al", { kind: "choice", promptId: "p", value: "3" }), "u-al")).toEqual([]);
    expect(textsOf(platform("u-ben", { kind: "message", text: "his story" }), "u-al")).toEqual([]);
  });
  const spanish = "su historia del huerto";
  const target = { ...who, alsoTexts: [spanish] };
  it("a machine translation of their words goes; another stays", () => {
    const translation = (text: string): InboxPayload => ({
      source: "translation",
      sessionId: "s1",
      ref: 3,
      target: "es",
      text,
    });
    expect(redactPayload(translation(spanish), target)).toEqual(gonePayload);
    expect(redactPayload(translation("otra historia"), target)).toBeNull();
  });
  it("an interpreter's translate command keeps its number and loses their translated words", () => {
    const translate = platform("u-int", {
      kind: "command",
      name: "translate",
      args: ["3", ...spanish.split(" ")],
    });
    expect(redactPayload(translate, target)).toEqual(
      platform("u-int", { kind: "command", name: "translate", args: ["3", forgottenText] }),
    );
  });
  it("a facilitator's command loses each argument that names them, by name or user id, and only those", () => {
    const kim = { ...who, userId: "@kim:example.org", name: "kim@home" };
    const command = (...args: string[]) => platform("u-fac", { kind: "command", name: "floor", args });
    expect(redactPayload(command("kim@home"), kim)).toEqual(command(forgottenText));
    expect(redactPayload(command("@KIM:example.org", "next"), kim)).toEqual(command(forgottenText, "next"));
    expect(redactPayload(command("ben"), kim)).toBeNull();
    // A blank name names nobody: "?" or "-" in a command is not theirs.
    const nameless = { ...who, userId: "@kim:example.org", name: "" };
    expect(redactPayload(command("-", "?"), nameless)).toBeNull();
    expect(redactPayload(command("?"), { ...nameless, name: "?" })).toBeNull();
  });
});
