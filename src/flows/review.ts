// Safeguarding review (issue 13): every contribution the bot shows on someone's behalf gets a
// reference number (`#n`) that facilitators use to hide it, and under `review: facilitators` it is
// held until a facilitator approves it. Pure functions over the state the workshop keeps in its
// context (so held and approved survive a restart); they return the effects to emit.
//
// What facilitators are shown about a held contribution is its text and number, never its author,
// whatever the confidentiality: the more private choice, and the same in every mode.
import type { FlowEffect } from "./protocol.ts";
import { facilitators, seededKey, to } from "./stages/common.ts";

/**
 * held: waiting for a facilitator; shown: may be shown (approved, or not under review);
 * hidden: a facilitator hid it; lapsed: still held when its stage showed its items or ended.
 */
export type ReviewStatus = "held" | "shown" | "hidden" | "lapsed";

export interface ReviewItem {
  readonly ref: number;
  /** The contribution's id in its stage (or the id of what was shown, for a reflection). */
  readonly contribution: string;
  readonly stageIndex: number;
  /** Kept for the author's private note and for forget-me; never rendered to anyone else. */
  readonly author: string;
  readonly status: ReviewStatus;
}

/**
 * An item as snapshots before issue 19 stored it: with a copy of its text (and, by a spread, the
 * report's `type`). The text is held once, where the stage or the workshop keeps the contribution;
 * the item refers to it by id (a third of a mid-brainstorm snapshot was these copies).
 */
type StoredItem = ReviewItem & { readonly text?: unknown; readonly type?: unknown };

/** A review state as stored in any version, in today's shape (the older items lose their copies). */
export function migrated(state: ReviewState): ReviewState {
  const items = state.items as readonly StoredItem[];
  if (!items.some((i) => "text" in i || "type" in i)) return state;
  return {
    ...state,
    items: items.map(({ ref, contribution, stageIndex, author, status }) => ({
      ref,
      contribution,
      stageIndex,
      author,
      status,
    })),
  };
}

export interface ReviewState {
  readonly items: readonly ReviewItem[];
  /** Posts waiting for their contribution's approval, in the order the stage made them. */
  readonly queue: readonly { readonly contribution: string; readonly effect: FlowEffect }[];
}

export const noReview: ReviewState = { items: [], queue: [] };

export interface ReviewStep {
  readonly state: ReviewState;
  readonly effects: readonly FlowEffect[];
}

const itemOf = (state: ReviewState, contribution: string) =>
  state.items.find((i) => i.contribution === contribution);

/**
 * A reference number drawn from the session's seed, not counted up: numbers in arrival order would
 * tell the room in which order (and so, often, by whom) items shown in a seeded order arrived.
 */
function pickRef(state: ReviewState, seed: number, contribution: string): number {
  const used = new Set(state.items.map((i) => i.ref));
  const span = used.size < 450 ? 900 : 9000;
  const base = span === 900 ? 100 : 1000;
  let ref = base + (seededKey(seed, contribution) % span);
  while (used.has(ref)) ref = ref + 1 >= base + span ? base : ref + 1;
  return ref;
}

/** A contribution to be shown on someone's behalf: numbered, and held for the facilitators under review. */
export function register(
  state: ReviewState,
  seed: number,
  item: { contribution: string; author: string; text: string; stageIndex: number },
  held: boolean,
): ReviewStep {
  const { contribution, author, text, stageIndex } = item;
  if (itemOf(state, contribution) !== undefined) return { state, effects: [] };
  const ref = pickRef(state, seed, contribution);
  // The text goes to the facilitators' prompt only: the item refers to the contribution by id.
  const next: ReviewState = {
    ...state,
    items: [...state.items, { ref, contribution, stageIndex, author, status: held ? "held" : "shown" }],
  };
  if (!held) return { state: next, effects: [] };
  return {
    state: next,
    effects: [
      {
        type: "prompt",
        key: "review.held",
        audience: facilitators,
        promptId: `review:${String(ref)}`,
        vars: { ref: String(ref), text: { userText: text } },
        options: [
          { value: "approve", label: { key: "review.approveOption" } },
          { value: "hide", label: { key: "review.hideOption" } },
        ],
      },
    ],
  };
}

/** Releases queued posts from the front while their contributions are decided. */
function release(state: ReviewState): ReviewStep {
  const effects: FlowEffect[] = [];
  const queue = [...state.queue];
  for (;;) {
    const head = queue[0];
    if (head === undefined) break;
    const status = itemOf(state, head.contribution)?.status ?? "shown";
    if (status === "held") break;
    queue.shift();
    if (status === "shown") effects.push(numbered(state, head.effect));
  }
  return { state: { ...state, queue }, effects };
}

/** A post with its reference number instead of the stage's contribution id. */
function numbered(state: ReviewState, effect: FlowEffect): FlowEffect {
  if (effect.type !== "say" || effect.contribution === undefined) return effect;
  const { contribution, ...rest } = effect;
  const item = itemOf(state, contribution);
  return item === undefined ? rest : { ...rest, ref: item.ref };
}

/**
 * A stage's effect on its way out: a post of a held contribution waits (in order), one of a hidden
 * or lapsed contribution is dropped, and the rest go out numbered.
 */
export function gate(state: ReviewState, effect: FlowEffect): ReviewStep {
  if (effect.type !== "say" || effect.contribution === undefined) return { state, effects: [effect] };
  const item = itemOf(state, effect.contribution);
  if (item === undefined) return { state, effects: [numbered(state, effect)] };
  if (item.status === "hidden" || item.status === "lapsed") return { state, effects: [] };
  // Behind a held post, every post waits its turn, so the room sees them in the stage's order.
  if (item.status === "held" || state.queue.length > 0)
    return release({ ...state, queue: [...state.queue, { contribution: item.contribution, effect }] });
  return { state, effects: [numbered(state, effect)] };
}

function setStatus(state: ReviewState, ref: number, status: ReviewStatus): ReviewState {
  return { ...state, items: state.items.map((i) => (i.ref === ref ? { ...i, status } : i)) };
}

/** The author's private, neutral note that something of theirs was not shown. */
const notShown = (author: string): FlowEffect => ({
  type: "say",
  key: "review.notShown",
  audience: to(author),
});

/**
 * A facilitator's decision. Returns, on an approval of a held item, its contribution id (the
 * stage may act on it: a proposed rule is added only once approved).
 */
export function decide(
  state: ReviewState,
  ref: number,
  action: "approve" | "hide",
): ReviewStep & { readonly approved?: ReviewItem } {
  const item = state.items.find((i) => i.ref === ref);
  if (item === undefined)
    return {
      state,
      effects: [{ type: "say", key: "review.unknown", audience: facilitators, vars: { ref: String(ref) } }],
    };
  if (action === "approve") {
    if (item.status === "hidden" || item.status === "lapsed")
      return {
        state,
        effects: [{ type: "say", key: "review.tooLate", audience: facilitators, vars: { ref: String(ref) } }],
      };
    const told: FlowEffect = {
      type: "say",
      key: "review.approved",
      audience: facilitators,
      vars: { ref: String(ref) },
    };
    if (item.status === "shown") return { state, effects: [told] };
    const released = release(setStatus(state, ref, "shown"));
    return { state: released.state, effects: [told, ...released.effects], approved: item };
  }
  const told: FlowEffect = {
    type: "say",
    key: "review.hidden",
    audience: facilitators,
    vars: { ref: String(ref) },
  };
  if (item.status === "hidden") return { state, effects: [told] };
  const released = release(setStatus(state, ref, "hidden"));
  const effects: FlowEffect[] = [told];
  // A lapsed item's author was told when it lapsed; a shown one's posts are taken back.
  if (item.status === "shown") effects.push({ type: "retract", ref });
  if (item.status !== "lapsed") effects.push(notShown(item.author));
  return { state: released.state, effects: [...effects, ...released.effects] };
}

/**
 * Items still held when their stage showed its items (or ended) are not shown: they lapse, the
 * facilitators are told their numbers and each author is told privately.
 */
export function lapse(state: ReviewState, which: (item: ReviewItem) => boolean): ReviewStep {
  const lapsing = state.items.filter((i) => i.status === "held" && which(i));
  if (lapsing.length === 0) return { state, effects: [] };
  let next = state;
  for (const i of lapsing) next = setStatus(next, i.ref, "lapsed");
  const released = release(next);
  const effects: FlowEffect[] = [];
  for (const i of lapsing) {
    effects.push({ type: "say", key: "review.lapsed", audience: facilitators, vars: { ref: String(i.ref) } });
    effects.push(notShown(i.author));
  }
  return { state: released.state, effects: [...effects, ...released.effects] };
}

/** Contribution ids that must not be shown or reported: held, hidden or lapsed. */
export function withheld(state: ReviewState): string[] {
  return state.items.filter((i) => i.status !== "shown").map((i) => i.contribution);
}

/** Forget-me: the person's items (and any post of theirs still waiting) go. */
export function forgetAuthor(state: ReviewState, author: string): ReviewState {
  const gone = new Set(state.items.filter((i) => i.author === author).map((i) => i.contribution));
  if (gone.size === 0) return state;
  return {
    items: state.items.filter((i) => !gone.has(i.contribution)),
    queue: state.queue.filter((q) => !gone.has(q.contribution)),
  };
}
