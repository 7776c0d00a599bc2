// Reference numbers for contributions: every room post that shows a contribution on someone's
// behalf (an anonymous turn, a proposed rule, a need, an idea) carries "#n", so people can point
// at it: an interpreter's `translate <n> <text>` (and the safeguarding `hide <n>` uses the same
// numbers). The numbered text is kept in the session's meta with its translations, never with an
// author; a forget-me drops the entries whose text the workshop no longer holds.
import type { FlowEffect, MessageKey } from "../flows/protocol.ts";
import type { Segment } from "./ports.ts";
import type { DeliveryDraft } from "./render.ts";

export interface ContributionTranslation {
  readonly text: string;
  /** An interpreter's translation, or the configured machine-translation service's. */
  readonly by: "interpreter" | "machine";
  /** Machine translations: the language pair. */
  readonly source?: string;
  readonly target?: string;
}

export interface NumberedContribution {
  readonly ref: number;
  /** The contribution as the workshop holds it (raw; neutralised whenever echoed). */
  readonly text: string;
  readonly translations?: readonly ContributionTranslation[];
}

/** Room posts that show a contribution on someone's behalf, and the var that holds it. */
const shownOnBehalf: Partial<Record<MessageKey, string>> = {
  "perspective.contribution": "text",
  "perspective.anonymousContribution": "text",
  "groundRules.proposedRule": "rule",
  "needs.item": "text",
  "brainstorm.idea": "text",
};

/** The contribution a room post shows on someone's behalf (null: the post shows none). */
export function contributionShownBy(effect: FlowEffect): string | null {
  if (effect.type !== "say" || effect.audience.to !== "room") return null;
  const name = shownOnBehalf[effect.key];
  const value = name === undefined ? undefined : effect.vars?.[name];
  return typeof value === "object" && "userText" in value ? value.userText : null;
}

/**
 * The number a workshop gave a post itself (the safeguarding branch's `say.ref`), if any: the
 * runtime then keeps that one, so `translate <n>` and `hide <n>` mean the same contribution.
 */
export function refGivenBy(effect: FlowEffect): number | undefined {
  return "ref" in effect && typeof effect.ref === "number" ? effect.ref : undefined;
}

/** The next reference number of a session. */
export function nextRef(numbered: readonly NumberedContribution[]): number {
  return numbered.reduce((max, c) => Math.max(max, c.ref), 0) + 1;
}

/** The numbered contribution `ref`, if the session has it. */
export function numberedContribution(
  numbered: readonly NumberedContribution[] | undefined,
  ref: number,
): NumberedContribution | undefined {
  return numbered?.find((c) => c.ref === ref);
}

/** A post with its reference number after it (" [#3]", as safeguarding writes it), in every language block. */
export function withReference(draft: DeliveryDraft, ref: number): DeliveryDraft {
  if (!("body" in draft)) return draft;
  const mark = (body: readonly Segment[]): Segment[] => [...body, { text: ` [#${String(ref)}]` }];
  return {
    ...draft,
    body: mark(draft.body),
    ...(draft.languages === undefined
      ? {}
      : { languages: draft.languages.map((b) => ({ ...b, body: mark(b.body) })) }),
  };
}

/** The numbered contributions whose text the workshop still holds (after a forget-me). */
export function keepHeld(
  numbered: readonly NumberedContribution[] | undefined,
  held: readonly string[],
): NumberedContribution[] {
  const texts = new Set(held);
  return (numbered ?? []).filter((c) => texts.has(c.text));
}
