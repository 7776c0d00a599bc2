// Test harness: a FakeDiscordServer with a guild, a workshop channel and human users, and the real
// DiscordPlatform (real discord.js client) connected to it, recording what reaches the sink.
import type { ChatPlatform, CursorStore, InboundEvent, Logger } from "../../src/bot/ports.ts";
import { createDiscordPlatform } from "../../src/adapters/discord/index.ts";
import type { DiscordPlatformDeps } from "../../src/adapters/discord/platform.ts";
import {
  FakeDiscordServer,
  type FakeChannel,
  type FakeDiscordOptions,
  type FakeUser,
} from "../support/fake-discord/index.ts";

/** An in-memory CursorStore (the port's simplest implementation; the runtime brings the durable one). */
export class MemoryCursors implements CursorStore {
  readonly values = new Map<string, string>();
  getCursor(platform: string, key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(`${platform}:${key}`));
  }
  setCursor(platform: string, key: string, value: string): Promise<void> {
    this.values.set(`${platform}:${key}`, value);
    return Promise.resolve();
  }
}

export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  private write(level: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.lines.push(
      `${level} ${message} ${fields ? JSON.stringify(fields, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) : ""}`,
    );
  }
  debug(m: string, f?: Readonly<Record<string, unknown>>): void {
    this.write("debug", m, f);
  }
  info(m: string, f?: Readonly<Record<string, unknown>>): void {
    this.write("info", m, f);
  }
  warn(m: string, f?: Readonly<Record<string, unknown>>): void {
    this.write("warn", m, f);
  }
  error(m: string, f?: Readonly<Record<string, unknown>>): void {
    this.write("error", m, f);
  }
}

export interface World {
  readonly server: FakeDiscordServer;
  readonly channel: FakeChannel;
  readonly amal: FakeUser;
  readonly ben: FakeUser;
  readonly carmen: FakeUser;
  readonly dana: FakeUser;
  readonly facilitator: FakeUser;
  readonly northRole: string;
  readonly southRole: string;
}

export async function startWorld(opts: FakeDiscordOptions = {}): Promise<World> {
  const server = new FakeDiscordServer(opts);
  await server.start();
  const north = server.addRole("north");
  const south = server.addRole("south");
  const channel = server.addTextChannel("workshop");
  return {
    server,
    channel,
    amal: server.addUser("amal", { roles: [north.id] }),
    ben: server.addUser("ben", { roles: [south.id], locale: "es-ES" }),
    carmen: server.addUser("carmen", { roles: [north.id] }),
    dana: server.addUser("dana", { roles: [south.id] }),
    facilitator: server.addUser("fatima"),
    northRole: north.id,
    southRole: south.id,
  };
}

export interface Bot {
  readonly platform: ChatPlatform;
  readonly events: InboundEvent[];
  readonly logger: RecordingLogger;
  /** Resolves once `n` events have reached the sink. */
  waitForEvents(n: number, timeoutMs?: number): Promise<InboundEvent[]>;
  stop(): Promise<void>;
}

export async function startBot(
  world: World,
  cursors: CursorStore,
  config: Record<string, unknown> = {},
  sinkDelayMs = 0,
  facilitatorsOf?: DiscordPlatformDeps["facilitatorsOf"],
): Promise<Bot> {
  const logger = new RecordingLogger();
  const made = createDiscordPlatform(
    {
      guildId: world.server.guildId,
      channels: [world.channel.id],
      restApi: world.server.restApi,
      groupRoles: { [world.northRole]: "north", [world.southRole]: "south" },
      replyGraceMs: 300,
      ...config,
    },
    { DISCORD_TOKEN: world.server.token },
    { cursors, logger, ...(facilitatorsOf === undefined ? {} : { facilitatorsOf }) },
  );
  if (!made.ok) throw new Error(made.error.message);
  const events: InboundEvent[] = [];
  const waiters = new Set<() => void>();
  await made.value.start(async (e) => {
    if (sinkDelayMs > 0) await new Promise((r) => setTimeout(r, sinkDelayMs));
    events.push(e);
    for (const w of waiters) w();
  });
  return {
    platform: made.value,
    events,
    logger,
    waitForEvents: (n, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (events.length >= n) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(events);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${n} events, got ${events.length}: ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    stop: () => made.value.stop(),
  };
}

export function content(m: Record<string, unknown>): string {
  return typeof m["content"] === "string" ? m["content"] : "";
}
