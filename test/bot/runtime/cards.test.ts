// The live card (issue 14) as the runtime marks it: the lobby's and each stage's posts carry one
// stable key per card and the part they fill; a named turn names its speaker to be mentioned
// (unless the room turns it off); an anonymous turn never does.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Delivery } from "../../../src/bot/ports.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, type Harness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.runtime.stop();
  h = undefined;
});

const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben" };

/** Opens `flow`, amal and ben join, the workshop starts and both agree to the ground rules. */
async function begin(flow: string, room: Record<string, unknown> = {}): Promise<Harness> {
  h = await harness({ config: { rooms: { "test:room": { facilitators: ["fac"], ...room } } } });
  await h.platform.command("fac", "start", flow);
  await h.platform.command(amal, "join", "group-a");
  await h.platform.command(ben, "join", "group-b");
  await h.platform.command("fac", "start");
  await h.settle();
  const consent = h.platform.lastPromptFor("amal", "ask");
  if (consent !== undefined) {
    await h.platform.choose(amal, consent.promptId, "yes");
    await h.platform.choose(ben, consent.promptId, "yes");
    await h.settle();
  }
  return h;
}

const roomPart = (x: Harness, re: RegExp): Delivery | undefined =>
  x.platform.room().find((d) => re.test(textOf(d)));

describe("the live card, as the runtime marks it", () => {
  it("gives the lobby and each stage a card of their own, and names the speaker of a turn", async () => {
    const x = await begin("perspective-exchange");
    const welcome = roomPart(x, /^Welcome to Perspective exchange/);
    const lobby = welcome?.card?.key ?? "";
    expect(lobby).toMatch(/:lobby$/);
    expect(welcome?.card?.slot).toBe("body");
    expect(roomPart(x, /^Amal has joined/)?.card).toEqual({ key: lobby, slot: "log" });
    expect(roomPart(x, /^The workshop has started/)?.card).toEqual({ key: lobby, slot: "status" });

    const first = roomPart(x, /^Stage 1 of 5: Ground rules/)?.card;
    expect(first?.slot).toBe("title");
    expect(first?.key).toBe(lobby.replace(/:lobby$/, ":stage:1"));
    expect(roomPart(x, /^Before we begin, please read our 5 ground rules/)?.card).toEqual({
      key: first?.key,
      slot: "body",
    });
    expect(roomPart(x, /^Everyone has agreed/)?.card).toEqual({ key: first?.key, slot: "status" });

    const second = roomPart(x, /^Stage 2 of 5/)?.card?.key;
    expect(second).toBe(lobby.replace(/:lobby$/, ":stage:2"));
    const turn = roomPart(x, /turn\. Everyone else, please listen/);
    const speaker = /^It is (\w+)'s turn/.exec(textOf(turn as Delivery))?.[1]?.toLowerCase();
    expect(turn?.card).toEqual({ key: second, slot: "status", ping: speaker });
    const timer = x.platform.room().findLast((d) => d.kind === "timer" && d.deadline !== null);
    expect(timer?.card).toEqual({ key: second, slot: "time" });
    // Questions and prompts to write are not card parts: they stay posts of their own.
    for (const d of x.platform.room())
      if (d.kind === "ask" || d.kind === "collect") expect(d.card).toBeUndefined();
  });

  it("names no speaker to mention when the room turns it off", async () => {
    const x = await begin("perspective-exchange", { pingSpeaker: false });
    const turn = roomPart(x, /turn\. Everyone else, please listen/);
    expect(turn?.card?.slot).toBe("status");
    expect(turn?.card?.ping).toBeUndefined();
  });

  it("never names the speaker of an anonymous turn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-cards-"));
    const file = join(dir, "anonymous-turns.yaml");
    writeFileSync(
      file,
      stringify({
        id: "anonymous-turns",
        version: 1,
        title: { en: "Anonymous turns" },
        description: { en: "One anonymous round." },
        defaultLocale: "en",
        groups: [
          { id: "group-a", name: { en: "Group A" } },
          { id: "group-b", name: { en: "Group B" } },
        ],
        confidentiality: "anonymous",
        stages: [
          {
            id: "sharing",
            kind: "perspective-sharing",
            title: { en: "Sharing" },
            prompt: { en: "What brought you here?" },
            turnSeconds: 60,
          },
        ],
      }),
    );
    const x = await begin(file);
    const turns = x.platform.room().filter((d) => d.card?.slot === "status" && /^Next turn/.test(textOf(d)));
    expect(turns.length).toBeGreaterThan(0);
    for (const d of x.platform.room()) expect(d.card?.ping).toBeUndefined();
  });
});
