// The gateway connection: builds the discord.js client, wires its events to intake and
// interactions, logs in (the token never appears in an error), and registers the slash commands.
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  Routes,
  type Interaction,
  type Message,
} from "discord.js";
import { errorMessage } from "../shared/errors.ts";
import { slashCommands } from "./commands.ts";
import { offeredGroups } from "./config.ts";
import { noMentions, type DiscordContext } from "./context.ts";
import { DirectChannelWarmer, discordGlobal, fairRestOptions, FairWindow } from "./egress.ts";

export interface GatewayHandlers {
  /** A new gateway session's GUILD_CREATE (raw packet data). */
  onGuildCreate(d: unknown): void;
  onMessage(m: Message): void;
  onInteraction(i: Interaction): Promise<void>;
}

/** Connects and resolves once the client is ready and the commands are registered; sets ctx.client. */
export async function connect(
  ctx: DiscordContext,
  token: string,
  handlers: GatewayHandlers,
): Promise<Client> {
  const { config, logger } = ctx;
  const maxWait = config.maxRateLimitWaitMs;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    allowedMentions: noMentions,
    enforceNonce: true,
    rest: {
      ...(config.restApi !== undefined ? { api: config.restApi } : {}),
      // The global limit, shared round-robin between rooms (egress.ts).
      ...fairRestOptions(new FairWindow(discordGlobal)),
      // Short limits are waited out by discord.js; long ones come back as `rate_limited`.
      rejectOnRateLimit: (info) => info.retryAfter > maxWait,
    },
  });
  // Set before login: the first GUILD_CREATE already starts catch-up, which needs the client.
  ctx.client = client;
  // Each new gateway session (first start, or a re-identify after an invalid session) opens with
  // GUILD_CREATE; messages posted while no session was live are fetched through REST before any
  // live message of that channel is handled. A resumed session replays instead and needs none.
  client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
    if (packet.t === "GUILD_CREATE") handlers.onGuildCreate(packet.d);
  });
  client.on(Events.MessageCreate, (m) => {
    handlers.onMessage(m);
  });
  const warmer = new DirectChannelWarmer(logger);
  client.on(Events.InteractionCreate, (i) => {
    void ctx.inFlight.track(handlers.onInteraction(i));
    if (i.channelId !== null && ctx.isWorkshopChannel(i.channelId)) warmer.warm(i.user);
  });
  client.on(Events.Error, (e) => {
    logger.error("discord client error", { error: e.message });
  });
  client.on(Events.ShardDisconnect, (_e, shard) => {
    logger.warn("discord gateway disconnected", { shard });
  });
  client.on(Events.ShardResume, (shard, replayed) => {
    logger.info("discord gateway resumed", { shard, replayed });
  });
  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, () => {
      resolve();
    });
  });
  try {
    await client.login(token);
  } catch (e) {
    ctx.client = null;
    await client.destroy();
    // The token is never part of the message.
    throw new Error(
      `Discord login failed: ${e instanceof Error ? e.message.replaceAll(token, "[token]") : "unknown error"}`,
      { cause: e },
    );
  }
  await ready;
  const appId = client.application?.id;
  if (config.applicationId !== undefined && appId !== config.applicationId) {
    logger.warn("DISCORD_TOKEN belongs to another application than discord.applicationId", {
      configured: config.applicationId,
      actual: appId,
    });
  }
  if (appId !== undefined) await registerCommands(ctx, client, appId);
  return client;
}

async function registerCommands(ctx: DiscordContext, client: Client, appId: string): Promise<void> {
  try {
    await client.rest.put(Routes.applicationGuildCommands(appId, ctx.config.guildId), {
      body: slashCommands(
        { participant: ctx.config.commandName, facilitator: ctx.config.facilitateCommandName },
        offeredGroups(ctx.config),
      ),
    });
  } catch (e) {
    ctx.logger.error("could not register the slash commands", { error: errorMessage(e) });
  }
}

/** Forget-me: the client's caches keep nothing of the user (their user, member, DM channel, messages). */
export function forgetCachedUser(client: Client, guildId: string, userId: string): void {
  for (const ch of client.channels.cache.values()) {
    if (ch.type === ChannelType.DM && ch.recipientId === userId) client.channels.cache.delete(ch.id);
    else if (ch.isTextBased()) ch.messages.cache.sweep((m) => m.author.id === userId);
  }
  client.users.cache.delete(userId);
  client.guilds.cache.get(guildId)?.members.cache.delete(userId);
}
