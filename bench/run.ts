// `npm run bench [-- --sessions 100,1000[,10000]] [--skip-memory] [--skip-recovery] [--skip-economy] [--skip-dashboard] [--skip-discord] [--skip-postgres] [--skip-egress] [--skip-matrix-egress] [--matrix]`
// Drives the real runtime (SqliteStore in a temp file, a counting platform, a simulated clock) with
// the problem-solving workshop, 12 participants a session in two groups, and compares it with the
// same stream through the runtime on MemoryStore and through bare XState actors. Memory and
// recovery run in child processes. Prints a table and writes JSON to bench/results/.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MemoryStore, PostgresStore, SqliteStore, type Store } from "../src/bot/store.ts";
import type { DiscordFigures } from "./discord.ts";
import type { EgressFigures } from "./egress.ts";
import type { MatrixModeFigures } from "./matrix-egress.ts";
import type { EconomyFigures } from "./economy.ts";
import type { MatrixEconomyFigures } from "./economy-matrix.ts";
import { targetChecks, targets, targetTable, type BenchFigures } from "./targets.ts";
import {
  benchSpec,
  committedIdeas,
  driveBare,
  driveSequential,
  driveWaves,
  percentile,
  startRuntime,
  workshopStream,
  type DriveResult,
} from "./common.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const sessionCounts = (opt("--sessions") ?? "100,1000").split(",").map(Number);
const memoryCounts = (opt("--memory-sessions") ?? "1000,10000").split(",").map(Number);
const recoveryCounts = (opt("--recovery-sessions") ?? "1000,10000").split(",").map(Number);
/** Events a variant is driven with at each session count (the stream is cut to fit: see README). */
const budget = Number(opt("--budget") ?? "3000");
const sequentialCount = Number(opt("--sequential") ?? "300");
const skipMemory = args.includes("--skip-memory");
const skipRecovery = args.includes("--skip-recovery");
const skipThroughput = args.includes("--skip-throughput");
/** Message economy: platform requests for one whole perspective exchange on the Discord double. */
const skipEconomy = args.includes("--skip-economy");
/** The programme dashboard: 100 sessions with the dashboard open in Chromium (issue 18). */
const skipDashboard = args.includes("--skip-dashboard");
/** End to end through discord.js and the Discord double (no network; `--skip-discord` leaves it out). */
const discord = !args.includes("--skip-discord");
const discordCommands = Number(opt("--discord-commands") ?? "200");
/** The message economy on a real Synapse too (opt-in: it installs Synapse once and takes minutes). */
const matrixEconomy = args.includes("--matrix");
/** Egress under Discord's real limits: 100 workshops on one bot (issue 19); real seconds. */
const skipEgress = args.includes("--skip-egress");
const egressRooms = opt("--egress-rooms") ?? "100";
const egressSeconds = opt("--egress-seconds") ?? "120";
/** The same on a real Synapse, 20 rooms, the bot under Synapse's default message limit and lifted. */
const skipMatrixEgress = args.includes("--skip-matrix-egress");
const matrixSeconds = opt("--matrix-seconds") ?? "150";
/** Which throughput variants run (profiling one at a time): durable, memory, bare. */
const variants = new Set((opt("--variants") ?? "durable,memory,bare,postgres").split(","));
/** PostgreSQL (the durable runtime on PostgresStore) when reachable; `--skip-postgres` leaves it out. */
const postgresUrl =
  opt("--postgres") ?? process.env["PARLEY_BENCH_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const skipPostgres = args.includes("--skip-postgres");
const skipped: Figures = {
  eventsPerSecond: Number.NaN,
  loadedP50Ms: Number.NaN,
  loadedP99Ms: Number.NaN,
  p50Ms: Number.NaN,
  p99Ms: Number.NaN,
  events: 0,
  errors: 0,
};

/** A PostgresStore in a schema of its own (dropped after), or null when PostgreSQL is not reachable. */
async function openPostgres(name: string): Promise<{ store: Store; drop: () => Promise<void> } | null> {
  if (skipPostgres || !variants.has("postgres")) return null;
  const schema = `bench_${process.pid}_${name}`;
  try {
    const store = await PostgresStore.open({ connectionString: postgresUrl, schema });
    return { store, drop: () => PostgresStore.dropSchema(postgresUrl, schema) };
  } catch {
    return null;
  }
}

interface Figures {
  readonly eventsPerSecond: number;
  readonly loadedP50Ms: number;
  readonly loadedP99Ms: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly events: number;
  readonly errors: number;
}

function summarise(waves: DriveResult, sequential: DriveResult | null, errors: number): Figures {
  const loaded = [...waves.latencies].sort((a, b) => a - b);
  const unloaded = sequential === null ? loaded : [...sequential.latencies].sort((a, b) => a - b);
  return {
    eventsPerSecond: waves.events / (waves.ms / 1000),
    loadedP50Ms: percentile(loaded, 50),
    loadedP99Ms: percentile(loaded, 99),
    p50Ms: percentile(unloaded, 50),
    p99Ms: percentile(unloaded, 99),
    events: waves.events,
    errors,
  };
}

const stepsFor = (sessions: number) =>
  Math.max(1, Math.min(workshopStream().length, Math.floor(budget / sessions)));

async function runtimeCase(
  kind: "sqlite" | "memory" | "postgres",
  sessions: number,
  tmp: string,
): Promise<Figures> {
  const steps = stepsFor(sessions);
  let drop: (() => Promise<void>) | null = null;
  let store: Store;
  if (kind === "postgres") {
    const pg = await openPostgres(String(sessions));
    if (pg === null) return skipped;
    store = pg.store;
    drop = pg.drop;
  } else
    store = kind === "sqlite" ? new SqliteStore(join(tmp, `waves-${sessions}.sqlite`)) : new MemoryStore();
  // Saturated pass: throughput and latency with a whole wave queued.
  const a = await startRuntime(store, sessions);
  const waves = await driveWaves(a, sessions, steps);
  if (steps === workshopStream().length) {
    const ideas = await committedIdeas(a.store, Math.min(sessions, 3));
    if (ideas.some((n) => n !== 50))
      throw new Error(`stream went wrong: ideas per session ${ideas.join(",")}`);
  }
  // Unloaded pass: the stream continues with one event in flight; latency is the step's own cost.
  const sequential =
    steps < workshopStream().length ? await driveSequential(a, sessions, steps, sequentialCount) : null;
  await a.runtime.stop();
  await drop?.();
  return summarise(waves, sequential, a.logger.errors);
}

function child(script: string, childArgs: string[]): unknown {
  const r = spawnSync(process.execPath, ["--expose-gc", join(here, script), ...childArgs], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} ${childArgs.join(" ")} failed: ${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] ?? "null") as unknown;
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

async function main(): Promise<void> {
  const spec = await benchSpec();
  const tmp = mkdtempSync(join(tmpdir(), "parley-bench-"));
  const stream = workshopStream();
  console.log(
    `Parley bench: ${stream.length} events a session (12 participants, two groups), node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? "?"})`,
  );
  const throughput: Record<string, unknown>[] = [];
  // What the closing table of issue 19's targets is read from (bench/targets.ts).
  let at1000: BenchFigures["at1000"];
  const heap: { sessions: number; heapKbPerSession: number }[] = [];
  const restored: NonNullable<BenchFigures["recovery"]>[number][] = [];
  let endToEndFigures: DiscordFigures | undefined;
  let egressFigures: EgressFigures | undefined;
  let matrixFigures: MatrixModeFigures[] | undefined;
  try {
    for (const n of skipThroughput ? [] : sessionCounts) {
      const steps = stepsFor(n);
      const bare = variants.has("bare")
        ? driveBare(spec, n, steps)
        : { events: 0, ms: 0, latencies: [], effects: 0, ideas: 50 * n };
      if (steps === stream.length && bare.ideas !== 50 * n)
        throw new Error(`bare stream went wrong: ${bare.ideas} ideas`);
      const bareSorted = [...bare.latencies].sort((x, y) => x - y);
      const bareFigures = {
        eventsPerSecond: bare.events / (bare.ms / 1000),
        p50Ms: percentile(bareSorted, 50),
        p99Ms: percentile(bareSorted, 99),
      };
      const memory = variants.has("memory") ? await runtimeCase("memory", n, tmp) : skipped;
      const durable = variants.has("durable") ? await runtimeCase("sqlite", n, tmp) : skipped;
      const postgres = await runtimeCase("postgres", n, tmp);
      const row = {
        sessions: n,
        streamSteps: steps,
        events: durable.events,
        durable,
        memory,
        postgres,
        bare: bareFigures,
        durableOverMemory: memory.eventsPerSecond / durable.eventsPerSecond,
        postgresOverMemory: memory.eventsPerSecond / postgres.eventsPerSecond,
        durableOverBare: bareFigures.eventsPerSecond / durable.eventsPerSecond,
      };
      throughput.push(row);
      console.log(
        `\n${n} sessions, the first ${steps} of ${stream.length} stream steps: ${durable.events} events a variant (p50/p99 unloaded: ${sequentialCount} further events, one in flight)`,
      );
      console.table({
        "durable (SqliteStore)": {
          "events/s": Math.round(durable.eventsPerSecond),
          "p50 ms": fmt(durable.p50Ms),
          "p99 ms": fmt(durable.p99Ms),
          "p50 ms (wave queued)": fmt(durable.loadedP50Ms),
          "p99 ms (wave queued)": fmt(durable.loadedP99Ms),
          errors: durable.errors,
        },
        ...(postgres.events === 0
          ? {}
          : {
              "durable (PostgresStore)": {
                "events/s": Math.round(postgres.eventsPerSecond),
                "p50 ms": fmt(postgres.p50Ms),
                "p99 ms": fmt(postgres.p99Ms),
                "p50 ms (wave queued)": fmt(postgres.loadedP50Ms),
                "p99 ms (wave queued)": fmt(postgres.loadedP99Ms),
                errors: postgres.errors,
              },
            }),
        "runtime + MemoryStore": {
          "events/s": Math.round(memory.eventsPerSecond),
          "p50 ms": fmt(memory.p50Ms),
          "p99 ms": fmt(memory.p99Ms),
          "p50 ms (wave queued)": fmt(memory.loadedP50Ms),
          "p99 ms (wave queued)": fmt(memory.loadedP99Ms),
          errors: memory.errors,
        },
        "bare XState": {
          "events/s": Math.round(bareFigures.eventsPerSecond),
          "p50 ms": fmt(bareFigures.p50Ms, 4),
          "p99 ms": fmt(bareFigures.p99Ms, 4),
          "p50 ms (wave queued)": "-",
          "p99 ms (wave queued)": "-",
          errors: 0,
        },
      });
      console.log(
        `ratios (time per event): durable/in-memory ${fmt(row.durableOverMemory)} (target ≤ ${targets.durableOverMemory}), durable/bare ${fmt(row.durableOverBare, 1)}${postgres.events === 0 ? " (PostgreSQL not reachable or skipped)" : `, PostgreSQL/in-memory ${fmt(row.postgresOverMemory)}`}`,
      );
      console.log(
        `targets: ≥ ${targets.durableEventsPerSecond} durable events/s (got ${Math.round(durable.eventsPerSecond)}); p99 ≤ ${targets.p99Ms} ms at 1,000 sessions (got ${fmt(durable.p99Ms)} unloaded)`,
      );
      if (n === 1000)
        at1000 = {
          ...(variants.has("durable")
            ? { durableEventsPerSecond: durable.eventsPerSecond, durableP99Ms: durable.p99Ms }
            : {}),
          ...(variants.has("memory") ? { memoryEventsPerSecond: memory.eventsPerSecond } : {}),
          ...(postgres.events === 0 ? {} : { postgresEventsPerSecond: postgres.eventsPerSecond }),
        };
    }

    // Seeded SQLite files (mid-brainstorm, 50 ideas a session), shared by memory and recovery.
    const seeded = new Map<number, string>();
    const seededFile = (n: number): string => {
      const known = seeded.get(n);
      if (known !== undefined) return known;
      const file = join(tmp, `seeded-${n}.sqlite`);
      child("recovery.ts", ["seed", "--sessions", String(n), "--file", file]);
      seeded.set(n, file);
      return file;
    };

    const memory: unknown[] = [];
    if (!skipMemory) {
      for (const n of memoryCounts) {
        const m = child("memory.ts", ["--sessions", String(n), "--file", seededFile(n)]) as {
          heapKbPerSession: number;
        };
        memory.push(m);
        heap.push({ sessions: n, heapKbPerSession: m.heapKbPerSession });
        console.log(
          `\nmemory, ${n} live sessions mid-brainstorm (50 ideas each): ${fmt(m.heapKbPerSession, 1)} KB heap a session (target ≤ ${targets.heapKbPerSession} KB)`,
        );
        console.log(JSON.stringify(m));
      }
      // Where it goes (issue 19), from 1,000 copies of each layer of one stored session.
      const b = child("memory-breakdown.ts", [
        "--sessions",
        "1000",
        "--file",
        seededFile(memoryCounts[0] ?? 1000),
      ]) as {
        storedSnapshotKb: number;
        parsedSnapshotKb: number;
        parsedMetaKb: number;
        heldMetaKb: number;
        actorKb: number;
      };
      const whole = (memory[0] as { heapKbPerSession: number } | undefined)?.heapKbPerSession ?? Number.NaN;
      const breakdown = {
        ...b,
        runtimeBeyondActorKb: whole - b.actorKb,
      };
      memory.push({ breakdown });
      console.log(
        `of a live session: the restored actors with the workshop's state ${fmt(b.actorKb, 1)} KB (that state: ${fmt(b.storedSnapshotKb, 1)} KB of stored JSON, ${fmt(b.parsedSnapshotKb, 1)} KB parsed with a copy of each text wherever it occurs), the runtime beyond the actors ${fmt(breakdown.runtimeBeyondActorKb, 1)} KB (its meta ${fmt(b.heldMetaKb, 1)} KB of it, ${fmt(b.parsedMetaKb, 1)} KB as parsed)`,
      );
    }

    const recovery: unknown[] = [];
    if (!skipRecovery) {
      for (const n of recoveryCounts) {
        const r = child("recovery.ts", ["restore", "--sessions", String(n), "--file", seededFile(n)]) as {
          sinceProcessStartMs: number;
          startMs: number;
          allRestoredSinceProcessStartMs: number;
          timersArmed: number;
        };
        recovery.push({ sessions: n, ...r });
        restored.push({ sessions: n, ...r });
        console.log(
          `\nrecovery of ${n} sessions: ready (every timer re-armed, events taken) ${fmt(r.sinceProcessStartMs, 0)} ms from process start (runtime.start ${fmt(r.startMs, 0)} ms), ${r.timersArmed} timers${n === 10_000 ? ` (target ≤ ${targets.ready10kMs} ms)` : ""}; every actor rebuilt ${fmt(r.allRestoredSinceProcessStartMs, 0)} ms from process start${n === 10_000 ? ` (target ≤ ${targets.rebuilt10kMs} ms)` : ""}`,
        );
      }
    }

    let economy: unknown = "not measured (--skip-economy)";
    if (!skipEconomy) {
      const e = child("economy.ts", []) as EconomyFigures;
      economy = e;
      console.log(
        `\nmessage economy: one built-in perspective-exchange, ${e.participants} participants in two groups, bot requests on the Discord double (before this issue: 122 room posts, see README):`,
      );
      console.table({
        discord: {
          "room posts": e.roomPosts,
          "room edits": e.roomEdits,
          "private messages": e.privateMessages,
          reactions: e.reactions,
          other: e.other,
          total: e.total,
          "bot messages left in the room": e.roomMessagesAtEnd,
        },
      });
    }

    let onMatrix: unknown = "not measured (run with --matrix)";
    if (matrixEconomy) {
      const m = child("economy-matrix.ts", []) as MatrixEconomyFigures;
      onMatrix = m;
      console.log(
        `\nmessage economy on Matrix: the same workshop, ${m.participants} participants, bot events on a real Synapse (before this issue: 117 room posts, 88 reactions, see README):`,
      );
      console.table({
        matrix: {
          "room posts": m.roomPosts,
          "room edits": m.roomEdits,
          "private messages": m.privateMessages,
          reactions: m.reactions,
          other: m.other,
          total: m.total,
          "bot messages left in the room": m.roomMessagesAtEnd,
        },
      });
    }

    let endToEnd: unknown = "not measured (--skip-discord)";
    if (discord) {
      const d = child("discord.ts", ["--commands", String(discordCommands)]) as DiscordFigures;
      endToEnd = d;
      endToEndFigures = d;
      console.log(
        `\nend to end through discord.js and the Discord double, \`/parley status\` answered (${d.parley.commands} commands, one at a time):`,
      );
      console.table({
        "Parley (runtime + SqliteStore + Discord adapter)": {
          "p50 ms": fmt(d.parley.p50Ms),
          "p99 ms": fmt(d.parley.p99Ms),
          "mean ms": fmt(d.parley.meanMs),
          "max ms": fmt(d.parley.maxMs),
        },
        "echo bot (discord.js only)": {
          "p50 ms": fmt(d.echo.p50Ms),
          "p99 ms": fmt(d.echo.p99Ms),
          "mean ms": fmt(d.echo.meanMs),
          "max ms": fmt(d.echo.maxMs),
        },
      });
      console.log(
        `ratio Parley/echo: p50 ${fmt(d.ratioP50)}, p99 ${fmt(d.ratioP99)} (target ≤ ${targets.endToEndRatio} at both)${d.errors > 0 ? ` (${d.errors} errors logged)` : ""}`,
      );
    }

    let dashboard: unknown = "not measured (--skip-dashboard)";
    if (!skipDashboard) {
      const { benchDashboard, printDashboard } = await import("./dashboard.ts");
      const figures = await benchDashboard(100, 50);
      printDashboard(figures);
      dashboard = figures;
    }

    let egress: unknown = "not measured (--skip-egress)";
    if (!skipEgress) {
      const e = child("egress.ts", ["--rooms", egressRooms, "--seconds", egressSeconds]) as EgressFigures;
      egress = e;
      egressFigures = e;
      console.log(
        `\negress under Discord's limits: ${e.rooms} workshops on one bot, ${e.participantsPerRoom} participants each posting every 30 s, the floor moved every 60 s, ${e.seconds} s (real time):`,
      );
      console.table({
        "post → private answer": {
          "p50 ms": fmt(e.replyP50Ms, 0),
          "p99 ms": fmt(e.replyP99Ms, 0),
          count: e.replies,
        },
        "skip → the room shows the turn": {
          "p50 ms": fmt(e.floorP50Ms, 0),
          "p99 ms": fmt(e.floorP99Ms, 0),
          count: e.floorChanges,
        },
        "both (target p99 ≤ 2000 ms)": {
          "p50 ms": fmt(e.allP50Ms, 0),
          "p99 ms": fmt(e.allP99Ms, 0),
          count: "",
        },
      });
      console.log(
        `per room: worst p99 ${fmt(e.worstRoomP99Ms, 0)} ms, median p99 ${fmt(e.medianRoomP99Ms, 0)} ms, ${e.roomsWithinTarget}/${e.rooms} rooms with p99 ≤ 2000 ms (target: all), the worst room answered ${fmt(100 * e.worstRoomShareWithinTarget, 1)}% within 2 s; Jain's index over the rooms' mean latency ${fmt(e.jainIndex, 3)} (1 = alike), max/min mean ${fmt(e.maxOverMinMean)}`,
      );
      console.log(
        `429s: ${e.rateLimitedTotal} in all, ${e.rateLimitedBeyondFirstProbe} beyond the first of each bucket (target 0); ${fmt(e.requestsPerSecond, 1)} requests/s against the global 50/s (+ ${fmt(e.interactionRequestsPerSecond, 1)}/s interaction and webhook requests, exempt)`,
      );
    }

    let matrixEgress: unknown = "not measured (--skip-matrix-egress)";
    if (!skipMatrixEgress) {
      const runs = child("matrix-egress.ts", [
        "--rooms",
        "20",
        "--seconds",
        matrixSeconds,
      ]) as MatrixModeFigures[];
      matrixEgress = runs;
      matrixFigures = runs;
      console.log(
        `\negress on a real Synapse: 20 workshops on one bot account, 8 participants each, the same load, capped at ${matrixSeconds} s from the first command:`,
      );
      console.table(
        Object.fromEntries(
          runs.map((m) => [
            m.mode === "default"
              ? "Synapse's default rc_message (0.2/s, burst 10)"
              : "limit lifted (as an application service)",
            {
              "rooms set up": `${m.roomsSetUp}/${m.rooms}`,
              "set-up s": fmt(m.setUpSeconds, 1),
              "bot messages/s": fmt(m.botMessagesPerSecond, 2),
              replies: `${m.replies}/${m.posts}`,
              "reply p50 ms": fmt(m.replyP50Ms, 0),
              "reply p99 ms (target 2000)": fmt(m.replyP99Ms, 0),
              "floor p50 ms": fmt(m.floorP50Ms, 0),
              "floor p99 ms": fmt(m.floorP99Ms, 0),
            },
          ]),
        ),
      );
    }

    const checks = targetChecks({
      ...(at1000 === undefined ? {} : { at1000 }),
      ...(skipMemory ? {} : { memory: heap }),
      ...(skipRecovery ? {} : { recovery: restored }),
      ...(endToEndFigures === undefined ? {} : { endToEnd: endToEndFigures }),
      ...(egressFigures === undefined ? {} : { egress: egressFigures }),
      ...(matrixFigures === undefined ? {} : { matrixEgress: matrixFigures }),
      why: {
        throughput: skipThroughput
          ? "--skip-throughput"
          : sessionCounts.includes(1000)
            ? "--variants"
            : "--sessions without 1000",
        memory: "--skip-memory",
        recovery: skipRecovery ? "--skip-recovery" : "--recovery-sessions without 10000",
        endToEnd: "--skip-discord",
        postgres:
          skipPostgres || !variants.has("postgres")
            ? "--skip-postgres or --variants"
            : skipThroughput || !sessionCounts.includes(1000)
              ? "no throughput run at 1,000 sessions"
              : "PostgreSQL not reachable",
        egress: "--skip-egress",
        matrixEgress: "--skip-matrix-egress",
      },
    });
    const results = {
      at: new Date().toISOString(),
      command: `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`,
      node: process.version,
      cpus: cpus().length,
      eventsPerSession: stream.length,
      targets,
      checks,
      throughput,
      memory,
      recovery,
      economy,
      matrixEconomy: onMatrix,
      endToEnd,
      dashboard,
      egress,
      matrixEgress,
    };
    console.log(
      "\nissue 19: every target and reported figure, this run (bench/README.md says where each stands):",
    );
    console.table(targetTable(checks));
    const dir = join(here, "results");
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `bench-${results.at.replace(/[:.]/g, "-")}.json`);
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nresults written to ${out}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
