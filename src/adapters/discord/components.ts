// The controls under a message: buttons or select menus for a choice, the button that opens a
// modal for private input. Their custom ids survive a restart (ids.ts).
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ComponentType,
  StringSelectMenuBuilder,
  type MessageActionRowComponentBuilder,
  type TopLevelComponent,
} from "discord.js";
import type { CursorStore, DeliveryOption, PlatformFailure } from "../../bot/ports.ts";
import { encodeControl, encodeOptionValue } from "./ids.ts";
import { label, type LabelLocale } from "./labels.ts";
import type { Rows } from "./post.ts";
import { err, ok, type Result } from "../../result.ts";

/** Up to 25 single choices as buttons (5 rows of 5); more, or several choices, as select menus. */
export async function choiceRows(
  cursors: CursorStore,
  locale: LabelLocale,
  roomId: string,
  promptId: string,
  options: readonly DeliveryOption[],
  maxChoices: number,
): Promise<Result<Rows, PlatformFailure>> {
  if (options.length === 0) return ok([]);
  if (maxChoices <= 1 && options.length <= 25) {
    const rows: Rows = [];
    for (let r = 0; r < options.length; r += 5) {
      const row = new ActionRowBuilder<MessageActionRowComponentBuilder>();
      for (const o of options.slice(r, r + 5)) {
        row.addComponents(
          new ButtonBuilder()
            .setCustomId(await encodeControl({ kind: "choice", roomId, promptId, value: o.value }, cursors))
            .setLabel(buttonLabel(o.label, 80))
            .setStyle(ButtonStyle.Secondary),
        );
      }
      rows.push(row);
    }
    return ok(rows);
  }
  if (options.length > 125) {
    return err({
      code: "too_large",
      message: `Discord offers at most 125 choices (5 menus of 25); got ${options.length}`,
    });
  }
  const rows: Rows = [];
  for (let m = 0; m * 25 < options.length; m++) {
    const chunk = options.slice(m * 25, m * 25 + 25);
    const menu = new StringSelectMenuBuilder()
      .setCustomId(await encodeControl({ kind: "select", roomId, promptId, menu: m }, cursors))
      .setPlaceholder(label("choose", locale))
      .setMinValues(1)
      .setMaxValues(Math.max(1, Math.min(maxChoices, chunk.length)));
    for (const o of chunk) {
      menu.addOptions({ label: buttonLabel(o.label, 100), value: await encodeOptionValue(o.value, cursors) });
    }
    rows.push(new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(menu));
  }
  return ok(rows);
}

/** The button that opens the modal for a private answer. */
export async function collectRow(
  cursors: CursorStore,
  locale: LabelLocale,
  roomId: string,
  promptId: string,
): Promise<Rows> {
  const button = new ButtonBuilder()
    .setCustomId(await encodeControl({ kind: "collect", roomId, promptId }, cursors))
    .setLabel(label("write", locale))
    .setStyle(ButtonStyle.Primary);
  return [new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(button)];
}

function buttonLabel(text: string, max: number): string {
  // Labels are plain text (no markdown); control characters and excess length removed.
  const clean = text
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return truncate(clean || "…", max);
}

export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The message's buttons and selects, disabled (other components are left out). */
export function disabledRows(
  rows: readonly TopLevelComponent[],
): ActionRowBuilder<MessageActionRowComponentBuilder>[] {
  const out: ActionRowBuilder<MessageActionRowComponentBuilder>[] = [];
  for (const row of rows) {
    if (row.type !== ComponentType.ActionRow) continue;
    const controls: MessageActionRowComponentBuilder[] = [];
    for (const c of row.components) {
      if (c.type === ComponentType.Button) controls.push(ButtonBuilder.from(c).setDisabled(true));
      else if (c.type === ComponentType.StringSelect)
        controls.push(StringSelectMenuBuilder.from(c).setDisabled(true));
    }
    if (controls.length > 0)
      out.push(new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(controls));
  }
  return out;
}
