// Pure parts of the Discord adapter: configuration, markdown escaping, splitting, nonces.
import { describe, expect, it } from "vitest";
import { createDiscordPlatform } from "../../src/adapters/discord/index.ts";
import { escapeMarkdown, nonceFor, renderSegments, splitText } from "../../src/adapters/discord/text.ts";
import { MemoryCursors, RecordingLogger } from "./harness.ts";

const deps = { cursors: new MemoryCursors(), logger: new RecordingLogger() };

describe("Discord configuration", () => {
  it("needs DISCORD_TOKEN from the environment", () => {
    const r = createDiscordPlatform({ guildId: "123456789012345678" }, {}, deps);
    expect(r).toMatchObject({ ok: false, error: { code: "missing_token" } });
  });

  it("explains what is wrong with the section", () => {
    const r = createDiscordPlatform(
      { guildId: "general", channels: [42], surprise: true },
      { DISCORD_TOKEN: "t" },
      deps,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("invalid_config");
      expect(r.error.message).toContain("discord.guildId");
      expect(r.error.message).toContain("discord.channels.0");
    }
  });

  it("builds a platform with Discord's capabilities", () => {
    const r = createDiscordPlatform({ guildId: "123456789012345678" }, { DISCORD_TOKEN: "t" }, deps);
    expect(r.ok && r.value.capabilities).toMatchObject({
      modals: true,
      strictFloor: true,
      maxMessageLength: 2000,
    });
  });
});

describe("Discord text", () => {
  it("escapes markdown, mention and timestamp syntax", () => {
    expect(escapeMarkdown("**b** _i_ `c` ~~s~~ ||sp|| [l](u) <@1> <t:1:R>")).toBe(
      "\\*\\*b\\*\\* \\_i\\_ \\`c\\` \\~\\~s\\~\\~ \\|\\|sp\\|\\| \\[l\\](u) \\<\\@1\\> \\<t:1:R\\>",
    );
    expect(escapeMarkdown("# title\n- item\n1. first\n> quote")).toBe(
      "\\# title\n\\- item\n1\\. first\n\\> quote",
    );
  });

  it("defuses participant text: no @everyone, user or channel mention or bare invite survives", () => {
    const [out] = renderSegments([
      { text: "@everyone @here <@123456> <#987> https://x.example discord.gg/abc", fromParticipant: true },
    ]);
    expect(out).toBeDefined();
    expect(out).not.toMatch(/@(everyone|here)/);
    expect(out).not.toMatch(/<@\d|<#\d/);
    expect(out).not.toContain("discord.gg");
  });

  it("keeps a participant's link whole and clickable, inside <…> so Discord never embeds it", () => {
    const [out] = renderSegments([
      {
        text: "See https://example.org/a_b?q=1*2, or https://discord.gg/abc! @everyone",
        fromParticipant: true,
      },
    ]);
    expect(out).toContain("<https://example.org/a_b?q=1*2>, or <https://discord.gg/abc>!");
    // No invisible character inside either link; the mention is still defused.
    expect(out).not.toMatch(/https:\/\/[^>]*[\u200B\u2060]/u);
    expect(out).not.toMatch(/@everyone/u);
  });

  it("splits at paragraph, then line, then word boundaries, never inside an escape or a surrogate pair", () => {
    expect(splitText("aaa bbb\n\nccc ddd", 9)).toEqual(["aaa bbb", "ccc ddd"]);
    expect(splitText("aaa bbb\nccc ddd", 9)).toEqual(["aaa bbb", "ccc ddd"]);
    expect(splitText("aaa bbb ccc", 8)).toEqual(["aaa bbb", "ccc"]);
    for (const part of splitText("\\*".repeat(10), 5)) expect(part).toMatch(/^(\\\*)+$/);
    for (const part of splitText("😀".repeat(10), 5)) expect(part).toMatch(/^(😀)+$/u);
  });

  it("renders 100k characters of hostile text into messages of at most 2000 characters", () => {
    const hostile = "@everyone **x** <@1> ".repeat(5000);
    const parts = renderSegments([
      { text: "Shared:" },
      { text: hostile, fromParticipant: true, style: "quote" },
    ]);
    expect(parts.length).toBeGreaterThan(50);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p).not.toMatch(/@(everyone|here)/);
    }
    expect(
      parts.slice(1).every((p) => p.split("\n").every((line) => line.startsWith("> ") || line === "")),
    ).toBe(true);
  });

  it("styles segments and keeps nonces within 25 characters and stable", () => {
    expect(renderSegments([{ text: "Round 2", style: "strong" }, { text: " starts" }])).toEqual([
      "**Round 2** starts",
    ]);
    expect(nonceFor("k", 0)).toHaveLength(25);
    expect(nonceFor("k", 0)).toBe(nonceFor("k", 0));
    expect(nonceFor("k", 0)).not.toBe(nonceFor("k", 1));
  });
});
