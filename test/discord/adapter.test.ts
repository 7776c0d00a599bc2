// DiscordPlatform against FakeDiscordServer with the real discord.js client: inbound translation,
// deliveries within Discord's limits, interactions, strict floor, resilience.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery, InboundEvent } from "../../src/bot/ports.ts";
import { isRecord } from "../support/fake-discord/limits.ts";
import { DiscordRefusal, Perm, type Json } from "../support/fake-discord/index.ts";
import { createDiscordPlatform } from "../../src/adapters/discord/index.ts";
import {
  content,
  MemoryCursors,
  RecordingLogger,
  startBot,
  startWorld,
  type Bot,
  type World,
} from "./harness.ts";

let keyCounter = 0;
const key = (): string => `test-delivery-${Date.now()}-${keyCounter++}`;

function buttons(m: Json): Json[] {
  const rows = Array.isArray(m["components"]) ? (m["components"] as Json[]) : [];
  return rows.flatMap((r) => (Array.isArray(r["components"]) ? (r["components"] as Json[]) : []));
}

describe("DiscordPlatform with discord.js against FakeDiscordServer", () => {
  let world: World;
  let bot: Bot;
  const cursors = new MemoryCursors();

  beforeAll(async () => {
    world = await startWorld();
    bot = await startBot(world, cursors, { facilitators: "thread" }, 0, (channelId) => ({
      users: channelId === world.channel.id ? [world.facilitator.id] : [],
      roles: [],
    }));
  });
  afterAll(async () => {
    await bot.stop();
    await world.server.stop();
  });

  const room = (): string => world.channel.id;
  const lastEvent = (): InboundEvent | undefined => bot.events.at(-1);

  it("identifies, becomes ready and registers /parley for participants and /facilitate for facilitators, with Spanish localisations", () => {
    expect(world.server.gatewayLog.some((g) => g.op === 2)).toBe(true);
    const subsOf = (name: string) =>
      (world.server.guildCommands.find((c) => c["name"] === name)?.["options"] as Json[]).map(
        (o) => o["name"],
      );
    const participant = subsOf("parley");
    const facilitator = subsOf("facilitate");
    expect([...participant].sort()).toEqual(
      [
        "flag",
        "forget-me",
        "hand",
        "hand-down",
        "help",
        "help-me",
        "join",
        "language",
        "leave",
        "my-data",
        "status",
        "timeout",
        "translate",
      ].sort(),
    );
    expect(facilitator).toEqual(
      expect.arrayContaining([
        "start",
        "pause",
        "resume",
        "next",
        "back",
        "extend",
        "floor",
        "end",
        "remove",
      ]),
    );
    expect(facilitator).not.toEqual(expect.arrayContaining(["join"]));
    // Discord refuses a 26th subcommand (the double does too); /parley keeps room for more.
    expect(participant.length).toBeLessThanOrEqual(21);
    expect(facilitator.length).toBeLessThanOrEqual(25);
    const cmd = world.server.guildCommands.find((c) => c["name"] === "facilitate");
    const start = (cmd?.["options"] as Json[]).find((o) => o["name"] === "start");
    expect(start?.["name_localizations"]).toMatchObject({ "es-ES": "iniciar" });
    const parley = world.server.guildCommands.find((c) => c["name"] === "parley");
    const join = (parley?.["options"] as Json[]).find((o) => o["name"] === "join");
    const group = (join?.["options"] as Json[])[0];
    expect(group?.["choices"]).toEqual([
      { name: "north", value: "north" },
      { name: "south", value: "south" },
    ]);
    // Every request but interaction callbacks carried the bot token.
    for (const r of world.server.requests) {
      if (!r.route.startsWith("/interactions/") && !r.route.startsWith("/webhooks/")) {
        expect(r.authorization).toBe(`Bot ${world.server.token}`);
      }
    }
  });

  it("tells the runtime how commands are typed here, so instructions say /parley join", () => {
    expect(bot.platform.capabilities.commandPrefix).toBe("/parley ");
  });

  it("turns a channel message into a message event with the sender's roles", async () => {
    const n = bot.events.length;
    const posted = world.server.post(world.amal.id, room(), "I grew up near the border");
    await bot.waitForEvents(n + 1);
    expect(lastEvent()).toMatchObject({
      platform: "discord",
      kind: "message",
      eventId: posted["id"],
      roomId: room(),
      text: "I grew up near the border",
      sender: { userId: world.amal.id, displayName: "amal", roles: [world.northRole] },
    });
    await world.server.waitUntil(
      () => cursors.values.get(`discord:last:${room()}`) === posted["id"],
      5000,
      "cursor",
    );
  });

  it("turns /parley join group:south into a command event and replaces the placeholder with a reply", async () => {
    const n = bot.events.length;
    const i = world.server.command(world.ben.id, room(), "parley", "join", { group: "south" });
    await bot.waitForEvents(n + 1);
    expect(lastEvent()).toMatchObject({
      kind: "command",
      name: "join",
      args: ["south"],
      eventId: i.id,
      sender: { userId: world.ben.id, locale: "es-ES", roles: [world.southRole] },
    });
    // Acknowledged in time with an ephemeral deferral; with no answer from the runtime, the
    // placeholder becomes a short reply (in ben's language) instead of vanishing.
    expect(i.callbackType).toBe(5);
    expect(i.lateCallback).toBe(false);
    await world.server.waitUntil(
      () => content(i.original ?? {}).startsWith("Hecho: Parley recibió tu comando"),
      5000,
      "placeholder replaced by a reply",
    );
    expect(i.original?.["ephemeral_for"]).toBe(world.ben.id);
  });

  it("answers a command privately in the deferred ephemeral reply when the runtime replies in time", async () => {
    const n = bot.events.length;
    const i = world.server.command(world.amal.id, room(), "parley", "status");
    await bot.waitForEvents(n + 1);
    const result = await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId: world.amal.id },
      body: [{ text: "Stage 2 of 5: perspectives" }],
    });
    expect(result).toEqual({ ok: true });
    expect(i.original).not.toBeNull();
    expect(content(i.original ?? {})).toBe("Stage 2 of 5: perspectives");
    expect(i.original?.["ephemeral_for"]).toBe(world.amal.id);
    // Nothing of it reached the channel.
    expect(world.server.channelMessages(room()).some((m) => content(m).includes("perspectives"))).toBe(false);
  });

  it("passes options of other subcommands (extend minutes, floor user, start flow)", async () => {
    const n = bot.events.length;
    world.server.command(world.facilitator.id, room(), "facilitate", "extend", { minutes: 5 });
    world.server.command(world.facilitator.id, room(), "facilitate", "floor", { participant: world.ben.id });
    world.server.command(world.facilitator.id, room(), "facilitate", "start", {
      flow: "perspective-exchange",
    });
    await bot.waitForEvents(n + 3);
    const cmds = bot.events.slice(n).map((e) => (e.kind === "command" ? [e.name, ...e.args] : []));
    expect(cmds).toEqual(
      expect.arrayContaining([
        ["extend", "5"],
        ["floor", world.ben.id],
        ["start", "perspective-exchange"],
      ]),
    );
  });

  it("offers the consent and floor commands (issue 12): next force, skip, hand, hand-down, queue, queue-next, reply", async () => {
    const subs = (name: string) =>
      (world.server.guildCommands.find((c) => c["name"] === name)?.["options"] as Json[]).map(
        (o) => o["name"],
      );
    expect(subs("parley")).toEqual(expect.arrayContaining(["hand", "hand-down"]));
    expect(subs("facilitate")).toEqual(expect.arrayContaining(["skip", "queue", "queue-next", "reply"]));
    const n = bot.events.length;
    world.server.command(world.facilitator.id, room(), "facilitate", "next", { force: true });
    world.server.command(world.facilitator.id, room(), "facilitate", "skip");
    world.server.command(world.amal.id, room(), "parley", "hand");
    world.server.command(world.amal.id, room(), "parley", "hand-down");
    world.server.command(world.facilitator.id, room(), "facilitate", "queue");
    world.server.command(world.facilitator.id, room(), "facilitate", "queue-next");
    world.server.command(world.facilitator.id, room(), "facilitate", "reply", {
      participant: world.amal.id,
      text: "Take your time",
    });
    await bot.waitForEvents(n + 7);
    const cmds = bot.events.slice(n).map((e) => (e.kind === "command" ? [e.name, ...e.args] : []));
    expect(cmds).toEqual(
      expect.arrayContaining([
        ["next", "--force"],
        ["skip"],
        ["hand"],
        ["hand", "down"],
        ["queue"],
        ["queue", "next"],
        ["reply", world.amal.id, "Take your time"],
      ]),
    );
  });

  it("autocompletes flow names", async () => {
    const choices = await world.server.autocomplete(
      world.facilitator.id,
      room(),
      "facilitate",
      "start",
      "flow",
      "persp",
    );
    expect(choices).toEqual([{ name: "perspective-exchange", value: "perspective-exchange" }]);
  });

  it("asks with buttons and turns a click into a choice event", async () => {
    const r = await bot.platform.deliver({
      kind: "ask",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Do you agree to the ground rules?" }],
      promptId: "consent-1",
      options: [
        { value: "yes", label: "Yes, I agree" },
        { value: "no", label: "No" },
      ],
      maxChoices: 1,
    });
    expect(r).toEqual({ ok: true });
    const msg = world.server.botMessages(room()).at(-1) ?? {};
    const bs = buttons(msg);
    // The last row is the help button (help-me), under every prompt answered privately.
    expect(bs.map((b) => b["label"])).toEqual(["Yes, I agree", "No", "I need help"]);
    const n = bot.events.length;
    const i = world.server.click(world.carmen.id, msg, String(bs[0]?.["custom_id"]));
    await bot.waitForEvents(n + 1);
    expect(lastEvent()).toMatchObject({
      kind: "choice",
      promptId: "consent-1",
      value: "yes",
      eventId: i.id,
      sender: { userId: world.carmen.id },
    });
    expect(i.callbackType).toBe(6);
  });

  it("answers a press on a closed question privately and disables that question's buttons (issue 12)", async () => {
    await bot.platform.deliver({
      kind: "ask",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Do you agree to the ground rules as they were?" }],
      promptId: "consent:old",
      options: [
        { value: "yes", label: "Yes, I agree" },
        { value: "no", label: "No" },
      ],
      maxChoices: 1,
    });
    const msg = world.server.botMessages(room()).at(-1) ?? {};
    const n = bot.events.length;
    world.server.click(world.carmen.id, msg, String(buttons(msg)[0]?.["custom_id"]));
    await bot.waitForEvents(n + 1);
    const r = await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId: world.carmen.id },
      body: [{ text: "That question is closed." }],
      closedPrompt: "consent:old",
    });
    expect(r).toEqual({ ok: true });
    const edited = world.server.botMessages(room()).find((m) => m["id"] === msg["id"]) ?? {};
    // The two choices (and the help button beside them) are disabled.
    expect(buttons(edited).map((b) => b["disabled"])).toEqual([true, true, true]);
    expect(() =>
      world.server.click(world.dana.id, edited, String(buttons(edited)[0]?.["custom_id"])),
    ).toThrow(/disabled/);
    // The answer itself went to the presser only.
    expect(world.server.channelMessages(room()).some((m) => content(m).includes("is closed"))).toBe(false);
  });

  it("disables a question in the channel once it closes, before anyone presses it (issue 12)", async () => {
    await bot.platform.deliver({
      kind: "ask",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Do you agree to these ground rules?" }],
      promptId: "consent:7",
      options: [
        { value: "yes", label: "I agree" },
        { value: "no", label: "I do not agree" },
      ],
      maxChoices: 1,
    });
    const msg = world.server.botMessages(room()).at(-1) ?? {};
    // The two choices and the help button.
    expect(buttons(msg).map((b) => b["disabled"] === true)).toEqual([false, false, false]);
    const r = await bot.platform.deliver({
      kind: "close",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      promptId: "consent:7",
    });
    expect(r).toEqual({ ok: true });
    const edited = world.server.botMessages(room()).find((m) => m["id"] === msg["id"]) ?? {};
    expect(buttons(edited).map((b) => b["disabled"])).toEqual([true, true, true]);
    expect(content(edited)).toBe("Do you agree to these ground rules?");
  });

  it("uses select menus for many options or several choices, and each picked value becomes a choice", async () => {
    const options = Array.from({ length: 30 }, (_, k) => ({ value: `idea-${k}`, label: `Idea number ${k}` }));
    const r = await bot.platform.deliver({
      kind: "ask",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Vote for up to 3 ideas" }],
      promptId: "vote-1",
      options,
      maxChoices: 3,
    });
    expect(r).toEqual({ ok: true });
    const msg = world.server.botMessages(room()).at(-1) ?? {};
    const menus = buttons(msg).filter((c) => c["type"] === 3);
    expect(buttons(msg).at(-1)?.["label"]).toBe("I need help");
    expect(menus).toHaveLength(2);
    expect(menus.map((m) => (m["options"] as unknown[]).length)).toEqual([25, 5]);
    expect(menus[0]?.["max_values"]).toBe(3);
    const n = bot.events.length;
    world.server.select(world.dana.id, msg, String(menus[0]?.["custom_id"]), ["idea-2", "idea-7"]);
    await bot.waitForEvents(n + 2);
    expect(bot.events.slice(n).map((e) => (e.kind === "choice" ? e.value : null))).toEqual([
      "idea-2",
      "idea-7",
    ]);
  });

  it("collects privately through a modal and confirms with an ephemeral reply", async () => {
    await bot.platform.deliver({
      kind: "collect",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Add your ideas — nobody will see who wrote them." }],
      promptId: "ideas-1",
    });
    const msg = world.server.botMessages(room()).at(-1) ?? {};
    const [share] = buttons(msg);
    // The adapter's own words promise nothing about who sees the answer: the prompt above says it.
    expect(share?.["label"]).toBe("Write your answer");
    const click = world.server.click(world.ben.id, msg, String(share?.["custom_id"]));
    await world.server.waitUntil(() => click.modal, 5000, "modal");
    const n = bot.events.length;
    const submit = world.server.submitModal(click, { text: "A shared youth centre" });
    await bot.waitForEvents(n + 1);
    expect(lastEvent()).toMatchObject({
      kind: "private",
      promptId: "ideas-1",
      text: "A shared youth centre",
      sender: { userId: world.ben.id },
    });
    // No runtime answer in time: the generic confirmation, in the user's language (es-ES).
    const confirmed = await world.server.waitUntil(
      () => (submit.original && content(submit.original) !== "" ? submit.original : undefined),
      5000,
      "confirmation",
    );
    expect(content(confirmed)).toBe("Recibido. Gracias.");
    // The modal repeats the runtime's prompt, which is what tells who will see the answer; its own
    // title and label promise nothing.
    const modal = click.modal ?? {};
    const parts = modal["components"] as Json[];
    expect(parts[0]).toMatchObject({ type: 10, content: "Add your ideas — nobody will see who wrote them." });
    expect(JSON.stringify([modal["title"], parts.slice(1)])).not.toMatch(/privad|privately/i);
    expect(confirmed["ephemeral_for"]).toBe(world.ben.id);
    expect(world.server.channelMessages(room()).some((m) => content(m).includes("youth centre"))).toBe(false);
  });

  it("sends private text as a DM when no interaction is at hand", async () => {
    const eli = world.server.addUser("eli");
    const r = await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId: eli.id },
      body: [{ text: "It is your turn in 1 minute." }],
    });
    expect(r).toEqual({ ok: true });
    expect(world.server.dmsTo(eli.id).map(content)).toEqual(["It is your turn in 1 minute."]);
  });

  it("tells facilitators in a private thread they are added to", async () => {
    const r = await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "facilitators", userIds: [world.facilitator.id] },
      body: [{ text: "ben asked for a time-out" }],
    });
    expect(r).toEqual({ ok: true });
    const [thread] = world.server.threadsOf(room());
    expect(thread).toBeDefined();
    expect(thread?.threadMembers.has(world.facilitator.id)).toBe(true);
    expect(thread?.threadMembers.has(world.amal.id)).toBe(false);
    expect(world.server.channelMessages(thread?.id ?? "").map(content)).toEqual(["ben asked for a time-out"]);
    // A second notice reuses the thread.
    await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "facilitators", userIds: [world.facilitator.id] },
      body: [{ text: "again" }],
    });
    expect(world.server.threadsOf(room())).toHaveLength(1);
  });

  it("attaches a report's files (multipart) in the facilitators' thread, ten per post, never elsewhere", async () => {
    const file = (n: number) => ({
      name: `table-${String(n)}.csv`,
      mediaType: "text/csv; charset=utf-8",
      bytes: new TextEncoder().encode(`n,value\n${String(n)},x\n`),
    });
    const files = Array.from({ length: 12 }, (_, n) => file(n));
    const roomBefore = world.server.channelMessages(room()).length;
    for (const audience of [{ to: "room" }, { to: "user", userId: world.amal.id }] as const) {
      const refused = await bot.platform.deliver({
        kind: "files",
        idempotencyKey: key(),
        roomId: room(),
        audience,
        body: [{ text: "The report" }],
        files,
      });
      expect(refused.ok ? "sent" : refused.error.code).toBe("unsupported");
    }
    expect(world.server.channelMessages(room())).toHaveLength(roomBefore);
    expect(world.server.dmsTo(world.amal.id).filter((m) => (m["attachments"] as Json[]).length > 0)).toEqual(
      [],
    );
    const r = await bot.platform.deliver({
      kind: "files",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "facilitators", userIds: [world.facilitator.id] },
      body: [{ text: "The report" }],
      files,
    });
    expect(r).toEqual({ ok: true });
    const thread = world.server.threadsOf(room())[0];
    const posts = world.server.channelMessages(thread?.id ?? "").slice(-2);
    expect(posts.map(content)).toEqual(["The report", ""]);
    const attached = posts.map((m) => world.server.attachmentsOf(m));
    expect(attached.map((a) => a.length)).toEqual([10, 2]);
    // (discord.js sends no media type for bytes; Discord infers one from the name.)
    expect(attached.flat().map((a) => [a.filename, a.bytes.toString("utf8")])).toEqual(
      files.map((f, n) => [f.name, `n,value\n${String(n)},x\n`]),
    );
  });

  it("splits long content cleanly, sets nonce + enforce_nonce and never parses mentions", async () => {
    const paragraph = "word ".repeat(300).trim(); // 1499 characters
    const hostile = "@everyone <@" + world.amal.id + "> see https://evil.example and **bold**";
    const before = world.server.botMessages(room()).length;
    const r = await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [
        { text: `${paragraph}\n\n${paragraph}\n\n${paragraph}\n\n` },
        { text: hostile, fromParticipant: true, style: "quote" },
      ],
    });
    expect(r).toEqual({ ok: true });
    const sent = world.server.botMessages(room()).slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const m of sent) {
      expect(content(m).length).toBeLessThanOrEqual(2000);
      expect(m["mention_everyone"]).toBe(false);
      expect(m["mentions"]).toEqual([]);
      expect(m["allowed_mentions_sent"]).toMatchObject({ parse: [] });
      expect(typeof m["nonce"]).toBe("string");
      expect(String(m["nonce"]).length).toBeLessThanOrEqual(25);
    }
    // Split at paragraph boundaries: no word is cut.
    const words = sent
      .flatMap((m) => content(m).split(/\s+/))
      .filter((w) => /^(w|wo|wor|word|ord|rd|d)$/.test(w));
    expect(words.every((w) => w === "word")).toBe(true);
    expect(words).toHaveLength(900);
    const posts = world.server.requests
      .filter((q) => q.method === "POST" && q.route === "/channels/:channel_id/messages")
      .slice(-sent.length);
    for (const q of posts) expect(isRecord(q.body) && q.body["enforce_nonce"]).toBe(true);
    const last =
      content(sent.at(-1) ?? {})
        .split("\n")
        .at(-1) ?? "";
    expect(last.startsWith("> ")).toBe(true);
    expect(last).not.toContain("@everyone");
    expect(last).not.toMatch(/<@\d/);
    // The link stays whole and clickable, inside <…> so Discord never embeds it.
    expect(last).toContain("see <https://evil.example> and");
    expect(last).toContain("\\*\\*bold\\*\\*");
    // Even with a permissive allowed_mentions, the text itself would not ping.
    expect(/@(everyone|here)/.test(last)).toBe(false);
  });

  it("is idempotent: a repeated delivery (even from a fresh process) posts once", async () => {
    const d: Delivery = {
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "only once" }],
    };
    await bot.platform.deliver(d);
    await bot.platform.deliver(d);
    const second = await startBot(world, new MemoryCursors(), { channels: ["111111111111111111"] });
    try {
      expect(await second.platform.deliver(d)).toEqual({ ok: true });
    } finally {
      await second.stop();
    }
    expect(world.server.botMessages(room()).filter((m) => content(m) === "only once")).toHaveLength(1);
  });

  it("shows a timer as a Discord relative timestamp and pins summaries", async () => {
    const deadline = Date.UTC(2030, 0, 1, 12, 0, 0);
    await bot.platform.deliver({
      kind: "timer",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      deadline,
      body: [{ text: "Turn ends" }],
    });
    // On its own line (a plain announcement before it may carry it: see the countdown host below).
    expect(content(world.server.botMessages(room()).at(-1) ?? {})).toMatch(
      new RegExp(`(^|\n\n)Turn ends <t:${deadline / 1000}:R>$`),
    );
    const r = await bot.platform.deliver({
      kind: "pin",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Summary", style: "strong" }],
    });
    // The default bot role cannot manage messages: pinning fails as a value.
    expect(r).toMatchObject({ ok: false, error: { code: "missing_permission" } });
    world.server.setRolePermissions(
      world.server.botRoleId,
      (world.server.roles.get(world.server.botRoleId)?.permissions ?? 0n) | Perm.ManageMessages,
    );
    const again = await bot.platform.deliver({
      kind: "pin",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Summary 2", style: "strong" }],
    });
    expect(again).toEqual({ ok: true });
    const pinned = world.server.botMessages(room()).at(-1) ?? {};
    expect(content(pinned)).toBe("**Summary 2**");
    expect(pinned["pinned"]).toBe(true);
  });

  it("enforces the floor with permission overwrites and restores the channel exactly", async () => {
    const original = JSON.stringify(
      world.channel.overwrites.map((o) => [o.id, o.allow.toString(), o.deny.toString()]),
    );
    const r = await bot.platform.deliver({
      kind: "floor",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      holders: [world.amal.id],
    });
    expect(r).toEqual({ ok: true });
    expect(() => world.server.post(world.ben.id, room(), "interrupting")).toThrow(DiscordRefusal);
    expect(() => world.server.post(world.ben.id, room(), "interrupting")).toThrow(/Missing Permissions/);
    world.server.post(world.amal.id, room(), "my turn");
    // The bot still speaks.
    expect(
      await bot.platform.deliver({
        kind: "say",
        idempotencyKey: key(),
        roomId: room(),
        audience: { to: "room" },
        body: [{ text: "next: ben" }],
      }),
    ).toEqual({ ok: true });
    // The floor moves to ben.
    await bot.platform.deliver({
      kind: "floor",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      holders: [world.ben.id],
    });
    expect(() => world.server.post(world.amal.id, room(), "again me")).toThrow(/Missing Permissions/);
    world.server.post(world.ben.id, room(), "now I can speak");
    expect(cursors.values.get(`discord:floor:${room()}`)).toContain(world.ben.id);
    await bot.platform.deliver({
      kind: "floor",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      holders: "everyone",
    });
    world.server.post(world.carmen.id, room(), "open floor");
    expect(
      JSON.stringify(world.channel.overwrites.map((o) => [o.id, o.allow.toString(), o.deny.toString()])),
    ).toBe(original);
  });

  it("puts a time-out button on every running countdown: one click asks the facilitators privately", async () => {
    const deadline = Date.now() + 60_000;
    await bot.platform.deliver({
      kind: "timer",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      deadline,
      body: [{ text: "Time remaining" }],
    });
    // The panel (the countdown, on the announcement before it when there is one).
    const before = world.server.channelMessages(room()).length;
    const panel = world.server.botMessages(room()).at(-1) ?? {};
    const [timeout] = buttons(panel);
    expect(timeout?.["label"]).toBe("Ask for a time-out");
    const n = bot.events.length;
    const i = world.server.click(world.carmen.id, panel, String(timeout?.["custom_id"]));
    await bot.waitForEvents(n + 1);
    expect(lastEvent()).toMatchObject({
      kind: "command",
      name: "timeout",
      args: [],
      eventId: i.id,
      roomId: room(),
      sender: { userId: world.carmen.id },
    });
    // Answered in an ephemeral reply only carmen sees; the channel gains nothing.
    const reply = await world.server.waitUntil(
      () => (i.original && content(i.original) !== "" ? i.original : undefined),
      5000,
      "the time-out confirmation",
    );
    expect(reply["ephemeral_for"]).toBe(world.carmen.id);
    expect(world.server.channelMessages(room()).length).toBe(before);
    // A cleared countdown is no turn panel, and it is the same message, edited.
    await bot.platform.deliver({
      kind: "timer",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      deadline: null,
      body: [{ text: "The timer has stopped." }],
    });
    expect(world.server.channelMessages(room()).length).toBe(before);
    expect(buttons(world.server.botMessages(room()).at(-1) ?? {})).toEqual([]);
    expect(content(world.server.botMessages(room()).at(-1) ?? {})).toContain("The timer has stopped.");
  });

  it("shows a countdown on the announcement before it (an edit, not a post), and edits it as the timer changes", async () => {
    const say = (text: string, contributionRef?: number): Delivery => ({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text }],
      ...(contributionRef === undefined ? {} : { contributionRef }),
    });
    const timer = (deadline: number | null, text: string): Delivery => ({
      kind: "timer",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      deadline,
      body: [{ text }],
    });
    await bot.platform.deliver(say("It is amal's turn."));
    const before = world.server.channelMessages(room()).length;
    const deadline = Math.floor(Date.now() / 1000) * 1000 + 120_000;
    await bot.platform.deliver(timer(deadline, "Time remaining"));
    expect(world.server.channelMessages(room()).length).toBe(before);
    const card = world.server.botMessages(room()).at(-1) ?? {};
    expect(content(card)).toBe(`It is amal's turn.\n\nTime remaining <t:${deadline / 1000}:R>`);
    expect(buttons(card)[0]?.["label"]).toBe("Ask for a time-out");
    // Extended: the same message shows the new time.
    await bot.platform.deliver(timer(deadline + 60_000, "Time remaining"));
    expect(world.server.channelMessages(room()).length).toBe(before);
    expect(content(world.server.botMessages(room()).at(-1) ?? {})).toContain(`<t:${deadline / 1000 + 60}:R>`);
    // A participant's contribution (which a facilitator may hide) never carries the countdown.
    await bot.platform.deliver(say("amal: a shared garden", 7));
    await bot.platform.deliver(timer(deadline, "Time remaining"));
    expect(world.server.channelMessages(room()).length).toBe(before + 2);
  });

  it("keeps the facilitators' voice and commands under a strict floor, and pins a time-out card for everyone else", async () => {
    const floor = (holders: string[] | "everyone"): Delivery => ({
      kind: "floor",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      holders,
    });
    expect(await bot.platform.deliver(floor([world.amal.id]))).toEqual({ ok: true });
    const n = bot.events.length;
    // The facilitator still posts and still has /parley; a listener has neither (Discord's client
    // hides slash commands where one may not post) ...
    world.server.post(world.facilitator.id, room(), "Let us take a breath.");
    expect(() => world.server.command(world.facilitator.id, room(), "parley", "status")).not.toThrow();
    expect(() => world.server.post(world.ben.id, room(), "wait")).toThrow(/Missing Permissions/);
    expect(() => world.server.command(world.ben.id, room(), "parley", "timeout")).toThrow(
      /Missing Permissions/,
    );
    // Nor is there a way round through a direct message: /parley is a guild command.
    const gil = world.server.addUser("gil");
    await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId: gil.id },
      body: [{ text: "It is amal's turn." }],
    });
    const dm = world.server.dmChannelOf(gil.id)?.id ?? "";
    expect(() => world.server.command(gil.id, dm, "parley", "timeout")).toThrow(/not offered/);
    // ... but the card posted before the floor closed carries the time-out button.
    const card = world.server
      .botMessages(room())
      .find(
        (m) => buttons(m).some((b) => b["label"] === "Ask for a time-out") && /Need a pause/.test(content(m)),
      );
    expect(card).toBeDefined();
    world.server.click(world.ben.id, card ?? {}, String(buttons(card ?? {})[0]?.["custom_id"]));
    // The facilitator's post, their /parley status and ben's time-out.
    await bot.waitForEvents(n + 3);
    expect(
      bot.events
        .slice(n)
        .some((e) => e.kind === "command" && e.name === "timeout" && e.sender.userId === world.ben.id),
    ).toBe(true);
    // One card per channel, however often the floor closes.
    expect(await bot.platform.deliver(floor([world.ben.id]))).toEqual({ ok: true });
    expect(world.server.botMessages(room()).filter((m) => /Need a pause/.test(content(m)))).toHaveLength(1);
    expect(await bot.platform.deliver(floor("everyone"))).toEqual({ ok: true });
    world.server.post(world.ben.id, room(), "open again");
  });

  it("opens the room again when Discord refuses to re-put an overwrite with a permission the bot lacks", async () => {
    // An admin once let ben manage this channel; the bot itself does not hold that permission.
    expect(world.server.can(world.server.botUser.id, room(), Perm.ManageChannels)).toBe(false);
    world.server.setOverwrite(room(), { id: world.ben.id, type: 1, allow: Perm.ManageChannels, deny: 0n });
    // A message after the change: once the bot has it, it has the CHANNEL_UPDATE before it too.
    const seen = bot.events.length;
    world.server.post(world.carmen.id, room(), "the admin changed something");
    await bot.waitForEvents(seen + 1);
    const original = JSON.stringify(
      world.channel.overwrites.map((o) => [o.id, o.allow.toString(), o.deny.toString()]),
    );
    try {
      const floor = (holders: string[] | "everyone"): Delivery => ({
        kind: "floor",
        idempotencyKey: key(),
        roomId: room(),
        audience: { to: "room" },
        holders,
      });
      expect(await bot.platform.deliver(floor([world.amal.id]))).toEqual({ ok: true });
      const before = world.server.requests.length;
      // Giving ben the floor means re-putting his overwrite with Send Messages added: refused.
      const r = await bot.platform.deliver(floor([world.ben.id]));
      expect(r).toMatchObject({ ok: false, error: { code: "missing_permission" } });
      expect(
        world.server.requests
          .slice(before)
          .some(
            (q) => q.method === "PUT" && q.path.endsWith(`/permissions/${world.ben.id}`) && q.status === 403,
          ),
      ).toBe(true);
      // The runtime falls back to soft turn-taking and sends no further floor: the room is open.
      expect(
        JSON.stringify(world.channel.overwrites.map((o) => [o.id, o.allow.toString(), o.deny.toString()])),
      ).toBe(original);
      for (const u of [world.amal, world.ben, world.carmen]) world.server.post(u.id, room(), "still open");
      expect(JSON.parse(cursors.values.get(`discord:floor:${room()}`) ?? "{}")).toEqual({ touched: {} });
      // Refused on the very first restriction too: what was already written (the bot's and the
      // facilitator's overwrites) is undone at once, before the gateway has even reported it.
      expect(await bot.platform.deliver(floor([world.ben.id]))).toMatchObject({ ok: false });
      expect(
        JSON.stringify(world.channel.overwrites.map((o) => [o.id, o.allow.toString(), o.deny.toString()])),
      ).toBe(original);
      expect(bot.logger.lines.filter((l) => /could not reopen/.test(l))).toEqual([]);
    } finally {
      world.server.setOverwrite(room(), { id: world.ben.id, remove: true });
    }
  });

  it("returns a failure, never a channel post, when a private delivery cannot be made", async () => {
    const say = (userId: string): Delivery => ({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "user", userId },
      body: [{ text: "Your private answer: option 2" }],
    });
    const before = world.server.channelMessages(room()).length;
    // Direct messages refused.
    const fay = world.server.addUser("fay");
    world.server.closedDms.add(fay.id);
    expect(await bot.platform.deliver(say(fay.id))).toMatchObject({
      ok: false,
      error: { code: "dm_closed" },
    });
    // The interaction at hand has expired, and direct messages are refused too.
    await bot.platform.deliver({
      kind: "ask",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "Ready?" }],
      promptId: "ready-1",
      options: [{ value: "yes", label: "Yes" }],
      maxChoices: 1,
    });
    const ask = world.server.botMessages(room()).at(-1) ?? {};
    const n = bot.events.length;
    world.server.click(world.dana.id, ask, String(buttons(ask)[0]?.["custom_id"]));
    await bot.waitForEvents(n + 1);
    world.server.interactionTokenMs = 0;
    world.server.closedDms.add(world.dana.id);
    try {
      expect(await bot.platform.deliver(say(world.dana.id))).toMatchObject({
        ok: false,
        error: { code: "dm_closed" },
      });
    } finally {
      world.server.interactionTokenMs = 15 * 60_000;
      world.server.closedDms.clear();
    }
    expect(world.server.channelMessages(room()).length).toBe(before + 1);
    expect(world.server.channelMessages(room()).some((m) => /option 2/.test(content(m)))).toBe(false);
    expect(world.server.ephemeralsFor(world.dana.id).some((m) => /option 2/.test(content(m)))).toBe(false);
  });

  it("passes a 429 on sends through discord.js's retry: delivered exactly once", async () => {
    world.server.rateLimitNext("POST", "/channels/:channel_id/messages", 1, 0.3);
    const before = world.server.requests.length;
    const r = await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "after a rate limit" }],
    });
    expect(r).toEqual({ ok: true });
    const posts = world.server.requests
      .slice(before)
      .filter((q) => q.route === "/channels/:channel_id/messages" && q.method === "POST");
    expect(posts.map((q) => q.status)).toEqual([429, 200]);
    expect(world.server.botMessages(room()).filter((m) => content(m) === "after a rate limit")).toHaveLength(
      1,
    );
  });

  it("returns rate_limited with retryAfterMs when Discord asks to wait longer than configured", async () => {
    world.server.rateLimitNext("POST", "/channels/:channel_id/messages", 1, 60);
    const r = await bot.platform.deliver({
      kind: "say",
      idempotencyKey: key(),
      roomId: room(),
      audience: { to: "room" },
      body: [{ text: "too soon" }],
    });
    expect(r).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(!r.ok && (r.error.retryAfterMs ?? 0) >= 59_000).toBe(true);
  });

  it("survives a dropped gateway connection: resumes and loses nothing", async () => {
    const n = bot.events.length;
    const identifies = world.server.gatewayLog.filter((g) => g.op === 2).length;
    world.server.dropGateway();
    const whileDown = world.server.post(world.carmen.id, room(), "said while the connection was down");
    await bot.waitForEvents(n + 1);
    world.server.post(world.dana.id, room(), "said after");
    await bot.waitForEvents(n + 2);
    expect(bot.events.slice(n).map((e) => e.eventId)).toEqual([whileDown["id"], expect.any(String)]);
    expect(world.server.gatewayLog.some((g) => g.op === 6)).toBe(true);
    expect(world.server.gatewayLog.filter((g) => g.op === 2).length).toBe(identifies);
  });

  it("re-identifies after an invalid session and fetches what was posted in the gap through REST", async () => {
    const n = bot.events.length;
    const identifies = world.server.gatewayLog.filter((g) => g.op === 2).length;
    world.server.invalidateSessions(false);
    // No session is live: Discord would not deliver this one over the gateway at all.
    const gap = world.server.post(world.amal.id, room(), "posted while no session was live");
    await bot.waitForEvents(n + 1, 20_000);
    world.server.post(world.ben.id, room(), "posted on the new session");
    await bot.waitForEvents(n + 2, 20_000);
    expect(bot.events.slice(n).map((e) => (e.kind === "message" ? e.text : e.kind))).toEqual([
      "posted while no session was live",
      "posted on the new session",
    ]);
    expect(bot.events[n]?.eventId).toBe(gap["id"]);
    expect(world.server.gatewayLog.filter((g) => g.op === 2).length).toBe(identifies + 1);
  });

  it("never logs the token", () => {
    expect(bot.logger.lines.join("\n")).not.toContain(world.server.token);
  });
});

describe("DiscordPlatform on a zombie connection", () => {
  it("notices unacknowledged heartbeats, reconnects, resumes and loses nothing", async () => {
    const world = await startWorld({ heartbeatIntervalMs: 400 });
    const bot = await startBot(world, new MemoryCursors());
    try {
      world.server.silenceCurrentConnections();
      await world.server.waitUntil(() => world.server.gatewayLog.some((g) => g.op === 6), 10_000, "RESUME");
      const m = world.server.post(world.amal.id, world.channel.id, "after the zombie");
      await bot.waitForEvents(1);
      expect(bot.events.map((e) => e.eventId)).toEqual([m["id"]]);
      expect(world.server.gatewayLog.filter((g) => g.op === 2)).toHaveLength(1);
    } finally {
      await bot.stop();
      await world.server.stop();
    }
  });
});

describe("DiscordPlatform without Manage Roles", () => {
  it("returns missing_permission for a strict floor and changes nothing", async () => {
    const world = await startWorld({
      botPermissions: Perm.ViewChannel | Perm.SendMessages | Perm.ReadMessageHistory,
    });
    const bot = await startBot(world, new MemoryCursors());
    try {
      const r = await bot.platform.deliver({
        kind: "floor",
        idempotencyKey: "f1",
        roomId: world.channel.id,
        audience: { to: "room" },
        holders: [world.amal.id],
      });
      expect(r).toMatchObject({ ok: false, error: { code: "missing_permission" } });
      expect(world.channel.overwrites).toEqual([]);
      world.server.post(world.ben.id, world.channel.id, "still open");
    } finally {
      await bot.stop();
      await world.server.stop();
    }
  });
});

describe("DiscordPlatform after a restart", () => {
  it("catches up on messages posted while it was down, in order, exactly once", async () => {
    const world = await startWorld();
    const cursors = new MemoryCursors();
    try {
      const first = await startBot(world, cursors);
      world.server.post(world.amal.id, world.channel.id, "before the crash");
      await first.waitForEvents(1);
      await first.stop();
      const texts = Array.from({ length: 120 }, (_, k) => `while down ${k}`);
      for (const [k, t] of texts.entries())
        world.server.post(k % 2 === 0 ? world.ben.id : world.carmen.id, world.channel.id, t);
      const second = await startBot(world, cursors);
      try {
        world.server.post(world.dana.id, world.channel.id, "after the restart");
        await second.waitForEvents(121);
        await new Promise((r) => setTimeout(r, 300));
        const got = second.events.map((e) => (e.kind === "message" ? e.text : ""));
        expect(got).toEqual([...texts, "after the restart"]);
        // Paged through REST with `after`.
        const gets = world.server.requests.filter(
          (q) => q.method === "GET" && q.route === "/channels/:channel_id/messages",
        );
        expect(gets.length).toBeGreaterThanOrEqual(2);
        expect(gets.every((q) => q.query.get("after") !== null)).toBe(true);
        // Catch-up members come with their roles too.
        const first121 = second.events[0];
        expect(first121?.sender.roles).toEqual([world.southRole]);
      } finally {
        await second.stop();
      }
    } finally {
      await world.server.stop();
    }
  });
});

describe("DiscordPlatform strict floor across a crash", () => {
  it("restores the channel's original overwrites after a restart, from what it saved", async () => {
    const world = await startWorld();
    const cursors = new MemoryCursors();
    // The channel already had overwrites of its own before Parley touched it.
    world.channel.overwrites.push(
      { id: world.server.guildId, type: 0, allow: Perm.AddReactions, deny: 0n },
      { id: world.carmen.id, type: 1, allow: 0n, deny: Perm.EmbedLinks },
    );
    const snapshot = (): string =>
      JSON.stringify(
        world.channel.overwrites.map((o) => [o.id, o.type, o.allow.toString(), o.deny.toString()]),
      );
    const original = snapshot();
    try {
      const first = await startBot(world, cursors);
      const floor = (holders: string[] | "everyone"): Delivery => ({
        kind: "floor",
        idempotencyKey: `floor-${JSON.stringify(holders)}`,
        roomId: world.channel.id,
        audience: { to: "room" },
        holders,
      });
      expect(await first.platform.deliver(floor([world.carmen.id]))).toEqual({ ok: true });
      expect(() => world.server.post(world.amal.id, world.channel.id, "no")).toThrow(/Missing Permissions/);
      await first.stop(); // as good as a crash: nothing is cleaned up on stop
      expect(snapshot()).not.toBe(original);
      const second = await startBot(world, cursors);
      try {
        expect(await second.platform.deliver(floor("everyone"))).toEqual({ ok: true });
        expect(snapshot()).toBe(original);
        world.server.post(world.amal.id, world.channel.id, "yes");
      } finally {
        await second.stop();
      }
    } finally {
      await world.server.stop();
    }
  });
});

describe("DiscordPlatform with a wrong token", () => {
  it("fails to start, without the token in the error", async () => {
    const world = await startWorld();
    try {
      const made = createDiscordPlatform(
        { guildId: world.server.guildId, restApi: world.server.restApi },
        { DISCORD_TOKEN: "wrong-token-123" },
        { cursors: new MemoryCursors(), logger: new RecordingLogger() },
      );
      if (!made.ok) throw new Error(made.error.message);
      const error = await made.value
        .start(() => Promise.resolve())
        .then(
          () => null,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
      expect(error?.message).toMatch(/Discord login failed/);
      expect(error?.message).not.toContain("wrong-token-123");
      await made.value.stop();
    } finally {
      await world.server.stop();
    }
  });
});
