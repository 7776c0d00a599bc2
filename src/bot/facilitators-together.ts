// Facilitators who read their notices in one shared place (Discord's private facilitators'
// thread) would see a notice once per language, one post each (issue 14: noise). There it is one
// post instead: a language block for each language the facilitators read, the room's first.
import { directionOf } from "./i18n/index.ts";
import type { DeliveryDraft } from "./render.ts";
import type { LanguageBlock } from "./ports.ts";

/** One language's version of a facilitators' notice: the language and the drafts rendered in it. */
export interface InLanguage {
  readonly locale: string;
  readonly drafts: readonly DeliveryDraft[];
}

/**
 * The versions of one notice (each for the facilitators who read that language) as one draft for
 * all of them, with a block per language, `first` leading. Only plain posts merge (a question's
 * buttons carry one language's labels): null when the versions are not all one `say` each, alike
 * but for their language.
 */
export function togetherInOnePost(
  versions: readonly InLanguage[],
  userIds: readonly string[],
  first: string,
): DeliveryDraft | null {
  if (versions.length < 2) return null;
  const says = versions.map((v) => (v.drafts.length === 1 ? v.drafts[0] : undefined));
  const blocks: LanguageBlock[] = [];
  for (const [i, d] of says.entries()) {
    const locale = versions[i]?.locale;
    if (d?.kind !== "say" || locale === undefined || d.contributionRef !== undefined) return null;
    blocks.push({ locale, dir: directionOf(locale), body: d.body });
  }
  blocks.sort((a, b) => Number(b.locale === first) - Number(a.locale === first));
  const [lead] = says;
  const [head] = blocks;
  if (lead?.kind !== "say" || head === undefined) return null;
  return {
    ...lead,
    audience: { to: "facilitators", userIds: [...userIds] },
    body: head.body,
    languages: blocks,
  };
}
