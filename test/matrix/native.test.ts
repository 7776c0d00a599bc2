// Matrix the way Element users expect it (issue 14), against a real Synapse with real
// matrix-js-sdk clients: countdowns edit the room's latest announcement (`m.replace`) instead of
// posting, an ordinary member reading the history back sees edits as edits, and a hidden post
// takes its edits with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Direction } from "matrix-js-sdk";
import type { CardSlot, Delivery } from "../../src/bot/ports.ts";
import { MatrixPlatform } from "../../src/adapters/matrix/index.ts";
import { parseMatrixConfig } from "../../src/adapters/matrix/config.ts";
import { connectHuman, type Human, type SeenEvent } from "../support/synapse/human.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../support/synapse/server.ts";
import { MemoryCursors, RecordingLogger, RecordingSink } from "./helpers.ts";

interface Bot {
  readonly platform: MatrixPlatform;
  readonly sink: RecordingSink;
  readonly logger: RecordingLogger;
}

interface HistoryEvent {
  readonly event_id: string;
  readonly type: string;
  readonly sender: string;
  readonly content: Record<string, unknown>;
  readonly unsigned?: { readonly redacted_because?: unknown };
}

const relationOf = (e: { content: Record<string, unknown> }): Record<string, unknown> | undefined =>
  e.content["m.relates_to"] as Record<string, unknown> | undefined;

describe("Matrix native feel (real Synapse)", () => {
  let hs: Homeserver;
  let botUser: RegisteredUser;
  let carol: Human; // the facilitator, who invites the bot
  let alice: Human; // an ordinary member
  const humans: Human[] = [];
  const running: MatrixPlatform[] = [];
  let bot: Bot;
  let facilitatorsRoom: string;
  let counter = 0;
  const key = (label: string): string => `native-${label}-${++counter}`;

  async function startBot(cursors = new MemoryCursors(), choices?: "reactions" | "polls"): Promise<Bot> {
    const parsed = parseMatrixConfig(
      {
        homeserverUrl: hs.baseUrl,
        userId: botUser.userId,
        allowedInviters: [carol.userId],
        facilitatorsRoom,
        ...(choices === undefined ? {} : { choices }),
      },
      { MATRIX_ACCESS_TOKEN: botUser.accessToken },
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    const logger = new RecordingLogger();
    const platform = new MatrixPlatform({
      config: parsed.value.config,
      credentials: parsed.value.credentials,
      cursors,
      logger,
      syncTimeoutMs: 2000,
    });
    const sink = new RecordingSink();
    await platform.start(sink.sink);
    running.push(platform);
    return { platform, sink, logger };
  }

  async function human(name: string, autoJoinFrom: readonly string[] = []): Promise<Human> {
    const h = await connectHuman(
      hs.baseUrl,
      await hs.registerUser(name, { displayName: name.charAt(0).toUpperCase() + name.slice(1) }),
      { autoJoinFrom },
    );
    humans.push(h);
    return h;
  }

  const joined = (roomId: string, userId: string) => (e: SeenEvent) =>
    e.roomId === roomId &&
    e.type === "m.room.member" &&
    e.stateKey === userId &&
    e.content["membership"] === "join";

  async function workshopRoom(name: string, botPower?: number): Promise<string> {
    const roomId = await carol.createRoom({
      name,
      invite: [alice.userId, botUser.userId],
      ...(botPower === undefined ? {} : { powerLevels: { [botUser.userId]: botPower } }),
    });
    await carol.waitFor(joined(roomId, botUser.userId), 20_000, "the bot joining");
    await alice.waitFor(joined(roomId, alice.userId));
    return roomId;
  }

  const say = (roomId: string, text: string, extra: Partial<Delivery> = {}): Delivery =>
    ({
      idempotencyKey: key("say"),
      roomId,
      audience: { to: "room" },
      kind: "say",
      body: [{ text }],
      ...extra,
    }) as Delivery;

  const timer = (roomId: string, deadline: number | null, extra: Partial<Delivery> = {}): Delivery =>
    ({
      idempotencyKey: key("timer"),
      roomId,
      audience: { to: "room" },
      kind: "timer",
      deadline,
      body: [{ text: deadline === null ? "The timer has stopped." : "Time remaining" }],
      ...extra,
    }) as Delivery;

  /** The room as an ordinary member reads it back from the server: /messages, oldest first. */
  async function history(reader: Human, roomId: string): Promise<HistoryEvent[]> {
    const page = await reader.client.createMessagesRequest(roomId, null, 500, Direction.Backward);
    return (page.chunk as unknown as HistoryEvent[]).reverse();
  }

  const botMessages = (events: readonly HistoryEvent[]): HistoryEvent[] =>
    events.filter((e) => e.sender === botUser.userId && e.type === "m.room.message");

  beforeAll(async () => {
    hs = await startHomeserver();
    botUser = await hs.registerUser("parley", { displayName: "Parley" });
    carol = await human("carol");
    alice = await human("alice", [carol.userId, botUser.userId]);
    facilitatorsRoom = await carol.createRoom({ name: "facilitators", invite: [botUser.userId] });
    bot = await startBot();
    await carol.waitFor(
      joined(facilitatorsRoom, botUser.userId),
      20_000,
      "the bot in the facilitators' room",
    );
  }, 900_000);

  afterAll(async () => {
    for (const platform of running) await platform.stop();
    for (const h of humans) h.stop();
    await hs.stop();
  });

  it("shows a countdown on the latest announcement by m.replace edits, read back as edits by a member", async () => {
    const roomId = await workshopRoom("countdown");
    expect(
      await bot.platform.deliver(say(roomId, "It is Amal's turn. Everyone else, please listen.")),
    ).toEqual({ ok: true });
    const deadline = Date.now() + 120_000;
    expect(await bot.platform.deliver(timer(roomId, deadline))).toEqual({ ok: true });
    expect(await bot.platform.deliver(timer(roomId, deadline + 60_000))).toEqual({ ok: true });
    expect(await bot.platform.deliver(timer(roomId, null))).toEqual({ ok: true });
    await alice.waitFor(
      (e) =>
        e.roomId === roomId &&
        String(e.content["body"]).startsWith("* ") &&
        /stopped/.test(String(e.content["body"])),
      20_000,
      "the last edit",
    );

    const [help, ...messages] = botMessages(await history(alice, roomId));
    expect(help?.content["body"]).toMatch(/^Parley hosts/);
    // One post; the three countdown changes are edits of it.
    const [announcement, ...edits] = messages;
    expect(announcement?.content["body"]).toBe("It is Amal's turn. Everyone else, please listen.");
    expect(relationOf(announcement ?? { content: {} })).toBeUndefined();
    expect(edits).toHaveLength(3);
    for (const edit of edits) {
      expect(relationOf(edit)).toEqual({ rel_type: "m.replace", event_id: announcement?.event_id });
      const next = edit.content["m.new_content"] as Record<string, unknown>;
      // Clients without edits show the fallback: the new text behind "* ".
      expect(edit.content["body"]).toBe(`* ${String(next["body"])}`);
      expect(edit.content["formatted_body"]).toBe(`* ${String(next["formatted_body"])}`);
      expect(next["m.relates_to"]).toBeUndefined();
      expect(next["m.mentions"]).toEqual({});
      expect(String(next["body"])).toMatch(/^It is Amal's turn\. Everyone else, please listen\.\n\n/);
    }
    const bodies = edits.map((e) => String((e.content["m.new_content"] as Record<string, unknown>)["body"]));
    expect(bodies[0]).toMatch(/Time remaining ⏱ [12]:\d\d \(\d\d:\d\d UTC\)$/);
    expect(bodies[1]).toMatch(/Time remaining ⏱ [23]:\d\d \(\d\d:\d\d UTC\)$/);
    expect(bodies[2]).toMatch(/\n\nThe timer has stopped\.$/);

    // The member's own client shows the announcement with its latest edit.
    const shown = alice.client.getRoom(roomId)?.findEventById(announcement?.event_id ?? "");
    await expect.poll(() => shown?.replacingEventId()).toBe(edits.at(-1)?.event_id);
    expect(shown?.getContent()["body"]).toMatch(/The timer has stopped\.$/);
  });

  it("edits a mixed room's announcement language by language, each block keeping dir and lang", async () => {
    const roomId = await workshopRoom("countdown-languages");
    const blocks = (en: string, ar: string) => ({
      body: [{ text: en }],
      languages: [
        { locale: "en", dir: "ltr" as const, body: [{ text: en }] },
        { locale: "ar", dir: "rtl" as const, body: [{ text: ar }] },
      ],
    });
    await bot.platform.deliver(say(roomId, "", blocks("Stage 2 of 5: Sharing", "المرحلة 2 من 5: المشاركة")));
    await bot.platform.deliver(timer(roomId, Date.now() + 60_000, blocks("Time remaining", "الوقت المتبقي")));
    const edit = await alice.waitFor(
      (e) => e.roomId === roomId && relationOf(e)?.["rel_type"] === "m.replace",
      20_000,
      "the edit",
    );
    const html = String((edit.content["m.new_content"] as Record<string, unknown>)["formatted_body"]);
    expect(html).toMatch(
      /^<div dir="ltr" lang="en">Stage 2 of 5: Sharing<br><br>Time remaining ⏱ [^<]+<\/div><div dir="rtl" lang="ar">المرحلة 2 من 5: المشاركة<br><br>الوقت المتبقي ⏱ [^<]+<\/div>$/,
    );
    expect(String(edit.content["formatted_body"])).toBe(`* ${html}`);
  });

  it("never shows a countdown on a contribution, and hiding an edited post redacts it with every edit", async () => {
    const roomId = await workshopRoom("countdown-hide");
    const contribution = await bot.platform.deliver(say(roomId, "#1: my words", { contributionRef: 1 }));
    expect(contribution.ok).toBe(true);
    const contributionId = contribution.ok ? contribution.value?.messageIds?.[0] : undefined;
    await bot.platform.deliver(timer(roomId, Date.now() + 60_000));
    const countdown = await alice.waitFor(
      (e) => e.roomId === roomId && /^Time remaining/.test(String(e.content["body"])),
      20_000,
      "the countdown posted on its own",
    );
    expect(relationOf(countdown)).toBeUndefined();
    // A countdown posted alone hosts the next change.
    await bot.platform.deliver(timer(roomId, null));
    const edit = await alice.waitFor(
      (e) => e.roomId === roomId && relationOf(e)?.["event_id"] === countdown.eventId,
      20_000,
      "the countdown's edit",
    );
    expect((edit.content["m.new_content"] as Record<string, unknown>)["body"]).toBe("The timer has stopped.");
    expect(
      botMessages(await history(alice, roomId)).filter((e) => relationOf(e)?.["event_id"] === contributionId),
    ).toEqual([]);

    // Hiding the countdown's host (any post of the bot) takes its edits too.
    expect(await bot.platform.retract(roomId, countdown.eventId)).toEqual({ ok: true });
    await alice.waitFor(
      (e) => e.roomId === roomId && e.type === "m.room.redaction" && e.content["redacts"] === edit.eventId,
      20_000,
      "the edit redacted",
    );
    const after = await history(alice, roomId);
    for (const id of [countdown.eventId, edit.eventId]) {
      const e = after.find((x) => x.event_id === id);
      expect(e?.unsigned?.redacted_because).toBeDefined();
      expect(e?.content).toEqual({});
    }
  });

  it("keeps the countdown on the same message across a restart", async () => {
    const roomId = await workshopRoom("countdown-restart");
    const cursors = new MemoryCursors();
    const first = await startBot(cursors);
    await first.platform.deliver(say(roomId, "It is Bo's turn."));
    const announcement = await alice.waitFor(
      (e) => e.roomId === roomId && e.content["body"] === "It is Bo's turn.",
    );
    await first.platform.stop();
    const second = await startBot(cursors);
    await second.platform.deliver(timer(roomId, Date.now() + 60_000));
    const edit = await alice.waitFor(
      (e) => e.roomId === roomId && relationOf(e)?.["rel_type"] === "m.replace",
      20_000,
      "the edit after the restart",
    );
    expect(relationOf(edit)?.["event_id"]).toBe(announcement.eventId);
    await second.platform.stop();
  });

  it("keeps one live card per stage, edited in place, the speaker mentioned in their direct room and the topic following the stage", async () => {
    const roomId = await workshopRoom("cards", 50);
    const cursors = new MemoryCursors();
    const first = await startBot(cursors);
    const card = (slot: CardSlot, text: string, n = 1, extra: Partial<Delivery> = {}): Delivery =>
      say(roomId, text, { card: { key: `s:stage:${String(n)}`, slot }, ...extra });
    expect(await first.platform.deliver(card("title", "Stage 1 of 2: Sharing"))).toEqual({ ok: true });
    await first.platform.deliver(card("body", "Each person speaks in turn."));
    await first.platform.deliver(
      say(roomId, "It is Bo's turn.", {
        card: {
          key: "s:stage:1",
          slot: "status",
          more: [{ slot: "time", body: [{ text: "Time remaining" }], deadline: Date.now() + 60_000 }],
        },
      }),
    );
    await first.platform.stop();
    // A restarted bot edits the same card.
    const second = await startBot(cursors);
    await second.platform.deliver(
      say(roomId, "It is Alice's turn.", { card: { key: "s:stage:1", slot: "status", ping: alice.userId } }),
    );
    await second.platform.deliver(card("log", "Bo has joined."));
    await alice.waitFor(
      (e) => e.roomId === roomId && /Bo has joined/.test(String(e.content["body"])),
      20_000,
      "the card's last edit",
    );

    const all = await history(alice, roomId);
    const [help, post, ...rest] = botMessages(all);
    expect(help?.content["body"]).toMatch(/^Parley hosts/);
    expect(post?.content["msgtype"]).toBe("m.notice");
    expect(post?.content["body"]).toBe("Stage 1 of 2: Sharing");
    expect(post?.content["formatted_body"]).toBe("<strong>Stage 1 of 2: Sharing</strong>");
    // Every change of the card is an edit of its one post; nothing else is posted in the room.
    const edits = rest.filter((e) => relationOf(e)?.["rel_type"] === "m.replace");
    expect(edits).toHaveLength(4);
    expect(rest).toEqual(edits);
    for (const e of edits) expect(relationOf(e)?.["event_id"]).toBe(post?.event_id);
    const latest = edits.at(-1)?.content["m.new_content"] as Record<string, unknown>;
    expect(latest["body"]).toMatch(
      /^Stage 1 of 2: Sharing\n\nEach person speaks in turn\.\n\nIt is Alice's turn\.\n\nBo has joined\.\n\nTime remaining ⏱ \d:\d\d \(\d\d:\d\d UTC\)$/,
    );
    expect(latest["m.mentions"]).toEqual({});
    // The speaker is told in their direct room, by an m.text (an m.notice never notifies) that
    // mentions them alone and links to the card.
    const ping = await alice.waitFor(
      (e) => e.sender === botUser.userId && e.roomId !== roomId && e.content["msgtype"] === "m.text",
      20_000,
      "the speaker's mention",
    );
    const link = `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(post?.event_id ?? "")}`;
    expect(ping.content).toMatchObject({
      body: `▶ cards: ${link}`,
      "m.mentions": { user_ids: [alice.userId] },
    });
    // An ordinary member's client shows the card as its latest edit.
    const shown = alice.client.getRoom(roomId)?.findEventById(post?.event_id ?? "");
    await expect.poll(() => shown?.replacingEventId()).toBe(edits.at(-1)?.event_id);
    expect(shown?.getContent()["body"]).toMatch(/It is Alice's turn\.\n\nBo has joined\./);
    // The topic is the stage's heading.
    expect((await alice.client.getStateEvent(roomId, "m.room.topic", ""))["topic"]).toBe(
      "Stage 1 of 2: Sharing",
    );

    // The next stage is a new card.
    await second.platform.deliver(card("title", "Stage 2 of 2: Closing", 2));
    await alice.waitFor((e) => e.roomId === roomId && e.content["body"] === "Stage 2 of 2: Closing");
    const next = botMessages(await history(alice, roomId)).at(-1);
    expect(next?.content["body"]).toBe("Stage 2 of 2: Closing");
    expect(relationOf(next ?? { content: {} })).toBeUndefined();
    await expect
      .poll(
        async (): Promise<unknown> => (await alice.client.getStateEvent(roomId, "m.room.topic", ""))["topic"],
      )
      .toBe("Stage 2 of 2: Closing");
    await second.platform.stop();
  });

  it("leads the room's topic with the workshop's title, and leaves an encrypted room's topic unset", async () => {
    const roomId = await workshopRoom("cards-title", 50);
    const topic = async (room: string): Promise<unknown> => {
      try {
        return (await alice.client.getStateEvent(room, "m.room.topic", ""))["topic"];
      } catch {
        return undefined;
      }
    };
    // The lobby's card opens the workshop: the topic is its title.
    await bot.platform.deliver(
      say(roomId, "Welcome to Youth dialogue circle.", {
        card: { key: "t:lobby", slot: "body", title: "Youth dialogue circle" },
      }),
    );
    expect(await topic(roomId)).toBe("Youth dialogue circle");
    await bot.platform.deliver(
      say(roomId, "Stage 1 of 2: Sharing", {
        card: { key: "t:stage:1", slot: "title", title: "Youth dialogue circle" },
      }),
    );
    expect(await topic(roomId)).toBe("Youth dialogue circle — Stage 1 of 2: Sharing");

    // State events are never encrypted: in an encrypted room the bot sets no topic at all.
    const sealed = await carol.createRoom({
      name: "cards-title-e2ee",
      invite: [alice.userId, botUser.userId],
      encrypted: true,
      powerLevels: { [botUser.userId]: 50 },
    });
    await carol.waitFor(joined(sealed, botUser.userId), 20_000, "the bot joining the encrypted room");
    await alice.waitFor(joined(sealed, alice.userId));
    expect(
      await bot.platform.deliver(
        say(sealed, "Stage 1 of 2: Sharing", {
          card: { key: "e:stage:1", slot: "title", title: "Youth dialogue circle" },
        }),
      ),
    ).toEqual({ ok: true });
    expect(await topic(sealed)).toBeUndefined();
  });

  it("posts a card a moderator redacted again, whole, and edits the new post from then on", async () => {
    const roomId = await workshopRoom("cards-redacted");
    const part = (slot: CardSlot, text: string): Delivery =>
      say(roomId, text, { card: { key: "r:stage:1", slot } });
    await bot.platform.deliver(part("title", "Stage 1 of 1: Sharing"));
    await bot.platform.deliver(part("body", "Each person speaks in turn."));
    const original = botMessages(await history(alice, roomId)).find(
      (e) => e.content["body"] === "Stage 1 of 1: Sharing",
    );
    expect(original).toBeDefined();
    await carol.client.redactEvent(roomId, original?.event_id ?? "");
    // The bot sees the redaction and posts the card again, as it read before it was taken.
    const again = await alice.waitFor(
      (e) =>
        e.roomId === roomId &&
        e.sender === botUser.userId &&
        e.eventId !== original?.event_id &&
        relationOf(e) === undefined &&
        e.content["body"] === "Stage 1 of 1: Sharing\n\nEach person speaks in turn.",
      20_000,
      "the card posted again",
    );
    // The next change edits the new post, which a member's client shows.
    await bot.platform.deliver(part("status", "It is Bo's turn."));
    const edit = await alice.waitFor(
      (e) => e.roomId === roomId && /It is Bo's turn/.test(String(e.content["body"])),
      20_000,
      "the card's next edit",
    );
    expect(relationOf(edit)?.["event_id"]).toBe(again.eventId);
    const shown = alice.client.getRoom(roomId)?.findEventById(again.eventId);
    await expect.poll((): unknown => shown?.getContent()["body"]).toMatch(/It is Bo's turn\.$/);
  });

  it("forget-me: a card's next change no longer shows the forgotten person's turn or join line", async () => {
    const roomId = await workshopRoom("cards-forget");
    const part = (slot: CardSlot, text: string): Delivery =>
      say(roomId, text, { card: { key: "f:stage:1", slot } });
    await bot.platform.deliver(part("title", "Stage 1 of 1: Sharing"));
    await bot.platform.deliver(part("log", "Dana has joined."));
    await bot.platform.deliver(part("status", "It is Dana's turn."));
    await bot.platform.forgetUser("@dana:example.org");
    await bot.platform.deliver(
      timer(roomId, Date.now() + 60_000, { card: { key: "f:stage:1", slot: "time" } }),
    );
    const last = await alice.waitFor(
      (e) => e.roomId === roomId && /Time remaining/.test(String(e.content["body"])),
      20_000,
      "the card's edit after the forget",
    );
    const next = last.content["m.new_content"] as Record<string, unknown>;
    expect(next["body"]).toMatch(/^Stage 1 of 1: Sharing\n\nTime remaining ⏱/);
    expect(String(next["body"])).not.toContain("Dana");
  });

  it("writes a mixed room's card in a block per language, and tells the facilitators once when it may not set the topic", async () => {
    const roomId = await workshopRoom("cards-mixed");
    const blocks = (en: string, he: string) => ({
      body: [{ text: en }],
      languages: [
        { locale: "en", dir: "ltr" as const, body: [{ text: en }] },
        { locale: "he", dir: "rtl" as const, body: [{ text: he }] },
      ],
    });
    await bot.platform.deliver(
      say(roomId, "", {
        ...blocks("Stage 1 of 2: Sharing", "שלב 1 מתוך 2: שיתוף"),
        card: { key: "m:stage:1", slot: "title" },
      }),
    );
    await bot.platform.deliver(
      say(roomId, "", {
        ...blocks("Stage 2 of 2: Closing", "שלב 2 מתוך 2: סיום"),
        card: { key: "m:stage:2", slot: "title" },
      }),
    );
    const card = await alice.waitFor(
      (e) => e.roomId === roomId && /Closing/.test(String(e.content["body"])),
      20_000,
      "the second card",
    );
    expect(card.content["formatted_body"]).toBe(
      '<div dir="ltr" lang="en"><strong>Stage 2 of 2: Closing</strong></div><div dir="rtl" lang="he"><strong>שלב 2 מתוך 2: סיום</strong></div>',
    );
    const told = await carol.waitFor(
      (e) =>
        e.roomId === facilitatorsRoom &&
        /could not set the topic of cards-mixed/.test(String(e.content["body"])),
      20_000,
      "the facilitators told",
    );
    expect(told.sender).toBe(botUser.userId);
    const tellings = botMessages(await history(carol, facilitatorsRoom)).filter((e) =>
      /could not set the topic of cards-mixed/.test(String(e.content["body"])),
    );
    expect(tellings).toHaveLength(1);
  });

  it("pins a help message before its first post, once per room; without the power to pin it tells the facilitators", async () => {
    const roomId = await workshopRoom("help", 50);
    await bot.platform.deliver(say(roomId, "Welcome to Perspective exchange."));
    await bot.platform.deliver(say(roomId, "The workshop has started."));
    await alice.waitFor((e) => e.roomId === roomId && e.content["body"] === "The workshop has started.");
    const messages = botMessages(await history(alice, roomId));
    expect(messages.map((e) => String(e.content["body"]))).toEqual([
      expect.stringMatching(/^Parley hosts this workshop\. To take part: !parley join\./),
      "Welcome to Perspective exchange.",
      "The workshop has started.",
    ]);
    const state = await alice.client.getStateEvent(roomId, "m.room.pinned_events", "");
    expect(state["pinned"]).toEqual([messages[0]?.event_id]);

    // A mixed room's help comes in each language of the bot's first post, each block marked.
    const mixed = await workshopRoom("help-mixed", 50);
    await bot.platform.deliver(
      say(mixed, "Welcome", {
        languages: [
          { locale: "en", dir: "ltr", body: [{ text: "Welcome" }] },
          { locale: "he", dir: "rtl", body: [{ text: "ברוכים הבאים" }] },
        ],
      }),
    );
    const help = await alice.waitFor(
      (e) =>
        e.roomId === mixed &&
        /^<div dir="ltr" lang="en">Parley hosts/.test(String(e.content["formatted_body"])),
    );
    expect(String(help.content["formatted_body"])).toContain('<div dir="rtl" lang="he">Parley מארח');

    // A room where the bot may post but not pin: the help is posted, the facilitators are told.
    const weak = await workshopRoom("help-no-power");
    await bot.platform.deliver(say(weak, "Welcome."));
    await alice.waitFor((e) => e.roomId === weak && e.content["body"] === "Welcome.");
    const told = await carol.waitFor(
      (e) =>
        e.roomId === facilitatorsRoom &&
        /could not pin its help message in help-no-power/.test(String(e.content["body"])),
      20_000,
      "the facilitators told",
    );
    expect(told.sender).toBe(botUser.userId);
    expect(botMessages(await history(alice, weak)).map((e) => String(e.content["body"]))).toEqual([
      expect.stringMatching(/^Parley hosts/),
      "Welcome.",
    ]);
  });

  it("answers a command typed in the direct room as a reply there, and one typed in the workshop room without a relation", async () => {
    const roomId = await workshopRoom("replies");
    const toAlice = (text: string, replyTo?: string): Delivery => ({
      idempotencyKey: key("answer"),
      roomId,
      audience: { to: "user", userId: alice.userId },
      kind: "say",
      body: [{ text }],
      ...(replyTo === undefined ? {} : { replyTo }),
    });
    await bot.platform.deliver(toAlice("You have joined."));
    const direct = (
      await alice.waitFor((e) => e.sender === botUser.userId && e.content["body"] === "You have joined.")
    ).roomId;
    expect(direct).not.toBe(roomId);

    const inDirect = await alice.say(direct, "!parley help");
    expect(await bot.platform.deliver(toAlice("Commands for everyone: join, help.", inDirect))).toEqual({
      ok: true,
    });
    const answer = await alice.waitFor(
      (e) => e.roomId === direct && e.content["body"] === "Commands for everyone: join, help.",
    );
    expect(answer.content["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: inDirect } });
    // No quoted fallback: the answer's text is only the answer.
    expect(String(answer.content["formatted_body"])).not.toContain("mx-reply");

    const inRoom = await alice.say(roomId, "!parley status");
    expect(await bot.platform.deliver(toAlice("No workshop is running here.", inRoom))).toEqual({ ok: true });
    const privately = await alice.waitFor(
      (e) => e.roomId === direct && e.content["body"] === "No workshop is running here.",
    );
    expect(privately.content["m.relates_to"]).toBeUndefined();
    // Nothing was posted in the workshop room.
    expect(botMessages(await history(alice, roomId)).map((e) => String(e.content["body"]))).toEqual([]);
  });
});
