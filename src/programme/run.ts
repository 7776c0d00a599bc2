// Wires a programme into a running bot: its scheduled starts and notices go into the runtime's
// inbox on the runtime's clock. `parley run` and the tests use it.
import type { Logger } from "../bot/ports.ts";
import type { Runtime } from "../bot/runtime.ts";
import type { Clock } from "../bot/scheduler.ts";
import type { Store } from "../bot/store.ts";
import type { Occurrence } from "./plan.ts";
import { ProgrammeRunner } from "./runner.ts";
import type { Programme } from "./spec.ts";

export function programmeRunner(options: {
  readonly programme: Programme;
  readonly runtime: Pick<Runtime, "enqueue">;
  readonly store: Pick<Store, "getCursor" | "setCursor" | "findSession">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onMissed?: (o: Occurrence) => void;
}): ProgrammeRunner {
  const { store } = options;
  return new ProgrammeRunner({
    programme: options.programme,
    cursors: store,
    findSession: (roomKey) => store.findSession(roomKey),
    clock: options.clock,
    enqueue: (roomKey, eventId, payload) => options.runtime.enqueue(roomKey, eventId, payload),
    logger: options.logger,
    ...(options.onMissed === undefined ? {} : { onMissed: options.onMissed }),
  });
}
