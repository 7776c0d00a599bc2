// A click on "Write your answer" → the modal for a private answer (a modal must be the first
// response, so nothing else is sent before it).
import {
  LabelBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
} from "discord.js";
import { truncate } from "../components.ts";
import { encodeControl } from "../ids.ts";
import { label } from "../labels.ts";
import type { InteractionDeps } from "./deps.ts";

export async function onCollectButton(
  deps: InteractionDeps,
  i: ButtonInteraction,
  ref: { roomId: string; promptId: string },
): Promise<void> {
  const loc = deps.ctx.localeOf(i);
  const modal = new ModalBuilder()
    .setCustomId(
      await encodeControl({ kind: "modal", roomId: ref.roomId, promptId: ref.promptId }, deps.ctx.cursors),
    )
    .setTitle(label("write", loc).slice(0, 45));
  // The prompt the button sits under, in the runtime's words, so the modal itself says who will
  // see the answer (the adapter's own labels cannot know).
  const prompt = i.message.content.trim();
  if (prompt !== "") modal.addTextDisplayComponents((t) => t.setContent(truncate(prompt, 4000)));
  modal.addLabelComponents(
    new LabelBuilder()
      .setLabel(label("answer", loc).slice(0, 45))
      .setTextInputComponent(
        new TextInputBuilder()
          .setCustomId("text")
          .setStyle(TextInputStyle.Paragraph)
          .setRequired(true)
          .setMaxLength(4000),
      ),
  );
  await i.showModal(modal);
}
