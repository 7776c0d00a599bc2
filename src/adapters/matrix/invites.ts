// Invites: accepted from matrix.allowedInviters, refused (the bot leaves) from anyone else.
import { path } from "./api.ts";
import { mayInvite } from "./config.ts";
import type { MatrixContext } from "./context.ts";
import { contentOf, type RawEvent } from "./inbound.ts";

export async function answerInvite(
  ctx: MatrixContext,
  roomId: string,
  inviteState: readonly RawEvent[],
): Promise<void> {
  const { config, logger } = ctx;
  const invite = inviteState.find(
    (event) =>
      event.type === "m.room.member" &&
      event.state_key === config.userId &&
      contentOf(event)["membership"] === "invite",
  );
  const inviter = invite?.sender ?? "";
  if (inviter !== "" && mayInvite(config, inviter)) {
    const joined = await ctx.api().post(path("/rooms/$room/join", roomId), {});
    if (joined.ok) logger.info("matrix: accepted an invite", { roomId, inviter });
    else
      logger.error("matrix: could not join after an invite", {
        roomId,
        inviter,
        code: joined.error.code,
        message: joined.error.message,
      });
    return;
  }
  const left = await ctx.api().post(path("/rooms/$room/leave", roomId), {});
  logger.warn("matrix: refused an invite from a user not in matrix.allowedInviters", {
    roomId,
    inviter,
    ...(left.ok ? {} : { code: left.error.code }),
  });
}
