// A submitted modal → a private event; confirmed generically if the runtime's own confirmation
// does not come in time.
import { MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { noMentions } from "../context.ts";
import { label } from "../labels.ts";
import type { InteractionDeps } from "./deps.ts";

export async function onModal(
  deps: InteractionDeps,
  i: ModalSubmitInteraction,
  ref: { roomId: string; promptId: string },
): Promise<void> {
  const { ctx, inbound, replies } = deps;
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const pending = replies.register(ref.roomId, i, "deferred");
  const ok = await inbound.emit({
    eventId: i.id,
    roomId: ref.roomId,
    at: i.createdTimestamp,
    sender: inbound.interactionSender(i),
    body: { kind: "private", promptId: ref.promptId, text: i.fields.getTextInputValue("text") },
  });
  if (!ok) return;
  await replies.settleAfterGrace(pending, async () => {
    await i.editReply({ content: label("received", ctx.localeOf(i)), allowedMentions: noMentions });
  });
}
