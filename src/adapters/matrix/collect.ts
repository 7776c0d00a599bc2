// Requests for private text: the prompt in the room (for a room audience) and in each member's
// direct room, where their answer is taken.
import type { Delivery, DeliveryResult } from "../../bot/ports.ts";
import { path } from "./api.ts";
import type { PrivateAnswers } from "./answers.ts";
import type { Audiences } from "./audiences.ts";
import type { MatrixContext } from "./context.ts";
import type { DirectRooms } from "./direct-rooms.ts";
import { notice } from "./render.ts";
import { failed, send, transactionId } from "./send.ts";
import { ok } from "../../result.ts";

export class Collecting {
  readonly #ctx: MatrixContext;
  readonly #audiences: Audiences;
  readonly #directRooms: DirectRooms;
  readonly #answers: PrivateAnswers;

  constructor(ctx: MatrixContext, audiences: Audiences, directRooms: DirectRooms, answers: PrivateAnswers) {
    this.#ctx = ctx;
    this.#audiences = audiences;
    this.#directRooms = directRooms;
    this.#answers = answers;
  }

  async collect(delivery: Extract<Delivery, { kind: "collect" }>): Promise<DeliveryResult> {
    let users: string[];
    if (delivery.audience.to === "room") {
      // The prompt is public; the answers go to each member's direct room with the bot.
      const content = notice(await this.#audiences.framed(delivery, delivery.body), [], delivery.languages);
      const key = transactionId(delivery.idempotencyKey, "collect:room");
      const posted = await send(this.#ctx, delivery.roomId, "m.room.message", content, key);
      if (!posted.ok) return failed(posted.error);
      const members = await this.#ctx
        .api()
        .get<{ joined?: Record<string, unknown> }>(path("/rooms/$room/joined_members", delivery.roomId));
      if (!members.ok) return failed(members.error);
      users = Object.keys(members.value.joined ?? {}).filter((user) => user !== this.#ctx.config.userId);
    } else if (delivery.audience.to === "user") {
      users = [delivery.audience.userId];
    } else {
      users = [...delivery.audience.userIds];
    }
    const directContent = notice(delivery.body);
    for (const user of users) {
      const direct = await this.#directRooms.open(user, delivery.roomId);
      if (!direct.ok) return failed(direct.error);
      const key = transactionId(delivery.idempotencyKey, `collect:${user}`);
      const sent = await send(this.#ctx, direct.value, "m.room.message", directContent, key);
      if (!sent.ok) return failed(sent.error);
      await this.#answers.note(user, delivery.roomId, {
        collect: { promptId: delivery.promptId, at: Date.now() },
      });
    }
    return ok();
  }
}
