// The time-out button, and the card that carries it pinned in a channel under a strict floor.
// Discord hides slash commands from whoever may not post, so under a strict floor this button is
// how a listener asks the facilitators for a pause; every turn panel carries it too.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Routes,
  type MessageActionRowComponentBuilder,
} from "discord.js";
import { errorMessage } from "../shared/errors.ts";
import type { DiscordContext } from "./context.ts";
import { encodeControl } from "./ids.ts";
import { label } from "./labels.ts";
import { postParts, type Postable, type Rows } from "./post.ts";

export async function timeoutRow(ctx: DiscordContext, roomId: string): Promise<Rows> {
  return [
    new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(await encodeControl({ kind: "timeout", roomId }, ctx.cursors))
        .setLabel(label("timeout", ctx.config.locale))
        .setStyle(ButtonStyle.Secondary),
    ),
  ];
}

/** The help button: `help-me` in one click, to the facilitators and the safeguarding lead. */
export async function helpRow(ctx: DiscordContext, roomId: string): Promise<Rows> {
  return [
    new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(await encodeControl({ kind: "help", roomId }, ctx.cursors))
        .setLabel(label("helpMe", ctx.config.locale))
        .setStyle(ButtonStyle.Danger),
    ),
  ];
}

/**
 * Before a strict floor first silences a channel, the card is posted and pinned there, once per
 * channel. A failure is logged and does not stop the floor: every turn panel carries the button.
 */
export async function ensureTimeoutCard(
  ctx: DiscordContext,
  channel: { id: string } & Postable,
): Promise<void> {
  const key = `timeout-card:${channel.id}`;
  if ((await ctx.cursors.getCursor("discord", key)) !== undefined) return;
  try {
    const [id] = await postParts(channel, {
      key,
      contents: [label("timeoutCard", ctx.config.locale)],
      rows: await timeoutRow(ctx, channel.id),
    });
    if (id === undefined) return;
    await ctx.cursors.setCursor("discord", key, id);
    await ctx.mustClient().rest.put(Routes.channelMessagesPin(channel.id, id));
  } catch (e) {
    ctx.logger.warn("could not post or pin the time-out card", { room: channel.id, error: errorMessage(e) });
  }
}
