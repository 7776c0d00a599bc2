// The /sync loop: long-polls the homeserver, fetches a gap larger than one response through
// /messages, skips everything before the bot's own join, and stores the sync position only after
// every event of a batch has been handled (is durable in the runtime's inbox), so events sent while
// the bot was down are handled after a restart exactly once and old history is never replayed.
import { Method } from "matrix-js-sdk";
import { path, type ApiResult } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import type { SyncCryptoChanges } from "./crypto/e2ee.ts";
import { contentOf, type RawEvent } from "./inbound.ts";
import { errorMessage } from "../shared/errors.ts";
import { sleep } from "../shared/sleep.ts";

interface SyncRoom {
  readonly timeline?: {
    readonly events?: RawEvent[];
    readonly limited?: boolean;
    readonly prev_batch?: string;
  };
  readonly state?: { readonly events?: RawEvent[] };
  readonly invite_state?: { readonly events?: RawEvent[] };
}

interface SyncResponse extends SyncCryptoChanges {
  readonly next_batch: string;
  readonly rooms?: {
    readonly join?: Record<string, SyncRoom>;
    readonly invite?: Record<string, SyncRoom>;
    readonly leave?: Record<string, SyncRoom>;
  };
}

/** What the loop hands on, room by room. */
export interface SyncHandlers {
  /** The bot was invited; `inviteState` is the stripped state the invite carries. */
  invited(roomId: string, inviteState: readonly RawEvent[]): Promise<void>;
  /** A room the bot is already in when it first starts (its history is not handled). */
  present(roomId: string, events: readonly RawEvent[]): Promise<void>;
  /** Membership state seen in a joined room (display names). */
  members(roomId: string, stateEvents: readonly RawEvent[]): void;
  /** The bot's own join is in this batch: the room's state and timeline as far as known. */
  joined(roomId: string, events: readonly RawEvent[]): Promise<void>;
  /** One event after the bot's join, in timeline order. */
  event(roomId: string, event: RawEvent): Promise<void>;
  /** The bot left or was removed; `timeline` holds the events that say so. */
  left(roomId: string, timeline: readonly RawEvent[]): Promise<void>;
  /** A response's to-device events, device lists and key counts, before any of its rooms. */
  crypto?(changes: SyncCryptoChanges): Promise<void>;
  /** After a response's rooms, before its position is stored (held encrypted events are retried). */
  settled?(): Promise<void>;
}

export interface SyncOptions {
  /** Events per room per sync response; a larger gap is backfilled through /messages. */
  readonly timelineLimit: number;
  /** Long-poll timeout of /sync (ms). */
  readonly timeoutMs: number;
}

/** A bound against pathological gaps; the loss (if any) is logged. */
const MAX_BACKFILL = 5000;

export class SyncLoop {
  readonly #ctx: MatrixContext;
  readonly #handlers: SyncHandlers;
  readonly #options: SyncOptions;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(ctx: MatrixContext, handlers: SyncHandlers, options: SyncOptions) {
    this.#ctx = ctx;
    this.#handlers = handlers;
    this.#options = options;
  }

  /** Takes up the stored position (or the current one at the first start) and starts polling. */
  async start(): Promise<void> {
    const { state, logger, config } = this.#ctx;
    let since = await state.syncToken();
    if (since === undefined) {
      // First start: take the current position without replaying any room's history.
      const initial = await this.#sync(undefined, 0);
      if (!initial.ok) throw new Error(`Matrix initial sync failed: ${initial.error.message}`);
      await this.#processInitial(initial.value);
      await state.setSyncToken(initial.value.next_batch);
      since = initial.value.next_batch;
      logger.info("matrix: initial sync complete; history before now is ignored", { userId: config.userId });
    } else {
      logger.info("matrix: resuming from the stored sync position", { userId: config.userId });
    }
    this.#loop = this.#run(since);
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  #filter(limit: number): string {
    return JSON.stringify({
      presence: { not_types: ["*"] },
      account_data: { not_types: ["*"] },
      room: {
        timeline: { limit },
        state: { lazy_load_members: true },
        ephemeral: { not_types: ["*"] },
        account_data: { not_types: ["*"] },
      },
    });
  }

  #sync(since: string | undefined, timeoutMs: number): Promise<ApiResult<SyncResponse>> {
    return this.#ctx.api().request<SyncResponse>(Method.Get, "/sync", {
      query: {
        filter: this.#filter(since === undefined ? 1 : this.#options.timelineLimit),
        timeout: String(timeoutMs),
        ...(since === undefined ? {} : { since }),
      },
      signal: this.#abort.signal,
      timeoutMs: timeoutMs + 30_000,
    });
  }

  async #run(initialSince: string): Promise<void> {
    const { logger, state } = this.#ctx;
    let since = initialSince;
    let backoff = 1000;
    while (!this.#stopped()) {
      const result = await this.#sync(since, this.#options.timeoutMs);
      if (this.#stopped()) break;
      if (!result.ok) {
        const wait = result.error.retryAfterMs ?? backoff;
        logger.warn("matrix: sync failed; retrying", {
          code: result.error.code,
          message: result.error.message,
          waitMs: wait,
        });
        await sleep(wait, this.#abort.signal);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      try {
        await this.#process(result.value, since);
        // Only now are all of the batch's events durable in the runtime's inbox.
        await state.setSyncToken(result.value.next_batch);
        since = result.value.next_batch;
        backoff = 1000;
      } catch (error) {
        // The same batch is fetched again; events already handed over are deduplicated by id.
        logger.error("matrix: processing a sync batch failed; retrying it", { error: errorMessage(error) });
        await sleep(backoff, this.#abort.signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  async #processInitial(sync: SyncResponse): Promise<void> {
    await this.#handlers.crypto?.(sync);
    for (const [roomId, room] of Object.entries(sync.rooms?.invite ?? {}))
      await this.#handlers.invited(roomId, room.invite_state?.events ?? []);
    for (const [roomId, room] of Object.entries(sync.rooms?.join ?? {}))
      await this.#handlers.present(roomId, [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])]);
  }

  async #process(sync: SyncResponse, since: string): Promise<void> {
    await this.#handlers.crypto?.(sync);
    for (const [roomId, room] of Object.entries(sync.rooms?.invite ?? {}))
      await this.#handlers.invited(roomId, room.invite_state?.events ?? []);
    for (const [roomId, room] of Object.entries(sync.rooms?.join ?? {}))
      await this.#joinedRoom(roomId, room, since);
    for (const [roomId, room] of Object.entries(sync.rooms?.leave ?? {}))
      await this.#handlers.left(roomId, room.timeline?.events ?? []);
    await this.#handlers.settled?.();
  }

  async #joinedRoom(roomId: string, room: SyncRoom, since: string): Promise<void> {
    const stateEvents = room.state?.events ?? [];
    let timeline = room.timeline?.events ?? [];
    if (room.timeline?.limited === true && room.timeline.prev_batch !== undefined) {
      // More happened than one response holds (e.g. while the bot was down): fetch the gap.
      const gap = await this.#backfill(roomId, room.timeline.prev_batch, since);
      const known = new Set(timeline.map((e) => e.event_id));
      timeline = [...gap.filter((e) => !known.has(e.event_id)), ...timeline];
    }
    this.#handlers.members(roomId, stateEvents);

    // Everything before the bot's own join is history it was never meant to act on.
    let start = 0;
    timeline.forEach((event, index) => {
      if (
        event.type === "m.room.member" &&
        event.state_key === this.#ctx.config.userId &&
        contentOf(event)["membership"] === "join" &&
        event.unsigned?.prev_content?.["membership"] !== "join"
      ) {
        start = index + 1;
      }
    });
    if (start > 0) await this.#handlers.joined(roomId, [...stateEvents, ...timeline]);
    for (const event of timeline.slice(start)) await this.#handlers.event(roomId, event);
  }

  async #backfill(roomId: string, from: string, to: string): Promise<RawEvent[]> {
    const chunks: RawEvent[] = [];
    let token = from;
    while (chunks.length < MAX_BACKFILL) {
      const page: ApiResult<{ chunk?: RawEvent[]; end?: string }> = await this.#ctx
        .api()
        .get(path("/rooms/$room/messages", roomId), { dir: "b", from: token, to, limit: "100" });
      if (!page.ok) throw new Error(`backfilling ${roomId} failed: ${page.error.message}`);
      const chunk = page.value.chunk ?? [];
      chunks.push(...chunk);
      if (chunk.length === 0 || page.value.end === undefined || page.value.end === token) break;
      token = page.value.end;
    }
    if (chunks.length >= MAX_BACKFILL) {
      this.#ctx.logger.warn("matrix: a very large gap was only partly backfilled", { roomId });
    } else {
      this.#ctx.logger.info("matrix: backfilled a gap in a room's timeline", {
        roomId,
        events: chunks.length,
      });
    }
    return chunks.reverse();
  }
}
