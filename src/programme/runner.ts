// Durable scheduled starts. Each start the programme's schedule asks for becomes a `start <flow>`
// command from the cohort's first facilitator, appended to the room's inbox under an event id made
// from the start's key: the inbox drops a repeated event id, so a start happens once, whichever
// process (or restart) appends it. What was decided about each start (started, missed, facilitators
// told) is kept in the store's cursor space, so a restart picks up where the last run stopped.
import type { CursorStore, InboundEvent, Logger } from "../bot/ports.ts";
import type { Clock, TimerHandle } from "../bot/scheduler.ts";
import type { InboxPayload, SessionRecord } from "../bot/store.ts";
import { plan, type Occurrence } from "./plan.ts";
import type { Programme } from "./spec.ts";

export type StartState = "started" | "missed";

/** What the store keeps per programme (cursor `programme` / `<id>`). */
export interface ProgrammeState {
  /** When the programme was first run, less its grace window: earlier starts are neither started nor reported missed. */
  readonly since: number;
  /** Start key → what happened and when it was decided. */
  readonly starts: Record<string, { readonly state: StartState; readonly decidedAt: number }>;
  /** Start key → when its facilitators were told it is coming. */
  readonly notified: Record<string, number>;
}

export const stateCursorPlatform = "programme";

export async function readProgrammeState(
  cursors: CursorStore,
  programmeId: string,
): Promise<ProgrammeState | null> {
  const raw = await cursors.getCursor(stateCursorPlatform, programmeId);
  if (raw === undefined) return null;
  return JSON.parse(raw) as ProgrammeState;
}

/** A start's inbox event id: stable, so appending it twice is a duplicate. */
export const startEventId = (o: Occurrence): string => `programme:${o.key}`;

export interface ProgrammeRunnerOptions {
  readonly programme: Programme;
  readonly cursors: CursorStore;
  /** The newest session of a room (a start appended by a run that then stopped counts as started). */
  readonly findSession: (roomKey: string) => Promise<SessionRecord | undefined>;
  readonly clock: Clock;
  /** The runtime's inbox (Runtime.enqueue): starts and notices go through it like any event. */
  readonly enqueue: (roomKey: string, eventId: string, payload: InboxPayload) => Promise<boolean>;
  readonly logger: Logger;
  /** Reports a start that fell due while nobody ran it and is past its grace window. */
  readonly onMissed?: (o: Occurrence) => void;
}

const day = 86_400_000;
/** How far back a restart looks for starts it has not decided about. */
const lookBack = 8 * day;

export class ProgrammeRunner {
  private readonly options: ProgrammeRunnerOptions;
  private state: ProgrammeState | null = null;
  private timer: TimerHandle | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(options: ProgrammeRunnerOptions) {
    this.options = options;
  }

  /** Decides about every start due so far (restart catch-up), then follows the schedule. */
  async start(): Promise<void> {
    await this.tick();
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** Resolves when the current round of decisions is done (tests). */
  settled(): Promise<void> {
    return this.running;
  }

  /** What has been decided so far (the dashboard and `programme status`). */
  current(): ProgrammeState | null {
    return this.state;
  }

  private tick(): Promise<void> {
    this.running = this.running
      .then(() => this.round())
      .catch((e: unknown) => {
        this.options.logger.error("programme schedule failed", {
          programme: this.options.programme.id,
          err: e,
        });
      });
    return this.running;
  }

  private async save(): Promise<void> {
    await this.options.cursors.setCursor(
      stateCursorPlatform,
      this.options.programme.id,
      JSON.stringify(this.state),
    );
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    const { programme, clock, logger } = this.options;
    const now = clock.now();
    this.state ??= (await readProgrammeState(this.options.cursors, programme.id)) ?? {
      // A new programme: a start still within its grace window happens; earlier ones are history.
      since: now - programme.graceMinutes * 60_000,
      starts: {},
      notified: {},
    };
    const state = this.state;
    const grace = programme.graceMinutes * 60_000;
    const ahead = programme.notifyMinutesBefore * 60_000;
    const from = Math.max(state.since, now - lookBack);
    const facilitatorsOf = new Map(programme.cohorts.map((c) => [c.id, c.facilitators]));
    for (const o of plan(programme, from, now + ahead + 1)) {
      // stop() may come while a start is being appended.
      if (this.isStopped()) return;
      if (o.at > now) {
        if (ahead > 0 && state.notified[o.key] === undefined) {
          await this.options.enqueue(o.roomKey, `programme-notice:${o.key}`, {
            source: "programme",
            action: "opens-soon",
            minutes: Math.ceil((o.at - now) / 60_000),
            flow: o.flow,
          });
          state.notified[o.key] = now;
          await this.save();
        }
        continue;
      }
      if (state.starts[o.key] !== undefined) continue;
      const facilitators = facilitatorsOf.get(o.cohort) ?? [];
      let decided: StartState;
      if (now - o.at <= grace) {
        const event = startCommand(o, programme, facilitators[0] ?? "programme");
        await this.options.enqueue(o.roomKey, `${event.platform}:${event.eventId}`, {
          source: "platform",
          event,
          acceptedAt: now,
        });
        decided = "started";
      } else {
        // Appended by a run that stopped before recording it? Then it did start.
        const session = await this.options.findSession(o.roomKey);
        decided = session !== undefined && session.createdAt >= o.at ? "started" : "missed";
      }
      state.starts[o.key] = { state: decided, decidedAt: now };
      await this.save();
      if (decided === "missed") {
        logger.warn("scheduled start missed", { programme: programme.id, room: o.roomKey, due: o.at });
        this.options.onMissed?.(o);
      } else logger.info("scheduled start", { programme: programme.id, room: o.roomKey, due: o.at });
    }
    this.prune(now);
    this.arm(now);
  }

  /** Forgets decisions older than the look-back (they can no longer come up). */
  private prune(now: number): void {
    const state = this.state;
    if (state === null) return;
    const keep = now - 2 * lookBack;
    this.state = {
      since: state.since,
      starts: Object.fromEntries(Object.entries(state.starts).filter(([, v]) => v.decidedAt >= keep)),
      notified: Object.fromEntries(Object.entries(state.notified).filter(([, at]) => at >= keep)),
    };
  }

  private arm(now: number): void {
    if (this.stopped) return;
    const ahead = this.options.programme.notifyMinutesBefore * 60_000;
    let next = Infinity;
    for (const o of plan(this.options.programme, now + 1, now + lookBack)) {
      const notifyAt = o.at - ahead;
      next = Math.min(next, notifyAt > now ? notifyAt : o.at);
    }
    // Nothing within the look-back: look again then.
    const at = Number.isFinite(next) ? next : now + lookBack;
    this.timer?.cancel();
    this.timer = this.options.clock.at(at, () => void this.tick());
  }
}

/** The command a scheduled start appends: `start <flow>` from the cohort's first facilitator. */
export function startCommand(o: Occurrence, programme: Programme, facilitator: string): InboundEvent {
  const platform = o.roomKey.slice(0, o.roomKey.indexOf(":"));
  return {
    platform,
    eventId: startEventId(o),
    roomId: o.roomKey.slice(platform.length + 1),
    at: o.at,
    sender: { userId: facilitator, displayName: programme.title },
    kind: "command",
    name: "start",
    args: [o.flow],
  };
}
