// End-to-end tests of issue 5: the real bot process (`node src/main.ts run`) in Matrix rooms on a
// real Synapse, with four people in two groups, killed (SIGKILL) mid-workshop and restarted.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/bot/store.ts";
import { connectHuman, type Human, type SeenEvent } from "../support/synapse/human.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../support/synapse/server.ts";
import { BotProcess } from "./bot-process.ts";

/** A flow small enough for a test: one long discussion, so only commands move it on. */
const discussionFlow = `
id: e2e-discussion
version: 1
title: { en: "E2E discussion" }
description: { en: "One open discussion." }
defaultLocale: en
groups:
  - { id: group-a, name: { en: "Group A" } }
  - { id: group-b, name: { en: "Group B" } }
confidentiality: open
stages:
  - id: talk
    kind: discussion
    prompt: { en: "Talk." }
    seconds: 3600
`;

describe("Parley in Matrix, end to end (bot process against Synapse)", () => {
  let hs: Homeserver;
  let dir: string;
  let botUser: RegisteredUser;
  let carol: Human;
  let amal: Human;
  let ben: Human;
  let dana: Human;
  let eli: Human;
  const humans: Human[] = [];
  const bots: BotProcess[] = [];

  const fromBot = (roomId: string) => (e: SeenEvent) =>
    e.roomId === roomId && e.sender === botUser.userId && e.type === "m.room.message";

  async function person(name: string): Promise<Human> {
    const user = await hs.registerUser(name, { displayName: name.charAt(0).toUpperCase() + name.slice(1) });
    const h = await connectHuman(hs.baseUrl, user, { autoJoinFrom: [botUser.userId] });
    humans.push(h);
    return h;
  }

  /** A workshop room by carol with the four participants in it and the bot invited (moderator). */
  async function workshopRoom(name: string): Promise<string> {
    const roomId = await carol.createRoom({ name, powerLevels: { [botUser.userId]: 50 } });
    for (const p of [amal, ben, dana, eli]) {
      await carol.client.invite(roomId, p.userId);
      await p.client.joinRoom(roomId);
    }
    await carol.client.invite(roomId, botUser.userId);
    return roomId;
  }

  async function botFor(roomIds: readonly string[], storeFile: string): Promise<BotProcess> {
    const rooms = Object.fromEntries(
      roomIds.map((roomId) => [
        `matrix:${roomId}`,
        { facilitators: [carol.userId], groupRoles: { north: "group-a", south: "group-b" } },
      ]),
    );
    const bot = await BotProcess.prepare(
      dir,
      {
        store: { kind: "sqlite", path: storeFile },
        locale: "en",
        // Chat starts flows by id, from this directory.
        flows: { dirs: [dir] },
        rooms,
        matrix: {
          homeserverUrl: hs.baseUrl,
          userId: botUser.userId,
          allowedInviters: [carol.userId],
          groups: { north: [amal.userId, ben.userId], south: [dana.userId, eli.userId] },
        },
      },
      { MATRIX_ACCESS_TOKEN: botUser.accessToken, PARLEY_LOG_LEVEL: "info" },
    );
    bots.push(bot);
    return bot;
  }

  beforeAll(async () => {
    hs = await startHomeserver();
    dir = await mkdtemp(join(tmpdir(), "parley-e2e-"));
    botUser = await hs.registerUser("parley", { displayName: "Parley" });
    carol = await person("carol");
    amal = await person("amal");
    ben = await person("ben");
    dana = await person("dana");
    eli = await person("eli");
  }, 900_000);

  afterAll(async () => {
    for (const bot of bots) await bot.kill();
    for (const h of humans) h.stop();
    await hs.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("processes what people wrote while the bot was killed exactly once, and never older history", async () => {
    const roomId = await workshopRoom("crash");
    await amal.say(roomId, "ancient history before the bot ever ran");
    const flowFile = join(dir, "discussion.yaml");
    await writeFile(flowFile, discussionFlow);
    const storeFile = join(dir, "crash.sqlite");
    const bot = await botFor([roomId], storeFile);
    bot.start();
    await carol.waitFor(
      (e) =>
        e.roomId === roomId &&
        e.type === "m.room.member" &&
        e.stateKey === botUser.userId &&
        e.content["membership"] === "join",
      60_000,
      "the bot joining",
    );

    await carol.say(roomId, "!parley start discussion");
    for (const p of [amal, ben, dana, eli]) await p.say(roomId, "!parley join");
    await carol.say(roomId, "!parley start");
    await amal.say(roomId, "one two");
    // The bot answered the facilitator at least once: it is processing this room.
    await carol.waitFor(fromBot(roomId), 60_000, "the bot speaking");

    await bot.kill();
    await amal.say(roomId, "three four five");
    await dana.say(roomId, "six");
    bot.start();
    await carol.say(roomId, "!parley end");
    await carol.waitFor(
      (e) => e.roomId === roomId && e.type === "m.room.pinned_events",
      60_000,
      "the summary pinned",
    );
    // SIGTERM: the bot stops by itself (nothing keeps it alive once the runtime has stopped).
    expect(await bot.stop()).toEqual({ code: 0, signal: null });

    const store = new SqliteStore(storeFile);
    const session = await store.findSession(`matrix:${roomId}`);
    expect(session?.status).toBe("done");
    const record = session?.meta.record as { participation: { group: string | null; words: number }[] };
    const words: Record<string, number> = {};
    for (const p of record.participation) words[p.group ?? "none"] = p.words;
    // "one two" + "three four five" from group A, "six" from group B: each counted exactly once.
    expect(words).toMatchObject({ "group-a": 5, "group-b": 1 });
    await store.close();
  });
});
