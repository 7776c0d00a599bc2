// A click on a choice button → a choice event. The room message stays as it is; any private
// answer comes as an ephemeral follow-up.
import type { ButtonInteraction } from "discord.js";
import type { InteractionDeps } from "./deps.ts";

export async function onChoiceButton(
  deps: InteractionDeps,
  i: ButtonInteraction,
  ref: { roomId: string; promptId: string; value: string },
): Promise<void> {
  await i.deferUpdate();
  deps.replies.register(ref.roomId, i, "open");
  await deps.inbound.emit({
    eventId: i.id,
    roomId: ref.roomId,
    at: i.createdTimestamp,
    sender: deps.inbound.interactionSender(i),
    body: { kind: "choice", promptId: ref.promptId, value: ref.value },
  });
}
