// What every part of the Discord adapter shares: its configuration, cursor store and logger, the
// connected discord.js client, the work in flight, and which channels are workshop channels.
import { ChannelType, type Client, type TextChannel } from "discord.js";
import type { CursorStore, Logger } from "../../bot/ports.ts";
import { InFlight } from "../shared/in-flight.ts";
import type { DiscordConfig } from "./config.ts";
import { labelLocale, type LabelLocale } from "./labels.ts";

/** discord.js defaults for every message: nothing a participant wrote may ping anyone. */
export const noMentions = { parse: [], repliedUser: false } as const;

export class DiscordContext {
  /** Set while connected (from just before login until stop). */
  client: Client | null = null;
  /** False before start and after stop: events arriving then are ignored. */
  accepting = false;
  readonly inFlight = new InFlight();

  readonly config: DiscordConfig;
  readonly cursors: CursorStore;
  readonly logger: Logger;

  constructor(config: DiscordConfig, cursors: CursorStore, logger: Logger) {
    this.config = config;
    this.cursors = cursors;
    this.logger = logger;
  }

  mustClient(): Client {
    if (!this.client) throw new Error("DiscordPlatform is not started");
    return this.client;
  }

  isWorkshopChannel(channelId: string): boolean {
    if (this.config.channels.length > 0) return this.config.channels.includes(channelId);
    const ch = this.client?.channels.cache.get(channelId);
    return ch?.type === ChannelType.GuildText && ch.guildId === this.config.guildId;
  }

  /** The configured workshop channels, or every text channel of the guild the client knows. */
  workshopChannelIds(): string[] {
    if (this.config.channels.length > 0) return [...this.config.channels];
    return [...(this.client?.channels.cache.values() ?? [])]
      .filter((ch) => ch.type === ChannelType.GuildText && ch.guildId === this.config.guildId)
      .map((ch) => ch.id);
  }

  async textChannel(channelId: string): Promise<TextChannel | null> {
    // A restarted bot may deliver what it owes before the gateway has sent the guild: the channel
    // is then still one of the guild's (its REST answer says so), not "no text channel".
    const ch = await this.mustClient().channels.fetch(channelId, { allowUnknownGuild: true });
    return ch?.type === ChannelType.GuildText ? ch : null;
  }

  /** The label locale for an interaction's user (their Discord locale, else the adapter's). */
  localeOf(i: { locale: string }): LabelLocale {
    return labelLocale(i.locale, this.config.locale);
  }
}
