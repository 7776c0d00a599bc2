// Issue 5, end to end: the real bot process (`node src/main.ts run`) in Matrix rooms on a real
// Synapse, with four matrix-js-sdk users in two groups: strict turn-taking enforced by Synapse
// itself through power levels, and an anonymous brainstorm through direct rooms whose authors
// never reach the workshop room.
import { DatabaseSync } from "node:sqlite";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyOf,
  plain,
  startWorld,
  tempFlow,
  Workshop,
  writeFlow,
  type Person,
  type TimelineEvent,
  type World,
} from "./workshop-driver.ts";

const BOTS = 3;
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

describe("strict turn-taking in Matrix, end to end (Synapse enforces the floor)", () => {
  it("refuses a message from a participant without the floor, accepts it once given, and restores the room", async () => {
    // In a room made with default power levels only an admin (100) may change them.
    const w = await open("strict", 0, 100);
    const { carol, people } = world;
    const flow = await tempFlow(world, "perspective-exchange", (spec) => {
      spec["id"] = "perspective-exchange-strict";
      spec["turnEnforcement"] = "strict";
    });
    const levelsOf = async (): Promise<Record<string, unknown>> =>
      (await carol.client.getStateEvent(w.roomId, "m.room.power_levels", "")) as Record<string, unknown>;
    const before = await levelsOf();
    const usersOf = (content: Record<string, unknown>): Record<string, number> =>
      (content["users"] ?? {}) as Record<string, number>;
    const powerLevelsWhere = (what: string, ok: (content: Record<string, unknown>) => boolean) =>
      carol
        .waitFor(
          (e) => e.roomId === w.roomId && e.type === "m.room.power_levels" && ok(e.content),
          30_000,
          what,
        )
        .catch((error: unknown) => {
          throw new Error(`${String(error)}\n${w.context()}`, { cause: error });
        });

    await w.command(`start ${flow}`);
    await w.waitRoom(/^Welcome to Perspective exchange/);
    await w.joinAll();
    await w.command("start");
    await w.consentAll();
    await w.waitRoom(/^Stage 2 of 5: Sharing experiences/);
    const turn = await w.waitRoom(/turn\. Everyone else, please listen/);
    const speaker = w.personIn(bodyOf(turn));
    const others = people.filter((p) => p.userId !== speaker.userId);
    const other = others.find((p) => p.side !== speaker.side) as Person;

    // Synapse lets the speaker post and refuses everyone else.
    const restricted = await powerLevelsWhere(
      "the floor given to the speaker",
      (c) => (usersOf(c)[speaker.userId] ?? 0) > 0,
    );
    expect(restricted.sender).toBe(w.botUserId);
    await expect(speaker.human.say(w.roomId, "I speak when it is my turn.")).resolves.toMatch(/^\$/);
    for (const p of others) {
      await expect(p.human.say(w.roomId, "Let me interrupt.")).rejects.toMatchObject({
        errcode: "M_FORBIDDEN",
      });
    }
    // The facilitator (the room's creator) keeps their voice, and reactions stay open to all.
    await expect(w.command("status")).resolves.toMatch(/^\$/);
    await expect(other.human.react(w.roomId, turn.eventId, "👍")).resolves.toMatch(/^\$/);

    // The facilitator gives the floor to someone else, picking them in the composer (a pill that
    // shows their display name, "First Last").
    await carol.sayHtml(
      w.roomId,
      `!parley floor ${other.displayName}`,
      `!parley floor <a href="https://matrix.to/#/${encodeURIComponent(other.userId)}">${other.displayName}</a>`,
    );
    await w.waitRoom(new RegExp(`It is ${other.displayName}'s turn`));
    await powerLevelsWhere(
      `the floor moved to ${other.displayName}`,
      (c) => (usersOf(c)[other.userId] ?? 0) > 0 && usersOf(c)[speaker.userId] === undefined,
    );
    await expect(other.human.say(w.roomId, "Thank you for the floor.")).resolves.toMatch(/^\$/);
    await expect(speaker.human.say(w.roomId, "One more thing.")).rejects.toMatchObject({
      errcode: "M_FORBIDDEN",
    });

    // Ending the workshop restores exactly the power levels the room had.
    await w.command("end");
    await w.waitRoom(/^The workshop has ended/);
    await powerLevelsWhere("the power levels restored", (c) => isDeepStrictEqual(c, before));
    expect(await levelsOf()).toEqual(before);
    for (const p of people) await expect(p.human.say(w.roomId, "Bye.")).resolves.toMatch(/^\$/);
    await finish(w);
  }, 180_000);
});

/** One strict 30-second turn per person, no ground rules: the shortest way into a strict turn. */
const strictTurnsFlow = {
  id: "strict-turns",
  version: 1,
  title: { en: "Strict turns" },
  description: { en: "One round of strict turns." },
  defaultLocale: "en",
  groups: [
    { id: "group-a", name: { en: "Group A" } },
    { id: "group-b", name: { en: "Group B" } },
  ],
  confidentiality: "open",
  turnEnforcement: "strict",
  stages: [
    {
      id: "share",
      kind: "perspective-sharing",
      title: { en: "Sharing" },
      prompt: { en: "What brought you here?" },
      turnSeconds: 30,
      warningSeconds: 0,
    },
  ],
};

/** The live session's id and stored deadline, read from the bot's SQLite file. */
function storedTimer(storeFile: string): { sessionId: string; deadline: number | null } {
  const db = new DatabaseSync(storeFile, { readOnly: true });
  try {
    const row = db.prepare("SELECT id, meta FROM sessions WHERE status = 'live'").get();
    const meta = JSON.parse(String(row?.["meta"])) as { nextDeadline?: number | null };
    return { sessionId: String(row?.["id"]), deadline: meta.nextDeadline ?? null };
  } finally {
    db.close();
  }
}

function inboxHas(storeFile: string, eventId: string): boolean {
  const db = new DatabaseSync(storeFile, { readOnly: true });
  try {
    return db.prepare("SELECT 1 FROM inbox WHERE event_id = ?").get(eventId) !== undefined;
  } finally {
    db.close();
  }
}

describe("a strict turn in Matrix after the bot is killed (SIGKILL) and restarted (issue 10, finding 9)", () => {
  it("times the turn out at its original deadline and moves the floor, whatever happens meanwhile", async () => {
    const w = await open("sigkill", 2, 100);
    const { carol, people } = world;
    const usersOf = (content: Record<string, unknown>): Record<string, number> =>
      (content["users"] ?? {}) as Record<string, number>;
    const powerLevelsWhere = (what: string, ok: (content: Record<string, unknown>) => boolean) =>
      carol.waitFor(
        (e) => e.roomId === w.roomId && e.type === "m.room.power_levels" && ok(e.content),
        60_000,
        what,
      );

    await w.command(`start ${await writeFlow(world, strictTurnsFlow)}`);
    await w.waitRoom(/^Welcome to Strict turns/);
    await w.joinAll();
    await w.command("start");
    const turn = await w.waitRoom(/turn\. Everyone else, please listen/);
    const speaker = w.personIn(bodyOf(turn));
    await powerLevelsWhere("the floor given to the speaker", (c) => (usersOf(c)[speaker.userId] ?? 0) > 0);
    const { sessionId, deadline } = storedTimer(w.storeFile);
    expect(deadline).not.toBeNull();

    await w.bot.kill();
    w.bot.start();
    // A facilitator checks that the bot is back. Such a step, which changes nothing, used to
    // disarm the turn's timer: no "Time is up", no next turn, the room locked for the speaker.
    await w.command("status");
    await w.waitPrivate(carol, /^Strict turns, stage 1 of 1: /);

    await w.waitRoom(new RegExp(`^Time is up for ${speaker.displayName}`), "the turn timing out");
    // It fired at the deadline stored before the kill, not at a new one.
    expect(inboxHas(w.storeFile, `timer:${sessionId}:${String(deadline)}`)).toBe(true);
    const next = await w.waitRoom(/turn\. Everyone else, please listen/);
    const nextSpeaker = w.personIn(bodyOf(next));
    expect(nextSpeaker.userId).not.toBe(speaker.userId);
    await powerLevelsWhere(
      "the floor moved on",
      (c) => (usersOf(c)[nextSpeaker.userId] ?? 0) > 0 && usersOf(c)[speaker.userId] === undefined,
    );
    await expect(nextSpeaker.human.say(w.roomId, "My turn now.")).resolves.toMatch(/^\$/);
    const listener = people.find((p) => p.userId !== nextSpeaker.userId) as Person;
    await expect(listener.human.say(w.roomId, "Me too?")).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
    await w.command("end");
    await w.waitRoom(/^The workshop has ended/);
    await finish(w);
  }, 240_000);
});

const anonymousFlow = {
  id: "anonymous-ideas",
  version: 1,
  title: { en: "Anonymous ideas" },
  description: { en: "Ground rules, a check-in survey and an anonymous brainstorm." },
  defaultLocale: "en",
  groups: [
    { id: "group-a", name: { en: "Group A" } },
    { id: "group-b", name: { en: "Group B" } },
  ],
  confidentiality: "anonymous",
  turnEnforcement: "soft",
  stages: [
    {
      id: "rules",
      kind: "ground-rules",
      title: { en: "Ground rules" },
      rules: [{ en: "What is said here stays here." }],
    },
    {
      id: "check-in",
      kind: "survey",
      title: { en: "Check-in" },
      seconds: 600,
      questions: [{ id: "hope", type: "likert", text: { en: "How hopeful are you today?" } }],
    },
    {
      id: "ideas",
      kind: "brainstorm",
      title: { en: "Ideas" },
      prompt: { en: "What could our two communities do together?" },
      divergeSeconds: 600,
      maxIdeasPerPerson: 2,
      clusterSeconds: 300,
      voting: { method: "dots", dots: 2, maxPerIdea: 1, seconds: 600 },
      shortlist: 3,
    },
  ],
};

describe("consent, a survey and an anonymous brainstorm in Matrix, read back by an ordinary member", () => {
  it("asks every private question in direct rooms, and the room's whole history shows no answer, vote, refusal or author", async () => {
    const w = await open("anonymous", 1);
    const { people, carol } = world;
    const [zephyrine, oswin, ludmila, teodor] = people as [Person, Person, Person, Person];
    const ideaOf = new Map<string, string>([
      [zephyrine.userId, "a shared garden by the river"],
      [oswin.userId, "a choir singing in both languages"],
      [ludmila.userId, "a library swap between the schools"],
      [teodor.userId, "a weekend market for both towns"],
    ]);
    const ideas = [...ideaOf.values()];

    await w.command(`start ${await writeFlow(world, anonymousFlow)}`);
    await w.waitRoom(/^Welcome to Anonymous ideas/);
    await w.joinAll();
    await w.command("start");
    await w.waitRoom(/^Stage 1 of 3: Ground rules/);
    // Zephyrine first refuses in her direct room (and agrees later): only the facilitator hears
    // of the refusal, privately.
    await w.consentAll({
      person: zephyrine,
      act: async (consent) => {
        await w.choose(zephyrine.human, consent, 2);
        await w.waitPrivate(carol, /did not agree to the ground rules/);
      },
    });

    // The survey question reaches each participant privately; each answers by reaction there.
    await w.waitRoom(/^Stage 2 of 3: Check-in/);
    await w.waitRoom(/^A question has been sent to each participant privately/);
    const hope = new Map<string, number>([
      [zephyrine.userId, 5],
      [oswin.userId, 1],
      [ludmila.userId, 4],
      [teodor.userId, 2],
    ]);
    for (const p of people) {
      const question = await w.waitPrivate(p.human, /^How hopeful are you today\?/);
      expect(question.roomId).not.toBe(w.roomId);
      await w.choose(p.human, question, hope.get(p.userId) ?? 3);
    }
    // Everyone answered the only question: the survey ends by itself (no next needed).
    await w.waitRoom(/^Stage 3 of 3: Ideas/);
    await w.waitRoom(/^Write an idea\./, "the public prompt");
    // Each participant is asked in their direct room and answers there.
    for (const p of people) {
      const prompt = await w.waitPrivate(p.human, /^Write an idea\./);
      expect(prompt.roomId).not.toBe(w.roomId);
      await w.sayDurably(p.human, prompt.roomId, ideaOf.get(p.userId) ?? "");
      await w.waitPrivate(p.human, /^Idea received/);
    }

    // The ideas are shown for clustering, then put to a vote: each ballot in a direct room.
    await w.command("next");
    for (const idea of ideas) await w.waitRoom(new RegExp(`^#\\d+: ${idea}$`), `the idea "${idea}" listed`);
    await w.command("next");
    await w.waitRoom(/^A question has been sent to each participant privately/);
    // Two dots each: the garden is backed by both groups, the choir by group A only.
    const [garden, choir, library, market] = ideas as [string, string, string, string];
    const votes: [Person, string[]][] = [
      [zephyrine, [garden, choir]],
      [oswin, [garden, library]],
      [ludmila, [choir, market]],
      [teodor, [garden, market]],
    ];
    for (const [p, chosen] of votes) {
      const ballot = await w.waitPrivate(p.human, /^Vote for the ideas you support/);
      expect(ballot.roomId).not.toBe(w.roomId);
      const numberOf = (idea: string): number => {
        const line = bodyOf(ballot)
          .split("\n")
          .find((l) => l.endsWith(idea));
        const n = Number(/^(\d+)\./.exec(line ?? "")?.[1]);
        if (!Number.isInteger(n)) throw new Error(`"${idea}" is not on the ballot: ${bodyOf(ballot)}`);
        return n;
      };
      for (const idea of chosen) await w.choose(p.human, ballot, numberOf(idea));
    }
    for (const p of people) await w.waitPrivate(p.human, /You have used all your votes/);
    await w.command("next");

    await w.waitRoom(/^The ideas with the broadest support across groups/);
    await w.waitRoom(/^The workshop has ended/);
    const summary = bodyOf(await w.pinnedSummary());
    // The votes were counted: 3 for the garden (both groups), 2 each for the choir and the market.
    // Groups of two are below the anonymous minimum group size (3): totals only, no group's share.
    expect(summary).toContain("Summary of the workshop: Anonymous ideas");
    expect(summary).toContain("a group had fewer than 3 people");
    expect(summary).toMatch(new RegExp(`1\\. ${garden}: 3 votes`));
    expect(summary).toMatch(new RegExp(`${choir}: 2 votes`));
    expect(summary).toMatch(new RegExp(`${market}: 2 votes`));
    expect(summary).toMatch(new RegExp(`${library}: 1 vote\\b`));
    expect(summary).not.toMatch(/% across groups/u);

    // Oswin, an ordinary member (not the bot, not a facilitator), reads the room's whole history
    // back from the homeserver: every event type, state events included.
    const timeline = await w.timeline(oswin.human);
    const text = (e: TimelineEvent): string => plain(JSON.stringify(e.content));
    expect(timeline.some((e) => e.type === "m.room.create")).toBe(true);
    const personIds = new Set(people.map((p) => p.userId));
    // Participants did nothing in the room but join: no reaction, reply, poll answer, edit or vote.
    const byParticipants = timeline.filter((e) => personIds.has(e.sender));
    for (const e of byParticipants) {
      const joinCommand = e.type === "m.room.message" && e.content["body"] === "!parley join";
      expect(e.type === "m.room.member" || joinCommand, `${e.type} ${text(e)}`).toBe(true);
    }
    // No answers to anything in the room: no reactions, polls or redactions from anyone.
    expect(timeline.filter((e) => /reaction|poll|redaction/.test(e.type))).toEqual([]);
    // The bot never posted a question with options there, nor a refusal or an answer.
    const fromBot = timeline.filter((e) => e.sender === w.botUserId);
    const botBodies = fromBot
      .filter((e) => e.type === "m.room.message")
      .map((e) => plain(String(e.content["body"])));
    expect(botBodies.length).toBeGreaterThan(10);
    for (const body of botBodies) {
      expect(body).not.toMatch(/I agree|I do not agree|did not agree|How hopeful|Vote for the ideas/);
      // No numbered list of options (a question to answer in the room).
      expect(body).not.toMatch(/\n\d+\. /);
    }
    // The ideas reached the room only through the bot: no author posted one there.
    for (const idea of ideas) {
      const carriers = timeline.filter((e) => e.type === "m.room.message" && text(e).includes(idea));
      expect(carriers.length, idea).toBeGreaterThan(0);
      expect(carriers.every((e) => e.sender === w.botUserId)).toBe(true);
    }
    // Nothing the bot did in the room (messages, power levels, pins) names or identifies anyone.
    for (const e of fromBot.filter((x) => x.type !== "m.room.member")) {
      for (const p of people) {
        expect(text(e)).not.toContain(p.userId);
        expect(text(e)).not.toContain(p.localpart);
        expect(text(e)).not.toContain(p.displayName);
        expect(text(e)).not.toContain(p.displayName.split(" ")[0]);
      }
    }
    await finish(w);
  }, 240_000);
});
