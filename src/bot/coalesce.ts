// Coalescing a room's outbox backlog (issue 19). When deliveries queue up behind a platform's rate
// limits, some of what waits need not be sent as it is (the dispatcher asks only for a room the
// platform has told to wait, until its backlog is gone; otherwise every entry goes as it is):
// - a countdown (`timer`) followed by another countdown for the same audience, with nothing posted
//   to that audience in between, shows a state nobody will see: only the later one is sent;
// - a strict floor (`floor`) followed by another floor of the same room: only the last state
//   matters (the adapter moves the room from what it is to what the delivery asks).
// Posts are never merged: what people read, and its order, stays as the flow wrote it.
import type { Delivery, DeliveryAudience } from "./ports.ts";
import type { OutboxEntry } from "./store.ts";

export interface NextDelivery {
  /** Entries at the head of the queue that a later one makes needless: marked delivered unsent. */
  readonly superseded: readonly OutboxEntry[];
  /** What to send. */
  readonly entry: OutboxEntry;
}

function audienceKey(a: DeliveryAudience): string {
  switch (a.to) {
    case "room":
      return "room";
    case "user":
      return `user:${a.userId}`;
    case "facilitators":
      return `facilitators:${[...a.userIds].sort().join(",")}`;
  }
}

/** Deliveries that show something new to their audience (and so may carry, or end, a countdown). */
const posts = new Set<Delivery["kind"]>(["say", "ask", "collect", "pin"]);

/** Whether the entry at `at` is made needless by a later entry of the queue. */
function superseded(queue: readonly OutboxEntry[], at: number): boolean {
  const e = queue[at];
  if (e === undefined) return false;
  const d = e.delivery;
  if (d.kind === "floor") {
    return queue.some(
      (later, i) => i > at && later.platform === e.platform && later.delivery.kind === "floor",
    );
  }
  if (d.kind !== "timer") return false;
  const audience = audienceKey(d.audience);
  for (let i = at + 1; i < queue.length; i++) {
    const later = queue[i];
    if (later === undefined || later.platform !== e.platform) continue;
    if (audienceKey(later.delivery.audience) !== audience) continue;
    if (later.delivery.kind === "timer") return true;
    if (posts.has(later.delivery.kind)) return false;
  }
  return false;
}

/**
 * What to deliver next from the head of a room's queue (in id order); null when it is empty. With
 * `coalesce`, entries a later one makes needless are skipped.
 */
export function nextDelivery(queue: readonly OutboxEntry[], coalesce = true): NextDelivery | null {
  let at = 0;
  while (coalesce && at < queue.length - 1 && superseded(queue, at)) at++;
  const head = queue[at];
  return head === undefined ? null : { superseded: queue.slice(0, at), entry: head };
}
