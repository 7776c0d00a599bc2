// In-memory store: tests, simulations and the benchmark baseline. Same semantics as SqliteStore
// (values are copied in and out, so callers cannot change what is stored), with indexes so that
// no operation scans the whole history.
import type { Delivery, PlatformName } from "../ports.ts";
import type { WorkshopEvent } from "../../flows/protocol.ts";
import { folded } from "./deltas.ts";
import { gonePayload as gone, identityMatcher, redactPayload, textsOf } from "./redact.ts";
import {
  type LiveTimer,
  deepFreeze,
  type Commit,
  type Committed,
  type InboxEntry,
  type InboxPayload,
  type OutboxEntry,
  type ParticipantRecord,
  type SessionRecord,
  type Store,
  type StoredLiveSession,
  type AuditEntry,
  type AuditFilter,
  type NewAuditEntry,
} from "./types.ts";

interface OutboxRow extends OutboxEntry {
  delivered: boolean;
  failed: boolean;
  /** Deleted once delivered or given up (a notice to someone forgotten). */
  dropWhenDone: boolean;
  /** The platform's message ids of a delivered contribution post. */
  posted?: string[];
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * A session copied in or out. The spec is shared, not copied: it never changes after the session
 * was created (it is frozen here), and copying it on every step was most of this store's cost.
 */
function copySession(s: SessionRecord): SessionRecord {
  const { spec, ...rest } = s;
  return { ...clone(rest), spec: deepFreeze(spec) };
}

export class MemoryStore implements Store {
  readonly shared = false;
  /** Every entry, id = index + 1. */
  private readonly inbox: InboxEntry[] = [];
  private readonly inboxByEvent = new Map<string, number>();
  /** Unprocessed entry ids, in arrival order. */
  private readonly unprocessed = new Set<number>();
  private readonly sessions = new Map<string, SessionRecord>();
  /** Workshop events stored after each session's snapshot (deltas.ts), oldest first. */
  private readonly deltas = new Map<string, WorkshopEvent[]>();
  /** Session ids per room key, oldest first. */
  private readonly roomSessions = new Map<string, string[]>();
  /** Participants per session, in insertion order. */
  private readonly parts = new Map<string, ParticipantRecord[]>();
  private readonly outbox = new Map<number, OutboxRow>();
  private readonly outboxKeys = new Set<string>();
  private outboxCounter = 0;
  private readonly cursors = new Map<string, string>();

  getCursor(platform: PlatformName, key: string): Promise<string | undefined> {
    return Promise.resolve(this.cursors.get(`${platform}\u0000${key}`));
  }
  setCursor(platform: PlatformName, key: string, value: string): Promise<void> {
    this.cursors.set(`${platform}\u0000${key}`, value);
    return Promise.resolve();
  }

  private readonly cryptoParts = new Map<string, Map<string, Uint8Array>>();
  loadCryptoState(owner: string): Promise<Map<string, Uint8Array>> {
    return Promise.resolve(new Map(this.cryptoParts.get(owner)));
  }
  saveCryptoState(owner: string, parts: ReadonlyMap<string, Uint8Array | null>): Promise<void> {
    const stored = this.cryptoParts.get(owner) ?? new Map<string, Uint8Array>();
    for (const [part, data] of parts) {
      if (data === null) stored.delete(part);
      else stored.set(part, data.slice());
    }
    this.cryptoParts.set(owner, stored);
    return Promise.resolve();
  }

  appendInbox(
    roomKey: string,
    eventId: string,
    payload: InboxPayload,
  ): Promise<{ id: number; duplicate: boolean }> {
    const existing = this.inboxByEvent.get(eventId);
    if (existing !== undefined) return Promise.resolve({ id: existing, duplicate: true });
    const entry: InboxEntry = {
      id: this.inbox.length + 1,
      roomKey,
      eventId,
      payload: clone(payload),
      processed: false,
    };
    this.inbox.push(entry);
    this.inboxByEvent.set(eventId, entry.id);
    this.unprocessed.add(entry.id);
    return Promise.resolve({ id: entry.id, duplicate: false });
  }

  unprocessedInbox(roomKey?: string): Promise<InboxEntry[]> {
    const out: InboxEntry[] = [];
    for (const id of this.unprocessed) {
      const e = this.inbox[id - 1];
      if (e !== undefined && (roomKey === undefined || e.roomKey === roomKey)) out.push(clone(e));
    }
    return Promise.resolve(out.sort((a, b) => a.id - b.id));
  }

  compact(sessions: Iterable<SessionRecord>): Promise<void> {
    const all = [...sessions];
    // All or nothing, as one transaction would.
    const missing = all.find((s) => !this.sessions.has(s.id));
    if (missing !== undefined)
      return Promise.reject(new Error(`session ${missing.id} missing for a compaction`));
    for (const session of all) {
      const stored = this.sessions.get(session.id);
      if (stored !== undefined)
        this.sessions.set(session.id, { ...stored, snapshot: clone(session.snapshot) });
      this.deltas.delete(session.id);
    }
    return Promise.resolve();
  }

  commit(step: Commit): Promise<Committed> {
    const index = step.inboxId - 1;
    const entry = this.inbox[index];
    if (entry === undefined) return Promise.reject(new Error(`no inbox entry ${step.inboxId}`));
    if (entry.processed) return Promise.reject(new Error(`inbox entry ${step.inboxId} already processed`));
    const keys = new Set<string>();
    for (const d of step.deliveries) {
      const key = d.delivery.idempotencyKey;
      if (this.outboxKeys.has(key) || keys.has(key)) {
        return Promise.reject(new Error(`duplicate idempotency key ${key}`));
      }
      keys.add(key);
    }
    if (step.forget !== undefined && step.events !== undefined)
      return Promise.reject(new Error("a step that forgets someone writes the whole snapshot"));
    const stored = step.session === undefined ? undefined : this.sessions.get(step.session.id);
    if (step.events !== undefined && step.isNewSession !== true && stored === undefined)
      return Promise.reject(new Error(`session ${step.session?.id ?? "?"} missing for a delta`));
    if (
      step.forget !== undefined &&
      (this.deltas.get(step.forget.sessionId)?.length ?? 0) > 0 &&
      step.session?.id !== step.forget.sessionId
    )
      return Promise.reject(new Error(`session ${step.forget.sessionId} still has deltas at a forget`));
    this.inbox[index] = { ...entry, processed: true };
    this.unprocessed.delete(entry.id);
    if (step.session !== undefined && step.events !== undefined && stored !== undefined) {
      // A delta: the stored snapshot stays, the step's events are kept beside it.
      const s = step.session;
      this.sessions.set(s.id, {
        ...stored,
        meta: clone(s.meta),
        seq: s.seq,
        status: s.status,
        updatedAt: s.updatedAt,
        endedAt: s.endedAt,
      });
      const list = this.deltas.get(s.id) ?? [];
      list.push(...clone(step.events));
      this.deltas.set(s.id, list);
    } else if (step.session !== undefined) {
      const s = step.session;
      this.deltas.delete(s.id);
      if (!this.sessions.has(s.id)) {
        const ids = this.roomSessions.get(s.roomKey) ?? [];
        ids.push(s.id);
        this.roomSessions.set(s.roomKey, ids);
      }
      this.sessions.set(s.id, copySession(s));
    }
    for (const p of step.participants ?? []) {
      const list = this.parts.get(p.sessionId) ?? [];
      const i = list.findIndex((q) => q.platform === p.platform && q.userId === p.userId);
      if (i >= 0) list[i] = clone(p);
      else list.push(clone(p));
      this.parts.set(p.sessionId, list);
    }
    const removed: number[] = [];
    if (step.forget !== undefined) {
      const who = step.forget;
      const session = this.sessions.get(who.sessionId);
      const texts: string[] = [];
      for (let i = 0; i < this.inbox.length; i++) {
        const e = this.inbox[i];
        if (e === undefined || e.roomKey !== session?.roomKey) continue;
        texts.push(...textsOf(e.payload, who.userId));
        const redacted = redactPayload(e.payload, who);
        if (redacted !== null) this.inbox[i] = { ...e, payload: redacted };
      }
      const carries = identityMatcher(who, texts);
      for (const [oid, row] of this.outbox) {
        if (row.roomKey !== session?.roomKey || !carries(row.delivery)) continue;
        this.outbox.delete(oid);
        if (!row.delivered && !row.failed) removed.push(oid);
      }
      const list = this.parts.get(who.sessionId) ?? [];
      const pi = list.findIndex((p) => p.participantId === who.participantId);
      if (pi >= 0) list.splice(pi, 1);
    }
    if (step.discardPayload === true) this.inbox[index] = { ...entry, processed: true, payload: gone };
    const outbox: OutboxEntry[] = [];
    for (const d of step.deliveries) {
      const row: OutboxRow = {
        id: ++this.outboxCounter,
        roomKey: d.roomKey,
        sessionId: d.sessionId,
        platform: d.platform,
        idempotencyKey: d.delivery.idempotencyKey,
        delivery: clone(d.delivery),
        attempts: 0,
        delivered: false,
        failed: false,
        dropWhenDone: d.dropWhenDone === true,
      };
      this.outbox.set(row.id, row);
      this.outboxKeys.add(row.idempotencyKey);
      outbox.push(this.entryOf(row));
    }
    this.addAudit(step.audit ?? []);
    return Promise.resolve({ outbox, removed });
  }

  private entryOf(row: OutboxRow): OutboxEntry {
    const { delivered: _d, failed: _f, posted: _p, ...entry } = row;
    return clone(entry);
  }

  private sessionsIn(roomKey: string): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (const id of this.roomSessions.get(roomKey) ?? []) {
      const s = this.sessions.get(id);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** A stored session copied out with its deltas (folded into the snapshot unless `keepPending`). */
  private read(s: SessionRecord, keepPending = false): SessionRecord {
    const copy = copySession(s);
    const { pending: _, ...record } = copy;
    const events = this.deltas.get(s.id) ?? [];
    if (events.length === 0) return record;
    return keepPending
      ? { ...record, pending: clone(events) }
      : { ...record, snapshot: folded(record, events) };
  }

  liveSession(roomKey: string, options?: { readonly pending?: boolean }): Promise<SessionRecord | undefined> {
    const found = this.sessionsIn(roomKey).find((s) => s.status === "live");
    return Promise.resolve(found === undefined ? undefined : this.read(found, options?.pending === true));
  }
  liveSessionsOf(roomKeys: readonly string[]): Promise<StoredLiveSession[]> {
    const out: StoredLiveSession[] = [];
    for (const roomKey of new Set(roomKeys)) {
      const found = this.sessionsIn(roomKey).find((s) => s.status === "live");
      if (found !== undefined)
        out.push({
          record: this.read(found, true),
          participants: (this.parts.get(found.id) ?? []).map(clone),
        });
    }
    return Promise.resolve(out);
  }
  liveTimers(): Promise<LiveTimer[]> {
    return Promise.resolve(
      [...this.sessions.values()]
        .filter((s) => s.status === "live")
        .map((s) => ({ sessionId: s.id, roomKey: s.roomKey, deadline: s.meta.nextDeadline })),
    );
  }
  findSession(idOrRoomKey: string): Promise<SessionRecord | undefined> {
    const byId = this.sessions.get(idOrRoomKey);
    if (byId !== undefined) return Promise.resolve(this.read(byId));
    const inRoom = this.sessionsIn(idOrRoomKey);
    const last = inRoom[inRoom.length - 1];
    return Promise.resolve(last === undefined ? undefined : this.read(last));
  }
  private readonly audit: AuditEntry[] = [];
  private auditIds = 0;
  private addAudit(entries: readonly NewAuditEntry[]): void {
    for (const e of entries) this.audit.push({ ...clone(e), id: ++this.auditIds });
  }
  appendAudit(entries: readonly NewAuditEntry[]): Promise<void> {
    this.addAudit(entries);
    return Promise.resolve();
  }
  auditTrail(filter: AuditFilter): Promise<AuditEntry[]> {
    return Promise.resolve(
      this.audit
        .filter(
          (e) =>
            (filter.roomKey === undefined || e.roomKey === filter.roomKey) &&
            (filter.sessionId === undefined || e.sessionId === filter.sessionId),
        )
        .map(clone),
    );
  }

  listSessions(): Promise<SessionRecord[]> {
    const all = [...this.sessions.values()].map((s) => this.read(s));
    // Insertion order is creation order: reversed first, so a stable sort keeps the newest first on ties.
    return Promise.resolve(all.reverse().sort((a, b) => b.createdAt - a.createdAt));
  }
  participants(sessionId: string): Promise<ParticipantRecord[]> {
    return Promise.resolve((this.parts.get(sessionId) ?? []).map(clone));
  }
  pendingOutbox(roomKey?: string): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    for (const row of this.outbox.values()) {
      if (row.delivered || row.failed || (roomKey !== undefined && row.roomKey !== roomKey)) continue;
      out.push(this.entryOf(row));
    }
    return Promise.resolve(out);
  }
  markDelivered(outboxIds: number | readonly number[]): Promise<void> {
    for (const id of typeof outboxIds === "number" ? [outboxIds] : outboxIds) {
      const row = this.outbox.get(id);
      if (row !== undefined) row.delivered = true;
      if (row?.dropWhenDone === true) this.outbox.delete(id);
    }
    return Promise.resolve();
  }
  deliveredOutbox(roomKey: string): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const row of this.outbox.values()) {
      if (row.delivered && row.roomKey === roomKey) out.push(clone(row.delivery));
    }
    return Promise.resolve(out);
  }
  recordPosted(outboxId: number, messageIds: readonly string[]): Promise<void> {
    const row = this.outbox.get(outboxId);
    if (row !== undefined) row.posted = [...messageIds];
    return Promise.resolve();
  }
  postedMessages(sessionId: string, roomKey: string, ref: number): Promise<string[]> {
    const out: string[] = [];
    for (const row of this.outbox.values()) {
      const d = row.delivery;
      if (
        row.sessionId === sessionId &&
        row.roomKey === roomKey &&
        d.kind === "say" &&
        d.contributionRef === ref
      )
        out.push(...(row.posted ?? []));
    }
    return Promise.resolve(out);
  }
  recordAttempt(outboxId: number, _error: string, giveUp: boolean): Promise<void> {
    const row = this.outbox.get(outboxId);
    if (row !== undefined) this.outbox.set(outboxId, { ...row, attempts: row.attempts + 1, failed: giveUp });
    if (giveUp && row?.dropWhenDone === true) this.outbox.delete(outboxId);
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
      this.deltas.delete(id);
      if (s !== undefined) {
        const rest = (this.roomSessions.get(s.roomKey) ?? []).filter((x) => x !== id);
        if (rest.length > 0) this.roomSessions.set(s.roomKey, rest);
        else this.roomSessions.delete(s.roomKey);
      }
      this.parts.delete(id);
      for (const [oid, row] of this.outbox) {
        if (row.sessionId === id) {
          this.outbox.delete(oid);
          this.outboxKeys.delete(row.idempotencyKey);
        }
      }
      // Processed inbox entries of the room hold the contributions: drop them with the session.
      for (let i = this.inbox.length - 1; i >= 0; i--) {
        const e = this.inbox[i];
        if (e !== undefined && e.processed && e.roomKey === s?.roomKey)
          this.inbox.splice(i, 1, { ...e, payload: gone });
      }
    }
    for (const [oid, row] of this.outbox) {
      if (row.sessionId === null && (row.delivered || row.failed)) this.outbox.delete(oid);
    }
    const deleted = new Set(ids);
    const kept = this.audit.filter((e) =>
      e.sessionId === null ? e.at >= before : !deleted.has(e.sessionId),
    );
    this.audit.splice(0, this.audit.length, ...kept);
    return Promise.resolve(ids);
  }
  claimRoom(): Promise<boolean> {
    return Promise.resolve(true);
  }
  renewRooms(): Promise<Set<string>> {
    return Promise.resolve(new Set());
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
