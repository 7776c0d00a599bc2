// Safeguarding on Matrix, end to end (the real bot process against a real Synapse): a reply with
// `!parley flag` reaches the facilitator with the message and no flagger, and is redacted from the
// room; `!parley help-me` in the direct room reaches the facilitator and the safeguarding lead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHuman, type Human } from "../support/synapse/human.ts";
import { bodyOf, startWorld, Workshop, writeFlow, type World } from "./workshop-driver.ts";

const flow = {
  id: "flags-help",
  version: 1,
  title: { en: "Safe circle" },
  description: { en: "One long discussion." },
  defaultLocale: "en",
  groups: [
    { id: "group-a", name: { en: "Group A" } },
    { id: "group-b", name: { en: "Group B" } },
  ],
  confidentiality: "chatham-house",
  stages: [{ id: "talk", kind: "discussion", prompt: { en: "Talk about the sea." }, seconds: 3600 }],
};

describe("flags and help requests on Matrix", () => {
  let world: World;
  let lead: Human;
  let w: Workshop;
  beforeAll(async () => {
    world = await startWorld(1);
    const botId = world.bots[0]?.userId ?? "";
    lead = await connectHuman(
      world.hs.baseUrl,
      await world.hs.registerUser("lena", { displayName: "Lena Lead" }),
      { autoJoinFrom: [botId] },
    );
    w = await Workshop.open(world, "flags", {
      bot: 0,
      extra: {
        safeguarding: { lead: { matrix: lead.userId }, helpText: { en: "Call the Youth Line on 0800 111." } },
      },
    });
  }, 240_000);
  afterAll(async () => {
    await w.stop();
    lead.stop();
    await world.stop();
  });

  /** Messages the bot sent `human` outside the workshop room (their direct room), as text. */
  const privately = (human: Human): string[] => w.privateNotices(human).map(bodyOf);

  it("a flag by reply reaches only the facilitator, without the flagger, and leaves the room; help-me reaches the facilitator and the lead", async () => {
    const [zephyrine, oswin, ludmila] = world.people;
    if (zephyrine === undefined || oswin === undefined || ludmila === undefined) throw new Error("cast");
    const { carol } = world;
    await w.command(`start ${await writeFlow(world, flow)}`);
    await w.waitRoom(/Safe circle/);
    const joined = await w.joinAll();
    expect(joined.size).toBe(4);
    await w.command("start");
    await w.waitRoom(/Talk about the sea/);

    const roomBefore = w.roomTexts().length;
    const hurtful = await w.sayDurably(zephyrine.human, w.roomId, "you people are all liars");
    const flag = await oswin.human.reply(
      w.roomId,
      hurtful,
      `<${zephyrine.userId}> you people are all liars`,
      "!parley flag not okay",
    );
    await w.durable(flag);
    const toCarol = await w.waitPrivate(carol, /^Flag 1/, "the facilitator told of the flag");
    expect(bodyOf(toCarol)).toContain("you people are all liars");
    expect(bodyOf(toCarol)).toContain("not okay");
    expect(bodyOf(toCarol)).not.toMatch(/oswin/i);
    await w.waitPrivate(oswin.human, /without your name/, "oswin told privately");
    // The bot took the flag out of the room.
    await carol.waitFor(
      (e) => e.roomId === w.roomId && e.type === "m.room.redaction" && e.sender === w.botUserId,
      20_000,
      "the flag redacted",
    );
    expect(w.roomTexts().slice(roomBefore).join("\n")).not.toMatch(/flag|oswin/i);
    expect(privately(lead)).toEqual([]);

    // ludmila asks for help in her direct room with the bot.
    const directRoom = w.privateNotices(ludmila.human)[0]?.roomId;
    if (directRoom === undefined) throw new Error("no direct room for ludmila");
    await w.durable(await ludmila.human.say(directRoom, "!parley help-me I do not feel safe"));
    await w.waitPrivate(lead, /Ludmila Farrow asked for help privately: I do not feel safe/, "the lead told");
    await w.waitPrivate(carol, /Ludmila Farrow asked for help privately/, "the facilitator told");
    await w.waitPrivate(ludmila.human, /Youth Line/, "ludmila given the help text");
    for (const p of [zephyrine, oswin])
      expect(privately(p.human).join("\n")).not.toMatch(/Ludmila|Youth Line/);
    expect(w.roomTexts().slice(roomBefore).join("\n")).not.toMatch(/help|Ludmila/i);
  }, 180_000);
});
