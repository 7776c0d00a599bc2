// Issue 10, finding 1, on the runtime's side: on a platform that cannot take private answers in
// the room (Matrix), every room question (consent, survey, votes) goes to each participant
// privately and the room only hears that it was sent.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Delivery } from "../../../src/bot/ports.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { RecordingPlatform, textOf } from "../../support/recording-platform.ts";
import { harness, start } from "./harness.ts";

const flow = fileURLToPath(new URL("./fixtures/private-answers.yaml", import.meta.url));
const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

type Ask = Extract<Delivery, { kind: "ask" }>;

describe("room questions on a platform without private answers in the room", () => {
  it("asks consent, survey questions and votes privately, and the room never carries an answer", async () => {
    const clock = new SimulatedClock(start);
    const platform = new RecordingPlatform({
      name: "test",
      roomId: "room",
      now: () => clock.now(),
      capabilities: { privateAnswersInRoom: false },
    });
    const h = await harness({ clock, platform });
    const asks = (): Ask[] => platform.deliveries.filter((d): d is Ask => d.kind === "ask");
    const askedSince = (n: number, userId: string, prefix: string): Ask[] =>
      asks()
        .slice(n)
        .filter(
          (a) => a.promptId.startsWith(prefix) && a.audience.to === "user" && a.audience.userId === userId,
        );
    const notes = (): string[] =>
      platform
        .room()
        .map(textOf)
        .filter((t) => /sent to each participant privately/.test(t));

    await platform.command("fac", "start", flow);
    await platform.command(amal, "join", "south");
    await platform.command(ben, "join");
    await platform.command("fac", "start");
    await h.settle();

    // Consent: one private question each. Ben refuses first; only the facilitators hear of it.
    const [amalConsent] = askedSince(0, "amal", "consent:");
    const [benConsent] = askedSince(0, "ben", "consent:");
    if (amalConsent === undefined || benConsent === undefined) throw new Error("no private consent question");
    expect(notes()).toEqual([
      "A question has been sent to each participant privately. Please answer there: other participants do not see your answers.",
    ]);
    await platform.choose(amal, amalConsent.promptId, "yes");
    await platform.choose(ben, benConsent.promptId, "no");
    await h.settle();
    const toFacilitators = platform.deliveries.filter((d) => d.audience.to === "facilitators").map(textOf);
    expect(toFacilitators.join("\n")).toMatch(/Ben did not agree/);
    await platform.choose(ben, benConsent.promptId, "yes");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("check-in");

    // The survey: both questions to each participant, one note in the room for both.
    const amalQuestions = askedSince(0, "amal", "survey:");
    const benQuestions = askedSince(0, "ben", "survey:");
    expect(amalQuestions.map((a) => a.promptId)).toEqual(["survey:check-in:hope", "survey:check-in:safe"]);
    expect(benQuestions.map((a) => a.promptId)).toEqual(amalQuestions.map((a) => a.promptId));
    expect(notes().at(-1)).toMatch(/^2 questions have been sent to each participant privately/);
    for (const [who, answers] of [
      [amal, ["4", "2"]],
      [ben, ["1", "5"]],
    ] as const)
      for (const [i, value] of answers.entries())
        await platform.choose(who, amalQuestions[i]?.promptId ?? "", value);
    await h.settle();
    // Everyone present answered every question: the survey ended by itself.
    expect(h.runtime.sessions.status(h.roomKey)?.stageKind).toBe("brainstorm");

    // The brainstorm: ideas come in privately, the ballot goes to each participant.
    const collect = platform.lastPromptFor("amal", "collect");
    await platform.submit(amal, collect?.promptId ?? "", "A shared garden");
    await platform.submit(ben, collect?.promptId ?? "", "A choir");
    await platform.command("fac", "next");
    await h.settle();
    if (h.runtime.sessions.status(h.roomKey)?.phase !== "vote") {
      await platform.command("fac", "next");
      await h.settle();
    }
    const [amalBallot] = askedSince(0, "amal", "vote");
    const [benBallot] = askedSince(0, "ben", "vote");
    if (amalBallot === undefined || benBallot === undefined) throw new Error("no private ballot");
    const garden = amalBallot.options.find((o) => o.label.includes("garden"))?.value ?? "";
    await platform.choose(amal, amalBallot.promptId, garden);
    await platform.choose(ben, benBallot.promptId, garden);
    await platform.command("fac", "end");
    await h.settle();

    // Nothing with answers was ever addressed to the room, and no room text tells a refusal.
    expect(asks().length).toBeGreaterThanOrEqual(2 + 4 + 2);
    expect(asks().filter((a) => a.audience.to !== "user")).toEqual([]);
    expect(platform.room().map(textOf).join("\n")).not.toMatch(/did not agree/);
    const summary = platform.deliveries.find((d) => d.kind === "pin");
    expect(summary === undefined ? "" : textOf(summary)).toMatch(/A shared garden: .*2 votes/);
    await h.runtime.stop();
  });
});
