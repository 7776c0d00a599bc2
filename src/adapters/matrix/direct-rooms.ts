// The bot's direct room with each user: opened once, remembered across restarts, forgotten when
// the user leaves it or is forgotten.
import { path, type ApiResult } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import { SingleFlight } from "../shared/single-flight.ts";
import { ok } from "../../result.ts";

export class DirectRooms {
  readonly #ctx: MatrixContext;
  /** Two deliveries to one user at once open one room, not two. */
  readonly #opening = new SingleFlight<ApiResult<string>>();

  constructor(ctx: MatrixContext) {
    this.#ctx = ctx;
  }

  /**
   * The direct room with `user`, opened if there is none yet. For a workshop in an encrypted room
   * (`workshopRoomId`) it is encrypted: a new one from the start, a plain one from now on.
   */
  open(user: string, workshopRoomId?: string): Promise<ApiResult<string>> {
    return this.#opening.run(user, async () => {
      const { state, logger } = this.#ctx;
      const sealer = this.#ctx.crypto();
      const encrypted =
        sealer !== undefined && workshopRoomId !== undefined && (await sealer.isEncrypted(workshopRoomId));
      const known = await state.directRoom(user);
      if (known !== undefined) {
        if (!encrypted || (await sealer.isEncrypted(known))) return ok(known);
        const on = await this.#ctx
          .api()
          .put(path("/rooms/$room/state/m.room.encryption/", known), { algorithm: "m.megolm.v1.aes-sha2" });
        if (!on.ok) return on;
        await sealer.enabled(known);
        return ok(known);
      }
      const created = await this.#ctx.api().post<{ room_id: string }>("/createRoom", {
        is_direct: true,
        invite: [user],
        preset: "trusted_private_chat",
        name: "Parley",
        ...(encrypted
          ? {
              initial_state: [
                { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
              ],
            }
          : {}),
      });
      if (!created.ok) return created;
      await state.setDirectRoom(user, created.value.room_id);
      if (encrypted) await sealer.enabled(created.value.room_id);
      logger.info("matrix: opened a direct room", { roomId: created.value.room_id });
      return ok(created.value.room_id);
    });
  }

  /** The user a room is the direct room of, if it is one. */
  userOf(roomId: string): Promise<string | undefined> {
    return this.#ctx.state.directRoomUser(roomId);
  }

  /** The room is no longer a direct room (the user or the bot left it). */
  async closed(roomId: string): Promise<void> {
    const user = await this.userOf(roomId);
    if (user !== undefined) await this.#ctx.state.forgetDirectRoom(user, roomId);
  }

  /** Forgets the user's direct room; the room it was, if any (see leave). */
  async forgetUser(user: string): Promise<string | undefined> {
    const roomId = await this.#ctx.state.directRoom(user);
    if (roomId !== undefined) await this.#ctx.state.forgetDirectRoom(user, roomId);
    return roomId;
  }

  /**
   * Leaves a forgotten user's direct room, so nothing they type there later reaches the bot (it
   * would otherwise read as a shared room). Their history there stays theirs on the homeserver.
   */
  async leave(roomId: string): Promise<void> {
    const left = await this.#ctx.api().post(path("/rooms/$room/leave", roomId), {});
    if (!left.ok)
      this.#ctx.logger.warn("matrix: could not leave a forgotten user's direct room", {
        roomId,
        code: left.error.code,
      });
  }
}
