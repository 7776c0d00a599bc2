// The workshop stepper: what the runtime sees of a workshop (effects, state to persist, deadline,
// end), and restoring without repeating what was already emitted.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FlowEffect, WorkshopEvent } from "../../src/flows/protocol.ts";
import { reviewItems, type ReviewItem, type ReviewState } from "../../src/flows/review.ts";
import { restore, start } from "../../src/flows/stepper.ts";
import { contributionsSoFar } from "../../src/flows/workshop-view.ts";
import { flow, harness, person, stages, T0, type EventNoAt } from "./machines/harness.ts";

const spec = flow([stages.groundRules(), stages.discussion()]);
const keysOf = (effects: readonly { type: string; key?: string }[]) =>
  effects.map((e) => (e.key === undefined ? e.type : e.key));

/** What a step asked for, answered: consents, private needs and ideas (each text its own). */
function answers(last: readonly FlowEffect[], people: readonly { id: string }[], i: number): EventNoAt[] {
  const out: EventNoAt[] = [];
  for (const e of last) {
    if (e.type === "prompt" && e.key === "groundRules.consentPrompt")
      for (const p of people)
        out.push({ type: "participant.choose", participantId: p.id, promptId: e.promptId, value: "yes" });
    if (e.type === "collect")
      for (const p of e.audience.to === "participant" ? [e.audience.participantId] : people.map((q) => q.id))
        out.push({
          type: "participant.submit",
          participantId: p,
          promptId: e.promptId,
          text: `from ${p} at ${String(i)}`,
        });
  }
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("workshop stepper", () => {
  it("answers each event's effects, state and end; a restored workshop emits nothing again", () => {
    const { stepper, started } = start(spec, 1);
    if (!started.ok) throw new Error("start failed");
    expect(keysOf(started.value.effects)).toEqual(["workshop.welcome"]);
    expect(started.value.ended).toBe(false);
    const joined = stepper.step({ type: "participant.join", participant: person("a1", "a"), at: T0 });
    if (!joined.ok) throw new Error("step failed");
    const again = restore(spec, joined.value.snapshot, 1);
    expect(again.status().participants.map((p) => p.id)).toEqual(["a1"]);
    const opened = again.step({ type: "control", action: "start", by: "f", at: T0 });
    if (!opened.ok) throw new Error("step failed");
    // Only what the event did: no welcome, no join announcement repeated from before the restore.
    expect(keysOf(opened.value.effects)).not.toContain("workshop.welcome");
    expect(keysOf(opened.value.effects)).toContain("workshop.started");
    const ended = again.step({ type: "control", action: "end", by: "f", at: T0 });
    expect(ended.ok && ended.value.ended && ended.value.deadline === null).toBe(true);
    stepper.stop();
    again.stop();
  });

  it("sends nothing to a stage after the event that finished it (the last consent)", () => {
    const warn = vi.spyOn(console, "warn");
    const { stepper, started } = start(spec, 1);
    if (!started.ok) throw new Error("start failed");
    for (const id of ["a1", "b1"])
      stepper.step({ type: "participant.join", participant: person(id, id[0]), at: T0 });
    const opened = stepper.step({ type: "control", action: "start", by: "f", at: T0 });
    const prompt = opened.ok ? opened.value.effects.find((e) => e.type === "prompt") : undefined;
    if (prompt?.type !== "prompt") throw new Error("no consent prompt");
    for (const id of ["a1", "b1"])
      stepper.step({
        type: "participant.choose",
        participantId: id,
        promptId: prompt.promptId,
        value: "yes",
        at: T0,
      });
    expect(stepper.status().stageKind).toBe("discussion");
    expect(warn.mock.calls.filter((c) => String(c[0]).includes("stopped actor"))).toEqual([]);
    stepper.stop();
  });

  it("restores every state of a workshop as XState's own restore does (contexts handed over unwalked)", () => {
    const full = flow([stages.groundRules(), stages.needs(), stages.discussion(), stages.brainstorm()]);
    const people = ["a1", "a2", "b1", "b2"].map((id) => person(id, id[0]));
    const { stepper, started } = start(full, 3);
    if (!started.ok) throw new Error("start failed");
    let last: readonly FlowEffect[] = started.value.effects;
    const queue: EventNoAt[] = [
      ...people.map((participant) => ({ type: "participant.join" as const, participant })),
      { type: "control", action: "start", by: "f" },
    ];
    let at = T0;
    let checked = 0;
    const kinds = new Set<string>();
    for (let i = 0; i < 120 && stepper.current().status === "active"; i++) {
      queue.push(...answers(last, people, i));
      const event = {
        ...(queue.shift() ?? { type: "control", action: "next", by: "f" }),
        at,
      } as WorkshopEvent;
      at += 1000;
      const snapshot = stepper.persisted();
      // Sound only while no context holds an actor reference (XState's marker in a snapshot).
      expect(JSON.stringify(snapshot)).not.toContain("xstate$$type");
      const ours = restore(full, snapshot, 3);
      const xstates = harness(full, { seed: 3, snapshot, now: event.at });
      expect(ours.persisted()).toEqual(xstates.actor.getPersistedSnapshot());
      expect(ours.status()).toEqual(xstates.status());
      const stepped = stepper.step(event);
      const oursStepped = ours.step(event);
      const theirs = xstates.actor.getSnapshot().status === "active" ? xstates.send(event) : [];
      if (!stepped.ok || !oursStepped.ok) throw new Error("step failed");
      expect(oursStepped.value.effects).toEqual(stepped.value.effects);
      expect(oursStepped.value.effects).toEqual(theirs);
      expect(ours.persisted()).toEqual(stepper.persisted());
      last = stepped.value.effects;
      kinds.add(stepper.status().stageKind ?? "none");
      ours.stop();
      xstates.stop();
      checked++;
    }
    // Every stage was gone through, to the end.
    expect([...kinds]).toEqual(
      expect.arrayContaining(["ground-rules", "needs-articulation", "discussion", "brainstorm"]),
    );
    expect(stepper.current().status).toBe("done");
    expect(checked).toBeGreaterThan(20);
    stepper.stop();
  });

  it("stores each contribution's text once; a snapshot from before (review items with copies) restores", () => {
    const full = flow([stages.groundRules(), stages.needs(), stages.brainstorm()]);
    const people = ["a1", "a2", "b1", "b2"].map((id) => person(id, id[0]));
    const { stepper, started } = start(full, 5);
    if (!started.ok) throw new Error("start failed");
    let last: readonly FlowEffect[] = started.value.effects;
    const queue: EventNoAt[] = [
      ...people.map((participant) => ({ type: "participant.join" as const, participant })),
      { type: "control", action: "start", by: "f" },
    ];
    const texts: string[] = [];
    for (let i = 0; i < 60 && stepper.status().stageKind !== "brainstorm"; i++) {
      queue.push(...answers(last, people, i));
      const event = {
        ...(queue.shift() ?? { type: "control", action: "next", by: "f" }),
        at: T0 + i,
      } as WorkshopEvent;
      if (event.type === "participant.submit") texts.push(event.text);
      const stepped = stepper.step(event);
      if (!stepped.ok) throw new Error("step failed");
      last = stepped.value.effects;
    }
    for (const [n, p] of people.entries()) {
      const collect = last.find((e) => e.type === "collect");
      if (collect?.type !== "collect") throw new Error("no ideas asked for");
      const text = `idea ${String(n)} of ${p.id}`;
      texts.push(text);
      stepper.step({
        type: "participant.submit",
        participantId: p.id,
        promptId: collect.promptId,
        text,
        at: T0 + 100,
      });
    }
    const snapshot = stepper.persisted() as { context: { review: Record<string, unknown> } };
    const json = JSON.stringify(snapshot);
    const items = reviewItems(snapshot.context.review as unknown as ReviewState);
    // Needs and ideas, each shown on its author's behalf (so numbered for the facilitators), and
    // each text held once: in its contribution, not again in its review item.
    const byId = new Map(contributionsSoFar(stepper.current()).map((c) => [c.id, c.text]));
    expect(items.length).toBeGreaterThanOrEqual(2 * people.length);
    expect(items.every((i) => byId.has(i.contribution))).toBe(true);
    for (const text of texts) expect(json.split(JSON.stringify(text)).length - 1).toBeLessThanOrEqual(1);
    for (const text of byId.values()) expect(json.split(JSON.stringify(text)).length - 1).toBe(1);
    // The items as columns: no object an item (issue 19, heap).
    expect(Object.keys(snapshot.context.review).sort()).toEqual(
      ["authors", "contributions", "queue", "refs", "stages", "statuses"].sort(),
    );

    // As stored before the columns (an object an item) and, before that, with each item's text
    // and the report's type. Through JSON, as the store gives it.
    const older = (item: (i: ReviewItem) => Record<string, unknown>) => {
      const copy = JSON.parse(json) as typeof snapshot;
      copy.context.review = { items: items.map(item), queue: snapshot.context.review["queue"] };
      return copy;
    };
    const objects = older((i) => ({ ...i }));
    const withTexts = older((i) => ({ type: "stage.onBehalf", ...i, text: byId.get(i.contribution) }));
    expect(JSON.stringify(objects)).not.toEqual(json);
    const fromObjects = restore(full, objects, 5);
    const restored = restore(full, withTexts, 5);
    expect(fromObjects.persisted()).toEqual(stepper.persisted());
    expect(restored.persisted()).toEqual(stepper.persisted());
    // The stage's view holds the workshop's lists, as in the live workshop, not a parsed copy.
    const stageOf = (w: typeof stepper) =>
      (
        w.current().children as Record<
          string,
          { getSnapshot(): { context: { view: { participants: unknown } } } }
        >
      )["stage"]?.getSnapshot().context.view.participants;
    expect(stageOf(stepper)).toBe(stepper.current().context.participants);
    expect(stageOf(restored)).toBe(restored.current().context.participants);
    // And it goes on as the live one does: a facilitator hides an idea, then approves one too late.
    const ref = items.at(-1)?.ref ?? 0;
    for (const event of [
      { type: "control.review", action: "hide", ref, by: "f", at: T0 + 200 },
      { type: "control.review", action: "approve", ref, by: "f", at: T0 + 201 },
      { type: "control", action: "next", by: "f", at: T0 + 202 },
    ] as const) {
      const a = stepper.step(event);
      const b = restored.step(event);
      const c = fromObjects.step(event);
      expect(b.ok && b.value.effects).toEqual(a.ok && a.value.effects);
      expect(c.ok && c.value.effects).toEqual(a.ok && a.value.effects);
    }
    expect(restored.persisted()).toEqual(stepper.persisted());
    expect(fromObjects.persisted()).toEqual(stepper.persisted());
    fromObjects.stop();
    stepper.stop();
    restored.stop();
  });
});
