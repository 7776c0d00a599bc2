// The workshop stepper: what the runtime sees of a workshop (effects, state to persist, deadline,
// end), and restoring without repeating what was already emitted.
import { afterEach, describe, expect, it, vi } from "vitest";
import { restore, start } from "../../src/flows/stepper.ts";
import { flow, person, stages, T0 } from "./machines/harness.ts";

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
});
