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

  it("report: the files reach the facilitator privately (media upload, m.file), and a participant is told it is not theirs", async () => {
    const [zephyrine] = world.people;
    if (zephyrine === undefined) throw new Error("cast");
    const { carol } = world;
    const roomBefore = w.roomTexts().length;
    await w.durable(await zephyrine.human.say(w.roomId, "!parley report"));
    await w.waitPrivate(zephyrine.human, /Only facilitators can use report/, "zephyrine told");
    await w.durable(await w.command("report csv"));
    await w.waitPrivate(carol, /^The report of this workshop \(Safe circle, session s/, "the caption");
    const isFile = (e: { content: Record<string, unknown> }) => e.content["msgtype"] === "m.file";
    // The last of the tables (chatham-house: no per-person tables).
    await carol.waitFor(
      (e) => e.sender === w.botUserId && isFile(e) && e.content["body"] === "needs.csv",
      30_000,
      "the report's last file",
    );
    const files = w.privateNotices(carol).filter(isFile);
    expect(files.map((e) => e.content["body"])).toEqual([
      "sessions.csv",
      "participation.csv",
      "attendance.csv",
      "survey-pairs.csv",
      "ideas.csv",
      "needs.csv",
    ]);
    const texts: string[] = [];
    for (const e of files) {
      expect(e.content["info"]).toMatchObject({ mimetype: "text/csv; charset=utf-8" });
      const url = carol.client.mxcUrlToHttp(
        String(e.content["url"]),
        undefined,
        undefined,
        undefined,
        false,
        true,
        true,
      );
      const res = await fetch(url ?? "", {
        headers: { authorization: `Bearer ${carol.client.getAccessToken() ?? ""}` },
      });
      expect(res.status).toBe(200);
      texts.push(await res.text());
    }
    // chatham-house: no name of anyone taking part in any file.
    expect(texts.join("\n")).not.toMatch(/Zephyrine|Oswin|Ludmila|liars/i);
    // No file went to the room or to a participant.
    expect(w.roomNotices().filter(isFile)).toEqual([]);
    for (const p of world.people) expect(w.privateNotices(p.human).filter(isFile)).toEqual([]);
    expect(w.roomTexts().slice(roomBefore).join("\n")).not.toMatch(/report/i);
  }, 120_000);
});
