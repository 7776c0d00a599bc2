// End to end through Discord: reply latency of Parley through the real discord.js client and the
// Discord test double (test/support/fake-discord, a protocol-level fake of the gateway and REST API
// on 127.0.0.1), against a minimal echo bot written with discord.js on the same double.
//
// A user runs `/parley status` in a workshop channel (a session is open) and waits until the
// answer is shown: from the moment the fake dispatches INTERACTION_CREATE to the moment the
// deferred ephemeral reply has been edited to its content. Parley's path is the real one: the
// Discord adapter (defer, emit) → runtime (durable inbox append on SqliteStore, step, commit,
// outbox) → dispatcher → adapter (edit the deferred reply). The echo bot answers the same command
// in the same shape (defer, then edit the reply), with nothing in between. Commands are sent one
// at a time (paced under the double's rate limits), after a warm-up; the fake, the bot and this
// driver share one process.
//
// Run alone: `node bench/discord.ts [--commands 200] [--warmup 20]` (prints one JSON line), or
// through `npm run bench -- --discord`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Client, Events, GatewayIntentBits, MessageFlags } from "discord.js";
import { createDiscordPlatform } from "../src/adapters/discord/index.ts";
import { parseConfig } from "../src/bot/config.ts";
import { createRuntime } from "../src/bot/runtime.ts";
import { SqliteStore } from "../src/bot/store.ts";
import {
  FakeDiscordServer,
  type FakeInteraction,
  type FakeUser,
} from "../test/support/fake-discord/index.ts";
import { CountingLogger, percentile } from "./common.ts";

export interface LatencyFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
  readonly commands: number;
  /**
   * Process CPU (user + system, all threads) per measured command: the double and the driver
   * too, alike for both bots, so Parley's less the echo bot's is what Parley's own work costs.
   */
  readonly cpuMs: number;
}

export interface DiscordFigures {
  readonly parley: LatencyFigures;
  readonly echo: LatencyFigures;
  /** Parley's p50 and p99 over the echo bot's. */
  readonly ratioP50: number;
  readonly ratioP99: number;
  readonly errors: number;
}

interface World {
  readonly server: FakeDiscordServer;
  readonly channelId: string;
  readonly facilitator: FakeUser;
  readonly user: FakeUser;
}

/** The deferred reply was edited to its content (Discord clears the "thinking" flag, 128). */
function answered(i: FakeInteraction): boolean {
  const m = i.original;
  if (m === null) return false;
  const flags = typeof m["flags"] === "number" ? m["flags"] : 0;
  return (flags & 128) === 0 && typeof m["content"] === "string" && m["content"] !== "";
}

async function ask(world: World, who: FakeUser, sub: string): Promise<number> {
  const t0 = performance.now();
  const i = world.server.command(who.id, world.channelId, world.server.commandOffering(sub), sub, {});
  await world.server.waitUntil(() => answered(i), 20_000, `/parley ${sub} answered`);
  return performance.now() - t0;
}

/**
 * Commands go one at a time, at most one per `paceMs`: the double enforces Discord's rate limits
 * (50 requests a second per route), and a bot waiting out a bucket would measure the limit, not
 * the bot.
 */
const paceMs = 25;

async function measure(world: World, commands: number, warmup: number): Promise<LatencyFigures> {
  const latencies: number[] = [];
  let cpu0 = process.cpuUsage();
  for (let n = 0; n < warmup + commands; n++) {
    if (n === warmup) cpu0 = process.cpuUsage();
    const ms = await ask(world, world.user, "status");
    if (n >= warmup) latencies.push(ms);
    if (ms < paceMs) await new Promise((resolve) => setTimeout(resolve, paceMs - ms));
  }
  const cpu = process.cpuUsage(cpu0);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, sorted.length),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    commands: sorted.length,
  };
}

/** Parley: the real runtime on a SqliteStore with the real Discord adapter. */
async function parleyCase(
  world: World,
  commands: number,
  warmup: number,
  logger: CountingLogger,
): Promise<LatencyFigures> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-discord-"));
  const parsed = parseConfig({
    locale: "en",
    rooms: { [`discord:${world.channelId}`]: { facilitators: [world.facilitator.id], locale: "en" } },
    discord: {
      guildId: world.server.guildId,
      channels: [world.channelId],
      restApi: world.server.restApi,
      replyGraceMs: 1000,
    },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const config = parsed.value;
  const store = new SqliteStore(join(dir, "parley.sqlite"));
  const made = createDiscordPlatform(
    config.discord,
    { DISCORD_TOKEN: world.server.token },
    { cursors: store, logger },
  );
  if (!made.ok) throw new Error(made.error.message);
  const runtime = createRuntime({ store, platforms: [made.value], config, logger });
  try {
    await runtime.start();
    // An open session, so that `status` describes a workshop.
    world.server.command(world.facilitator.id, world.channelId, "facilitate", "start", {
      flow: "perspective-exchange",
    });
    await world.server.waitUntil(
      () => world.server.botMessages(world.channelId).length > 0,
      20_000,
      "the session to open in the room",
    );
    return await measure(world, commands, warmup);
  } finally {
    await runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The echo bot: discord.js only, answering every command the same way Parley does (defer, edit). */
async function echoCase(world: World, commands: number, warmup: number): Promise<LatencyFigures> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: world.server.restApi } });
  client.on(Events.InteractionCreate, (i) => {
    if (!i.isChatInputCommand()) return;
    void (async () => {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: `echo: ${i.options.getSubcommand()}`, allowedMentions: { parse: [] } });
    })();
  });
  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, () => {
      resolve();
    }),
  );
  await client.login(world.server.token);
  await ready;
  try {
    return await measure(world, commands, warmup);
  } finally {
    await client.destroy();
  }
}

export async function discordBench(commands = 200, warmup = 20): Promise<DiscordFigures> {
  const server = new FakeDiscordServer();
  await server.start();
  const channel = server.addTextChannel("workshop");
  const world: World = {
    server,
    channelId: channel.id,
    facilitator: server.addUser("fatima"),
    user: server.addUser("amal"),
  };
  const logger = new CountingLogger();
  try {
    // Parley first: it registers `/parley`, which the echo bot (the same application) then answers.
    const parley = await parleyCase(world, commands, warmup, logger);
    const echo = await echoCase(world, commands, warmup);
    return {
      parley,
      echo,
      ratioP50: parley.p50Ms / echo.p50Ms,
      ratioP99: parley.p99Ms / echo.p99Ms,
      errors: logger.errors,
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const figures = await discordBench(Number(opt("--commands") ?? "200"), Number(opt("--warmup") ?? "20"));
  console.log(JSON.stringify(figures));
}
