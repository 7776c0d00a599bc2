// The screening decision for a contribution the bot is about to show on someone's behalf: the
// programme's word lists and, when one is configured, its classifier's verdict, combined with the
// programme's choice of what a hit does. Pure.
//
// The seam to hold-for-review: a result `{ action: "hold" }` means "do not show this until a
// facilitator approves it"; the runtime hands it to review when review is available (see
// sessions/safeguarding.ts), otherwise the facilitators are told and it is flagged.
import type { ClassifierVerdict } from "./classifier.ts";
import type { ScreeningHit } from "./match.ts";

export type ScreeningAction = "flag" | "hold" | "pass";

export interface ScreeningPolicy {
  /** What a word-list or classifier hit does. */
  readonly onHit: "flag" | "hold";
  /** What happens when the classifier cannot answer (timeout, failure, malformed answer). */
  readonly whenClassifierDown: "flag" | "hold";
}

export interface ScreeningResult {
  readonly action: ScreeningAction;
  /** The list terms that matched (the programme's words, never the participant's). */
  readonly terms: readonly ScreeningHit[];
  /** The classifier's categories when it flagged the text. */
  readonly categories: readonly string[];
  /** Set when the classifier could not answer (its failure code). */
  readonly classifierDown?: string;
}

export function decide(
  terms: readonly ScreeningHit[],
  verdict: ClassifierVerdict | null,
  policy: ScreeningPolicy,
): ScreeningResult {
  const down = verdict !== null && !verdict.ok ? verdict.code : undefined;
  const categories = verdict?.ok === true && verdict.flagged ? verdict.categories : [];
  const classifierHit = verdict?.ok === true && verdict.flagged;
  let action: ScreeningAction = "pass";
  if (terms.length > 0 || classifierHit) action = policy.onHit;
  if (down !== undefined && action !== "hold") action = policy.whenClassifierDown;
  return { action, terms, categories, ...(down === undefined ? {} : { classifierDown: down }) };
}
