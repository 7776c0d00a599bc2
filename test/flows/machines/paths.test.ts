// Path tests: explore every reachable state of small workshops with xstate/graph, then replay each
// shortest path on a real actor and check the invariants on every effect along the way.
import { createActor } from "xstate";
import { getShortestPaths } from "xstate/graph";
import { describe, expect, it } from "vitest";
import type { FlowSpec } from "../../../src/flows/spec.ts";
import type { FlowEffect, WorkshopEvent } from "../../../src/flows/protocol.ts";
import {
  createWorkshopMachine,
  describeWorkshop,
  nextDeadline,
  type WorkshopSnapshot,
} from "../../../src/flows/workshop.ts";
import { flow, participantRefs, person, stages, T0 } from "./harness.ts";

const people = [person("a1", "a"), person("a2", "a"), person("b1", "b"), person("b2", "b")];
const ids = people.map((p) => p.id);

/** Participants join in the lobby; the path exploration starts from there. */
function lobby(spec: FlowSpec) {
  const machine = createWorkshopMachine(spec);
  const actor = createActor(machine, { input: { seed: 7 } });
  actor.start();
  for (const p of people) actor.send({ type: "participant.join", participant: p, at: T0 });
  const snapshot = actor.getSnapshot();
  actor.stop();
  return { machine, snapshot };
}

/** A small, finite set of events that are meaningful in the given state. */
function eventsFor(snapshot: WorkshopSnapshot, opts: { leave: boolean }): WorkshopEvent[] {
  if (snapshot.status !== "active") return [];
  const status = describeWorkshop(snapshot);
  const at = nextDeadline(snapshot) ?? status.deadline ?? T0;
  const events: WorkshopEvent[] = [
    { type: "control", action: "next", by: "f", at },
    { type: "timer.fired", at },
  ];
  if (status.phase === "lobby") return [{ type: "control", action: "start", by: "f", at }];
  const consentPrompt = `consent:${String(snapshot.context.stage.promptSeq)}`;
  if (status.stageKind === "ground-rules") {
    for (const id of status.participants
      .map((p) => p.id)
      .filter((id) => !snapshot.context.consented.includes(id))) {
      events.push({
        type: "participant.choose",
        participantId: id,
        promptId: consentPrompt,
        value: "yes",
        at,
      });
    }
    const first = status.participants.find((p) => !snapshot.context.consented.includes(p.id));
    if (first !== undefined)
      events.push({
        type: "participant.choose",
        participantId: first.id,
        promptId: consentPrompt,
        value: "no",
        at,
      });
  }
  const turn = status.floor === "everyone" ? undefined : status.floor[0];
  if (turn !== undefined) {
    const seq = snapshot.context.stage.promptSeq;
    const promptId = `${status.stageId ?? ""}:turn:${String(seq)}`;
    events.push({ type: "participant.choose", participantId: turn, promptId, value: "pass", at });
    events.push({ type: "participant.submit", participantId: turn, promptId, text: "my story", at });
    const other = ids.find((id) => id !== turn);
    if (other !== undefined)
      events.push({ type: "participant.say", participantId: other, text: "out of turn", at });
    if (opts.leave) events.push({ type: "participant.leave", participantId: turn, at });
  }
  return events;
}

/** Keeps states distinct by what matters, not by absolute times. */
function serialize(snapshot: WorkshopSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.status,
    c.stageIndex,
    c.stage.phase,
    c.stage.order,
    c.stage.turn,
    c.stage.round,
    c.stage.lastSpoke ?? null,
    c.stage.extraRules.length,
    [...c.consented].sort(),
    c.participants.map((p) => p.id),
    c.deadline !== null,
    c.warnAt !== null,
    c.paused !== null,
    c.ended,
  ]);
}

interface Replayed {
  steps: { event: WorkshopEvent; effects: FlowEffect[]; snapshot: WorkshopSnapshot }[];
  end: () => FlowEffect[];
}

function explore(spec: FlowSpec, opts: { leave: boolean }): Replayed[] {
  const { machine, snapshot } = lobby(spec);
  const paths = getShortestPaths(machine, {
    fromState: snapshot,
    events: (s) => eventsFor(s, opts),
    serializeState: serialize,
    limit: 20_000,
  });
  expect(paths.length).toBeGreaterThan(10);
  return paths.map((path) => {
    const actor = createActor(machine, { input: { seed: 7 }, snapshot });
    let batch: FlowEffect[] = [];
    actor.on("*", (e) => batch.push(e));
    actor.start();
    const steps = path.steps.map(({ event }) => {
      batch = [];
      actor.send(event);
      return { event, effects: batch, snapshot: actor.getSnapshot() };
    });
    return {
      steps,
      end: () => {
        // A path that already finished the workshop emitted its summary on the way.
        if (actor.getSnapshot().status === "done") return steps.flatMap((s) => s.effects);
        batch = [];
        actor.send({ type: "control", action: "end", by: "f", at: T0 + 10 ** 9 });
        expect(actor.getSnapshot().status).toBe("done");
        return batch;
      },
    };
  });
}

const substantive = new Set([
  "perspective-sharing",
  "reflection",
  "needs-articulation",
  "brainstorm",
  "discussion",
]);

describe("path invariants", () => {
  it("nobody who has not consented gets a turn, and no substantive stage opens with everyone's consent missing unless a facilitator decided", () => {
    const spec = flow([stages.groundRules(), stages.perspective({ rounds: 2 }), stages.discussion()]);
    let turnsSeen = 0;
    for (const path of explore(spec, { leave: true })) {
      turnsSeen += path.steps.filter((s) =>
        s.effects.some((e) => e.type === "floor" && e.holders !== "everyone"),
      ).length;
      let previous = "ground-rules";
      for (const step of path.steps) {
        const status = describeWorkshop(step.snapshot);
        const consented = step.snapshot.context.consented;
        for (const e of step.effects)
          if (e.type === "floor" && e.holders !== "everyone")
            for (const id of e.holders) expect(consented).toContain(id);
        if (status.stageKind !== null && substantive.has(status.stageKind) && previous === "ground-rules") {
          const allConsented = status.participants.every((p) => consented.includes(p.id));
          const facilitatorDecided = step.event.type === "control" && step.event.action === "next";
          expect(
            allConsented || facilitatorDecided,
            JSON.stringify(path.steps.map((s) => [s.event, describeWorkshop(s.snapshot).stageKind])),
          ).toBe(true);
        }
        previous = status.stageKind ?? previous;
      }
      expect(path.end().some((e) => e.type === "summary")).toBe(true);
    }
    expect(turnsSeen).toBeGreaterThan(0);
  });

  it("with two equal groups no two consecutive turns go to the same group", () => {
    const spec = flow([stages.perspective({ rounds: 2, reflectBack: true }), stages.reflection()]);
    for (const path of explore(spec, { leave: false })) {
      let lastGroup: string | null = null;
      let lastStage: string | null = null;
      for (const step of path.steps) {
        const stageId = describeWorkshop(step.snapshot).stageId;
        if (stageId !== lastStage) lastGroup = null;
        lastStage = stageId;
        for (const e of step.effects) {
          if (e.type !== "floor" || e.holders === "everyone") continue;
          const group = people.find((p) => p.id === e.holders[0])?.group ?? null;
          expect(group).not.toBe(lastGroup);
          lastGroup = group;
        }
      }
      path.end();
    }
  });

  it("in anonymous mode no room-audience effect carries a participant id", () => {
    const spec = flow(
      [stages.groundRules(), stages.perspective({ reflectBack: true }), stages.reflection()],
      {
        confidentiality: "anonymous",
      },
    );
    const check = (effects: readonly FlowEffect[]) => {
      for (const e of effects) {
        if (!("audience" in e) || e.audience.to !== "room") continue;
        // Presence (join/leave) is visible on every platform anyway; contributions are not.
        if (e.key === "workshop.participantJoined" || e.key === "workshop.participantLeft") continue;
        const refs = Object.values(e.vars ?? {}).flatMap(participantRefs);
        expect(refs, JSON.stringify(e)).toEqual([]);
        for (const id of ids) expect(JSON.stringify(e.vars ?? {})).not.toContain(`"${id}"`);
      }
    };
    for (const path of explore(spec, { leave: true })) {
      for (const step of path.steps) check(step.effects);
      const summary = path.end();
      check(summary);
      const record = summary.find((e) => e.type === "summary");
      if (record?.type !== "summary") throw new Error("no summary");
      expect(record.record.contributions.every((c) => c.author === null)).toBe(true);
    }
  });
});
