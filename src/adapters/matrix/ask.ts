// Questions with private answers: asked in each participant's direct room (never the shared
// room, where every reaction, poll answer and reply is seen by all), offered by the configured
// choice strategy, and remembered so the answers map back to the workshop's prompt.
import type { DeliveryResult } from "../../bot/ports.ts";
import type { PrivateAnswers } from "./answers.ts";
import type { Audiences } from "./audiences.ts";
import { byNumbers } from "./choices/numbers.ts";
import { requestSetOf } from "./collect.ts";
import type { AskDelivery, ChoiceStrategy } from "./choices/strategy.ts";
import type { MatrixContext } from "./context.ts";
import { failed } from "./send.ts";
import { ok } from "../../result.ts";

export class Asking {
  readonly #ctx: MatrixContext;
  readonly #audiences: Audiences;
  readonly #answers: PrivateAnswers;
  readonly #choices: ChoiceStrategy;

  constructor(ctx: MatrixContext, audiences: Audiences, answers: PrivateAnswers, choices: ChoiceStrategy) {
    this.#ctx = ctx;
    this.#audiences = audiences;
    this.#answers = answers;
    this.#choices = choices;
  }

  async ask(delivery: AskDelivery): Promise<DeliveryResult> {
    if (delivery.audience.to === "room") {
      // Reactions, poll answers and replies are room events every member sees: a question whose
      // answers are private is never posted in the shared room (privateAnswersInRoom: false).
      return failed({
        code: "unsupported",
        message:
          "a question with private answers cannot be asked in a shared Matrix room; ask each participant in their direct room",
      });
    }
    const targets = await this.#audiences.targets(delivery, delivery.audience);
    if (!targets.ok) return failed(targets.error);
    const body = await this.#audiences.framed(delivery, delivery.body);
    const values = delivery.options.map((option) => option.value);
    // A question without options is a plain numbered list (no poll can be empty).
    const strategy = delivery.options.length > 0 ? this.#choices : byNumbers;
    for (const target of targets.value) {
      const question = { roomId: target.roomId, body, delivery, part: `ask:${target.roomId}` };
      const sent = await strategy(this.#ctx, question, async (eventId) => {
        await this.#answers.addPrompt(eventId, {
          workshopRoomId: delivery.roomId,
          postedIn: target.roomId,
          promptId: delivery.promptId,
          values,
        });
        if (target.user !== undefined)
          await this.#answers.note(target.user, delivery.roomId, {
            ask: {
              eventId,
              at: Date.now(),
              set: requestSetOf(delivery.idempotencyKey),
              promptId: delivery.promptId,
            },
          });
      });
      if (!sent.ok) return failed(sent.error);
    }
    return ok();
  }
}
