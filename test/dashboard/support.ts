// Thirty live simulated terminal rooms of one programme, a runtime on a simulated clock, and the
// dashboard over the same store (shared by the browser test and the bench).
import { parseConfig } from "../../src/bot/config.ts";
import { MemoryLogger } from "../../src/bot/log.ts";
import { createRuntime, type Runtime } from "../../src/bot/runtime.ts";
import { SimulatedClock } from "../../src/bot/scheduler.ts";
import { MemoryStore, type Store } from "../../src/bot/store.ts";
import { bulkPayload, hashPassword } from "../../src/cli/programme.ts";
import { startDashboard, type Dashboard } from "../../src/dashboard/server.ts";
import { withProgrammeRooms } from "../../src/programme/load.ts";
import { parseProgramme, type Programme } from "../../src/programme/spec.ts";
import { RecordingPlatform } from "../support/recording-platform.ts";

export const coordinatorPassword = "correct horse battery staple";
export const observerPassword = "observer password 42";

export function programmeOf(rooms: number): Programme {
  const names = Array.from({ length: rooms }, (_, i) => `console:group-${String(i + 1).padStart(3, "0")}`);
  const text = `id: spring
title: Spring youth dialogues
timeZone: UTC
cohorts:
  - id: north
    flow: perspective-exchange
    facilitators: [alice]
    rooms: [${names.join(", ")}]
    schedule:
      - at: 2026-03-01 11:00
`;
  const r = parseProgramme(text, "programme.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.programme;
}

export interface Live {
  readonly runtime: Runtime;
  readonly store: Store;
  readonly clock: SimulatedClock;
  readonly dashboard: Dashboard;
  readonly programme: Programme;
  readonly rooms: readonly string[];
  /** Sends a facilitator's command to every room (or the given ones) and waits until it is applied. */
  command(name: string, args?: readonly string[], rooms?: readonly string[]): Promise<void>;
  /** A participant joins a room. */
  join(room: string, userId: string, group: string): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export async function liveProgramme(
  rooms: number,
  options: { pollMs?: number; store?: Store } = {},
): Promise<Live> {
  const programme = programmeOf(rooms);
  const parsed = parseConfig({ console: true });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const config = withProgrammeRooms(parsed.value, programme);
  const clock = new SimulatedClock(Date.UTC(2026, 2, 1, 11, 0));
  const store = options.store ?? new MemoryStore();
  const platform = new RecordingPlatform({ name: "console", roomId: "group-001", now: () => clock.now() });
  const runtime = createRuntime({
    store,
    platforms: [platform],
    config,
    logger: new MemoryLogger(),
    clock,
    seed: 1,
  });
  await runtime.start();
  const roomKeys = programme.cohorts.flatMap((c) => c.rooms);
  const send = async (
    room: string,
    sender: { userId: string; displayName: string },
    name: string,
    args: readonly string[],
  ) => {
    counter += 1;
    await runtime.accept({
      platform: "console",
      eventId: `sim-${String(counter)}`,
      roomId: room.slice("console:".length),
      at: clock.now(),
      sender,
      kind: "command",
      name,
      args,
    });
  };
  const alice = { userId: "alice", displayName: "Alice" };
  const dashboard = await startDashboard({
    config: {
      enabled: true,
      host: "127.0.0.1",
      port: 0,
      accounts: [
        { name: "coord", role: "coordinator", passwordHash: await hashPassword(coordinatorPassword) },
        { name: "watcher", role: "observer", passwordHash: await hashPassword(observerPassword) },
      ],
    },
    store,
    logger: new MemoryLogger(),
    now: () => clock.now(),
    programme,
    enqueue: (room, id, payload) => runtime.enqueue(room, id, payload),
    bulkPayload: (action, cohort, room, text) =>
      bulkPayload(action, { programme, file: "programme.yaml" }, cohort, room, text),
    // The tests and the bench refresh when something changed.
    pollMs: options.pollMs ?? 3_600_000,
  });
  return {
    runtime,
    store,
    clock,
    dashboard,
    programme,
    rooms: roomKeys,
    async command(name, args = [], only = roomKeys) {
      for (const room of only) await send(room, alice, name, args);
      await runtime.idle();
    },
    async join(room, userId, group) {
      await send(room, { userId, displayName: userId }, "join", [group]);
      await runtime.idle();
    },
    async close() {
      await dashboard.close();
      await runtime.stop();
    },
  };
}
