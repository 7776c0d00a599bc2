// A corrected question (an idea withdrawn from a ballot already sent, issue 13) is edited into the
// message that asked it, so nobody is left looking at a choice that no longer exists: the channel's
// question, or a participant's in their direct messages. Where the bot cannot edit it (an
// ephemeral answer, a question split over several messages, a message gone), the corrected question
// is posted instead, and says itself that an idea was withdrawn.
import { DiscordAPIError, type Message } from "discord.js";
import type { Delivery } from "../../bot/ports.ts";
import type { DiscordContext } from "./context.ts";
import type { Rows } from "./post.ts";
import { noMentions } from "./context.ts";

type Ask = Extract<Delivery, { kind: "ask" }>;

/** Where a question was asked (its controls are on that message): the channel's, or one user's. */
export function askedKey(roomId: string, promptId: string, userId?: string): string {
  return userId === undefined ? `asked:${roomId}:${promptId}` : `asked:${roomId}:${promptId}@${userId}`;
}

const keyOf = (d: Ask): string | null =>
  d.audience.to === "room"
    ? askedKey(d.roomId, d.promptId)
    : d.audience.to === "user"
      ? askedKey(d.roomId, d.promptId, d.audience.userId)
      : null;

/** Remembers the message that carries a question's controls (for `close` and for a correction). */
export async function rememberAsked(
  ctx: DiscordContext,
  d: Ask,
  messageIds: readonly string[],
): Promise<void> {
  const key = keyOf(d);
  const last = messageIds.at(-1);
  if (key !== null && last !== undefined) await ctx.cursors.setCursor("discord", key, last);
}

/** Edits the corrected question into the message that asked it; false when that cannot be done. */
export async function editAsked(
  ctx: DiscordContext,
  d: Ask,
  parts: readonly string[],
  rows: Rows,
): Promise<boolean> {
  const key = keyOf(d);
  const [content, ...more] = parts;
  if (key === null || content === undefined || more.length > 0) return false;
  const messageId = await ctx.cursors.getCursor("discord", key);
  if (messageId === undefined || messageId === "") return false;
  let message: Message;
  try {
    if (d.audience.to === "user") {
      const user = await ctx.mustClient().users.fetch(d.audience.userId);
      message = await (await user.createDM()).messages.fetch(messageId);
    } else {
      const channel = await ctx.textChannel(d.roomId);
      if (!channel) return false;
      message = await channel.messages.fetch(messageId);
    }
  } catch (e) {
    // Not found where it was looked for (an ephemeral answer, or deleted): asked again instead.
    if (e instanceof DiscordAPIError && (e.code === 10008 || e.code === 10003 || e.code === 50001))
      return false;
    throw e;
  }
  await message.edit({ content, components: rows, allowedMentions: noMentions });
  return true;
}
