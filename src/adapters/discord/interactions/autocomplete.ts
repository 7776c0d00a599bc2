// Autocomplete of `/parley start flow:`: flow ids and titles, never paths.
import type { AutocompleteInteraction } from "discord.js";
import { autocompleteChoices } from "../commands.ts";
import type { InteractionDeps } from "./deps.ts";

export async function onAutocomplete(deps: InteractionDeps, i: AutocompleteInteraction): Promise<void> {
  const focused = i.options.getFocused(true);
  const choices = focused.name === "flow" ? autocompleteChoices(await deps.flowChoices(), focused.value) : [];
  await i.respond(choices);
}
