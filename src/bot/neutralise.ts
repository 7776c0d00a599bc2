// Neutralising participant text before the bot echoes it. Participants are not trusted: their
// text may carry terminal escapes, bidi overrides that reorder what others read (a classic
// spoofing trick in mixed Arabic/Hebrew/Latin rooms), invisible characters, or 100k characters.
// Markup and mentions are escaped later, per platform, by adapters (Segment.fromParticipant).

/** Default cap for echoed participant text (characters, after neutralisation). */
export const defaultMaxLength = 2000;

/** Marker appended to an excerpt. */
export const ellipsis = " […]";

// C0 controls except \n (and \t, turned into a space), DEL, C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidi embeddings/overrides (LRE, RLE, PDF, LRO, RLO), isolates (LRI, RLI, FSI, PDI) and marks
// (LRM, RLM, ALM): they change what others read. Marks are also typed legitimately in RTL text;
// dropping them can at worst misplace punctuation at a direction change, never reorder words.
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// Unpaired surrogates (e.g. from a cut in the middle of an emoji) are invalid UTF-16.
const loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Invisible characters with no business in a chat message: BOM/ZWNBSP, word joiner and invisible
// operators, soft hyphen, Mongolian vowel separator, interlinear annotation, tag characters.
const invisibles = /[\uFEFF\u2060-\u2064\u00AD\u180E\uFFF9-\uFFFB]/g;
const tags = /[\u{E0000}-\u{E007F}]/gu;
// ZWJ/ZWNJ/ZWSP are meaningful singly (emoji sequences, Persian/Arabic shaping); runs are abuse.
const zeroWidthRuns = /[\u200B-\u200D]{2,}/g;
const zeroWidthSpace = /\u200B/g;

/**
 * Makes participant text safe to echo: strips control, bidi-override and invisible formatting
 * characters, normalises to NFC, collapses runs of blank lines and trailing spaces, and caps the
 * length (an excerpt ending in " […]"). Returns plain text; escaping for a markup is the adapter's job.
 */
export function neutraliseUserText(text: string, maxLength: number = defaultMaxLength): string {
  // Cap early so a huge message does not cost huge regex passes, but generously, so a prefix of
  // characters that are stripped below cannot push the real message out of the excerpt.
  const window = maxLength * 16 + 1024;
  const truncatedInput = text.length > window;
  let t = truncatedInput ? text.slice(0, window) : text;
  t = t.replace(loneSurrogates, "\uFFFD");
  t = t.replace(/\r\n?/g, "\n").replace(/\t/g, " ");
  t = t.replace(controls, "").replace(bidiControls, "").replace(invisibles, "").replace(tags, "");
  t = t.replace(zeroWidthRuns, (run) => (run.includes("\u200D") ? "\u200D" : "")).replace(zeroWidthSpace, "");
  t = t.normalize("NFC");
  // At most one blank line in a row; no trailing spaces at line ends.
  t = t
    .replace(/[ \u00A0]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const chars = Array.from(t);
  if (chars.length > maxLength || truncatedInput) {
    const keep = Math.max(0, maxLength - Array.from(ellipsis).length);
    return chars.slice(0, keep).join("").trimEnd() + ellipsis;
  }
  return t;
}

/** A display name: neutralised, on one line, at most 64 characters. */
export function neutraliseName(name: string): string {
  const t = neutraliseUserText(name, 64).replace(/\s+/g, " ").trim();
  return t === "" ? "?" : t;
}

/**
 * Patterns that mention or ping people on the platforms we serve, for adapters to defuse in
 * participant segments (Discord's `allowedMentions: { parse: [] }` is the primary defence there;
 * these cover text shown elsewhere, e.g. relayed between platforms or pinned).
 * - everyone/here: `@everyone`, `@here`, Matrix `@room`
 * - discordUser/role/channel: `<@123>`, `<@!123>`, `<@&123>`, `<#123>`
 * - matrixUser: `@user:server.org`
 */
export const mentionPatterns = {
  everyone: /@(everyone|here|room)\b/gi,
  discordUser: /<@!?\d+>/g,
  discordRole: /<@&\d+>/g,
  discordChannel: /<#\d+>/g,
  matrixUser: /@[a-z0-9._=\-/]+:[a-z0-9.-]+(:\d+)?/gi,
} as const;

/** True when the text contains anything in `mentionPatterns`. */
export function containsMention(text: string): boolean {
  return Object.values(mentionPatterns).some((re) => {
    re.lastIndex = 0;
    const hit = re.test(text);
    re.lastIndex = 0;
    return hit;
  });
}

/**
 * Breaks every mention in `text` by inserting a zero-width joiner after the `@`/`<` (the text stays
 * readable, no platform parses it as a mention). For plain-text surfaces without an escaping syntax.
 */
export function defuseMentions(text: string): string {
  return text
    .replace(mentionPatterns.everyone, (m) => `@\u2060${m.slice(1)}`)
    .replace(/<([@#])/g, "<\u2060$1")
    .replace(mentionPatterns.matrixUser, (m) => `@\u2060${m.slice(1)}`);
}

/** Text made safe to place inside HTML (Matrix `formatted_body`, the HTML report). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
