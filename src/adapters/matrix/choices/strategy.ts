// How a question with options is offered: a numbered list with the bot's number reactions
// (choices/reactions.ts) or an MSC3381 poll (choices/polls.ts), by matrix.choices.
import type { Delivery, Segment } from "../../../bot/ports.ts";
import type { ApiResult } from "../api.ts";
import type { MatrixContext } from "../context.ts";

export type AskDelivery = Extract<Delivery, { kind: "ask" }>;

export interface Question {
  readonly roomId: string;
  readonly body: readonly Segment[];
  readonly delivery: AskDelivery;
  /** Keeps the transaction ids of this question apart from others of the same delivery. */
  readonly part: string;
}

/**
 * Posts the question; calls `record` with its event id as soon as it exists (so answers can be
 * mapped) and before anything that invites answering. The result is the question's event id.
 */
export type ChoiceStrategy = (
  ctx: MatrixContext,
  question: Question,
  record: (eventId: string) => Promise<void>,
) => Promise<ApiResult<string>>;
