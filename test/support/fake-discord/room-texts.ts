// The bot's posts in a channel as a member saw them appear, oldest first: every plain message once
// (as it reads now), and every change of a live stage card (src/adapters/discord/cards.ts) as the
// text that changed — the heading, what happens in the stage, the latest turn, a line of who joined,
// the time left — so tests read edited cards the way they read posts. Turn mentions are left out.
import { isMentionPost } from "../../../src/adapters/discord/cards.ts";
import type { Json } from "./server.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A card's parts in its first language (the room's first), by name. */
function cardParts(embed: Json): Map<string, string> {
  const parts = new Map<string, string>();
  const title = str(embed["title"]);
  if (title !== undefined) parts.set("title", title);
  const description = str(embed["description"]);
  if (description !== undefined && description !== "\u200b") parts.set("body", description);
  const fields = Array.isArray(embed["fields"]) ? (embed["fields"] as Json[]) : [];
  for (const f of fields) {
    const name = str(f["name"]);
    const value = str(f["value"]);
    if (name !== undefined && value !== undefined) parts.set(name, value);
  }
  return parts;
}

/** `history`: FakeDiscordServer.historyAs(member, channel); `botId`: the bot user's id. */
export function roomTextsOf(history: readonly Json[], botId: string): string[] {
  const out: (string | null)[] = [];
  const plain = new Map<string, number>();
  const cards = new Map<string, Map<string, string>>();
  for (const e of history) {
    const event = str(e["event"]) ?? "";
    const m = e["message"] as Json | undefined;
    if (m === undefined || !event.startsWith("MESSAGE_")) continue;
    const id = String(m["id"]);
    if (event === "MESSAGE_DELETE") {
      const i = plain.get(id);
      if (i !== undefined) out[i] = null;
      continue;
    }
    const author = m["author"] as Json | undefined;
    if (author?.["id"] !== botId || isMentionPost(m)) continue;
    const embeds = Array.isArray(m["embeds"]) ? (m["embeds"] as Json[]) : [];
    const [first] = embeds;
    if (first === undefined) {
      const content = str(m["content"]) ?? "";
      const i = plain.get(id);
      if (i === undefined) {
        plain.set(id, out.length);
        out.push(content);
      } else if (out[i] !== null) out[i] = content;
      continue;
    }
    const before = cards.get(id) ?? new Map<string, string>();
    const now = cardParts(first);
    for (const [name, value] of now) {
      const old = before.get(name);
      if (old === value) continue;
      if (name === "👥" && old !== undefined) {
        // The log grows: only its new lines.
        const seen = new Set(old.split("\n"));
        for (const line of value.split("\n")) if (!seen.has(line)) out.push(line);
      } else out.push(value);
    }
    cards.set(id, now);
  }
  return out.filter((t): t is string => t !== null);
}
