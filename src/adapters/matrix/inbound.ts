// Reading Matrix events: commands (`!parley …` or a mention of the bot), numbered replies,
// reply fallbacks. Pure functions; the platform decides what each event becomes.
import { splitWords } from "../../bot/commands.ts";

/** Raw client-server API event as it appears in /sync and /messages. */
export interface RawEvent {
  readonly event_id?: string;
  readonly type?: string;
  readonly sender?: string;
  readonly origin_server_ts?: number;
  readonly state_key?: string;
  readonly content?: Record<string, unknown>;
  readonly unsigned?: { readonly prev_content?: Record<string, unknown>; readonly [key: string]: unknown };
  /** A redaction's target before room version 11 (from 11 on it is in the content). */
  readonly redacts?: string;
}

/** The event an `m.room.redaction` takes back, if `event` is one. */
export function redactedBy(event: RawEvent): string | undefined {
  if (event.type !== "m.room.redaction") return undefined;
  const target = event.content?.["redacts"] ?? event.redacts;
  return typeof target === "string" && target !== "" ? target : undefined;
}

/** Removes the `> <@user> quoted` lines a rich reply puts in front of its body. */
export function stripReplyFallback(body: string): string {
  if (!body.startsWith("> ")) return body;
  const lines = body.split("\n");
  let index = 0;
  while (index < lines.length && (lines[index] ?? "").startsWith(">")) index++;
  if (index < lines.length && (lines[index] ?? "").trim() === "") index++;
  return lines.slice(index).join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface CommandLine {
  readonly name: string;
  readonly args: readonly string[];
}

/**
 * The command in a message, if it is one: `!parley start perspective-exchange`, or the bot
 * addressed by user id, localpart or display name (`parley: start`, `@parley:example.org next`).
 * A bare mention is a request for help.
 */
export function commandIn(
  text: string,
  prefix: string,
  botNames: readonly string[],
  split: (line: string) => string[] = splitWords,
): CommandLine | undefined {
  const trimmed = text.trim();
  let rest: string | undefined;
  const prefixMatch = new RegExp(`^${escapeRegExp(prefix)}(?:\\s+|$)`, "i").exec(trimmed);
  if (prefixMatch !== null) {
    rest = trimmed.slice(prefixMatch[0].length);
  } else {
    // Longest first (a display name may start with the localpart). A name must be followed by
    // `:` or `,` (as clients insert it), so "Parley is great" stays a message; a full user id
    // may also be followed by a space.
    for (const name of [...botNames].sort((a, b) => b.length - a.length)) {
      if (name === "") continue;
      const after = name.startsWith("@") ? "(?:[:,]\\s*|\\s+|$)" : "(?:[:,]\\s*|$)";
      const mention = new RegExp(`^@?${escapeRegExp(name)}${after}`, "i").exec(trimmed);
      if (mention !== null) {
        rest = trimmed.slice(mention[0].length);
        break;
      }
    }
  }
  if (rest === undefined) return undefined;
  const words = split(rest);
  const [name, ...args] = words;
  if (name === undefined || name === "") return { name: "help", args: [] };
  return { name: name.toLowerCase(), args };
}

/** HTML entities a client may use in a pill's label. */
function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * The text of a message with each user pill (a `https://matrix.to/#/@user:server` link in the HTML
 * body, which clients insert when someone picks a person in the composer) kept as one word: the
 * plain body shows only the person's display name, which may contain spaces ("Oswin Marlowe"),
 * so `!parley floor <pill>` would otherwise read as two arguments. The name is quoted, as the
 * runtime's command grammar reads it; pills of `keep` (the bot itself: "Parley: next") stay as
 * they are.
 */
export function withPillsQuoted(
  body: string,
  content: Record<string, unknown>,
  keep: readonly string[] = [],
): string {
  const html = content["formatted_body"];
  if (content["format"] !== "org.matrix.custom.html" || typeof html !== "string") return body;
  let text = body;
  let from = 0;
  // A rich reply quotes the replied-to message (and pills its sender) in front: not the command.
  const own = html.replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, "");
  for (const match of own.matchAll(
    /<a\s[^>]*href=["']https:\/\/matrix\.to\/#\/([^"'?]+)[^"']*["'][^>]*>(.*?)<\/a>/gis,
  )) {
    let userId: string;
    try {
      userId = decodeURIComponent(match[1] ?? "");
    } catch {
      continue;
    }
    if (!/^@[^:\s]+:\S+$/.test(userId)) continue;
    const label = unescapeHtml((match[2] ?? "").replace(/<[^>]*>/g, "")).trim();
    if (label === "") continue;
    const at = text.indexOf(label, from);
    if (at < 0) continue;
    const quote = keep.includes(userId) ? "" : ['"', "'", "\u201C"].find((q) => !label.includes(q));
    const replacement =
      quote === undefined || quote === ""
        ? label
        : `${quote}${label}${quote === "\u201C" ? "\u201D" : quote}`;
    text = `${text.slice(0, at)}${replacement}${text.slice(at + label.length)}`;
    from = at + replacement.length;
  }
  return text;
}

/** A reply that is just an option number (`2`, `#2`, `2.`), 1-based. */
export function numberIn(text: string): number | undefined {
  const match = /^\s*#?(\d{1,3})[.)]?\s*$/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[1]);
  return value >= 1 ? value : undefined;
}

/** The event a message replies to (rich reply), if any. */
export function repliedTo(content: Record<string, unknown>): string | undefined {
  const relates = content["m.relates_to"];
  if (typeof relates !== "object" || relates === null) return undefined;
  const inReplyTo = (relates as Record<string, unknown>)["m.in_reply_to"];
  if (typeof inReplyTo !== "object" || inReplyTo === null) return undefined;
  const eventId = (inReplyTo as Record<string, unknown>)["event_id"];
  return typeof eventId === "string" ? eventId : undefined;
}

export function relation(
  content: Record<string, unknown>,
): { relType: string; eventId: string; key?: string } | undefined {
  const relates = content["m.relates_to"];
  if (typeof relates !== "object" || relates === null) return undefined;
  const { rel_type: relType, event_id: eventId, key } = relates as Record<string, unknown>;
  if (typeof relType !== "string" || typeof eventId !== "string") return undefined;
  return typeof key === "string" ? { relType, eventId, key } : { relType, eventId };
}

/** Answer ids of a poll response, stable (`m.poll.response`) or unstable (MSC3381). */
export function pollAnswers(type: string, content: Record<string, unknown>): string[] | undefined {
  if (type === "m.poll.response") {
    const selections = content["m.selections"];
    return Array.isArray(selections)
      ? selections.filter((s): s is string => typeof s === "string")
      : undefined;
  }
  if (type === "org.matrix.msc3381.poll.response") {
    const response = content["org.matrix.msc3381.poll.response"];
    if (typeof response !== "object" || response === null) return undefined;
    const answers = (response as Record<string, unknown>)["answers"];
    return Array.isArray(answers) ? answers.filter((s): s is string => typeof s === "string") : undefined;
  }
  return undefined;
}

/** An event's content ({} when it has none). */
export function contentOf(event: RawEvent): Record<string, unknown> {
  return event.content ?? {};
}
