// The workshop stepper: what the runtime sees of a workshop (effects, state to persist, deadline,
// end), and restoring without repeating what was already emitted.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FlowEffect, WorkshopEvent } from "../../src/flows/protocol.ts";
import { restore, start } from "../../src/flows/stepper.ts";
import { flow, harness, person, stages, T0, type EventNoAt } from "./machines/harness.ts";

const spec = flow([stages.groundRules(), stages.discussion()]);
const keysOf = (effects: readonly { type: string; key?: string }[]) =>
  effects.map((e) => (e.key === undefined ? e.type : e.key));

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
      // What the last step asked for: consents, private needs and ideas; else the next stage.
      for (const e of last) {
        if (e.type === "prompt" && e.key === "groundRules.consentPrompt")
          for (const p of people)
            queue.push({
              type: "participant.choose",
              participantId: p.id,
              promptId: e.promptId,
              value: "yes",
            });
        if (e.type === "collect")
          for (const p of e.audience.to === "participant"
            ? [e.audience.participantId]
            : people.map((q) => q.id))
            queue.push({
              type: "participant.submit",
              participantId: p,
              promptId: e.promptId,
              text: `from ${p} at ${String(i)}`,
            });
      }
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
});
