// Delivers the outbox: in order per room (one delivery in flight per room), rooms in parallel.
// A rate-limited delivery waits `retryAfterMs` and tries again; other failures are retried a few
// times with backoff, then given up and reported. Nothing is swallowed: every failure is logged.
import { killPoint } from "./kill-points.ts";
import type { ChatPlatform, DeliveryResult, Logger, PlatformFailure } from "./ports.ts";
import type { Clock } from "./scheduler.ts";
import type { OutboxEntry, Store } from "./store.ts";

/** Failures that no retry will fix. */
const permanent = new Set(["missing_permission", "not_found", "too_large", "unsupported"]);

export interface DispatcherOptions {
  readonly store: Store;
  readonly platforms: ReadonlyMap<string, ChatPlatform>;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Attempts for failures without retryAfterMs (rate limits are retried as often as they ask). */
  readonly maxAttempts?: number;
  readonly backoffMs?: number;
  /** Rate-limit retries allowed per delivery before it is given up. */
  readonly maxRateLimitRetries?: number;
  /** Told of every delivery given up, so the room's facilitators can be informed durably. */
  readonly onGiveUp?: (entry: OutboxEntry, failure: PlatformFailure) => void;
  /** Rooms this process may deliver for (several processes sharing a store); all when absent. */
  readonly ownsRoom?: (roomKey: string) => boolean;
}

export class Dispatcher {
  private readonly o: DispatcherOptions;
  private readonly active = new Map<string, Promise<void>>();
  private pendingKick: Promise<void> | null = null;
  private kickAgain = false;
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.o = options;
  }

  /** Looks for undelivered entries and starts a worker for every room that has some. */
  kick(): void {
    if (this.stopped) return;
    if (this.pendingKick !== null) {
      this.kickAgain = true;
      return;
    }
    this.pendingKick = this.scan()
      .catch((e: unknown) => {
        this.o.logger.error("outbox scan failed", { err: e });
      })
      .finally(() => {
        this.pendingKick = null;
        if (this.kickAgain) {
          this.kickAgain = false;
          this.kick();
        }
      });
  }

  private async scan(): Promise<void> {
    const pending = await this.o.store.pendingOutbox();
    const rooms = new Set(pending.map((e) => e.roomKey));
    for (const room of rooms) {
      if (this.active.has(room) || (this.o.ownsRoom !== undefined && !this.o.ownsRoom(room))) continue;
      const worker = this.drainRoom(room)
        .catch((e: unknown) => {
          this.o.logger.error("outbox worker failed", { room, err: e });
        })
        .finally(() => {
          this.active.delete(room);
        });
      this.active.set(room, worker);
    }
  }

  private async drainRoom(room: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const next = (await this.o.store.pendingOutbox()).find((e) => e.roomKey === room);
      if (next === undefined) return;
      await this.deliverOne(next);
    }
  }

  private async deliverOne(entry: OutboxEntry): Promise<void> {
    const platform = this.o.platforms.get(entry.platform);
    const maxAttempts = this.o.maxAttempts ?? 4;
    const backoff = this.o.backoffMs ?? 1000;
    const maxRateLimited = this.o.maxRateLimitRetries ?? 20;
    let attempts = 0;
    let rateLimited = 0;
    for (;;) {
      if (platform === undefined) {
        this.o.logger.error("delivery has no platform", {
          key: entry.idempotencyKey,
          platform: entry.platform,
        });
        await this.o.store.recordAttempt(entry.id, `no platform ${entry.platform}`, true);
        return;
      }
      killPoint("delivery.before-send");
      let result: DeliveryResult;
      try {
        result = await platform.deliver(entry.delivery);
      } catch (e) {
        // An adapter should return failures as values; an exception is a bug, but the delivery
        // may still be retried.
        this.o.logger.error("platform threw while delivering", { key: entry.idempotencyKey, err: e });
        result = {
          ok: false,
          failure: { code: "unavailable", message: e instanceof Error ? e.message : String(e) },
        };
      }
      killPoint("delivery.after-send");
      if (result.ok) {
        await this.o.store.markDelivered(entry.id);
        return;
      }
      const f: PlatformFailure = result.failure;
      const fields = { key: entry.idempotencyKey, room: entry.roomKey, code: f.code, error: f.message };
      if (f.retryAfterMs !== undefined && rateLimited < maxRateLimited) {
        rateLimited += 1;
        this.o.logger.warn("delivery rate limited; retrying", { ...fields, retryAfterMs: f.retryAfterMs });
        await this.o.store.recordAttempt(entry.id, `${f.code}: ${f.message}`, false);
        await this.sleep(f.retryAfterMs);
        if (this.stopped) return;
        continue;
      }
      attempts += 1;
      const giveUp = permanent.has(f.code) || attempts >= maxAttempts || f.retryAfterMs !== undefined;
      await this.o.store.recordAttempt(entry.id, `${f.code}: ${f.message}`, giveUp);
      if (giveUp) {
        this.o.logger.error("delivery failed; giving up", { ...fields, attempts });
        this.o.onGiveUp?.(entry, f);
        return;
      }
      this.o.logger.warn("delivery failed; retrying", { ...fields, attempts });
      await this.sleep(backoff * 2 ** (attempts - 1));
      if (this.stopped) return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.o.clock.at(this.o.clock.now() + ms, resolve);
    });
  }

  /** Resolves when nothing is being delivered and nothing is left to deliver. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.pendingKick !== null) await this.pendingKick;
      const workers = [...this.active.values()];
      if (workers.length === 0 && this.pendingKick === null) return;
      await Promise.all(workers);
    }
  }

  /** Flushes what is pending (bounded by `timeoutMs` of real time), then stops. */
  async stop(timeoutMs: number): Promise<void> {
    this.kick();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.stopped = true;
  }
}
