// Issue 10, end to end on Discord: nobody is locked out of a time-out under a strict floor (finding
// 8), a strict turn survives SIGKILL (finding 9), and a refused login ends cleanly (finding 12).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Perm, type FakeUser, type Json } from "../../support/fake-discord/index.ts";
import { label } from "../../../src/adapters/discord/labels.ts";
import { BotProcess, writeBotConfig } from "../bot-process.ts";
import { content } from "../harness.ts";
import {
  buttonsOf,
  click,
  command,
  fullText,
  groupOf,
  privateTo,
  roomMessages,
  roomTexts,
  speakerIn,
  startBotAndWait,
  startE2E,
  waitRoom,
  writeTempFlow,
  type E2E,
} from "./driver.ts";
import { joinAll } from "./steps.ts";

const turnSeconds = 30;

const strictFlow = {
  id: "strict-safety",
  version: 1,
  title: { en: "Strict safety" },
  description: { en: "Turns under a strict floor." },
  defaultLocale: "en",
  groups: [
    { id: groupOf.north, name: { en: "Group A" } },
    { id: groupOf.south, name: { en: "Group B" } },
  ],
  confidentiality: "chatham-house",
  turnEnforcement: "strict",
  stages: [
    {
      id: "sharing",
      kind: "perspective-sharing",
      title: { en: "Sharing" },
      prompt: { en: "What brought you here?" },
      turnSeconds,
      warningSeconds: 0,
    },
  ],
};

const timeoutLabel = label("timeout", "en");

/**
 * The turn panel: the newest countdown in the room (the live stage card), with its deadline (ms)
 * and time-out button; with `after`, only a countdown to a later deadline (the next turn's).
 */
function turnPanel(
  e2e: E2E,
  after: number | null,
): { message: Json; deadline: number; button: Json } | undefined {
  const panels = e2e.world.server.botMessages(e2e.room).flatMap((m) => {
    const stamp = /<t:(\d+):R>/.exec(fullText(m));
    const button = buttonsOf(m).find((b) => b["label"] === timeoutLabel);
    const deadline = Number(stamp?.[1] ?? 0) * 1000;
    return stamp && button && (after === null || deadline > after) ? [{ message: m, deadline, button }] : [];
  });
  return panels.at(-1);
}

describe("a strict floor on Discord: time-outs, facilitators and a crash", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  it("ends a refused login with one redacted line and a non-zero exit", async () => {
    const { configPath } = writeBotConfig({
      server: e2e.world.server,
      channelId: e2e.room,
      facilitators: [e2e.world.facilitator.id],
      groupRoles: {},
    });
    // Shaped like a real bot token, so a leak would be unmistakable (and the redactor's pattern
    // alone would not hide it if it were printed in pieces).
    const token = "MTEzOTk5OTk5OTk5OTk5OTk5.GbadXY.wrongwrongwrongwrongwrongwrongwrong12";
    const bad = new BotProcess(configPath, token);
    bad.start();
    const code = await bad.exit();
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(bad.log).toMatch(/parley: could not start: Discord login failed/);
    for (const piece of token.split(".")) expect(bad.log).not.toContain(piece);
    // No raw stack trace (it would bypass the redactor).
    expect(bad.log).not.toMatch(/^\s+at /m);
  }, 60_000);

  it("times a strict turn out at its original deadline after SIGKILL, and every listener can still ask for a time-out", async () => {
    const { world } = e2e;
    const { server } = world;
    const seen = new Set<string>();
    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(strictFlow) });
    await waitRoom(e2e, /Strict safety/, seen, "welcome");
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");
    const firstTurn = await waitRoom(e2e, /turn\. Everyone else, please listen/, seen);
    const first = speakerIn(e2e, content(firstTurn));
    const panel = await server.waitUntil(() => turnPanel(e2e, null), 20_000, "the first turn panel");
    await server.waitUntil(
      () => e2e.users.every((u) => server.can(u.id, e2e.room, Perm.SendMessages) === (u.id === first.id)),
      20_000,
      "the floor given to the first speaker",
    );

    // SIGKILL two seconds into the turn; back three seconds later.
    await new Promise((r) => setTimeout(r, 2000));
    await e2e.bot.kill();
    await new Promise((r) => setTimeout(r, 3000));
    await startBotAndWait(e2e);

    // The turn ends at its original deadline, and the floor moves on.
    const timeUp = await server
      .waitUntil(
        () => roomMessages(e2e).find((m) => content(m).includes(`Time is up for ${first.username}`)),
        panel.deadline - Date.now() + 20_000,
        "time up",
      )
      .catch((e: unknown) => {
        throw new Error(
          `${String(e)}\nroom:\n${roomTexts(e2e).join("\n")}\nbot after restart:\n${e2e.bot.log.slice(-4000)}`,
          { cause: e },
        );
      });
    seen.add(String(timeUp["id"]));
    expect(Date.parse(String(timeUp["timestamp"]))).toBeGreaterThanOrEqual(panel.deadline - 1000);
    const nextTurn = await waitRoom(e2e, /turn\. Everyone else, please listen/, seen);
    const second = speakerIn(e2e, content(nextTurn));
    expect(second.id).not.toBe(first.id);
    await server.waitUntil(
      () => e2e.users.every((u) => server.can(u.id, e2e.room, Perm.SendMessages) === (u.id === second.id)),
      20_000,
      `the floor moved to ${second.username}\nroom:\n${roomTexts(e2e).join("\n")}`,
    );

    // A listener has no slash command here (Discord's client hides it) ...
    const listener = e2e.users.find((u) => u.id !== second.id) as FakeUser;
    expect(() => server.command(listener.id, e2e.room, "parley", "timeout")).toThrow(/Missing Permissions/);
    // ... but one click on the turn panel reaches the facilitators privately.
    const secondPanel = await server.waitUntil(
      () => turnPanel(e2e, panel.deadline),
      20_000,
      "the second turn panel",
    );
    const roomBefore = server.channelMessages(e2e.room).length;
    click(e2e, listener, secondPanel.message, secondPanel.button);
    await server.waitUntil(
      () =>
        privateTo(e2e, listener).some((m) => /time-out reached the facilitators privately/.test(content(m))),
      20_000,
      "the time-out acknowledged",
    );
    const thread = server.threadsOf(e2e.room)[0];
    expect(thread).toBeDefined();
    await server.waitUntil(
      () =>
        server
          .channelMessages(thread?.id ?? "")
          .some((m) => content(m).includes(`${listener.username} asked for a time-out`)),
      20_000,
      "the facilitators told",
    );
    expect(thread?.threadMembers.has(listener.id)).toBe(false);
    expect(
      server
        .channelMessages(e2e.room)
        .slice(roomBefore)
        .some((m) => /time-out/i.test(content(m))),
    ).toBe(false);
    // The pinned card offers the same button to anyone who scrolled away from the panel.
    const card = server
      .botMessages(e2e.room)
      .find((m) => m["pinned"] === true && /Need a pause/.test(content(m)));
    expect(card !== undefined && buttonsOf(card).some((b) => b["label"] === timeoutLabel)).toBe(true);

    // The room's facilitator keeps their voice and their commands, with no role set up.
    expect(server.can(world.facilitator.id, e2e.room, Perm.SendMessages)).toBe(true);
    await command(e2e, world.facilitator, "end");
    await waitRoom(e2e, /The workshop has ended/, seen);
    await server.waitUntil(
      () => e2e.users.every((u) => server.can(u.id, e2e.room, Perm.SendMessages)),
      20_000,
      "the channel restored",
    );
  }, 180_000);
});
