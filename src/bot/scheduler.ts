// Timers. One pending deadline per session (the machine's `nextDeadline`), armed on an injectable
// clock: the real one in production, a simulated one for `--fast`, simulations and tests.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Calls `fn` at time `at` (ms since the epoch), or at once if it has passed. */
  at(at: number, fn: () => void): TimerHandle;
}

// setTimeout takes at most 2^31-1 ms; longer waits re-arm.
const maxDelay = 2_147_483_647;

export const realClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = Math.max(0, at - Date.now());
      handle = setTimeout(delay > maxDelay ? arm : fn, Math.min(delay, maxDelay));
    };
    arm();
    return {
      cancel: () => {
        clearTimeout(handle);
      },
    };
  },
};

/**
 * A clock that moves only when told. Due callbacks run in deadline order (ties in arming order);
 * `advanceTo` lets the caller settle the effects of each (e.g. wait for the runtime to be idle)
 * before the next one fires, so a simulated two-hour workshop runs exactly as a real one.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private counter = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  constructor(start: number) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  at(at: number, fn: () => void): TimerHandle {
    const id = ++this.counter;
    this.pending.set(id, { at, fn });
    return { cancel: () => this.pending.delete(id) };
  }
  /** The earliest pending callback due at or before `until`. */
  private nextDue(until: number): [number, { at: number; fn: () => void }] | undefined {
    let best: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of this.pending) {
      if (entry[1].at > until) continue;
      if (best === undefined || entry[1].at < best[1].at) best = entry;
    }
    return best;
  }
  /** Moves time forward to `target`, firing due callbacks one by one and awaiting `settle` after each. */
  async advanceTo(target: number, settle: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    await settle();
    for (;;) {
      const due = this.nextDue(target);
      if (due === undefined) break;
      const [id, { at, fn }] = due;
      this.pending.delete(id);
      this.current = Math.max(this.current, at);
      fn();
      await settle();
    }
    this.current = Math.max(this.current, target);
  }
  advanceBy(ms: number, settle?: () => Promise<void>): Promise<void> {
    return this.advanceTo(this.current + ms, settle);
  }
}

/** Keeps one armed deadline per session. */
export class Scheduler {
  private readonly clock: Clock;
  private readonly fire: (sessionId: string, roomKey: string, deadline: number) => void;
  private readonly armed = new Map<string, { roomKey: string; deadline: number; handle: TimerHandle }>();
  private stopped = false;

  constructor(clock: Clock, fire: (sessionId: string, roomKey: string, deadline: number) => void) {
    this.clock = clock;
    this.fire = fire;
  }

  /** Arms (or moves, or clears with null) the session's deadline. Re-arming the same deadline is a no-op. */
  arm(sessionId: string, roomKey: string, deadline: number | null): void {
    const current = this.armed.get(sessionId);
    if (current !== undefined && current.deadline === deadline) return;
    current?.handle.cancel();
    this.armed.delete(sessionId);
    if (deadline === null || this.stopped) return;
    const handle = this.clock.at(deadline, () => {
      this.armed.delete(sessionId);
      this.fire(sessionId, roomKey, deadline);
    });
    this.armed.set(sessionId, { roomKey, deadline, handle });
  }

  /** Clears the deadlines of a room's sessions (this process no longer drives the room). */
  disarmRoom(roomKey: string): void {
    for (const [sessionId, entry] of this.armed) {
      if (entry.roomKey !== roomKey) continue;
      entry.handle.cancel();
      this.armed.delete(sessionId);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const { handle } of this.armed.values()) handle.cancel();
    this.armed.clear();
  }
}
