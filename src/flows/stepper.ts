// The workshop stepper: the one seam through which the runtime drives a workshop, shaped like
// XState's pure `transition()`. `start` and `restore` give a stepper; `step(event)` answers what
// the event emitted, the state to persist, the next deadline and whether the workshop ended.
// Inside, one live actor per session is kept (a pure transition per event would rebuild every
// stage actor on each step, far slower); nothing outside this file touches it.
import { createActor, type Actor } from "xstate";
import { err, ok, type Result } from "../result.ts";
import type { FlowEffect, WorkshopEvent } from "./protocol.ts";
import type { FlowSpec } from "./spec.ts";
import {
  createWorkshopMachine,
  type WorkshopContext,
  type WorkshopMachine,
  type WorkshopSnapshot,
} from "./workshop.ts";
import { describeWorkshop, migratedContext, nextDeadline, type WorkshopStatus } from "./workshop-view.ts";

/** What one event did. */
export interface Stepped {
  /** The effects it emitted, in order. */
  readonly effects: readonly FlowEffect[];
  /**
   * The state to persist (restore takes it back). Computed when read (walking the whole context
   * costs more than most steps, and most steps store only their events): read it before the
   * workshop takes its next event.
   */
  readonly snapshot: unknown;
  /** When `timer.fired` is next due; null: no timer running (paused, no timed stage, ended). */
  readonly deadline: number | null;
  readonly ended: boolean;
}

/** A machine bug: the workshop took the event and threw. The stepper takes no more events. */
export type StepOutcome = Result<Stepped, unknown>;

export interface WorkshopStepper {
  step(event: WorkshopEvent): StepOutcome;
  /** The current state (status, my-data, rendering read it). */
  current(): WorkshopSnapshot;
  status(): WorkshopStatus;
  /** The next deadline of the current state (null when none or ended). */
  deadline(): number | null;
  /** The current state to persist (what `restore` takes back). */
  persisted(): unknown;
  /**
   * Applies events the workshop already took before its state was last persisted (a restore:
   * the snapshot plus the steps stored since as events). What they emit was delivered back
   * then, so it is dropped; a failure throws (the events were taken once, so it is a bug).
   */
  replay(events: readonly WorkshopEvent[]): void;
  stop(): void;
}

/**
 * Compiled machines by spec object. Sessions of one flow share its (frozen) spec object, whether
 * it came from the flow library's cache or from the store's, so they share one machine too:
 * compiling a machine per session cost milliseconds at `start` and on restore.
 */
const machines = new WeakMap<FlowSpec, WorkshopMachine>();
export function machineFor(spec: FlowSpec): WorkshopMachine {
  let machine = machines.get(spec);
  if (machine === undefined) {
    machine = createWorkshopMachine(spec);
    machines.set(spec, machine);
  }
  return machine;
}

/** A stored snapshot as the machine reads it, without starting anything (finished sessions). */
export function readSnapshot(spec: FlowSpec, snapshot: unknown, seed: number): WorkshopSnapshot | null {
  if (snapshot === null) return null;
  return createActor(machineFor(spec), {
    snapshot: snapshot as WorkshopSnapshot,
    input: { seed },
  }).getSnapshot();
}

class ActorStepper implements WorkshopStepper {
  private readonly actor: Actor<WorkshopMachine>;
  private readonly emitted: FlowEffect[] = [];
  private error: { value: unknown } | null = null;

  constructor(actor: Actor<WorkshopMachine>) {
    this.actor = actor;
    actor.on("*", (effect) => {
      this.emitted.push(effect);
    });
    actor.subscribe({
      error: (err: unknown) => {
        this.error = { value: err };
      },
    });
  }

  /** Starts the actor; what it emitted is the outcome (a new workshop's welcome). */
  begin(): StepOutcome {
    this.actor.start();
    return this.outcome();
  }

  /** Starts the actor on a restored state, dropping what that emitted (a failure shows at the next step). */
  resume(): void {
    this.actor.start();
    this.emitted.length = 0;
  }

  step(event: WorkshopEvent): StepOutcome {
    if (this.error === null && this.actor.getSnapshot().status === "active") this.actor.send(event);
    return this.outcome();
  }

  private outcome(): StepOutcome {
    const effects = this.emitted.splice(0);
    if (this.error !== null) return err(this.error.value);
    const ended = this.actor.getSnapshot().status === "done";
    const actor = this.actor;
    return ok({
      effects,
      get snapshot() {
        return actor.getPersistedSnapshot();
      },
      deadline: ended ? null : this.deadline(),
      ended,
    });
  }

  persisted(): unknown {
    return this.actor.getPersistedSnapshot();
  }

  replay(events: readonly WorkshopEvent[]): void {
    for (const event of events) {
      const outcome = this.step(event);
      if (!outcome.ok) throw new Error("a stored workshop event failed on replay", { cause: outcome.error });
    }
    this.emitted.length = 0;
  }

  current(): WorkshopSnapshot {
    return this.actor.getSnapshot();
  }

  status(): WorkshopStatus {
    return describeWorkshop(this.actor.getSnapshot());
  }

  deadline(): number | null {
    const snapshot = this.actor.getSnapshot();
    return snapshot.status === "active" ? nextDeadline(snapshot) : null;
  }

  stop(): void {
    this.actor.stop();
  }
}

/** A new workshop, and what starting it emitted. */
export function start(spec: FlowSpec, seed: number): { stepper: WorkshopStepper; started: StepOutcome } {
  const stepper = new ActorStepper(createActor(machineFor(spec), { input: { seed } }));
  return { stepper, started: stepper.begin() };
}

/**
 * A workshop from its persisted snapshot (null: one saved before its first step). Restoring is not
 * a transition: whatever it emits was sent when the state was first reached, so it is dropped.
 */
export function restore(spec: FlowSpec, snapshot: unknown, seed: number): WorkshopStepper {
  const machine = machineFor(spec);
  const actor =
    snapshot === null ? createActor(machine, { input: { seed } }) : restoredActor(machine, snapshot, seed);
  const stepper = new ActorStepper(actor);
  stepper.resume();
  return stepper;
}

/** A persisted actor snapshot as far as restoring reads it. */
interface PersistedActor {
  readonly context?: unknown;
  readonly children?: Readonly<Record<string, { readonly snapshot?: unknown }>>;
}

/**
 * An actor restored from a persisted snapshot without XState walking every context for actor
 * references to revive (its `reviveContext` was half of the CPU of rebuilding a session): the
 * contexts are handed over after the restore instead. Sound because no workshop or stage context
 * holds an actor (they are plain data; the stage actors are invoked children, restored by XState
 * from `children` as before; test/flows/stepper-restore.test.ts checks a whole workshop's
 * snapshots hold no actor marker).
 */
function restoredActor(machine: WorkshopMachine, snapshot: unknown, seed: number): Actor<WorkshopMachine> {
  const persisted = snapshot as PersistedActor;
  const actor = createActor(machine, {
    snapshot: withoutContexts(persisted) as WorkshopSnapshot,
    input: { seed },
  });
  const top = actor.getSnapshot() as { context: WorkshopContext };
  handContextsBack(actor, persisted, new Map());
  // Older snapshots are taken in today's shape (their review items as columns, without copies of texts).
  top.context = migratedContext(top.context);
  shareView(actor, top.context);
  return actor;
}

/**
 * The stage's view of the workshop (its participants and consents) made the workshop's own lists
 * again where they are equal, as in a workshop built event by event: parsing gave the stage a copy
 * (about 1 KB a session with 12 people).
 */
function shareView(actor: Actor<WorkshopMachine>, ctx: WorkshopContext): void {
  const stage = (actor.getSnapshot().children as Record<string, RestoredRef | undefined>)["stage"];
  const view = (stage?.getSnapshot().context as { view?: Record<string, unknown> } | undefined)?.view;
  if (view === undefined || Object.isFrozen(view)) return;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (same(view["participants"], ctx.participants)) view["participants"] = ctx.participants;
  if (same(view["consented"], ctx.consented)) view["consented"] = ctx.consented;
}

/** The snapshot with every context (its own and its children's, at any depth) left out. */
function withoutContexts(s: PersistedActor): PersistedActor {
  const children = Object.fromEntries(
    Object.entries(s.children ?? {}).map(([id, child]) => [
      id,
      typeof child.snapshot === "object" && child.snapshot !== null && "context" in child.snapshot
        ? { ...child, snapshot: withoutContexts(child.snapshot as PersistedActor) }
        : child,
    ]),
  );
  return "context" in s ? { ...s, context: null, children } : { ...s, children };
}

interface RestoredRef {
  getSnapshot(): { context?: unknown; children?: Readonly<Record<string, RestoredRef | undefined>> };
}

/**
 * Puts the contexts `withoutContexts` left out into the restored snapshots (actor and children),
 * each text once: a workshop built event by event shares one string between the places that
 * hold a contribution (the stage's list, the workshop's, the review items), but parsing gives
 * each place a copy (mid-brainstorm 29.7 KB a session against 21 KB shared; bench/README.md).
 */
function handContextsBack(ref: RestoredRef, s: PersistedActor, strings: Map<string, string>): void {
  const restored = ref.getSnapshot();
  if ("context" in s) restored.context = shared(s.context, strings);
  for (const [id, child] of Object.entries(s.children ?? {})) {
    const childRef = restored.children?.[id];
    if (childRef !== undefined && typeof child.snapshot === "object" && child.snapshot !== null)
      handContextsBack(childRef, child.snapshot, strings);
  }
}

/**
 * Strings shorter than this are left as parsed: `JSON.parse` (V8) already makes each of them one
 * string (ids, statuses, short names). From 10 characters on it makes a copy each time (a stage
 * kind such as "brainstorm" in each of 50 ideas: 1.6 KB a session).
 */
const sharedFrom = 10;

/**
 * The value with its equal strings made one, in place (a parsed snapshot, which nothing else holds
 * yet; given a live one, it only swaps strings for equal ones). Frozen parts are left as they are.
 */
function shared(value: unknown, strings: Map<string, string>): unknown {
  if (typeof value === "string") {
    if (value.length < sharedFrom) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  }
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = shared(value[i], strings);
    return value;
  }
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) o[k] = shared(o[k], strings);
  return o;
}
