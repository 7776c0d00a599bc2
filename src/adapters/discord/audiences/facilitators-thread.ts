// Facilitators in one private thread under the workshop channel, which the bot creates once (its
// id is a cursor) and adds them to. Without the thread permissions it falls back to direct messages.
import {
  ChannelType,
  DiscordAPIError,
  ThreadAutoArchiveDuration,
  type PrivateThreadChannel,
} from "discord.js";
import type { DiscordContext } from "../context.ts";
import { isPermissionCode } from "../failures.ts";
import { label } from "../labels.ts";
import { postParts, type Parcel, type Sent } from "../post.ts";
import type { FacilitatorsAudience } from "./facilitators.ts";
import { ok } from "../../../result.ts";

export class FacilitatorsInThread implements FacilitatorsAudience {
  /** Thread id → user ids already added (adding again is harmless but costs a request). */
  private readonly members = new Map<string, Set<string>>();

  private readonly ctx: DiscordContext;
  private readonly fallback: FacilitatorsAudience;

  constructor(ctx: DiscordContext, fallback: FacilitatorsAudience) {
    this.ctx = ctx;
    this.fallback = fallback;
  }

  async send(roomId: string, userIds: readonly string[], parcel: Parcel): Promise<Sent> {
    try {
      const thread = await this.thread(roomId, userIds);
      if (thread) return ok(await postParts(thread, parcel));
    } catch (e) {
      if (!(e instanceof DiscordAPIError) || !isPermissionCode(e.code)) throw e;
      this.ctx.logger.warn("no private facilitators' thread (missing permission); using direct messages", {
        room: roomId,
      });
    }
    return this.fallback.send(roomId, userIds, parcel);
  }

  forget(userId: string): void {
    for (const members of this.members.values()) members.delete(userId);
    this.fallback.forget(userId);
  }

  private async thread(roomId: string, userIds: readonly string[]): Promise<PrivateThreadChannel | null> {
    const cursorKey = `facilitators-thread:${roomId}`;
    const known = await this.ctx.cursors.getCursor("discord", cursorKey);
    let thread: PrivateThreadChannel | null = null;
    if (known !== undefined) {
      const ch = await this.ctx
        .mustClient()
        .channels.fetch(known)
        .catch(() => null);
      if (ch?.type === ChannelType.PrivateThread) thread = ch;
    }
    if (!thread) {
      const parent = await this.ctx.textChannel(roomId);
      if (!parent) return null;
      const created = await parent.threads.create({
        name: label("facilitators", this.ctx.config.locale),
        type: ChannelType.PrivateThread,
        invitable: false,
        autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek,
      });
      if (created.type !== ChannelType.PrivateThread) return null;
      thread = created;
      await this.ctx.cursors.setCursor("discord", cursorKey, created.id);
    }
    const members = this.members.get(thread.id) ?? new Set<string>();
    this.members.set(thread.id, members);
    for (const userId of userIds) {
      if (members.has(userId)) continue;
      await thread.members.add(userId);
      members.add(userId);
    }
    return thread;
  }
}
