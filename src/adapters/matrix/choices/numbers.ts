// Choices by number (the default): the question as a numbered list and nothing more, one event
// per question. The participant replies with the number in their direct room, or reacts with its
// keycap (1️⃣…🔟); the list ends with those keycaps as a locale-neutral hint. No five-reaction
// fan under every question (issue 14). In encrypted rooms only a reply with the number answers.
import { escapeHtml } from "../../../bot/neutralise.ts";
import { notice, OPTION_KEYS, type NoticeContent } from "../render.ts";
import { answerInTurnText, replyWithNumberText } from "../texts.ts";
import { openAsks } from "../answers.ts";
import { requestSetOf } from "../collect.ts";
import { anyEncrypted } from "./encrypted.ts";
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

/**
 * The list with a last line that says how to answer. Where reactions are private enough (no
 * encrypted room involved) it is the answers' keycaps ("↩ 1️⃣ 2️⃣"): reply with one, or react.
 * In an encrypted room reactions would go to the homeserver in the clear, so the line invites a
 * reply with the number only: worded in `locale` when the adapter knows it, else "↩ 1 / 2 / 3".
 */
export function numberedContent(
  question: Question,
  encrypted = false,
  locale?: string,
  laterInSet = false,
): NoticeContent {
  // Typed numbers answer a step's questions in turn: from its second question on, it says so.
  const body = laterInSet
    ? [...question.body, { text: "\n\n" }, { text: answerInTurnText(locale), style: "emphasis" as const }]
    : question.body;
  const content = notice(body, question.delivery.options);
  const count = Math.min(question.delivery.options.length, OPTION_KEYS.length);
  if (count === 0) return content;
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  const hint = !encrypted
    ? OPTION_KEYS.slice(0, count).join(" ")
    : locale === undefined
      ? numbers.join(" / ")
      : replyWithNumberText(locale, count === 1 ? "1" : `1–${count}`);
  const html = escapeHtml(hint);
  return {
    ...content,
    body: `${content.body}\n↩ ${hint}`,
    formatted_body: `${content.formatted_body}<p>↩ ${html}</p>`,
  };
}

/** Whether `question` involves an encrypted room (its workshop room or the room it is asked in). */
export function encryptedQuestion(ctx: MatrixContext, { roomId, delivery }: Question): Promise<boolean> {
  return anyEncrypted(ctx, [delivery.roomId, roomId]);
}

/** The locale of the question's reader, if the adapter knows it. */
export function readerLocale(ctx: MatrixContext, { delivery }: Question): string | undefined {
  return delivery.languages?.[0]?.locale ?? ctx.localeOf(delivery.roomId);
}

/**
 * Whether the reader of `question` (in their direct room) has another question of the same
 * runtime step open: then a typed number answers the first one not answered yet.
 */
async function laterInSet(ctx: MatrixContext, { roomId, delivery }: Question): Promise<boolean> {
  const user = await ctx.state.directRoomUser(roomId);
  const context = user === undefined ? undefined : await ctx.state.privateContext(user);
  if (context?.workshopRoomId !== delivery.roomId) return false;
  const set = requestSetOf(delivery.idempotencyKey);
  return openAsks(context).some((a) => a.set === set && a.answered !== true);
}

export const byNumbers: ChoiceStrategy = async (ctx, question, record) => {
  const encrypted = await encryptedQuestion(ctx, question);
  // Where reactions answer (no encrypted room), each question is answered on itself.
  const later = encrypted && (await laterInSet(ctx, question));
  const content = numberedContent(question, encrypted, readerLocale(ctx, question), later);
  return postList(ctx, question, content, record);
};
