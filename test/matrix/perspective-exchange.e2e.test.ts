// Issue 5, end to end: the built-in perspective-exchange flow run by the real bot process
// (`node src/main.ts run`) in a Matrix room on a real Synapse, with four matrix-js-sdk users in
// two groups, from `!parley start perspective-exchange` to the pinned summary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, startWorld, Workshop, type Person, type World } from "./workshop-driver.ts";

const BOTS = 1;
let world: World;
const workshops: Workshop[] = [];

beforeAll(async () => {
  world = await startWorld(BOTS);
}, 900_000);

afterAll(async () => {
  for (const w of workshops) await w.bot.stop();
  await world.stop();
});

async function open(name: string, botIndex: number, botPower?: number): Promise<Workshop> {
  const w = await Workshop.open(world, name, botIndex, botPower);
  workshops.push(w);
  return w;
}

/** Stops the bot: it exits by itself on SIGTERM, and it logged no error during the workshop. */
async function finish(w: Workshop): Promise<void> {
  expect(await w.stop()).toEqual({ exit: { code: 0, signal: null }, errors: [] });
}

describe("perspective-exchange in Matrix, end to end (bot process against Synapse)", () => {
  it("runs every stage in order, gives every participant their turns, ends and pins the summary", async () => {
    const w = await open("perspective", 0);
    const { people } = world;
    const [zephyrine] = people as [Person, ...Person[]];

    await w.command("start perspective-exchange");
    await w.waitRoom(/^Welcome to Perspective exchange/);
    const joined = await w.joinAll();
    for (const p of people)
      expect(joined.get(p.userId)).toBe(
        `You have joined as part of ${p.side === "north" ? "Group A" : "Group B"}.`,
      );
    await w.command("start");
    await w.waitRoom(/^The workshop has started: Perspective exchange/);
    await w.waitRoom(/^Stage 1 of 5: Ground rules/);
    await w.consentAll();

    await w.waitRoom(/^Stage 2 of 5: Sharing experiences/);
    const experiences = await w.playTurnStage({ say: (p) => `In my town, ${p.localpart} remembers.` });
    await w.waitRoom(/^Stage 3 of 5: Being heard/);
    const heard = await w.playTurnStage({
      say: (p) => `What matters to ${p.localpart} is safety.`,
      reflect: () => "You said safety matters most to you.",
    });

    await w.waitRoom(/^Stage 4 of 5: Open conversation/);
    for (const p of people) await w.sayDurably(p.human, w.roomId, "I heard something new today.");
    await w.command("next");

    await w.waitRoom(/^Stage 5 of 5: Closing reflection/);
    const reflection = await w.playTurnStage({ say: () => "I take away hope.", pass: zephyrine });

    await w.waitRoom(/^The workshop has ended/);
    const pinned = await w.pinnedSummary();
    const summary = bodyOf(pinned);

    // Stage order as the room saw it.
    expect(w.roomTexts().filter((t) => /^Stage \d of 5:/.test(t))).toEqual([
      "Stage 1 of 5: Ground rules",
      "Stage 2 of 5: Sharing experiences",
      "Stage 3 of 5: Being heard",
      "Stage 4 of 5: Open conversation",
      "Stage 5 of 5: Closing reflection",
    ]);
    // Each turn-taking stage gave each of the four participants exactly one turn, alternating
    // between the groups (A, B, A, B or B, A, B, A).
    for (const order of [experiences, heard, reflection]) {
      expect(order.map((p) => p.userId).sort()).toEqual(people.map((p) => p.userId).sort());
      const sides = order.map((p) => p.side);
      expect(sides.every((s, i) => i === 0 || s !== sides[i - 1])).toBe(true);
    }
    // Reflect-back: every speaker of "Being heard" is reflected back, the last one included (by a
    // closing listener), and each summary is shown in the room.
    expect(w.roomTexts().filter((t) => t.includes("You said safety matters most to you.")).length).toBe(4);
    expect(w.roomTexts()).toContain(`${zephyrine.displayName} passed.`);

    expect(summary).toContain("Summary of the workshop: Perspective exchange");
    expect(summary).toContain("Group A: 2 participants, 6 turns");
    expect(summary).toContain("Group B: 2 participants, 6 turns");
    expect(summary).toMatch(/Group A: [^\n]*1 pass\b/);
    expect(summary).toMatch(/Group B: [^\n]*0 passes/);
    // Chatham House: the summary names no participant.
    for (const p of people) {
      expect(summary).not.toContain(p.displayName);
      expect(summary).not.toContain(p.localpart);
    }
    // The bot mentions nobody.
    expect(pinned.content["m.mentions"]).toEqual({});
    await finish(w);
  }, 240_000);
});
