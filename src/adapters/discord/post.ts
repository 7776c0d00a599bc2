// Posting rendered parts to a channel, thread or DM: one message per part, each with a nonce derived
// from the delivery's idempotency key (so a retry never posts twice), components on the last part.
import type { ActionRowBuilder, MessageActionRowComponentBuilder, MessageCreateOptions } from "discord.js";
import type { DeliveryFile, PlatformFailure } from "../../bot/ports.ts";
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
  /** Attachments (multipart `files[n]`), with the last part and, past Discord's ten, in posts of their own. */
  readonly files?: readonly DeliveryFile[];
  /**
   * Told where the parcel went when it went to a direct message (not an ephemeral answer, which
   * the bot cannot edit later): so the controls on it can be disabled when their question closes.
   */
  readonly onDirect?: (channelId: string, messageIds: readonly string[]) => Promise<void>;
}

/** Attachments Discord takes on one message. */
const maxAttachments = 10;

export interface Postable {
  send(options: MessageCreateOptions): Promise<{ id: string }>;
}

export async function postParts(channel: Postable, parcel: Parcel): Promise<string[]> {
  const { key, contents, rows } = parcel;
  const batches: DeliveryFile[][] = [];
  const files = parcel.files ?? [];
  for (let i = 0; i < files.length; i += maxAttachments) batches.push(files.slice(i, i + maxAttachments));
  // The text's parts, then one post per further batch of files.
  const posts = [...contents, ...batches.slice(1).map(() => "")];
  const ids: string[] = [];
  for (const [n, content] of posts.entries()) {
    const last = n === contents.length - 1;
    const batch = n < contents.length - 1 ? undefined : batches[n - contents.length + 1];
    const m = await channel.send({
      ...(content !== "" ? { content } : {}),
      nonce: nonceFor(key, n),
      enforceNonce: true,
      allowedMentions: noMentions,
      ...(last && rows.length > 0 ? { components: rows } : {}),
      ...(batch === undefined
        ? {}
        : { files: batch.map((f) => ({ attachment: Buffer.from(f.bytes), name: f.name })) }),
    });
    ids.push(m.id);
  }
  return ids;
}
