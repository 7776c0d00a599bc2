// Strict turn-taking on a channel: read the overwrites → plan (plan.ts) → save the originals →
// apply. One floor change at a time per channel. A floor Discord refuses half-way is rolled back
// so that a channel is never left locked.
import { PermissionFlagsBits, Routes, type TextChannel } from "discord.js";
import type { DeliveryResult } from "../../../bot/ports.ts";
import { errorMessage } from "../../shared/errors.ts";
import { SerialQueues } from "../../shared/serial-queues.ts";
import type { DiscordContext } from "../context.ts";
import { toFailure } from "../failures.ts";
import { ensureTimeoutCard } from "../timeout-card.ts";
import {
  parseSavedFloor,
  planFloor,
  restoreStep,
  withoutOverwrite,
  type Overwrite,
  type OverwriteWrite,
  type SavedFloor,
} from "./plan.ts";
import { err, ok } from "../../../result.ts";

/** The room's configured facilitators (user and role ids). */
export type FacilitatorsOf = (channelId: string) => {
  readonly users: readonly string[];
  readonly roles: readonly string[];
};

const stateKey = (roomId: string): string => `floor:${roomId}`;

export class Floor {
  private readonly queues = new SerialQueues();

  private readonly ctx: DiscordContext;
  private readonly facilitatorsOf: FacilitatorsOf;

  constructor(ctx: DiscordContext, facilitatorsOf: FacilitatorsOf) {
    this.ctx = ctx;
    this.facilitatorsOf = facilitatorsOf;
  }

  set(roomId: string, holders: readonly string[] | "everyone"): Promise<DeliveryResult> {
    return this.queues.run(roomId, () => this.apply(roomId, holders));
  }

  /**
   * Forget-me: a forgotten user's own overwrite is put back as it was and leaves the saved state,
   * in every workshop channel. A refused restore is logged; the saved state forgets them anyway.
   */
  async forget(userId: string): Promise<void> {
    for (const roomId of this.ctx.workshopChannelIds()) {
      await this.queues.run(roomId, async () => {
        const saved = await this.load(roomId);
        if (!(userId in saved.touched)) return;
        try {
          const step = restoreStep(userId, saved, await this.readOverwrites(roomId));
          if (step.write) await this.write(roomId, step.write);
        } catch (e) {
          this.ctx.logger.warn("could not restore a forgotten member's overwrite", {
            room: roomId,
            error: errorMessage(e),
          });
        }
        await this.save(roomId, withoutOverwrite(saved, userId));
      });
    }
  }

  private async apply(roomId: string, holders: readonly string[] | "everyone"): Promise<DeliveryResult> {
    const channel = await this.ctx.textChannel(roomId);
    if (!channel) return err({ code: "not_found", message: `No text channel ${roomId}` });
    const me = channel.guild.members.me;
    if (!me || !channel.permissionsFor(me).has(PermissionFlagsBits.ManageRoles)) {
      return err({
        code: "missing_permission",
        message: `The bot needs the Manage Permissions (Manage Roles) permission in #${channel.name} for strict turn-taking.`,
      });
    }
    if (holders === "everyone") return this.enforce(channel, me.id, holders);
    await ensureTimeoutCard(this.ctx, channel);
    try {
      return await this.enforce(channel, me.id, holders);
    } catch (e) {
      // Discord refused part of the restriction (say, re-putting an overwrite that carries a
      // permission the bot does not hold). A half-applied floor could lock the room for good: the
      // runtime falls back to soft turn-taking and sends no further floor. So the room is opened.
      const failure = toFailure(e);
      try {
        await this.enforce(channel, me.id, "everyone");
      } catch (reopen) {
        this.ctx.logger.error("could not reopen the channel after a refused floor", {
          room: roomId,
          error: errorMessage(reopen),
        });
      }
      return err(failure);
    }
  }

  private async enforce(
    channel: TextChannel,
    botId: string,
    holders: readonly string[] | "everyone",
  ): Promise<DeliveryResult> {
    const roomId = channel.id;
    const plan = planFloor({
      // Read afresh: the gateway's copy may lag behind our own writes (e.g. a refused floor rolled back at once).
      current: await this.readOverwrites(roomId),
      saved: await this.load(roomId),
      holders,
      botId,
      everyoneId: channel.guild.id,
      facilitators: this.facilitatorsOf(roomId),
      exemptRoles: this.ctx.config.floorExemptRoles,
    });
    // Remember originals before changing anything.
    if (plan.savedChanged) await this.save(roomId, plan.saved);
    for (const w of plan.apply) await this.write(roomId, w);
    // Restore what is no longer wanted (former holders; everything when the floor opens).
    let saved = plan.saved;
    for (const step of plan.restore) {
      // A step without a write never changed (a refused write): putting it back could be refused too.
      if (step.write) await this.write(roomId, step.write);
      saved = withoutOverwrite(saved, step.id);
      await this.save(roomId, saved);
    }
    return ok();
  }

  private async write(roomId: string, w: OverwriteWrite): Promise<void> {
    const rest = this.ctx.mustClient().rest;
    if (w.op === "delete") await rest.delete(Routes.channelPermission(roomId, w.id));
    else
      await rest.put(Routes.channelPermission(roomId, w.id), {
        body: { type: w.type, allow: w.allow.toString(), deny: w.deny.toString() },
      });
  }

  private async load(roomId: string): Promise<SavedFloor> {
    return parseSavedFloor(await this.ctx.cursors.getCursor("discord", stateKey(roomId)));
  }

  private async save(roomId: string, saved: SavedFloor): Promise<void> {
    await this.ctx.cursors.setCursor("discord", stateKey(roomId), JSON.stringify(saved));
  }

  private async readOverwrites(channelId: string): Promise<Map<string, Overwrite>> {
    const raw = (await this.ctx.mustClient().rest.get(Routes.channel(channelId))) as {
      permission_overwrites?: { id: string; allow: string; deny: string }[];
    };
    return new Map(
      (raw.permission_overwrites ?? []).map((o) => [o.id, { allow: BigInt(o.allow), deny: BigInt(o.deny) }]),
    );
  }
}
