// Outbound: each delivery kind to the part that makes it, one delivery at a time per workshop
// room (power levels are read-modify-write), with unexpected errors turned into a retryable failure.
import { ok } from "../../result.ts";
import type { Delivery, DeliveryResult } from "../../bot/ports.ts";
import type { Asking } from "./ask.ts";
import type { Collecting } from "./collect.ts";
import type { MatrixContext } from "./context.ts";
import type { FileSending } from "./files.ts";
import type { Floors } from "./floor.ts";
import type { PinnedHelp } from "./help.ts";
import type { MatrixCards } from "./cards.ts";
import { errorMessage } from "../shared/errors.ts";
import { InFlight } from "../shared/in-flight.ts";
import { SerialQueues } from "../shared/serial-queues.ts";
import type { Posting } from "./post.ts";
import { retractEvent } from "./retract.ts";
import { failed } from "./send.ts";

export interface DeliveryParts {
  readonly posting: Posting;
  readonly asking: Asking;
  readonly collecting: Collecting;
  readonly floors: Floors;
  readonly help: PinnedHelp;
  readonly cards: MatrixCards;
  readonly files: FileSending;
}

export class Deliveries {
  readonly #ctx: MatrixContext;
  readonly #parts: DeliveryParts;
  readonly #rooms = new SerialQueues();
  /** Deliveries still running: a stop waits for them, an answer may wait for its prompt's record. */
  readonly inFlight: InFlight;

  constructor(ctx: MatrixContext, parts: DeliveryParts, inFlight: InFlight) {
    this.#ctx = ctx;
    this.#parts = parts;
    this.inFlight = inFlight;
  }

  deliver(delivery: Delivery): Promise<DeliveryResult> {
    const work = this.#rooms.run(delivery.roomId, () =>
      this.#dispatch(delivery).catch((error: unknown): DeliveryResult => {
        this.#ctx.logger.error("matrix: delivery failed unexpectedly", { error: errorMessage(error) });
        return failed({ code: "unavailable", message: errorMessage(error), retryAfterMs: 5000 });
      }),
    );
    return this.inFlight.track(work);
  }

  /** A redaction seen in a room: a redacted live card is posted again, in turn with the room's deliveries. */
  redactionSeen(roomId: string, eventId: string): Promise<void> {
    const work = this.#rooms.run(roomId, () =>
      this.#parts.cards.redacted(roomId, eventId).catch((error: unknown) => {
        this.#ctx.logger.error("matrix: could not post a redacted card again", {
          error: errorMessage(error),
        });
      }),
    );
    return this.inFlight.track(work);
  }

  /** Redacts a post and its edits, in turn with the room's deliveries. */
  retract(roomId: string, eventId: string): Promise<DeliveryResult> {
    const work = this.#rooms.run(roomId, () =>
      retractEvent(this.#ctx, roomId, eventId).catch((error: unknown): DeliveryResult => {
        this.#ctx.logger.error("matrix: redaction failed unexpectedly", { error: errorMessage(error) });
        return failed({ code: "unavailable", message: errorMessage(error), retryAfterMs: 5000 });
      }),
    );
    return this.inFlight.track(work);
  }

  async #dispatch(delivery: Delivery): Promise<DeliveryResult> {
    const { posting, asking, collecting, floors, help, files, cards } = this.#parts;
    // The bot's first post in a workshop room comes after its pinned help.
    if (delivery.kind === "say" || delivery.kind === "collect" || delivery.kind === "pin")
      await help.ensure(delivery);
    if (delivery.audience.to === "room" && this.#ctx.config.liveCards) {
      if (delivery.card !== undefined && (delivery.kind === "say" || delivery.kind === "timer")) {
        // The card is no countdown host: a countdown goes on the card.
        await this.#ctx.state.setCountdownHost(delivery.roomId, undefined);
        return cards.show(delivery, delivery.card);
      }
      // The summary closes the workshop's last card.
      if (delivery.kind === "pin") await cards.close(delivery.roomId);
    }
    switch (delivery.kind) {
      case "say":
        return posting.notice(delivery, delivery.body, "say");
      case "timer":
        return posting.timer(delivery);
      case "pin":
        return posting.pin(delivery);
      case "ask":
        return asking.ask(delivery);
      case "collect":
        return collecting.collect(delivery);
      case "floor":
        return floors.set(delivery.roomId, delivery.holders, delivery.facilitators ?? []);
      case "close":
        // Questions are asked in direct rooms as numbered lists and reactions, which cannot be
        // disabled; a later answer to a closed one is answered "closed" by the runtime.
        return Promise.resolve(ok());
      case "retract":
        // The dispatcher turns a retract into `retract` calls with the stored event ids.
        return Promise.resolve(failed({ code: "unsupported", message: "retract is not a post" }));
      case "report":
        // The dispatcher turns a report into a `files` delivery, made from the store.
        return Promise.resolve(failed({ code: "unsupported", message: "a report is delivered as files" }));
      case "files":
        return files.send(delivery);
    }
  }
}
