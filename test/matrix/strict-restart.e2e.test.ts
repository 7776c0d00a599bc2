// A strict turn in Matrix survives a SIGKILL of the bot: the real bot process against a real
// Synapse, with four matrix-js-sdk users in two groups. Strict turns and the anonymous
// brainstorm on every platform are in test/conformance.
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, startWorld, Workshop, writeFlow, type Person, type World } from "./workshop-driver.ts";

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
  const w = await Workshop.open(world, name, { bot: botIndex, botPower });
  workshops.push(w);
  return w;
}

/** Stops the bot: it exits by itself on SIGTERM, and it logged no error during the workshop. */
async function finish(w: Workshop): Promise<void> {
  expect(await w.stop()).toEqual({ exit: { code: 0, signal: null }, errors: [] });
}

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
    const w = await open("sigkill", 0, 100);
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
    await w.waitPrivate(carol, /^Strict turns, stage 1 of 1: Sharing/);

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
