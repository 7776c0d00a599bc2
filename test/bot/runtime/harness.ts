// Runs the real runtime against a RecordingPlatform, a simulated clock and a store.
import { fileURLToPath } from "node:url";
import { parseConfig, type Config } from "../../../src/bot/config.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import { createRuntime, type Runtime } from "../../../src/bot/runtime.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { MemoryStore, type Store } from "../../../src/bot/store.ts";
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
): Promise<void> {
  const amal = { userId: "amal", displayName: "Amal" };
  const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };
  await h.platform.command("fac", "start", strictFlow);
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
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? new SimulatedClock(start);
  const store = options.store ?? new MemoryStore();
  const parsed = parseConfig(
    options.config ?? {
      rooms: { "test:room": { facilitators: ["fac"], groupRoles: { "role-n": "north" } } },
    },
  );
  if (!parsed.ok) throw new Error(parsed.message);
  const config: Config = parsed.config;
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
