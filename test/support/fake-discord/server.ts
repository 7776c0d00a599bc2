// FakeDiscordServer: a protocol-level double of Discord (REST under /api/v10 and the gateway
// WebSocket) on 127.0.0.1, for the unmodified discord.js client. It keeps one guild with roles,
// text channels, members, DM channels and private threads; it enforces Discord's documented limits,
// permissions, interaction deadlines, rate limits and token checks; and tests drive it as human
// users (post, click, select, submit modals, run slash commands) and inspect what the bot sent.

import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, WebSocket } from "ws";
import {
  checkMessageBody,
  checkModal,
  formBodyError,
  isRecord,
  type DiscordErrorBody,
  type FieldError,
} from "./limits.ts";

export const Perm = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;
const allPerms = (1n << 53n) - 1n;

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;
const privilegedIntents = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

const discordEpoch = 1420070400000n;

export type Json = Record<string, unknown>;

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName: string | null;
  readonly bot: boolean;
  locale: string;
}

export interface FakeRole {
  readonly id: string;
  name: string;
  permissions: bigint;
  position: number;
}

export interface Overwrite {
  readonly id: string;
  readonly type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface FakeChannel {
  readonly id: string;
  /** 0 guild text, 1 DM, 12 private thread. */
  readonly type: 0 | 1 | 12;
  name: string;
  readonly guildId: string | null;
  overwrites: Overwrite[];
  readonly parentId: string | null;
  readonly recipients: string[];
  readonly threadMembers: Set<string>;
  lastMessageId: string | null;
}

export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly userId: string;
  readonly channelId: string;
  readonly createdAt: number;
  readonly payload: Json;
  /** Callback type once answered (4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  callbackType: number | null;
  callbackData: Json | null;
  original: Json | null;
  readonly followups: Json[];
  /** The modal shown in answer (callback type 9), for submitModal. */
  modal: Json | null;
  /** Set when the bot's callback came too late and was refused. */
  lateCallback: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  route: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly authorization: string | undefined;
  status: number;
  /** When the answer was sent (Date.now()), for benchmarks. */
  answeredAt?: number;
  /** A 429's scope: the global limit, or the route's bucket. */
  limitedBy?: "global" | "bucket";
}

interface Session {
  readonly id: string;
  seq: number;
  readonly log: { s: number; t: string; d: unknown }[];
  socket: WebSocket | null;
  intents: number;
  ready: boolean;
}

interface ForcedLimit {
  readonly method: string;
  readonly route: string;
  remaining: number;
  readonly retryAfter: number;
  readonly global: boolean;
}

export class DiscordRefusal extends Error {
  readonly status: number;
  readonly body: DiscordErrorBody;
  constructor(status: number, body: DiscordErrorBody) {
    super(`${status} ${body.message} (${body.code})`);
    this.status = status;
    this.body = body;
  }
  get code(): number {
    return this.body.code;
  }
}

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly guildName?: string;
  /** Permissions of the bot's managed role (default: view, send, embed, history, manage roles, private threads). */
  readonly botPermissions?: bigint;
  readonly heartbeatIntervalMs?: number;
  /** Privileged intents enabled for the application in the developer portal (default: all). */
  readonly enabledPrivilegedIntents?: number;
  /** The initial interaction response deadline (Discord: 3 s). */
  readonly interactionDeadlineMs?: number;
  /** Per-route bucket size and window advertised in X-RateLimit headers (routes without their own). */
  readonly bucketLimit?: number;
  readonly bucketWindowMs?: number;
  /**
   * The bucket of `POST /channels/:channel_id/messages`, per channel (Discord: about 5 messages
   * per 5 s in one channel, whichever route they come by; DM channels are channels too).
   */
  readonly messageBucketLimit?: number;
  readonly messageBucketWindowMs?: number;
  /** Global limit per bot per second (Discord: 50; interaction endpoints excluded). */
  readonly globalPerSecond?: number;
  /**
   * How long a request travels before the double reads and counts it (0 when absent). Discord
   * counts a request when it arrives, and the network (or a stalled process) delays requests
   * unevenly, so requests a bot sent a second apart can arrive together.
   */
  readonly arrivalDelayMs?: (method: string, path: string) => number;
  /** How long `enforce_nonce` deduplicates (Discord: "a few minutes"). */
  readonly nonceWindowMs?: number;
}

const defaultBotPermissions =
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.ReadMessageHistory |
  Perm.ManageRoles |
  Perm.CreatePrivateThreads |
  Perm.SendMessagesInThreads |
  Perm.ManageThreads |
  Perm.AddReactions |
  Perm.UseApplicationCommands;

const everyonePermissions =
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.ReadMessageHistory |
  Perm.AddReactions |
  Perm.UseApplicationCommands |
  Perm.SendMessagesInThreads |
  Perm.EmbedLinks |
  Perm.MentionEveryone;

export class FakeDiscordServer {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly guildId: string;
  readonly guildName: string;
  readonly botRoleId: string;
  readonly users = new Map<string, FakeUser>();
  readonly roles = new Map<string, FakeRole>();
  readonly members = new Map<string, { roles: string[]; nick: string | null; joinedAt: string }>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, Json[]>();
  readonly interactions = new Map<string, FakeInteraction>();
  readonly globalCommands: Json[] = [];
  readonly guildCommands: Json[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Gateway traffic from the client (op codes), for assertions about identify/resume. */
  readonly gatewayLog: { op: number; sessionId: string | null }[] = [];
  ackHeartbeats = true;
  interactionDeadlineMs: number;
  /** How long an interaction token works for follow-ups and edits (Discord: 15 minutes). */
  interactionTokenMs = 15 * 60_000;
  /** Users who do not accept direct messages from the bot (privacy settings, or a block). */
  readonly closedDms = new Set<string>();

  private readonly opts: FakeDiscordOptions;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  private readonly changes = new EventEmitter();
  private readonly forced: ForcedLimit[] = [];
  private readonly buckets = new Map<string, { used: number; resetAt: number }>();
  private readonly globalWindow: number[] = [];
  private readonly nonces = new Map<string, { message: Json; at: number }>();
  /** Uploaded attachments' bytes by attachment id (what Discord's CDN would serve). */
  private readonly attachmentBytes = new Map<string, Buffer>();
  private readonly silentSockets = new WeakSet<WebSocket>();
  /** Per channel, every change a member watching it could observe (see historyAs). */
  private readonly timelines = new Map<string, Json[]>();
  private snowflakeCounter = 0n;
  private lastSnowflakeMs = 0n;
  private port = 0;

  constructor(opts: FakeDiscordOptions = {}) {
    this.opts = opts;
    this.token = opts.token ?? `fake.${randomBytes(18).toString("base64url")}`;
    this.interactionDeadlineMs = opts.interactionDeadlineMs ?? 3000;
    this.changes.setMaxListeners(0);
    this.guildId = this.snowflake();
    this.guildName = opts.guildName ?? "Parley test guild";
    this.applicationId = this.snowflake();
    this.botUser = {
      id: this.applicationId,
      username: "Parley",
      globalName: null,
      bot: true,
      locale: "en-US",
    };
    this.users.set(this.botUser.id, this.botUser);
    this.roles.set(this.guildId, {
      id: this.guildId,
      name: "@everyone",
      permissions: everyonePermissions,
      position: 0,
    });
    this.botRoleId = this.snowflake();
    this.roles.set(this.botRoleId, {
      id: this.botRoleId,
      name: "Parley",
      permissions: opts.botPermissions ?? defaultBotPermissions,
      position: 1,
    });
    this.members.set(this.botUser.id, {
      roles: [this.botRoleId],
      nick: null,
      joinedAt: new Date().toISOString(),
    });
    this.http = createServer((req, res) => {
      this.handleHttp(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: String(e), code: 0 }));
      });
    });
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on("connection", (socket) => {
      this.onSocket(socket);
    });
  }

  // ---------------------------------------------------------------- lifecycle and setup

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.wss.clients) s.terminate();
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
    this.http.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.http.close(() => {
        resolve();
      }),
    );
  }

  /** The `rest.api` option for discord.js. */
  get restApi(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  snowflake(): string {
    const ms = BigInt(Date.now()) - discordEpoch;
    if (ms !== this.lastSnowflakeMs) {
      this.lastSnowflakeMs = ms;
      this.snowflakeCounter = 0n;
    }
    this.snowflakeCounter++;
    return ((ms << 22n) | (this.snowflakeCounter & 0xfffn)).toString();
  }

  addUser(username: string, opts: { roles?: string[]; locale?: string } = {}): FakeUser {
    const user: FakeUser = {
      id: this.snowflake(),
      username,
      globalName: username,
      bot: false,
      locale: opts.locale ?? "en-US",
    };
    this.users.set(user.id, user);
    this.members.set(user.id, { roles: opts.roles ?? [], nick: null, joinedAt: new Date().toISOString() });
    return user;
  }

  addRole(name: string, permissions = 0n): FakeRole {
    const role: FakeRole = { id: this.snowflake(), name, permissions, position: this.roles.size };
    this.roles.set(role.id, role);
    return role;
  }

  addTextChannel(name: string, overwrites: Overwrite[] = []): FakeChannel {
    const ch: FakeChannel = {
      id: this.snowflake(),
      type: 0,
      name,
      guildId: this.guildId,
      overwrites,
      parentId: null,
      recipients: [],
      threadMembers: new Set(),
      lastMessageId: null,
    };
    this.channels.set(ch.id, ch);
    this.messages.set(ch.id, []);
    return ch;
  }

  /** A server admin sets (or removes) an overwrite in the Discord client: CHANNEL_UPDATE follows. */
  setOverwrite(channelId: string, overwrite: Overwrite | { id: string; remove: true }): void {
    const ch = this.channels.get(channelId);
    if (!ch) throw new Error(`no channel ${channelId}`);
    ch.overwrites = ch.overwrites.filter((o) => o.id !== overwrite.id);
    if (!("remove" in overwrite)) ch.overwrites.push({ ...overwrite });
    this.dispatch("CHANNEL_UPDATE", this.channelJson(ch), Intent.Guilds);
    this.touch();
  }

  setRolePermissions(roleId: string, permissions: bigint): void {
    const role = this.roles.get(roleId);
    if (!role) throw new Error(`no role ${roleId}`);
    role.permissions = permissions;
    this.touch();
  }

  /** The next `times` requests matching method+route template (e.g. "/channels/:id/messages") get a 429. */
  rateLimitNext(
    method: string,
    route: string,
    times: number,
    retryAfterSeconds: number,
    global = false,
  ): void {
    this.forced.push({ method, route, remaining: times, retryAfter: retryAfterSeconds, global });
  }

  // ---------------------------------------------------------------- gateway controls

  /** Drops the bot's gateway connection(s) abnormally (code 1006 on the client side): the client resumes. */
  dropGateway(): void {
    for (const s of this.sessions.values()) {
      if (s.socket) {
        s.socket.terminate();
        s.socket = null;
      }
    }
  }

  /** Closes with a code, e.g. 4000 (resume), 1000 (reconnect with a new session). */
  closeGateway(code: number): void {
    for (const s of this.sessions.values()) {
      if (s.socket) {
        s.socket.close(code, "closed by FakeDiscordServer");
        s.socket = null;
      }
    }
  }

  /** Sends op 9 INVALID_SESSION to every live connection. */
  invalidateSessions(resumable: boolean): void {
    for (const s of this.sessions.values()) {
      if (!s.socket) continue;
      s.socket.send(JSON.stringify({ op: 9, d: resumable, s: null, t: null }));
      if (!resumable) this.sessions.delete(s.id);
    }
  }

  /** Stops acknowledging heartbeats on the current connections only (a zombie connection). */
  silenceCurrentConnections(): void {
    for (const s of this.sessions.values()) if (s.socket) this.silentSockets.add(s.socket);
  }

  get liveSessionCount(): number {
    return [...this.sessions.values()].filter((s) => s.socket !== null && s.ready).length;
  }

  private onSocket(socket: WebSocket): void {
    let session: Session | null = null;
    socket.send(
      JSON.stringify({
        op: 10,
        d: { heartbeat_interval: this.opts.heartbeatIntervalMs ?? 41250 },
        s: null,
        t: null,
      }),
    );
    socket.on("message", (raw: Buffer) => {
      let msg: unknown;
      try {
        msg = JSON.parse(raw.toString("utf8"));
      } catch {
        socket.close(4002, "Error while decoding payload.");
        return;
      }
      if (!isRecord(msg) || typeof msg["op"] !== "number") {
        socket.close(4002, "Error while decoding payload.");
        return;
      }
      const op = msg["op"];
      const d = msg["d"];
      this.gatewayLog.push({ op, sessionId: session?.id ?? null });
      switch (op) {
        case 1:
          if (!this.silentSockets.has(socket) && this.ackHeartbeats)
            socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
          return;
        case 2: {
          if (session) {
            socket.close(4005, "Already authenticated.");
            return;
          }
          if (!isRecord(d) || d["token"] !== this.token) {
            socket.close(4004, "Authentication failed.");
            return;
          }
          const intents = typeof d["intents"] === "number" ? d["intents"] : 0;
          const enabled = this.opts.enabledPrivilegedIntents ?? privilegedIntents;
          if ((intents & privilegedIntents & ~enabled) !== 0) {
            socket.close(4014, "Disallowed intent(s).");
            return;
          }
          session = { id: randomBytes(16).toString("hex"), seq: 0, log: [], socket, intents, ready: false };
          this.sessions.set(session.id, session);
          this.dispatchTo(session, "READY", {
            v: 10,
            user: this.userJson(this.botUser),
            guilds: [{ id: this.guildId, unavailable: true }],
            session_id: session.id,
            resume_gateway_url: `${this.gatewayUrl}/resume`,
            shard: [0, 1],
            application: { id: this.applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            user_settings: {},
          });
          session.ready = true;
          this.dispatchTo(session, "GUILD_CREATE", this.guildCreateJson());
          this.touch();
          return;
        }
        case 6: {
          const sid = isRecord(d) ? d["session_id"] : undefined;
          const old = typeof sid === "string" ? this.sessions.get(sid) : undefined;
          if (!isRecord(d) || d["token"] !== this.token || !old) {
            socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
            return;
          }
          if (old.socket && old.socket !== socket) old.socket.terminate();
          session = old;
          old.socket = socket;
          const from = typeof d["seq"] === "number" ? d["seq"] : 0;
          for (const e of old.log) {
            if (e.s > from) socket.send(JSON.stringify({ op: 0, s: e.s, t: e.t, d: e.d }));
          }
          old.ready = true;
          this.dispatchTo(old, "RESUMED", null);
          this.touch();
          return;
        }
        default:
          return;
      }
    });
    socket.on("close", () => {
      if (session?.socket === socket) {
        session.socket = null;
        session.ready = false;
      }
      this.touch();
    });
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    session.seq++;
    const entry = { s: session.seq, t, d };
    if (t !== "READY" && t !== "RESUMED") {
      session.log.push(entry);
      if (session.log.length > 2000) session.log.shift();
    }
    const sock = session.socket;
    if (sock?.readyState === WebSocket.OPEN) sock.send(JSON.stringify({ op: 0, s: entry.s, t, d }));
  }

  /** Dispatches to every bot session subject to its intents (buffered for resume while disconnected). */
  private dispatch(t: string, d: Json, intent: number | null, strip?: (session: Session) => Json): void {
    for (const s of this.sessions.values()) {
      if (intent !== null && (s.intents & intent) === 0) continue;
      this.dispatchTo(s, t, strip ? strip(s) : d);
    }
  }

  // ---------------------------------------------------------------- JSON shapes

  userJson(u: FakeUser): Json {
    return {
      id: u.id,
      username: u.username,
      discriminator: "0",
      global_name: u.globalName,
      avatar: null,
      bot: u.bot,
      public_flags: 0,
      flags: 0,
    };
  }

  memberJson(userId: string, withUser: boolean): Json {
    const m = this.members.get(userId);
    const user = this.users.get(userId);
    const base: Json = {
      roles: m?.roles ?? [],
      nick: m?.nick ?? null,
      avatar: null,
      joined_at: m?.joinedAt ?? new Date().toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
    if (withUser && user) base["user"] = this.userJson(user);
    return base;
  }

  roleJson(r: FakeRole): Json {
    return {
      id: r.id,
      name: r.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: r.position,
      permissions: r.permissions.toString(),
      managed: r.id === this.botRoleId,
      mentionable: false,
      flags: 0,
      ...(r.id === this.botRoleId ? { tags: { bot_id: this.botUser.id } } : {}),
    };
  }

  channelJson(c: FakeChannel): Json {
    if (c.type === 1) {
      return {
        id: c.id,
        type: 1,
        last_message_id: c.lastMessageId,
        flags: 0,
        recipients: c.recipients
          .filter((id) => id !== this.botUser.id)
          .map((id) => this.userJson(this.mustUser(id))),
      };
    }
    if (c.type === 12) {
      return {
        id: c.id,
        type: 12,
        guild_id: c.guildId,
        name: c.name,
        parent_id: c.parentId,
        owner_id: this.botUser.id,
        last_message_id: c.lastMessageId,
        rate_limit_per_user: 0,
        flags: 0,
        member_count: c.threadMembers.size,
        message_count: this.messages.get(c.id)?.length ?? 0,
        total_message_sent: this.messages.get(c.id)?.length ?? 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 10080,
          archive_timestamp: new Date().toISOString(),
          locked: false,
          invitable: false,
          create_timestamp: new Date().toISOString(),
        },
      };
    }
    return {
      id: c.id,
      type: 0,
      guild_id: c.guildId,
      name: c.name,
      position: 0,
      permission_overwrites: c.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: c.lastMessageId,
      rate_limit_per_user: 0,
      flags: 0,
    };
  }

  private guildCreateJson(): Json {
    const guildChannels = [...this.channels.values()].filter((c) => c.type === 0);
    const threads = [...this.channels.values()].filter((c) => c.type === 12);
    return {
      id: this.guildId,
      name: this.guildName,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.snowflakeOwner(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...this.roles.values()].map((r) => this.roleJson(r)),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: "en-US",
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: this.members.size,
      voice_states: [],
      members: [...this.members.keys()].map((id) => this.memberJson(id, true)),
      channels: guildChannels.map((c) => this.channelJson(c)),
      threads: threads.map((c) => this.channelJson(c)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private ownerId: string | null = null;
  private snowflakeOwner(): string {
    this.ownerId ??= this.snowflake();
    return this.ownerId;
  }

  // ---------------------------------------------------------------- permissions

  /** Discord's documented permission computation (base, then @everyone, role and member overwrites). */
  permissionsIn(userId: string, channelId: string): bigint {
    const ch = this.channels.get(channelId);
    if (!ch) return 0n;
    if (ch.type === 1) {
      return ch.recipients.includes(userId)
        ? Perm.ViewChannel | Perm.SendMessages | Perm.ReadMessageHistory | Perm.EmbedLinks
        : 0n;
    }
    if (ch.type === 12) {
      const parent = ch.parentId ? this.permissionsIn(userId, ch.parentId) : 0n;
      const canManage = (parent & Perm.ManageThreads) !== 0n;
      if (!ch.threadMembers.has(userId) && !canManage) return 0n;
      // Sending in a thread needs SEND_MESSAGES_IN_THREADS, not SEND_MESSAGES.
      const send = (parent & Perm.SendMessagesInThreads) !== 0n ? Perm.SendMessages : 0n;
      return (parent & ~Perm.SendMessages) | send;
    }
    const member = this.members.get(userId);
    if (!member) return 0n;
    if (userId === this.ownerId) return allPerms;
    let perms = this.roles.get(this.guildId)?.permissions ?? 0n;
    for (const r of member.roles) perms |= this.roles.get(r)?.permissions ?? 0n;
    if ((perms & Perm.Administrator) !== 0n) return allPerms;
    const everyone = ch.overwrites.find((o) => o.id === this.guildId);
    if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
    let allow = 0n;
    let deny = 0n;
    for (const o of ch.overwrites) {
      if (o.type === 0 && o.id !== this.guildId && member.roles.includes(o.id)) {
        allow |= o.allow;
        deny |= o.deny;
      }
    }
    perms = (perms & ~deny) | allow;
    const own = ch.overwrites.find((o) => o.type === 1 && o.id === userId);
    if (own) perms = (perms & ~own.deny) | own.allow;
    // Without VIEW_CHANNEL every other channel permission is moot.
    if ((perms & Perm.ViewChannel) === 0n) return 0n;
    return perms;
  }

  can(userId: string, channelId: string, perm: bigint): boolean {
    return (this.permissionsIn(userId, channelId) & perm) === perm;
  }

  // ---------------------------------------------------------------- messages

  private mentionsOf(content: string, am: unknown): { everyone: boolean; users: string[]; roles: string[] } {
    const parse = isRecord(am)
      ? Array.isArray(am["parse"])
        ? (am["parse"] as unknown[])
        : []
      : ["users", "roles", "everyone"];
    const listUsers = isRecord(am) && Array.isArray(am["users"]) ? (am["users"] as unknown[]) : [];
    const listRoles = isRecord(am) && Array.isArray(am["roles"]) ? (am["roles"] as unknown[]) : [];
    const everyone = parse.includes("everyone") && /@(everyone|here)/.test(content);
    const users = [...content.matchAll(/<@!?(\d+)>/g)]
      .map((m) => m[1] ?? "")
      .filter((id) => parse.includes("users") || listUsers.includes(id));
    const roles = [...content.matchAll(/<@&(\d+)>/g)]
      .map((m) => m[1] ?? "")
      .filter((id) => parse.includes("roles") || listRoles.includes(id));
    return { everyone, users: [...new Set(users)], roles: [...new Set(roles)] };
  }

  private buildMessage(channelId: string, authorId: string, body: Json, extra: Json = {}): Json {
    const content = typeof body["content"] === "string" ? body["content"] : "";
    const mentions = this.mentionsOf(content, body["allowed_mentions"]);
    const ch = this.channels.get(channelId);
    const author = this.mustUser(authorId);
    const msg: Json = {
      id: this.snowflake(),
      type: 0,
      channel_id: channelId,
      author: this.userJson(author),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: mentions.everyone,
      mentions: mentions.users.flatMap((id) => {
        const u = this.users.get(id);
        return u ? [this.userJson(u)] : [];
      }),
      mention_roles: mentions.roles,
      attachments: uploadsOf(body).map((u) => {
        const id = this.snowflake();
        this.attachmentBytes.set(id, u.bytes);
        const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(u.filename)}`;
        return {
          id,
          filename: u.filename,
          size: u.bytes.length,
          ...(u.contentType === "" ? {} : { content_type: u.contentType }),
          url,
          proxy_url: url,
        };
      }),
      embeds: Array.isArray(body["embeds"]) ? body["embeds"] : [],
      components: Array.isArray(body["components"]) ? body["components"] : [],
      pinned: false,
      flags: typeof body["flags"] === "number" ? body["flags"] : 0,
      ...(body["nonce"] !== undefined && body["nonce"] !== null ? { nonce: body["nonce"] } : {}),
      // What the bot asked for, kept for assertions (Discord does not echo it).
      allowed_mentions_sent: body["allowed_mentions"] ?? null,
      ...extra,
    };
    if (ch?.guildId) msg["guild_id"] = ch.guildId;
    return msg;
  }

  private storeMessage(msg: Json): void {
    const channelId = String(msg["channel_id"]);
    const list = this.messages.get(channelId) ?? [];
    list.push(msg);
    this.messages.set(channelId, list);
    const ch = this.channels.get(channelId);
    if (ch) ch.lastMessageId = String(msg["id"]);
    this.dispatchMessage("MESSAGE_CREATE", msg);
    this.touch();
  }

  private dispatchMessage(t: string, msg: Json): void {
    const ch = this.channels.get(String(msg["channel_id"]));
    const guild = ch?.guildId != null;
    const authorId = isRecord(msg["author"]) ? String(msg["author"]["id"]) : "";
    const payload: Json = { ...msg };
    delete payload["allowed_mentions_sent"];
    if (guild && this.members.has(authorId)) payload["member"] = this.memberJson(authorId, false);
    this.observe(String(msg["channel_id"]), { event: t, message: structuredClone(payload) });
    this.dispatch(t, payload, guild ? Intent.GuildMessages : Intent.DirectMessages, (s) => {
      const mentioned =
        Array.isArray(msg["mentions"]) &&
        msg["mentions"].some((m) => isRecord(m) && m["id"] === this.botUser.id);
      if ((s.intents & Intent.MessageContent) !== 0 || authorId === this.botUser.id || mentioned || !guild)
        return payload;
      // Without the MESSAGE_CONTENT intent Discord sends these fields empty.
      return { ...payload, content: "", embeds: [], components: [], attachments: [] };
    });
  }

  // ---------------------------------------------------------------- test-facing user actions

  /** A human posts in a channel, subject to permissions like the Discord client. */
  post(userId: string, channelId: string, content: string): Json {
    const ch = this.channels.get(channelId);
    if (!ch) throw new DiscordRefusal(404, { code: 10003, message: "Unknown Channel" });
    const need = ch.type === 12 ? Perm.SendMessages : Perm.SendMessages;
    if (!this.can(userId, channelId, need | Perm.ViewChannel)) {
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    }
    const err = checkMessageBody({ content }, { requireContent: true });
    if (err) throw new DiscordRefusal(400, err);
    const msg = this.buildMessage(channelId, userId, { content });
    this.storeMessage(msg);
    return msg;
  }

  private newInteraction(
    userId: string,
    channelId: string,
    type: number,
    data: Json,
    message?: Json,
  ): FakeInteraction {
    const ch = this.channels.get(channelId);
    if (!ch) throw new Error(`no channel ${channelId}`);
    const user = this.mustUser(userId);
    const id = this.snowflake();
    const token = `aW50ZXJhY3Rpb24.${randomBytes(24).toString("base64url")}`;
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      channel: { id: ch.id, type: ch.type, ...(ch.guildId ? { guild_id: ch.guildId, name: ch.name } : {}) },
      channel_id: ch.id,
      token,
      version: 1,
      app_permissions: this.permissionsIn(this.botUser.id, ch.id).toString(),
      locale: user.locale,
      entitlements: [],
      authorizing_integration_owners: ch.guildId ? { "0": ch.guildId } : { "1": userId },
      context: ch.guildId ? 0 : 1,
      attachment_size_limit: 10485760,
    };
    if (ch.guildId) {
      payload["guild_id"] = ch.guildId;
      payload["guild_locale"] = "en-US";
      payload["guild"] = { id: ch.guildId, locale: "en-US", features: [] };
      payload["member"] = {
        ...this.memberJson(userId, true),
        permissions: this.permissionsIn(userId, ch.id).toString(),
      };
    } else {
      payload["user"] = this.userJson(user);
    }
    if (message) payload["message"] = message;
    const interaction: FakeInteraction = {
      id,
      token,
      type,
      userId,
      channelId,
      createdAt: Date.now(),
      payload,
      callbackType: null,
      callbackData: null,
      original: null,
      followups: [],
      modal: null,
      lateCallback: false,
    };
    this.interactions.set(id, interaction);
    this.dispatch("INTERACTION_CREATE", payload, null);
    this.touch();
    return interaction;
  }

  private findCommand(name: string): Json {
    const cmd = [...this.guildCommands, ...this.globalCommands].find((c) => c["name"] === name);
    if (!cmd) throw new Error(`command /${name} is not registered`);
    return cmd;
  }

  private commandOptions(
    cmd: Json,
    sub: string | null,
    options: Record<string, string | number | boolean>,
    focused?: string,
  ): Json {
    const defs = Array.isArray(cmd["options"]) ? (cmd["options"] as Json[]) : [];
    let scope = defs;
    if (sub !== null) {
      const subDef = defs.find((o) => o["name"] === sub && o["type"] === 1);
      if (!subDef) throw new Error(`/${String(cmd["name"])} has no subcommand ${sub}`);
      scope = Array.isArray(subDef["options"]) ? (subDef["options"] as Json[]) : [];
    }
    const given = Object.entries(options).map(([k, v]) => {
      const def = scope.find((o) => o["name"] === k);
      if (!def) throw new Error(`option ${k} is not defined`);
      if (
        focused !== k &&
        Array.isArray(def["choices"]) &&
        !def["choices"].some((c) => isRecord(c) && c["value"] === v)
      ) {
        throw new Error(`option ${k}: ${String(v)} is not one of its choices`);
      }
      return { name: k, type: def["type"], value: v, ...(focused === k ? { focused: true } : {}) };
    });
    for (const def of scope) {
      if (def["required"] === true && !(String(def["name"]) in options))
        throw new Error(`option ${String(def["name"])} is required`);
    }
    const data: Json = { id: cmd["id"], name: cmd["name"], type: 1 };
    // User options come with the resolved users and members, as Discord sends them.
    const users = given.filter((g) => g.type === 6).map((g) => String(g.value));
    if (users.length > 0) {
      data["resolved"] = {
        users: Object.fromEntries(users.map((id) => [id, this.userJson(this.mustUser(id))])),
        members: Object.fromEntries(
          users
            .filter((id) => this.members.has(id))
            .map((id) => [id, { ...this.memberJson(id, false), permissions: "0" }]),
        ),
      };
    }
    if (cmd["guild_id"]) data["guild_id"] = cmd["guild_id"];
    data["options"] = sub === null ? given : [{ name: sub, type: 1, options: given }];
    return data;
  }

  /** The registered command that offers a subcommand (`start` → `facilitate`), as a user finds it in the list. */
  commandOffering(sub: string): string {
    const found = [...this.guildCommands, ...this.globalCommands].filter(
      (c) =>
        Array.isArray(c["options"]) &&
        c["options"].some((o) => isRecord(o) && o["name"] === sub && o["type"] === 1),
    );
    if (found.length !== 1) throw new Error(`${found.length} registered commands offer ${sub}`);
    return String(found[0]?.["name"]);
  }

  /** A user runs a slash command (`/name sub option:value`). */
  command(
    userId: string,
    channelId: string,
    name: string,
    sub: string | null,
    options: Record<string, string | number | boolean> = {},
  ): FakeInteraction {
    const cmd = this.findCommand(name);
    // A guild's commands exist only in that guild: a direct message offers none of them.
    if (this.channels.get(channelId)?.type === 1 && !this.globalCommands.includes(cmd)) {
      throw new Error(`/${name} is not offered in a direct message (it is a guild command)`);
    }
    // Discord's client offers slash commands only where the user may post: without Send Messages
    // the command list is hidden and nothing can be sent (a client-side refusal, as here).
    if (
      !this.can(userId, channelId, Perm.UseApplicationCommands | Perm.ViewChannel | Perm.SendMessages) &&
      this.channels.get(channelId)?.type !== 1
    ) {
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    }
    return this.newInteraction(userId, channelId, 2, this.commandOptions(cmd, sub, options));
  }

  /** A user types in an autocomplete option; resolves with the choices the bot answered. */
  async autocomplete(
    userId: string,
    channelId: string,
    name: string,
    sub: string | null,
    option: string,
    typed: string,
  ): Promise<Json[]> {
    const cmd = this.findCommand(name);
    const data = this.commandOptions(cmd, sub, { [option]: typed }, option);
    const i = this.newInteraction(userId, channelId, 4, data);
    await this.waitUntil(() => i.callbackType !== null || i.lateCallback);
    const choices = i.callbackData?.["choices"];
    return Array.isArray(choices) ? (choices as Json[]) : [];
  }

  private findComponent(message: Json, customId: string): Json {
    for (const row of Array.isArray(message["components"]) ? message["components"] : []) {
      if (!isRecord(row) || !Array.isArray(row["components"])) continue;
      for (const c of row["components"]) if (isRecord(c) && c["custom_id"] === customId) return c;
    }
    throw new Error(`message ${String(message["id"])} has no component ${customId}`);
  }

  private canSee(userId: string, message: Json): void {
    const flags = typeof message["flags"] === "number" ? message["flags"] : 0;
    if ((flags & 64) !== 0 && message["ephemeral_for"] !== userId)
      throw new Error("this ephemeral message belongs to someone else");
    const channelId = String(message["channel_id"]);
    if ((flags & 64) === 0 && !this.can(userId, channelId, Perm.ViewChannel))
      throw new Error("user cannot see that channel");
  }

  /** A user runs a message command (right-click a message → Apps → `name`). */
  messageCommand(userId: string, message: Json, name: string): FakeInteraction {
    this.canSee(userId, message);
    const cmd = this.findCommand(name);
    if (cmd["type"] !== 3) throw new Error(`${name} is not a message command`);
    const messageId = String(message["id"]);
    const data: Json = {
      id: cmd["id"],
      name: cmd["name"],
      type: 3,
      target_id: messageId,
      resolved: { messages: { [messageId]: this.publicView(message) } },
    };
    if (cmd["guild_id"]) data["guild_id"] = cmd["guild_id"];
    return this.newInteraction(userId, String(message["channel_id"]), 2, data);
  }

  /** A user presses a button. */
  click(userId: string, message: Json, customId: string): FakeInteraction {
    this.canSee(userId, message);
    const c = this.findComponent(message, customId);
    if (c["type"] !== 2) throw new Error(`${customId} is not a button`);
    if (c["disabled"] === true) throw new Error(`${customId} is disabled`);
    return this.newInteraction(
      userId,
      String(message["channel_id"]),
      3,
      { custom_id: customId, component_type: 2 },
      this.publicView(message),
    );
  }

  /** A user picks values in a string select. */
  select(userId: string, message: Json, customId: string, values: string[]): FakeInteraction {
    this.canSee(userId, message);
    const c = this.findComponent(message, customId);
    if (c["type"] !== 3) throw new Error(`${customId} is not a string select`);
    const min = typeof c["min_values"] === "number" ? c["min_values"] : 1;
    const max = typeof c["max_values"] === "number" ? c["max_values"] : 1;
    if (values.length < min || values.length > max)
      throw new Error(`choose between ${min} and ${max} values`);
    const known = (Array.isArray(c["options"]) ? c["options"] : []).map((o) =>
      isRecord(o) ? o["value"] : undefined,
    );
    for (const v of values) if (!known.includes(v)) throw new Error(`${v} is not an option of ${customId}`);
    return this.newInteraction(
      userId,
      String(message["channel_id"]),
      3,
      { custom_id: customId, component_type: 3, values },
      this.publicView(message),
    );
  }

  /** A user fills in and submits the modal the bot showed in answer to `shownBy`. */
  submitModal(shownBy: FakeInteraction, values: Record<string, string>): FakeInteraction {
    const modal = shownBy.modal;
    if (!modal) throw new Error("no modal was shown for that interaction");
    const rows = Array.isArray(modal["components"]) ? (modal["components"] as Json[]) : [];
    const components = rows.map((row, n) => {
      // A text display comes back as its type and id only, as Discord sends it.
      if (row["type"] === 10) return { type: 10, id: n + 1 };
      const input =
        row["type"] === 1
          ? Array.isArray(row["components"])
            ? (row["components"][0] as Json)
            : {}
          : (row["component"] as Json);
      const id = String(input["custom_id"]);
      const value = values[id] ?? "";
      const len = Array.from(value).length;
      if (input["required"] !== false && len === 0) throw new Error(`${id} is required`);
      if (typeof input["min_length"] === "number" && len < input["min_length"])
        throw new Error(`${id} is too short`);
      if (len > (typeof input["max_length"] === "number" ? input["max_length"] : 4000))
        throw new Error(`${id} is too long`);
      const field = { type: 4, id: 2, custom_id: id, value };
      return row["type"] === 1
        ? { type: 1, id: 1, components: [field] }
        : { type: 18, id: 1, component: field };
    });
    return this.newInteraction(shownBy.userId, shownBy.channelId, 5, {
      custom_id: modal["custom_id"],
      components,
    });
  }

  private publicView(message: Json): Json {
    const copy = { ...message };
    delete copy["allowed_mentions_sent"];
    delete copy["ephemeral_for"];
    return copy;
  }

  // ---------------------------------------------------------------- test-facing inspection

  /** A message's attachments with the bytes uploaded for them. */
  attachmentsOf(message: Json): { filename: string; contentType: string; bytes: Buffer }[] {
    const list = Array.isArray(message["attachments"]) ? (message["attachments"] as Json[]) : [];
    return list.map((a) => ({
      filename: String(a["filename"]),
      contentType: typeof a["content_type"] === "string" ? a["content_type"] : "",
      bytes: this.attachmentBytes.get(String(a["id"])) ?? Buffer.alloc(0),
    }));
  }

  channelMessages(channelId: string): Json[] {
    return this.messages.get(channelId) ?? [];
  }

  botMessages(channelId: string): Json[] {
    return this.channelMessages(channelId).filter(
      (m) => isRecord(m["author"]) && m["author"]["id"] === this.botUser.id,
    );
  }

  dmChannelOf(userId: string): FakeChannel | undefined {
    return [...this.channels.values()].find((c) => c.type === 1 && c.recipients.includes(userId));
  }

  dmsTo(userId: string): Json[] {
    const ch = this.dmChannelOf(userId);
    return ch ? this.channelMessages(ch.id) : [];
  }

  /** Every message only this user can see (ephemeral interaction responses and follow-ups). */
  ephemeralsFor(userId: string): Json[] {
    const out: Json[] = [];
    for (const i of this.interactions.values()) {
      for (const m of [i.original, ...i.followups]) {
        if (m && m["ephemeral_for"] === userId) out.push(m);
      }
    }
    return out.sort((a, b) => (BigInt(String(a["id"])) < BigInt(String(b["id"])) ? -1 : 1));
  }

  /**
   * The channel as an ordinary member reads it back: every message version that reached the
   * channel (creates and edits, interaction responses that were not ephemeral), every permission
   * overwrite change and every pin, in order. Refused to a user who cannot read the channel.
   */
  historyAs(userId: string, channelId: string): Json[] {
    if (!this.can(userId, channelId, Perm.ViewChannel | Perm.ReadMessageHistory))
      throw new DiscordRefusal(403, { code: 50001, message: "Missing Access" });
    return structuredClone(this.timelines.get(channelId) ?? []);
  }

  private observe(channelId: string, entry: Json): void {
    const list = this.timelines.get(channelId) ?? [];
    list.push(entry);
    this.timelines.set(channelId, list);
  }

  threadsOf(channelId: string): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.type === 12 && c.parentId === channelId);
  }

  /** Resolves when `check` returns something other than undefined/false (re-checked on every change). */
  async waitUntil<T>(
    check: () => T | undefined | false | null,
    timeoutMs = 15_000,
    what = "condition",
  ): Promise<T> {
    const first = check();
    if (first !== undefined && first !== false && first !== null) return first;
    return new Promise<T>((resolve, reject) => {
      const onChange = (): void => {
        let v: T | undefined | false | null;
        try {
          v = check();
        } catch (e) {
          cleanup();
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (v !== undefined && v !== false && v !== null) {
          cleanup();
          resolve(v);
        }
      };
      const poll = setInterval(onChange, 100);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeDiscordServer: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearInterval(poll);
        clearTimeout(timer);
        this.changes.off("change", onChange);
      };
      this.changes.on("change", onChange);
    });
  }

  private touch(): void {
    this.changes.emit("change");
  }

  private mustUser(id: string): FakeUser {
    const u = this.users.get(id);
    if (!u) throw new Error(`unknown user ${id}`);
    return u;
  }

  // ---------------------------------------------------------------- REST

  private async readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (chunks.length === 0) return undefined;
    const raw = Buffer.concat(chunks);
    const contentType = req.headers["content-type"] ?? "";
    if (contentType.startsWith("multipart/form-data")) return readMultipart(raw, contentType);
    const text = raw.toString("utf8");
    if (text.length === 0) return undefined;
    if (!contentType.includes("application/json")) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const body = await this.readBody(req);
    const delay = this.opts.arrivalDelayMs?.(method, url.pathname) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      rec.status = status;
      rec.answeredAt = Date.now();
      if (status === 429) rec.limitedBy = headers["x-ratelimit-global"] === "true" ? "global" : "bucket";
      res.statusCode = status;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (payload === undefined) {
        res.end();
        return;
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(payload));
    };
    const rec: RecordedRequest = {
      method,
      route: "",
      path: url.pathname,
      query: url.searchParams,
      body,
      authorization: req.headers.authorization,
      status: 0,
    };
    this.requests.push(rec);
    if (!url.pathname.startsWith("/api/v10/")) {
      send(404, { message: "404: Not Found", code: 0 });
      return;
    }
    const path = url.pathname.slice("/api/v10".length);
    const match = this.route(method, path);
    if (!match) {
      send(404, { message: "404: Not Found", code: 0 });
      return;
    }
    rec.route = match.route;
    // Interaction callbacks and webhook (interaction token) routes carry their own token.
    const tokenRoute = match.route.startsWith("/interactions/") || match.route.startsWith("/webhooks/");
    if (!tokenRoute && req.headers.authorization !== `Bot ${this.token}`) {
      send(401, { message: "401: Unauthorized", code: 0 });
      return;
    }
    const limited = this.checkRateLimit(method, match.route, match.major, tokenRoute);
    if (limited) {
      send(429, limited.body, limited.headers);
      return;
    }
    const headers = this.bucketHeaders(method, match.route, match.major);
    try {
      const out = await match.handler(body, url.searchParams);
      this.touch();
      send(out.status, out.body, headers);
    } catch (e) {
      if (e instanceof DiscordRefusal) {
        send(e.status, e.body, headers);
        return;
      }
      throw e;
    }
  }

  private checkRateLimit(
    method: string,
    route: string,
    major: string,
    tokenRoute: boolean,
  ): { body: Json; headers: Record<string, string> } | null {
    const now = Date.now();
    const forced = this.forced.find((f) => f.remaining > 0 && f.method === method && f.route === route);
    if (forced) {
      forced.remaining--;
      const headers: Record<string, string> = {
        "retry-after": String(Math.ceil(forced.retryAfter)),
        "x-ratelimit-scope": forced.global ? "global" : "user",
      };
      if (forced.global) headers["x-ratelimit-global"] = "true";
      else Object.assign(headers, this.bucketHeaders(method, route, major, 0, forced.retryAfter));
      return {
        body: {
          message: "You are being rate limited.",
          retry_after: forced.retryAfter,
          global: forced.global,
        },
        headers,
      };
    }
    if (!tokenRoute) {
      while (this.globalWindow.length > 0 && (this.globalWindow[0] ?? 0) <= now - 1000)
        this.globalWindow.shift();
      const globalMax = this.opts.globalPerSecond ?? 50;
      if (this.globalWindow.length >= globalMax) {
        const retry = ((this.globalWindow[0] ?? now) + 1000 - now) / 1000;
        return {
          body: { message: "You are being rate limited.", retry_after: retry, global: true },
          headers: {
            "retry-after": String(Math.ceil(retry)),
            "x-ratelimit-global": "true",
            "x-ratelimit-scope": "global",
          },
        };
      }
      this.globalWindow.push(now);
    }
    const key = `${method} ${route} ${major}`;
    const { limit, windowMs } = this.bucketOf(method, route);
    let b = this.buckets.get(key);
    if (!b || b.resetAt <= now) {
      b = { used: 0, resetAt: now + windowMs };
      this.buckets.set(key, b);
    }
    if (b.used >= limit) {
      const retry = (b.resetAt - now) / 1000;
      return {
        body: { message: "You are being rate limited.", retry_after: retry, global: false },
        headers: {
          "retry-after": String(Math.ceil(retry)),
          "x-ratelimit-scope": "user",
          ...this.bucketHeaders(method, route, major, 0, retry),
        },
      };
    }
    b.used++;
    return null;
  }

  /** A route's bucket: the per-channel message bucket, or the default one. */
  private bucketOf(method: string, route: string): { limit: number; windowMs: number } {
    if (method === "POST" && route === "/channels/:channel_id/messages")
      return { limit: this.opts.messageBucketLimit ?? 5, windowMs: this.opts.messageBucketWindowMs ?? 5000 };
    return { limit: this.opts.bucketLimit ?? 50, windowMs: this.opts.bucketWindowMs ?? 1000 };
  }

  private bucketHeaders(
    method: string,
    route: string,
    major: string,
    remaining?: number,
    resetAfter?: number,
  ): Record<string, string> {
    const key = `${method} ${route} ${major}`;
    const { limit, windowMs } = this.bucketOf(method, route);
    const b = this.buckets.get(key);
    const now = Date.now();
    const after = resetAfter ?? (b ? Math.max(0, b.resetAt - now) / 1000 : windowMs / 1000);
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(remaining ?? Math.max(0, limit - (b?.used ?? 0))),
      "x-ratelimit-reset": ((now + after * 1000) / 1000).toFixed(3),
      "x-ratelimit-reset-after": after.toFixed(3),
      "x-ratelimit-bucket": createHash("sha1").update(`${method} ${route}`).digest("hex").slice(0, 16),
    };
  }

  private route(
    method: string,
    path: string,
  ): {
    route: string;
    major: string;
    handler: (
      body: unknown,
      q: URLSearchParams,
    ) => Promise<{ status: number; body?: unknown }> | { status: number; body?: unknown };
  } | null {
    const table: [
      string,
      string,
      (
        p: string[],
        body: unknown,
        q: URLSearchParams,
      ) => Promise<{ status: number; body?: unknown }> | { status: number; body?: unknown },
    ][] = [
      [
        "GET",
        "/gateway/bot",
        () => ({
          status: 200,
          body: {
            url: this.gatewayUrl,
            shards: 1,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
          },
        }),
      ],
      ["GET", "/gateway", () => ({ status: 200, body: { url: this.gatewayUrl } })],
      ["GET", "/users/@me", () => ({ status: 200, body: this.userJson(this.botUser) })],
      [
        "GET",
        "/users/:user_id",
        (p) => {
          const u = this.users.get(p[0] ?? "");
          if (!u) throw new DiscordRefusal(404, { code: 10013, message: "Unknown User" });
          return { status: 200, body: this.userJson(u) };
        },
      ],
      ["GET", "/applications/@me", () => ({ status: 200, body: this.applicationJson() })],
      ["GET", "/oauth2/applications/@me", () => ({ status: 200, body: this.applicationJson() })],
      ["PUT", "/applications/:application_id/commands", (p, b) => this.putCommands(p[0] ?? "", null, b)],
      ["GET", "/applications/:application_id/commands", () => ({ status: 200, body: this.globalCommands })],
      [
        "PUT",
        "/applications/:application_id/guilds/:guild_id/commands",
        (p, b) => this.putCommands(p[0] ?? "", p[1] ?? "", b),
      ],
      [
        "GET",
        "/applications/:application_id/guilds/:guild_id/commands",
        () => ({ status: 200, body: this.guildCommands }),
      ],
      [
        "GET",
        "/channels/:channel_id",
        (p) => ({ status: 200, body: this.channelJson(this.visibleChannel(p[0] ?? "")) }),
      ],
      ["POST", "/channels/:channel_id/messages", (p, b) => this.createMessage(p[0] ?? "", b)],
      ["GET", "/channels/:channel_id/messages", (p, _b, q) => this.listMessages(p[0] ?? "", q)],
      [
        "GET",
        "/channels/:channel_id/messages/:message_id",
        (p) => ({ status: 200, body: this.publicView(this.findMessage(p[0] ?? "", p[1] ?? "")) }),
      ],
      [
        "PATCH",
        "/channels/:channel_id/messages/:message_id",
        (p, b) => this.editMessage(p[0] ?? "", p[1] ?? "", b),
      ],
      [
        "DELETE",
        "/channels/:channel_id/messages/:message_id",
        (p) => this.deleteMessage(p[0] ?? "", p[1] ?? ""),
      ],
      ["PUT", "/channels/:channel_id/messages/pins/:message_id", (p) => this.pin(p[0] ?? "", p[1] ?? "")],
      ["PUT", "/channels/:channel_id/pins/:message_id", (p) => this.pin(p[0] ?? "", p[1] ?? "")],
      [
        "PUT",
        "/channels/:channel_id/permissions/:overwrite_id",
        (p, b) => this.putOverwrite(p[0] ?? "", p[1] ?? "", b),
      ],
      [
        "DELETE",
        "/channels/:channel_id/permissions/:overwrite_id",
        (p) => this.deleteOverwrite(p[0] ?? "", p[1] ?? ""),
      ],
      ["POST", "/channels/:channel_id/threads", (p, b) => this.createThread(p[0] ?? "", b)],
      [
        "PUT",
        "/channels/:channel_id/thread-members/:user_id",
        (p) => this.addThreadMember(p[0] ?? "", p[1] ?? ""),
      ],
      ["POST", "/users/@me/channels", (_p, b) => this.createDm(b)],
      ["GET", "/guilds/:guild_id/members/:user_id", (p) => this.getMember(p[0] ?? "", p[1] ?? "")],
      [
        "POST",
        "/interactions/:interaction_id/:interaction_token/callback",
        (p, b) => this.callback(p[0] ?? "", p[1] ?? "", b),
      ],
      [
        "POST",
        "/webhooks/:application_id/:interaction_token",
        (p, b) => this.followup(p[0] ?? "", p[1] ?? "", b),
      ],
      [
        "GET",
        "/webhooks/:application_id/:interaction_token/messages/@original",
        (p) => this.getOriginal(p[0] ?? "", p[1] ?? ""),
      ],
      [
        "PATCH",
        "/webhooks/:application_id/:interaction_token/messages/@original",
        (p, b) => this.editWebhookMessage(p[0] ?? "", p[1] ?? "", "@original", b),
      ],
      [
        "DELETE",
        "/webhooks/:application_id/:interaction_token/messages/@original",
        (p) => this.deleteOriginal(p[0] ?? "", p[1] ?? ""),
      ],
      [
        "PATCH",
        "/webhooks/:application_id/:interaction_token/messages/:message_id",
        (p, b) => this.editWebhookMessage(p[0] ?? "", p[1] ?? "", p[2] ?? "", b),
      ],
    ];
    const parts = path.split("/").filter((s) => s.length > 0);
    for (const [m, template, handler] of table) {
      if (m !== method) continue;
      const tparts = template.split("/").filter((s) => s.length > 0);
      if (tparts.length !== parts.length) continue;
      const params: string[] = [];
      let ok = true;
      for (let i = 0; i < tparts.length; i++) {
        const t = tparts[i] ?? "";
        const v = decodeURIComponent(parts[i] ?? "");
        if (t.startsWith(":")) params.push(v);
        else if (t !== v) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const majorIndex = tparts.findIndex(
        (t) => t === ":channel_id" || t === ":guild_id" || t === ":interaction_token",
      );
      const major = majorIndex >= 0 ? (parts[majorIndex] ?? "") : "";
      return { route: template, major, handler: (b, q) => handler(params, b, q) };
    }
    return null;
  }

  private applicationJson(): Json {
    return {
      id: this.applicationId,
      name: "Parley",
      description: "",
      bot_public: false,
      bot_require_code_grant: false,
      flags: 0,
      bot: this.userJson(this.botUser),
      verify_key: "0".repeat(64),
      icon: null,
    };
  }

  private putCommands(
    appId: string,
    guildId: string | null,
    body: unknown,
  ): { status: number; body: unknown } {
    if (appId !== this.applicationId)
      throw new DiscordRefusal(403, { code: 50001, message: "Missing Access" });
    if (guildId !== null && guildId !== this.guildId)
      throw new DiscordRefusal(403, { code: 50001, message: "Missing Access" });
    if (!Array.isArray(body)) throw new DiscordRefusal(400, { code: 50035, message: "Invalid Form Body" });
    // Checked as Discord checks them: a 400 "Invalid Form Body" with errors nested by field path.
    const errors: FieldError[] = [];
    const fail = (path: string, code: string, message: string): void => {
      errors.push({ path, code, message });
    };
    const nameRe = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
    const checkLocalized = (path: string, value: unknown, max: number, names: boolean): void => {
      if (value === undefined || value === null) return;
      if (!isRecord(value)) {
        fail(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        return;
      }
      for (const [loc, text] of Object.entries(value)) {
        if (!discordLocales.has(loc)) fail(`${path}.${loc}`, "LOCALE_INVALID", "Invalid locale");
        else if (typeof text !== "string" || text.length > max)
          fail(`${path}.${loc}`, "BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${max} in length.`);
        else if (names && !nameRe.test(text))
          fail(`${path}.${loc}`, "APPLICATION_COMMAND_INVALID_NAME", `Command name is invalid`);
      }
    };
    const checkOption = (path: string, o: unknown, depth: number): void => {
      if (!isRecord(o)) {
        fail(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
        return;
      }
      const name = o["name"];
      if (typeof name !== "string" || !nameRe.test(name) || name !== name.toLowerCase())
        fail(`${path}.name`, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
      if (
        typeof o["description"] !== "string" ||
        o["description"].length < 1 ||
        o["description"].length > 100
      )
        fail(`${path}.description`, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
      checkLocalized(`${path}.name_localizations`, o["name_localizations"], 32, true);
      checkLocalized(`${path}.description_localizations`, o["description_localizations"], 100, false);
      if (Array.isArray(o["choices"]) && o["choices"].length > 25)
        fail(`${path}.choices`, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      if (o["autocomplete"] === true && Array.isArray(o["choices"]) && o["choices"].length > 0)
        fail(
          `${path}.autocomplete`,
          "AUTOCOMPLETE_CHOICES_MUTUALLY_EXCLUSIVE",
          "Autocomplete and choices are exclusive",
        );
      const opts = Array.isArray(o["options"]) ? o["options"] : [];
      // At most 25 subcommands or options per level (a 26th is refused, not truncated).
      if (opts.length > 25) fail(`${path}.options`, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      if (depth > 2) fail(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Options nested too deep");
      const seen = new Set<string>();
      let sawOptional = false;
      opts.forEach((c, i) => {
        if (isRecord(c) && typeof c["name"] === "string") {
          if (seen.has(c["name"]))
            fail(
              `${path}.options.${i}.name`,
              "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
              "Option name already exists",
            );
          seen.add(c["name"]);
        }
        if (isRecord(c) && c["type"] !== 1 && c["type"] !== 2) {
          if (c["required"] === true && sawOptional)
            fail(
              `${path}.options.${i}`,
              "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
              "Required options must be placed before non-required options",
            );
          if (c["required"] !== true) sawOptional = true;
        }
        checkOption(`${path}.options.${i}`, c, depth + 1);
      });
    };
    if (body.length > 100) fail("_root", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
    const commandNames = new Set<string>();
    body.forEach((c, i) => {
      // User and message commands (types 2 and 3): mixed case and spaces allowed, an empty
      // description, no options (Discord's application command naming rules).
      if (isRecord(c) && (c["type"] === 2 || c["type"] === 3)) {
        const name = c["name"];
        if (typeof name !== "string" || name.trim() === "" || name.length > 32)
          fail(`${i}.name`, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
        if (c["description"] !== undefined && c["description"] !== "")
          fail(`${i}.description`, "APPLICATION_COMMAND_INVALID_DESCRIPTION", "Must be empty");
        if (c["options"] !== undefined)
          fail(`${i}.options`, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Not allowed");
        checkLocalized(`${i}.name_localizations`, c["name_localizations"], 32, false);
        return;
      }
      checkOption(`${i}`, c, 0);
      if (isRecord(c) && typeof c["name"] === "string") {
        if (commandNames.has(c["name"]))
          fail(
            `${i}.name`,
            "APPLICATION_COMMAND_NAME_ALREADY_EXISTS",
            "Application command names must be unique",
          );
        commandNames.add(c["name"]);
      }
    });
    if (errors.length > 0) throw new DiscordRefusal(400, formBodyError(errors));
    const stored = (body as Json[]).map((c) => ({
      ...c,
      id: this.snowflake(),
      application_id: this.applicationId,
      type: typeof c["type"] === "number" ? c["type"] : 1,
      version: this.snowflake(),
      default_member_permissions: c["default_member_permissions"] ?? null,
      ...(guildId ? { guild_id: guildId } : {}),
    }));
    const target = guildId ? this.guildCommands : this.globalCommands;
    target.splice(0, target.length, ...stored);
    return { status: 200, body: stored };
  }

  private visibleChannel(channelId: string): FakeChannel {
    const ch = this.channels.get(channelId);
    if (!ch) throw new DiscordRefusal(404, { code: 10003, message: "Unknown Channel" });
    if (!this.can(this.botUser.id, channelId, Perm.ViewChannel))
      throw new DiscordRefusal(403, { code: 50001, message: "Missing Access" });
    return ch;
  }

  private findMessage(channelId: string, messageId: string): Json {
    this.visibleChannel(channelId);
    const m = this.channelMessages(channelId).find((x) => x["id"] === messageId);
    if (!m) throw new DiscordRefusal(404, { code: 10008, message: "Unknown Message" });
    return m;
  }

  private createMessage(channelId: string, body: unknown): { status: number; body: unknown } {
    const ch = this.visibleChannel(channelId);
    if (!isRecord(body))
      throw new DiscordRefusal(400, { code: 50109, message: "The request body contains invalid JSON." });
    if (!this.can(this.botUser.id, ch.id, Perm.SendMessages))
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    if (ch.type === 1 && ch.recipients.some((r) => this.closedDms.has(r)))
      throw new DiscordRefusal(403, { code: 50007, message: "Cannot send messages to this user" });
    const uploads = uploadsOf(body);
    const err = checkUploads(uploads) ?? checkMessageBody(body, { requireContent: uploads.length === 0 });
    if (err) throw new DiscordRefusal(err.code === 40005 ? 413 : 400, err);
    const flags = typeof body["flags"] === "number" ? body["flags"] : 0;
    if ((flags & ~(4 | 4096 | 32768)) !== 0) {
      throw new DiscordRefusal(400, {
        code: 50035,
        message: "Invalid Form Body",
        errors: { flags: { _errors: [{ code: "MESSAGE_FLAGS_INVALID", message: "Invalid flags" }] } },
      });
    }
    const nonce = body["nonce"];
    if (body["enforce_nonce"] === true && nonce !== undefined && nonce !== null) {
      const key = `${channelId}:${this.botUser.id}:${typeof nonce === "string" || typeof nonce === "number" ? String(nonce) : JSON.stringify(nonce)}`;
      const seen = this.nonces.get(key);
      if (seen && Date.now() - seen.at < (this.opts.nonceWindowMs ?? 5 * 60_000)) {
        return { status: 200, body: this.publicView(seen.message) };
      }
      const msg = this.buildMessage(channelId, this.botUser.id, body);
      this.nonces.set(key, { message: msg, at: Date.now() });
      this.storeMessage(msg);
      return { status: 200, body: this.publicView(msg) };
    }
    const msg = this.buildMessage(channelId, this.botUser.id, body);
    this.storeMessage(msg);
    return { status: 200, body: this.publicView(msg) };
  }

  private listMessages(channelId: string, q: URLSearchParams): { status: number; body: unknown } {
    this.visibleChannel(channelId);
    if (!this.can(this.botUser.id, channelId, Perm.ReadMessageHistory)) return { status: 200, body: [] };
    const limitRaw = q.get("limit");
    const limit = limitRaw === null ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new DiscordRefusal(400, {
        code: 50035,
        message: "Invalid Form Body",
        errors: {
          limit: {
            _errors: [{ code: "NUMBER_TYPE_MAX", message: "int value should be less than or equal to 100." }],
          },
        },
      });
    }
    const all = this.channelMessages(channelId);
    const after = q.get("after");
    const before = q.get("before");
    let out: Json[];
    if (after !== null) {
      // Discord returns the `limit` messages right after `after`, newest first.
      out = all
        .filter((m) => BigInt(String(m["id"])) > BigInt(after))
        .slice(0, limit)
        .reverse();
    } else if (before !== null) {
      out = all
        .filter((m) => BigInt(String(m["id"])) < BigInt(before))
        .slice(-limit)
        .reverse();
    } else {
      out = all.slice(-limit).reverse();
    }
    return { status: 200, body: out.map((m) => this.publicView(m)) };
  }

  private editMessage(
    channelId: string,
    messageId: string,
    body: unknown,
  ): { status: number; body: unknown } {
    const m = this.findMessage(channelId, messageId);
    if (!isRecord(body))
      throw new DiscordRefusal(400, { code: 50109, message: "The request body contains invalid JSON." });
    if (!isRecord(m["author"]) || m["author"]["id"] !== this.botUser.id)
      throw new DiscordRefusal(403, {
        code: 50005,
        message: "Cannot edit a message authored by another user",
      });
    const err = checkMessageBody(body, { requireContent: false });
    if (err) throw new DiscordRefusal(400, err);
    this.applyEdit(m, body);
    this.dispatchMessage("MESSAGE_UPDATE", m);
    return { status: 200, body: this.publicView(m) };
  }

  /** Discord: anyone may delete their own message; another's needs Manage Messages. */
  private deleteMessage(channelId: string, messageId: string): { status: number } {
    const m = this.findMessage(channelId, messageId);
    const own = isRecord(m["author"]) && m["author"]["id"] === this.botUser.id;
    if (!own && !this.can(this.botUser.id, channelId, Perm.ManageMessages))
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    this.messages.set(
      channelId,
      this.channelMessages(channelId).filter((x) => x["id"] !== messageId),
    );
    const payload: Json = { id: messageId, channel_id: channelId };
    const ch = this.channels.get(channelId);
    if (ch?.guildId != null) payload["guild_id"] = ch.guildId;
    this.observe(channelId, { event: "MESSAGE_DELETE", message: payload });
    this.dispatch(
      "MESSAGE_DELETE",
      payload,
      ch?.guildId != null ? Intent.GuildMessages : Intent.DirectMessages,
    );
    this.touch();
    return { status: 204 };
  }

  private applyEdit(m: Json, body: Json): void {
    for (const k of ["content", "embeds", "components", "flags"] as const)
      if (body[k] !== undefined) m[k] = body[k];
    if (body["allowed_mentions"] !== undefined) m["allowed_mentions_sent"] = body["allowed_mentions"];
    if (typeof body["content"] === "string") {
      const mentions = this.mentionsOf(body["content"], body["allowed_mentions"]);
      m["mention_everyone"] = mentions.everyone;
    }
    m["edited_timestamp"] = new Date().toISOString();
  }

  private pin(channelId: string, messageId: string): { status: number } {
    const m = this.findMessage(channelId, messageId);
    if (
      !this.can(this.botUser.id, channelId, Perm.ManageMessages) &&
      !this.can(this.botUser.id, channelId, 1n << 51n)
    ) {
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    }
    m["pinned"] = true;
    this.observe(channelId, { event: "CHANNEL_PINS_UPDATE", message: this.publicView(m) });
    return { status: 204 };
  }

  private putOverwrite(channelId: string, overwriteId: string, body: unknown): { status: number } {
    const ch = this.visibleChannel(channelId);
    if (ch.type !== 0)
      throw new DiscordRefusal(400, { code: 50024, message: "Cannot execute action on this channel type" });
    if (!isRecord(body) || (body["type"] !== 0 && body["type"] !== 1))
      throw new DiscordRefusal(400, { code: 50035, message: "Invalid Form Body" });
    const botPerms = this.permissionsIn(this.botUser.id, channelId);
    if ((botPerms & Perm.ManageRoles) === 0n)
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    const allow = BigInt(
      typeof body["allow"] === "string" || typeof body["allow"] === "number" ? body["allow"] : 0,
    );
    const deny = BigInt(
      typeof body["deny"] === "string" || typeof body["deny"] === "number" ? body["deny"] : 0,
    );
    // A bot may only allow or deny permissions it has itself (unless it is an administrator).
    if ((botPerms & Perm.Administrator) === 0n && ((allow | deny) & ~botPerms) !== 0n) {
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    }
    const type = body["type"];
    const existing = ch.overwrites.find((o) => o.id === overwriteId);
    if (existing) {
      existing.allow = allow;
      existing.deny = deny;
    } else ch.overwrites.push({ id: overwriteId, type, allow, deny });
    this.observe(channelId, {
      event: "OVERWRITE_PUT",
      overwrite: { id: overwriteId, type, allow: allow.toString(), deny: deny.toString() },
    });
    this.dispatch("CHANNEL_UPDATE", this.channelJson(ch), Intent.Guilds);
    return { status: 204 };
  }

  private deleteOverwrite(channelId: string, overwriteId: string): { status: number } {
    const ch = this.visibleChannel(channelId);
    if (!this.can(this.botUser.id, channelId, Perm.ManageRoles))
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    ch.overwrites = ch.overwrites.filter((o) => o.id !== overwriteId);
    this.observe(channelId, { event: "OVERWRITE_DELETE", overwrite: { id: overwriteId } });
    this.dispatch("CHANNEL_UPDATE", this.channelJson(ch), Intent.Guilds);
    return { status: 204 };
  }

  private createThread(channelId: string, body: unknown): { status: number; body: unknown } {
    const parent = this.visibleChannel(channelId);
    if (
      !isRecord(body) ||
      typeof body["name"] !== "string" ||
      body["name"].length < 1 ||
      body["name"].length > 100
    ) {
      throw new DiscordRefusal(400, { code: 50035, message: "Invalid Form Body" });
    }
    if (body["type"] !== 12)
      throw new DiscordRefusal(400, {
        code: 50035,
        message: "Only private threads are supported by this fake",
      });
    if (!this.can(this.botUser.id, parent.id, Perm.CreatePrivateThreads))
      throw new DiscordRefusal(403, { code: 50013, message: "Missing Permissions" });
    const th: FakeChannel = {
      id: this.snowflake(),
      type: 12,
      name: body["name"],
      guildId: this.guildId,
      overwrites: [],
      parentId: parent.id,
      recipients: [],
      threadMembers: new Set([this.botUser.id]),
      lastMessageId: null,
    };
    this.channels.set(th.id, th);
    this.messages.set(th.id, []);
    this.dispatch("THREAD_CREATE", { ...this.channelJson(th), newly_created: true }, Intent.Guilds);
    return { status: 201, body: this.channelJson(th) };
  }

  private addThreadMember(threadId: string, userId: string): { status: number } {
    const th = this.channels.get(threadId);
    if (th?.type !== 12) throw new DiscordRefusal(404, { code: 10003, message: "Unknown Channel" });
    if (!this.members.has(userId)) throw new DiscordRefusal(404, { code: 10007, message: "Unknown Member" });
    th.threadMembers.add(userId);
    return { status: 204 };
  }

  private createDm(body: unknown): { status: number; body: unknown } {
    const recipient = isRecord(body) ? body["recipient_id"] : undefined;
    if (typeof recipient !== "string" || !this.users.has(recipient))
      throw new DiscordRefusal(400, { code: 50035, message: "Invalid Form Body" });
    let ch = this.dmChannelOf(recipient);
    if (!ch) {
      ch = {
        id: this.snowflake(),
        type: 1,
        name: "",
        guildId: null,
        overwrites: [],
        parentId: null,
        recipients: [recipient, this.botUser.id],
        threadMembers: new Set(),
        lastMessageId: null,
      };
      this.channels.set(ch.id, ch);
      this.messages.set(ch.id, []);
    }
    return { status: 200, body: this.channelJson(ch) };
  }

  private getMember(guildId: string, userId: string): { status: number; body: unknown } {
    if (guildId !== this.guildId || !this.members.has(userId))
      throw new DiscordRefusal(404, { code: 10007, message: "Unknown Member" });
    return { status: 200, body: this.memberJson(userId, true) };
  }

  // ---------------------------------------------------------------- interactions

  private interactionByToken(appId: string, token: string): FakeInteraction {
    if (appId !== this.applicationId)
      throw new DiscordRefusal(404, { code: 10015, message: "Unknown Webhook" });
    const i = [...this.interactions.values()].find((x) => x.token === token);
    if (!i || Date.now() - i.createdAt > this.interactionTokenMs)
      throw new DiscordRefusal(401, { code: 50027, message: "Invalid Webhook Token" });
    return i;
  }

  private callback(id: string, token: string, body: unknown): { status: number; body?: unknown } {
    const i = this.interactions.get(id);
    if (i?.token !== token) throw new DiscordRefusal(404, { code: 10062, message: "Unknown interaction" });
    if (i.callbackType !== null)
      throw new DiscordRefusal(400, { code: 40060, message: "Interaction has already been acknowledged." });
    if (Date.now() - i.createdAt > this.interactionDeadlineMs) {
      i.lateCallback = true;
      throw new DiscordRefusal(404, { code: 10062, message: "Unknown interaction" });
    }
    if (!isRecord(body) || typeof body["type"] !== "number")
      throw new DiscordRefusal(400, { code: 50035, message: "Invalid Form Body" });
    const type = body["type"];
    const data = isRecord(body["data"]) ? body["data"] : {};
    const allowed: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
    if (!(allowed[i.type] ?? []).includes(type))
      throw new DiscordRefusal(400, {
        code: 50035,
        message: "Invalid Form Body",
        errors: {
          type: {
            _errors: [
              { code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "Invalid interaction response type" },
            ],
          },
        },
      });
    if (type === 4 || type === 7) {
      const err = checkMessageBody(data, { requireContent: type === 4 });
      if (err) throw new DiscordRefusal(400, err);
    }
    if (type === 8) {
      const choices = Array.isArray(data["choices"]) ? data["choices"] : [];
      if (choices.length > 25)
        throw new DiscordRefusal(400, {
          code: 50035,
          message: "Invalid Form Body",
          errors: {
            data: {
              choices: {
                _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 25 or fewer in length." }],
              },
            },
          },
        });
    }
    if (type === 9) {
      const err = checkModal(data);
      if (err) throw new DiscordRefusal(400, err);
      i.modal = data;
    }
    i.callbackType = type;
    i.callbackData = data;
    const flags = typeof data["flags"] === "number" ? data["flags"] : 0;
    if (type === 4 || type === 5) {
      const msg = this.buildMessage(
        i.channelId,
        this.botUser.id,
        type === 5 ? { content: "", flags: flags | 128 } : data,
        this.interactionExtra(i),
      );
      this.recordResponse(i, msg, flags, true);
    }
    if (type === 7) {
      const source = isRecord(i.payload["message"])
        ? this.findMessage(i.channelId, String(i.payload["message"]["id"]))
        : null;
      if (source) {
        this.applyEdit(source, data);
        this.dispatchMessage("MESSAGE_UPDATE", source);
      }
    }
    return { status: 204 };
  }

  private interactionExtra(i: FakeInteraction): Json {
    return {
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      type: i.type === 2 ? 20 : 19,
      interaction_metadata: {
        id: i.id,
        type: i.type,
        user: this.userJson(this.mustUser(i.userId)),
        authorizing_integration_owners: {},
      },
    };
  }

  private recordResponse(i: FakeInteraction, msg: Json, flags: number, original: boolean): void {
    if ((flags & 64) !== 0) {
      msg["ephemeral_for"] = i.userId;
      msg["flags"] = (typeof msg["flags"] === "number" ? msg["flags"] : 0) | 64;
    }
    if (original) i.original = msg;
    else i.followups.push(msg);
    if ((flags & 64) === 0) this.storeMessage(msg);
    else this.touch();
  }

  private followup(appId: string, token: string, body: unknown): { status: number; body: unknown } {
    const i = this.interactionByToken(appId, token);
    if (i.callbackType === null || i.callbackType === 8 || i.callbackType === 9) {
      throw new DiscordRefusal(404, { code: 10015, message: "Unknown Webhook" });
    }
    if (!isRecord(body))
      throw new DiscordRefusal(400, { code: 50109, message: "The request body contains invalid JSON." });
    const uploads = uploadsOf(body);
    const err = checkUploads(uploads) ?? checkMessageBody(body, { requireContent: uploads.length === 0 });
    if (err) throw new DiscordRefusal(err.code === 40005 ? 413 : 400, err);
    const flags = typeof body["flags"] === "number" ? body["flags"] : 0;
    const msg = this.buildMessage(i.channelId, this.botUser.id, body, this.interactionExtra(i));
    this.recordResponse(i, msg, flags, false);
    return { status: 200, body: this.publicView(msg) };
  }

  private getOriginal(appId: string, token: string): { status: number; body: unknown } {
    const i = this.interactionByToken(appId, token);
    if (!i.original) throw new DiscordRefusal(404, { code: 10008, message: "Unknown Message" });
    return { status: 200, body: this.publicView(i.original) };
  }

  private editWebhookMessage(
    appId: string,
    token: string,
    messageId: string,
    body: unknown,
  ): { status: number; body: unknown } {
    const i = this.interactionByToken(appId, token);
    if (!isRecord(body))
      throw new DiscordRefusal(400, { code: 50109, message: "The request body contains invalid JSON." });
    const target =
      messageId === "@original" ? i.original : (i.followups.find((m) => m["id"] === messageId) ?? null);
    if (!target) throw new DiscordRefusal(404, { code: 10008, message: "Unknown Message" });
    const err = checkMessageBody(body, { requireContent: false });
    if (err) throw new DiscordRefusal(400, err);
    this.applyEdit(target, body);
    target["flags"] = (typeof target["flags"] === "number" ? target["flags"] : 0) & ~128;
    if (
      typeof target["content"] === "string" &&
      target["content"].length === 0 &&
      (!Array.isArray(target["components"]) || target["components"].length === 0) &&
      (!Array.isArray(target["embeds"]) || target["embeds"].length === 0)
    ) {
      throw new DiscordRefusal(400, { code: 50006, message: "Cannot send an empty message" });
    }
    if (target["ephemeral_for"] === undefined) this.dispatchMessage("MESSAGE_UPDATE", target);
    this.touch();
    return { status: 200, body: this.publicView(target) };
  }

  private deleteOriginal(appId: string, token: string): { status: number } {
    const i = this.interactionByToken(appId, token);
    if (!i.original) throw new DiscordRefusal(404, { code: 10008, message: "Unknown Message" });
    i.original["deleted"] = true;
    i.original = null;
    return { status: 204 };
  }
}

const discordLocales = new Set([
  "id",
  "en-US",
  "en-GB",
  "bg",
  "zh-CN",
  "zh-TW",
  "hr",
  "cs",
  "da",
  "nl",
  "fi",
  "fr",
  "de",
  "el",
  "hi",
  "hu",
  "it",
  "ja",
  "ko",
  "lt",
  "no",
  "pl",
  "pt-BR",
  "ro",
  "ru",
  "es-ES",
  "es-419",
  "sv-SE",
  "th",
  "tr",
  "uk",
  "vi",
]);

// ---------------------------------------------------------------- multipart (file uploads)

/** A file sent as `files[n]` in a multipart request. */
interface Upload {
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/** Where a parsed multipart body keeps its files (not a field Discord's JSON can carry). */
const uploadsField = "\u0000uploads";

/** Discord's default upload limit per file (10 MiB) and its attachments per message. */
export const maxUploadBytes = 10 * 1024 * 1024;
export const maxAttachments = 10;

/**
 * A multipart/form-data body as Discord reads it: the JSON in `payload_json` and the files in
 * `files[n]` fields (parsed by the platform's own form-data reader, as a real server would).
 */
async function readMultipart(raw: Buffer, contentType: string): Promise<unknown> {
  // Deprecated for servers because it buffers the whole body; a test double's bodies are small.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  const payload = form.get("payload_json");
  const body: Json = typeof payload === "string" ? (JSON.parse(payload) as Json) : {};
  const uploads: Upload[] = [];
  for (const [name, value] of form.entries()) {
    const n = /^files\[(\d+)\]$/.exec(name)?.[1];
    if (n === undefined || typeof value === "string") continue;
    uploads.push({
      index: Number(n),
      filename: value.name,
      contentType: value.type,
      bytes: Buffer.from(await value.arrayBuffer()),
    });
  }
  body[uploadsField] = uploads;
  return body;
}

function uploadsOf(body: Json): Upload[] {
  const u = body[uploadsField];
  return Array.isArray(u) ? (u as Upload[]) : [];
}

function checkUploads(uploads: readonly Upload[]): DiscordErrorBody | null {
  if (uploads.length > maxAttachments)
    return {
      code: 50035,
      message: "Invalid Form Body",
      errors: {
        files: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 10 or fewer in length." }] },
      },
    };
  if (uploads.some((u) => u.bytes.length > maxUploadBytes))
    return { code: 40005, message: "Request entity too large" };
  return null;
}
