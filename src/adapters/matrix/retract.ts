// Taking back one of the bot's own posts (safeguarding `hide`): the original event and every edit
// of it (m.replace relations) are redacted, edits first, so no client falls back to an edit's text.
import { ok } from "../../result.ts";
import { Method } from "matrix-js-sdk";
import type { DeliveryResult } from "../../bot/ports.ts";
import { path } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import { failed, transactionId } from "./send.ts";

export async function retractEvent(
  ctx: MatrixContext,
  roomId: string,
  eventId: string,
): Promise<DeliveryResult> {
  const api = ctx.api();
  const edits = await api.request<{ chunk?: { event_id?: unknown }[] }>(
    Method.Get,
    path("/rooms/$room/relations/$event/m.replace", roomId, eventId),
    { prefix: "/_matrix/client/v1" },
  );
  const editIds =
    edits.ok && Array.isArray(edits.value.chunk)
      ? edits.value.chunk.flatMap((e) => (typeof e.event_id === "string" ? [e.event_id] : []))
      : [];
  for (const id of [...editIds, eventId]) {
    // The same event always gets the same transaction id, so a retried redaction is not repeated.
    const txn = transactionId(id, "redact");
    const r = await api.put(path("/rooms/$room/redact/$event/$txn", roomId, id, txn), {});
    // Already gone (or never there) counts as done.
    if (!r.ok && r.error.code !== "not_found") return failed(r.error);
  }
  return ok();
}
