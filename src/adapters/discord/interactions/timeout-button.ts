// The time-out button: the same `timeout` command as `/parley timeout`, in one click, answered
// ephemerally. It exists because Discord hides slash commands from whoever may not post, which
// under a strict floor is everyone but the speaker.
import { MessageFlags, type ButtonInteraction } from "discord.js";
import { noMentions } from "../context.ts";
import { label } from "../labels.ts";
import type { InteractionDeps } from "./deps.ts";

export async function onTimeoutButton(
  deps: InteractionDeps,
  i: ButtonInteraction,
  roomId: string,
): Promise<void> {
  const { ctx, inbound, replies } = deps;
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const pending = replies.register(roomId, i, "deferred");
  const ok = await inbound.emit({
    eventId: i.id,
    roomId,
    at: i.createdTimestamp,
    sender: inbound.interactionSender(i),
    body: { kind: "command", name: "timeout", args: [] },
  });
  await replies.settleAfterGrace(pending, async () => {
    await i.editReply({
      content: label(ok ? "received" : "notReceived", ctx.localeOf(i)),
      allowedMentions: noMentions,
    });
  });
}
