// Segments → Matrix message content: a plain `body` and a sanitised HTML `formatted_body`.
// Every segment is escaped; text written by participants can never become markup, a link, a pill
// or a room-wide mention. `m.mentions: {}` tells clients and servers that the bot mentions nobody.
import type { DeliveryOption, LanguageBlock, Segment } from "../../bot/ports.ts";
import { escapeHtml } from "../../bot/neutralise.ts";
import { isolateLines } from "../shared/language-blocks.ts";
import { splitLinks } from "../shared/links.ts";
import { timerLeftText } from "./texts.ts";

export interface NoticeContent {
  readonly msgtype: "m.notice";
  readonly body: string;
  readonly format: "org.matrix.custom.html";
  readonly formatted_body: string;
  readonly "m.mentions": Record<string, never>;
}

const WORD_JOINER = "\u2060";

/**
 * Participant text must not ping a room or a user even in clients that still apply the legacy
 * keyword push rules, nor turn into a link: break `@room`/`@user:server` and URL schemes with an
 * invisible word joiner (the text reads the same).
 */
export function defuseParticipantText(text: string): string {
  return splitLinks(text)
    .map((part) => (part.link && usableLink(part.text) ? part.text : defusePlain(part.text)))
    .join("");
}

/**
 * A web link is kept whole, so it can be opened and copied: the bot's messages are m.notice, which
 * clients do not preview. A link that names a user or a room (matrix.to, or an @) would become a
 * pill, a mention: it is defused like plain text.
 */
function usableLink(link: string): boolean {
  return !link.includes("@") && !/^https?:\/\/matrix\.to\b/iu.test(link);
}

function defusePlain(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9._=/+-])/g, `@${WORD_JOINER}`)
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1${WORD_JOINER}:`)
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}${WORD_JOINER}.`)
    .replace(/\.(?=[A-Za-z]{2,}\b)/g, `${WORD_JOINER}.`);
}

function htmlOf(segment: Segment): string {
  const text = segment.fromParticipant === true ? defuseParticipantText(segment.text) : segment.text;
  const escaped = escapeHtml(text).replace(/\r?\n/g, "<br>");
  switch (segment.style) {
    case "strong":
      return `<strong>${escaped}</strong>`;
    case "emphasis":
      return `<em>${escaped}</em>`;
    case "quote":
      return `<blockquote>${escaped}</blockquote>`;
    default:
      return escaped;
  }
}

function plainOf(segment: Segment): string {
  const text = segment.fromParticipant === true ? defuseParticipantText(segment.text) : segment.text;
  if (segment.style === "quote") {
    return `\n${text
      .split(/\r?\n/)
      .map((line) => `> ${line}`)
      .join("\n")}\n`;
  }
  return text;
}

export function renderBody(segments: readonly Segment[]): { body: string; html: string } {
  return {
    body: segments
      .map(plainOf)
      .join("")
      .replace(/^\n+|\n+$/g, ""),
    html: segments.map(htmlOf).join(""),
  };
}

/**
 * A mixed room's post: one `<div dir lang>` per language in the HTML, and in the plain body one
 * paragraph per language with each line in a directional isolate.
 */
export function renderBlocks(blocks: readonly LanguageBlock[]): { body: string; html: string } {
  const rendered = blocks.map((b) => ({ block: b, ...renderBody(b.body) }));
  return {
    body: rendered.map((r) => isolateLines(r.body, r.block.dir)).join("\n\n"),
    html: rendered
      .map((r) => `<div dir="${r.block.dir}" lang="${escapeHtml(r.block.locale)}">${r.html}</div>`)
      .join(""),
  };
}

export function notice(
  segments: readonly Segment[],
  options: readonly DeliveryOption[] = [],
  languages?: readonly LanguageBlock[],
): NoticeContent {
  const { body, html } =
    languages !== undefined && languages.length > 1 ? renderBlocks(languages) : renderBody(segments);
  // Option labels may be participants' words (brainstorm ideas): always treated as theirs.
  const labels = options.map((option) => defuseParticipantText(option.label));
  const plainList = labels.map((label, index) => `${index + 1}. ${label}`).join("\n");
  const htmlList =
    labels.length === 0
      ? ""
      : `<ol>${labels.map((label) => `<li>${escapeHtml(label).replace(/\r?\n/g, " ")}</li>`).join("")}</ol>`;
  return {
    msgtype: "m.notice",
    body: plainList === "" ? body : `${body}\n\n${plainList}`,
    format: "org.matrix.custom.html",
    formatted_body: `${html}${htmlList}`,
    "m.mentions": {},
  };
}

/** An edit of one of the bot's messages: the new content, and a "* " fallback for clients without edits. */
export interface EditContent extends NoticeContent {
  readonly "m.new_content": NoticeContent;
  readonly "m.relates_to": { readonly rel_type: "m.replace"; readonly event_id: string };
}

/** `next` as an edit (`m.replace`) of `eventId`; the fallback keeps the language blocks' markup. */
export function replacement(next: NoticeContent, eventId: string): EditContent {
  return {
    ...next,
    body: `* ${next.body}`,
    formatted_body: `* ${next.formatted_body}`,
    "m.new_content": next,
    "m.relates_to": { rel_type: "m.replace", event_id: eventId },
  };
}

/** Reaction keys offered for the first ten options (keycap digits, then 🔟). */
export const OPTION_KEYS: readonly string[] = [
  "1\uFE0F\u20E3",
  "2\uFE0F\u20E3",
  "3\uFE0F\u20E3",
  "4\uFE0F\u20E3",
  "5\uFE0F\u20E3",
  "6\uFE0F\u20E3",
  "7\uFE0F\u20E3",
  "8\uFE0F\u20E3",
  "9\uFE0F\u20E3",
  "\u{1F51F}",
];

/** The option index (0-based) a reaction key stands for, tolerating a missing variation selector. */
export function optionIndexOfKey(key: string): number | undefined {
  const normalised = key.replace(/\uFE0F/g, "");
  const index = OPTION_KEYS.findIndex((candidate) => candidate.replace(/\uFE0F/g, "") === normalised);
  return index === -1 ? undefined : index;
}

/**
 * Matrix has no relative-time markup (Discord's `<t:…:R>`): show the time left when the notice is
 * sent and the deadline's clock time in UTC, both in locale-neutral digits, worded in `locale`.
 */
export function timerSuffix(deadline: number, now: number, locale?: string): string {
  const left = Math.max(0, Math.round((deadline - now) / 1000));
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, "0");
  const at = new Date(deadline).toISOString().slice(11, 16);
  return ` ${timerLeftText(locale, `${minutes}:${seconds}`, at)}`;
}
