// Runs the real runtime against a RecordingPlatform, a simulated clock and a store.
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { parseConfig, type Config } from "../../../src/bot/config.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import { createRuntime, type Runtime } from "../../../src/bot/runtime.ts";
import type { TimerHandle } from "../../../src/bot/scheduler.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { MemoryStore, SqliteStore, type InboxPayload, type Store } from "../../../src/bot/store.ts";
import type { Translator } from "../../../src/bot/translator.ts";
import { RecordingPlatform } from "../../support/recording-platform.ts";

export const shortFlow = fileURLToPath(new URL("./fixtures/short.yaml", import.meta.url));
export const start = Date.UTC(2026, 2, 1, 10, 0, 0);
export const strictFlow = fileURLToPath(new URL("./fixtures/strict.yaml", import.meta.url));

/**
 * Starts the strict fixture flow with amal (south) and ben (north by role) and brings it to the
 * ground rules' consent prompt; `beforeConsent` runs just before both consent.
 */
export async function consentToStrictFlow(
  h: Harness,
  beforeConsent: () => void = () => undefined,
  flowFile: string = strictFlow,
): Promise<void> {
  const amal = { userId: "amal", displayName: "Amal" };
  const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };
  await h.platform.command("fac", "start", flowFile);
  await h.platform.command(amal, "join", "south");
  await h.platform.command(ben, "join");
  await h.platform.command("fac", "next");
  await h.settle();
  const consent = h.platform.lastPromptFor("amal", "ask");
  if (consent === undefined) throw new Error("no consent prompt");
  beforeConsent();
  await h.platform.choose(amal, consent.promptId, "yes");
  await h.platform.choose(ben, consent.promptId, "yes");
  await h.settle();
}

export interface Harness {
  readonly runtime: Runtime;
  readonly platform: RecordingPlatform;
  readonly clock: SimulatedClock;
  readonly store: Store;
  readonly logger: MemoryLogger;
  readonly roomKey: string;
  /** Waits until the runtime has processed and delivered everything. */
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
}

export async function harness(
  options: {
    store?: Store;
    clock?: SimulatedClock;
    config?: unknown;
    platform?: RecordingPlatform;
    /** false: return as soon as the runtime started, while sessions are still being restored. */
    waitForRestore?: boolean;
    /** Whether `start` may name a flow file by path (as in the terminal room); true unless told. */
    flowPaths?: boolean;
    /** A machine-translation service (off unless given). */
    translator?: Translator;
    /** A shared store's lease and poll interval (the runtime's defaults unless given). */
    leaseMs?: number;
    pollMs?: number;
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? new SimulatedClock(start);
  const store = options.store ?? new MemoryStore();
  const parsed = parseConfig(
    options.config ?? {
      rooms: { "test:room": { facilitators: ["fac"], groupRoles: { "role-n": "north" } } },
    },
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  const config: Config = parsed.value;
  const platform =
    options.platform ?? new RecordingPlatform({ name: "test", roomId: "room", now: () => clock.now() });
  const logger = new MemoryLogger();
  const runtime = createRuntime({
    store,
    platforms: [platform],
    config,
    logger,
    clock,
    seed: 3,
    flowPaths: () => options.flowPaths ?? true,
    ...(options.translator === undefined ? {} : { translator: options.translator }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  await runtime.start();
  // Sessions of a restarted store are rebuilt in the background; most tests look at them at once.
  if (options.waitForRestore !== false) await runtime.idle();
  const settle = () => runtime.idle();
  return {
    runtime,
    platform,
    clock,
    store,
    logger,
    roomKey: "test:room",
    settle,
    advance: (ms) => clock.advanceBy(ms, settle),
  };
}

/**
 * A store the runtime tests run on. `open(id)` twice with one id is a restart on the same data
 * (the same file for SQLite, the same object for memory); `inbox(id)` reads every inbox payload,
 * processed ones included, as stored.
 */
export interface StoreKind {
  readonly name: string;
  open(id: string): Store;
  inbox(id: string): InboxPayload[];
}

/** Users run on SQLite and the tests once ran on memory only: every runtime test runs on both. */
export function storeKinds(dir: string): StoreKind[] {
  const memory = new Map<string, MemoryStore>();
  const file = (id: string) => join(dir, `${id}.sqlite`);
  return [
    {
      name: "MemoryStore",
      open: (id) => {
        const store = memory.get(id) ?? new MemoryStore();
        memory.set(id, store);
        return store;
      },
      inbox: (id) => (memory.get(id)?.allInbox() ?? []).map((e) => e.payload),
    },
    {
      name: "SqliteStore",
      open: (id) => new SqliteStore(file(id)),
      inbox: (id) => {
        const db = new DatabaseSync(file(id), { readOnly: true });
        try {
          const rows = db.prepare("SELECT payload FROM inbox ORDER BY id").all();
          return rows.map((r) => JSON.parse(String(r["payload"])) as InboxPayload);
        } finally {
          db.close();
        }
      },
    },
  ];
}

/**
 * A simulated clock that tells who waits for it: a test waits for the moment something arms a
 * timer (a delivery sleeping out a rate limit, say) instead of sleeping in real time.
 */
export class WatchedClock extends SimulatedClock {
  private readonly armed = new Map<number, number>();
  private next = 0;
  private waiters: (() => void)[] = [];

  override at(at: number, fn: () => void): TimerHandle {
    const id = ++this.next;
    this.armed.set(id, at);
    const handle = super.at(at, () => {
      this.armed.delete(id);
      fn();
    });
    for (const w of this.waiters.splice(0)) w();
    return {
      cancel: () => {
        this.armed.delete(id);
        handle.cancel();
      },
    };
  }

  /** Resolves with the earliest armed timer's time, as soon as one is armed. */
  async armedTimer(): Promise<number> {
    for (;;) {
      const times = [...this.armed.values()];
      if (times.length > 0) return Math.min(...times);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves once a timer is armed for exactly `at`. */
  async armedAt(at: number): Promise<void> {
    while (![...this.armed.values()].includes(at)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
