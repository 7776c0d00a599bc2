// Several requests for text open at once in a participant's direct room (a survey's text
// questions, the needs stage's categories), against a real Synapse: plain messages answer them in
// turn, a reply answers the very request it replies to, and a later step's requests close the
// earlier set (issue 12).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../src/bot/ports.ts";
import { MatrixPlatform } from "../../src/adapters/matrix/index.ts";
import { parseMatrixConfig } from "../../src/adapters/matrix/config.ts";
import { connectHuman, type Human, type SeenEvent } from "../support/synapse/human.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../support/synapse/server.ts";
import { MemoryCursors, RecordingLogger, RecordingSink } from "./helpers.ts";

let hs: Homeserver;
let botUser: RegisteredUser;
let carol: Human;
let alice: Human;
let platform: MatrixPlatform;
const sink = new RecordingSink();

beforeAll(async () => {
  hs = await startHomeserver();
  botUser = await hs.registerUser("parley", { displayName: "Parley" });
  carol = await connectHuman(hs.baseUrl, await hs.registerUser("carol", { displayName: "Carol" }));
  const aliceUser = await hs.registerUser("alice", { displayName: "Alice" });
  alice = await connectHuman(hs.baseUrl, aliceUser, { autoJoinFrom: [carol.userId, botUser.userId] });
  const parsed = parseMatrixConfig(
    { homeserverUrl: hs.baseUrl, userId: botUser.userId, allowedInviters: [carol.userId] },
    { MATRIX_ACCESS_TOKEN: botUser.accessToken },
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  platform = new MatrixPlatform({
    config: parsed.value.config,
    credentials: parsed.value.credentials,
    cursors: new MemoryCursors(),
    logger: new RecordingLogger(),
    syncTimeoutMs: 2000,
  });
  await platform.start(sink.sink);
}, 900_000);

afterAll(async () => {
  await platform.stop();
  alice.stop();
  carol.stop();
  await hs.stop();
});

async function workshopRoom(name: string): Promise<string> {
  const roomId = await carol.createRoom({ name, invite: [alice.userId, botUser.userId] });
  await carol.waitFor(
    (e) =>
      e.roomId === roomId &&
      e.type === "m.room.member" &&
      e.stateKey === botUser.userId &&
      e.content["membership"] === "join",
    20_000,
    "the bot joining",
  );
  return roomId;
}

/** A request for text to the whole room, as step `step` of the runtime would send it (its n-th delivery). */
function request(roomId: string, step: string, n: number, promptId: string, text: string): Delivery {
  return {
    idempotencyKey: `${step}:${n}`,
    roomId,
    audience: { to: "room" },
    kind: "collect",
    body: [{ text }],
    promptId,
  };
}

/** The bot's message starting with `text` in alice's direct room (not the workshop room `roomId`). */
const fromBot = (roomId: string, text: string) => (e: SeenEvent) =>
  e.roomId !== roomId &&
  e.sender === botUser.userId &&
  e.type === "m.room.message" &&
  String(e.content["body"]).startsWith(text);

/** The private answers alice handed on, as `promptId=text`, in order. */
function answers(roomId: string): string[] {
  return sink.events.flatMap((e) =>
    e.kind === "private" && e.roomId === roomId && e.sender.userId === alice.userId
      ? [`${e.promptId}=${e.text}`]
      : [],
  );
}

async function answered(roomId: string, count: number): Promise<string[]> {
  await sink.waitFor(() => answers(roomId).length >= count, 20_000, `${count} answers from alice`);
  return answers(roomId);
}

describe("several requests for text in a Matrix direct room", () => {
  it("answers them in turn by plain messages, and a reply answers the request it replies to", async () => {
    const roomId = await workshopRoom("survey-texts");
    // One step: a thermometer and two text questions, after the stage's opening.
    expect(
      await platform.deliver(request(roomId, "s1:4", 1, "survey:pre:warmth", "Warmth, 0 to 100?")),
    ).toEqual({
      ok: true,
    });
    expect(
      await platform.deliver(request(roomId, "s1:4", 2, "survey:pre:hope", "What do you hope for?")),
    ).toEqual({
      ok: true,
    });
    expect(
      await platform.deliver(request(roomId, "s1:4", 3, "survey:pre:fear", "What do you fear?")),
    ).toEqual({
      ok: true,
    });
    const warmth = await alice.waitFor(fromBot(roomId, "Warmth, 0 to 100?"));
    const hope = await alice.waitFor(fromBot(roomId, "What do you hope for?"));
    const fear = await alice.waitFor(fromBot(roomId, "What do you fear?"));
    expect(warmth.roomId).not.toBe(roomId);
    // The first request reads as it is; the next ones say how several are answered.
    expect(String(warmth.content["body"])).not.toContain("reply to it");
    expect(String(hope.content["body"])).toContain("To answer this one now, reply to it.");
    expect(String(fear.content["body"])).toContain("To answer this one now, reply to it.");
    const direct = warmth.roomId;

    // A reply to the last question answers it first, even with a number for text.
    await alice.reply(direct, fear.eventId, "What do you fear?", "Losing friends");
    // Plain messages then answer the others in the order they were asked.
    await alice.say(direct, "72");
    await alice.say(direct, "A shared youth centre");
    // Every request answered: another plain message goes to the latest one.
    await alice.say(direct, "And a football league");
    expect(await answered(roomId, 4)).toEqual([
      "survey:pre:fear=Losing friends",
      "survey:pre:warmth=72",
      "survey:pre:hope=A shared youth centre",
      "survey:pre:fear=And a football league",
    ]);

    // A later step's request closes the earlier set: plain messages go to it alone; a reply to an
    // earlier question still names that question (the runtime answers whether it is closed).
    expect(await platform.deliver(request(roomId, "s1:9", 0, "ideas:ideas", "Write an idea"))).toEqual({
      ok: true,
    });
    const idea = await alice.waitFor(fromBot(roomId, "Write an idea"));
    expect(String(idea.content["body"])).not.toContain("reply to it");
    await alice.say(direct, "A garden");
    await alice.reply(direct, hope.eventId, "What do you hope for?", "Peace");
    expect((await answered(roomId, 6)).slice(4)).toEqual(["ideas:ideas=A garden", "survey:pre:hope=Peace"]);
  });

  it("keeps a bare number for an open question with options, and text for the requests", async () => {
    const roomId = await workshopRoom("survey-mixed");
    await platform.deliver({
      idempotencyKey: "s2:3:0",
      roomId,
      audience: { to: "user", userId: alice.userId },
      kind: "ask",
      body: [{ text: "How hopeful are you?" }],
      promptId: "survey:pre:hopeful",
      options: ["1", "2", "3"].map((v) => ({ value: v, label: v })),
      maxChoices: 1,
    });
    await platform.deliver(request(roomId, "s2:3", 1, "survey:pre:wish", "One wish?"));
    await platform.deliver(request(roomId, "s2:3", 2, "survey:pre:worry", "One worry?"));
    const wish = await alice.waitFor(fromBot(roomId, "One wish?"));
    const direct = wish.roomId;
    await alice.say(direct, "2");
    await alice.say(direct, "Calm");
    await alice.say(direct, "Noise");
    await sink.waitFor(
      (e) => e.kind === "choice" && e.promptId === "survey:pre:hopeful" && e.value === "2",
      20_000,
      "the number as the answer to the open question",
    );
    expect(await answered(roomId, 2)).toEqual(["survey:pre:wish=Calm", "survey:pre:worry=Noise"]);
  });

  it("takes plain numbers for several open questions in turn (an encrypted room's only way besides a reply)", async () => {
    const roomId = await workshopRoom("survey-scales");
    // One step: three scales, then a request for text (a survey's likert questions and its text).
    for (const [n, id] of ["know", "ease", "trust"].entries())
      await platform.deliver({
        idempotencyKey: `s4:3:${String(n)}`,
        roomId,
        audience: { to: "user", userId: alice.userId },
        kind: "ask",
        body: [{ text: `Scale ${id}?` }],
        promptId: `survey:pre:${id}`,
        options: ["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v })),
        maxChoices: 1,
      });
    await platform.deliver({
      ...request(roomId, "s4:3", 3, "survey:pre:hope", "One hope?"),
      audience: { to: "user", userId: alice.userId },
    });
    const direct = (await alice.waitFor(fromBot(roomId, "One hope?"))).roomId;
    for (const text of ["4", "2", "5", "Calm"]) await alice.say(direct, text);
    await answered(roomId, 1);
    const choices = (): string[] =>
      sink.events.flatMap((e) =>
        e.kind === "choice" && e.roomId === roomId ? [`${e.promptId}=${e.value}`] : [],
      );
    await sink.waitFor(() => choices().length >= 3, 20_000, "three choices");
    // Each number answers the first question not answered yet, in the order they were asked.
    expect(choices()).toEqual(["survey:pre:know=4", "survey:pre:ease=2", "survey:pre:trust=5"]);
    expect(answers(roomId)).toEqual(["survey:pre:hope=Calm"]);
    // Once every question is answered, a number goes to the open request for text.
    await alice.say(direct, "7");
    expect((await answered(roomId, 2))[1]).toBe("survey:pre:hope=7");
  });

  it("opens a request again when a later step asks it again (an answer that was not a number)", async () => {
    const roomId = await workshopRoom("survey-again");
    await platform.deliver(request(roomId, "s3:2", 0, "survey:pre:warmth", "Warmth again, 0 to 100?"));
    await platform.deliver(request(roomId, "s3:2", 1, "survey:pre:wish", "A wish again?"));
    const direct = (await alice.waitFor(fromBot(roomId, "A wish again?"))).roomId;
    await alice.say(direct, "quite warm");
    await answered(roomId, 1);
    // The runtime asks the same question again, to alice only, in its own step.
    await platform.deliver({
      ...request(roomId, "s3:3", 1, "survey:pre:warmth", "Warmth again, 0 to 100? (a number)"),
      audience: { to: "user", userId: alice.userId },
    });
    await alice.waitFor(fromBot(roomId, "Warmth again, 0 to 100? (a number)"));
    await alice.say(direct, "40");
    await alice.say(direct, "Calm");
    expect(await answered(roomId, 3)).toEqual([
      "survey:pre:warmth=quite warm",
      "survey:pre:warmth=40",
      "survey:pre:wish=Calm",
    ]);
  });
});
