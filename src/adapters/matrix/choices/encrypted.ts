// Encrypted rooms and answers: Matrix never encrypts `m.reaction`, so a reaction used as an answer
// would put a private answer in the clear on the homeserver. Where the workshop room or the direct
// room is encrypted, questions never invite reactions and reactions are not taken as answers.
import type { MatrixContext } from "../context.ts";

/** Whether any of `roomIds` is known (or found) to be end-to-end encrypted. */
export async function anyEncrypted(ctx: MatrixContext, roomIds: readonly string[]): Promise<boolean> {
  const sealer = ctx.crypto();
  for (const roomId of roomIds) {
    // Remembered even while the bot's crypto is off (it saw the room's m.room.encryption).
    if (await ctx.state.roomEncrypted(roomId)) return true;
    if (sealer !== undefined && (await sealer.isEncrypted(roomId))) return true;
  }
  return false;
}
