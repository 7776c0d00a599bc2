// Channel messages → message events: one at a time per channel, in order, each once. After a gap
// (first start, or a new gateway session) what was posted meanwhile is fetched through REST before
// any live message of that channel; the last handled message id is kept as a cursor.
import { ChannelType, type GuildMember, type Message } from "discord.js";
import { errorMessage } from "../shared/errors.ts";
import { SerialQueues } from "../shared/serial-queues.ts";
import type { DiscordContext } from "./context.ts";
import type { Inbound } from "./inbound.ts";

const lastKey = (channelId: string): string => `last:${channelId}`;

export class Intake {
  private readonly queues = new SerialQueues();
  private readonly lastSeen = new Map<string, bigint>();
  /** Channels whose cursor must not advance (an event failed to become durable; caught up after restart). */
  private readonly stalled = new Set<string>();
  /** Catch-up runs queued for the current gateway session (awaited by start). */
  private catchUps: Promise<void>[] = [];

  private readonly ctx: DiscordContext;
  private readonly inbound: Inbound;

  constructor(ctx: DiscordContext, inbound: Inbound) {
    this.ctx = ctx;
    this.inbound = inbound;
  }

  /** Resolves once the catch-up of the current gateway session is done. */
  async caughtUp(): Promise<void> {
    await Promise.all(this.catchUps);
  }

  /** A new gateway session opens with GUILD_CREATE (a resumed one replays instead and needs none). */
  onGuildCreate(d: unknown): void {
    if (!this.ctx.accepting || typeof d !== "object" || d === null) return;
    const guild = d as { id?: unknown; channels?: unknown };
    const config = this.ctx.config;
    if (guild.id !== config.guildId) return;
    const listed = Array.isArray(guild.channels)
      ? (guild.channels as { id?: unknown; type?: unknown }[])
      : [];
    const channels =
      config.channels.length > 0
        ? config.channels
        : listed
            .filter((c) => c.type === ChannelType.GuildText && typeof c.id === "string")
            .map((c) => String(c.id));
    this.catchUps = channels.map((channelId) =>
      this.enqueue(channelId, () => this.catchUpChannel(channelId)),
    );
  }

  onMessage(message: Message): void {
    if (!this.ctx.accepting || !this.ctx.isWorkshopChannel(message.channelId)) return;
    void this.enqueue(message.channelId, () => this.handleMessage(message));
  }

  private enqueue(channelId: string, task: () => Promise<void>): Promise<void> {
    const run = this.queues.run(channelId, task).catch((e: unknown) => {
      this.ctx.logger.error("discord message handling failed", {
        channel: channelId,
        error: errorMessage(e),
      });
    });
    return this.ctx.inFlight.track(run);
  }

  /** Fetches what was posted while no gateway session was live, after the last processed message. */
  private async catchUpChannel(channelId: string): Promise<void> {
    const known =
      this.lastSeen.get(channelId)?.toString() ??
      (await this.ctx.cursors.getCursor("discord", lastKey(channelId)));
    if (known === undefined) return;
    if (!this.lastSeen.has(channelId)) this.lastSeen.set(channelId, BigInt(known));
    let after: string = known;
    const channel = await this.ctx.mustClient().channels.fetch(channelId);
    if (channel?.type !== ChannelType.GuildText) return;
    let count = 0;
    for (;;) {
      const batch = await channel.messages.fetch({ after, limit: 100, cache: false });
      const sorted: Message[] = [...batch.values()].sort((a, b) => compareIds(a.id, b.id));
      for (const m of sorted) await this.handleMessage(m);
      count += sorted.length;
      const last = sorted.at(-1);
      if (!last || batch.size < 100) break;
      after = last.id;
    }
    this.ctx.logger.info("discord catch-up done", { channel: channelId, messages: count });
  }

  private async handleMessage(message: Message): Promise<void> {
    const channelId = message.channelId;
    const id = BigInt(message.id);
    const last = this.lastSeen.get(channelId);
    if (last !== undefined && id <= last) return;
    if (message.author.bot || message.system || message.webhookId !== null || message.content.trim() === "") {
      this.lastSeen.set(channelId, id);
      return;
    }
    let member: GuildMember | null = message.member;
    if (!member && message.guild) {
      member = await message.guild.members.fetch(message.author.id).catch(() => null);
    }
    const ok = await this.inbound.emit({
      eventId: message.id,
      roomId: channelId,
      at: message.createdTimestamp,
      sender: this.inbound.senderOf(
        message.author.id,
        member?.displayName ?? message.author.displayName,
        undefined,
        member,
      ),
      body: { kind: "message", text: message.content },
    });
    this.lastSeen.set(channelId, id);
    if (!ok) this.stalled.add(channelId);
    if (!this.stalled.has(channelId))
      await this.ctx.cursors.setCursor("discord", lastKey(channelId), message.id);
  }
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
