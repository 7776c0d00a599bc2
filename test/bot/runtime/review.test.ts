// Safeguarding (issue 13) at the runtime level: contributions held for the facilitators, approved
// or hidden (by command or button), the author's private note, hiding after the fact (the
// platform is asked to take the post back), the summary and record without hidden contributions,
// held state surviving a restart, and muting a participant for the rest of a stage.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { WorkshopRecord } from "../../../src/flows/protocol.ts";
import type { Delivery } from "../../../src/bot/ports.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { textOf } from "../../support/recording-platform.ts";
import { consentToStrictFlow, harness, start, storeKinds, type Harness } from "./harness.ts";

const flow = fileURLToPath(new URL("./fixtures/review.yaml", import.meta.url));
const rulesFlow = fileURLToPath(new URL("./fixtures/review-rules.yaml", import.meta.url));
const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };
const tmp = mkdtempSync(join(tmpdir(), "parley-review-"));

type Ask = Extract<Delivery, { kind: "ask" }>;

/** The facilitators' held-contribution questions, in order. */
function heldAsks(h: Harness): Ask[] {
  return h.platform.deliveries.filter(
    (d): d is Ask => d.kind === "ask" && d.audience.to === "facilitators" && d.promptId.startsWith("review:"),
  );
}
const refOf = (ask: Ask | undefined): string => {
  if (ask === undefined) throw new Error("nothing held");
  return ask.promptId.slice("review:".length);
};
const roomText = (h: Harness) => h.platform.room().map(textOf).join("\n");

/** Start, join both, consent: the first anonymous turn is open. Returns who speaks first. */
async function toFirstTurn(h: Harness): Promise<{ first: typeof amal; second: typeof amal }> {
  await h.platform.command("fac", "start", flow);
  await h.platform.command(amal, "join", "south");
  await h.platform.command(ben, "join");
  await h.platform.command("fac", "start");
  await h.settle();
  const consent = h.platform.lastPromptFor("amal", "ask");
  if (consent === undefined) throw new Error("no consent prompt");
  await h.platform.choose(amal, consent.promptId, "yes");
  await h.platform.choose(ben, consent.promptId, "yes");
  await h.settle();
  const speaker = h.runtime.sessions.status(h.roomKey)?.speaker;
  const first = speaker === "p1" || h.platform.to("amal").some((d) => d.kind === "collect") ? amal : ben;
  return { first, second: first === amal ? ben : amal };
}

async function turn(h: Harness, who: typeof amal, text: string): Promise<void> {
  const prompt = h.platform.lastPromptFor(who.userId, "collect");
  if (prompt === undefined) throw new Error(`no turn prompt for ${who.userId}`);
  await h.platform.submit(who, prompt.promptId, text);
  await h.settle();
}

describe.each(storeKinds(tmp))("hold for review on $name", (kind) => {
  it("holds anonymous turns for the facilitators, shows approved ones, hides the rest, and reports neither hidden one", async () => {
    const h = await harness({ store: kind.open("turns") });
    const { first, second } = await toFirstTurn(h);
    const firstText = "My family lives by the river.";
    await turn(h, first, firstText);

    // Held: the facilitators see the text and its number, never who wrote it; the room sees nothing.
    const [held] = heldAsks(h);
    const ref1 = refOf(held);
    expect(textOf(held as Delivery)).toContain(firstText);
    expect(textOf(held as Delivery)).not.toMatch(/Amal|Ben|amal|ben/);
    expect(held?.options.map((o) => o.value)).toEqual(["approve", "hide"]);
    expect(roomText(h)).not.toContain(firstText);

    await h.platform.command("fac", "approve", ref1);
    await h.settle();
    const shown = h.platform.room().filter((d) => textOf(d).includes(firstText));
    expect(shown.map(textOf)).toEqual([`Anonymous: ${firstText} [#${ref1}]`]);
    expect(shown[0]?.kind === "say" && shown[0].contributionRef).toBe(Number(ref1));

    // The second turn is hidden with the button: never shown, and its author is told privately.
    const hostile = "you people are all liars and terrorists, shut up";
    await turn(h, second, hostile);
    const ref2 = refOf(heldAsks(h)[1]);
    const notesBefore = h.platform.to(second.userId).map(textOf);
    await h.platform.choose("fac", `review:${ref2}`, "hide");
    await h.settle();
    expect(roomText(h)).not.toContain(hostile);
    const notes = h.platform.to(second.userId).map(textOf).slice(notesBefore.length);
    expect(notes).toEqual([
      "Something you contributed was not shown to the group. If you would like to talk about it, you can ask the facilitators privately for a time-out with timeout.",
    ]);
    expect(h.platform.to(first.userId).map(textOf).join("\n")).not.toMatch(/not shown/);

    // Hidden after the fact: the platform is asked to take back the post it made.
    const postId = `msg:${shown[0]?.idempotencyKey ?? "?"}`;
    await h.platform.command("fac", "hide", `#${ref1}`);
    await h.settle();
    expect(h.platform.retracted).toEqual([postId]);
    const toFacilitators = h.platform.deliveries.filter((d) => d.audience.to === "facilitators").map(textOf);
    expect(toFacilitators).toContain(
      `#${ref1} is hidden. Its text is kept only in the facilitators' safeguarding log.`,
    );

    await h.platform.command("fac", "end");
    await h.settle();
    const record = (await h.store.findSession(h.roomKey))?.meta.record as WorkshopRecord;
    const everything = JSON.stringify(record);
    // Neither the texts nor their words count (both turns were hidden).
    expect(record.participation.reduce((n, p) => n + p.words, 0)).toBe(0);
    expect(everything).not.toContain(firstText);
    expect(everything).not.toContain(hostile);
    const summary = h.platform
      .room()
      .filter((d) => d.kind === "pin")
      .map(textOf)
      .join("\n");
    expect(summary).not.toContain(firstText);
    expect(summary).not.toContain(hostile);
    await h.runtime.stop();
  });

  it("keeps a held contribution held across a restart, and approves it after", async () => {
    const clock = new SimulatedClock(start);
    const first = await harness({ store: kind.open("restart"), clock });
    const { first: speaker } = await toFirstTurn(first);
    await turn(first, speaker, "Held across a restart.");
    const ref = refOf(heldAsks(first)[0]);
    await first.runtime.stop();
    if (kind.name === "SqliteStore") await first.store.close();

    const second = await harness({ store: kind.open("restart"), clock });
    // (A new platform double numbers its events from e1 again: this one needs an id of its own.)
    await second.platform.inject("fac", { kind: "command", name: "approve", args: [ref] }, "r1");
    await second.settle();
    expect(second.platform.room().map(textOf)).toContain(`Anonymous: Held across a restart. [#${ref}]`);
    await second.runtime.stop();
  });

  it("shows only approved ideas, in the stage's order; an idea still held lapses and its author is told", async () => {
    const h = await harness({ store: kind.open("ideas") });
    const { first, second } = await toFirstTurn(h);
    await turn(h, first, "pass one");
    await turn(h, second, "pass two");
    for (const ask of heldAsks(h)) await h.platform.command("fac", "approve", refOf(ask));
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("ideas");

    const turnsHeld = heldAsks(h).length;
    const collect = h.platform.lastPromptFor("amal", "collect");
    if (collect === undefined) throw new Error("no idea prompt");
    await h.platform.submit(amal, collect.promptId, "A shared garden");
    await h.platform.submit(ben, collect.promptId, "A football match");
    await h.platform.submit(ben, collect.promptId, "A bridge festival");
    await h.settle();
    const ideaAsks = heldAsks(h).slice(turnsHeld);
    expect(ideaAsks.map(textOf).join("\n")).not.toMatch(/Amal|Ben/);
    const refFor = (text: string) => refOf(ideaAsks.find((a) => textOf(a).includes(text)));
    await h.platform.command("fac", "approve", refFor("A shared garden"));
    await h.platform.command("fac", "approve", refFor("A bridge festival"));
    await h.settle();
    // Nothing is shown while ideas are collected.
    expect(roomText(h)).not.toMatch(/garden|festival|football/);

    const benBefore = h.platform.to("ben").length;
    await h.platform.command("fac", "next");
    await h.settle();
    const listed = h.platform.room().filter((d) => d.kind === "say" && d.contributionRef !== undefined);
    const listedText = listed.map(textOf).join("\n");
    expect(listedText).toContain("A shared garden");
    expect(listedText).toContain("A bridge festival");
    expect(listedText).not.toContain("A football match");
    // The ballot holds the approved ideas only.
    await h.platform.command("fac", "next");
    await h.settle();
    const ballot = h.platform.lastPromptFor("amal", "ask");
    expect(ballot?.kind === "ask" && ballot.options.map((o) => o.label).sort()).toEqual([
      "A bridge festival",
      "A shared garden",
    ]);
    // Hidden while the vote is open: everyone's ballot is corrected (the room is not told again
    // that questions went out privately), and a vote for it neither counts nor uses up a vote.
    const festival =
      ballot?.kind === "ask" ? ballot.options.find((o) => o.label === "A bridge festival") : undefined;
    await h.platform.choose(amal, "vote:ideas", festival?.value ?? "?");
    await h.settle();
    const roomBefore = h.platform.room().length;
    await h.platform.command("fac", "hide", refFor("A bridge festival"));
    await h.settle();
    for (const who of ["amal", "ben"]) {
      const revised = h.platform.lastPromptFor(who, "ask");
      expect(revised).not.toBe(ballot);
      expect(revised?.kind === "ask" && revised.revises).toBe(true);
      expect(revised?.kind === "ask" && revised.options.map((o) => o.label)).toEqual(["A shared garden"]);
      expect(textOf(revised as Delivery)).toMatch(/^The ballot has changed: an idea was withdrawn\./);
      expect(textOf(revised as Delivery)).not.toMatch(/festival|Amal|Ben/);
    }
    expect(h.platform.room().slice(roomBefore).map(textOf).join("\n")).not.toMatch(/privately/);
    const garden =
      ballot?.kind === "ask" ? ballot.options.find((o) => o.label === "A shared garden") : undefined;
    await h.platform.choose(amal, "vote:ideas", garden?.value ?? "?");
    await h.settle();
    expect(h.platform.to("amal").map(textOf).at(-1)).toBe("Vote recorded. You have used all your votes.");
    // The idea never decided lapsed: the facilitators get its number, its author a neutral note.
    const football = refFor("A football match");
    const toFacilitators = h.platform.deliveries.filter((d) => d.audience.to === "facilitators").map(textOf);
    expect(toFacilitators).toContain(
      `#${football} was not approved before its stage showed its items, so it was not shown.`,
    );
    expect(h.platform.to("ben").slice(benBefore).map(textOf)).toContain(
      "Something you contributed was not shown to the group. If you would like to talk about it, you can ask the facilitators privately for a time-out with timeout.",
    );
    await h.platform.command("fac", "approve", football);
    await h.settle();
    expect(h.platform.deliveries.filter((d) => d.audience.to === "facilitators").map(textOf)).toContain(
      `#${football} can no longer be shown: it was hidden, or its stage has moved on.`,
    );
    await h.platform.command("fac", "end");
    await h.settle();
    const record = (await h.store.findSession(h.roomKey))?.meta.record as WorkshopRecord;
    expect(JSON.stringify(record)).not.toContain("A football match");
    expect(record.ideas.map((i) => i.text)).toEqual(["A shared garden"]);
    expect(record.ideas[0]?.totalSupport).toBe(1);
    await h.runtime.stop();
  });

  it("adds a proposed ground rule only once approved, and asks everyone's consent again then", async () => {
    const h = await harness({ store: kind.open("rules") });
    await h.platform.command("fac", "start", rulesFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command(ben, "join");
    await h.platform.command("fac", "start");
    await h.settle();
    const consentPrompts = () =>
      h.platform.room().filter((d) => d.kind === "ask" && d.promptId.startsWith("consent:"));
    expect(consentPrompts()).toHaveLength(1);
    await h.platform.submit(amal, "propose-rule", "No phones during turns.");
    await h.platform.submit(ben, "propose-rule", "Shut up, all of you.");
    await h.settle();
    const [phones, rude] = heldAsks(h);
    expect(heldAsks(h).map(textOf).join("\n")).not.toMatch(/Amal|Ben/);
    expect(roomText(h)).not.toMatch(/No phones|Shut up/);
    expect(consentPrompts()).toHaveLength(1);

    await h.platform.command("fac", "hide", refOf(rude));
    await h.platform.command("fac", "approve", refOf(phones));
    await h.settle();
    expect(roomText(h)).toContain(
      `A new ground rule was proposed: No phones during turns. [#${refOf(phones)}]`,
    );
    expect(roomText(h)).not.toContain("Shut up");
    expect(consentPrompts()).toHaveLength(2);
    expect(h.platform.to("ben").map(textOf)).toContain(
      "Something you contributed was not shown to the group. If you would like to talk about it, you can ask the facilitators privately for a time-out with timeout.",
    );
    await h.runtime.stop();
  });

  it("mutes strictly under strict turn-taking: the platform floor leaves the muted speaker out until unmuted", async () => {
    const h = await harness({ store: kind.open("strict-mute") });
    await consentToStrictFlow(h);
    const floors = () => h.platform.deliveries.flatMap((d) => (d.kind === "floor" ? [d.holders] : []));
    const speaker = floors().at(-1);
    expect(Array.isArray(speaker) && speaker.length === 1).toBe(true);
    const speakerId = (speaker as string[])[0] ?? "";
    const other = speakerId === "amal" ? "Ben" : "Amal";
    await h.platform.command("fac", "mute", other);
    await h.settle();
    expect(floors().at(-1)).toEqual([speakerId]);
    await h.platform.command("fac", "mute", speakerId === "amal" ? "Amal" : "Ben");
    await h.settle();
    expect(floors().at(-1)).toEqual([]);
    await h.platform.command("fac", "unmute", speakerId === "amal" ? "Amal" : "Ben");
    await h.settle();
    expect(floors().at(-1)).toEqual([speakerId]);
    await h.runtime.stop();
  });

  it("mutes a participant for the rest of a stage: asked to wait, nothing taken, time-out still theirs, even while paused", async () => {
    const h = await harness({ store: kind.open("mute") });
    await toFirstTurn(h);
    await h.platform.command("fac", "next");
    await h.platform.command("fac", "next");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("talk");
    await h.platform.command("fac", "pause");
    await h.platform.command("fac", "mute", "Amal");
    await h.settle();
    expect(h.platform.to("amal").map(textOf)).toContain(
      "A facilitator has asked you to pause until the next stage; your messages are not taken until then. You can still ask the facilitators privately for a time-out with timeout.",
    );
    await h.platform.command("fac", "resume");
    await h.platform.say(amal, "I will not stop.");
    await h.platform.say(ben, "I am still heard.");
    await h.platform.command(amal, "timeout", "I need to talk");
    await h.settle();
    expect(h.platform.to("amal").map(textOf)).toContain(
      "Please wait: your messages are not taken until the next stage. You can ask the facilitators privately for a time-out with timeout.",
    );
    const toFacilitators = h.platform.deliveries.filter((d) => d.audience.to === "facilitators").map(textOf);
    expect(toFacilitators.join("\n")).toMatch(/Amal asked for a time-out: I need to talk/);
    await h.platform.command("fac", "end");
    await h.settle();
    const record = (await h.store.findSession(h.roomKey))?.meta.record as WorkshopRecord;
    const texts = record.contributions.map((c) => c.text);
    expect(texts).toContain("I am still heard.");
    expect(texts).not.toContain("I will not stop.");
    await h.runtime.stop();
  });
});
