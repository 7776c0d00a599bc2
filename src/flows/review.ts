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
 * The items as columns, item i at index i of each (issue 19: an object an item, five fields, was
 * 64 bytes of heap and a third of a mid-brainstorm snapshot's JSON; columns take about half), the
 * statuses one letter an item (`statusLetters`).
 */
export interface ReviewState {
  readonly refs: readonly number[];
  readonly contributions: readonly string[];
  readonly stages: readonly number[];
  readonly authors: readonly string[];
  readonly statuses: string;
  /** Posts waiting for their contribution's approval, in the order the stage made them. */
  readonly queue: readonly { readonly contribution: string; readonly effect: FlowEffect }[];
}

const statusLetters: Readonly<Record<ReviewStatus, string>> = {
  held: "h",
  shown: "s",
  hidden: "x",
  lapsed: "l",
};
const statusOfLetter: Readonly<Record<string, ReviewStatus>> = {
  h: "held",
  s: "shown",
  x: "hidden",
  l: "lapsed",
};

/**
 * A review state as snapshots before the columns stored it: an object an item, in snapshots before
 * issue 19 with a copy of its text (and, by a spread, the report's `type`).
 */
interface StoredObjects {
  readonly items: readonly (ReviewItem & { readonly text?: unknown; readonly type?: unknown })[];
  readonly queue: ReviewState["queue"];
}

/**
 * A review state as stored in any version, in today's shape (older items become columns, their
 * copies of the text dropped). Every function here reads its state through this, as a finished
 * session's stored context is read (and forgotten from) without being restored.
 */
export function migrated(state: ReviewState): ReviewState {
  if (!("items" in state)) return state;
  const { items, queue } = state as unknown as StoredObjects;
  return {
    refs: items.map((i) => i.ref),
    contributions: items.map((i) => i.contribution),
    stages: items.map((i) => i.stageIndex),
    authors: items.map((i) => i.author),
    statuses: items.map((i) => statusLetters[i.status]).join(""),
    queue,
  };
}

export const noReview: ReviewState = {
  refs: [],
  contributions: [],
  stages: [],
  authors: [],
  statuses: "",
  queue: [],
};

/** The items, in the order they were registered. */
export function reviewItems(stored: ReviewState): ReviewItem[] {
  const state = migrated(stored);
  return state.refs.map((_, i) => itemAt(state, i));
}

function itemAt(state: ReviewState, i: number): ReviewItem {
  return {
    ref: state.refs[i] as number,
    contribution: state.contributions[i] as string,
    stageIndex: state.stages[i] as number,
    author: state.authors[i] as string,
    status: statusOfLetter[state.statuses[i] as string] as ReviewStatus,
  };
}

export interface ReviewStep {
  readonly state: ReviewState;
  readonly effects: readonly FlowEffect[];
}

const indexOf = (state: ReviewState, contribution: string) => state.contributions.indexOf(contribution);
const itemOf = (state: ReviewState, contribution: string): ReviewItem | undefined => {
  const i = indexOf(state, contribution);
  return i < 0 ? undefined : itemAt(state, i);
};

/**
 * A reference number drawn from the session's seed, not counted up: numbers in arrival order would
 * tell the room in which order (and so, often, by whom) items shown in a seeded order arrived.
 */
function pickRef(state: ReviewState, seed: number, contribution: string): number {
  const used = new Set(state.refs);
  const span = used.size < 450 ? 900 : 9000;
  const base = span === 900 ? 100 : 1000;
  let ref = base + (seededKey(seed, contribution) % span);
  while (used.has(ref)) ref = ref + 1 >= base + span ? base : ref + 1;
  return ref;
}

/** A contribution to be shown on someone's behalf: numbered, and held for the facilitators under review. */
export function register(
  stored: ReviewState,
  seed: number,
  item: { contribution: string; author: string; text: string; stageIndex: number },
  held: boolean,
): ReviewStep {
  const state = migrated(stored);
  const { contribution, author, text, stageIndex } = item;
  if (itemOf(state, contribution) !== undefined) return { state, effects: [] };
  const ref = pickRef(state, seed, contribution);
  // The text goes to the facilitators' prompt only: the item refers to the contribution by id.
  const next: ReviewState = {
    ...state,
    refs: [...state.refs, ref],
    contributions: [...state.contributions, contribution],
    stages: [...state.stages, stageIndex],
    authors: [...state.authors, author],
    statuses: state.statuses + statusLetters[held ? "held" : "shown"],
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
export function gate(stored: ReviewState, effect: FlowEffect): ReviewStep {
  const state = migrated(stored);
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
  const i = state.refs.indexOf(ref);
  if (i < 0) return state;
  const statuses = state.statuses.slice(0, i) + statusLetters[status] + state.statuses.slice(i + 1);
  return { ...state, statuses };
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
  stored: ReviewState,
  ref: number,
  action: "approve" | "hide",
): ReviewStep & { readonly approved?: ReviewItem } {
  const state = migrated(stored);
  const at = state.refs.indexOf(ref);
  const item = at < 0 ? undefined : itemAt(state, at);
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
export function lapse(stored: ReviewState, which: (item: ReviewItem) => boolean): ReviewStep {
  const state = migrated(stored);
  const lapsing = reviewItems(state).filter((i) => i.status === "held" && which(i));
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
export function withheld(stored: ReviewState): string[] {
  const state = migrated(stored);
  return state.contributions.filter((_, i) => state.statuses[i] !== statusLetters.shown);
}

/** Forget-me: the person's items (and any post of theirs still waiting) go. */
export function forgetAuthor(stored: ReviewState, author: string): ReviewState {
  const state = migrated(stored);
  const gone = new Set(state.contributions.filter((_, i) => state.authors[i] === author));
  if (gone.size === 0) return stored;
  const kept = (_: unknown, i: number) => !gone.has(state.contributions[i] as string);
  return {
    refs: state.refs.filter(kept),
    contributions: state.contributions.filter(kept),
    stages: state.stages.filter(kept),
    authors: state.authors.filter(kept),
    // One ASCII letter an item (statusLetters).
    statuses: state.refs
      .map((_, i) => state.statuses.charAt(i))
      .filter(kept)
      .join(""),
    queue: state.queue.filter((q) => !gone.has(q.contribution)),
  };
}
