// Test harness: builds flow specs through the real schema, runs the real workshop machine and
// records every effect it emits. Time is explicit: `h.now` is the `at` stamped on each event.
import { createActor, type Actor } from "xstate";
import { flowSpecSchema, type FlowSpec } from "../../../src/flows/spec.ts";
import {
  createWorkshopMachine,
  type WorkshopMachine,
  type WorkshopSnapshot,
} from "../../../src/flows/workshop.ts";
import { describeWorkshop, nextDeadline } from "../../../src/flows/workshop-view.ts";
import type {
  FlowEffect,
  Participant,
  VarValue,
  WorkshopEvent,
  WorkshopRecord,
} from "../../../src/flows/protocol.ts";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventNoAt = DistributiveOmit<WorkshopEvent, "at">;

const en = (s: string) => ({ en: s });

export function flow(stages: unknown[], extra: Record<string, unknown> = {}): FlowSpec {
  return flowSpecSchema.parse({
    id: "test-flow",
    version: 1,
    title: en("Test"),
    description: en("A test flow"),
    defaultLocale: "en",
    groups: [
      { id: "a", name: en("A") },
      { id: "b", name: en("B") },
    ],
    confidentiality: "chatham-house",
    stages,
    ...extra,
  });
}

export const stages = {
  groundRules: (o: Record<string, unknown> = {}) => ({
    id: "rules",
    kind: "ground-rules",
    rules: [en("Be kind")],
    consentSeconds: 60,
    ...o,
  }),
  perspective: (o: Record<string, unknown> = {}) => ({
    id: "share",
    kind: "perspective-sharing",
    prompt: en("Share"),
    turnSeconds: 60,
    warningSeconds: 10,
    ...o,
  }),
  reflection: (o: Record<string, unknown> = {}) => ({
    id: "reflect",
    kind: "reflection",
    prompt: en("Reflect"),
    turnSeconds: 30,
    ...o,
  }),
  discussion: (o: Record<string, unknown> = {}) => ({
    id: "talk",
    kind: "discussion",
    prompt: en("Talk"),
    seconds: 120,
    ...o,
  }),
  message: (o: Record<string, unknown> = {}) => ({ id: "msg", kind: "message", text: en("Hello"), ...o }),
  break: (o: Record<string, unknown> = {}) => ({ id: "pause", kind: "break", seconds: 300, ...o }),
  brainstorm: (o: Record<string, unknown> = {}) => ({
    id: "ideas",
    kind: "brainstorm",
    prompt: en("Ideas?"),
    divergeSeconds: 120,
    maxIdeasPerPerson: 2,
    clusterSeconds: 60,
    voting: { method: "dots", dots: 2, maxPerIdea: 1, seconds: 60 },
    ...o,
  }),
  needs: (o: Record<string, unknown> = {}) => ({
    id: "needs",
    kind: "needs-articulation",
    prompt: en("Needs?"),
    categories: ["needs"],
    collectSeconds: 60,
    recognitionSeconds: 60,
    ...o,
  }),
  survey: (o: Record<string, unknown> = {}) => ({
    id: "survey",
    kind: "survey",
    questions: [
      { id: "q1", type: "likert", text: en("How?"), points: 5 },
      { id: "q2", type: "text", text: en("Why?") },
    ],
    seconds: 60,
    ...o,
  }),
};

export function person(id: string, group?: string): Participant {
  return group === undefined ? { id, name: id, locale: "en" } : { id, name: id, locale: "en", group };
}

export interface Harness {
  actor: Actor<WorkshopMachine>;
  effects: FlowEffect[];
  now: number;
  send(event: EventNoAt): FlowEffect[];
  /** Moves time forward, firing every deadline reached on the way (as the runtime's scheduler does). */
  advance(ms: number): FlowEffect[];
  /** Fires deadlines until none is pending (or `limit` fires). */
  runTimers(limit?: number): FlowEffect[];
  snapshot(): WorkshopSnapshot;
  status(): ReturnType<typeof describeWorkshop>;
  stop(): void;
}

export const T0 = 1_700_000_000_000;

export function harness(
  spec: FlowSpec,
  opts: { seed?: number; snapshot?: unknown; now?: number } = {},
): Harness {
  const machine = createWorkshopMachine(spec);
  const actor =
    opts.snapshot === undefined
      ? createActor(machine, { input: { seed: opts.seed ?? 1 } })
      : createActor(machine, {
          input: { seed: opts.seed ?? 1 },
          snapshot: opts.snapshot as WorkshopSnapshot,
        });
  const effects: FlowEffect[] = [];
  let batch: FlowEffect[] = [];
  actor.on("*", (e) => {
    effects.push(e);
    batch.push(e);
  });
  actor.start();
  const h: Harness = {
    actor,
    effects,
    now: opts.now ?? T0,
    send(event) {
      batch = [];
      // As the runtime's stepper: a workshop that has ended takes no more events (xstate would
      // only warn that they reached a stopped actor).
      if (actor.getSnapshot().status === "active") actor.send({ ...event, at: h.now });
      return batch;
    },
    advance(ms) {
      const target = h.now + ms;
      const out: FlowEffect[] = [];
      for (let i = 0; i < 1000; i++) {
        const snap = actor.getSnapshot();
        const d = snap.status === "active" ? nextDeadline(snap) : null;
        if (d === null || d > target) break;
        h.now = Math.max(h.now, d);
        out.push(...h.send({ type: "timer.fired" }));
      }
      h.now = target;
      return out;
    },
    runTimers(limit = 1000) {
      const out: FlowEffect[] = [];
      for (let i = 0; i < limit; i++) {
        const snap = actor.getSnapshot();
        const d = snap.status === "active" ? nextDeadline(snap) : null;
        if (d === null) break;
        h.now = Math.max(h.now, d);
        out.push(...h.send({ type: "timer.fired" }));
      }
      return out;
    },
    snapshot: () => actor.getSnapshot(),
    status: () => describeWorkshop(actor.getSnapshot()),
    stop: () => {
      actor.stop();
    },
  };
  return h;
}

export const keys = (effects: readonly FlowEffect[]): string[] =>
  effects.map((e) => ("key" in e ? e.key : e.type));

export function saysTo(effects: readonly FlowEffect[], key: string, to: string) {
  return effects.filter(
    (e) =>
      "key" in e &&
      e.key === key &&
      (to === "room" || to === "facilitators"
        ? e.audience.to === to
        : e.audience.to === "participant" && e.audience.participantId === to),
  );
}

/** Every participant id referenced anywhere in a var tree. */
export function participantRefs(v: VarValue | undefined): string[] {
  if (v === undefined || typeof v !== "object") return [];
  if ("participant" in v) return [v.participant];
  if ("list" in v) return v.list.flatMap(participantRefs);
  return [];
}

export function joinAll(h: Harness, people: readonly Participant[]): void {
  for (const p of people) h.send({ type: "participant.join", participant: p });
}

export function consentAll(h: Harness, ids: readonly string[]): void {
  const prompt = [...h.effects]
    .reverse()
    .find((e) => e.type === "prompt" && e.key === "groundRules.consentPrompt");
  if (prompt?.type !== "prompt") throw new Error("no consent prompt");
  for (const id of ids)
    h.send({ type: "participant.choose", participantId: id, promptId: prompt.promptId, value: "yes" });
}

/** Two groups of two: a1, a2 in a; b1, b2 in b. */
export const fourPeople = [person("a1", "a"), person("a2", "a"), person("b1", "b"), person("b2", "b")];

/** A workshop of these stages that `who` joined and the facilitator started. */
export function started(
  stageList: unknown[],
  extra: Record<string, unknown> = {},
  who: readonly Participant[] = fourPeople,
  seed?: number,
): Harness {
  const h = harness(flow(stageList, extra), seed === undefined ? {} : { seed });
  joinAll(h, who);
  h.send({ type: "control", action: "start", by: "f" });
  return h;
}

/** The last effect of this type with this key (a prompt, a collect, a say). */
export function lastOf<T extends FlowEffect["type"]>(h: Harness, type: T, key: string) {
  const e = [...h.effects].reverse().find((x) => x.type === type && "key" in x && x.key === key);
  if (e === undefined) throw new Error(`no ${type} ${key}`);
  return e as Extract<FlowEffect, { type: T }>;
}

/** The workshop's record, from its summary effect. */
export function summaryOf(effects: readonly FlowEffect[]): WorkshopRecord {
  const s = effects.find((e) => e.type === "summary");
  if (s?.type !== "summary") throw new Error("no summary");
  return s.record;
}

/** The last private prompt or collect with this key addressed to `who`. */
export function asked(h: Harness, key: string, who: string) {
  const p = [...h.effects]
    .reverse()
    .find(
      (e) =>
        (e.type === "prompt" || e.type === "collect") &&
        e.key === key &&
        e.audience.to === "participant" &&
        e.audience.participantId === who,
    );
  if (p === undefined || (p.type !== "prompt" && p.type !== "collect"))
    throw new Error(`no ${key} for ${who}`);
  return p;
}

/** Whose turn it is now (a test that expects a turn fails here if there is none). */
export function speaker(h: Harness): string {
  const s = h.status().speaker;
  if (s === null) throw new Error("no speaker");
  return s;
}

/** The current speaker writes their turn privately; returns who spoke. */
export function share(h: Harness, text = "my story"): string {
  const s = speaker(h);
  h.send({
    type: "participant.submit",
    participantId: s,
    promptId: asked(h, "perspective.yourTurn", s).promptId,
    text,
  });
  return s;
}
