// A human test user: a real matrix-js-sdk client that syncs with the test homeserver, so tests
// read rooms the way a participant's Matrix client does.

import {
  ClientEvent,
  createClient,
  EventType,
  type MatrixClient,
  type MatrixEvent,
  MsgType,
  Preset,
  RelationType,
  RoomEvent,
  RoomMemberEvent,
  SyncState,
} from "matrix-js-sdk";
import { logger as sdkGlobalLogger } from "matrix-js-sdk/lib/logger.js";
import type { RegisteredUser } from "./server.ts";

// Parts of the SDK (the send queue, local echo, call sessions) log through its global loglevel
// logger and child loggers made from it later: keep only warnings and errors in test output.
{
  type Factory = (method: string, level: number, name: string | symbol) => (...args: unknown[]) => void;
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the global logger is exactly what needs quieting
  const root = sdkGlobalLogger as unknown as { methodFactory: Factory; rebuild?: () => void };
  const original = root.methodFactory;
  root.methodFactory = (method, level, name) =>
    method === "warn" || method === "error" ? original(method, level, name) : () => undefined;
  root.rebuild?.();
}

interface QuietLogger {
  trace(): void;
  debug(): void;
  info(): void;
  warn(): void;
  error(): void;
  getChild(): QuietLogger;
}

const quiet: QuietLogger = {
  trace: (): void => undefined,
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (): void => undefined,
  getChild(): QuietLogger {
    return quiet;
  },
};

/** A quiet logger for matrix-js-sdk clients in tests. */
export const quietMatrixLogger = quiet;

export interface SeenEvent {
  readonly roomId: string;
  readonly eventId: string;
  readonly type: string;
  readonly sender: string;
  readonly content: Record<string, unknown>;
  readonly stateKey: string | undefined;
}

export interface Human {
  readonly userId: string;
  readonly client: MatrixClient;
  readonly user: RegisteredUser;
  /** Every timeline event this client has seen, in arrival order. */
  readonly seen: readonly SeenEvent[];
  /** Resolves with the first seen event (past or future) matching; rejects after `timeoutMs`. */
  waitFor(predicate: (event: SeenEvent) => boolean, timeoutMs?: number, what?: string): Promise<SeenEvent>;
  createRoom(options?: {
    name?: string;
    invite?: readonly string[];
    encrypted?: boolean;
    /** Power levels by user id (e.g. make the bot a moderator so it may restrict the floor). */
    powerLevels?: Readonly<Record<string, number>>;
  }): Promise<string>;
  say(roomId: string, text: string): Promise<string>;
  sayHtml(roomId: string, text: string, html: string): Promise<string>;
  react(roomId: string, eventId: string, key: string): Promise<string>;
  /** A rich reply to `eventId` (with the quoted fallback clients put in front). */
  reply(roomId: string, eventId: string, quoted: string, text: string): Promise<string>;
  stop(): void;
}

function toSeen(event: MatrixEvent): SeenEvent {
  return {
    roomId: event.getRoomId() ?? "",
    eventId: event.getId() ?? "",
    type: event.getType(),
    sender: event.getSender() ?? "",
    content: event.getContent(),
    stateKey: event.getStateKey(),
  };
}

/**
 * Starts a syncing client for `user`. With `autoJoinFrom`, invites sent by those user ids are
 * accepted at once (the bot opening a direct room, a facilitator inviting to a workshop).
 */
export async function connectHuman(
  baseUrl: string,
  user: RegisteredUser,
  options: {
    autoJoinFrom?: readonly string[];
    /** Rust crypto (in memory), so the client reads and writes encrypted rooms as Element does. */
    crypto?: boolean;
  } = {},
): Promise<Human> {
  const client = createClient({
    baseUrl,
    userId: user.userId,
    accessToken: user.accessToken,
    deviceId: user.deviceId,
    logger: quiet,
  });
  const seen: SeenEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of waiters) waiter();
  };

  client.on(RoomEvent.Timeline, (event) => {
    if (options.crypto === true && event.isEncrypted()) {
      // Seen once decrypted (a failure is seen as it is: m.room.encrypted).
      void client.decryptEventIfNeeded(event).then(() => {
        seen.push(toSeen(event));
        notify();
      });
      return;
    }
    seen.push(toSeen(event));
    notify();
  });
  const autoJoin = new Set(options.autoJoinFrom ?? []);
  const joining = new Set<string>();
  client.on(RoomMemberEvent.Membership, (event, member) => {
    if (member.userId !== user.userId || member.membership !== "invite") return;
    const roomId = member.roomId;
    if (!autoJoin.has(event.getSender() ?? "") || joining.has(roomId)) return;
    joining.add(roomId);
    client.joinRoom(roomId).catch((error: unknown) => {
      process.stderr.write(`${user.userId} could not join ${roomId}: ${String(error)}\n`);
    });
  });

  const prepared = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState): void => {
      if (state === SyncState.Prepared) {
        client.removeListener(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) {
        reject(new Error(`${user.userId}: initial sync failed`));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  if (options.crypto === true) await client.initRustCrypto({ useIndexedDB: false });
  await client.startClient({ initialSyncLimit: 50 });
  await prepared;

  return {
    userId: user.userId,
    client,
    user,
    seen,
    waitFor(predicate, timeoutMs = 20_000, what = "a matching event") {
      const found = seen.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${user.userId} did not see ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (): void => {
          const match = seen.find(predicate);
          if (match === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(match);
        };
        waiters.add(check);
      });
    },
    async createRoom({ name, invite = [], encrypted = false, powerLevels } = {}) {
      const result = await client.createRoom({
        ...(name === undefined ? {} : { name }),
        invite: [...invite],
        preset: Preset.PrivateChat,
        ...(powerLevels === undefined ? {} : { power_level_content_override: { users: { ...powerLevels } } }),
        ...(encrypted
          ? {
              initial_state: [
                {
                  type: EventType.RoomEncryption,
                  state_key: "",
                  content: { algorithm: "m.megolm.v1.aes-sha2" },
                },
              ],
            }
          : {}),
      });
      return result.room_id;
    },
    async say(roomId, text) {
      return (await client.sendMessage(roomId, { msgtype: MsgType.Text, body: text })).event_id;
    },
    async sayHtml(roomId, text, html) {
      return (await client.sendHtmlMessage(roomId, text, html)).event_id;
    },
    async reply(roomId, eventId, quoted, text) {
      const content = {
        msgtype: MsgType.Text,
        body: `> ${quoted}\n\n${text}`,
        "m.relates_to": { "m.in_reply_to": { event_id: eventId } },
      };
      // A text message with a reply relation: the SDK's content type lists it under each msgtype.
      const message = content as unknown as Parameters<typeof client.sendMessage>[2];
      return (await client.sendMessage(roomId, null, message)).event_id;
    },
    async react(roomId, eventId, key) {
      return (
        await client.sendEvent(roomId, EventType.Reaction, {
          "m.relates_to": { rel_type: RelationType.Annotation, event_id: eventId, key },
        })
      ).event_id;
    },
    stop() {
      client.stopClient();
    },
  };
}
