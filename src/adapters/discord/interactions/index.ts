// Routes an interaction to its handler by kind and by the control its custom id names; a control
// that no longer decodes (its prompt is gone) is answered "no longer works", privately.
import { MessageFlags, type Interaction, type RepliableInteraction } from "discord.js";
import { errorMessage } from "../../shared/errors.ts";
import { flagCommandName } from "../commands.ts";
import { decodeControl } from "../ids.ts";
import { label } from "../labels.ts";
import { onAutocomplete } from "./autocomplete.ts";
import { onChoiceButton } from "./choice-button.ts";
import { onCollectButton } from "./collect-button.ts";
import { onCommand } from "./command.ts";
import type { InteractionDeps } from "./deps.ts";
import { onModal } from "./modal.ts";
import { onSelect } from "./select.ts";
import { onFlagMessage } from "./flag-message.ts";
import { onHelpButton, onTimeoutButton } from "./timeout-button.ts";

export async function onInteraction(deps: InteractionDeps, i: Interaction): Promise<void> {
  if (!deps.ctx.accepting) return;
  try {
    await route(deps, i);
  } catch (e) {
    deps.ctx.logger.error("discord interaction failed", { interaction: i.id, error: errorMessage(e) });
  }
}

async function route(deps: InteractionDeps, i: Interaction): Promise<void> {
  const cursors = deps.ctx.cursors;
  if (i.isAutocomplete()) return onAutocomplete(deps, i);
  if (i.isChatInputCommand()) {
    const { commandName, facilitateCommandName } = deps.ctx.config;
    if (i.commandName === commandName || i.commandName === facilitateCommandName) await onCommand(deps, i);
    return;
  }
  if (i.isMessageContextMenuCommand()) {
    if (i.commandName === flagCommandName) await onFlagMessage(deps, i);
    return;
  }
  if (i.isButton()) {
    const ref = await decodeControl(i.customId, cursors);
    if (ref?.kind === "timeout") return onTimeoutButton(deps, i, ref.roomId);
    if (ref?.kind === "help") return onHelpButton(deps, i, ref.roomId);
    if (ref?.kind === "collect") return onCollectButton(deps, i, ref);
    if (ref?.kind === "choice") return onChoiceButton(deps, i, ref);
    return expired(deps, i);
  }
  if (i.isStringSelectMenu()) {
    const ref = await decodeControl(i.customId, cursors);
    return ref?.kind === "select" ? onSelect(deps, i, ref) : expired(deps, i);
  }
  if (i.isModalSubmit()) {
    const ref = await decodeControl(i.customId, cursors);
    return ref?.kind === "modal" ? onModal(deps, i, ref) : expired(deps, i);
  }
}

async function expired(deps: InteractionDeps, i: RepliableInteraction): Promise<void> {
  await i.reply({ content: label("expired", deps.ctx.localeOf(i)), flags: MessageFlags.Ephemeral });
}
