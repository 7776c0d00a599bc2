// Path tests. Part one explores every state of each stage machine with xstate/graph and replays
// each shortest path on a real actor. Part two explores the composed workshop machine breadth
// first on real actors, restoring each state from its persisted snapshot (so every step also
// crosses a save → JSON → restore), and checks the workshop's invariants on every transition.
import { createActor, type AnyStateMachine } from "xstate";
import { getShortestPaths, getStateNodes } from "xstate/graph";
import { describe, expect, it } from "vitest";
import type { FlowSpec, StageSpec } from "../../../src/flows/spec.ts";
import type { FlowEffect, Participant, WorkshopEvent } from "../../../src/flows/protocol.ts";
import {
  flowFacts,
  type StageContext,
  type StageEvent,
  type StageInput,
  type StageReport,
  type StageReports,
  type WorkshopView,
} from "../../../src/flows/stages/common.ts";
import { createStageMachine } from "../../../src/flows/stages/index.ts";
import { createWorkshopMachine, type WorkshopSnapshot } from "../../../src/flows/workshop.ts";
import { describeWorkshop, nextDeadline } from "../../../src/flows/workshop-view.ts";
import { flow, participantRefs, person, stages, T0 } from "./harness.ts";

const people = [person("a1", "a"), person("a2", "a"), person("b1", "b"), person("b2", "b")];
const ids = people.map((p) => p.id);

/** Effects everyone in the room perceives: messages to the room, the floor, timers, the summary. */
const roomVisible = (e: FlowEffect) => !("audience" in e) || e.audience.to === "room";

/**
 * Anonymous: no room-visible effect names or points at anyone. Join and leave posts included (they
 * would tie a name to a group), the floor (a platform overwrite or power level names the holder)
 * and the summary.
 */
function checkAnonymous(effects: readonly FlowEffect[]): void {
  for (const e of effects.filter(roomVisible)) {
    if (e.type === "floor") {
      expect(e.holders === "everyone" || e.holders.length === 0, JSON.stringify(e)).toBe(true);
      continue;
    }
    if (e.type === "summary") {
      expect(e.record.contributions.every((c) => c.author === null)).toBe(true);
      for (const id of ids) expect(JSON.stringify(e.record)).not.toContain(`"${id}"`);
      continue;
    }
    if (!("vars" in e)) continue;
    expect(Object.values(e.vars ?? {}).flatMap(participantRefs), JSON.stringify(e)).toEqual([]);
    for (const id of ids) expect(JSON.stringify(e.vars ?? {})).not.toContain(`"${id}"`);
  }
}

/** Keys that present something group by group (a list or a figure). */
const perGroupKeys = new Set(["needs.presentGroup", "needs.recognisePrompt", "brainstorm.rankedIdea"]);

/**
 * A group below the minimum size: no room-visible effect shows a per-group list or figure, and the
 * summary pools participation, support, recognised needs and contributions across groups.
 */
function checkPooled(effects: readonly FlowEffect[]): void {
  for (const e of effects.filter(roomVisible)) {
    if ("key" in e) expect(perGroupKeys.has(e.key), JSON.stringify(e)).toBe(false);
    if (e.type === "prompt" || e.type === "say")
      expect(JSON.stringify(e.vars ?? {}), JSON.stringify(e)).not.toContain('"support"');
    if (e.type !== "summary") continue;
    const r = e.record;
    expect(r.pooled).toBe(true);
    expect(r.participation.map((p) => p.group)).toEqual([null]);
    for (const idea of r.ideas) {
      expect(idea.crossGroupSupport).toBeNull();
      expect(idea.supportByGroup).toEqual({});
    }
    expect(r.recognisedNeeds).toEqual([]);
    expect(r.contributions.every((c) => c.group === null)).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------
// Part one: each stage machine on its own.

interface StageSnapshotLike {
  readonly status: string;
  readonly value: unknown;
  readonly context: StageContext & Record<string, unknown>;
}

const view: WorkshopView = {
  participants: people,
  consented: ids,
  consentRound: 1,
  enforcement: "soft",
  pooled: false,
};

/** Events that mean something to a stage of this kind, answered by the people it is waiting for. */
function stageEvents(stage: StageSpec, snapshot: StageSnapshotLike): StageEvent[] {
  if (snapshot.status !== "active") return [];
  const c = snapshot.context;
  const at = c.timer.warnAt ?? c.timer.deadline ?? c.now;
  const events: StageEvent[] = [
    { type: "stage.next", at },
    { type: "timer.fired", at },
    c.timer.paused === null ? { type: "stage.pause", at } : { type: "stage.resume", at },
  ];
  const state = String(snapshot.value);
  const present = c.view.participants.map((p) => p.id);
  switch (stage.kind) {
    case "ground-rules": {
      const missing = present.filter((id) => !c.view.consented.includes(id));
      const first = missing[0];
      if (first !== undefined) {
        const consented = [...c.view.consented, first];
        events.push({ type: "stage.view", view: { ...c.view, consented }, at });
        events.push({
          type: "participant.choose",
          participantId: first,
          promptId: `consent:${String(c.view.consentRound)}`,
          value: "no",
          at,
        });
      }
      // One proposal per path: a proposal starts the next consent round.
      if (c.view.consentRound === view.consentRound)
        events.push({
          type: "participant.submit",
          participantId: "b1",
          promptId: "propose-rule",
          text: "r",
          at,
        });
      break;
    }
    case "perspective-sharing":
    case "reflection": {
      const order = c["order"] as string[];
      const speaker = order[c["turn"] as number];
      const previous = c["lastSpoke"] as string | null;
      // The stage's last speaker is reflected by a listener who is not the next speaker.
      const listener = (c["listener"] as string | null | undefined) ?? speaker;
      if (state === "reflect" && listener !== undefined)
        events.push({
          type: "participant.submit",
          participantId: listener,
          promptId: `${stage.id}:reflect:1`,
          text: "you said",
          at,
        });
      if (state === "heard" && previous !== null)
        events.push({
          type: "participant.choose",
          participantId: previous,
          promptId: `${stage.id}:heard:1`,
          value: "yes",
          at,
        });
      if (speaker === undefined) break;
      if (state === "speaking") {
        events.push({
          type: "participant.submit",
          participantId: speaker,
          promptId: `${stage.id}:turn:1`,
          text: "my story",
          at,
        });
        events.push({
          type: "participant.choose",
          participantId: speaker,
          promptId: `${stage.id}:turn:1`,
          value: "pass",
          at,
        });
      }
      events.push({
        type: "participant.say",
        participantId: speaker === "a1" ? "b1" : "a1",
        text: "out of turn",
        at,
      });
      // A speaker leaves: the workshop updates the view, then tells the stage.
      if (c.view.participants.length === people.length) {
        events.push({
          type: "stage.view",
          view: { ...c.view, participants: c.view.participants.filter((p) => p.id !== speaker) },
          at,
        });
      } else events.push({ type: "participant.leave", participantId: speaker, at });
      break;
    }
    case "needs-articulation":
      for (const id of present
        .slice(0, 2)
        .filter((id) => !c.contributions.some((n) => n.kind === "needs-articulation" && n.author === id)))
        events.push({
          type: "participant.submit",
          participantId: id,
          promptId: `needs:${stage.id}:needs`,
          text: `need of ${id}`,
          at,
        });
      if (state === "recognise")
        events.push({
          type: "participant.choose",
          participantId: "b1",
          promptId: `recognise:${stage.id}`,
          value: "c1.2",
          at,
        });
      break;
    case "brainstorm":
      if (state === "diverge")
        for (const id of ["a1", "b1"])
          events.push({
            type: "participant.submit",
            participantId: id,
            promptId: `idea:${stage.id}`,
            text: `idea of ${id}`,
            at,
          });
      if (state === "cluster")
        events.push({ type: "control.cluster", ideaIds: ["1", "2"], label: "X", by: "f", at });
      if (state === "vote")
        for (const id of ["a1", "b1"])
          events.push({
            type: "participant.choose",
            participantId: id,
            promptId: `vote:${stage.id}`,
            value: "i1.2",
            at,
          });
      break;
    case "survey":
      events.push({
        type: "participant.choose",
        participantId: "a1",
        promptId: `survey:${stage.id}:q1`,
        value: "3",
        at,
      });
      break;
    default:
      break;
  }
  return events;
}

/** States differ by what matters, never by absolute times or prompt counters. */
function serializeStage(snapshot: StageSnapshotLike): string {
  const { now: _now, timer, promptSeq: _seq, view: v, contributions, ...rest } = snapshot.context;
  // Who contributed what kind, not how often (a survey answer may be given again).
  const contributed = [
    ...new Set(contributions.map((c) => `${c.kind}:${c.author}:${c.category ?? ""}`)),
  ].sort();
  return JSON.stringify([
    snapshot.status,
    snapshot.value,
    timer.deadline !== null,
    timer.warnAt !== null,
    timer.paused !== null,
    v.participants.map((p) => p.id),
    v.consented,
    v.consentRound,
    contributed,
    rest,
  ]);
}

interface StagePath {
  readonly steps: { readonly event: StageEvent; readonly reports: StageReport[]; readonly value: string }[];
  readonly finished: boolean;
}

function exploreStage(
  spec: FlowSpec,
  index = 0,
  pooled = false,
): { paths: StagePath[]; machine: AnyStateMachine } {
  const stage = spec.stages[index] as StageSpec;
  const machine = createStageMachine(stage, flowFacts(spec)) as AnyStateMachine;
  const input: StageInput = {
    view: { ...(stage.kind === "ground-rules" ? { ...view, consented: [] } : view), pooled },
    seed: 7,
    stageIndex: index,
    at: T0,
    run: 1,
  };
  const shortest = getShortestPaths(machine, {
    input,
    events: (s) => stageEvents(stage, s as unknown as StageSnapshotLike),
    serializeState: (s) => serializeStage(s as unknown as StageSnapshotLike),
    limit: 50_000,
  });
  const paths = shortest.map((path) => {
    const actor = createActor(machine, { input });
    let batch: StageReport[] = [];
    actor.on("*", (r: StageReports) => batch.push(...r.reports));
    actor.start();
    const steps = path.steps.map(({ event }) => {
      batch = [];
      actor.send(event);
      return { event: event as StageEvent, reports: batch, value: String(actor.getSnapshot().value) };
    });
    // Every path ends once a facilitator moves on, however often it takes.
    for (let i = 0; i < 5 && actor.getSnapshot().status === "active"; i++)
      actor.send({ type: "stage.next", at: T0 + 10 ** 9 });
    return { steps, finished: actor.getSnapshot().status === "done" };
  });
  return { paths, machine };
}

/** Every atomic state of the machine is the end of some path. */
function expectEveryStateVisited(
  machine: AnyStateMachine,
  paths: readonly StagePath[],
  unreachable: readonly string[],
): void {
  const atomic = getStateNodes(machine)
    .filter((n) => n.type === "atomic" || n.type === "final")
    .map((n) => n.key);
  const seen = new Set(paths.flatMap((p) => p.steps.map((s) => s.value)));
  seen.add(
    String(
      createActor(machine, { input: { view, seed: 7, stageIndex: 0, at: T0, run: 1 } }).getSnapshot().value,
    ),
  );
  for (const key of atomic.filter((k) => !unreachable.includes(k)))
    expect(seen, `state ${key} never reached`).toContain(key);
}

const effectsOf = (reports: readonly StageReport[]) =>
  reports.flatMap((r) => (r.type === "stage.effect" ? [r.effect] : []));

describe("every stage machine, every state", () => {
  // "choosing" and "after" are transient (they pick what comes next and leave at once); a
  // reflection stage has no reflect-back. "waiting" needs a view where nobody has consented
  // (the consent tests in turns.test.ts reach it).
  const cases: [string, FlowSpec, string[]?][] = [
    ["ground-rules", flow([stages.groundRules({ allowProposals: true })])],
    [
      "perspective-sharing",
      flow([stages.perspective({ rounds: 2, reflectBack: true })]),
      ["choosing", "after", "waiting"],
    ],
    [
      "reflection",
      flow([stages.reflection()]),
      ["choosing", "after", "reflect", "heard", "adding", "waiting"],
    ],
    ["needs-articulation", flow([stages.needs()])],
    ["brainstorm", flow([stages.brainstorm()])],
    ["survey", flow([stages.survey()])],
    ["discussion", flow([stages.discussion()])],
    ["break", flow([stages.break()])],
  ];
  for (const [kind, spec, unreachable = []] of cases)
    it(`${kind}: every state is reached and every path ends when a facilitator moves on`, () => {
      const { paths, machine } = exploreStage(spec);
      expect(paths.length).toBeGreaterThan(2);
      expectEveryStateVisited(machine, paths, unreachable);
      for (const path of paths) expect(path.finished).toBe(true);
    });

  it("turn-taking with two equal groups never gives two consecutive turns to the same group", () => {
    const { paths } = exploreStage(flow([stages.perspective({ rounds: 2, reflectBack: true })]));
    let turns = 0;
    // Equal groups only while nobody has left.
    const complete = paths.filter((p) =>
      p.steps.every((s) => s.event.type !== "stage.view" && s.event.type !== "participant.leave"),
    );
    expect(complete.length).toBeGreaterThan(10);
    for (const path of complete) {
      let lastGroup: string | null = null;
      for (const step of path.steps)
        for (const e of effectsOf(step.reports)) {
          if (e.type !== "floor" || e.holders === "everyone") continue;
          const group = people.find((p) => p.id === e.holders[0])?.group ?? null;
          expect(group).not.toBe(lastGroup);
          lastGroup = group;
          turns++;
        }
    }
    expect(turns).toBeGreaterThan(10);
  });

  it("in anonymous workshops no stage says who contributed, in any state", () => {
    for (const make of [
      () => stages.groundRules({ allowProposals: true }),
      () => stages.perspective({ rounds: 2, reflectBack: true }),
      () => stages.reflection(),
      () => stages.needs(),
      () => stages.brainstorm(),
    ]) {
      const { paths } = exploreStage(flow([make()], { confidentiality: "anonymous" }));
      for (const path of paths) for (const step of path.steps) checkAnonymous(effectsOf(step.reports));
    }
  });
});

describe("stage machines with a group below the minimum size (pooled)", () => {
  it("needs and brainstorm show no per-group list or figure on any path", () => {
    for (const make of [() => stages.needs(), () => stages.brainstorm()]) {
      const { paths } = exploreStage(flow([make()], { confidentiality: "anonymous" }), 0, true);
      expect(paths.length).toBeGreaterThan(2);
      for (const path of paths) for (const step of path.steps) checkPooled(effectsOf(step.reports));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Part two: the composed workshop machine.

interface Transition {
  readonly from: WorkshopSnapshot;
  readonly event: WorkshopEvent;
  readonly effects: FlowEffect[];
  readonly to: WorkshopSnapshot;
}

interface Exploration {
  /** Who joins before the workshop starts. */
  readonly people?: readonly Participant[];
  /** Also explore someone leaving, and someone being forgotten, mid-stage (once each). */
  readonly shrink?: boolean;
  readonly limit?: number;
}

/** The running stage's contributions (to answer only what is still missing, so the space stays finite). */
function stageContributions(snapshot: WorkshopSnapshot): { kind: string; author: string }[] {
  const child = (snapshot.children as Record<string, { getSnapshot(): unknown } | undefined>)["stage"];
  const ctx = (child?.getSnapshot() as { context?: StageContext } | undefined)?.context;
  return ctx?.contributions.map((c) => ({ kind: c.kind, author: c.author })) ?? [];
}

function workshopEvents(snapshot: WorkshopSnapshot, options: Exploration = {}): WorkshopEvent[] {
  if (snapshot.status !== "active") return [];
  const status = describeWorkshop(snapshot);
  const at = nextDeadline(snapshot) ?? status.deadline ?? T0;
  if (status.phase === "lobby") return [{ type: "control", action: "start", by: "f", at }];
  const events: WorkshopEvent[] = [
    { type: "control", action: "next", by: "f", at },
    { type: "timer.fired", at },
  ];
  const { consented, consentRound } = snapshot.context;
  const missing = status.participants.map((p) => p.id).filter((id) => !consented.includes(id));
  for (const id of missing)
    events.push({
      type: "participant.choose",
      participantId: id,
      promptId: `consent:${String(consentRound)}`,
      value: "yes",
      at,
    });
  const first = missing[0];
  if (first !== undefined)
    events.push({
      type: "participant.choose",
      participantId: first,
      promptId: `consent:${String(consentRound)}`,
      value: "no",
      at,
    });
  // Whose turn it is: under anonymous the floor names nobody, so the status says it separately.
  const turn = status.speaker;
  if (turn !== null && status.phase === "speaking") {
    const promptId = `${status.stageId ?? ""}:turn:1`;
    events.push({ type: "participant.choose", participantId: turn, promptId, value: "pass", at });
    events.push({ type: "participant.submit", participantId: turn, promptId, text: "my story", at });
    events.push({ type: "participant.leave", participantId: turn, at });
  }
  if (missing.length > 0 && status.stageKind !== "ground-rules")
    events.push({ type: "participant.say", participantId: missing[0] ?? "", text: "held?", at });
  // Needs, ideas and votes from two people of different groups, once each.
  const present = status.participants.map((p) => p.id).filter((id) => consented.includes(id));
  const two = [present[0], present.at(-1)].filter((id): id is string => id !== undefined);
  const done = stageContributions(snapshot);
  const has = (kind: string, id: string) => done.some((c) => c.kind === kind && c.author === id);
  const stageId = status.stageId ?? "";
  for (const id of two) {
    if (
      status.stageKind === "needs-articulation" &&
      status.phase === "collect" &&
      !has("needs-articulation", id)
    )
      events.push({
        type: "participant.submit",
        participantId: id,
        promptId: `needs:${stageId}:needs`,
        text: `need of ${id}`,
        at,
      });
    if (status.stageKind === "brainstorm" && status.phase === "diverge" && !has("brainstorm", id))
      events.push({
        type: "participant.submit",
        participantId: id,
        promptId: `idea:${stageId}`,
        text: `idea of ${id}`,
        at,
      });
    const idea = snapshot.children["stage"] === undefined ? undefined : firstIdea(snapshot);
    if (
      status.stageKind === "brainstorm" &&
      status.phase === "vote" &&
      idea !== undefined &&
      !has("vote", id)
    )
      events.push({
        type: "participant.choose",
        participantId: id,
        promptId: `vote:${stageId}`,
        value: idea,
        at,
      });
  }
  // Someone leaves, or is forgotten, while a stage runs (a group shrinks below the minimum).
  const initial = options.people?.length ?? people.length;
  const last = status.participants.at(-1)?.id;
  if (options.shrink === true && last !== undefined && status.participants.length === initial) {
    events.push({ type: "participant.leave", participantId: last, at });
    events.push({ type: "participant.forget", participantId: last, at });
  }
  return events;
}

function firstIdea(snapshot: WorkshopSnapshot): string | undefined {
  const child = (snapshot.children as Record<string, { getSnapshot(): unknown } | undefined>)["stage"];
  const ctx = (child?.getSnapshot() as { context?: StageContext } | undefined)?.context;
  return ctx?.contributions.find((c) => c.kind === "brainstorm")?.id;
}

function serializeWorkshop(snapshot: WorkshopSnapshot): string {
  const status = describeWorkshop(snapshot);
  const persisted = snapshot.machine.getPersistedSnapshot(snapshot) as unknown as {
    children: Record<string, unknown>;
  };
  const child = JSON.stringify(persisted.children, (k, v: unknown) =>
    k === "now" || k === "promptSeq" || k === "deadline" || k === "warnAt" || k === "at" ? undefined : v,
  );
  return JSON.stringify([
    status.phase,
    status.stageIndex,
    status.floor,
    snapshot.context.consented,
    status.participants.map((p) => p.id),
    child,
  ]);
}

/** Breadth-first over real actors; each state is restored from its persisted, JSON-copied snapshot. */
function exploreWorkshop(spec: FlowSpec, limitOrOptions: number | Exploration = 3000): Transition[] {
  const options: Exploration =
    typeof limitOrOptions === "number" ? { limit: limitOrOptions } : limitOrOptions;
  const limit = options.limit ?? 3000;
  const machine = createWorkshopMachine(spec);
  const first = createActor(machine, { input: { seed: 7 } });
  first.start();
  for (const p of options.people ?? people) first.send({ type: "participant.join", participant: p, at: T0 });
  const start = first.getPersistedSnapshot();
  first.stop();
  const seen = new Set<string>();
  const queue: unknown[] = [start];
  const transitions: Transition[] = [];
  while (queue.length > 0 && transitions.length < limit) {
    const persisted = queue.shift();
    const probe = createActor(machine, {
      input: { seed: 7 },
      snapshot: JSON.parse(JSON.stringify(persisted)) as WorkshopSnapshot,
    });
    probe.start();
    const from = probe.getSnapshot();
    const events = workshopEvents(from, options);
    probe.stop();
    for (const event of events) {
      const actor = createActor(machine, {
        input: { seed: 7 },
        snapshot: JSON.parse(JSON.stringify(persisted)) as WorkshopSnapshot,
      });
      const effects: FlowEffect[] = [];
      actor.on("*", (e) => effects.push(e));
      actor.start();
      actor.send(event);
      const to = actor.getSnapshot();
      transitions.push({ from, event, effects, to });
      const key = serializeWorkshop(to);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(actor.getPersistedSnapshot());
      }
      actor.stop();
    }
  }
  return transitions;
}

const substantive = new Set([
  "perspective-sharing",
  "reflection",
  "needs-articulation",
  "brainstorm",
  "discussion",
]);

describe("the workshop machine, explored", () => {
  it("no substantive stage opens without everyone's consent unless a facilitator decided; nobody unconsented gets the floor or speaks", () => {
    const spec = flow([stages.groundRules(), stages.perspective({ rounds: 2 }), stages.discussion()]);
    const transitions = exploreWorkshop(spec);
    expect(transitions.length).toBeGreaterThan(50);
    let opened = 0;
    for (const t of transitions) {
      const before = describeWorkshop(t.from);
      const after = describeWorkshop(t.to);
      const consented = t.to.context.consented;
      for (const e of t.effects)
        if (e.type === "floor" && e.holders !== "everyone")
          for (const id of e.holders) expect(consented).toContain(id);
      if (
        before.stageKind === "ground-rules" &&
        after.stageKind !== null &&
        substantive.has(after.stageKind)
      ) {
        opened++;
        const everyone = after.participants.every((p) => consented.includes(p.id));
        const facilitatorDecided = t.event.type === "control" && t.event.action === "next";
        expect(everyone || facilitatorDecided, JSON.stringify(t.event)).toBe(true);
      }
      if (t.event.type === "participant.say" && !t.from.context.consented.includes(t.event.participantId)) {
        expect(t.effects.map((e) => ("key" in e ? e.key : e.type))).toEqual(["workshop.heldAtConsent"]);
      }
    }
    expect(opened).toBeGreaterThan(0);
  });

  it("from every state, a facilitator ending the workshop ends it with a summary", () => {
    const spec = flow([
      stages.groundRules(),
      stages.perspective({ reflectBack: true }),
      stages.brainstorm(),
      stages.reflection(),
    ]);
    const machine = createWorkshopMachine(spec);
    const transitions = exploreWorkshop(spec, 1500);
    const states = new Map(transitions.map((t) => [serializeWorkshop(t.to), t.to]));
    expect(states.size).toBeGreaterThan(20);
    for (const snapshot of states.values()) {
      if (snapshot.status !== "active") continue;
      const actor = createActor(machine, {
        input: { seed: 7 },
        snapshot: JSON.parse(
          JSON.stringify(snapshot.machine.getPersistedSnapshot(snapshot)),
        ) as WorkshopSnapshot,
      });
      const effects: FlowEffect[] = [];
      actor.on("*", (e) => effects.push(e));
      actor.start();
      actor.send({ type: "control", action: "end", by: "f", at: T0 + 10 ** 9 });
      expect(actor.getSnapshot().status).toBe("done");
      expect(effects.some((e) => e.type === "summary")).toBe(true);
      expect(nextDeadline(actor.getSnapshot())).toBeNull();
    }
  });

  /** Ends the workshop from a sample of the explored states; the effects of each ending. */
  function endings(spec: FlowSpec, transitions: readonly Transition[], every = 25): FlowEffect[][] {
    const machine = createWorkshopMachine(spec);
    const out: FlowEffect[][] = [];
    transitions.forEach((t, i) => {
      if (i % every !== 0 && i !== transitions.length - 1) return;
      if (t.to.status !== "active") return;
      const actor = createActor(machine, {
        input: { seed: 7 },
        snapshot: JSON.parse(JSON.stringify(t.to.machine.getPersistedSnapshot(t.to))) as WorkshopSnapshot,
      });
      const effects: FlowEffect[] = [];
      actor.on("*", (e) => effects.push(e));
      actor.start();
      actor.send({ type: "control", action: "end", by: "f", at: T0 + 10 ** 9 });
      out.push(effects);
    });
    expect(out.some((effects) => effects.some((e) => e.type === "summary"))).toBe(true);
    return out;
  }

  /** Whether a group present in this state is below the minimum size. */
  function belowMin(snapshot: WorkshopSnapshot, min: number): boolean {
    const sizes = new Map<string, number>();
    for (const p of describeWorkshop(snapshot).participants)
      sizes.set(p.group ?? "", (sizes.get(p.group ?? "") ?? 0) + 1);
    return [...sizes.values()].some((n) => n < min);
  }

  const everyKind = () => [
    stages.survey({ id: "before" }),
    stages.groundRules({ allowProposals: true }),
    stages.perspective({ reflectBack: true, rounds: 2 }),
    stages.needs(),
    stages.brainstorm(),
    stages.discussion(),
    stages.reflection(),
  ];
  /** The stages with group-level presentations, short enough for the exploration to reach their ends. */
  const grouped = () => [stages.groundRules(), stages.needs(), stages.brainstorm({ clusterSeconds: 0 })];

  it("in anonymous mode no room effect of the workshop names or points at anyone: floor, timers, posts, summary", () => {
    const spec = flow(everyKind(), { confidentiality: "anonymous", turnEnforcement: "strict" });
    const transitions = exploreWorkshop(spec, { limit: 2500, shrink: true });
    expect(transitions.length).toBeGreaterThan(500);
    // Turns were taken, anonymously: the floor closed for everyone rather than given to the speaker.
    const floors = transitions.flatMap((t) =>
      t.effects.flatMap((e) => (e.type === "floor" ? [e.holders] : [])),
    );
    expect(floors.some((holders) => holders !== "everyone")).toBe(true);
    expect(transitions.some((t) => t.event.type === "participant.forget")).toBe(true);
    for (const t of transitions) checkAnonymous(t.effects);
    for (const effects of endings(spec, transitions)) checkAnonymous(effects);
  });

  it("groups of two under anonymous (default minimum 3): every group-level presentation and figure is pooled", () => {
    const spec = flow(grouped(), { confidentiality: "anonymous" });
    const transitions = exploreWorkshop(spec, { limit: 2500 });
    expect(transitions.some((t) => t.effects.some((e) => "key" in e && e.key === "needs.item"))).toBe(true);
    expect(
      transitions.some((t) => t.effects.some((e) => "key" in e && e.key === "brainstorm.rankedIdeaPooled")),
    ).toBe(true);
    for (const t of transitions) checkPooled(t.effects);
    for (const effects of endings(spec, transitions)) checkPooled(effects);
  });

  it("a group of one under chatham-house with minGroupSize 3: pooled in the room and the summary", () => {
    const spec = flow(grouped(), { minGroupSize: 3 });
    const alone = [person("a1", "a"), person("a2", "a"), person("a3", "a"), person("b1", "b")];
    const transitions = exploreWorkshop(spec, { people: alone, limit: 2000 });
    expect(transitions.some((t) => t.effects.some((e) => "key" in e && e.key === "needs.item"))).toBe(true);
    for (const t of transitions) checkPooled(t.effects);
    for (const effects of endings(spec, transitions)) checkPooled(effects);
  });

  it("a leave or forget-me that shrinks a group below minGroupSize mid-session pools everything after it", () => {
    const spec = flow(grouped(), { minGroupSize: 2 });
    const transitions = exploreWorkshop(spec, { limit: 3000, shrink: true });
    const shrunk = transitions.filter((t) => belowMin(t.from, 2));
    expect(shrunk.length).toBeGreaterThan(50);
    expect(shrunk.some((t) => t.effects.some((e) => "key" in e && e.key === "needs.item"))).toBe(true);
    for (const t of shrunk) checkPooled(t.effects);
    for (const effects of endings(spec, shrunk)) checkPooled(effects);
    // Before anyone left, groups of two were shown as groups.
    const whole = transitions.filter((t) => !belowMin(t.to, 2));
    expect(whole.some((t) => t.effects.some((e) => "key" in e && e.key === "needs.presentGroup"))).toBe(true);
  });
});
