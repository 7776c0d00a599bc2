// Issue 4, end to end: a dropped gateway connection plus 429s on message sends change nothing in
// the outcome (the bot killed mid-workshop while people post is in test/conformance).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUser } from "../../support/fake-discord/index.ts";
import { content } from "../harness.ts";
import { command, groupOf, roomTexts, startE2E, waitRoom, writeTempFlow, type E2E } from "./driver.ts";
import { joinAll, playTurnStage, type TurnOptions } from "./steps.ts";

const groups = [
  { id: groupOf.north, name: { en: "Group A" } },
  { id: groupOf.south, name: { en: "Group B" } },
];

/** Exactly `n` words, so the summary's word counts show whether a message was counted once. */
const words = (who: FakeUser, n: number): string =>
  [who.username, ...Array.from({ length: n - 1 }, (_, i) => `word${i}`)].join(" ");

async function pinnedSummary(e2e: E2E): Promise<string> {
  const pinned = await e2e.world.server
    .waitUntil(
      () => e2e.world.server.botMessages(e2e.room).find((m) => m["pinned"] === true),
      20_000,
      "the pinned summary",
    )
    .catch((e: unknown) => {
      throw new Error(`${String(e)}\nroom:\n${roomTexts(e2e).join("\n")}\nbot:\n${e2e.bot.log.slice(-3000)}`);
    });
  return content(pinned);
}

const turnsFlow = {
  id: "turns-check",
  version: 1,
  title: { en: "Turns check" },
  description: { en: "One round of turns." },
  defaultLocale: "en",
  groups,
  confidentiality: "chatham-house",
  stages: [
    {
      id: "round",
      kind: "reflection",
      title: { en: "Round" },
      prompt: { en: "One sentence each, please." },
      turnSeconds: 600,
      allowPass: true,
    },
  ],
};

/** One round of four turns; returns the pinned summary and the room transcript without names. */
async function playRound(
  e2e: E2E,
  disturb: TurnOptions["beforeSpeaking"],
): Promise<{
  summary: string;
  transcript: string[];
}> {
  const { world } = e2e;
  const seen = new Set<string>();
  await command(e2e, world.facilitator, "start", { flow: writeTempFlow(turnsFlow) });
  await waitRoom(e2e, /Turns check/, seen, "welcome");
  await joinAll(e2e);
  await command(e2e, world.facilitator, "start");
  await waitRoom(e2e, /^Stage 1 of 1: Round/, seen);
  const order = await playTurnStage(e2e, seen, new Set(), {
    say: (u) => words(u, 4),
    ...(disturb === undefined ? {} : { beforeSpeaking: disturb }),
  });
  expect(order.map((u) => u.id).sort()).toEqual(e2e.users.map((u) => u.id).sort());
  await waitRoom(e2e, /The workshop has ended/, seen);
  const summary = await pinnedSummary(e2e);
  const names = e2e.users.map((u) => u.username);
  // The live card shows a countdown change only when its second differs from the one before, which
  // depends on the clock, not on the disturbances: countdowns are left out.
  const transcript = roomTexts(e2e)
    .filter((t) => !/^Time remaining <t:\d+:R>$/.test(t))
    .map((t) => names.reduce((s, n) => s.replaceAll(n, "<name>"), t).replace(/<t:\d+:R>/g, "<time>"));
  return { summary, transcript };
}

describe("a dropped gateway connection and 429s on message sends", () => {
  let calm: E2E;
  let stormy: E2E;
  beforeAll(async () => {
    // maxRateLimitWaitMs 1000: a longer 429 comes back to the runtime as rate_limited, to retry.
    [calm, stormy] = await Promise.all([
      startE2E({}, { maxRateLimitWaitMs: 1000 }),
      startE2E({}, { maxRateLimitWaitMs: 1000 }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([calm.stop(), stormy.stop()]);
  });

  it("end the workshop exactly as an undisturbed run does", async () => {
    const undisturbed = await playRound(calm, undefined);
    const { server } = stormy.world;
    const disturbed = await playRound(stormy, (_speaker, n) => {
      if (n !== 1) return;
      // Mid-turn: the connection drops (the speaker's message arrives while it is down or resuming),
      // and the next message sends meet 429s: two short ones discord.js waits out, and one longer
      // than maxRateLimitWaitMs that the runtime must retry.
      server.dropGateway();
      server.rateLimitNext("POST", "/channels/:channel_id/messages", 2, 0.2);
      server.rateLimitNext("POST", "/channels/:channel_id/messages", 1, 2);
    });

    // The disturbances did happen.
    expect(server.gatewayLog.some((g) => g.op === 6)).toBe(true);
    expect(server.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
    expect(stormy.bot.log).toContain('"code":"rate_limited"');

    expect(disturbed.summary).toBe(undisturbed.summary);
    expect(disturbed.summary).toContain("Group A: 2 participants, 2 turns, 8 words");
    expect(disturbed.transcript).toEqual(undisturbed.transcript);
  }, 150_000);
});
