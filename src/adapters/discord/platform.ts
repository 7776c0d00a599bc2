// DiscordPlatform: Parley's ChatPlatform on the real discord.js v14 client, a thin facade over the
// adapter's parts (gateway, intake, interactions, deliveries, audiences, floor). It translates
// gateway events into InboundEvents and Deliveries into REST calls; it holds no workshop logic.
import type {
  Capabilities,
  ChatPlatform,
  CursorStore,
  Delivery,
  DeliveryResult,
  InboundSink,
  Logger,
} from "../../bot/ports.ts";
import { Audiences } from "./audiences/index.ts";
import type { FlowChoice } from "./commands.ts";
import type { DiscordConfig } from "./config.ts";
import { DiscordContext } from "./context.ts";
import { Deliveries } from "./deliver.ts";
import { forRoom } from "../shared/room-context.ts";
import { Floor, type FacilitatorsOf } from "./floor/enforce.ts";
import { connect, forgetCachedUser } from "./gateway.ts";
import { forgetInControls } from "./ids.ts";
import { Inbound } from "./inbound.ts";
import { Intake } from "./intake.ts";
import { onInteraction } from "./interactions/index.ts";
import type { InteractionDeps } from "./interactions/deps.ts";
import { Replies } from "./replies.ts";
import { maxContentLength } from "./text.ts";
import { err } from "../../result.ts";

export interface DiscordPlatformDeps {
  readonly cursors: CursorStore;
  readonly logger: Logger;
  /** The flows `/parley start flow:` offers (ids and titles; the composition root reads the flow library). */
  readonly flowChoices?: () => Promise<readonly FlowChoice[]>;
  /**
   * The room's configured facilitators (user ids and role ids from the `rooms` section): they keep
   * their voice, and so their slash commands, under a strict floor without any role setup.
   */
  readonly facilitatorsOf?: FacilitatorsOf;
}

export class DiscordPlatform implements ChatPlatform {
  readonly name = "discord";
  readonly capabilities: Capabilities;
  private static readonly baseCapabilities = {
    buttons: true,
    modals: true,
    directMessages: true,
    threads: true,
    strictFloor: true,
    // A button press is an interaction answered ephemerally: nobody else sees the choice.
    privateAnswersInRoom: true,
    maxMessageLength: maxContentLength,
    // Every command is a subcommand of `/parley` (participants) or `/facilitate` (facilitators);
    // the defaults of commandName and facilitateCommandName.
    commandPrefix: "/parley ",
    facilitatorCommandPrefix: "/facilitate ",
  } as const;

  private readonly ctx: DiscordContext;
  private readonly token: string;
  private readonly inbound: Inbound;
  private readonly intake: Intake;
  private readonly replies: Replies;
  private readonly audiences: Audiences;
  private readonly floor: Floor;
  private readonly deliveries: Deliveries;
  private readonly interactionDeps: InteractionDeps;

  constructor(config: DiscordConfig, token: string, deps: DiscordPlatformDeps) {
    this.capabilities = {
      ...DiscordPlatform.baseCapabilities,
      liveCards: config.liveCards,
      // The facilitators' private thread is one place they all read: a notice is posted there once,
      // in each of their languages (should the thread be refused, each DM carries every block).
      facilitatorsTogether: config.facilitators === "thread",
    };
    this.ctx = new DiscordContext(config, deps.cursors, deps.logger);
    this.token = token;
    this.inbound = new Inbound(this.ctx);
    this.intake = new Intake(this.ctx, this.inbound);
    this.replies = new Replies(this.ctx);
    this.audiences = new Audiences(this.ctx, this.replies);
    this.floor = new Floor(this.ctx, deps.facilitatorsOf ?? (() => ({ users: [], roles: [] })));
    this.deliveries = new Deliveries(this.ctx, this.audiences, this.floor, this.replies);
    this.interactionDeps = {
      ctx: this.ctx,
      inbound: this.inbound,
      replies: this.replies,
      flowChoices: deps.flowChoices ?? (() => Promise.resolve(config.flows.map((id) => ({ id, title: id })))),
    };
  }

  async start(sink: InboundSink): Promise<void> {
    if (this.ctx.client) throw new Error("DiscordPlatform already started");
    this.inbound.sink = sink;
    this.ctx.accepting = true;
    let client;
    try {
      client = await connect(this.ctx, this.token, {
        onGuildCreate: (d) => {
          this.intake.onGuildCreate(d);
        },
        onMessage: (m) => {
          this.intake.onMessage(m);
        },
        onInteraction: (i) => onInteraction(this.interactionDeps, i),
      });
    } catch (e) {
      this.ctx.accepting = false;
      throw e;
    }
    await this.intake.caughtUp();
    this.ctx.logger.info("discord ready", { user: client.user?.id, guild: this.ctx.config.guildId });
  }

  async stop(): Promise<void> {
    this.ctx.accepting = false;
    await this.ctx.inFlight.settled();
    const client = this.ctx.client;
    this.ctx.client = null;
    this.inbound.sink = null;
    if (client) await client.destroy();
  }

  deliver(delivery: Delivery): Promise<DeliveryResult> {
    if (!this.ctx.client)
      return Promise.resolve(
        err({ code: "unavailable", message: "Discord is not connected", retryAfterMs: 1000 }),
      );
    // Its requests take their turn under the global limit as this room's.
    return forRoom(delivery.roomId, () => this.deliveries.deliver(delivery));
  }

  retract(roomId: string, messageId: string): Promise<DeliveryResult> {
    if (!this.ctx.client)
      return Promise.resolve(
        err({ code: "unavailable", message: "Discord is not connected", retryAfterMs: 1000 }),
      );
    return forRoom(roomId, () => this.deliveries.retract(roomId, messageId));
  }

  /**
   * Drops what the adapter keeps about a forgotten user: pending interactions, facilitator-thread
   * membership, delivery keys, their saved floor overwrite (put back as it was), stored controls
   * that name them, and what discord.js caches of them (user, member, DM channel, messages).
   */
  async forgetUser(userId: string): Promise<void> {
    this.replies.forget(userId);
    this.audiences.forget(userId);
    this.deliveries.forget(userId);
    await this.deliveries.forgetTexts();
    await this.floor.forget(userId);
    await forgetInControls(this.ctx.cursors, userId);
    if (this.ctx.client) forgetCachedUser(this.ctx.client, this.ctx.config.guildId, userId);
  }
}
