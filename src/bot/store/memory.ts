// In-memory store: tests, simulations and the benchmark baseline. Same semantics as SqliteStore.
import type { Delivery, PlatformName } from "../ports.ts";
import { redactPayload } from "./redact.ts";
import type {
  Commit,
  InboxEntry,
  InboxPayload,
  OutboxEntry,
  ParticipantRecord,
  SessionRecord,
  Store,
} from "./types.ts";

interface OutboxRow extends OutboxEntry {
  delivered: boolean;
  failed: boolean;
}

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryStore implements Store {
  readonly shared = false;
  private readonly inbox: InboxEntry[] = [];
  private readonly inboxKeys = new Set<string>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly parts: ParticipantRecord[] = [];
  private readonly outbox: OutboxRow[] = [];
  private readonly cursors = new Map<string, string>();
  private sessionCounter = 0;

  getCursor(platform: PlatformName, key: string): Promise<string | undefined> {
    return Promise.resolve(this.cursors.get(`${platform}\u0000${key}`));
  }
  setCursor(platform: PlatformName, key: string, value: string): Promise<void> {
    this.cursors.set(`${platform}\u0000${key}`, value);
    return Promise.resolve();
  }

  appendInbox(
    roomKey: string,
    eventId: string,
    payload: InboxPayload,
  ): Promise<{ id: number; duplicate: boolean }> {
    const existing = this.inbox.find((e) => e.eventId === eventId);
    if (existing !== undefined) return Promise.resolve({ id: existing.id, duplicate: true });
    const entry: InboxEntry = {
      id: this.inbox.length + 1,
      roomKey,
      eventId,
      payload: clone(payload),
      processed: false,
    };
    this.inbox.push(entry);
    this.inboxKeys.add(eventId);
    return Promise.resolve({ id: entry.id, duplicate: false });
  }

  unprocessedInbox(roomKey?: string): Promise<InboxEntry[]> {
    return Promise.resolve(
      this.inbox.filter((e) => !e.processed && (roomKey === undefined || e.roomKey === roomKey)).map(clone),
    );
  }

  commit(step: Commit): Promise<void> {
    const index = this.inbox.findIndex((e) => e.id === step.inboxId);
    const entry = this.inbox[index];
    if (entry === undefined) return Promise.reject(new Error(`no inbox entry ${step.inboxId}`));
    if (entry.processed) return Promise.reject(new Error(`inbox entry ${step.inboxId} already processed`));
    for (const d of step.deliveries) {
      if (this.outbox.some((o) => o.idempotencyKey === d.delivery.idempotencyKey)) {
        return Promise.reject(new Error(`duplicate idempotency key ${d.delivery.idempotencyKey}`));
      }
    }
    this.inbox[index] = { ...entry, processed: true };
    if (step.session !== undefined) this.sessions.set(step.session.id, clone(step.session));
    for (const p of step.participants ?? []) {
      const i = this.parts.findIndex(
        (q) => q.sessionId === p.sessionId && q.platform === p.platform && q.userId === p.userId,
      );
      if (i >= 0) this.parts[i] = clone(p);
      else this.parts.push(clone(p));
    }
    for (const d of step.deliveries) {
      this.outbox.push({
        id: this.outbox.length + 1,
        roomKey: d.roomKey,
        sessionId: d.sessionId,
        platform: d.platform,
        idempotencyKey: d.delivery.idempotencyKey,
        delivery: clone(d.delivery),
        attempts: 0,
        delivered: false,
        failed: false,
      });
    }
    if (step.forget !== undefined) {
      const { sessionId, participantId, userId } = step.forget;
      const session = this.sessions.get(sessionId);
      for (let i = 0; i < this.inbox.length; i++) {
        const e = this.inbox[i];
        if (e === undefined || e.roomKey !== session?.roomKey) continue;
        const redacted = redactPayload(e.payload, userId);
        if (redacted !== null) this.inbox[i] = { ...e, payload: redacted };
      }
      const pi = this.parts.findIndex((p) => p.sessionId === sessionId && p.participantId === participantId);
      if (pi >= 0) this.parts.splice(pi, 1);
    }
    return Promise.resolve();
  }

  liveSession(roomKey: string): Promise<SessionRecord | undefined> {
    const found = [...this.sessions.values()].find((s) => s.roomKey === roomKey && s.status === "live");
    return Promise.resolve(found === undefined ? undefined : clone(found));
  }
  liveSessions(): Promise<SessionRecord[]> {
    return Promise.resolve([...this.sessions.values()].filter((s) => s.status === "live").map(clone));
  }
  findSession(idOrRoomKey: string): Promise<SessionRecord | undefined> {
    const byId = this.sessions.get(idOrRoomKey);
    if (byId !== undefined) return Promise.resolve(clone(byId));
    const inRoom = [...this.sessions.values()].filter((s) => s.roomKey === idOrRoomKey);
    const last = inRoom[inRoom.length - 1];
    return Promise.resolve(last === undefined ? undefined : clone(last));
  }
  nextSessionId(): Promise<string> {
    this.sessionCounter += 1;
    return Promise.resolve(`s${this.sessionCounter}`);
  }
  participants(sessionId: string): Promise<ParticipantRecord[]> {
    return Promise.resolve(this.parts.filter((p) => p.sessionId === sessionId).map(clone));
  }
  pendingOutbox(): Promise<OutboxEntry[]> {
    return Promise.resolve(
      this.outbox
        .filter((o) => !o.delivered && !o.failed)
        .map(({ delivered: _d, failed: _f, ...entry }) => clone(entry)),
    );
  }
  markDelivered(outboxId: number): Promise<void> {
    const row = this.outbox.find((o) => o.id === outboxId);
    if (row !== undefined) row.delivered = true;
    return Promise.resolve();
  }
  deliveredOutbox(roomKey: string): Promise<Delivery[]> {
    return Promise.resolve(
      this.outbox.filter((o) => o.delivered && o.roomKey === roomKey).map((o) => clone(o.delivery)),
    );
  }
  recordAttempt(outboxId: number, _error: string, giveUp: boolean): Promise<void> {
    const i = this.outbox.findIndex((o) => o.id === outboxId);
    const row = this.outbox[i];
    if (row !== undefined) this.outbox[i] = { ...row, attempts: row.attempts + 1, failed: giveUp };
    return Promise.resolve();
  }
  deleteEndedBefore(before: number, _now: number): Promise<string[]> {
    const ids: string[] = [];
    for (const s of this.sessions.values()) {
      if (s.status === "done" && s.endedAt !== null && s.endedAt < before) ids.push(s.id);
    }
    for (const id of ids) {
      const s = this.sessions.get(id);
      this.sessions.delete(id);
      for (let i = this.parts.length - 1; i >= 0; i--)
        if (this.parts[i]?.sessionId === id) this.parts.splice(i, 1);
      for (let i = this.outbox.length - 1; i >= 0; i--) {
        if (this.outbox[i]?.sessionId === id) this.outbox.splice(i, 1);
      }
      // Processed inbox entries of the room hold the contributions: drop them with the session.
      for (let i = this.inbox.length - 1; i >= 0; i--) {
        const e = this.inbox[i];
        if (e !== undefined && e.processed && e.roomKey === s?.roomKey)
          this.inbox.splice(i, 1, { ...e, payload: gone });
      }
    }
    return Promise.resolve(ids);
  }
  claimRoom(): Promise<boolean> {
    return Promise.resolve(true);
  }
  releaseRooms(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Test helper: every inbox entry, processed or not. */
  allInbox(): InboxEntry[] {
    return this.inbox.map(clone);
  }
}

/** Placeholder payload of a deleted entry (kept so event ids still deduplicate). */
const gone: InboxPayload = { source: "timer", sessionId: "", at: 0 };
