// Encrypted rooms and answers: Matrix never encrypts `m.reaction`, so a reaction used as an answer
// would put a private answer in the clear on the homeserver. Where the workshop room or the direct
// room is encrypted, questions never invite reactions and reactions are not taken as answers.
import { path } from "../api.ts";
import type { MatrixContext } from "../context.ts";

/** Whether any of `roomIds` is known (or found) to be end-to-end encrypted. */
export async function anyEncrypted(ctx: MatrixContext, roomIds: readonly string[]): Promise<boolean> {
  for (const roomId of roomIds) if (await encrypted(ctx, roomId)) return true;
  return false;
}

async function encrypted(ctx: MatrixContext, roomId: string): Promise<boolean> {
  // Remembered even while the bot's crypto is off (it saw the room's m.room.encryption).
  if (await ctx.state.roomEncrypted(roomId)) return true;
  const sealer = ctx.crypto();
  if (sealer !== undefined) return sealer.isEncrypted(roomId);
  // Without the crypto nothing remembers a room not seen yet (a first sync still under way): ask
  // the homeserver. In doubt (it could not say), the room counts as encrypted: a reply with the
  // number answers either way, a reaction in the clear cannot be taken back.
  const state = await ctx.api().get(path("/rooms/$room/state/m.room.encryption/", roomId));
  if (!state.ok) {
    if (state.error.code === "not_found") return false;
    ctx.logger.warn("matrix: could not tell whether a room is encrypted; treating it as encrypted", {
      roomId,
      code: state.error.code,
    });
    return true;
  }
  await ctx.state.markRoomEncrypted(roomId);
  return true;
}
