// End-to-end encrypted rooms: the bot cannot read them, so it says so once, in the room and in
// the facilitators' room, in the room's language.
import type { MatrixContext } from "./context.ts";
import type { Names } from "./names.ts";
import { notice } from "./render.ts";
import { send, transactionId } from "./send.ts";
import { encryptedRoomText } from "./texts.ts";

/** What the bot tells an end-to-end encrypted room (and its facilitators), in `locale`. */
export function encryptedRoomNotice(locale?: string): string {
  return encryptedRoomText(locale);
}

/** The English notice (the default when no locale is configured). */
export const ENCRYPTED_ROOM_NOTICE = encryptedRoomNotice("en");

export class EncryptionNotices {
  readonly #ctx: MatrixContext;
  readonly #names: Names;

  constructor(ctx: MatrixContext, names: Names) {
    this.#ctx = ctx;
    this.#names = names;
  }

  /** Tells the room (once) if any of `events` shows it is encrypted. */
  async ifEncrypted(roomId: string, events: readonly { type?: string }[]): Promise<void> {
    if (events.some((event) => event.type === "m.room.encryption")) await this.tell(roomId);
  }

  async tell(roomId: string): Promise<void> {
    const { state, logger, config } = this.#ctx;
    if (await state.encryptionNoticeSent(roomId)) return;
    logger.warn("matrix: the bot is in an end-to-end encrypted room it cannot read", { roomId });
    const text = encryptedRoomNotice(this.#ctx.localeOf(roomId));
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
      const name = await this.#names.roomName(roomId);
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
