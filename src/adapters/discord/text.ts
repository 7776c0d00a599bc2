// Segment → Discord markdown: every segment is escaped so it cannot inject formatting, masked links
// or mentions; participant text is additionally defused (zero-width spaces break @everyone, <@id>
// and bare invite links even where a client ignores escapes), and a participant's web link is kept
// whole inside <…>, clickable but never embedded. Long content is split cleanly.
import { createHash } from "node:crypto";
import { languageName } from "../../bot/languages.ts";
import type { LanguageBlock, Segment } from "../../bot/ports.ts";
import { blocksOf, isolateLines } from "../shared/language-blocks.ts";
import { splitLinks } from "../shared/links.ts";

export const maxContentLength = 2000;

const zwsp = "\u200B";

/** Backslash-escapes Discord markdown (and mention/timestamp/emoji syntax) anywhere in the text. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\*_~`|<>@[\]]/g, (c) => `\\${c}`)
      // Headings, subtext and lists only exist at the start of a line.
      .replace(/^(\s*)([#\-+])/gm, "$1\\$2")
      .replace(/^(\s*\d+)\./gm, "$1\\.")
  );
}

/** Extra defusing for text written by a participant. */
export function defuseParticipantText(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${zwsp}$1`)
    .replace(/:\/\//g, `:${zwsp}//`)
    .replace(/(discord(?:app)?)\.(gg|com|io|me|li|new)/gi, `$1${zwsp}.$2`)
    .replace(/<([@#&!/:])/g, `<${zwsp}$1`);
}

function escapeSegmentText(segment: Segment): string {
  if (segment.fromParticipant !== true) return escapeMarkdown(segment.text);
  // A participant's link stays whole and clickable inside <…>, which Discord never unfurls (no
  // embed, no invite card) and where no markdown or mention is read; the rest is defused.
  return splitLinks(segment.text)
    .map((part) => (part.link ? `<${part.text}>` : escapeMarkdown(defuseParticipantText(part.text))))
    .join("");
}

/** Splits at the last paragraph, line or word boundary that fits; hard-splits only a single long word. */
export function splitText(text: string, limit: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = -1;
    for (const sep of ["\n\n", "\n", " "]) {
      const at = window.lastIndexOf(sep);
      if (at > 0) {
        cut = at;
        break;
      }
    }
    let head: string;
    let tail: string;
    if (cut > 0) {
      head = rest.slice(0, cut);
      tail = rest.slice(cut).replace(/^\s+/, "");
    } else {
      let at = limit;
      // Never split a surrogate pair or an escape (backslash + character).
      const code = rest.charCodeAt(at - 1);
      if (code >= 0xd800 && code <= 0xdbff) at--;
      let backslashes = 0;
      for (let i = at - 1; i >= 0 && rest[i] === "\\"; i--) backslashes++;
      if (backslashes % 2 === 1) at--;
      head = rest.slice(0, at);
      tail = rest.slice(at);
    }
    head = head.replace(/\s+$/, "");
    if (head.length > 0) out.push(head);
    rest = tail;
  }
  if (rest.trim().length > 0) out.push(rest);
  return out;
}

function wrap(style: Segment["style"], text: string): string {
  if (style === "strong") return `**${text}**`;
  if (style === "emphasis") return `*${text}*`;
  if (style === "quote") {
    return text
      .split("\n")
      .map((line) => `> ${line}`)
      .join("\n");
  }
  return text;
}

/** Renders segments into one or more message contents, each ≤ `limit` characters (UTF-16 units). */
export function renderSegments(body: readonly Segment[], limit = maxContentLength): string[] {
  const pieces: string[] = [];
  let previousEndsLine = true;
  for (const segment of body) {
    const escaped = escapeSegmentText(segment);
    if (escaped.length === 0) continue;
    if (escaped.trim().length === 0) {
      // Line breaks between segments (before a heading, say) carry the layout: keep them.
      pieces.push(escaped);
      previousEndsLine = escaped.endsWith("\n");
      continue;
    }
    const isQuote = segment.style === "quote";
    const lead = isQuote && !previousEndsLine ? "\n" : "";
    // Room for the markers each piece is wrapped in (a quote adds "> " per line).
    const overhead = segment.style === "strong" ? 4 : segment.style === "emphasis" ? 2 : 0;
    const chunks = isQuote
      ? splitText(wrap("quote", escaped), limit - 2).map((c) => (c.startsWith("> ") ? c : `> ${c}`))
      : splitText(escaped, limit - overhead).map((c) => wrap(segment.style, c));
    chunks.forEach((c, i) => pieces.push(i === 0 ? lead + c : c));
    previousEndsLine = isQuote || escaped.endsWith("\n");
    if (isQuote) pieces.push("\n");
  }
  const messages: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current.length + piece.length > limit && current.length > 0) {
      messages.push(current);
      current = piece.replace(/^\n+/, "");
    } else current += piece;
  }
  if (current.trim().length > 0) messages.push(current.replace(/\s+$/, ""));
  return messages.map((m) => m.replace(/\s+$/, "")).filter((m) => m.length > 0);
}

/** A Discord nonce (≤ 25 characters) derived from the delivery's idempotency key and the part number. */
export function nonceFor(idempotencyKey: string, part: number): string {
  return createHash("sha256")
    .update(idempotencyKey)
    .update("\0")
    .update(String(part))
    .digest("base64url")
    .slice(0, 25);
}

/** A Discord relative timestamp (`<t:…:R>`) for a deadline in ms. */
export function relativeTimestamp(deadlineMs: number): string {
  return `<t:${Math.floor(deadlineMs / 1000)}:R>`;
}

/**
 * A delivery's text as message contents: in a mixed room, one section per language, headed by the
 * language's own name in small text, each line isolated in the block's direction; sections are
 * packed into as few messages as fit.
 */
export function renderDeliveryText(
  d: { readonly body: readonly Segment[]; readonly languages?: readonly LanguageBlock[] },
  limit = maxContentLength,
): string[] {
  const blocks = blocksOf(d);
  if (blocks === null) return renderSegments(d.body, limit);
  const pieces: string[] = [];
  for (const block of blocks) {
    const heading = `-# ${escapeMarkdown(languageName(block.locale))}`;
    // Room for the heading and the isolates around each line.
    const parts = renderSegments(block.body, limit - heading.length - 64).map((p) =>
      isolateLines(p, block.dir),
    );
    parts.forEach((p, i) => pieces.push(i === 0 ? `${heading}\n${p}` : p));
  }
  const messages: string[] = [];
  for (const piece of pieces) {
    const last = messages[messages.length - 1];
    if (last !== undefined && last.length + 2 + piece.length <= limit)
      messages[messages.length - 1] = `${last}\n\n${piece}`;
    else messages.push(...splitText(piece, limit));
  }
  return messages;
}
