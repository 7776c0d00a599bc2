// What the drivers read of the bot's store: its inbox, to know when a post has been durably
// accepted and processed (a signal to wait for, instead of sleeping). WAL: a reader next to the
// running bot is fine.
import { DatabaseSync } from "node:sqlite";

export interface InboxRow {
  readonly event_id: string;
  readonly processed: number;
}

export function inboxRows(storeFile: string): InboxRow[] {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(storeFile, { readOnly: true });
  } catch {
    return []; // not created yet
  }
  try {
    return db.prepare("SELECT event_id, processed FROM inbox ORDER BY id").all() as unknown as InboxRow[];
  } catch {
    return []; // the bot has not created its tables yet
  } finally {
    db.close();
  }
}

/** Polls `probe` until it yields a value (not undefined, null or false), failing after `timeoutMs`. */
export async function until<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs: number,
  context: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The error lines of a bot's JSON log. */
export function errorLines(log: string): string[] {
  return log.split("\n").filter((line) => line.includes('"level":"error"'));
}
