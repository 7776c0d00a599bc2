// The time-out button: the same `timeout` command as `/parley timeout`, in one click, answered
// ephemerally. It exists because Discord hides slash commands from whoever may not post, which
// under a strict floor is everyone but the speaker. The help button works the same way.
import { MessageFlags, type ButtonInteraction } from "discord.js";
import { noMentions } from "../context.ts";
import { label } from "../labels.ts";
import type { InteractionDeps } from "./deps.ts";

export function onTimeoutButton(deps: InteractionDeps, i: ButtonInteraction, roomId: string): Promise<void> {
  return oneClickCommand(deps, i, roomId, "timeout");
}

/** The help button under prompts answered privately: `help-me` in one click (safeguarding). */
export function onHelpButton(deps: InteractionDeps, i: ButtonInteraction, roomId: string): Promise<void> {
  return oneClickCommand(deps, i, roomId, "help-me");
}

async function oneClickCommand(
  deps: InteractionDeps,
  i: ButtonInteraction,
  roomId: string,
  name: "timeout" | "help-me",
): Promise<void> {
  const { ctx, inbound, replies } = deps;
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const pending = replies.register(roomId, i, "deferred");
  const ok = await inbound.emit({
    eventId: i.id,
    roomId,
    at: i.createdTimestamp,
    sender: inbound.interactionSender(i),
    body: { kind: "command", name, args: [] },
  });
  await replies.settleAfterGrace(pending, async () => {
    await i.editReply({
      content: label(ok ? "received" : "notReceived", ctx.localeOf(i)),
      allowedMentions: noMentions,
    });
  });
}
