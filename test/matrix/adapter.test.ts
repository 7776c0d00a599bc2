// The Matrix adapter against a real Synapse homeserver, with real matrix-js-sdk clients as people.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery, InboundEvent } from "../../src/bot/ports.ts";
import {
  ENCRYPTED_ROOM_NOTICE,
  encryptedRoomNotice,
  MatrixPlatform,
  createMatrixPlatform,
} from "../../src/adapters/matrix/index.ts";
import { parseMatrixConfig } from "../../src/adapters/matrix/config.ts";
import { numberedContent } from "../../src/adapters/matrix/choices/numbers.ts";
import { reactionNotPrivateText } from "../../src/adapters/matrix/texts.ts";
import { connectHuman, type Human, type SeenEvent } from "../support/synapse/human.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../support/synapse/server.ts";
import { MemoryCursors, RecordingLogger, RecordingSink, textOf } from "./helpers.ts";

interface RunningBot {
  readonly platform: MatrixPlatform;
  readonly sink: RecordingSink;
  readonly cursors: MemoryCursors;
  readonly logger: RecordingLogger;
}

describe("MatrixPlatform against Synapse", () => {
  let hs: Homeserver;
  let botUser: RegisteredUser;
  let carol: Human; // facilitator, allowed to invite the bot
  let alice: Human;
  let bob: Human;
  let mallory: Human; // not allowed to invite the bot
  let facilitatorsRoom: string;
  const running: MatrixPlatform[] = [];
  const humans: Human[] = [];
  let main: RunningBot;

  async function startBot(
    options: {
      cursors?: MemoryCursors;
      timelineLimit?: number;
      user?: RegisteredUser;
      choices?: "reactions" | "polls";
      localeOf?: (roomId: string) => string | undefined;
    } = {},
  ): Promise<RunningBot> {
    const user = options.user ?? botUser;
    const cursors = options.cursors ?? new MemoryCursors();
    const logger = new RecordingLogger();
    const parsed = parseMatrixConfig(
      {
        homeserverUrl: hs.baseUrl,
        userId: user.userId,
        allowedInviters: [carol.userId],
        facilitatorsRoom,
        ...(options.choices === undefined ? {} : { choices: options.choices }),
        groups: { north: [alice.userId], south: [bob.userId] },
      },
      { MATRIX_ACCESS_TOKEN: user.accessToken },
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    const platform = new MatrixPlatform({
      config: parsed.value.config,
      credentials: parsed.value.credentials,
      cursors,
      logger,
      syncTimeoutMs: 2000,
      ...(options.timelineLimit === undefined ? {} : { timelineLimit: options.timelineLimit }),
      ...(options.localeOf === undefined ? {} : { localeOf: options.localeOf }),
    });
    const sink = new RecordingSink();
    await platform.start(sink.sink);
    running.push(platform);
    return { platform, sink, cursors, logger };
  }

  async function human(name: string, autoJoinFrom: readonly string[] = []): Promise<Human> {
    const user = await hs.registerUser(name, { displayName: name.charAt(0).toUpperCase() + name.slice(1) });
    const h = await connectHuman(hs.baseUrl, user, { autoJoinFrom });
    humans.push(h);
    return h;
  }

  const isMember = (roomId: string, userId: string, membership: string) => (e: SeenEvent) =>
    e.roomId === roomId &&
    e.type === "m.room.member" &&
    e.stateKey === userId &&
    e.content["membership"] === membership;

  /** A workshop room made by carol with alice and bob in it and the bot invited and joined. */
  async function workshopRoom(name: string, botPower?: number): Promise<string> {
    const roomId = await carol.createRoom({
      name,
      invite: [alice.userId, bob.userId, botUser.userId],
      ...(botPower === undefined ? {} : { powerLevels: { [botUser.userId]: botPower } }),
    });
    await carol.waitFor(isMember(roomId, botUser.userId, "join"), 20_000, "the bot joining");
    await alice.waitFor(isMember(roomId, alice.userId, "join"));
    await bob.waitFor(isMember(roomId, bob.userId, "join"));
    return roomId;
  }

  let keyCounter = 0;
  const key = (label: string): string => `test-${label}-${++keyCounter}`;

  /** Posts `text` in the room and waits until carol sees it: everything the bot sent before is in. */
  async function marker(platform: MatrixPlatform, roomId: string, text: string): Promise<void> {
    await platform.deliver({
      idempotencyKey: key("marker"),
      roomId,
      audience: { to: "room" },
      kind: "say",
      body: [{ text }],
    });
    await carol.waitFor((e) => e.roomId === roomId && e.content["body"] === text);
  }

  beforeAll(async () => {
    hs = await startHomeserver();
    botUser = await hs.registerUser("parley", { displayName: "Parley" });
    carol = await human("carol");
    alice = await human("alice", [carol.userId, botUser.userId]);
    bob = await human("bob", [carol.userId, botUser.userId]);
    mallory = await human("mallory");
    facilitatorsRoom = await carol.createRoom({ name: "facilitators", invite: [botUser.userId] });
    // History from before the bot ever started: never replayed.
    await carol.say(facilitatorsRoom, "!parley status (sent before the bot started)");
    main = await startBot();
    await carol.waitFor(
      isMember(facilitatorsRoom, botUser.userId, "join"),
      20_000,
      "the bot accepting a pending invite",
    );
  }, 900_000);

  afterAll(async () => {
    for (const platform of running) await platform.stop();
    for (const h of humans) h.stop();
    await hs.stop();
  });

  it("rejects invalid configuration and missing credentials with stable codes", () => {
    const bad = createMatrixPlatform(
      { homeserverUrl: "not a url", userId: "parley" },
      {},
      {
        cursors: new MemoryCursors(),
        logger: new RecordingLogger(),
      },
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe("invalid_config");
      expect(bad.error.message).toContain("matrix.homeserverUrl");
      expect(bad.error.message).toContain("matrix.userId");
    }
    const noSecret = createMatrixPlatform(
      { homeserverUrl: "http://127.0.0.1:1", userId: "@p:localhost" },
      {},
      {
        cursors: new MemoryCursors(),
        logger: new RecordingLogger(),
      },
    );
    expect(noSecret.ok ? "ok" : noSecret.error.code).toBe("missing_credentials");
  });

  it("accepts invites only from allowed inviters", async () => {
    const refused = await mallory.createRoom({ name: "not allowed", invite: [botUser.userId] });
    await mallory.waitFor(isMember(refused, botUser.userId, "leave"), 20_000, "the bot refusing the invite");
    expect(mallory.seen.some(isMember(refused, botUser.userId, "join"))).toBe(false);
    expect(
      main.logger.entries.some(
        (e) => e.message.includes("refused an invite") && e.fields?.["inviter"] === mallory.userId,
      ),
    ).toBe(true);
    const accepted = await carol.createRoom({ name: "allowed", invite: [botUser.userId] });
    await carol.waitFor(isMember(accepted, botUser.userId, "join"), 20_000, "the bot accepting the invite");
  });

  it("turns commands, mentions, messages and membership into InboundEvents, ignoring history before the bot joined", async () => {
    const roomId = await carol.createRoom({ name: "commands", invite: [alice.userId] });
    await alice.waitFor(isMember(roomId, alice.userId, "join"));
    await alice.say(roomId, "said before the bot was in the room");
    await carol.client.invite(roomId, botUser.userId);
    await carol.waitFor(isMember(roomId, botUser.userId, "join"), 20_000, "the bot joining");

    await alice.say(roomId, "!parley join north");
    await alice.say(roomId, 'Parley: cluster 1 2 "Shared water"');
    await alice.say(roomId, "I think we should listen first.");
    await carol.client.invite(roomId, bob.userId);

    const join = await main.sink.waitFor(
      (e) => e.roomId === roomId && e.kind === "command" && e.name === "join",
    );
    expect(join).toMatchObject({
      platform: "matrix",
      args: ["north"],
      sender: { userId: alice.userId, displayName: "Alice", roles: ["north", alice.userId] },
    });
    const cluster = await main.sink.waitFor(
      (e) => e.roomId === roomId && e.kind === "command" && e.name === "cluster",
    );
    expect(cluster).toMatchObject({ args: ["1", "2", "Shared water"] });
    // A person picked in the composer (a pill showing a display name with a space) is one argument.
    await carol.sayHtml(
      roomId,
      "!parley floor Alice Liddell",
      `!parley floor <a href="https://matrix.to/#/${encodeURIComponent(alice.userId)}">Alice Liddell</a>`,
    );
    const floor = await main.sink.waitFor(
      (e) => e.roomId === roomId && e.kind === "command" && e.name === "floor",
    );
    expect(floor).toMatchObject({ args: ["Alice Liddell"] });
    const message = await main.sink.waitFor((e) => e.roomId === roomId && e.kind === "message");
    expect(textOf(message)).toBe("I think we should listen first.");
    const bobJoined = await main.sink.waitFor((e) => e.roomId === roomId && e.kind === "join");
    expect(bobJoined.sender).toMatchObject({ userId: bob.userId, roles: ["south", bob.userId] });

    const texts = main.sink.events
      .filter((e) => e.roomId === roomId)
      .map((e) => textOf(e) ?? (e.kind === "command" ? e.name : e.kind));
    expect(texts).not.toContain("said before the bot was in the room");
    // Nothing from before the bot started either.
    expect(main.sink.events.some((e) => e.roomId === facilitatorsRoom && e.kind === "command")).toBe(false);
    // Alice had joined before the bot: her join is history, not an event.
    expect(
      main.sink.events.some(
        (e) => e.roomId === roomId && e.kind === "join" && e.sender.userId === alice.userId,
      ),
    ).toBe(false);
  });

  it("turns a reply with `!parley flag` into a flag about the replied-to message, and takes the flag out of the room", async () => {
    const roomId = await workshopRoom("flags", 50);
    const hurtful = await alice.say(roomId, "you people are all liars");
    const flag = await bob.reply(
      roomId,
      hurtful,
      "<@alice> you people are all liars",
      "!parley flag not okay",
    );
    const event = await main.sink.waitFor(
      (e) => e.roomId === roomId && e.kind === "command" && e.name === "flag",
    );
    expect(event).toMatchObject({
      args: ["not", "okay"],
      target: {
        text: "you people are all liars",
        link: `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(hurtful)}`,
      },
    });
    // The target carries the message, never its sender.
    expect(JSON.stringify(event.kind === "command" ? event.target : null)).not.toContain(alice.userId);
    // Everyone in the room sees the flag redacted by the bot.
    await alice.waitFor(
      (e) => e.roomId === roomId && e.type === "m.room.redaction" && e.sender === botUser.userId,
      20_000,
      "the flag redacted",
    );
    const seenByAlice = await alice.client.fetchRoomEvent(roomId, flag);
    expect(seenByAlice.content).toEqual({});
    // A plain `!parley flag` that replies to nothing has no target.
    await bob.say(roomId, "!parley flag someone was rude");
    const plain = await main.sink.waitFor(
      (e) => e.roomId === roomId && e.kind === "command" && e.name === "flag" && e.args.includes("rude"),
    );
    expect(plain.kind === "command" ? plain.target : "x").toBeUndefined();
  });

  it("delivers m.notice with escaped HTML: participant markup and @room stay inert text, links whole", async () => {
    const roomId = await workshopRoom("notices");
    const hostile =
      '<a href="https://evil.example/x">click</a> @room <b>bold</b> <img src=x onerror=alert(1)>';
    const result = await main.platform.deliver({
      idempotencyKey: key("notice"),
      roomId,
      audience: { to: "room" },
      kind: "say",
      body: [
        { text: "Amal said: ", style: "strong" },
        { text: hostile, fromParticipant: true, style: "quote" },
      ],
    });
    expect(result).toEqual({ ok: true });
    const seen = await alice.waitFor(
      (e) =>
        e.roomId === roomId &&
        e.sender === botUser.userId &&
        e.type === "m.room.message" &&
        String(e.content["body"]).startsWith("Amal said"),
    );
    expect(seen.content["msgtype"]).toBe("m.notice");
    expect(seen.content["format"]).toBe("org.matrix.custom.html");
    expect(seen.content["m.mentions"]).toEqual({});
    const html = String(seen.content["formatted_body"]);
    expect(html.startsWith("<strong>Amal said: </strong><blockquote>")).toBe(true);
    expect(html).not.toMatch(/<a\b|<b>|<img/);
    expect(html).toContain("&lt;a href=&quot;");
    const body = String(seen.content["body"]);
    expect(body).not.toContain("@room");
    // The link itself stays whole (usable); it is text, never an <a> in the HTML.
    expect(body).toContain("https://evil.example/x");
    expect(body.replace(/\u2060/g, "")).toContain('<a href="https://evil.example/x">click</a> @room');
  });

  it("never asks in the shared room; asks in the direct room and maps reactions, numbered replies and poll responses there", async () => {
    const roomId = await workshopRoom("choices");
    const options = [
      { value: "agree", label: "I agree" },
      { value: "amend", label: "Propose a change" },
      { value: "<b>x</b>", label: "<b>idea</b> from @room" },
    ];
    const ask = (audience: Delivery["audience"]): Delivery => ({
      idempotencyKey: key("ask"),
      roomId,
      audience,
      kind: "ask",
      body: [{ text: "Do you accept the ground rules?" }],
      promptId: "rules-consent",
      options,
      maxChoices: 1,
    });
    // Answers in the shared room (reactions, replies) are seen by every member: refused, not posted.
    expect(await main.platform.deliver(ask({ to: "room" }))).toMatchObject({
      ok: false,
      error: { code: "unsupported" },
    });
    expect(await main.platform.deliver(ask({ to: "user", userId: alice.userId }))).toEqual({ ok: true });
    const prompt = await alice.waitFor(
      (e) =>
        e.sender === botUser.userId &&
        e.type === "m.room.message" &&
        String(e.content["body"]).startsWith("Do you accept"),
    );
    expect(prompt.roomId).not.toBe(roomId);
    const direct = prompt.roomId;
    expect(String(prompt.content["body"])).toContain("1. I agree\n2. Propose a change\n3. ");
    expect(String(prompt.content["formatted_body"])).toContain(
      "<ol><li>I agree</li><li>Propose a change</li><li>&lt;b&gt;idea&lt;/b&gt;",
    );
    // One event per question: the list ends with the answers' keycaps, and the bot adds no
    // reactions of its own (matrix.choices: numbers, the default).
    expect(String(prompt.content["body"])).toMatch(
      /\n3\. [^\n]+\n↩ 1\uFE0F\u20E3 2\uFE0F\u20E3 3\uFE0F\u20E3$/,
    );

    await alice.react(direct, prompt.eventId, "2\uFE0F\u20E3");
    const byReaction = await main.sink.waitFor(
      (e) => e.kind === "choice" && e.sender.userId === alice.userId && e.value === "amend",
    );
    expect(byReaction).toMatchObject({ roomId, promptId: "rules-consent" });

    await alice.say(direct, "3");
    const byNumber = await main.sink.waitFor(
      (e) => e.kind === "choice" && e.sender.userId === alice.userId && e.value === "<b>x</b>",
    );
    expect(byNumber).toMatchObject({ roomId, promptId: "rules-consent" });

    await alice.client.sendEvent(
      direct,
      "m.poll.response" as never,
      {
        "m.relates_to": { rel_type: "m.reference", event_id: prompt.eventId },
        "m.selections": ["1"],
      } as never,
    );
    await main.sink.waitFor(
      (e) => e.kind === "choice" && e.sender.userId === alice.userId && e.value === "agree",
    );

    // Relating to the question from the shared room counts for nothing (if the homeserver takes
    // such a relation at all), and a number there is an ordinary message.
    await bob.react(roomId, prompt.eventId, "1\uFE0F\u20E3").catch(() => undefined);
    await bob.say(roomId, "3");
    const three = await main.sink.waitFor(
      (e) => e.roomId === roomId && e.kind === "message" && e.sender.userId === bob.userId,
    );
    expect(textOf(three)).toBe("3");
    expect(main.sink.events.filter((e) => e.kind === "choice" && e.sender.userId === bob.userId)).toEqual([]);
    expect(alice.seen.filter((e) => e.type === "m.reaction" && e.sender === botUser.userId)).toEqual([]);
    // The bot posted nothing at all in the shared room.
    await carol.waitFor((e) => e.roomId === roomId && e.content["body"] === "3");
    expect(
      carol.seen.filter(
        (e) => e.roomId === roomId && e.sender === botUser.userId && e.type !== "m.room.member",
      ),
    ).toEqual([]);
  });

  it("collects private input in a direct room and hands it over with the workshop room's id", async () => {
    const roomId = await workshopRoom("private");
    const result = await main.platform.deliver({
      idempotencyKey: key("collect"),
      roomId,
      audience: { to: "user", userId: alice.userId },
      kind: "collect",
      body: [{ text: "Send me your idea; it will be shown without your name." }],
      promptId: "brainstorm-1",
    });
    expect(result).toEqual({ ok: true });
    const invite = await alice.waitFor(
      (e) =>
        e.type === "m.room.message" &&
        e.sender === botUser.userId &&
        String(e.content["body"]).startsWith("Send me your idea"),
      20_000,
      "the prompt in a direct room",
    );
    expect(invite.roomId).not.toBe(roomId);
    const direct = invite.roomId;
    await alice.say(direct, "Joint water committee");
    const submitted = await main.sink.waitFor(
      (e) => e.kind === "private" && e.sender.userId === alice.userId,
    );
    expect(submitted).toMatchObject({ roomId, promptId: "brainstorm-1", text: "Joint water committee" });

    // The same direct room is reused for the next private prompt and for private commands.
    const second = await main.platform.deliver({
      idempotencyKey: key("collect"),
      roomId,
      audience: { to: "room" },
      kind: "collect",
      body: [{ text: "Second round: another idea?" }],
      promptId: "brainstorm-2",
    });
    expect(second).toEqual({ ok: true });
    await alice.waitFor((e) => e.roomId === direct && String(e.content["body"]).startsWith("Second round"));
    const bobDirect = await bob.waitFor(
      (e) =>
        e.sender === botUser.userId &&
        e.roomId !== roomId &&
        String(e.content["body"]).startsWith("Second round"),
    );
    await bob.say(bobDirect.roomId, "Shared school trips");
    await alice.say(direct, "!parley timeout I need a minute");
    const bobIdea = await main.sink.waitFor((e) => e.kind === "private" && e.sender.userId === bob.userId);
    expect(bobIdea).toMatchObject({ roomId, promptId: "brainstorm-2", text: "Shared school trips" });
    const timeout = await main.sink.waitFor((e) => e.kind === "command" && e.name === "timeout");
    expect(timeout).toMatchObject({
      roomId,
      sender: { userId: alice.userId },
      args: ["I", "need", "a", "minute"],
    });
    // Private words never reach the workshop room.
    await alice.say(roomId, "marker");
    await carol.waitFor((e) => e.roomId === roomId && e.content["body"] === "marker");
    expect(
      carol.seen.some(
        (e) => e.roomId === roomId && JSON.stringify(e.content).includes("Joint water committee"),
      ),
    ).toBe(false);
  });

  it("asks privately in the direct room and maps a numbered reply there to the workshop's prompt", async () => {
    const roomId = await workshopRoom("private-ask");
    const result = await main.platform.deliver({
      idempotencyKey: key("private-ask"),
      roomId,
      audience: { to: "user", userId: bob.userId },
      kind: "ask",
      body: [{ text: "Did you feel heard?" }],
      promptId: "heard-1",
      options: [
        { value: "yes", label: "Yes" },
        { value: "partly", label: "Partly" },
      ],
      maxChoices: 1,
    });
    expect(result).toEqual({ ok: true });
    const asked = await bob.waitFor(
      (e) => e.sender === botUser.userId && String(e.content["body"]).startsWith("Did you feel heard?"),
    );
    expect(asked.roomId).not.toBe(roomId);
    await bob.say(asked.roomId, "2");
    const choice = await main.sink.waitFor((e) => e.kind === "choice" && e.promptId === "heard-1");
    expect(choice).toMatchObject({ roomId, value: "partly", sender: { userId: bob.userId } });
  });

  it("hands on a direct message nothing asked for (no prompt), and the consent and floor commands (issue 12)", async () => {
    const roomId = await workshopRoom("nothing-asked");
    await main.platform.deliver({
      idempotencyKey: key("nothing-asked"),
      roomId,
      audience: { to: "user", userId: alice.userId },
      kind: "say",
      body: [{ text: "You have joined." }],
    });
    const told = await alice.waitFor(
      (e) => e.sender === botUser.userId && String(e.content["body"]).startsWith("You have joined."),
    );
    await alice.say(told.roomId, "is anyone there?");
    const unasked = await main.sink.waitFor((e) => e.kind === "private" && textOf(e) === "is anyone there?");
    expect(unasked).toMatchObject({ roomId, promptId: "", sender: { userId: alice.userId } });
    await alice.say(roomId, "!parley hand");
    await alice.say(roomId, "!parley hand down");
    await carol.say(roomId, "!parley queue next");
    await carol.say(roomId, "!parley reply Alice take your time");
    await carol.say(roomId, "!parley next --force");
    const reply = await main.sink.waitFor(
      (e) => e.roomId === roomId && e.kind === "command" && e.name === "next",
    );
    expect(reply).toMatchObject({ args: ["--force"] });
    const commands = main.sink.events
      .filter((e) => e.roomId === roomId && e.kind === "command")
      .map((e) => (e.kind === "command" ? [e.name, ...e.args] : []));
    expect(commands).toEqual([
      ["hand"],
      ["hand", "down"],
      ["queue", "next"],
      ["reply", "Alice", "take", "your", "time"],
      ["next", "--force"],
    ]);
  });

  it("fails a private delivery it cannot make, and never posts it in the room instead", async () => {
    const roomId = await workshopRoom("no-direct-room");
    // The direct room the bot knows for alice is one it cannot post in (the bot is no member).
    const unusable = await carol.createRoom({ name: "not the bot's" });
    const cursors = new MemoryCursors();
    cursors.values.set(`matrix|dm.${alice.userId}`, unusable);
    const bot = await startBot({ cursors });
    const base = { roomId, audience: { to: "user", userId: alice.userId } } as const;
    const deliveries: Delivery[] = [
      { ...base, idempotencyKey: key("say"), kind: "say", body: [{ text: "Your answer was recorded." }] },
      {
        ...base,
        idempotencyKey: key("ask"),
        kind: "ask",
        body: [{ text: "Do you agree?" }],
        promptId: "p-a",
        options: [{ value: "yes", label: "Yes" }],
        maxChoices: 1,
      },
      {
        ...base,
        idempotencyKey: key("collect"),
        kind: "collect",
        body: [{ text: "Your idea?" }],
        promptId: "p-c",
      },
    ];
    for (const delivery of deliveries) {
      const result = await bot.platform.deliver(delivery);
      expect(result, delivery.kind).toMatchObject({ ok: false, error: { code: "missing_permission" } });
    }
    await marker(bot.platform, roomId, "after the failures");
    const posted = carol.seen.filter(
      (e) => e.roomId === roomId && e.sender === botUser.userId && e.type !== "m.room.member",
    );
    // Only the bot's help (posted before its first room post) and the marker.
    expect(posted.map((e) => e.content["body"])).toEqual([
      expect.stringMatching(/^Parley hosts this workshop/),
      "after the failures",
    ]);
    await bot.platform.stop();
  });

  it("offers a poll in the direct room when configured and maps poll answers to choices", async () => {
    const roomId = await workshopRoom("polls");
    const polling = await startBot({ choices: "polls" });
    const result = await polling.platform.deliver({
      idempotencyKey: key("poll"),
      roomId,
      audience: { to: "user", userId: alice.userId },
      kind: "ask",
      body: [{ text: "Which idea first?" }],
      promptId: "vote-1",
      options: [
        { value: "idea-1", label: "Water committee" },
        { value: "idea-2", label: "School exchange" },
      ],
      maxChoices: 2,
    });
    expect(result).toEqual({ ok: true });
    const poll = await alice.waitFor(
      (e) => e.sender === botUser.userId && e.type === "org.matrix.msc3381.poll.start",
    );
    expect(poll.roomId).not.toBe(roomId);
    expect(poll.content["org.matrix.msc3381.poll.start"]).toMatchObject({
      max_selections: 2,
      answers: [{ id: "1" }, { id: "2" }],
    });
    await alice.client.sendEvent(
      poll.roomId,
      "org.matrix.msc3381.poll.response" as never,
      {
        "m.relates_to": { rel_type: "m.reference", event_id: poll.eventId },
        "org.matrix.msc3381.poll.response": { answers: ["1", "2"] },
      } as never,
    );
    await polling.sink.waitFor((e) => e.kind === "choice" && e.promptId === "vote-1" && e.value === "idea-2");
    const choices = polling.sink.events.filter((e) => e.kind === "choice" && e.promptId === "vote-1");
    expect(choices.map((e) => (e.kind === "choice" ? e.value : ""))).toEqual(["idea-1", "idea-2"]);
    expect(choices.every((e) => e.roomId === roomId)).toBe(true);
    expect(new Set(choices.map((e) => e.eventId)).size).toBe(2);
    await polling.platform.stop();
  });

  it("pins the summary where it may and still posts it where it may not", async () => {
    const roomId = await workshopRoom("pin", 100);
    const pinned = await main.platform.deliver({
      idempotencyKey: key("pin"),
      roomId,
      audience: { to: "room" },
      kind: "pin",
      body: [{ text: "Summary: 3 ideas" }],
    });
    expect(pinned).toEqual({ ok: true });
    const summary = await alice.waitFor(
      (e) => e.roomId === roomId && e.content["body"] === "Summary: 3 ideas",
    );
    const state = await carol.client.getStateEvent(roomId, "m.room.pinned_events", "");
    // The bot's pinned help (posted before its first post in the room) stays first.
    const help = alice.seen.find(
      (e) =>
        e.roomId === roomId && e.sender === botUser.userId && /^Parley hosts/.test(String(e.content["body"])),
    );
    expect(state["pinned"]).toEqual([help?.eventId, summary.eventId]);

    const plainRoom = await workshopRoom("pin-no-power");
    const posted = await main.platform.deliver({
      idempotencyKey: key("pin"),
      roomId: plainRoom,
      audience: { to: "room" },
      kind: "pin",
      body: [{ text: "Summary without pin" }],
    });
    expect(posted).toEqual({ ok: true });
    await alice.waitFor((e) => e.roomId === plainRoom && e.content["body"] === "Summary without pin");
    expect(
      main.logger.entries.some(
        (e) => e.message.includes("could not pin") && e.fields?.["roomId"] === plainRoom,
      ),
    ).toBe(true);
  });

  it("enforces a strict floor with power levels: Synapse refuses others, accepts the holder, and restores the room", async () => {
    const roomId = await workshopRoom("floor", 100);
    const before = await carol.client.getStateEvent(roomId, "m.room.power_levels", "");

    expect(
      await main.platform.deliver({
        idempotencyKey: key("floor"),
        roomId,
        audience: { to: "room" },
        kind: "floor",
        holders: [alice.userId],
      }),
    ).toEqual({ ok: true });
    await bob.waitFor(
      (e) => e.roomId === roomId && e.type === "m.room.power_levels" && e.sender === botUser.userId,
    );
    await expect(bob.say(roomId, "may I?")).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
    await expect(alice.say(roomId, "my turn")).resolves.toMatch(/^\$/);
    // Reactions stay open for everyone.
    await expect(
      bob.react(
        roomId,
        (await bob.waitFor((e) => e.roomId === roomId && e.content["body"] === "my turn")).eventId,
        "👍",
      ),
    ).resolves.toMatch(/^\$/);

    expect(
      await main.platform.deliver({
        idempotencyKey: key("floor"),
        roomId,
        audience: { to: "room" },
        kind: "floor",
        holders: [bob.userId],
      }),
    ).toEqual({ ok: true });
    await alice.waitFor(
      (e) =>
        e.roomId === roomId &&
        e.type === "m.room.power_levels" &&
        (e.content["users"] as Record<string, number>)[bob.userId] === 1,
    );
    await expect(bob.say(roomId, "now me")).resolves.toMatch(/^\$/);
    await expect(alice.say(roomId, "again?")).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });

    expect(
      await main.platform.deliver({
        idempotencyKey: key("floor"),
        roomId,
        audience: { to: "room" },
        kind: "floor",
        holders: "everyone",
      }),
    ).toEqual({ ok: true });
    const after = await carol.client.getStateEvent(roomId, "m.room.power_levels", "");
    expect(after).toEqual(before);
    await expect(alice.say(roomId, "open floor")).resolves.toMatch(/^\$/);
  });

  it("keeps the facilitators' voice, raises no participant when nobody holds the floor, and sends nothing for an unchanged floor", async () => {
    const roomId = await workshopRoom("floor-nobody", 100);
    const before = (await carol.client.getStateEvent(roomId, "m.room.power_levels", "")) as {
      users: Record<string, number>;
    };
    const floor = (holders: readonly string[] | "everyone"): Delivery => ({
      idempotencyKey: key("floor"),
      roomId,
      audience: { to: "room" },
      kind: "floor",
      holders,
      // bob facilitates here, without any power level of his own.
      facilitators: [bob.userId],
    });
    const levelEvents = () =>
      carol.seen.filter(
        (e) => e.roomId === roomId && e.type === "m.room.power_levels" && e.sender === botUser.userId,
      );
    expect(await main.platform.deliver(floor([]))).toEqual({ ok: true });
    const restricted = await carol.waitFor(
      (e) => e.roomId === roomId && e.type === "m.room.power_levels" && e.sender === botUser.userId,
    );
    // Only the facilitator was raised: no participant is named by the power levels.
    const raised = Object.keys(restricted.content["users"] as Record<string, number>).filter(
      (user) => !(user in before.users),
    );
    expect(raised).toEqual([bob.userId]);
    await expect(alice.say(roomId, "may I?")).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
    await expect(bob.say(roomId, "!parley status")).resolves.toMatch(/^\$/);

    // The same floor again (a repeat, a reconciliation after a restart): no new event at all.
    expect(await main.platform.deliver(floor([]))).toEqual({ ok: true });
    await marker(main.platform, roomId, "floor marker");
    expect(levelEvents().length).toBe(1);

    expect(await main.platform.deliver(floor("everyone"))).toEqual({ ok: true });
    await carol.waitFor(() => levelEvents().length === 2);
    expect(await carol.client.getStateEvent(roomId, "m.room.power_levels", "")).toEqual(before);
  });

  it("restores power levels after a crash from the persisted original", async () => {
    const roomId = await workshopRoom("floor-crash", 100);
    const before = await carol.client.getStateEvent(roomId, "m.room.power_levels", "");
    const crashing = await startBot({ cursors: new MemoryCursors() });
    expect(
      await crashing.platform.deliver({
        idempotencyKey: key("floor"),
        roomId,
        audience: { to: "room" },
        kind: "floor",
        holders: [alice.userId],
      }),
    ).toEqual({ ok: true });
    await crashing.platform.stop();
    const restarted = await startBot({ cursors: crashing.cursors });
    expect(
      await restarted.platform.deliver({
        idempotencyKey: key("floor"),
        roomId,
        audience: { to: "room" },
        kind: "floor",
        holders: "everyone",
      }),
    ).toEqual({ ok: true });
    expect(await carol.client.getStateEvent(roomId, "m.room.power_levels", "")).toEqual(before);
    await restarted.platform.stop();
  });

  it("forgets a user: nothing it keeps names them, their floor raise is undone and it leaves their direct room", async () => {
    const dora = await human("dora", [carol.userId, botUser.userId]);
    const roomId = await workshopRoom("forget", 100);
    const before = await carol.client.getStateEvent(roomId, "m.room.power_levels", "");
    const asked = await main.platform.deliver({
      idempotencyKey: key("forget-ask"),
      roomId,
      audience: { to: "user", userId: dora.userId },
      kind: "ask",
      body: [{ text: "Do you agree to the ground rules?" }],
      promptId: "consent-1",
      options: [{ value: "yes", label: "Yes" }],
      maxChoices: 1,
    });
    expect(asked).toEqual({ ok: true });
    const direct = await dora.waitFor(
      (e) => e.sender === botUser.userId && String(e.content["body"]).startsWith("Do you agree"),
    );
    const floor = (holders: readonly string[] | "everyone"): Delivery => ({
      idempotencyKey: key("forget-floor"),
      roomId,
      audience: { to: "room" },
      kind: "floor",
      holders,
    });
    expect(await main.platform.deliver(floor([dora.userId, alice.userId]))).toEqual({ ok: true });
    // Keys and values of what the adapter persisted.
    const mentions = (): string[] =>
      [...main.cursors.values].map((entry) => entry.join(" = ")).filter((row) => row.includes(dora.userId));
    // Her direct room (both ways), her open question and the saved floor name her before the forget.
    expect(mentions().length).toBeGreaterThanOrEqual(4);

    await main.platform.forgetUser(dora.userId);

    expect(mentions()).toEqual([]);
    const levels = (await carol.client.getStateEvent(roomId, "m.room.power_levels", "")) as {
      users: Record<string, number>;
    };
    expect(levels.users[dora.userId]).toBeUndefined();
    expect(levels.users[alice.userId]).toBe(1);
    await dora.waitFor(
      isMember(direct.roomId, botUser.userId, "leave"),
      20_000,
      "the bot leaving her direct room",
    );
    // The floor still opens exactly.
    expect(await main.platform.deliver(floor("everyone"))).toEqual({ ok: true });
    expect(await carol.client.getStateEvent(roomId, "m.room.power_levels", "")).toEqual(before);
  });

  it("answers missing_permission when the bot may not change power levels", async () => {
    const roomId = await workshopRoom("no-power");
    const result = await main.platform.deliver({
      idempotencyKey: key("floor"),
      roomId,
      audience: { to: "room" },
      kind: "floor",
      holders: [alice.userId],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("missing_permission");
  });

  it("sends a delivery once however often it is retried with the same idempotency key", async () => {
    const roomId = await workshopRoom("idempotent");
    const delivery: Delivery = {
      idempotencyKey: key("once"),
      roomId,
      audience: { to: "room" },
      kind: "say",
      body: [{ text: "exactly once" }],
    };
    const results = await Promise.all([main.platform.deliver(delivery), main.platform.deliver(delivery)]);
    expect(await main.platform.deliver(delivery)).toEqual({ ok: true });
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    await main.platform.deliver({ ...delivery, idempotencyKey: key("after"), body: [{ text: "marker" }] });
    await alice.waitFor((e) => e.roomId === roomId && e.content["body"] === "marker");
    expect(
      alice.seen.filter((e) => e.roomId === roomId && e.content["body"] === "exactly once"),
    ).toHaveLength(1);
  });

  it("after a restart processes what was sent while it was down exactly once and never replays older history", async () => {
    const roomId = await workshopRoom("restart");
    const cursors = new MemoryCursors();
    const first = await startBot({ cursors, timelineLimit: 3 });
    await alice.say(roomId, "before the stop");
    await first.sink.waitFor((e) => textOf(e) === "before the stop");
    await first.platform.stop();

    const whileDown = Array.from({ length: 8 }, (_, i) => `while down ${i + 1}`);
    for (const text of whileDown) await (text.endsWith("2") ? bob : alice).say(roomId, text);

    const second = await startBot({ cursors, timelineLimit: 3 });
    await second.sink.waitFor((e) => textOf(e) === "while down 8", 30_000);
    await alice.say(roomId, "after the restart");
    await second.sink.waitFor((e) => textOf(e) === "after the restart");
    const texts = second.sink.events.filter((e) => e.roomId === roomId).map(textOf);
    expect(texts).toEqual([...whileDown, "after the restart"]);
    // More was sent than one sync response holds (timelineLimit 3): the gap came from /messages.
    expect(
      second.logger.entries.some(
        (e) => e.message.includes("backfilled a gap") && e.fields?.["roomId"] === roomId,
      ),
    ).toBe(true);
    const ids = second.sink.events.map((e: InboundEvent) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    await second.platform.stop();
  });

  it("honours M_LIMIT_EXCEEDED (retry_after_ms) and still delivers every message once", async () => {
    const limitedUser = await hs.registerUser("limited-bot", { liftRateLimits: false });
    const roomId = await carol.createRoom({ name: "rate", invite: [limitedUser.userId, alice.userId] });
    const limited = await startBot({ user: limitedUser });
    await carol.waitFor(isMember(roomId, limitedUser.userId, "join"));
    await alice.waitFor(isMember(roomId, alice.userId, "join"));
    const results: unknown[] = [];
    for (let i = 1; i <= 8; i++) {
      results.push(
        await limited.platform.deliver({
          idempotencyKey: key("rate"),
          roomId,
          audience: { to: "room" },
          kind: "say",
          body: [{ text: `burst ${i}` }],
        }),
      );
    }
    expect(results).toEqual(Array.from({ length: 8 }, () => ({ ok: true })));
    await alice.waitFor((e) => e.roomId === roomId && e.content["body"] === "burst 8");
    const bursts = alice.seen.filter(
      (e) => e.roomId === roomId && String(e.content["body"]).startsWith("burst"),
    );
    expect(bursts.map((e) => e.content["body"])).toEqual(
      Array.from({ length: 8 }, (_, i) => `burst ${i + 1}`),
    );
    expect(limited.logger.entries.some((e) => e.message.includes("rate limited"))).toBe(true);
    await limited.platform.stop();
  });

  it("under M_LIMIT_EXCEEDED, writes wait together and rooms take turns: no room is refused again and again", async () => {
    // Three workshop rooms on one rate-limited bot (the test homeserver: 0.5 events a second, a
    // burst of 5), each with a backlog at once. Every room retrying on its own made each wait
    // end in all three asking and two being refused.
    const limitedUser = await hs.registerUser("turns-bot", { liftRateLimits: false });
    const rooms: string[] = [];
    for (const name of ["turns-a", "turns-b", "turns-c"])
      rooms.push(await carol.createRoom({ name, invite: [limitedUser.userId, alice.userId] }));
    const limited = await startBot({ user: limitedUser });
    for (const roomId of rooms) {
      await carol.waitFor(isMember(roomId, limitedUser.userId, "join"));
      await alice.waitFor(isMember(roomId, alice.userId, "join"));
    }
    const perRoom = 4;
    const results = await Promise.all(
      rooms.flatMap((roomId, r) =>
        Array.from({ length: perRoom }, (_, i) =>
          limited.platform.deliver({
            idempotencyKey: key("turns"),
            roomId,
            audience: { to: "room" },
            kind: "say",
            body: [{ text: `room ${String(r)} post ${String(i + 1)}` }],
          }),
        ),
      ),
    );
    expect(results).toEqual(Array.from({ length: rooms.length * perRoom }, () => ({ ok: true })));
    for (const [r, roomId] of rooms.entries())
      await alice.waitFor(
        (e) => e.roomId === roomId && e.content["body"] === `room ${String(r)} post ${String(perRoom)}`,
      );
    // Each refusal was waited out by every room before the next write: at most one refusal for
    // each write the homeserver took (the posts, the pinned help and its pin).
    const taken = alice.seen.filter(
      (e) => rooms.includes(e.roomId) && e.sender === limitedUser.userId && e.type !== "m.room.member",
    ).length;
    const refusals = limited.logger.entries.filter((e) => e.message.includes("rate limited")).length;
    expect(refusals).toBeGreaterThan(0);
    expect(refusals).toBeLessThanOrEqual(taken);
    // Rooms took turns: every room's last post came after every room's second.
    const seen = alice.seen.filter(
      (e) => rooms.includes(e.roomId) && String(e.content["body"]).startsWith("room "),
    );
    const at = (body: string) => seen.findIndex((e) => e.content["body"] === body);
    const seconds = rooms.map((_, r) => at(`room ${String(r)} post 2`));
    const lasts = rooms.map((_, r) => at(`room ${String(r)} post ${String(perRoom)}`));
    expect(Math.min(...lasts)).toBeGreaterThan(Math.max(...seconds));
    await limited.platform.stop();
  }, 120_000);

  it("tells the room and the facilitators what it cannot do in an end-to-end encrypted room", async () => {
    const roomId = await carol.createRoom({ name: "secret", encrypted: true, invite: [botUser.userId] });
    const told = await carol.waitFor(
      (e) =>
        e.roomId === roomId && e.sender === botUser.userId && e.content["body"] === ENCRYPTED_ROOM_NOTICE,
      20_000,
      "the encrypted-room notice",
    );
    expect(told.content["msgtype"]).toBe("m.notice");
    await carol.waitFor(
      (e) =>
        e.roomId === facilitatorsRoom &&
        e.sender === botUser.userId &&
        String(e.content["body"]).includes(ENCRYPTED_ROOM_NOTICE),
      20_000,
      "the notice in the facilitators' room",
    );
    expect(main.logger.entries.some((e) => e.level === "warn" && e.message.includes("encrypted"))).toBe(true);
  });

  it("tells an encrypted room in the room's language (the bot's catalogue)", async () => {
    const spanishUser = await hs.registerUser("parley-es", { displayName: "Parley" });
    const spanish = await startBot({ user: spanishUser, localeOf: () => "es" });
    const roomId = await carol.createRoom({ name: "secreto", encrypted: true, invite: [spanishUser.userId] });
    const told = await carol.waitFor(
      (e) => e.roomId === roomId && e.sender === spanishUser.userId && e.type === "m.room.message",
      20_000,
      "the encrypted-room notice",
    );
    expect(told.content["body"]).toBe(encryptedRoomNotice("es"));
    expect(told.content["body"]).toMatch(/^Parley: esta sala tiene cifrado de extremo a extremo/);
    expect(encryptedRoomNotice("es")).not.toBe(ENCRYPTED_ROOM_NOTICE);
    await spanish.platform.stop();
  });

  it("in an encrypted workshop, a step's later questions say how typed numbers answer them", async () => {
    const roomId = await carol.createRoom({
      name: "sealed scales",
      encrypted: true,
      invite: [alice.userId, botUser.userId],
    });
    await carol.waitFor(
      (e) =>
        e.roomId === roomId && e.sender === botUser.userId && e.content["body"] === ENCRYPTED_ROOM_NOTICE,
      20_000,
      "the bot to know the room is encrypted",
    );
    const step = key("scales");
    for (const [n, text] of ["Scale one?", "Scale two?"].entries())
      expect(
        await main.platform.deliver({
          idempotencyKey: `${step}:${String(n)}`,
          roomId,
          audience: { to: "user", userId: alice.userId },
          kind: "ask",
          body: [{ text }],
          promptId: `scale-${String(n)}`,
          options: ["a", "b", "c"].map((v) => ({ value: v, label: v })),
          maxChoices: 1,
        }),
      ).toEqual({ ok: true });
    const asked = (text: string) => (e: SeenEvent) =>
      e.sender === botUser.userId && String(e.content["body"]).startsWith(text);
    const first = await alice.waitFor(asked("Scale one?"));
    const second = await alice.waitFor(asked("Scale two?"));
    // The first reads as it is; the second says how several open questions are answered.
    expect(String(first.content["body"])).not.toContain("reply to it");
    expect(String(second.content["body"])).toContain("To answer this one now, reply to it.");
    await alice.say(first.roomId, "2");
    await alice.say(first.roomId, "3");
    await main.sink.waitFor(
      (e) => e.kind === "choice" && e.promptId === "scale-1",
      20_000,
      "the second answer",
    );
    expect(
      main.sink.events.flatMap((e) =>
        e.kind === "choice" && e.promptId.startsWith("scale-") ? [`${e.promptId}=${e.value}`] : [],
      ),
    ).toEqual(["scale-0=b", "scale-1=c"]);
  });

  it("in an encrypted workshop never invites a reaction, takes none as an answer and tells the participant privately", async () => {
    const roomId = await carol.createRoom({
      name: "sealed choices",
      encrypted: true,
      invite: [alice.userId, botUser.userId],
    });
    // The bot has seen the room's m.room.encryption once it posts its notice there.
    await carol.waitFor(
      (e) =>
        e.roomId === roomId && e.sender === botUser.userId && e.content["body"] === ENCRYPTED_ROOM_NOTICE,
      20_000,
      "the bot to know the room is encrypted",
    );
    const ask = (text: string, promptId: string): Delivery => ({
      idempotencyKey: key("sealed-ask"),
      roomId,
      audience: { to: "user", userId: alice.userId },
      kind: "ask",
      body: [{ text }],
      promptId,
      options: [
        { value: "a", label: "Harbour" },
        { value: "b", label: "Lighthouse" },
        { value: "c", label: "Quay" },
      ],
      maxChoices: 1,
    });
    expect(await main.platform.deliver(ask("Sealed question one?", "sealed-1"))).toEqual({ ok: true });
    const prompt = await alice.waitFor(
      (e) => e.sender === botUser.userId && String(e.content["body"]).startsWith("Sealed question one?"),
    );
    const direct = prompt.roomId;
    // No keycaps to click: the last line only says to reply with the number (no locale known here).
    expect(String(prompt.content["body"])).toMatch(/\n3\. Quay\n↩ 1 \/ 2 \/ 3$/);
    expect(String(prompt.content["body"])).not.toContain("\u20E3");

    await alice.react(direct, prompt.eventId, "2\uFE0F\u20E3");
    await alice.waitFor(
      (e) =>
        e.roomId === direct && e.sender === botUser.userId && e.content["body"] === reactionNotPrivateText(),
      20_000,
      "the private answer to the reaction",
    );
    await alice.say(direct, "3");
    await main.sink.waitFor((e) => e.kind === "choice" && e.promptId === "sealed-1" && e.value === "c");
    // The reaction (processed before the reply) was taken as nothing.
    expect(main.sink.events.filter((e) => e.kind === "choice" && e.promptId === "sealed-1")).toHaveLength(1);

    // `matrix.choices: reactions` falls back to the numbered list: the bot adds no reactions.
    const reacting = await startBot({ choices: "reactions" });
    expect(await reacting.platform.deliver(ask("Sealed question two?", "sealed-2"))).toEqual({ ok: true });
    const second = await alice.waitFor(
      (e) => e.sender === botUser.userId && String(e.content["body"]).startsWith("Sealed question two?"),
    );
    expect(String(second.content["body"])).toMatch(/\n↩ 1 \/ 2 \/ 3$/);
    await reacting.platform.stop();
    await alice.say(direct, "after the second question");
    await alice.waitFor((e) => e.roomId === direct && e.content["body"] === "after the second question");
    expect(
      alice.seen.filter((e) => e.type === "m.reaction" && e.sender === botUser.userId && e.roomId === direct),
    ).toEqual([]);
  });

  it("words the encrypted-room hint in the reader's language when it is known", () => {
    const question = {
      roomId: "!direct:example",
      body: [{ text: "¿Qué lugar?" }],
      part: "ask",
      delivery: {
        idempotencyKey: "k",
        roomId: "!room:example",
        audience: { to: "user" as const, userId: "@a:example" },
        kind: "ask" as const,
        body: [{ text: "¿Qué lugar?" }],
        promptId: "p",
        options: [
          { value: "a", label: "Puerto" },
          { value: "b", label: "Faro" },
        ],
        maxChoices: 1,
      },
    };
    expect(numberedContent(question, true, "es").body).toMatch(
      /\n↩ Responde con el número de tu opción \(1–2\)\.$/,
    );
    expect(numberedContent(question, true).body).toMatch(/\n↩ 1 \/ 2$/);
    expect(numberedContent(question).body).toMatch(/\n↩ 1\uFE0F\u20E3 2\uFE0F\u20E3$/);
  });

  it("sends facilitator notices to the facilitators' room, naming the workshop", async () => {
    const roomId = await workshopRoom("facilitated");
    const result = await main.platform.deliver({
      idempotencyKey: key("facilitators"),
      roomId,
      audience: { to: "facilitators", userIds: [carol.userId] },
      kind: "say",
      body: [{ text: "Alice asked for a time-out." }],
    });
    expect(result).toEqual({ ok: true });
    const seen = await carol.waitFor(
      (e) =>
        e.roomId === facilitatorsRoom && String(e.content["body"]).endsWith("Alice asked for a time-out."),
    );
    expect(seen.content["body"]).toBe("[facilitated] Alice asked for a time-out.");
  });

  it("never writes the access token to the log", () => {
    for (const bot of [main]) expect(bot.logger.text()).not.toContain(botUser.accessToken);
  });
});
