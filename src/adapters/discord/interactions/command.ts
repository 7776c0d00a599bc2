// `/parley <subcommand>` → a command event. Acknowledged at once with an ephemeral "thinking…",
// which the runtime's private answer replaces, or a short "done" after the grace period (a reply
// that vanished without a word left facilitators unsure whether the command was taken).
import { MessageFlags, type ChatInputCommandInteraction } from "discord.js";
import { commandFromInteraction } from "../commands.ts";
import { noMentions } from "../context.ts";
import { label } from "../labels.ts";
import type { InteractionDeps } from "./deps.ts";
import { answeredNotHere } from "./outside.ts";

export async function onCommand(deps: InteractionDeps, i: ChatInputCommandInteraction): Promise<void> {
  const { ctx, inbound, replies } = deps;
  if (await answeredNotHere(ctx, i)) return;
  // Acknowledge first: Discord allows 3 seconds for the initial response.
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const pending = replies.register(i.channelId, i, "deferred");
  const { name, args } = commandFromInteraction(i);
  await inbound.emit({
    eventId: i.id,
    roomId: i.channelId,
    at: i.createdTimestamp,
    sender: inbound.interactionSender(i),
    body: { kind: "command", name, args },
  });
  await replies.settleAfterGrace(pending, async () => {
    await i.editReply({ content: label("commandDone", ctx.localeOf(i)), allowedMentions: noMentions });
  });
}
