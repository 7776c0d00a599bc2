// Requests for private text: the prompt in the room (for a room audience) and in each member's
// direct room, where their answer is taken.
import type { Delivery, DeliveryResult } from "../../bot/ports.ts";
import { path } from "./api.ts";
import type { PrivateAnswers } from "./answers.ts";
import type { Audiences } from "./audiences.ts";
import type { MatrixContext } from "./context.ts";
import type { Countdowns } from "./countdown.ts";
import type { DirectRooms } from "./direct-rooms.ts";
import { notice } from "./render.ts";
import { failed, send, transactionId } from "./send.ts";
import { answerInTurnText } from "./texts.ts";

/**
 * The requests one runtime step sends (a survey's text questions) belong together: deliveries of
 * one step share their idempotency key up to its last ":" (`<session>:<seq>:<n>`).
 */
export function requestSetOf(idempotencyKey: string): string {
  const cut = idempotencyKey.lastIndexOf(":");
  return cut < 0 ? idempotencyKey : idempotencyKey.slice(0, cut);
}
import { ok } from "../../result.ts";

export class Collecting {
  readonly #ctx: MatrixContext;
  readonly #audiences: Audiences;
  readonly #directRooms: DirectRooms;
  readonly #answers: PrivateAnswers;
  readonly #countdowns: Countdowns;

  constructor(
    ctx: MatrixContext,
    audiences: Audiences,
    directRooms: DirectRooms,
    answers: PrivateAnswers,
    countdowns: Countdowns,
  ) {
    this.#ctx = ctx;
    this.#audiences = audiences;
    this.#directRooms = directRooms;
    this.#answers = answers;
    this.#countdowns = countdowns;
  }

  async collect(delivery: Extract<Delivery, { kind: "collect" }>): Promise<DeliveryResult> {
    let users: string[];
    if (delivery.audience.to === "room") {
      // The prompt is public; the answers go to each member's direct room with the bot.
      const content = notice(await this.#audiences.framed(delivery, delivery.body), [], delivery.languages);
      const key = transactionId(delivery.idempotencyKey, "collect:room");
      const posted = await send(this.#ctx, delivery.roomId, "m.room.message", content, key);
      if (!posted.ok) return failed(posted.error);
      // The prompt is a plain notice: the stage's countdown is shown on it.
      await this.#countdowns.posted(delivery, posted.value, delivery.body);
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
    const set = requestSetOf(delivery.idempotencyKey);
    const locale = delivery.languages?.[0]?.locale ?? this.#ctx.localeOf(delivery.roomId);
    const hint = [{ text: "\n\n" }, { text: answerInTurnText(locale), style: "emphasis" as const }];
    for (const user of users) {
      const direct = await this.#directRooms.open(user, delivery.roomId);
      if (!direct.ok) return failed(direct.error);
      // From the second request of a set on, the direct room says how several are answered.
      const earlier = await this.#answers.openInSet(user, delivery.roomId, set, delivery.promptId);
      const content = notice(earlier > 0 ? [...delivery.body, ...hint] : delivery.body);
      const key = transactionId(delivery.idempotencyKey, `collect:${user}`);
      const sent = await send(this.#ctx, direct.value, "m.room.message", content, key);
      if (!sent.ok) return failed(sent.error);
      // A reply to this very message answers this request.
      await this.#answers.addPrompt(sent.value, {
        workshopRoomId: delivery.roomId,
        postedIn: direct.value,
        promptId: delivery.promptId,
        values: [],
        request: true,
      });
      await this.#answers.note(user, delivery.roomId, {
        collect: { promptId: delivery.promptId, at: Date.now(), set },
      });
    }
    return ok();
  }
}
