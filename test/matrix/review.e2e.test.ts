// Safeguarding (issue 13) on a real Synapse, what only Matrix offers: the facilitator decides a held
// idea with a reaction on the review question in her direct room (1️⃣ approve, 2️⃣ hide), as she
// answers any question there. Hold / approve / hide by command, hiding after the fact (redaction)
// and the summary are the conformance scenario "hold for review" (test/conformance), run on every
// platform.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewedIdeasFlow } from "../support/fixtures.ts";
import { bodyOf, startWorld, Workshop, writeFlow, type Person, type World } from "./workshop-driver.ts";

const BOTS = 1;
let world: World;
let workshop: Workshop | undefined;

beforeAll(async () => {
  world = await startWorld(BOTS);
}, 900_000);

afterAll(async () => {
  await workshop?.bot.stop();
  await world.stop();
});

describe("hold for review in Matrix, decided by reaction (bot process against Synapse)", () => {
  it("approves a held idea with 1️⃣ and hides another with 2️⃣ on the facilitator's review questions", async () => {
    const w = await Workshop.open(world, "review", { bot: 0 });
    workshop = w;
    const { people, carol } = world;
    const [zephyrine, oswin] = people as [Person, Person, ...Person[]];
    const garden = "a shared garden by the river";
    const hostile = "you people are all liars and terrorists, shut up";

    await w.command(`start ${await writeFlow(world, reviewedIdeasFlow)}`);
    await w.waitRoom(/^Welcome to Reviewed ideas/);
    await w.joinAll();
    await w.command("start");
    await w.waitRoom(/^Stage 1 of 1: Ideas/);
    for (const [p, idea] of [
      [zephyrine, garden],
      [oswin, hostile],
    ] as const) {
      const prompt = await w.waitPrivate(p.human, /^Write an idea\./);
      await w.sayDurably(p.human, prompt.roomId, idea);
      await w.waitPrivate(p.human, /^Idea received/);
    }

    // Each held idea is a question in the facilitator's direct room: 1. Approve, 2. Hide.
    const heldGarden = await w.waitPrivate(carol, new RegExp(`^Held for review, #(\\d+): ${garden}`));
    const heldHostile = await w.waitPrivate(carol, /^Held for review, #(\d+): you people/);
    expect(heldGarden.roomId).not.toBe(w.roomId);
    await w.choose(carol, heldGarden, 1);
    await w.choose(carol, heldHostile, 2);
    const ref = (e: typeof heldGarden) => /#(\d+)/.exec(bodyOf(e))?.[1] ?? "";
    await w.waitPrivate(carol, new RegExp(`^#${ref(heldGarden)} is approved`));
    await w.waitPrivate(carol, new RegExp(`^#${ref(heldHostile)} is hidden`));
    await w.waitPrivate(oswin.human, /^Something you contributed was not shown to the group/);

    await w.command("next");
    await w.waitRoom(new RegExp(`^#\\d+: ${garden} \\[#${ref(heldGarden)}\\]$`), "the approved idea");
    expect(w.roomTexts().some((t) => t.includes(hostile))).toBe(false);
    await w.command("end");
    await w.waitRoom(/^The workshop has ended/);
    expect(await w.stop()).toEqual({ exit: { code: 0, signal: null }, errors: [] });
  }, 240_000);
});
