// Choices by reactions (`matrix.choices: reactions`): the question as a numbered list, then the
// bot's own 1️⃣…🔟 reactions for the participant to click (a reply with the number works too).
// Where an encrypted room is involved it is refused: Matrix never encrypts reactions, so the
// question is offered by numbers instead (choices/numbers.ts, answered by a reply only).
import { notice, OPTION_KEYS } from "../render.ts";
import { send, transactionId } from "../send.ts";
import { byNumbers, encryptedQuestion, postList } from "./numbers.ts";
import type { ChoiceStrategy } from "./strategy.ts";

export const byReactions: ChoiceStrategy = async (ctx, question, record) => {
  if (await encryptedQuestion(ctx, question)) return byNumbers(ctx, question, record);
  const { roomId, delivery, part } = question;
  const sent = await postList(ctx, question, notice(question.body, delivery.options), record);
  if (!sent.ok) return sent;
  await record(sent.value);
  for (let index = 0; index < Math.min(delivery.options.length, OPTION_KEYS.length); index++) {
    const reaction = await send(
      ctx,
      roomId,
      "m.reaction",
      { "m.relates_to": { rel_type: "m.annotation", event_id: sent.value, key: OPTION_KEYS[index] } },
      transactionId(delivery.idempotencyKey, `${part}:reaction:${index}`),
    );
    if (!reaction.ok) return reaction;
  }
  return sent;
};
