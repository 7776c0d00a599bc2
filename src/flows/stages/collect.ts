// Collecting written contributions privately, or in the room where the workshop is open: what
// the brainstorm (ideas) and the joint statement (amendments) both ask for. Written once so the
// rule that decides when a room post counts stays one rule.
import type { MessageKey } from "../protocol.ts";
import {
  act,
  authorsVar,
  effect,
  room,
  type FlowFacts,
  type StageContext,
  type StageEvent,
  type Step,
} from "./common.ts";

export interface CollectInput<C extends StageContext> {
  /** The private input's text (its `authors` variable says who will see the author). */
  readonly key: MessageKey;
  readonly promptId: string;
  /** Takes one contribution, however it came (private input or room post). */
  readonly take: (s: Step<C>, participantId: string, text: string) => void;
  /** Which room posts are contributions at all (default: every one); asked only where open. */
  readonly fromRoom?: (text: string) => boolean;
}

/**
 * A private input offered to everyone in the room, and its handlers for the state that takes
 * the contributions: `ask` goes in the state's entry, `on` among its handlers. Only an open
 * workshop takes contributions posted in the room: a room post carries its author's name there,
 * which any other confidentiality promises nobody sees.
 */
export function privateOrRoomInput<C extends StageContext>(facts: FlowFacts, input: CollectInput<C>) {
  const { key, promptId, take, fromRoom = () => true } = input;
  const open = facts.confidentiality === "open";
  return {
    ask: (s: Step<C>): void => {
      effect(s, { type: "collect", key, audience: room, promptId, vars: { authors: authorsVar(facts) } });
    },
    on: {
      "participant.submit": {
        guard: ({ event }: { event: StageEvent }) =>
          event.type === "participant.submit" && event.promptId === promptId,
        actions: act<C>((s, e) => {
          if (e.type === "participant.submit") take(s, e.participantId, e.text);
        }),
      },
      "participant.say": {
        guard: ({ event }: { event: StageEvent }) =>
          open && event.type === "participant.say" && fromRoom(event.text),
        actions: act<C>((s, e) => {
          if (e.type === "participant.say") take(s, e.participantId, e.text);
        }),
      },
    },
  };
}
