// The bot's posts in a channel as a member saw them appear, oldest first: every plain message once
// (as it reads now), and every change of a live stage card (src/adapters/discord/cards.ts) as an
// entry of its own holding the text that changed — the heading, what happens in the stage, the
// latest turn, a line of who joined, the time left — so tests read edited cards the way they read
// posts. Turn mentions are left out.
import { isMentionPost } from "../../../src/adapters/discord/cards.ts";
import type { FakeDiscordServer, Json } from "./server.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A card's parts in one language's embed, by name (title, body, then each field's icon). */
export function cardParts(embed: Json): Map<string, string> {
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

/**
 * The room as entries: a plain message is the message itself (as it is now, buttons included); a
 * card change is `{ id: "<card id>:<n>", card: "<card id>", content, language }` with the changed
 * text in the card's first language and, in `languages`, the same part in every language.
 */
export function roomView(server: FakeDiscordServer, channelId: string, readerId: string): Json[] {
  const botId = server.botUser.id;
  const current = new Map(server.botMessages(channelId).map((m) => [String(m["id"]), m]));
  const out: (Json | null)[] = [];
  const plain = new Map<string, number>();
  const cards = new Map<string, Map<string, string>[]>();
  for (const e of server.historyAs(readerId, channelId)) {
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
    if (embeds.length === 0) {
      if (!plain.has(id)) {
        plain.set(id, out.length);
        out.push(m);
      }
      continue;
    }
    const before = cards.get(id) ?? [];
    const now = embeds.map(cardParts);
    const first = now[0] ?? new Map<string, string>();
    for (const [name, value] of first) {
      const old = before[0]?.get(name);
      if (old === value) continue;
      const lines =
        name === "👥" && old !== undefined
          ? // The log grows: only its new lines.
            value.split("\n").filter((l) => !old.split("\n").includes(l))
          : name === "▶"
            ? // Events of one step ("amal passed." and the next turn) are a line each; a remark
              // under the status (a pause) is only its own line.
              (old !== undefined && value.startsWith(`${old}\n`) ? value.slice(old.length + 1) : value).split(
                "\n",
              )
            : [value];
      for (const text of lines)
        out.push({
          id: `${id}:${String(out.length)}`,
          channel_id: channelId,
          card: id,
          content: text,
          // When the change was made (the edit's time).
          timestamp: m["edited_timestamp"] ?? m["timestamp"],
          languages: now.map((parts) => parts.get(name) ?? ""),
          authors: embeds.map((x) => str((x["author"] as Json | undefined)?.["name"]) ?? ""),
        });
    }
    cards.set(id, now);
  }
  return out.flatMap((x) => {
    if (x === null) return [];
    // A plain message as it reads now (edits, disabled buttons, pins).
    return [x["card"] === undefined ? (current.get(String(x["id"])) ?? x) : x];
  });
}

/** The room's texts (`roomView` entries' content). */
export function roomTextsOf(server: FakeDiscordServer, channelId: string, readerId: string): string[] {
  return roomView(server, channelId, readerId).map((m) => str(m["content"]) ?? "");
}
