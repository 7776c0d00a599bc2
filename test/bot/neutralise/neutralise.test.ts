import { describe, expect, it } from "vitest";
import {
  containsMention,
  defuseMentions,
  ellipsis,
  neutraliseName,
  neutraliseUserText,
} from "../../../src/bot/neutralise.ts";

describe("neutraliseUserText", () => {
  it("strips bidi overrides, embeddings, isolates and marks but keeps RTL text", () => {
    const spoof = "file\u202Etxt.exe\u202C and \u2066isolated\u2069 \u202Aembedded\u202C";
    expect(neutraliseUserText(spoof)).toBe("filetxt.exe and isolated embedded");
    expect(neutraliseUserText("שלום \u200Fעולם \u200Ea\u061Cb")).toBe("שלום עולם ab");
    expect(neutraliseUserText("مرحبا")).toBe("مرحبا");
  });

  it("strips control characters and terminal escapes, keeps newlines, collapses blank runs", () => {
    expect(neutraliseUserText("a\u0000b\u0007c\u001B[31mred\u009B\u007F")).toBe("abc[31mred");
    expect(neutraliseUserText("one\r\ntwo\n\n\n\n\nthree   \nfour\tfive")).toBe(
      "one\ntwo\n\nthree\nfour five",
    );
  });

  it("removes invisible formatting abuse and normalises to NFC", () => {
    expect(neutraliseUserText("a\uFEFFb\u2060c\u00ADd")).toBe("abcd");
    expect(neutraliseUserText("x\u200B\u200B\u200By")).toBe("xy");
    // A single ZWJ in an emoji sequence survives; a run becomes one.
    expect(neutraliseUserText("👩\u200D💻")).toBe("👩\u200D💻");
    expect(neutraliseUserText("a\u200D\u200D\u200Db")).toBe("a\u200Db");
    expect(neutraliseUserText("e\u0301")).toBe("é");
    expect(neutraliseUserText("tag\u{E0041}\u{E0042}")).toBe("tag");
  });

  it("caps 100k characters to a bounded excerpt with an ellipsis", () => {
    const long = "word ".repeat(20_000);
    const out = neutraliseUserText(long);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.endsWith(ellipsis)).toBe(true);
    expect(neutraliseUserText("x".repeat(100_000), 50)).toBe(`${"x".repeat(46)}${ellipsis}`);
    expect(neutraliseUserText("short", 50)).toBe("short");
    // Counted in code points: emoji are not split in half.
    const emoji = neutraliseUserText("😀".repeat(100), 10);
    expect(Array.from(emoji)).toHaveLength(10);
  });

  it("leaves mentions and markup as text (adapters escape them per platform)", () => {
    expect(neutraliseUserText("@everyone <b>hi</b> **x**")).toBe("@everyone <b>hi</b> **x**");
  });
});

describe("names and mentions", () => {
  it("puts a display name on one short line", () => {
    expect(neutraliseName("  Amal\n\u202Eadmin  ")).toBe("Amal admin");
    expect(neutraliseName("\u0000")).toBe("?");
    expect(neutraliseName("n".repeat(200)).length).toBeLessThanOrEqual(64);
  });

  it("finds and defuses mass and direct mentions", () => {
    for (const t of [
      "@everyone",
      "hi @here",
      "@room",
      "<@123>",
      "<@!123>",
      "<@&9>",
      "<#5>",
      "@bob:matrix.org",
    ])
      expect(containsMention(t), t).toBe(true);
    expect(containsMention("mail me at a@b")).toBe(false);
    const defused = defuseMentions("@everyone <@123> @bob:example.org");
    expect(containsMention(defused)).toBe(false);
    expect(defused.replace(/\u2060/g, "")).toBe("@everyone <@123> @bob:example.org");
  });
});
