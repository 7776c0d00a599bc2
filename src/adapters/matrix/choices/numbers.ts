// Choices by number (the default): the question as a numbered list and nothing more, one event
// per question. The participant replies with the number in their direct room, or reacts with its
// keycap (1️⃣…🔟); the list ends with those keycaps as a locale-neutral hint. No five-reaction
// fan under every question (issue 14).
import { notice, OPTION_KEYS, type NoticeContent } from "../render.ts";
import { send, transactionId } from "../send.ts";
import type { ChoiceStrategy, Question } from "./strategy.ts";
import type { MatrixContext } from "../context.ts";
import type { ApiResult } from "../api.ts";

/** Posts the question's numbered list (`content`) and records it before anyone can answer. */
export async function postList(
  ctx: MatrixContext,
  { roomId, delivery, part }: Question,
  content: NoticeContent,
  record: (eventId: string) => Promise<void>,
): Promise<ApiResult<string>> {
  const sent = await send(
    ctx,
    roomId,
    "m.room.message",
    content,
    transactionId(delivery.idempotencyKey, part),
  );
  if (sent.ok) await record(sent.value);
  return sent;
}

/** The list with a last line of the answers' keycaps ("↩ 1️⃣ 2️⃣"): reply with one, or react. */
export function numberedContent(question: Question): NoticeContent {
  const content = notice(question.body, question.delivery.options);
  const keys = OPTION_KEYS.slice(0, question.delivery.options.length).join(" ");
  if (keys === "") return content;
  return {
    ...content,
    body: `${content.body}\n↩ ${keys}`,
    formatted_body: `${content.formatted_body}<p>↩ ${keys}</p>`,
  };
}

export const byNumbers: ChoiceStrategy = (ctx, question, record) =>
  postList(ctx, question, numberedContent(question), record);
