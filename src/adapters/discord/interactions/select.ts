// Options picked in a select menu → one choice event each.
import type { StringSelectMenuInteraction } from "discord.js";
import { decodeOptionValue } from "../ids.ts";
import type { InteractionDeps } from "./deps.ts";

export async function onSelect(
  deps: InteractionDeps,
  i: StringSelectMenuInteraction,
  ref: { roomId: string; promptId: string },
): Promise<void> {
  const { ctx, inbound, replies } = deps;
  await i.deferUpdate();
  replies.register(ref.roomId, i, "open");
  const sender = inbound.interactionSender(i);
  for (const [n, raw] of i.values.entries()) {
    const value = await decodeOptionValue(raw, ctx.cursors);
    if (value === null) continue;
    await inbound.emit({
      eventId: i.values.length === 1 ? i.id : `${i.id}:${n}`,
      roomId: ref.roomId,
      at: i.createdTimestamp,
      sender,
      body: { kind: "choice", promptId: ref.promptId, value },
    });
  }
}
