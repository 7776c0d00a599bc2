// What the Matrix adapter must remember across restarts, kept in the runtime's CursorStore:
// the sync token, prompts (to map reactions and numbered replies to choices), direct rooms,
// private-input context, and the power levels it changed for strict turn-taking. No key names a
// user, so a forgotten user leaves no row behind (values are blanked; the port cannot delete).
import type { CursorStore, LanguageBlock, Segment } from "../../bot/ports.ts";
import { SerialQueues } from "../shared/serial-queues.ts";

const PLATFORM = "matrix";

export interface PromptRecord {
  /** The workshop room the prompt belongs to (the answer's InboundEvent roomId). */
  readonly workshopRoomId: string;
  /** The Matrix room it was posted in (a direct room, or the facilitators' room); answers count only there. */
  readonly postedIn: string;
  readonly promptId: string;
  readonly values: readonly string[];
  /** A request for text (a reply to it answers it with the reply's text), not a question with options. */
  readonly request?: true;
}

/** A request for text open in a direct room. */
export interface OpenRequest {
  readonly promptId: string;
  readonly at: number;
  /** The requests one runtime step sent (a survey's text questions) form one set, answered in turn. */
  readonly set?: string;
  /** The user has answered it (plain messages then go to the next one). */
  readonly answered?: boolean;
}

/** Per user: the workshop room their private conversation is about and what is open there. */
export interface PrivateContext {
  readonly workshopRoomId: string;
  /** The latest request for text, as versions before request sets wrote it (read, never written). */
  readonly collect?: { readonly promptId: string; readonly at: number };
  /** The requests for text open there (the latest set), in the order they were asked. */
  readonly collects?: readonly OpenRequest[];
  /** The latest question asked there; `answered` once the user answered it (by number or reaction). */
  readonly ask?: OpenAsk;
  /** The questions one runtime step asked there (a survey's scales), in order: numbers answer them in turn. */
  readonly asks?: readonly OpenAsk[];
}

/** A question with options open in a direct room. */
export interface OpenAsk {
  readonly eventId: string;
  readonly at: number;
  /** The questions one runtime step asked form one set (as requests for text do). */
  readonly set?: string;
  readonly answered?: boolean;
  /** The question it asks (a question asked again, e.g. in another language, has the same). */
  readonly promptId?: string;
}

/** An encrypted event waiting for its room key (retried after each sync, then answered). */
export interface HeldEvent {
  readonly roomId: string;
  readonly event: Record<string, unknown>;
  readonly since: number;
  readonly tries: number;
}

/**
 * The bot's latest plain announcement in a workshop room (or a countdown it posted alone): a
 * countdown is shown on it by an edit. Its text is kept to render the edit.
 */
export interface CountdownHost {
  readonly eventId: string;
  readonly body: readonly Segment[];
  readonly languages?: readonly LanguageBlock[];
}

/** What the adapter changed in a room's power levels, to restore it exactly. */
export interface FloorRecord {
  /** events_default before the restriction (null: the key was absent). */
  readonly eventsDefault: number | null;
  /** Event-type levels the adapter set, with their previous value (null: absent). */
  readonly events: Readonly<Record<string, number | null>>;
  /** Users the adapter raised, with their previous level (null: absent). */
  readonly users: Readonly<Record<string, number | null>>;
}

export class AdapterState {
  readonly #cursors: CursorStore;
  readonly #cache = new Map<string, string | undefined>();
  readonly #maps = new SerialQueues();

  constructor(cursors: CursorStore) {
    this.#cursors = cursors;
  }

  async #get(key: string): Promise<string | undefined> {
    if (this.#cache.has(key)) return this.#cache.get(key);
    const value = await this.#cursors.getCursor(PLATFORM, key);
    // "" marks a deleted value (the port has no delete).
    const normalised = value === "" ? undefined : value;
    this.#cache.set(key, normalised);
    return normalised;
  }

  async #set(key: string, value: string | undefined): Promise<void> {
    await this.#cursors.setCursor(PLATFORM, key, value ?? "");
    this.#cache.set(key, value);
  }

  async #getJson<T>(key: string): Promise<T | undefined> {
    const raw = await this.#get(key);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  syncToken(): Promise<string | undefined> {
    return this.#get("sync.next_batch");
  }
  setSyncToken(token: string): Promise<void> {
    return this.#set("sync.next_batch", token);
  }

  prompt(eventId: string): Promise<PromptRecord | undefined> {
    return this.#getJson(`prompt.${eventId}`);
  }
  async addPrompt(eventId: string, record: PromptRecord): Promise<void> {
    await this.#set(`prompt.${eventId}`, JSON.stringify(record));
  }

  // Per-user records live in one map per kind, under keys that name nobody: the cursor port
  // cannot delete a row, so a key holding a user id would outlive a forget. `dm.<user>` and
  // `private.<user>` keys from before are still read, and blanked when their user is forgotten.

  async directRoom(userId: string): Promise<string | undefined> {
    return (await this.#map<string>("dm"))[userId] ?? (await this.#get(`dm.${userId}`));
  }
  directRoomUser(roomId: string): Promise<string | undefined> {
    return this.#get(`dm-room.${roomId}`);
  }
  async setDirectRoom(userId: string, roomId: string): Promise<void> {
    await this.#set(`dm-room.${roomId}`, userId);
    await this.#updateMap<string>("dm", (map) => {
      map[userId] = roomId;
    });
  }
  async forgetDirectRoom(userId: string, roomId: string): Promise<void> {
    await this.#set(`dm-room.${roomId}`, undefined);
    await this.#updateMap<string>("dm", (map) => {
      if (map[userId] === roomId) Reflect.deleteProperty(map, userId);
    });
    if ((await this.#get(`dm.${userId}`)) === roomId) await this.#set(`dm.${userId}`, undefined);
  }

  async privateContext(userId: string): Promise<PrivateContext | undefined> {
    return (await this.#map<PrivateContext>("private"))[userId] ?? (await this.#getJson(`private.${userId}`));
  }
  async setPrivateContext(userId: string, context: PrivateContext | undefined): Promise<void> {
    await this.#updateMap<PrivateContext>("private", (map) => {
      if (context === undefined) Reflect.deleteProperty(map, userId);
      else map[userId] = context;
    });
    if ((await this.#get(`private.${userId}`)) !== undefined) await this.#set(`private.${userId}`, undefined);
  }

  async #map<T>(key: string): Promise<Record<string, T>> {
    return (await this.#getJson<Record<string, T>>(key)) ?? {};
  }

  /** Read-modify-write of one map, one change at a time so none is lost. */
  #updateMap<T>(key: string, change: (map: Record<string, T>) => void): Promise<void> {
    return this.#maps.run(key, async () => {
      const map = { ...(await this.#map<T>(key)) };
      change(map);
      await this.#set(key, Object.keys(map).length === 0 ? undefined : JSON.stringify(map));
    });
  }

  floor(roomId: string): Promise<FloorRecord | undefined> {
    return this.#getJson(`floor.${roomId}`);
  }
  async setFloor(roomId: string, record: FloorRecord | undefined): Promise<void> {
    await this.#set(`floor.${roomId}`, record === undefined ? undefined : JSON.stringify(record));
    // The cursor port cannot list keys: an index of the rooms with a saved floor lets a forget
    // reach every record that might name the user.
    await this.#maps.run("floor.rooms", async () => {
      const rooms = new Set(await this.floorRooms());
      const listed = rooms.has(roomId);
      if (record === undefined) rooms.delete(roomId);
      else rooms.add(roomId);
      if (listed !== rooms.has(roomId)) await this.#set("floor.rooms", JSON.stringify([...rooms]));
    });
  }
  /** The rooms with a saved floor (those saved since this index exists). */
  async floorRooms(): Promise<string[]> {
    return (await this.#getJson<string[]>("floor.rooms")) ?? [];
  }

  /** The device that replaced one whose encryption keys were lost (password logins use it). */
  cryptoDevice(): Promise<string | undefined> {
    return this.#get("e2ee.device");
  }
  setCryptoDevice(deviceId: string): Promise<void> {
    return this.#set("e2ee.device", deviceId);
  }

  /** Rooms seen with `m.room.encryption` (encryption cannot be switched off again). */
  async roomEncrypted(roomId: string): Promise<boolean> {
    return (await this.#get(`e2ee-room.${roomId}`)) !== undefined;
  }
  markRoomEncrypted(roomId: string): Promise<void> {
    return this.#set(`e2ee-room.${roomId}`, "on");
  }

  /** Encrypted events not decrypted yet (their key may still come), by event id. */
  async heldEvents(): Promise<Record<string, HeldEvent>> {
    return this.#map<HeldEvent>("e2ee-held");
  }
  updateHeldEvents(change: (map: Record<string, HeldEvent>) => void): Promise<void> {
    return this.#updateMap<HeldEvent>("e2ee-held", change);
  }

  /** The post each workshop room's countdown is shown on (countdown.ts), by room. */
  async countdownHost(roomId: string): Promise<CountdownHost | undefined> {
    return (await this.#map<CountdownHost>("countdown.hosts"))[roomId];
  }
  setCountdownHost(roomId: string, host: CountdownHost | undefined): Promise<void> {
    return this.#updateMap<CountdownHost>("countdown.hosts", (map) => {
      if (host === undefined) Reflect.deleteProperty(map, roomId);
      else map[roomId] = host;
    });
  }
  /** Forget-me: an announcement may name the user; every host is dropped (the next countdown posts). */
  forgetCountdownHosts(): Promise<void> {
    return this.#updateMap<CountdownHost>("countdown.hosts", (map) => {
      for (const roomId of Object.keys(map)) Reflect.deleteProperty(map, roomId);
    });
  }

  /** Each workshop room's live stage card (cards.ts), by room; its shape is the cards' own. */
  async card<T>(roomId: string): Promise<T | undefined> {
    return (await this.#map<T>("cards"))[roomId];
  }
  setCard(roomId: string, card: object | undefined): Promise<void> {
    return this.#updateMap<object>("cards", (map) => {
      if (card === undefined) Reflect.deleteProperty(map, roomId);
      else map[roomId] = card;
    });
  }
  /** Every room's card at once (forget-me rewrites them all). */
  updateCards<T>(change: (card: T) => T): Promise<void> {
    return this.#updateMap<T>("cards", (map) => {
      for (const [roomId, card] of Object.entries(map)) map[roomId] = change(card);
    });
  }

  /** The room refused the bot its topic (once told, the facilitators are not told again). */
  async topicRefused(roomId: string): Promise<boolean> {
    return (await this.#get(`topic-refused.${roomId}`)) !== undefined;
  }
  setTopicRefused(roomId: string): Promise<void> {
    return this.#set(`topic-refused.${roomId}`, "refused");
  }

  /** The pinned help (help.ts) was posted in this workshop room. */
  async helpPosted(roomId: string): Promise<boolean> {
    return (await this.#get(`help.${roomId}`)) !== undefined;
  }
  setHelpPosted(roomId: string): Promise<void> {
    return this.#set(`help.${roomId}`, "posted");
  }

  async encryptionNoticeSent(roomId: string): Promise<boolean> {
    return (await this.#get(`e2ee.${roomId}`)) !== undefined;
  }
  markEncryptionNoticeSent(roomId: string): Promise<void> {
    return this.#set(`e2ee.${roomId}`, "notified");
  }
}
