// A room post's language blocks as adapters show them: each block isolated in its own direction,
// so Arabic or Hebrew beside English keeps its order in every client. Adapters decide the markup
// (Matrix HTML `dir`/`lang`, Discord sections, terminal lines); which languages, and the text, the
// runtime decided.
import type { LanguageBlock, Segment } from "../../bot/ports.ts";

/** The blocks of a delivery's text: its languages when it has several, else its one body. */
export function blocksOf(d: {
  readonly body: readonly Segment[];
  readonly languages?: readonly LanguageBlock[];
}): readonly LanguageBlock[] | null {
  return d.languages !== undefined && d.languages.length > 1 ? d.languages : null;
}

const isolateOpen = { ltr: "\u2066", rtl: "\u2067" } as const;
const isolateClose = "\u2069";
// Markup that must stay at the start of a line (a quote, Discord subtext and headings).
const linePrefix = /^(>\s|-#\s|#{1,3}\s)?/;

/**
 * Wraps each non-empty line in a directional isolate (LRI or RLI … PDI), after any line-start
 * markup, so a block reads in its own direction whatever surrounds it.
 */
export function isolateLines(text: string, dir: "ltr" | "rtl"): string {
  return text
    .split("\n")
    .map((line) => {
      if (line.trim() === "") return line;
      const prefix = linePrefix.exec(line)?.[0] ?? "";
      return `${prefix}${isolateOpen[dir]}${line.slice(prefix.length)}${isolateClose}`;
    })
    .join("\n");
}
