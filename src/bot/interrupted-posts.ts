// Contribution posts interrupted mid-send (issue 13). The dispatcher keeps a post's message ids so
// `hide <n>` can take it back; a crash between the platform accepting the post and those ids being
// stored leaves a post the bot cannot name. The delivery is sent again after the restart: where the
// platform deduplicates it (Discord's nonce for a few minutes, Matrix's transaction id) that is the
// same message, otherwise there are now two, and the first is nowhere in the store.
//
// So each contribution post is marked "sending" (a durable cursor) before it goes out and unmarked
// once its ids are stored. A send that finds its own mark still set follows a crash mid-send: the
// contribution is then marked "unsure", and a later hide that took back every post it knows of
// still fails with `interrupted`, so the facilitators are told to check the room and remove any
// copy left by hand, instead of being told it is hidden.
import type { Delivery } from "./ports.ts";
import type { OutboxEntry, Store } from "./store.ts";

type Cursors = Pick<Store, "getCursor" | "setCursor">;

const sendingKey = (entry: OutboxEntry): string => `contribution-post:${String(entry.id)}`;
const unsureKey = (sessionId: string, roomKey: string, ref: number): string =>
  `contribution-unsure:${sessionId}:${roomKey}:${String(ref)}`;

const contributionRef = (d: Delivery): number | undefined =>
  d.kind === "say" ? d.contributionRef : undefined;

/** Before a contribution post is sent: marks it, and notes a previous send that never finished. */
export async function beginContributionPost(store: Cursors, entry: OutboxEntry): Promise<void> {
  const ref = contributionRef(entry.delivery);
  if (ref === undefined || entry.sessionId === null) return;
  const key = sendingKey(entry);
  if ((await store.getCursor(entry.platform, key)) === "sending")
    await store.setCursor(entry.platform, unsureKey(entry.sessionId, entry.roomKey, ref), "unsure");
  await store.setCursor(entry.platform, key, "sending");
}

/** After a contribution post's ids are stored (or it failed for good): the mark goes. */
export async function endContributionPost(store: Cursors, entry: OutboxEntry): Promise<void> {
  if (contributionRef(entry.delivery) === undefined || entry.sessionId === null) return;
  await store.setCursor(entry.platform, sendingKey(entry), "");
}

/** True when a post of contribution `ref` may be in the room without the bot knowing its id. */
export async function maybeUnknownCopy(store: Cursors, entry: OutboxEntry, ref: number): Promise<boolean> {
  if (entry.sessionId === null) return false;
  return (await store.getCursor(entry.platform, unsureKey(entry.sessionId, entry.roomKey, ref))) === "unsure";
}
