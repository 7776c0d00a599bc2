// Sending one event into a room: idempotent transaction ids derived from a delivery's key, and
// Synapse's size limit checked before the request.
import { createHash } from "node:crypto";
import type { DeliveryResult, PlatformFailure } from "../../bot/ports.ts";
import { path, type ApiResult } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import type { NoticeContent } from "./render.ts";
import { err, ok } from "../../result.ts";

/** Synapse refuses events over 65,536 bytes; keep a margin for the envelope. */
const MAX_CONTENT_BYTES = 60_000;

/** The same key and part always give the same id, so a retried send is never duplicated. */
export function transactionId(idempotencyKey: string, part: string): string {
  return `parley-${createHash("sha256").update(`${idempotencyKey}\u0000${part}`).digest("base64url").slice(0, 40)}`;
}

export function failed(failure: PlatformFailure): DeliveryResult {
  return err(failure);
}

/** Sends an event; the result is its event id. */
export async function send(
  ctx: MatrixContext,
  roomId: string,
  type: string,
  content: NoticeContent | Record<string, unknown>,
  txnId: string,
): Promise<ApiResult<string>> {
  if (Buffer.byteLength(JSON.stringify(content)) > MAX_CONTENT_BYTES) {
    return err({ code: "too_large", message: `the message is larger than ${MAX_CONTENT_BYTES} bytes` });
  }
  // In an encrypted room the event goes out as m.room.encrypted (reactions stay plain: Matrix
  // never encrypts them, so nothing confidential is ever sent as one).
  const sealer = ctx.crypto();
  let sending: { type: string; content: object } = { type, content };
  if (sealer !== undefined && type !== "m.reaction") {
    const sealed = await sealer.seal(roomId, type, content as Record<string, unknown>);
    if (!sealed.ok) return sealed;
    sending = sealed.value;
  }
  const result = await ctx.api().put<{
    event_id: string;
  }>(path("/rooms/$room/send/$type/$txn", roomId, sending.type, txnId), sending.content);
  return result.ok ? ok(result.value.event_id) : result;
}
