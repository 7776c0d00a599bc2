// Names that can be mistaken for one another. A participant called "zаra" (Cyrillic а) reads as
// "zara"; one called "Facilitator" reads as the facilitator. Two names are confusable when their
// skeletons are equal: the Unicode confusables skeleton (UTS #39: NFD, each character replaced by
// its prototype from confusables.txt, NFD again), taken case-insensitively, ignoring invisible
// characters and spaces.
import unhomoglyph from "unhomoglyph";

/** Names nobody may take: they would read as Parley itself, a facilitator or a mention of everyone. */
export const reservedNames: readonly string[] = [
  "facilitator",
  "facilitators",
  "parley",
  "bot",
  "everyone",
  "here",
];

// Default-ignorable code points (zero-width characters, bidi controls, variation selectors…)
// and spaces: invisible or nearly so in a displayed name.
const invisible = /[\p{Default_Ignorable_Code_Point}\s]/gu;

function uts39(text: string): string {
  return unhomoglyph(text.normalize("NFD")).normalize("NFD");
}

/** The key two names share when they can be mistaken for each other. */
export function nameSkeleton(name: string): string {
  const bare = name.replace(invisible, "").replace(/^@+/, "");
  // Lower-casing between two passes: Cyrillic "А" → "A" → "a", and "Zara" reads like "zara".
  return uts39(uts39(bare).toLowerCase());
}

const reservedSkeletons = new Map(reservedNames.map((n) => [nameSkeleton(n), n]));

/** The reserved name this one can be mistaken for, if any ("fаcilitator" → "facilitator"). */
export function reservedLookalike(name: string): string | undefined {
  return reservedSkeletons.get(nameSkeleton(name));
}

/** A name that is already taken, and by whom. */
export interface TakenName {
  readonly name: string;
  readonly kind: "reserved" | "facilitator" | "participant";
}

/**
 * How a new name is shown beside those taken: itself when nothing taken can be mistaken for it;
 * otherwise with the first free number ("zara (2)"), and what it was confusable with.
 */
export function disambiguate(
  name: string,
  taken: readonly TakenName[],
): { label: string; confusedWith?: TakenName } {
  const bySkeleton = new Map<string, TakenName>();
  for (const t of taken) if (!bySkeleton.has(nameSkeleton(t.name))) bySkeleton.set(nameSkeleton(t.name), t);
  for (const r of reservedNames) bySkeleton.set(nameSkeleton(r), { name: r, kind: "reserved" });
  const confusedWith = bySkeleton.get(nameSkeleton(name));
  if (confusedWith === undefined) return { label: name };
  let n = 2;
  while (bySkeleton.has(nameSkeleton(`${name} (${n})`))) n++;
  return { label: `${name} (${n})`, confusedWith };
}
