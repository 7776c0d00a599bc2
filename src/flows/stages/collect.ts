// Collecting written contributions privately, or in the room where the workshop is open: what
// the brainstorm (ideas), the joint statement (amendments) and the needs (one input per category)
// ask for. Written once so the rule that decides when a room post counts stays one rule.
import type { MessageKey } from "../protocol.ts";
import {
  act,
  atDeadline,
  authorsVar,
  clearTimer,
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
 * the contributions: `ask` goes in the state's entry, `on` among its handlers (room posts count
 * only where the workshop is open, see `roomPosts`).
 */
export function privateOrRoomInput<C extends StageContext>(facts: FlowFacts, input: CollectInput<C>) {
  const { key, promptId, take, fromRoom } = input;
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
      "participant.say": roomPosts(facts, take, fromRoom),
    },
  };
}

/**
 * The handler that takes contributions posted in the room (those `fromRoom` accepts; every one by
 * default), only in an open workshop: there a post carries its author's name, which any other
 * confidentiality promises nobody sees.
 */
export function roomPosts<C extends StageContext>(
  facts: FlowFacts,
  take: (s: Step<C>, participantId: string, text: string) => void,
  fromRoom: (text: string) => boolean = () => true,
) {
  const open = facts.confidentiality === "open";
  return {
    guard: ({ event }: { event: StageEvent }) =>
      open && event.type === "participant.say" && fromRoom(event.text),
    actions: act<C>((s, e) => {
      if (e.type === "participant.say") take(s, e.participantId, e.text);
    }),
  };
}

/**
 * How a collecting phase ends, on time or when a facilitator says next: on to `then` when anything
 * came in (`collected`), else straight to `otherwise`. The phase's timer stops either way.
 */
export function collectingEnds<C extends StageContext, T extends string>(
  collected: (a: { context: C }) => boolean,
  then: T,
  otherwise: T,
) {
  const stopTimer = act<C>(clearTimer);
  return {
    "timer.fired": [
      {
        guard: (a: { context: C; event: StageEvent }) => atDeadline(a) && collected(a),
        target: then,
        actions: stopTimer,
      },
      { guard: atDeadline, target: otherwise, actions: stopTimer },
    ],
    "stage.next": [
      { guard: collected, target: then, actions: stopTimer },
      { target: otherwise, actions: stopTimer },
    ],
  };
}
