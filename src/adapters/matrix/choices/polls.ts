// Choices by polls: an MSC3381 poll whose results stay undisclosed until it ends; a text fallback
// carries the numbered list for clients without polls.
import type { Segment } from "../../../bot/ports.ts";
import { notice } from "../render.ts";
import { send, transactionId } from "../send.ts";
import type { AskDelivery, ChoiceStrategy } from "./strategy.ts";

const POLL_START = "org.matrix.msc3381.poll.start";

export function pollContent(body: readonly Segment[], delivery: AskDelivery): Record<string, unknown> {
  const fallback = notice(body, delivery.options);
  const question = fallback.body.split("\n\n")[0] ?? "";
  return {
    [POLL_START]: {
      question: { "org.matrix.msc1767.text": question, body: question },
      kind: "org.matrix.msc3381.poll.undisclosed",
      max_selections: Math.max(1, Math.min(delivery.maxChoices, delivery.options.length)),
      answers: delivery.options.map((option, index) => ({
        id: String(index + 1),
        "org.matrix.msc1767.text": notice([{ text: option.label, fromParticipant: true }]).body,
      })),
    },
    "org.matrix.msc1767.text": fallback.body,
    "m.mentions": {},
  };
}

export const byPolls: ChoiceStrategy = async (ctx, { roomId, body, delivery, part }, record) => {
  const content = pollContent(body, delivery);
  const sent = await send(ctx, roomId, POLL_START, content, transactionId(delivery.idempotencyKey, part));
  if (sent.ok) await record(sent.value);
  return sent;
};
