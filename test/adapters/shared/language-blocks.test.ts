// A mixed room's language blocks as each adapter shows them: isolated in their direction, each
// language once, participants' text escaped in every block, long posts split within limits.
import { describe, expect, it } from "vitest";
import { formatDelivery } from "../../../src/adapters/console/platform.ts";
import { renderDeliveryText } from "../../../src/adapters/discord/text.ts";
import { notice } from "../../../src/adapters/matrix/render.ts";
import { isolateLines } from "../../../src/adapters/shared/language-blocks.ts";
import type { Delivery, LanguageBlock } from "../../../src/bot/ports.ts";

const hostile = { text: "<b>@room</b> **bold**", fromParticipant: true } as const;
const blocks: LanguageBlock[] = [
  { locale: "en", dir: "ltr", body: [{ text: "#1 Anonymous: " }, hostile] },
  { locale: "ar", dir: "rtl", body: [{ text: "#1 مجهول: " }, hostile] },
  { locale: "he", dir: "rtl", body: [{ text: "#1 אנונימי: " }, hostile] },
];
const say: Delivery = {
  kind: "say",
  idempotencyKey: "k",
  roomId: "room",
  audience: { to: "room" },
  body: blocks[0]?.body ?? [],
  languages: blocks,
};

describe("isolateLines", () => {
  it("isolates each non-empty line in its direction, after line-start markup", () => {
    expect(isolateLines("a\n\n> b\n-# c", "rtl")).toBe("\u2067a\u2069\n\n> \u2067b\u2069\n-# \u2067c\u2069");
    expect(isolateLines("a", "ltr")).toBe("\u2066a\u2069");
  });
});

describe("Matrix", () => {
  it("puts each language in its own <div dir lang>, escaped, and isolates the plain body", () => {
    const content = notice(say.body, [], blocks);
    expect(content.formatted_body).toBe(
      '<div dir="ltr" lang="en">#1 Anonymous: &lt;b&gt;@\u2060room&lt;/b&gt; **bold**</div>' +
        '<div dir="rtl" lang="ar">#1 مجهول: &lt;b&gt;@\u2060room&lt;/b&gt; **bold**</div>' +
        '<div dir="rtl" lang="he">#1 אנונימי: &lt;b&gt;@\u2060room&lt;/b&gt; **bold**</div>',
    );
    expect(content.body.split("\n\n")).toEqual([
      "\u2066#1 Anonymous: <b>@\u2060room</b> **bold**\u2069",
      "\u2067#1 مجهول: <b>@\u2060room</b> **bold**\u2069",
      "\u2067#1 אנונימי: <b>@\u2060room</b> **bold**\u2069",
    ]);
  });

  it("stays as before for a single-language post", () => {
    expect(notice(say.body, [], [blocks[0] as LanguageBlock]).formatted_body).not.toContain("<div");
  });
});

describe("Discord", () => {
  it("writes one section per language under its own name, escaped, in one message when it fits", () => {
    const [message, ...more] = renderDeliveryText(say);
    expect(more).toEqual([]);
    expect(message).toBe(
      [
        "-# English\n\u2066\\#1 Anonymous: \\<b\\>\\@room\\<\u200B/b\\> \\*\\*bold\\*\\*\u2069",
        "-# العربية\n\u2067\\#1 مجهول: \\<b\\>\\@room\\<\u200B/b\\> \\*\\*bold\\*\\*\u2069",
        "-# עברית\n\u2067\\#1 אנונימי: \\<b\\>\\@room\\<\u200B/b\\> \\*\\*bold\\*\\*\u2069",
      ].join("\n\n"),
    );
  });

  it("splits a long mixed post into messages within Discord's 2000 characters", () => {
    const long = (locale: string, dir: "ltr" | "rtl", word: string): LanguageBlock => ({
      locale,
      dir,
      body: [{ text: Array.from({ length: 200 }, () => word).join("\n") }],
    });
    const parts = renderDeliveryText({
      body: [],
      languages: [long("en", "ltr", "listen"), long("ar", "rtl", "نستمع"), long("he", "rtl", "מקשיבים")],
    });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    const all = parts.join("\n");
    expect(all.match(/listen/g)).toHaveLength(200);
    expect(all.match(/نستمع/g)).toHaveLength(200);
  });
});

describe("terminal", () => {
  it("prints each language on its own line, tagged with its locale", () => {
    expect(formatDelivery(say, 0)).toBe(
      [
        "[room] [en] #1 Anonymous: <b>@room</b> **bold**",
        "    [ar] #1 مجهول: <b>@room</b> **bold**",
        "    [he] #1 אנונימי: <b>@room</b> **bold**",
      ].join("\n"),
    );
  });
});
