// The bot user's writes under the homeserver's rate limit, shared fairly between rooms (issue 19).
// Synapse limits the events one user sends (`rc_message`, by default 0.2 a second with a burst of
// 10), and the bot is one user for every room it serves. While the homeserver refuses nothing,
// writes go at once. Once it answers M_LIMIT_EXCEEDED, every write waits: when `retry_after_ms`
// has passed one write goes, the next room's in turn, and the next only once it was answered (a
// refusal sets the wait again). So the bot asks no more often than the homeserver lets it, instead
// of every room retrying on its own, and a room with much to send waits behind one write of every
// other room instead of the other way round.

import { realTimerClock, type TimerClock } from "../shared/timer-clock.ts";

/** A write let through; say how the homeserver answered it. */
export interface GatePass {
  /** Answered, or failed for another reason than the rate. */
  done(): void;
  /** Refused with M_LIMIT_EXCEEDED: every write waits `retryAfterMs` from now. */
  limited(retryAfterMs: number): void;
}

export class SendGate {
  readonly #clock: TimerClock;
  /** Refused lately: writes go one at a time, not before `#until`. */
  #limited = false;
  #until = 0;
  /** A write let through while limited and not answered yet. */
  #probing = false;
  /** Per key (room), the writes waiting, in order. */
  readonly #waiting = new Map<string, ((pass: GatePass) => void)[]>();
  /** Keys with writes waiting, in turn order. */
  readonly #ring: string[] = [];
  #cancelTimer: (() => void) | null = null;

  constructor(clock: TimerClock = realTimerClock) {
    this.#clock = clock;
  }

  /**
   * Resolves when a write for `key` may go. `again`: the same write, refused for the rate; it
   * goes first when the wait is over (it had its turn, and the homeserver did not take it).
   */
  enter(key: string, again = false): Promise<GatePass> {
    if (!this.#limited && this.#ring.length === 0) return Promise.resolve(this.#pass(false));
    return new Promise((resolve) => {
      const queue = this.#waiting.get(key);
      if (queue === undefined) {
        this.#waiting.set(key, [resolve]);
        if (again) this.#ring.unshift(key);
        else this.#ring.push(key);
      } else if (again) {
        queue.unshift(resolve);
        this.#ring.splice(this.#ring.indexOf(key), 1);
        this.#ring.unshift(key);
      } else queue.push(resolve);
      this.#pump();
    });
  }

  /** Writes waiting, all keys together. */
  get queued(): number {
    let n = 0;
    for (const q of this.#waiting.values()) n += q.length;
    return n;
  }

  #pass(probe: boolean): GatePass {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      if (probe) this.#probing = false;
      return true;
    };
    return {
      done: () => {
        if (!settle()) return;
        // The homeserver took a write and nothing else waits: back to writing at once.
        if (probe && this.#ring.length === 0) this.#limited = false;
        this.#pump();
      },
      limited: (retryAfterMs) => {
        if (!settle()) return;
        this.#limited = true;
        this.#until = Math.max(this.#until, this.#clock.now() + retryAfterMs);
        this.#pump();
      },
    };
  }

  #next(): ((pass: GatePass) => void) | undefined {
    const key = this.#ring.shift();
    if (key === undefined) return undefined;
    const queue = this.#waiting.get(key) ?? [];
    const next = queue.shift();
    if (queue.length > 0) this.#ring.push(key);
    else this.#waiting.delete(key);
    return next;
  }

  #pump(): void {
    if (!this.#limited) {
      for (let next = this.#next(); next !== undefined; next = this.#next()) next(this.#pass(false));
      return;
    }
    if (this.#probing || this.#ring.length === 0 || this.#cancelTimer !== null) return;
    const wait = this.#until - this.#clock.now();
    if (wait > 0) {
      this.#cancelTimer = this.#clock.after(wait, () => {
        this.#cancelTimer = null;
        this.#pump();
      });
      return;
    }
    this.#probing = true;
    this.#next()?.(this.#pass(true));
  }

  stop(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
  }
}
