// MatrixPlatform: Parley's workshops in Matrix rooms. Translates both ways and holds no workshop
// logic. Inbound: a /sync loop (matrix-js-sdk's HTTP layer) whose token is persisted only after
// every event of a batch is durable in the runtime's inbox, so events sent while the bot was down
// are processed after a restart exactly once and old history is never replayed. Outbound: notices
// with sanitised HTML, sent under transaction ids derived from the delivery's idempotency key.
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { createClient, Method, type MatrixClient } from "matrix-js-sdk";
import type {
  Capabilities,
  ChatPlatform,
  Delivery,
  DeliveryAudience,
  DeliveryResult,
  InboundEvent,
  InboundSink,
  Logger,
  PlatformFailure,
  Segment,
  Sender,
} from "../../bot/ports.ts";
import { MatrixApi, path, sleep, toFailure, type ApiResult } from "./api.ts";
import { groupsOf, mayInvite, type MatrixConfig, type MatrixCredentials } from "./config.ts";
import {
  commandIn,
  numberIn,
  pollAnswers,
  relation,
  repliedTo,
  stripReplyFallback,
  withPillsQuoted,
  type RawEvent,
} from "./inbound.ts";
import { splitWords } from "../../bot/commands.ts";
import {
  adapterText,
  notice,
  OPTION_KEYS,
  optionIndexOfKey,
  timerSuffix,
  type NoticeContent,
} from "./render.ts";
import { AdapterState, type FloorRecord, type PrivateContext, type PromptRecord } from "./state.ts";
import type { CursorStore } from "../../bot/ports.ts";

/** Synapse refuses events over 65,536 bytes; keep a margin for the envelope. */
const MAX_CONTENT_BYTES = 60_000;
const POLL_START = "org.matrix.msc3381.poll.start";
const POLL_RESPONSE_TYPES = new Set(["m.poll.response", "org.matrix.msc3381.poll.response"]);
/** Participants may still react and answer polls while someone else holds the floor. */
const OPEN_DURING_FLOOR = ["m.reaction", "m.poll.response", "org.matrix.msc3381.poll.response"];

/** What the bot tells an end-to-end encrypted room (and its facilitators), in `locale`. */
export function encryptedRoomNotice(locale?: string): string {
  return adapterText(locale, "matrix.encryptedRoom");
}

/** The English notice (the default when no locale is configured). */
export const ENCRYPTED_ROOM_NOTICE = encryptedRoomNotice("en");

interface SyncRoom {
  readonly timeline?: {
    readonly events?: RawEvent[];
    readonly limited?: boolean;
    readonly prev_batch?: string;
  };
  readonly state?: { readonly events?: RawEvent[] };
  readonly invite_state?: { readonly events?: RawEvent[] };
}

interface SyncResponse {
  readonly next_batch: string;
  readonly rooms?: {
    readonly join?: Record<string, SyncRoom>;
    readonly invite?: Record<string, SyncRoom>;
    readonly leave?: Record<string, SyncRoom>;
  };
}

interface PowerLevels {
  users?: Record<string, number>;
  users_default?: number;
  events?: Record<string, number>;
  events_default?: number;
  state_default?: number;
  [key: string]: unknown;
}

export interface MatrixPlatformOptions {
  readonly config: MatrixConfig;
  readonly credentials: MatrixCredentials;
  readonly cursors: CursorStore;
  readonly logger: Logger;
  /** Events per room per sync response; a larger gap is backfilled through /messages. */
  readonly timelineLimit?: number;
  /** Long-poll timeout of /sync (ms). */
  readonly syncTimeoutMs?: number;
  /** Splits a command line into words; the runtime's shared grammar (src/bot/commands.ts) by default. */
  readonly splitCommandLine?: (line: string) => string[];
  /**
   * The locale of a Matrix room's public text (rooms[…].locale, else the configured locale), for
   * the adapter's own notices; English when absent.
   */
  readonly localeOf?: (roomId: string) => string | undefined;
}

const CAPABILITIES: Capabilities = {
  buttons: false,
  modals: false,
  directMessages: true,
  threads: false,
  strictFloor: true,
  // Reactions, poll answers and replies are room events every member sees.
  privateAnswersInRoom: false,
  maxMessageLength: 8000,
};

function transactionId(idempotencyKey: string, part: string): string {
  return `parley-${createHash("sha256").update(`${idempotencyKey}\u0000${part}`).digest("base64url").slice(0, 40)}`;
}

function localpart(userId: string): string {
  return userId.slice(1, userId.includes(":") ? userId.indexOf(":") : undefined);
}

function failed(failure: PlatformFailure): DeliveryResult {
  return { ok: false, failure };
}

function contentOf(event: RawEvent): Record<string, unknown> {
  return event.content ?? {};
}

/** Wraps Parley's logger for matrix-js-sdk, dropping its chatter to debug and any secret it might echo. */
function sdkLogger(
  logger: Logger,
  secrets: () => readonly string[],
): Parameters<typeof createClient>[0]["logger"] {
  const scrub = (parts: unknown[]): string => {
    let text = parts
      .map((part) =>
        typeof part === "string" ? part : part instanceof Error ? part.message : JSON.stringify(part),
      )
      .join(" ");
    for (const secret of secrets()) if (secret !== "") text = text.split(secret).join("[redacted]");
    return text;
  };
  const make = (): NonNullable<Parameters<typeof createClient>[0]["logger"]> => ({
    trace: () => undefined,
    debug: (...parts: unknown[]) => {
      logger.debug(`matrix-js-sdk: ${scrub(parts)}`);
    },
    info: (...parts: unknown[]) => {
      logger.debug(`matrix-js-sdk: ${scrub(parts)}`);
    },
    warn: (...parts: unknown[]) => {
      logger.warn(`matrix-js-sdk: ${scrub(parts)}`);
    },
    error: (...parts: unknown[]) => {
      logger.error(`matrix-js-sdk: ${scrub(parts)}`);
    },
    getChild: () => make(),
  });
  return make();
}

export class MatrixPlatform implements ChatPlatform {
  readonly name = "matrix";
  readonly capabilities = CAPABILITIES;

  readonly #config: MatrixConfig;
  readonly #credentials: MatrixCredentials;
  readonly #logger: Logger;
  readonly #state: AdapterState;
  readonly #timelineLimit: number;
  readonly #syncTimeoutMs: number;
  readonly #split: (line: string) => string[];
  readonly #localeOf: (roomId: string) => string | undefined;

  #accessToken = "";
  #api: MatrixApi | undefined;
  #sink: InboundSink | undefined;
  #botNames: string[] = [];
  #stopping = false;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Recently handled event ids (the runtime's inbox deduplicates durably; this spares it). */
  readonly #seen = new Set<string>();
  readonly #displayNames = new Map<string, string>();
  readonly #directRoomLocks = new Map<string, Promise<ApiResult<string>>>();
  readonly #roomLocks = new Map<string, Promise<unknown>>();
  readonly #creators = new Map<string, string[]>();

  constructor(options: MatrixPlatformOptions) {
    this.#config = options.config;
    this.#credentials = options.credentials;
    this.#logger = options.logger;
    this.#state = new AdapterState(options.cursors);
    this.#timelineLimit = options.timelineLimit ?? 100;
    this.#syncTimeoutMs = options.syncTimeoutMs ?? 30_000;
    this.#split = options.splitCommandLine ?? splitWords;
    this.#localeOf = options.localeOf ?? (() => undefined);
  }

  get userId(): string {
    return this.#config.userId;
  }

  // ---------------------------------------------------------------- lifecycle

  async start(sink: InboundSink): Promise<void> {
    const api = await this.#connect();
    this.#api = api;
    this.#sink = sink;

    const profile = await api.get<{ displayname?: string }>(path("/profile/$user", this.#config.userId));
    const displayName = profile.ok ? profile.value.displayname : undefined;
    this.#botNames = [
      this.#config.userId,
      localpart(this.#config.userId),
      ...(displayName === undefined ? [] : [displayName]),
    ];

    let since = await this.#state.syncToken();
    if (since === undefined) {
      // First start: take the current position without replaying any room's history.
      const initial = await this.#sync(undefined, 0);
      if (!initial.ok) throw new Error(`Matrix initial sync failed: ${initial.failure.message}`);
      await this.#processInitial(initial.value);
      await this.#state.setSyncToken(initial.value.next_batch);
      since = initial.value.next_batch;
      this.#logger.info("matrix: initial sync complete; history before now is ignored", {
        userId: this.#config.userId,
      });
    } else {
      this.#logger.info("matrix: resuming from the stored sync position", { userId: this.#config.userId });
    }
    this.#loop = this.#runLoop(since);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #connect(): Promise<MatrixApi> {
    const secrets = (): string[] => [this.#accessToken, this.#credentials.password ?? ""];
    const logger = sdkLogger(this.#logger, secrets);
    let token = this.#credentials.accessToken;
    if (token === undefined) {
      const loginClient = createClient({
        baseUrl: this.#config.homeserverUrl,
        ...(logger === undefined ? {} : { logger }),
      });
      try {
        const login = await loginClient.loginRequest({
          type: "m.login.password",
          identifier: { type: "m.id.user", user: this.#config.userId },
          password: this.#credentials.password ?? "",
          device_id: this.#config.deviceId,
          initial_device_display_name: "Parley",
        });
        token = login.access_token;
      } catch (error) {
        throw new Error(`Matrix login as ${this.#config.userId} failed: ${toFailure(error).message}`, {
          cause: error,
        });
      }
    }
    this.#accessToken = token;
    const client: MatrixClient = createClient({
      baseUrl: this.#config.homeserverUrl,
      accessToken: token,
      userId: this.#config.userId,
      deviceId: this.#config.deviceId,
      ...(logger === undefined ? {} : { logger }),
    });
    const api = new MatrixApi(client, this.#logger);
    const whoami = await api.get<{ user_id: string }>("/account/whoami");
    if (!whoami.ok) throw new Error(`Matrix credentials were refused: ${whoami.failure.message}`);
    if (whoami.value.user_id !== this.#config.userId) {
      throw new Error(
        `The Matrix credentials belong to ${whoami.value.user_id}, not to matrix.userId ${this.#config.userId}`,
      );
    }
    return api;
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
    const api = this.#requireApi();
    return api.request<SyncResponse>(Method.Get, "/sync", {
      query: {
        filter: this.#filter(since === undefined ? 1 : this.#timelineLimit),
        timeout: String(timeoutMs),
        ...(since === undefined ? {} : { since }),
      },
      signal: this.#abort.signal,
      timeoutMs: timeoutMs + 30_000,
    });
  }

  async #runLoop(initialSince: string): Promise<void> {
    let since = initialSince;
    let backoff = 1000;
    while (!this.#stopping) {
      const result = await this.#sync(since, this.#syncTimeoutMs);
      if (this.#abort.signal.aborted) break;
      if (!result.ok) {
        const wait = result.failure.retryAfterMs ?? backoff;
        this.#logger.warn("matrix: sync failed; retrying", {
          code: result.failure.code,
          message: result.failure.message,
          waitMs: wait,
        });
        await sleep(wait, this.#abort.signal);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      try {
        await this.#processSync(result.value, since);
        // Only now are all of the batch's events durable in the runtime's inbox.
        await this.#state.setSyncToken(result.value.next_batch);
        since = result.value.next_batch;
        backoff = 1000;
      } catch (error) {
        // The same batch is fetched again; events already handed over are deduplicated by id.
        this.#logger.error("matrix: processing a sync batch failed; retrying it", {
          error: error instanceof Error ? error.message : String(error),
        });
        await sleep(backoff, this.#abort.signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  // ---------------------------------------------------------------- inbound

  async #processInitial(sync: SyncResponse): Promise<void> {
    for (const [roomId, room] of Object.entries(sync.rooms?.invite ?? {}))
      await this.#handleInvite(roomId, room);
    for (const [roomId, room] of Object.entries(sync.rooms?.join ?? {})) {
      const events = [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])];
      this.#rememberNames(roomId, events);
      if (events.some((event) => event.type === "m.room.encryption")) await this.#encryptionNotice(roomId);
    }
  }

  async #processSync(sync: SyncResponse, since: string): Promise<void> {
    for (const [roomId, room] of Object.entries(sync.rooms?.invite ?? {}))
      await this.#handleInvite(roomId, room);
    for (const [roomId, room] of Object.entries(sync.rooms?.join ?? {}))
      await this.#handleJoinedRoom(roomId, room, since);
    for (const [roomId, room] of Object.entries(sync.rooms?.leave ?? {})) {
      const user = await this.#state.directRoomUser(roomId);
      if (user !== undefined) await this.#state.forgetDirectRoom(user, roomId);
      const kicked = (room.timeline?.events ?? []).find(
        (e) => e.type === "m.room.member" && e.state_key === this.#config.userId,
      );
      this.#logger.info("matrix: the bot is no longer in a room", { roomId, by: kicked?.sender });
    }
  }

  async #handleInvite(roomId: string, room: SyncRoom): Promise<void> {
    const api = this.#requireApi();
    const invite = (room.invite_state?.events ?? []).find(
      (event) =>
        event.type === "m.room.member" &&
        event.state_key === this.#config.userId &&
        contentOf(event)["membership"] === "invite",
    );
    const inviter = invite?.sender ?? "";
    if (inviter !== "" && mayInvite(this.#config, inviter)) {
      const joined = await api.post(path("/rooms/$room/join", roomId), {});
      if (joined.ok) this.#logger.info("matrix: accepted an invite", { roomId, inviter });
      else
        this.#logger.error("matrix: could not join after an invite", {
          roomId,
          inviter,
          code: joined.failure.code,
          message: joined.failure.message,
        });
      return;
    }
    const left = await api.post(path("/rooms/$room/leave", roomId), {});
    this.#logger.warn("matrix: refused an invite from a user not in matrix.allowedInviters", {
      roomId,
      inviter,
      ...(left.ok ? {} : { code: left.failure.code }),
    });
  }

  async #handleJoinedRoom(roomId: string, room: SyncRoom, since: string): Promise<void> {
    const stateEvents = room.state?.events ?? [];
    let timeline = room.timeline?.events ?? [];
    if (room.timeline?.limited === true && room.timeline.prev_batch !== undefined) {
      // More happened than one response holds (e.g. while the bot was down): fetch the gap.
      const gap = await this.#backfill(roomId, room.timeline.prev_batch, since);
      const known = new Set(timeline.map((e) => e.event_id));
      timeline = [...gap.filter((e) => !known.has(e.event_id)), ...timeline];
    }
    this.#rememberNames(roomId, stateEvents);

    // Everything before the bot's own join is history it was never meant to act on.
    let start = 0;
    timeline.forEach((event, index) => {
      if (
        event.type === "m.room.member" &&
        event.state_key === this.#config.userId &&
        contentOf(event)["membership"] === "join" &&
        event.unsigned?.prev_content?.["membership"] !== "join"
      ) {
        start = index + 1;
      }
    });
    if (start > 0 && [...stateEvents, ...timeline].some((e) => e.type === "m.room.encryption")) {
      await this.#encryptionNotice(roomId);
    }
    for (const event of timeline.slice(start)) await this.#handleEvent(roomId, event);
  }

  async #backfill(roomId: string, from: string, to: string): Promise<RawEvent[]> {
    const api = this.#requireApi();
    const chunks: RawEvent[] = [];
    let token = from;
    // A bound against pathological gaps; the loss (if any) is logged.
    while (chunks.length < 5000) {
      const page: ApiResult<{ chunk?: RawEvent[]; end?: string }> = await api.get(
        path("/rooms/$room/messages", roomId),
        {
          dir: "b",
          from: token,
          to,
          limit: "100",
        },
      );
      if (!page.ok) throw new Error(`backfilling ${roomId} failed: ${page.failure.message}`);
      const chunk = page.value.chunk ?? [];
      chunks.push(...chunk);
      if (chunk.length === 0 || page.value.end === undefined || page.value.end === token) break;
      token = page.value.end;
    }
    if (chunks.length >= 5000) {
      this.#logger.warn("matrix: a very large gap was only partly backfilled", { roomId });
    } else {
      this.#logger.info("matrix: backfilled a gap in a room's timeline", { roomId, events: chunks.length });
    }
    return chunks.reverse();
  }

  #rememberNames(roomId: string, events: readonly RawEvent[]): void {
    for (const event of events) {
      if (event.type !== "m.room.member" || event.state_key === undefined) continue;
      const name = contentOf(event)["displayname"];
      if (typeof name === "string" && name !== "")
        this.#displayNames.set(`${roomId}|${event.state_key}`, name);
    }
  }

  async #sender(roomId: string, userId: string): Promise<Sender> {
    const key = `${roomId}|${userId}`;
    let name = this.#displayNames.get(key);
    if (name === undefined) {
      const member = await this.#requireApi().get<{ displayname?: string }>(
        path("/rooms/$room/state/m.room.member/$user", roomId, userId),
      );
      name =
        member.ok && typeof member.value.displayname === "string" && member.value.displayname !== ""
          ? member.value.displayname
          : localpart(userId);
      this.#displayNames.set(key, name);
    }
    // Matrix has no roles: the configured group names a user matches, and the user id itself, stand
    // in for them (so rooms[…].groupRoles / facilitatorRoles can name either).
    return { userId, displayName: name, roles: [...groupsOf(this.#config, userId), userId] };
  }

  async #emit(event: InboundEvent): Promise<void> {
    const sink = this.#sink;
    if (sink === undefined) throw new Error("MatrixPlatform: no sink (start() was not called)");
    await sink(event);
  }

  async #handleEvent(roomId: string, event: RawEvent): Promise<void> {
    const eventId = event.event_id;
    const type = event.type ?? "";
    const sender = event.sender ?? "";
    if (eventId === undefined || this.#seen.has(eventId)) return;
    this.#rememberNames(roomId, [event]);
    if (sender !== this.#config.userId) {
      await this.#translate(roomId, event, eventId, type, sender);
    }
    this.#seen.add(eventId);
    if (this.#seen.size > 20_000) {
      for (const old of [...this.#seen].slice(0, 10_000)) this.#seen.delete(old);
    }
  }

  async #translate(
    roomId: string,
    event: RawEvent,
    eventId: string,
    type: string,
    sender: string,
  ): Promise<void> {
    const content = contentOf(event);
    const at = event.origin_server_ts ?? Date.now();
    const base = { platform: this.name, eventId, at } as const;
    const directUser = await this.#state.directRoomUser(roomId);

    if (type === "m.room.encryption" || type === "m.room.encrypted") {
      await this.#encryptionNotice(roomId);
      return;
    }

    if (type === "m.room.member") {
      const member = event.state_key ?? "";
      const membership = content["membership"];
      const previous = event.unsigned?.prev_content?.["membership"];
      if (directUser !== undefined) {
        if (member === directUser && (membership === "leave" || membership === "ban")) {
          await this.#state.forgetDirectRoom(directUser, roomId);
        }
        return;
      }
      if (member === this.#config.userId || member === "") return;
      if (membership === "join" && previous !== "join") {
        await this.#emit({ ...base, roomId, sender: await this.#sender(roomId, member), kind: "join" });
      } else if ((membership === "leave" || membership === "ban") && previous === "join") {
        await this.#emit({ ...base, roomId, sender: await this.#sender(roomId, member), kind: "leave" });
      }
      return;
    }

    if (type === "m.reaction") {
      const rel = relation(content);
      if (rel?.relType !== "m.annotation" || rel.key === undefined) return;
      const prompt = await this.#answerable(rel.eventId, roomId);
      const index = optionIndexOfKey(rel.key);
      const value = prompt === undefined || index === undefined ? undefined : prompt.values[index];
      if (prompt === undefined || value === undefined) return;
      await this.#emit({
        ...base,
        roomId: prompt.workshopRoomId,
        sender: await this.#sender(roomId, sender),
        kind: "choice",
        promptId: prompt.promptId,
        value,
      });
      const context = directUser === sender ? await this.#state.privateContext(sender) : undefined;
      if (context?.ask?.eventId === rel.eventId) await this.#noteAnswered(sender, context);
      return;
    }

    if (POLL_RESPONSE_TYPES.has(type)) {
      const rel = relation(content);
      const answers = pollAnswers(type, content);
      if (rel === undefined || answers === undefined) return;
      const prompt = await this.#answerable(rel.eventId, roomId);
      if (prompt === undefined) return;
      const who = await this.#sender(roomId, sender);
      let n = 0;
      for (const answer of answers) {
        const value = prompt.values[Number(answer) - 1];
        if (value === undefined) continue;
        await this.#emit({
          ...base,
          eventId: n === 0 ? eventId : `${eventId}#${n}`,
          roomId: prompt.workshopRoomId,
          sender: who,
          kind: "choice",
          promptId: prompt.promptId,
          value,
        });
        n++;
      }
      return;
    }

    if (type !== "m.room.message") return;
    const msgtype = content["msgtype"];
    const body = content["body"];
    // Notices are other bots talking (answering them invites loops); edits are not new turns.
    if ((msgtype !== "m.text" && msgtype !== "m.emote") || typeof body !== "string") return;
    if (relation(content)?.relType === "m.replace") return;
    const text = stripReplyFallback(body);

    if (directUser !== undefined) {
      if (sender === directUser) await this.#translateDirect(roomId, sender, text, content, base);
      return;
    }

    const who = await this.#sender(roomId, sender);
    if (await this.#emitCommand(text, content, roomId, who, base)) return;
    // No question is ever asked in a shared room, so a number there is just a message.
    await this.#emit({ ...base, roomId, sender: who, kind: "message", text });
  }

  /** A `!parley` command (or a mention of the bot) in `text`, handed on as the workshop room's; false if none. */
  async #emitCommand(
    text: string,
    content: Record<string, unknown>,
    roomId: string,
    sender: Sender,
    base: { readonly platform: string; readonly eventId: string; readonly at: number },
  ): Promise<boolean> {
    const command = this.#commandIn(text, content);
    if (command === undefined) return false;
    await this.#emit({ ...base, roomId, sender, kind: "command", name: command.name, args: command.args });
    return true;
  }

  async #translateDirect(
    directRoomId: string,
    userId: string,
    text: string,
    content: Record<string, unknown>,
    base: { readonly platform: string; readonly eventId: string; readonly at: number },
  ): Promise<void> {
    const context = await this.#state.privateContext(userId);
    if (context === undefined) {
      this.#logger.debug("matrix: a direct message with no workshop to relate it to", {
        roomId: directRoomId,
      });
      return;
    }
    const roomId = context.workshopRoomId;
    const who = await this.#sender(roomId, userId);
    if (await this.#emitCommand(text, content, roomId, who, base)) return;
    const number = numberIn(text);
    // A bare number answers the latest question while it is open: when a question and a request
    // for text arrive together (consent, and an invitation to propose a rule), "1" is the answer,
    // not a proposal. Once answered, numbers go to the newer request for text.
    const askIsOpen =
      context.ask !== undefined &&
      (context.collect === undefined ||
        context.ask.at >= context.collect.at ||
        context.ask.answered !== true);
    if (number !== undefined && (askIsOpen || repliedTo(content) !== undefined)) {
      const target = repliedTo(content) ?? context.ask?.eventId;
      const prompt = target === undefined ? undefined : await this.#answerable(target, directRoomId);
      const value = prompt?.values[number - 1];
      if (prompt !== undefined && value !== undefined) {
        await this.#emit({
          ...base,
          roomId: prompt.workshopRoomId,
          sender: who,
          kind: "choice",
          promptId: prompt.promptId,
          value,
        });
        if (target === context.ask?.eventId) await this.#noteAnswered(userId, context);
        return;
      }
    }
    if (context.collect !== undefined) {
      await this.#emit({
        ...base,
        roomId,
        sender: who,
        kind: "private",
        promptId: context.collect.promptId,
        text,
      });
      return;
    }
    this.#logger.debug("matrix: a direct message while nothing is being collected", { roomId: directRoomId });
  }

  /** The command a message carries, a person picked as a pill (a display name) kept as one argument. */
  #commandIn(text: string, content: Record<string, unknown>): ReturnType<typeof commandIn> {
    const command = commandIn(text, this.#config.commandPrefix, this.#botNames, this.#split);
    if (command === undefined) return undefined;
    const quoted = withPillsQuoted(text, content, [this.#config.userId]);
    return quoted === text
      ? command
      : commandIn(quoted, this.#config.commandPrefix, this.#botNames, this.#split);
  }

  /**
   * The prompt `eventId` if it may be answered from `roomId`: only where it was asked (a direct
   * room, or the facilitators' room), never by a reaction or reply relating to it from elsewhere.
   */
  async #answerable(eventId: string, roomId: string): Promise<PromptRecord | undefined> {
    const prompt = await this.#promptFor(eventId);
    return prompt?.postedIn === roomId ? prompt : undefined;
  }

  /** A prompt record; if a delivery is still in flight, its record may be about to be written. */
  async #promptFor(eventId: string): Promise<PromptRecord | undefined> {
    const found = await this.#state.prompt(eventId);
    if (found !== undefined || this.#inFlight.size === 0) return found;
    await Promise.allSettled([...this.#inFlight]);
    return this.#state.prompt(eventId);
  }

  async #encryptionNotice(roomId: string): Promise<void> {
    if (await this.#state.encryptionNoticeSent(roomId)) return;
    this.#logger.warn("matrix: the bot is in an end-to-end encrypted room it cannot read", { roomId });
    const text = encryptedRoomNotice(this.#localeOf(roomId));
    const content = notice([{ text }]);
    const key = `e2ee-notice:${roomId}`;
    const sent = await this.#send(roomId, "m.room.message", content, transactionId(key, "room"));
    if (!sent.ok) {
      this.#logger.error("matrix: could not tell an encrypted room what the bot cannot do", {
        roomId,
        code: sent.failure.code,
      });
    }
    const facilitatorsRoom = this.#config.facilitatorsRoom;
    if (facilitatorsRoom !== undefined && facilitatorsRoom !== roomId) {
      const name = await this.#roomName(roomId);
      const told = await this.#send(
        facilitatorsRoom,
        "m.room.message",
        notice([{ text: `[${name}] `, style: "strong" }, { text }]),
        transactionId(key, "facilitators"),
      );
      if (!told.ok)
        this.#logger.error("matrix: could not tell the facilitators about an encrypted room", {
          roomId,
          code: told.failure.code,
        });
    }
    if (sent.ok) await this.#state.markEncryptionNoticeSent(roomId);
  }

  // ---------------------------------------------------------------- outbound

  deliver(delivery: Delivery): Promise<DeliveryResult> {
    if (this.#api === undefined) {
      return Promise.resolve(
        failed({ code: "unavailable", message: "the Matrix platform is not started", retryAfterMs: 1000 }),
      );
    }
    // Deliveries to one room are applied in order (power levels are read-modify-write).
    const previous = this.#roomLocks.get(delivery.roomId) ?? Promise.resolve();
    const work = previous
      .then(() => this.#deliver(delivery))
      .catch((error: unknown): DeliveryResult => {
        this.#logger.error("matrix: delivery failed unexpectedly", {
          error: error instanceof Error ? error.message : String(error),
        });
        return failed({
          code: "unavailable",
          message: error instanceof Error ? error.message : String(error),
          retryAfterMs: 5000,
        });
      });
    this.#roomLocks.set(delivery.roomId, work);
    this.#inFlight.add(work);
    void work.finally(() => {
      this.#inFlight.delete(work);
      if (this.#roomLocks.get(delivery.roomId) === work) this.#roomLocks.delete(delivery.roomId);
    });
    return work;
  }

  async #deliver(delivery: Delivery): Promise<DeliveryResult> {
    switch (delivery.kind) {
      case "say":
        return this.#sendNotice(delivery, delivery.body, "say");
      case "timer": {
        if (delivery.body.length === 0) return { ok: true };
        const body =
          delivery.deadline === null
            ? delivery.body
            : [
                ...delivery.body,
                { text: timerSuffix(delivery.deadline, Date.now(), this.#localeOf(delivery.roomId)) },
              ];
        return this.#sendNotice(delivery, body, "timer");
      }
      case "pin":
        return this.#pin(delivery, delivery.body);
      case "ask":
        return this.#ask(delivery);
      case "collect":
        return this.#collect(delivery);
      case "floor":
        return this.#floor(delivery.roomId, delivery.holders, delivery.facilitators ?? []);
    }
  }

  /** The Matrix rooms an audience reads in: the room, a user's direct room, the facilitators. */
  async #targets(
    delivery: Delivery,
    audience: DeliveryAudience,
  ): Promise<ApiResult<{ roomId: string; user?: string }[]>> {
    switch (audience.to) {
      case "room":
        return { ok: true, value: [{ roomId: delivery.roomId }] };
      case "user": {
        const direct = await this.#directRoom(audience.userId);
        if (!direct.ok) return direct;
        return { ok: true, value: [{ roomId: direct.value, user: audience.userId }] };
      }
      case "facilitators": {
        if (this.#config.facilitatorsRoom !== undefined)
          return { ok: true, value: [{ roomId: this.#config.facilitatorsRoom }] };
        if (audience.userIds.length === 0) {
          return {
            ok: false,
            failure: {
              code: "not_found",
              message: "no facilitators to notify: set matrix.facilitatorsRoom or name facilitators",
            },
          };
        }
        const targets: { roomId: string; user: string }[] = [];
        for (const user of audience.userIds) {
          const direct = await this.#directRoom(user);
          if (!direct.ok) return direct;
          targets.push({ roomId: direct.value, user });
        }
        return { ok: true, value: targets };
      }
    }
  }

  /** Segments for a facilitators' room shared by several workshops name the workshop first. */
  async #framed(delivery: Delivery, body: readonly Segment[]): Promise<readonly Segment[]> {
    if (delivery.audience.to !== "facilitators" || this.#config.facilitatorsRoom === undefined) return body;
    return [{ text: `[${await this.#roomName(delivery.roomId)}] `, style: "strong" }, ...body];
  }

  async #sendNotice(delivery: Delivery, body: readonly Segment[], part: string): Promise<DeliveryResult> {
    const targets = await this.#targets(delivery, delivery.audience);
    if (!targets.ok) return failed(targets.failure);
    const content = notice(await this.#framed(delivery, body));
    for (const target of targets.value) {
      const sent = await this.#send(
        target.roomId,
        "m.room.message",
        content,
        transactionId(delivery.idempotencyKey, `${part}:${target.roomId}`),
      );
      if (!sent.ok) return failed(sent.failure);
      if (target.user !== undefined) await this.#notePrivate(target.user, delivery.roomId, {});
    }
    return { ok: true };
  }

  async #pin(delivery: Delivery, body: readonly Segment[]): Promise<DeliveryResult> {
    const targets = await this.#targets(delivery, delivery.audience);
    if (!targets.ok) return failed(targets.failure);
    const content = notice(await this.#framed(delivery, body));
    const api = this.#requireApi();
    for (const target of targets.value) {
      const sent = await this.#send(
        target.roomId,
        "m.room.message",
        content,
        transactionId(delivery.idempotencyKey, `pin:${target.roomId}`),
      );
      if (!sent.ok) return failed(sent.failure);
      if (target.user !== undefined) continue;
      const current = await api.get<{ pinned?: string[] }>(
        path("/rooms/$room/state/m.room.pinned_events/", target.roomId),
      );
      const pinned = current.ok && Array.isArray(current.value.pinned) ? current.value.pinned : [];
      if (pinned.includes(sent.value)) continue;
      const pin = await api.put(path("/rooms/$room/state/m.room.pinned_events/", target.roomId), {
        pinned: [...pinned, sent.value],
      });
      // The summary itself was posted; a missing right to pin is worth a warning, not a resend.
      if (!pin.ok)
        this.#logger.warn("matrix: posted the summary but could not pin it", {
          roomId: target.roomId,
          code: pin.failure.code,
        });
    }
    return { ok: true };
  }

  async #ask(delivery: Extract<Delivery, { kind: "ask" }>): Promise<DeliveryResult> {
    if (delivery.audience.to === "room") {
      // Reactions, poll answers and replies are room events every member sees: a question whose
      // answers are private is never posted in the shared room (privateAnswersInRoom: false).
      return failed({
        code: "unsupported",
        message:
          "a question with private answers cannot be asked in a shared Matrix room; ask each participant in their direct room",
      });
    }
    const targets = await this.#targets(delivery, delivery.audience);
    if (!targets.ok) return failed(targets.failure);
    const body = await this.#framed(delivery, delivery.body);
    const values = delivery.options.map((option) => option.value);
    for (const target of targets.value) {
      const part = `ask:${target.roomId}`;
      const usePoll = this.#config.choices === "polls" && delivery.options.length > 0;
      const sent = usePoll
        ? await this.#send(
            target.roomId,
            POLL_START,
            this.#pollContent(body, delivery),
            transactionId(delivery.idempotencyKey, part),
          )
        : await this.#send(
            target.roomId,
            "m.room.message",
            notice(body, delivery.options),
            transactionId(delivery.idempotencyKey, part),
          );
      if (!sent.ok) return failed(sent.failure);
      await this.#state.addPrompt(sent.value, {
        workshopRoomId: delivery.roomId,
        postedIn: target.roomId,
        promptId: delivery.promptId,
        values,
      });
      if (target.user !== undefined)
        await this.#notePrivate(target.user, delivery.roomId, {
          ask: { eventId: sent.value, at: Date.now() },
        });
      if (usePoll) continue;
      for (let index = 0; index < Math.min(delivery.options.length, OPTION_KEYS.length); index++) {
        const reaction = await this.#send(
          target.roomId,
          "m.reaction",
          { "m.relates_to": { rel_type: "m.annotation", event_id: sent.value, key: OPTION_KEYS[index] } },
          transactionId(delivery.idempotencyKey, `${part}:reaction:${index}`),
        );
        if (!reaction.ok) return failed(reaction.failure);
      }
    }
    return { ok: true };
  }

  #pollContent(
    body: readonly Segment[],
    delivery: Extract<Delivery, { kind: "ask" }>,
  ): Record<string, unknown> {
    const fallback = notice(body, delivery.options);
    return {
      [POLL_START]: {
        question: {
          "org.matrix.msc1767.text": fallback.body.split("\n\n")[0] ?? "",
          body: fallback.body.split("\n\n")[0] ?? "",
        },
        kind: "org.matrix.msc3381.poll.undisclosed",
        max_selections: Math.max(1, Math.min(delivery.maxChoices, delivery.options.length)),
        answers: delivery.options.map((option, index) => ({
          id: String(index + 1),
          "org.matrix.msc1767.text": notice([{ text: option.label, fromParticipant: true }]).body,
        })),
      },
      "org.matrix.msc1767.text": fallback.body,
      "m.mentions": {},
    };
  }

  async #collect(delivery: Extract<Delivery, { kind: "collect" }>): Promise<DeliveryResult> {
    const api = this.#requireApi();
    const content = notice(await this.#framed(delivery, delivery.body));
    let users: string[];
    if (delivery.audience.to === "room") {
      // The prompt is public; the answers go to each member's direct room with the bot.
      const posted = await this.#send(
        delivery.roomId,
        "m.room.message",
        content,
        transactionId(delivery.idempotencyKey, "collect:room"),
      );
      if (!posted.ok) return failed(posted.failure);
      const members = await api.get<{ joined?: Record<string, unknown> }>(
        path("/rooms/$room/joined_members", delivery.roomId),
      );
      if (!members.ok) return failed(members.failure);
      users = Object.keys(members.value.joined ?? {}).filter((user) => user !== this.#config.userId);
    } else if (delivery.audience.to === "user") {
      users = [delivery.audience.userId];
    } else {
      users = [...delivery.audience.userIds];
    }
    const directContent = notice(delivery.body);
    for (const user of users) {
      const direct = await this.#directRoom(user);
      if (!direct.ok) return failed(direct.failure);
      const sent = await this.#send(
        direct.value,
        "m.room.message",
        directContent,
        transactionId(delivery.idempotencyKey, `collect:${user}`),
      );
      if (!sent.ok) return failed(sent.failure);
      await this.#notePrivate(user, delivery.roomId, {
        collect: { promptId: delivery.promptId, at: Date.now() },
      });
    }
    return { ok: true };
  }

  async #notePrivate(
    user: string,
    workshopRoomId: string,
    update: { collect?: { promptId: string; at: number }; ask?: { eventId: string; at: number } },
  ): Promise<void> {
    const previous = await this.#state.privateContext(user);
    const same = previous?.workshopRoomId === workshopRoomId ? previous : undefined;
    const collect = update.collect ?? same?.collect;
    const ask = update.ask ?? same?.ask;
    await this.#state.setPrivateContext(user, {
      workshopRoomId,
      ...(collect === undefined ? {} : { collect }),
      ...(ask === undefined ? {} : { ask }),
    });
  }

  async #noteAnswered(user: string, context: PrivateContext): Promise<void> {
    if (context.ask === undefined || context.ask.answered === true) return;
    await this.#state.setPrivateContext(user, { ...context, ask: { ...context.ask, answered: true } });
  }

  /** The bot's direct room with a user, opened once and remembered. */
  #directRoom(user: string): Promise<ApiResult<string>> {
    const pending = this.#directRoomLocks.get(user);
    if (pending !== undefined) return pending;
    const work = (async (): Promise<ApiResult<string>> => {
      const known = await this.#state.directRoom(user);
      if (known !== undefined) return { ok: true, value: known };
      const created = await this.#requireApi().post<{ room_id: string }>("/createRoom", {
        is_direct: true,
        invite: [user],
        preset: "trusted_private_chat",
        name: "Parley",
      });
      if (!created.ok) return created;
      await this.#state.setDirectRoom(user, created.value.room_id);
      this.#logger.info("matrix: opened a direct room", { roomId: created.value.room_id });
      return { ok: true, value: created.value.room_id };
    })();
    this.#directRoomLocks.set(user, work);
    void work.finally(() => this.#directRoomLocks.delete(user));
    return work;
  }

  async #send(
    roomId: string,
    type: string,
    content: NoticeContent | Record<string, unknown>,
    txnId: string,
  ): Promise<ApiResult<string>> {
    if (Buffer.byteLength(JSON.stringify(content)) > MAX_CONTENT_BYTES) {
      return {
        ok: false,
        failure: { code: "too_large", message: `the message is larger than ${MAX_CONTENT_BYTES} bytes` },
      };
    }
    const result = await this.#requireApi().put<{ event_id: string }>(
      path("/rooms/$room/send/$type/$txn", roomId, type, txnId),
      content,
    );
    return result.ok ? { ok: true, value: result.value.event_id } : result;
  }

  async #roomName(roomId: string): Promise<string> {
    const result = await this.#requireApi().get<{ name?: string }>(
      path("/rooms/$room/state/m.room.name/", roomId),
    );
    return result.ok && typeof result.value.name === "string" && result.value.name !== ""
      ? result.value.name
      : roomId;
  }

  // ---------------------------------------------------------------- strict floor

  /**
   * Restricts posting to the holders plus the room's facilitators (who keep their voice, like the
   * bot), or restores the room. An empty holder list raises nobody but the facilitators: the room
   * is read-only for every participant and no power level names a speaker. A change that would
   * not alter the power levels (a repeated or reconciled floor) sends no event at all.
   */
  async #floor(
    roomId: string,
    holders: readonly string[] | "everyone",
    facilitators: readonly string[],
  ): Promise<DeliveryResult> {
    const api = this.#requireApi();
    const record = await this.#state.floor(roomId);
    if (holders === "everyone" && record === undefined) return { ok: true };
    const current = await api.get<PowerLevels>(path("/rooms/$room/state/m.room.power_levels/", roomId));
    if (!current.ok) return failed(current.failure);
    const levels: PowerLevels = structuredClone(current.value);
    levels.users = { ...(levels.users ?? {}) };
    levels.events = { ...(levels.events ?? {}) };
    const usersDefault = levels.users_default ?? 0;
    const creators = await this.#privilegedCreators(roomId);
    const botLevel = creators.includes(this.#config.userId)
      ? Number.POSITIVE_INFINITY
      : (levels.users[this.#config.userId] ?? usersDefault);
    const needed = levels.events["m.room.power_levels"] ?? levels.state_default ?? 50;
    if (botLevel < needed) {
      return failed({
        code: "missing_permission",
        message: `strict turn-taking needs power level ${needed} for the bot in ${roomId} to change m.room.power_levels; it has ${botLevel}`,
      });
    }

    // Undo the previous restriction's raises first, so each floor is computed from the original.
    const restoreValue = (target: Record<string, number>, key: string, value: number | null): void => {
      if (value === null) Reflect.deleteProperty(target, key);
      else target[key] = value;
    };
    if (record !== undefined) {
      for (const [user, level] of Object.entries(record.users)) restoreValue(levels.users, user, level);
    }

    if (holders === "everyone") {
      if (record !== undefined) {
        for (const [type, level] of Object.entries(record.events)) restoreValue(levels.events, type, level);
        if (record.eventsDefault === null) delete levels.events_default;
        else levels.events_default = record.eventsDefault;
      }
      const restored = await this.#putLevels(roomId, current.value, levels);
      if (!restored.ok) return failed(restored.failure);
      await this.#state.setFloor(roomId, undefined);
      this.#logger.info("matrix: restored the room's power levels (open floor)", { roomId });
      return { ok: true };
    }

    const eventsDefault = levels.events_default ?? 0;
    const restricted = Math.max(eventsDefault, usersDefault + 1);
    if (botLevel < restricted) {
      return failed({
        code: "missing_permission",
        message: `strict turn-taking needs the bot above the default power level in ${roomId}`,
      });
    }
    const next: FloorRecord = {
      eventsDefault: record?.eventsDefault ?? current.value.events_default ?? null,
      events: { ...(record?.events ?? {}) },
      users: {},
    };
    const events = next.events as Record<string, number | null>;
    for (const type of OPEN_DURING_FLOOR) {
      if (!(type in events)) events[type] = levels.events[type] ?? null;
      levels.events[type] = Math.min(levels.events[type] ?? usersDefault, usersDefault);
    }
    levels.events_default = restricted;
    const users = next.users as Record<string, number | null>;
    for (const holder of new Set([...holders, ...facilitators])) {
      // Creators of room version 12+ rooms outrank every level and must not appear in `users`.
      if (creators.includes(holder)) continue;
      const level = levels.users[holder] ?? usersDefault;
      if (level >= restricted) continue;
      users[holder] = levels.users[holder] ?? null;
      levels.users[holder] = restricted;
    }
    // Record what is about to change before changing it, so a crash in between can still restore.
    await this.#state.setFloor(roomId, mergeRecords(record, next));
    const applied = await this.#putLevels(roomId, current.value, levels);
    if (!applied.ok) return failed(applied.failure);
    await this.#state.setFloor(roomId, next);
    this.#logger.info("matrix: restricted posting to the floor holders", { roomId, holders: holders.length });
    return { ok: true };
  }

  /** Sends the power levels unless they are what the room already has. */
  #putLevels(roomId: string, current: PowerLevels, levels: PowerLevels): Promise<ApiResult<unknown>> {
    if (isDeepStrictEqual(current, levels)) return Promise.resolve({ ok: true, value: undefined });
    return this.#requireApi().put(path("/rooms/$room/state/m.room.power_levels/", roomId), levels);
  }

  /** Room versions from 12 on give their creators unlimited power outside the power levels. */
  async #privilegedCreators(roomId: string): Promise<string[]> {
    const cached = this.#creators.get(roomId);
    if (cached !== undefined) return cached;
    const create = await this.#requireApi().get<{ sender?: string; content?: Record<string, unknown> }>(
      path("/rooms/$room/state/m.room.create/", roomId),
      { format: "event" },
    );
    if (!create.ok) return [];
    const content = create.value.content ?? {};
    const version = typeof content["room_version"] === "string" ? content["room_version"] : "1";
    const classic = /^([1-9]|1[01])$/.test(version);
    const additional = Array.isArray(content["additional_creators"]) ? content["additional_creators"] : [];
    const creators = classic
      ? []
      : [create.value.sender ?? "", ...additional.filter((c): c is string => typeof c === "string")];
    this.#creators.set(roomId, creators);
    return creators;
  }

  #requireApi(): MatrixApi {
    if (this.#api === undefined) throw new Error("MatrixPlatform used before start()");
    return this.#api;
  }
}

/** During a change both the old and the new raises must be restorable. */
function mergeRecords(previous: FloorRecord | undefined, next: FloorRecord): FloorRecord {
  if (previous === undefined) return next;
  return {
    eventsDefault: next.eventsDefault,
    events: { ...previous.events, ...next.events },
    users: { ...previous.users, ...next.users },
  };
}
