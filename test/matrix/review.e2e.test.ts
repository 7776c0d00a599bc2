// Safeguarding (issue 13), end to end on a real Synapse: ideas held for the facilitators, only
// approved ones shown (numbered), the author of a hidden idea told in their direct room, and
// `!parley hide` after the fact redacting the bot's post, so a second member reading the room's
// history back gets the event with its content gone; the summary leaves the idea out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const reviewedFlow = {
  id: "reviewed-ideas",
  version: 1,
  title: { en: "Reviewed ideas" },
  description: { en: "Ideas screened by the facilitators." },
  defaultLocale: "en",
  groups: [
    { id: "group-a", name: { en: "Group A" } },
    { id: "group-b", name: { en: "Group B" } },
  ],
  confidentiality: "anonymous",
  minGroupSize: 1,
  stages: [
    {
      id: "ideas",
      kind: "brainstorm",
      title: { en: "Ideas" },
      review: "facilitators",
      prompt: { en: "What could we do together?" },
      divergeSeconds: 600,
      clusterSeconds: 0,
      voting: { method: "approval", seconds: 600 },
    },
  ],
};

describe("hold for review and hide in Matrix, end to end (bot process against Synapse)", () => {
  it("shows approved ideas only, tells the hidden idea's author privately, and redacts a post hidden after the fact", async () => {
    const w = await Workshop.open(world, "review", { bot: 0 });
    workshop = w;
    const { people, carol } = world;
    const [zephyrine, oswin] = people as [Person, Person, ...Person[]];
    const garden = "a shared garden by the river";
    const hostile = "you people are all liars and terrorists, shut up";

    await w.command(`start ${await writeFlow(world, reviewedFlow)}`);
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

    // The facilitator reads both privately, numbered and without a name.
    const heldGarden = await w.waitPrivate(carol, new RegExp(`^Held for review, #(\\d+): ${garden}`));
    const heldHostile = await w.waitPrivate(carol, /^Held for review, #(\d+): you people/);
    for (const held of [heldGarden, heldHostile]) {
      expect(held.roomId).not.toBe(w.roomId);
      for (const p of people) expect(bodyOf(held)).not.toContain(p.displayName);
    }
    const refOf = (text: string) => /#(\d+)/.exec(text)?.[1] ?? "";
    const gardenRef = refOf(bodyOf(heldGarden));
    await w.command(`approve ${gardenRef}`);
    await w.command(`hide ${refOf(bodyOf(heldHostile))}`);
    await w.waitPrivate(oswin.human, /^Something you contributed was not shown to the group/);
    expect(w.privateNotices(zephyrine.human).some((e) => /was not shown/.test(bodyOf(e)))).toBe(false);

    await w.command("next");
    const shown = await w.waitRoom(new RegExp(`^#\\d+: ${garden} \\[#${gardenRef}\\]$`), "the approved idea");
    expect(w.roomTexts().some((t) => t.includes(hostile))).toBe(false);

    // Hidden after the fact: the post is redacted; another member reading it back finds no content.
    await w.command(`hide ${gardenRef}`);
    const reader = oswin.human.client;
    const deadline = Date.now() + 30_000;
    let content: Record<string, unknown> = { body: "?" };
    while (Date.now() < deadline) {
      const event = await reader.fetchRoomEvent(w.roomId, shown.eventId);
      content = event.content ?? {};
      if (Object.keys(content).length === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(content).toEqual({});
    const history = (await w.timeline(oswin.human)).map((e) => JSON.stringify(e.content)).join("\n");
    expect(history).not.toContain(garden);
    expect(history).not.toContain(hostile);

    await w.command("end");
    await w.waitRoom(/^The workshop has ended/);
    const summary = bodyOf(await w.pinnedSummary());
    expect(summary).not.toContain(garden);
    expect(summary).not.toContain(hostile);
    expect(await w.stop()).toEqual({ exit: { code: 0, signal: null }, errors: [] });
  }, 240_000);
});
