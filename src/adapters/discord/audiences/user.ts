// One user, privately: an ephemeral answer in their interaction while it is at hand, else a direct
// message. It never falls back to the channel: a closed DM is a `dm_closed` failure.
import { DiscordAPIError } from "discord.js";
import { errorMessage } from "../../shared/errors.ts";
import type { DiscordContext } from "../context.ts";
import { postParts, type Parcel, type Sent } from "../post.ts";
import type { Replies } from "../replies.ts";
import { err, ok } from "../../../result.ts";

export class UserAudience {
  private readonly ctx: DiscordContext;
  private readonly replies: Replies;

  constructor(ctx: DiscordContext, replies: Replies) {
    this.ctx = ctx;
    this.replies = replies;
  }

  /** `roomId` names the workshop room whose interactions may carry the answer. */
  async send(roomId: string, userId: string, parcel: Parcel): Promise<Sent> {
    const p = this.replies.atHand(roomId, userId);
    if (p) {
      try {
        return ok(await this.replies.answer(p, parcel));
      } catch (e) {
        this.ctx.logger.warn("ephemeral reply failed; sending a direct message", { error: errorMessage(e) });
        this.replies.drop(roomId, userId);
      }
    }
    try {
      const user = await this.ctx.mustClient().users.fetch(userId);
      const dm = await user.createDM();
      const ids = await postParts(dm, parcel);
      await parcel.onDirect?.(dm.id, ids);
      return ok(ids);
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === 50007) {
        return err({ code: "dm_closed", message: "The user does not accept direct messages from the bot" });
      }
      throw e;
    }
  }
}
