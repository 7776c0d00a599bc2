// The live stage card on Discord (issue 14), with the real discord.js client against the double: one
// embed message per stage edited in place, the speaker mentioned in a post that notifies them
// alone, the stage's buttons disabled when it ends, one embed per language, and the option to
// post every part as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CardPart, Delivery, LanguageBlock } from "../../src/bot/ports.ts";
import type { Json } from "../support/fake-discord/index.ts";
import { content, MemoryCursors, startBot, startWorld, type Bot, type World } from "./harness.ts";

let n = 0;
const key = (): string => `card-test-${String(n++)}`;

function embedsOf(m: Json | undefined): Json[] {
  return Array.isArray(m?.["embeds"]) ? (m["embeds"] as Json[]) : [];
}
function controls(m: Json | undefined): Json[] {
  const rows = Array.isArray(m?.["components"]) ? (m["components"] as Json[]) : [];
  return rows.flatMap((r) => (Array.isArray(r["components"]) ? (r["components"] as Json[]) : []));
}

describe("the live stage card on Discord", () => {
  let world: World;
  let bot: Bot;
  const cursors = new MemoryCursors();
  beforeAll(async () => {
    world = await startWorld();
    bot = await startBot(world, cursors);
  });
  afterAll(async () => {
    await bot.stop();
    await world.server.stop();
  });

  const room = (): string => world.channel.id;
  const part = (card: CardPart, text: string, languages?: LanguageBlock[]): Delivery => ({
    kind: "say",
    idempotencyKey: key(),
    roomId: room(),
    audience: { to: "room" },
    body: [{ text }],
    card,
    ...(languages === undefined ? {} : { languages }),
  });
  const timer = (cardKey: string, deadline: number | null): Delivery => ({
    kind: "timer",
    idempotencyKey: key(),
    roomId: room(),
    audience: { to: "room" },
    deadline,
    body: [{ text: deadline === null ? "The timer has stopped." : "Time remaining" }],
    card: { key: cardKey, slot: "time" },
  });
  const roomPosts = (): number =>
    world.server.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith(`/channels/${room()}/messages`) && r.status < 300,
    ).length;

  it("keeps a stage on one message edited in place, and mentions only the speaker in a post of its own", async () => {
    const { amal, ben } = world;
    const k = "s1:stage:2";
    const before = roomPosts();
    expect((await bot.platform.deliver(part({ key: k, slot: "title" }, "Stage 2 of 5: Sharing"))).ok).toBe(
      true,
    );
    const card = world.server.botMessages(room()).at(-1);
    const cardId = String(card?.["id"]);
    await bot.platform.deliver(part({ key: k, slot: "body" }, "Now each person shares in turn."));
    await bot.platform.deliver(
      part({ key: k, slot: "status", ping: amal.id }, "It is amal's turn. Everyone else, please listen."),
    );
    const deadline = Math.floor(Date.now() / 1000) * 1000 + 120_000;
    await bot.platform.deliver(timer(k, deadline));

    // One card and one mention: two posts.
    expect(roomPosts() - before).toBe(2);
    const now = world.server.botMessages(room()).find((m) => String(m["id"]) === cardId);
    const [embed] = embedsOf(now);
    expect(embed?.["title"]).toBe("Stage 2 of 5: Sharing");
    expect(embed?.["description"]).toBe("Now each person shares in turn.");
    expect(embed?.["fields"]).toEqual([
      { name: "▶", value: "It is amal's turn. Everyone else, please listen." },
      { name: "⏱", value: `Time remaining <t:${String(deadline / 1000)}:R>` },
    ]);
    // A running countdown carries the time-out button.
    expect(controls(now).map((c) => c["label"])).toEqual(["Ask for a time-out"]);
    // The mention notifies amal and nobody else.
    const mention = world.server.botMessages(room()).at(-1);
    expect(content(mention ?? {})).toContain(`<@${amal.id}>`);
    expect(mention?.["mentions"]).toEqual([expect.objectContaining({ id: amal.id })]);
    expect(mention?.["allowed_mentions_sent"]).toEqual({ parse: [], users: [amal.id] });
    expect(mention?.["mention_everyone"]).toBe(false);

    // The next turn: the card is edited; ben's mention replaces amal's.
    await bot.platform.deliver(
      part({ key: k, slot: "status", ping: ben.id }, "It is ben's turn. Everyone else, please listen."),
    );
    expect(roomPosts() - before).toBe(3);
    const mentions = world.server.botMessages(room()).filter((m) => /^<@\d+> /.test(content(m)));
    expect(mentions.map((m) => content(m).slice(0, 22))).toEqual([`<@${ben.id}>`.slice(0, 22)]);
    expect(
      embedsOf(world.server.botMessages(room()).find((m) => String(m["id"]) === cardId))[0]?.["fields"],
    ).toEqual([
      { name: "▶", value: "It is ben's turn. Everyone else, please listen." },
      { name: "⏱", value: `Time remaining <t:${String(deadline / 1000)}:R>` },
    ]);
  });

  it("shows several parts of one delivery (a step's changes of a card) in one request", async () => {
    const { carmen } = world;
    const before = world.server.requests.length;
    const deadline = Math.floor(Date.now() / 1000) * 1000 + 90_000;
    const d: Delivery = {
      ...part({ key: "s1:stage:9", slot: "title" }, "Stage 9 of 9: Round"),
      card: {
        key: "s1:stage:9",
        slot: "title",
        more: [
          { slot: "body", body: [{ text: "One sentence each." }] },
          { slot: "status", body: [{ text: "It is carmen's turn." }], ping: carmen.id },
          { slot: "time", body: [{ text: "Time remaining" }], deadline },
        ],
      },
    };
    await bot.platform.deliver(d);
    const card = world.server.botMessages(room()).findLast((m) => embedsOf(m).length > 0);
    const [embed] = embedsOf(card);
    expect(embed?.["title"]).toBe("Stage 9 of 9: Round");
    expect(embed?.["description"]).toBe("One sentence each.");
    expect(embed?.["fields"]).toEqual([
      { name: "▶", value: "It is carmen's turn." },
      { name: "⏱", value: `Time remaining <t:${String(deadline / 1000)}:R>` },
    ]);
    expect(controls(card).map((c) => c["label"])).toEqual(["Ask for a time-out"]);
    // The card and carmen's mention are the only new messages; nothing was edited.
    const made = world.server.requests
      .slice(before)
      .filter((r) => r.path.includes(`/channels/${room()}/messages`) && r.status < 300);
    // (The previous card lost its time-out button when this one opened: that edit is its.)
    expect(made.filter((r) => r.method === "PATCH" && r.path.endsWith(String(card?.["id"])))).toEqual([]);
    expect(made.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(content(world.server.botMessages(room()).at(-1) ?? {})).toContain(`<@${carmen.id}>`);
  });

  it("shows two events of one step both (a pass, then the next turn)", async () => {
    const k = "s1:stage:9";
    const d: Delivery = {
      ...part({ key: k, slot: "status" }, "carmen passed."),
      card: { key: k, slot: "status", more: [{ slot: "status", body: [{ text: "It is dana's turn." }] }] },
    };
    await bot.platform.deliver(d);
    const [embed] = embedsOf(world.server.botMessages(room()).findLast((m) => embedsOf(m).length > 0));
    expect((embed?.["fields"] as Json[] | undefined)?.[0]).toEqual({
      name: "▶",
      value: "carmen passed.\nIt is dana's turn.",
    });
    // A pause is a remark under the status: whose turn it is stays in view, until the next turn.
    await bot.platform.deliver(part({ key: k, slot: "note" }, "The facilitator has paused the workshop."));
    const paused = embedsOf(world.server.botMessages(room()).findLast((m) => embedsOf(m).length > 0))[0];
    expect((paused?.["fields"] as Json[] | undefined)?.[0]?.["value"]).toBe(
      "carmen passed.\nIt is dana's turn.\nThe facilitator has paused the workshop.",
    );
    await bot.platform.deliver(part({ key: k, slot: "status" }, "It is amal's turn."));
    const next = embedsOf(world.server.botMessages(room()).findLast((m) => embedsOf(m).length > 0))[0];
    expect((next?.["fields"] as Json[] | undefined)?.[0]?.["value"]).toBe("It is amal's turn.");
  });

  it("disables the stage's buttons and the card's time-out button when the next stage's card opens", async () => {
    const k = "s1:stage:3";
    await bot.platform.deliver(part({ key: k, slot: "title" }, "Stage 3 of 5: Voting"));
    const card = world.server.botMessages(room()).at(-1);
    await bot.platform.deliver(timer(k, Date.now() + 60_000));
    const ask: Delivery = {
      kind: "ask",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Which idea?" }],
      promptId: "vote-1",
      options: [
        { value: "a", label: "A garden" },
        { value: "b", label: "A bridge" },
      ],
      maxChoices: 1,
    };
    await bot.platform.deliver(ask);
    const question = world.server.botMessages(room()).at(-1);
    expect(controls(question).some((c) => c["disabled"] === true)).toBe(false);

    await bot.platform.deliver(part({ key: "s1:stage:4", slot: "title" }, "Stage 4 of 5: Closing"));
    const byId = (m: Json | undefined) =>
      world.server.botMessages(room()).find((x) => String(x["id"]) === String(m?.["id"]));
    expect(controls(byId(question)).length).toBeGreaterThan(0);
    expect(controls(byId(question)).every((c) => c["disabled"] === true)).toBe(true);
    // The old card keeps its text, without the time-out button; the mention of stage 2 is gone too
    // once its card closed (earlier), so no mention is left in the channel.
    expect(controls(byId(card))).toEqual([]);
    expect(embedsOf(byId(card))[0]?.["title"]).toBe("Stage 3 of 5: Voting");
    expect(world.server.botMessages(room()).filter((m) => /^<@\d+> /.test(content(m)))).toEqual([]);
  });

  it("keeps no stored card text that names someone once a participant is forgotten", async () => {
    const k = "s1:stage:4";
    await bot.platform.deliver(part({ key: k, slot: "log" }, "Zoltan has joined (Group A)."));
    await bot.platform.deliver(part({ key: k, slot: "status" }, "It is Zoltan's turn."));
    const stored = () => [...cursors.values.values()].join("\n");
    expect(stored()).toContain("Zoltan");
    await bot.platform.forgetUser?.(world.amal.id);
    expect(stored()).not.toContain("Zoltan");
    // The card still reads its heading; the next change shows with it.
    await bot.platform.deliver(part({ key: k, slot: "status" }, "The workshop continues."));
    const [embed] = embedsOf(world.server.botMessages(room()).findLast((m) => embedsOf(m).length > 0));
    expect(embed?.["title"]).toBe("Stage 4 of 5: Closing");
    expect(embed?.["fields"]).toEqual([{ name: "▶", value: "The workshop continues." }]);
  });

  it("keeps what a one-language room's card says in its first language when another joins", async () => {
    const k = "s1:stage:6";
    await bot.platform.deliver(part({ key: k, slot: "title" }, "Stage 6 of 9: Talk"));
    await bot.platform.deliver(
      part({ key: k, slot: "log" }, "Layla has joined.", [
        { locale: "en", dir: "ltr", body: [{ text: "Layla has joined." }] },
        { locale: "ar", dir: "rtl", body: [{ text: "انضمت ليلى." }] },
      ]),
    );
    const embeds = embedsOf(world.server.botMessages(room()).findLast((m) => embedsOf(m).length > 0));
    expect(embeds[0]?.["title"]).toBe("Stage 6 of 9: Talk");
    // No English in the Arabic embed: its heading comes with the card's next stage.
    expect(embeds[1]?.["title"]).toBeUndefined();
  });

  it("writes one embed per language, each headed by its name and holding only its language", async () => {
    const k = "s1:stage:5";
    const blocks: LanguageBlock[] = [
      { locale: "en", dir: "ltr", body: [{ text: "Stage 5 of 5: Closing" }] },
      { locale: "ar", dir: "rtl", body: [{ text: "المرحلة 5 من 5: الختام" }] },
      { locale: "he", dir: "rtl", body: [{ text: "שלב 5 מתוך 5: סיכום" }] },
    ];
    await bot.platform.deliver(part({ key: k, slot: "title" }, "Stage 5 of 5: Closing", blocks));
    const embeds = embedsOf(world.server.botMessages(room()).at(-1));
    expect(embeds.map((e) => (e["author"] as Json | undefined)?.["name"])).toEqual([
      "English",
      "العربية",
      "עברית",
    ]);
    expect(String(embeds[0]?.["title"])).toBe("\u2066Stage 5 of 5: Closing\u2069");
    expect(String(embeds[1]?.["title"])).toContain("الختام");
    expect(String(embeds[1]?.["title"])).not.toMatch(/[A-Za-z\u0590-\u05FF]/u);
    expect(String(embeds[2]?.["title"])).not.toMatch(/[A-Za-z\u0600-\u06FF]/u);
    // Each right-to-left line is isolated (RLI … PDI).
    expect(String(embeds[1]?.["title"])).toMatch(/^\u2067.*\u2069$/u);
    // Someone leaves: the next change has no Hebrew embed any more.
    await bot.platform.deliver(
      part({ key: k, slot: "status" }, "It is amal's turn.", [
        { locale: "en", dir: "ltr", body: [{ text: "It is amal's turn." }] },
        { locale: "ar", dir: "rtl", body: [{ text: "دور أمل." }] },
      ]),
    );
    const after = embedsOf(world.server.botMessages(room()).findLast((m) => embedsOf(m).length > 0));
    expect(after.map((e) => (e["author"] as Json | undefined)?.["name"])).toEqual(["English", "العربية"]);
    expect(JSON.stringify(after)).not.toMatch(/[\u0590-\u05FF]/u);
  });

  it("disables a question's controls in direct messages when it closes, and every private control when the stage ends", async () => {
    const { amal, dana } = world;
    await bot.platform.deliver(part({ key: "s1:stage:7", slot: "title" }, "Stage 7 of 9: Agreeing"));
    const privately = (userId: string, promptId: string, text: string): Delivery => ({
      kind: "ask",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId },
      body: [{ text }],
      promptId,
      options: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
      maxChoices: 1,
    });
    // Nobody pressed anything lately: the questions go to direct messages.
    expect((await bot.platform.deliver(privately(dana.id, "consent:dm", "Do you agree?"))).ok).toBe(true);
    expect((await bot.platform.deliver(privately(amal.id, "survey:dm", "Do you feel heard?"))).ok).toBe(true);
    const write: Delivery = {
      kind: "collect",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId: dana.id },
      body: [{ text: "Write your idea privately." }],
      promptId: "idea:dm",
    };
    expect((await bot.platform.deliver(write)).ok).toBe(true);
    const dm = (userId: string, text: string): Json | undefined =>
      world.server.dmsTo(userId).find((m) => content(m).includes(text));
    const enabled = (m: Json | undefined) => controls(m).filter((c) => c["disabled"] !== true).length;
    const stale = structuredClone(dm(amal.id, "Do you feel heard?"));
    expect(enabled(dm(dana.id, "Do you agree?"))).toBeGreaterThan(0);
    expect(enabled(stale)).toBeGreaterThan(0);

    // The consent question closes: dana's copy of it is disabled, nothing else.
    await bot.platform.deliver({
      kind: "close",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      promptId: "consent:dm",
    });
    expect(controls(dm(dana.id, "Do you agree?")).length).toBeGreaterThan(0);
    expect(enabled(dm(dana.id, "Do you agree?"))).toBe(0);
    expect(enabled(dm(dana.id, "Write your idea privately."))).toBeGreaterThan(0);
    expect(enabled(dm(amal.id, "Do you feel heard?"))).toBeGreaterThan(0);

    // The stage ends (the next card opens): every private control of the stage is disabled.
    await bot.platform.deliver(part({ key: "s1:stage:8", slot: "title" }, "Stage 8 of 9: Closing"));
    expect(enabled(dm(dana.id, "Write your idea privately."))).toBe(0);
    expect(enabled(dm(amal.id, "Do you feel heard?"))).toBe(0);
    const pressable = controls(stale).find((c) => c["label"] === "Yes");
    expect(() =>
      world.server.click(amal.id, dm(amal.id, "Do you feel heard?") ?? {}, String(pressable?.["custom_id"])),
    ).toThrow(/disabled/);

    // A press on a copy still showing it (a client that had not refreshed) is answered privately.
    const n = bot.events.length;
    world.server.click(amal.id, stale ?? {}, String(pressable?.["custom_id"]));
    await bot.waitForEvents(n + 1);
    expect(bot.events.at(-1)).toMatchObject({ kind: "choice", promptId: "survey:dm" });
    await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId: amal.id },
      body: [{ text: "That question is closed." }],
      closedPrompt: "survey:dm",
    });
    expect(world.server.ephemeralsFor(amal.id).map(content)).toContain("That question is closed.");
    expect(world.server.dmsTo(amal.id).some((m) => content(m).includes("is closed"))).toBe(false);
  });
});

describe("the live stage card turned off (discord.liveCards: false)", () => {
  it("posts every part as a message of its own", async () => {
    const world = await startWorld();
    const bot = await startBot(world, new MemoryCursors(), { liveCards: false });
    try {
      const d = (slot: CardPart["slot"], text: string): Delivery => ({
        kind: "say",
        idempotencyKey: key(),
        roomId: world.channel.id,
        audience: { to: "room" },
        body: [{ text }],
        card: { key: "s2:stage:1", slot, ...(slot === "status" ? { ping: world.amal.id } : {}) },
      });
      await bot.platform.deliver(d("title", "Stage 1 of 1: Round"));
      await bot.platform.deliver(d("status", "It is amal's turn."));
      expect(world.server.botMessages(world.channel.id).map(content)).toEqual([
        "Stage 1 of 1: Round",
        "It is amal's turn.",
      ]);
      expect(bot.platform.capabilities.liveCards).toBe(false);
    } finally {
      await bot.stop();
      await world.server.stop();
    }
  });
});
