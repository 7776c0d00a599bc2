// Discord's global limit shared fairly between rooms. One bot token may make 50 requests a second
// in all (interaction callbacks and webhook follow-ups excluded); discord.js counts them in a fixed
// one-second window, which lets up to twice that through in a second that straddles two windows,
// and it wakes every waiting request at once when the window turns, whichever room it serves. This
// module sits under discord.js (its `makeRequest`): every request that counts against the global
// limit waits for a place in a sliding window (a place counts until a second after its answer: see
// FairWindow), and places go round-robin between the rooms that
// are waiting (the room of the delivery that made the request, else the channel it goes to), so a
// room that floods waits behind one request of every other room, never the other way round.
// discord.js still keeps each route's own bucket (5 messages per 5 s in a channel) from the
// X-RateLimit headers, before a request reaches this queue.
import { DefaultRestOptions, type RESTOptions, type User } from "discord.js";
import { forRoom, roomInContext } from "../shared/room-context.ts";
import { realTimerClock, type TimerClock } from "../shared/timer-clock.ts";

export type EgressClock = TimerClock;

export interface FairWindowOptions {
  /** Requests allowed in any window of `windowMs`. */
  readonly perWindow: number;
  readonly windowMs: number;
  readonly clock?: EgressClock;
}

/**
 * A sliding-window limiter whose places go round-robin between keys: each key waiting gets one
 * place per round, in the order the keys first waited. A place counts from the moment it is given
 * until a window after its request was answered: Discord counts a request when it arrives, which
 * is some time between sending and the answer, and the network (or a stalled process on either
 * side) delays requests unevenly. Counted from the sending, requests sent a window apart could
 * arrive together and exceed the limit at Discord; counted until the answer, every request Discord
 * still counts is still counted here, however unevenly they travel.
 */
export class FairWindow {
  private readonly o: FairWindowOptions;
  private readonly clock: EgressClock;
  /** When each answered place stops counting (its answer + the window), earliest first. */
  private readonly expiries: number[] = [];
  /** Places given whose request has not been answered: Discord may count them at any moment. */
  private inFlight = 0;
  /** Per key, the waiters in order. */
  private readonly waiting = new Map<string, ((done: () => void) => void)[]>();
  /** Keys with waiters, in turn order. */
  private readonly ring: string[] = [];
  private cancelTimer: (() => void) | null = null;

  constructor(options: FairWindowOptions) {
    this.o = options;
    this.clock = options.clock ?? realTimerClock;
  }

  /**
   * Resolves when a request for `key` may go, with the function to call once it was answered (or
   * failed): the place then counts for one more window.
   */
  take(key: string): Promise<() => void> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(key);
      if (queue !== undefined) queue.push(resolve);
      else {
        this.waiting.set(key, [resolve]);
        this.ring.push(key);
      }
      this.pump();
    });
  }

  /** Requests waiting, all keys together. */
  get queued(): number {
    let n = 0;
    for (const q of this.waiting.values()) n += q.length;
    return n;
  }

  private answered(): void {
    this.inFlight--;
    const until = this.clock.now() + this.o.windowMs;
    let at = this.expiries.length;
    while (at > 0 && (this.expiries[at - 1] ?? 0) > until) at--;
    this.expiries.splice(at, 0, until);
    this.pump();
  }

  private pump(): void {
    const now = this.clock.now();
    while (this.expiries.length > 0 && (this.expiries[0] ?? 0) <= now) this.expiries.shift();
    while (this.ring.length > 0 && this.inFlight + this.expiries.length < this.o.perWindow) {
      const key = this.ring.shift() ?? "";
      const queue = this.waiting.get(key) ?? [];
      const next = queue.shift();
      if (queue.length > 0) this.ring.push(key);
      else this.waiting.delete(key);
      this.inFlight++;
      let done = false;
      next?.(() => {
        if (done) return;
        done = true;
        this.answered();
      });
    }
    // Full: wait for the earliest answered place to stop counting (an answer pumps too).
    const first = this.expiries[0];
    if (this.ring.length > 0 && this.cancelTimer === null && first !== undefined) {
      this.cancelTimer = this.clock.after(Math.max(1, first - now), () => {
        this.cancelTimer = null;
        this.pump();
      });
    }
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }
}

/** Routes outside Discord's global limit: interaction callbacks and their webhooks. */
function exempt(path: string): boolean {
  return /\/api\/v\d+\/(interactions|webhooks)\//.test(path);
}

/** The key a request queues under: its delivery's room, else the channel (or route) it goes to. */
function keyOf(url: string): string {
  const room = roomInContext();
  if (room !== undefined) return room;
  const path = new URL(url).pathname;
  const channel = /\/channels\/(\d+)/.exec(path);
  return channel?.[1] ?? path.replace(/\d+/g, ":id");
}

/**
 * Discord's global limit: 50 a second. Places count until a second after the answer, so the
 * window needs no margin for uneven travel times.
 */
export const discordGlobal: FairWindowOptions = { perWindow: 50, windowMs: 1000 };

/** How long a request may take once it has left the queue (discord.js's own default). */
const requestTimeoutMs = 15_000;
/** discord.js's timer starts before the queue: long enough for a request that waited its turn. */
const queuedTimeoutMs = 120_000;

/**
 * discord.js REST options that send every request counting against the global limit through a
 * fair window. discord.js's own (fixed-window) global count is raised out of the way: it counts
 * interaction callbacks too, and would hold requests this window lets go. Its request timeout
 * starts before the wait here, so a request that waited its turn would be cut off in flight and
 * sent again (counted twice by Discord): its timeout is lengthened, and the usual 15 s is applied
 * from the moment the request leaves the queue.
 */
export function fairRestOptions(
  window: FairWindow,
): Pick<RESTOptions, "makeRequest" | "globalRequestsPerSecond" | "timeout"> {
  const send = DefaultRestOptions.makeRequest;
  return {
    globalRequestsPerSecond: 10_000,
    timeout: queuedTimeoutMs,
    makeRequest: async (url, init) => {
      const answered = exempt(new URL(url).pathname) ? null : await window.take(keyOf(url));
      // A plain abort (an AbortError), which discord.js retries, as it does its own timeout.
      const controller = new AbortController();
      const timer = setTimeout(() => {
        controller.abort();
      }, requestTimeoutMs);
      const outer = init.signal;
      if (outer?.aborted === true) controller.abort();
      else
        outer?.addEventListener("abort", () => {
          controller.abort();
        });
      try {
        return await send(url, { ...init, signal: controller.signal });
      } finally {
        clearTimeout(timer);
        answered?.();
      }
    },
  };
}

/**
 * Opens a participant's direct-message channel while the limits have slack (when they first use
 * a command or button), so that a private answer later (a "please wait" when they write out of
 * turn, a minute or more after their last interaction) is one message and not an open first:
 * discord.js sends the opens of every user one after the other (one bucket), so opening them all
 * when a hundred workshops first need them queues each behind the rest. Once per user and process.
 */
export class DirectChannelWarmer {
  private readonly opening = new Set<string>();
  private readonly logger: { warn(msg: string, fields?: Record<string, unknown>): void };

  constructor(logger: { warn(msg: string, fields?: Record<string, unknown>): void }) {
    this.logger = logger;
  }

  warm(user: User): void {
    if (user.bot || user.dmChannel !== null || this.opening.has(user.id)) return;
    this.opening.add(user.id);
    forRoom("direct-channels", () => user.createDM())
      .catch((e: unknown) => {
        // Nothing is lost: the first private message opens it instead.
        this.logger.warn("could not open a direct-message channel ahead", {
          error: e instanceof Error ? e.message : String(e),
        });
      })
      .finally(() => {
        this.opening.delete(user.id);
      });
  }
}
