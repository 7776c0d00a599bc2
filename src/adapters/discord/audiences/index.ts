// Routing a delivery's parts to its audience: the channel, one user privately, or the facilitators
// privately (by the configured strategy). The runtime decides the audience; nothing here widens it.
import type { Delivery, DeliveryFile } from "../../../bot/ports.ts";
import type { DiscordContext } from "../context.ts";
import { postParts, type Parcel, type Rows, type Sent } from "../post.ts";
import type { Replies } from "../replies.ts";
import type { FacilitatorsAudience } from "./facilitators.ts";
import { FacilitatorsByDm } from "./facilitators-dm.ts";
import { FacilitatorsInThread } from "./facilitators-thread.ts";
import { UserAudience } from "./user.ts";
import { err, ok } from "../../../result.ts";

export class Audiences {
  private readonly user: UserAudience;
  private readonly facilitators: FacilitatorsAudience;
  private readonly ctx: DiscordContext;

  constructor(ctx: DiscordContext, replies: Replies) {
    this.ctx = ctx;
    this.user = new UserAudience(ctx, replies);
    const byDm = new FacilitatorsByDm(this.user);
    this.facilitators = ctx.config.facilitators === "thread" ? new FacilitatorsInThread(ctx, byDm) : byDm;
  }

  /** Sends the parts to the delivery's audience; components and files go with the last part. */
  async send(
    d: Delivery,
    parts: readonly string[],
    rows: Rows,
    files: readonly DeliveryFile[] = [],
    onDirect?: Parcel["onDirect"],
  ): Promise<Sent> {
    if (parts.length === 0 && rows.length === 0 && files.length === 0) return ok([]);
    const parcel: Parcel = {
      key: d.idempotencyKey,
      contents: parts.length > 0 ? parts : [""],
      rows,
      files,
      ...(onDirect === undefined ? {} : { onDirect }),
    };
    switch (d.audience.to) {
      case "room": {
        const channel = await this.ctx.textChannel(d.roomId);
        if (!channel) return err({ code: "not_found", message: `No text channel ${d.roomId}` });
        return ok(await postParts(channel, parcel));
      }
      case "user":
        return this.user.send(d.roomId, d.audience.userId, parcel);
      case "facilitators":
        return this.facilitators.send(d.roomId, d.audience.userIds, parcel);
    }
  }

  forget(userId: string): void {
    this.facilitators.forget(userId);
  }
}
