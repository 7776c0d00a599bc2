// The live card (issue 14) as the runtime marks it: the lobby's and each stage's posts carry one
// stable key per card and the part they fill; a named turn names its speaker to be mentioned
// (unless the room turns it off); an anonymous turn never does.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { joinCardParts } from "../../../src/bot/cards.ts";
import type { CardSlot, Delivery } from "../../../src/bot/ports.ts";
import type { DeliveryDraft } from "../../../src/bot/render.ts";
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
    // A card's opening part carries the workshop's title (Matrix leads the room's topic with it).
    expect(welcome?.card?.title).toBe("Perspective exchange");
    expect(roomPart(x, /^Amal has joined/)?.card).toEqual({ key: lobby, slot: "log" });
    expect(roomPart(x, /^The workshop has started/)?.card).toEqual({ key: lobby, slot: "status" });

    const first = roomPart(x, /^Stage 1 of 5: Ground rules/)?.card;
    expect(first?.slot).toBe("title");
    expect(first?.title).toBe("Perspective exchange");
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
    // A pause is a remark under whose turn it is.
    await x.platform.command("fac", "pause");
    await x.settle();
    expect(roomPart(x, /paused the workshop/)?.card).toEqual({ key: second, slot: "note" });
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

describe("a stage's card restated for a language that arrives", () => {
  it("posts the card again in every language present when an Arabic reader joins, without a forgotten person's line", async () => {
    const x = await begin("perspective-exchange");
    const first = roomPart(x, /turn\. Everyone else, please listen/);
    const timedOut = /^It is (\w+)'s turn/.exec(textOf(first as Delivery))?.[1] ?? "";
    // The first speaker's time runs out: the card shows "… time is up" over the next turn.
    await x.advance(121_000);
    const next = x.platform.room().findLast((d) => d.card?.slot === "status");
    expect(textOf(next as Delivery)).toMatch(/It is (\w+)'s turn/);
    const speaker = /It is (\w+)'s turn/.exec(textOf(next as Delivery))?.[1] ?? "";
    expect(speaker).not.toBe(timedOut);
    // The one whose time ran out is forgotten; then someone reading Arabic joins.
    const gone = timedOut === "Amal" ? amal : ben;
    await x.platform.command(gone, "forget-me");
    await x.platform.command("fac", "confirm-forget", timedOut === "Amal" ? "p1" : "p2");
    await x.settle();
    const from = x.platform.room().length;
    await x.platform.command({ userId: "dalia", displayName: "Dalia", locale: "ar" }, "join", "group-a");
    await x.settle();
    const restated = x.platform
      .room()
      .slice(from)
      .filter((d) => d.card !== undefined && d.card.slot !== "log");
    expect(restated.map((d) => d.card?.slot)).toEqual(["title", "body", "status"]);
    for (const d of restated) {
      expect(d.languages?.map((b) => b.locale)).toEqual(["en", "ar"]);
      expect(d.card?.ping).toBeUndefined();
    }
    expect(textOf(restated[0] as Delivery)).toMatch(/^Stage 2 of 5/);
    const status = restated[2] as Delivery;
    expect(textOf(status)).toBe(`It is ${speaker}'s turn. Everyone else, please listen.`);
    expect(JSON.stringify(status)).not.toMatch(/time is up|"p1"|"p2"|Amal/i);
  });
});

describe("a step's parts of one card, for a platform that edits cards", () => {
  const part = (slot: CardSlot, text: string, key = "s:stage:2", ping?: string): DeliveryDraft => ({
    kind: "say",
    roomId: "room",
    audience: { to: "room" },
    body: [{ text }],
    card: { key, slot, ...(ping === undefined ? {} : { ping }) },
  });
  const timer: DeliveryDraft = {
    kind: "timer",
    roomId: "room",
    audience: { to: "room" },
    deadline: 1000,
    body: [{ text: "Time remaining" }],
    card: { key: "s:stage:2", slot: "time" },
  };
  const privately: DeliveryDraft = {
    kind: "say",
    roomId: "room",
    audience: { to: "user", userId: "amal" },
    body: [{ text: "It is your turn." }],
  };
  const question: DeliveryDraft = {
    kind: "ask",
    roomId: "room",
    audience: { to: "room" },
    body: [{ text: "Which idea?" }],
    promptId: "p",
    options: [],
    maxChoices: 1,
  };

  it("go as one delivery, over private messages but never over another room post", () => {
    const drafts = [
      part("title", "Stage 2"),
      part("status", "It is amal's turn.", "s:stage:2", "amal"),
      privately,
      timer,
      question,
      part("status", "Amal passed."),
      part("title", "Stage 3", "s:stage:3"),
    ];
    joinCardParts(drafts, 0);
    expect(drafts.map((d) => d.kind)).toEqual(["say", "say", "ask", "say", "say"]);
    const [card] = drafts;
    expect(card?.card?.slot).toBe("title");
    expect(card?.card?.more).toEqual([
      { slot: "status", body: [{ text: "It is amal's turn." }], ping: "amal" },
      { slot: "time", body: [{ text: "Time remaining" }], deadline: 1000 },
    ]);
    // After the question, the same card's next part is a delivery of its own; another card's too.
    expect(drafts[3]?.card).toEqual({ key: "s:stage:2", slot: "status" });
    expect(drafts[4]?.card).toEqual({ key: "s:stage:3", slot: "title" });
  });
});
