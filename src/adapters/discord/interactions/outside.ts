// A slash or message command used outside a workshop channel is answered privately, not taken.
import { MessageFlags, type CommandInteraction } from "discord.js";
import type { DiscordContext } from "../context.ts";
import { noMentions } from "../context.ts";
import { label } from "../labels.ts";

/** True when the interaction was answered "not here" (its channel runs no workshop). */
export async function answeredNotHere(ctx: DiscordContext, i: CommandInteraction): Promise<boolean> {
  if (ctx.isWorkshopChannel(i.channelId)) return false;
  await i.reply({
    content: label("notHere", ctx.localeOf(i)),
    flags: MessageFlags.Ephemeral,
    allowedMentions: noMentions,
  });
  return true;
}
