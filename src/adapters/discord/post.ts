// Posting rendered parts to a channel, thread or DM: one message per part, each with a nonce derived
// from the delivery's idempotency key (so a retry never posts twice), components on the last part.
import type { ActionRowBuilder, MessageActionRowComponentBuilder, MessageCreateOptions } from "discord.js";
import type { PlatformFailure } from "../../bot/ports.ts";
import { noMentions } from "./context.ts";
import { nonceFor } from "./text.ts";
import type { Result } from "../../result.ts";

export type Rows = ActionRowBuilder<MessageActionRowComponentBuilder>[];

/** What sending to an audience gives: the posted message ids, or an expected failure. */
export type Sent = Result<string[], PlatformFailure>;

/** One delivery's rendered message: its idempotency key, its parts, the components of the last part. */
export interface Parcel {
  readonly key: string;
  readonly contents: readonly string[];
  readonly rows: Rows;
}

export interface Postable {
  send(options: MessageCreateOptions): Promise<{ id: string }>;
}

export async function postParts(channel: Postable, parcel: Parcel): Promise<string[]> {
  const { key, contents, rows } = parcel;
  const ids: string[] = [];
  for (const [n, content] of contents.entries()) {
    const last = n === contents.length - 1;
    const m = await channel.send({
      ...(content !== "" ? { content } : {}),
      nonce: nonceFor(key, n),
      enforceNonce: true,
      allowedMentions: noMentions,
      ...(last && rows.length > 0 ? { components: rows } : {}),
    });
    ids.push(m.id);
  }
  return ids;
}
