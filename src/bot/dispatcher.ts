// Delivers the outbox: in order per room (one delivery in flight per room), rooms in parallel.
// A rate-limited delivery waits `retryAfterMs` and tries again; other failures are retried a few
// times with backoff, then given up and reported. Nothing is swallowed: every failure is logged.
// Committed entries are handed over directly (`enqueue`) and kept in a queue per room; the store
// is read only to find what was not handed over (`kick`: at start, and when polling a shared
// store). Delivered marks are batched into one store write per turn of the event loop. The backlog
// of a room the platform told to wait is coalesced before it is sent (coalesce.ts): superseded
// countdowns and floors are skipped.
import { beginContributionPost, endContributionPost, maybeUnknownCopy } from "./interrupted-posts.ts";
import { nextDelivery } from "./coalesce.ts";
import { killPoint } from "./kill-points.ts";
import type { ChatPlatform, DeliveryResult, Logger, PlatformFailure } from "./ports.ts";
import type { Clock } from "./scheduler.ts";
import type { OutboxEntry, Store } from "./store.ts";
import { err, ok } from "../result.ts";
import { reportFilesDelivery } from "./report-files.ts";

/** Failures that no retry will fix. */
const permanent = new Set(["missing_permission", "not_found", "too_large", "unsupported", "interrupted"]);

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
  /**
   * Nothing is sent before this settles: the platforms have started (a terminal room relearns
   * what it showed before the restart, so a delivery left over from then is not shown before it).
   */
  readonly ready?: Promise<void>;
}

export class Dispatcher {
  private readonly o: DispatcherOptions;
  /** Entries waiting per room, in id order; the room's worker takes them one at a time. */
  private readonly queues = new Map<string, OutboxEntry[]>();
  /**
   * Ids queued, in flight, or delivered but not yet marked in the store: each entry is handed to a
   * worker once, whether it came straight from a commit (`enqueue`) or from a scan of the store.
   */
  private readonly known = new Set<number>();
  private readonly active = new Map<string, Promise<void>>();
  /**
   * Rooms whose undelivered entries were read from the store since this process began delivering
   * for them. A room's first worker reads them before delivering anything handed over directly,
   * so entries left over from before a restart (or from the process that drove the room before)
   * go out first, in order.
   */
  private readonly synced = new Set<string>();
  /**
   * Rooms the platform told to wait (a rate limit), until their queue is empty: their backlog is
   * coalesced (coalesce.ts). Other rooms send every entry as it is.
   */
  private readonly throttled = new Set<string>();
  private pendingKick: Promise<void> | null = null;
  private kickAgain = false;
  /** Delivered ids not yet marked in the store: written together, in one transaction. */
  private toMark: number[] = [];
  private flushScheduled = false;
  /** Scans and mark flushes run one after the other, so a scan never sees a half-done flush. */
  private storeOps: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.o = options;
  }

  /**
   * Hands over the outbox entries a step just committed (the common path: no store read). The
   * store stays the source of truth: `kick` finds whatever was committed but not handed over
   * (after a restart, or entries another process wrote).
   */
  enqueue(entries: readonly OutboxEntry[]): void {
    if (this.stopped) return;
    for (const entry of entries) this.add(entry);
  }

  /**
   * Forgets entries a forget-me deleted from the store, so they are not sent. The one a worker is
   * sending right now (the head of an active room's queue) cannot be called back.
   */
  drop(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    for (const [room, queue] of this.queues) {
      const from = this.active.has(room) ? 1 : 0;
      for (let i = queue.length - 1; i >= from; i--) if (gone.has(queue[i]?.id ?? -1)) queue.splice(i, 1);
    }
  }

  /** Looks for undelivered entries in the store and starts a worker for every room that has some. */
  kick(): void {
    if (this.stopped) return;
    if (this.pendingKick !== null) {
      this.kickAgain = true;
      return;
    }
    this.pendingKick = this.serial(() => this.scan())
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

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.storeOps.then(op);
    this.storeOps = run.catch(() => undefined);
    return run;
  }

  private async scan(): Promise<void> {
    const pending = await this.o.store.pendingOutbox();
    // Every undelivered entry of these rooms is in hand now: their workers need not read again.
    for (const entry of pending) {
      if (this.o.ownsRoom === undefined || this.o.ownsRoom(entry.roomKey)) this.synced.add(entry.roomKey);
    }
    for (const entry of pending) this.add(entry);
  }

  private add(entry: OutboxEntry): void {
    const room = entry.roomKey;
    if (this.known.has(entry.id) || (this.o.ownsRoom !== undefined && !this.o.ownsRoom(room))) return;
    this.known.add(entry.id);
    let queue = this.queues.get(room);
    if (queue === undefined) {
      queue = [];
      this.queues.set(room, queue);
    }
    // Nearly always the newest: append; an older entry a scan found goes in its place.
    let i = queue.length;
    while (i > 0 && (queue[i - 1]?.id ?? 0) > entry.id) i--;
    queue.splice(i, 0, entry);
    if (!this.active.has(room)) this.startWorker(room);
  }

  private startWorker(room: string): void {
    const worker = this.drainRoom(room)
      .catch((e: unknown) => {
        this.o.logger.error("outbox worker failed", { room, err: e });
      })
      .finally(() => {
        this.active.delete(room);
        if (!this.stopped && (this.queues.get(room)?.length ?? 0) > 0) this.startWorker(room);
      });
    this.active.set(room, worker);
  }

  private async drainRoom(room: string): Promise<void> {
    await this.o.ready;
    if (!this.synced.has(room)) {
      const pending = await this.serial(() => this.o.store.pendingOutbox(room));
      for (const entry of pending) this.add(entry);
      this.synced.add(room);
    }
    const queue = this.queues.get(room);
    if (queue === undefined) return;
    while (queue.length > 0) {
      if (this.stopped) return;
      if (this.o.ownsRoom !== undefined && !this.o.ownsRoom(room)) {
        // Another process drives the room now; a later scan finds what is still undelivered.
        for (const e of queue.splice(0)) this.known.delete(e.id);
        this.synced.delete(room);
        break;
      }
      // In a room told to wait, what a later entry makes needless is marked delivered unsent
      // (coalesce.ts).
      const next = nextDelivery(queue, this.throttled.has(room));
      if (next === null) break;
      queue.splice(0, next.superseded.length);
      for (const e of next.superseded) this.delivered(e.id);
      await this.deliverOne(next.entry);
      queue.shift();
    }
    if (queue.length === 0 && this.queues.get(room) === queue) {
      this.queues.delete(room);
      this.throttled.delete(room);
    }
  }

  /** Marks a delivered entry: batched with the others delivered in the same turn of the event loop. */
  private delivered(id: number): void {
    this.toMark.push(id);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /**
   * Writes the delivered marks. Until then a crash would send those entries again after the
   * restart, with the same idempotency keys (Discord nonces, Matrix transaction ids), exactly as a
   * crash between a send and its mark always could.
   */
  private flush(): Promise<boolean> {
    return this.serial(async () => {
      const ids = this.toMark;
      if (ids.length === 0) return true;
      this.toMark = [];
      try {
        await this.o.store.markDelivered(ids);
      } catch (e) {
        this.o.logger.error("cannot mark deliveries as delivered", { count: ids.length, err: e });
        this.toMark.unshift(...ids);
        return false;
      }
      for (const id of ids) this.known.delete(id);
      return true;
    });
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
        this.known.delete(entry.id);
        return;
      }
      killPoint("delivery.before-send");
      await beginContributionPost(this.o.store, entry);
      let result: DeliveryResult;
      try {
        result =
          entry.delivery.kind === "retract"
            ? await this.retract(platform, entry, entry.delivery.contributionRef)
            : entry.delivery.kind === "report"
              ? await this.report(platform, entry.delivery)
              : await platform.deliver(entry.delivery);
      } catch (e) {
        // An adapter should return failures as values; an exception is a bug, but the delivery
        // may still be retried.
        this.o.logger.error("platform threw while delivering", { key: entry.idempotencyKey, err: e });
        result = err({ code: "unavailable", message: e instanceof Error ? e.message : String(e) });
      }
      killPoint("delivery.after-send");
      if (result.ok) {
        // A contribution post's message ids, kept before the room's next delivery (a retract of it).
        const posted = result.value?.messageIds ?? [];
        if (
          entry.delivery.kind === "say" &&
          entry.delivery.contributionRef !== undefined &&
          posted.length > 0
        ) {
          killPoint("delivery.contribution-posted");
          await this.o.store.recordPosted(entry.id, posted);
        }
        await endContributionPost(this.o.store, entry);
        this.delivered(entry.id);
        return;
      }
      const f: PlatformFailure = result.error;
      const fields = { key: entry.idempotencyKey, room: entry.roomKey, code: f.code, error: f.message };
      if (f.retryAfterMs !== undefined && rateLimited < maxRateLimited) {
        rateLimited += 1;
        this.throttled.add(entry.roomKey);
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
        this.known.delete(entry.id);
        this.o.logger.error("delivery failed; giving up", { ...fields, attempts });
        this.o.onGiveUp?.(entry, f);
        return;
      }
      this.o.logger.warn("delivery failed; retrying", { ...fields, attempts });
      await this.sleep(backoff * 2 ** (attempts - 1));
      if (this.stopped) return;
    }
  }

  /**
   * Takes back every post of a contribution in this room (safeguarding `hide`). The posts were
   * delivered before it (one delivery at a time per room), so their message ids are stored.
   */
  private async retract(platform: ChatPlatform, entry: OutboxEntry, ref: number): Promise<DeliveryResult> {
    if (platform.retract === undefined)
      return err({ code: "unsupported", message: `${platform.name} cannot take posts back` });
    if (entry.sessionId === null) return ok();
    const ids = await this.o.store.postedMessages(entry.sessionId, entry.roomKey, ref);
    for (const id of ids) {
      const r = await platform.retract(entry.delivery.roomId, id);
      if (!r.ok) return r;
    }
    // Every post it knows of is gone; one sent before a crash may not be (the facilitators are told).
    if (await maybeUnknownCopy(this.o.store, entry, ref))
      return err({
        code: "interrupted",
        message: `a post of #${String(ref)} sent before a restart is unknown`,
      });
    return ok();
  }

  /** A report's files, made from the store now (the outbox holds no bytes), then delivered. */
  private async report(
    platform: ChatPlatform,
    delivery: Extract<OutboxEntry["delivery"], { kind: "report" }>,
  ): Promise<DeliveryResult> {
    const files = await reportFilesDelivery(this.o.store, delivery);
    return files.ok ? platform.deliver(files.value) : files;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.o.clock.at(this.o.clock.now() + ms, resolve);
    });
  }

  /** Resolves when nothing is being delivered, nothing is left to deliver and every mark is written. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.pendingKick !== null) await this.pendingKick;
      const workers = [...this.active.values()];
      if (workers.length > 0) {
        await Promise.all(workers);
        continue;
      }
      if (this.toMark.length > 0 && !(await this.flush())) return;
      await this.storeOps;
      if (this.pendingKick === null && this.active.size === 0 && this.toMark.length === 0) return;
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
    await this.flush();
  }
}
