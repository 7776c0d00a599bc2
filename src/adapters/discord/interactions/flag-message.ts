// The "Flag to facilitators" message command (right-click a message → Apps): the shared `flag`
// command with the message as its target (its text and a link to it, never its author), answered
// ephemerally. Nobody else learns who flagged it.
import { MessageFlags, type MessageContextMenuCommandInteraction } from "discord.js";
import { noMentions } from "../context.ts";
import { label } from "../labels.ts";
import type { InteractionDeps } from "./deps.ts";
import { answeredNotHere } from "./outside.ts";

export async function onFlagMessage(
  deps: InteractionDeps,
  i: MessageContextMenuCommandInteraction,
): Promise<void> {
  const { ctx, inbound, replies } = deps;
  if (await answeredNotHere(ctx, i)) return;
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const pending = replies.register(i.channelId, i, "deferred");
  const message = i.targetMessage;
  const ok = await inbound.emit({
    eventId: i.id,
    roomId: i.channelId,
    at: i.createdTimestamp,
    sender: inbound.interactionSender(i),
    body: {
      kind: "command",
      name: "flag",
      args: [],
      target: { text: message.content === "" ? "…" : message.content, link: message.url },
    },
  });
  await replies.settleAfterGrace(pending, async () => {
    await i.editReply({
      content: label(ok ? "received" : "notReceived", ctx.localeOf(i)),
      allowedMentions: noMentions,
    });
  });
}
