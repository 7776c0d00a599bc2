// The terminal room under test, written once for the console tests: a ConsolePlatform on an
// in-memory input and output at a fixed time, lines typed into it, and the deliveries it prints.
import { PassThrough } from "node:stream";
import {
  ConsolePlatform,
  consoleFacilitators,
  type ConsolePlatformOptions,
} from "../../src/adapters/console/index.ts";
import { parseConfig } from "../../src/bot/config.ts";
import { MemoryLogger } from "../../src/bot/log.ts";
import { createRuntime } from "../../src/bot/runtime.ts";
import { SimulatedClock } from "../../src/bot/scheduler.ts";
import { MemoryStore } from "../../src/bot/store.ts";
import type { Delivery, DeliveryAudience, DeliveryOption, InboundEvent } from "../../src/bot/ports.ts";

/** A terminal room; `options` as ConsolePlatform's (input and output are the rig's). */
export function consoleRoom(options: Omit<ConsolePlatformOptions, "input" | "output"> = {}) {
  const input = new PassThrough();
  let printed = "";
  const events: InboundEvent[] = [];
  const platform = new ConsolePlatform({
    input,
    output: { write: (s: string) => (printed += s) },
    now: () => Date.UTC(2026, 0, 5, 14, 3, 0),
    timeZone: "UTC",
    ...options,
  });
  /** Types the lines, then waits until the console has handled them. */
  const type = async (...lines: string[]) => {
    for (const l of lines) input.write(`${l}\n`);
    // Let readline emit, then wait for the queue.
    await new Promise((r) => setImmediate(r));
    await platform.settled();
  };
  /** Starts the room, keeping every inbound event in `events`. */
  const listen = () =>
    platform.start((e) => {
      events.push(e);
      return Promise.resolve();
    });
  return { input, platform, events, type, listen, printed: () => printed };
}

/**
 * A whole workshop in the terminal room: the runtime on an in-memory store and a simulated clock,
 * the terminal's facilitator; `type` waits until the runtime has handled each line.
 */
export function consoleWorkshop(options: Omit<ConsolePlatformOptions, "input" | "output" | "now"> = {}) {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 5, 14, 0, 0));
  const room = consoleRoom({ ...options, now: () => clock.now() });
  const config = parseConfig({});
  if (!config.ok) throw new Error(config.error.message);
  const runtime = createRuntime({
    store: new MemoryStore(),
    platforms: [room.platform],
    config: config.value,
    logger: new MemoryLogger(),
    clock,
    seed: 1,
    flowPaths: () => true,
    defaultFacilitators: consoleFacilitators(true),
  });
  const type = async (...lines: string[]) => {
    for (const l of lines) {
      await room.type(l);
      await runtime.idle();
    }
  };
  return { platform: room.platform, runtime, type, printed: room.printed };
}

/** A request for private input shown in the terminal room. */
export const collectIn = (
  key: string,
  audience: DeliveryAudience,
  promptId: string,
  text: string,
): Delivery => ({
  idempotencyKey: key,
  roomId: "console",
  audience,
  kind: "collect",
  promptId,
  body: [{ text }],
});

/** A question with one choice shown in the terminal room. */
export const askIn = (
  key: string,
  audience: DeliveryAudience,
  promptId: string,
  options: readonly DeliveryOption[],
  text: string,
): Delivery => ({
  idempotencyKey: key,
  roomId: "console",
  audience,
  kind: "ask",
  promptId,
  options,
  maxChoices: 1,
  body: [{ text }],
});
