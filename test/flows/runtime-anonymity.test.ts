// An anonymous workshop under strict turn-taking through the real runtime and the recording test
// platform: what the platform is asked to do in the room (floor, posts, pin) never names anyone.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { textOf } from "../support/recording-platform.ts";
import { harness } from "../bot/runtime/harness.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-anon-runtime-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const flowFile = join(tmp, "anonymous-strict.yaml");
writeFileSync(
  flowFile,
  `
id: anonymous-strict
version: 1
title: { en: "Anonymous circle" }
description: { en: "Rules, then anonymous turns." }
defaultLocale: en
groups:
  - { id: north, name: { en: "North" } }
  - { id: south, name: { en: "South" } }
confidentiality: anonymous
turnEnforcement: strict
stages:
  - id: rules
    kind: ground-rules
    rules: [{ en: "One person speaks at a time." }]
  - id: turns
    kind: perspective-sharing
    prompt: { en: "What brought you here?" }
    turnSeconds: 120
`,
);

const people = [
  { userId: "u-amal", displayName: "Amal", group: "north" },
  { userId: "u-ben", displayName: "Ben", group: "north" },
  { userId: "u-cara", displayName: "Cara", group: "north" },
  { userId: "u-dov", displayName: "Dov", group: "south" },
  { userId: "u-eli", displayName: "Eli", group: "south" },
  { userId: "u-fay", displayName: "Fay", group: "south" },
];

describe("an anonymous strict workshop through the runtime", () => {
  it("closes the room for everyone during turns and names nobody in the room, the floor or the pinned summary", async () => {
    const h = await harness();
    await h.platform.command("fac", "start", flowFile);
    for (const p of people) await h.platform.command(p, "join", p.group);
    await h.platform.command("fac", "next");
    await h.settle();
    const consent = h.platform.lastPromptFor("u-amal", "ask");
    if (consent === undefined) throw new Error("no consent prompt");
    for (const p of people) await h.platform.choose(p, consent.promptId, "yes");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageKind).toBe("perspective-sharing");

    const answered = new Set<string>();
    for (let turn = 0; turn < people.length; turn++) {
      const speaker = people.find((p) => {
        const prompt = h.platform.lastPromptFor(p.userId, "collect");
        return prompt !== undefined && prompt.promptId.includes(":turn:") && !answered.has(prompt.promptId);
      });
      if (speaker === undefined) throw new Error(`no turn prompt at turn ${String(turn)}`);
      const prompt = h.platform.lastPromptFor(speaker.userId, "collect");
      if (prompt === undefined) throw new Error("no prompt");
      answered.add(prompt.promptId);
      expect(textOf(prompt)).toContain("without your name");
      await h.platform.submit(speaker, prompt.promptId, `story number ${String(turn + 1)}`);
      await h.settle();
    }
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)).toBeNull();

    const room = h.platform.room();
    const floors = room.flatMap((d) => (d.kind === "floor" ? [d.holders] : []));
    expect(floors.length).toBeGreaterThan(people.length - 1);
    // Closed for every participant during turns, opened again at the end; never one person's.
    for (const holders of floors) expect(holders === "everyone" || holders.length === 0).toBe(true);
    expect(floors.at(-1)).toBe("everyone");
    const texts = room.map(textOf).join("\n");
    expect(texts).toContain("Anonymous: story number 6");
    for (const p of people) {
      expect(texts).not.toContain(p.displayName);
      expect(texts).not.toContain(p.userId);
    }
    expect(room.some((d) => d.kind === "pin")).toBe(true);
    await h.runtime.stop();
  });
});
