// End-to-end encrypted rooms. With the crypto running (crypto/e2ee.ts), the bot is a full member:
// it remembers which rooms are encrypted, encrypts what it sends there (Sealer), decrypts what
// arrives, holds an event whose room key has not come yet and retries it after later syncs, and
// when a key never comes answers the sender privately and tells the facilitators how many
// messages it could not read (a count, nothing else). Without the crypto (no crypto store,
// `matrix.encryption: false`, or a lost store) it says once, in the room and in the facilitators'
// room, what it cannot do there and why.
import type { Segment } from "../../bot/ports.ts";
import { ok } from "../../result.ts";
import { path, type ApiResult } from "./api.ts";
import type { FacilitatorRoute } from "./audiences.ts";
import type { MatrixContext, Sealer } from "./context.ts";
import type { E2ee } from "./crypto/e2ee.ts";
import type { DirectRooms } from "./direct-rooms.ts";
import type { RawEvent } from "./inbound.ts";
import type { Names } from "./names.ts";
import { notice } from "./render.ts";
import { send, transactionId } from "./send.ts";
import {
  deviceReplacedText,
  encryptedRoomText,
  undecryptableCountText,
  undecryptablePrivateCountText,
  undecryptableText,
  type EncryptionOffReason,
} from "./texts.ts";
import { errorMessage } from "../shared/errors.ts";

/** What the bot tells an end-to-end encrypted room (and its facilitators), in `locale`. */
export function encryptedRoomNotice(locale?: string, reason?: EncryptionOffReason): string {
  return encryptedRoomText(locale, reason);
}

/** The English notice (the default when no locale is configured). */
export const ENCRYPTED_ROOM_NOTICE = encryptedRoomNotice("en");

/** A held event is given up after this many further syncs and this long (its key did not come). */
const GIVE_UP_AFTER_SYNCS = 2;
const GIVE_UP_AFTER_MS = 10_000;

export interface EncryptionParts {
  readonly names: Names;
  readonly directRooms: DirectRooms;
  readonly facilitators: FacilitatorRoute;
  /** The room's configured facilitators (rooms[…].facilitators). */
  readonly facilitatorsOf: (roomId: string) => readonly string[];
}

export class EncryptionNotices implements Sealer {
  readonly #ctx: MatrixContext;
  readonly #parts: EncryptionParts;
  #e2ee: E2ee | undefined;
  /** Why the crypto is off (shown in the notice), when it is. */
  #offReason: EncryptionOffReason = "unavailable";
  readonly #known = new Map<string, boolean>();

  constructor(ctx: MatrixContext, parts: EncryptionParts) {
    this.#ctx = ctx;
    this.#parts = parts;
  }

  /** The crypto is running: encrypted rooms are read and written to. */
  use(e2ee: E2ee): void {
    this.#e2ee = e2ee;
  }

  /** The crypto is off; `reason` says why (logged and shown in the notice). */
  off(reason: EncryptionOffReason): void {
    this.#e2ee = undefined;
    this.#offReason = reason;
  }

  get active(): E2ee | undefined {
    return this.#e2ee;
  }

  /** Remembers (and, without the crypto, tells the room once) if any of `events` shows it is encrypted. */
  async ifEncrypted(roomId: string, events: readonly { type?: string }[]): Promise<void> {
    if (events.some((event) => event.type === "m.room.encryption")) await this.enabled(roomId);
  }

  /** The room has `m.room.encryption`. */
  async enabled(roomId: string): Promise<void> {
    this.#known.set(roomId, true);
    if (!(await this.#ctx.state.roomEncrypted(roomId))) await this.#ctx.state.markRoomEncrypted(roomId);
    if (this.#e2ee === undefined) await this.tell(roomId);
  }

  async isEncrypted(roomId: string): Promise<boolean> {
    const known = this.#known.get(roomId);
    if (known !== undefined) return known;
    let encrypted = await this.#ctx.state.roomEncrypted(roomId);
    if (!encrypted) {
      const state = await this.#ctx.api().get(path("/rooms/$room/state/m.room.encryption/", roomId));
      encrypted = state.ok;
      if (encrypted) await this.#ctx.state.markRoomEncrypted(roomId);
    }
    this.#known.set(roomId, encrypted);
    return encrypted;
  }

  async readable(roomId: string, event: RawEvent): Promise<RawEvent> {
    if (this.#e2ee === undefined || event.type !== "m.room.encrypted") return event;
    const decrypted = await this.#e2ee.decrypt(roomId, event);
    return decrypted.ok ? decrypted.value : event;
  }

  async seal(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ): Promise<ApiResult<{ type: string; content: Record<string, unknown> }>> {
    const e2ee = this.#e2ee;
    if (e2ee === undefined || !(await this.isEncrypted(roomId))) return ok({ type, content });
    const members = await this.#members(roomId);
    if (!members.ok) return members;
    const sealed = await e2ee.encrypt(roomId, type, content, members.value);
    return sealed.ok ? ok({ type: "m.room.encrypted", content: sealed.value }) : sealed;
  }

  /** Joined and invited members (an invited user's devices get the key too, to read after joining). */
  async #members(roomId: string): Promise<ApiResult<string[]>> {
    const members = await this.#ctx
      .api()
      .get<{ chunk?: RawEvent[] }>(path("/rooms/$room/members", roomId), { not_membership: "leave" });
    if (!members.ok) return members;
    const users = (members.value.chunk ?? [])
      .filter((e) => ["join", "invite"].includes(String(e.content?.["membership"])))
      .map((e) => e.state_key ?? "")
      .filter((u) => u !== "");
    return ok(users);
  }

  /**
   * An event as the translator should see it: decrypted, or undefined while it is held (its key
   * may come with a later sync). Without the crypto the encrypted event is passed on as it is.
   */
  async inbound(roomId: string, event: RawEvent): Promise<RawEvent | undefined> {
    const e2ee = this.#e2ee;
    if (e2ee === undefined || event.type !== "m.room.encrypted") return event;
    const decrypted = await e2ee.decrypt(roomId, event);
    if (decrypted.ok) return decrypted.value;
    const eventId = event.event_id ?? "";
    this.#ctx.logger.info("matrix: holding an event until its room key arrives", {
      roomId,
      reason: decrypted.error.reason,
    });
    await this.#ctx.state.updateHeldEvents((map) => {
      map[eventId] ??= { roomId, event: event as Record<string, unknown>, since: Date.now(), tries: 0 };
    });
    return undefined;
  }

  /**
   * After a sync: retries the held events; `handle` gets each one that now decrypts. One that
   * still does not after a while is answered privately and counted to the facilitators.
   */
  async retryHeld(handle: (roomId: string, event: RawEvent) => Promise<void>): Promise<void> {
    const e2ee = this.#e2ee;
    if (e2ee === undefined) return;
    const held = await this.#ctx.state.heldEvents();
    const givenUp = new Map<string, RawEvent[]>();
    for (const [eventId, entry] of Object.entries(held)) {
      const decrypted = await e2ee.decrypt(entry.roomId, entry.event);
      if (decrypted.ok) {
        await handle(entry.roomId, decrypted.value);
        await this.#ctx.state.updateHeldEvents((map) => {
          Reflect.deleteProperty(map, eventId);
        });
        continue;
      }
      const tries = entry.tries + 1;
      if (tries >= GIVE_UP_AFTER_SYNCS && Date.now() - entry.since >= GIVE_UP_AFTER_MS) {
        givenUp.set(entry.roomId, [...(givenUp.get(entry.roomId) ?? []), entry.event]);
      } else {
        await this.#ctx.state.updateHeldEvents((map) => {
          if (map[eventId] !== undefined) map[eventId] = { ...entry, tries };
        });
      }
    }
    for (const [roomId, events] of givenUp) {
      await this.#undecryptable(roomId, events);
      await this.#ctx.state.updateHeldEvents((map) => {
        for (const event of events) Reflect.deleteProperty(map, event.event_id ?? "");
      });
    }
  }

  /**
   * Each sender gets a private answer; the facilitators of the workshop get the count: of the room
   * itself, or, for a direct room, of the workshop its participant is taking part in.
   */
  async #undecryptable(roomId: string, events: readonly RawEvent[]): Promise<void> {
    const { logger } = this.#ctx;
    logger.warn("matrix: could not decrypt messages; their senders are asked to send them again", {
      roomId,
      count: events.length,
    });
    const directUser = await this.#parts.directRooms.userOf(roomId);
    const workshopRoom =
      directUser === undefined ? roomId : (await this.#ctx.state.privateContext(directUser))?.workshopRoomId;
    for (const event of events) {
      const sender = event.sender ?? "";
      const target = directUser === sender ? ok(roomId) : await this.#parts.directRooms.open(sender, roomId);
      if (!target.ok) {
        logger.error("matrix: could not reach the sender of an undecryptable message", {
          code: target.error.code,
        });
        continue;
      }
      const text = undecryptableText(this.#ctx.localeOf(workshopRoom ?? roomId));
      const told = await send(
        this.#ctx,
        target.value,
        "m.room.message",
        notice([{ text }]),
        transactionId(`undecryptable:${event.event_id ?? ""}`, "sender"),
      );
      if (!told.ok)
        logger.error("matrix: could not tell a sender their message was unreadable", {
          code: told.error.code,
        });
    }
    // A direct room of someone in no workshop: nobody to count it to.
    if (workshopRoom === undefined) return;
    const targets = await this.#parts.facilitators.targets(
      this.#parts.facilitatorsOf(workshopRoom),
      workshopRoom,
    );
    if (!targets.ok) {
      logger.error("matrix: could not tell the facilitators about unreadable messages", {
        code: targets.error.code,
      });
      return;
    }
    const locale = this.#ctx.localeOf(workshopRoom);
    const count = directUser === undefined ? undecryptableCountText : undecryptablePrivateCountText;
    const body: Segment[] = [{ text: count(locale, events.length) }];
    const framed = await this.#parts.facilitators.frame(workshopRoom, body);
    for (const target of targets.value) {
      const told = await send(
        this.#ctx,
        target.roomId,
        "m.room.message",
        notice(framed),
        transactionId(`undecryptable:${events.map((e) => e.event_id ?? "").join(",")}`, target.roomId),
      );
      if (!told.ok)
        logger.error("matrix: could not tell the facilitators about unreadable messages", {
          code: told.error.code,
        });
    }
  }

  /**
   * The bot's keys were lost and it uses a new device: every encrypted room it is in is told
   * (members' clients show a new device; what was sent before stays unreadable to the bot).
   */
  async deviceReplaced(): Promise<void> {
    const joined = await this.#ctx.api().get<{ joined_rooms?: string[] }>("/joined_rooms");
    if (!joined.ok) {
      this.#ctx.logger.error("matrix: could not list rooms to tell them about the new device", {
        code: joined.error.code,
      });
      return;
    }
    const rooms = joined.value.joined_rooms ?? [];
    for (const roomId of rooms) {
      const inFacilitatorsRoom = roomId === this.#ctx.config.facilitatorsRoom;
      if (!inFacilitatorsRoom && !(await this.isEncrypted(roomId))) continue;
      const sent = await send(
        this.#ctx,
        roomId,
        "m.room.message",
        notice([{ text: deviceReplacedText(this.#ctx.localeOf(roomId)) }]),
        transactionId(`device-replaced:${roomId}`, String(Date.now())),
      );
      if (!sent.ok)
        this.#ctx.logger.error("matrix: could not tell a room about the new device", {
          roomId,
          code: sent.error.code,
        });
    }
  }

  /** Forgets the room keys of rooms whose workshops are gone (retention). */
  async forgetRoomKeys(roomId: string): Promise<void> {
    try {
      await this.#e2ee?.forgetRoomKeys(roomId);
    } catch (error) {
      this.#ctx.logger.error("matrix: could not delete a room's keys", {
        roomId,
        error: errorMessage(error),
      });
    }
  }

  async tell(roomId: string): Promise<void> {
    const { state, logger, config } = this.#ctx;
    if (this.#e2ee !== undefined) return;
    if (await state.encryptionNoticeSent(roomId)) return;
    logger.warn("matrix: the bot is in an end-to-end encrypted room it cannot read", {
      roomId,
      reason: this.#offReason,
    });
    const text = encryptedRoomNotice(this.#ctx.localeOf(roomId), this.#offReason);
    const key = `e2ee-notice:${roomId}`;
    const sent = await send(
      this.#ctx,
      roomId,
      "m.room.message",
      notice([{ text }]),
      transactionId(key, "room"),
    );
    if (!sent.ok) {
      logger.error("matrix: could not tell an encrypted room what the bot cannot do", {
        roomId,
        code: sent.error.code,
      });
    }
    const facilitatorsRoom = config.facilitatorsRoom;
    if (facilitatorsRoom !== undefined && facilitatorsRoom !== roomId) {
      const name = await this.#parts.names.roomName(roomId);
      const told = await send(
        this.#ctx,
        facilitatorsRoom,
        "m.room.message",
        notice([{ text: `[${name}] `, style: "strong" }, { text }]),
        transactionId(key, "facilitators"),
      );
      if (!told.ok)
        logger.error("matrix: could not tell the facilitators about an encrypted room", {
          roomId,
          code: told.error.code,
        });
    }
    if (sent.ok) await state.markEncryptionNoticeSent(roomId);
  }
}
