import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createActor, SimulatedClock } from "xstate";
import { describe, expect, it } from "vitest";
import { driveTimers } from "./drive.ts";
import { parseFlowSpec } from "../../../src/flows/load.ts";
import type { FlowEffect, WorkshopEvent } from "../../../src/flows/protocol.ts";
import { createWorkshopMachine } from "../../../src/flows/workshop.ts";
import { describeWorkshop } from "../../../src/flows/workshop-view.ts";
import { person, T0 } from "./harness.ts";

const flowsDir = join(import.meta.dirname, "../../../flows");
const files = readdirSync(flowsDir).filter((f) => f.endsWith(".yaml"));

describe.each(files)("built-in flow %s", (file) => {
  it("runs to its end with simulated participants answering every prompt", () => {
    const parsed = parseFlowSpec(readFileSync(join(flowsDir, file), "utf8"), file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const spec = parsed.value.spec;
    const groups = spec.groups?.map((g) => g.id) ?? [undefined];
    const people = Array.from({ length: 4 }, (_, i) => person(`p${i}`, groups[i % groups.length]));
    const clock = new SimulatedClock();
    clock.set(T0);
    const actor = createActor(createWorkshopMachine(spec), { input: { seed: 42 }, clock });
    const pending: FlowEffect[] = [];
    const all: FlowEffect[] = [];
    actor.on("*", (e) => {
      pending.push(e);
      all.push(e);
    });
    actor.start();
    const stop = driveTimers(actor, clock);
    // Answers still pending when the workshop ends go nowhere, as in the runtime's stepper.
    const send = (e: Record<string, unknown>) => {
      if (actor.getSnapshot().status === "active")
        actor.send({ ...e, at: clock.now() } as unknown as WorkshopEvent);
    };
    // Simulated participants answer what is addressed to them (or to the room) at once.
    const respond = () => {
      for (let guard = 0; pending.length > 0 && guard < 10_000; guard++) {
        const e = pending.shift();
        if (e === undefined || (e.type !== "prompt" && e.type !== "collect")) continue;
        const who =
          e.audience.to === "participant"
            ? [e.audience.participantId]
            : e.audience.to === "room"
              ? people.map((p) => p.id)
              : [];
        for (const id of who) {
          if (!describeWorkshop(actor.getSnapshot()).participants.some((p) => p.id === id)) continue;
          if (e.type === "collect") {
            if (e.promptId === "propose-rule") continue;
            send({
              type: "participant.submit",
              participantId: id,
              promptId: e.promptId,
              text: `words from ${id}`,
            });
          } else {
            const value = e.options.find((o) => o.value === "yes")?.value ?? e.options[0]?.value ?? "";
            send({ type: "participant.choose", participantId: id, promptId: e.promptId, value });
          }
        }
      }
    };
    for (const p of people) send({ type: "participant.join", participant: p });
    send({ type: "control", action: "start", by: "f" });
    respond();
    for (let i = 0; i < 500 && actor.getSnapshot().status === "active"; i++) {
      clock.increment(30_000);
      respond();
    }
    stop();
    expect(actor.getSnapshot().status).toBe("done");
    const summary = all.find((e) => e.type === "summary");
    if (summary?.type !== "summary") throw new Error("no summary");
    expect(summary.record.stagesRun).toEqual(spec.stages.map((s) => s.id));
    expect(summary.record.participation.reduce((n, p) => n + p.turns, 0)).toBeGreaterThan(0);
  });
});
