// What an interaction handler needs: the adapter's context, the hand-off to the runtime, the
// pending-reply registry and the flow choices for autocomplete.
import type { FlowChoice } from "../commands.ts";
import type { DiscordContext } from "../context.ts";
import type { Inbound } from "../inbound.ts";
import type { Replies } from "../replies.ts";

export interface InteractionDeps {
  readonly ctx: DiscordContext;
  readonly inbound: Inbound;
  readonly replies: Replies;
  readonly flowChoices: () => Promise<readonly FlowChoice[]>;
}
