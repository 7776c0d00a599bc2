// Building InboundEvents (who sent it, with which roles) and handing them to the runtime, with a
// few retries; every intake path (channel messages, interactions) goes through here.
import type { AutocompleteInteraction, GuildMember, RepliableInteraction } from "discord.js";
import type { InboundEvent, InboundSink, Sender } from "../../bot/ports.ts";
import { errorMessage } from "../shared/errors.ts";
import { sleep } from "../shared/sleep.ts";
import type { DiscordContext } from "./context.ts";

type EventBody = InboundEvent extends infer E
  ? E extends unknown
    ? Omit<E, "platform" | "eventId" | "roomId" | "at" | "sender">
    : never
  : never;

export interface EventParts {
  readonly eventId: string;
  readonly roomId: string;
  readonly at: number;
  readonly sender: Sender;
  readonly body: EventBody;
}

export class Inbound {
  sink: InboundSink | null = null;

  private readonly ctx: DiscordContext;

  constructor(ctx: DiscordContext) {
    this.ctx = ctx;
  }

  /** Hands an event to the runtime; false when it could not be made durable (logged). */
  async emit(e: EventParts): Promise<boolean> {
    const sink = this.sink;
    if (!sink) return false;
    const event = {
      platform: "discord",
      eventId: e.eventId,
      roomId: e.roomId,
      at: e.at,
      sender: e.sender,
      ...e.body,
    } as InboundEvent;
    for (let attempt = 1; ; attempt++) {
      try {
        await sink(event);
        return true;
      } catch (err) {
        if (attempt >= 3) {
          this.ctx.logger.error("runtime did not accept a discord event", {
            eventId: e.eventId,
            error: errorMessage(err),
          });
          return false;
        }
        await sleep(200 * attempt);
      }
    }
  }

  senderOf(
    userId: string,
    displayName: string,
    locale: string | undefined,
    member: GuildMember | { roles: string[] } | null,
  ): Sender {
    const roles = member ? (Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]) : [];
    return {
      userId,
      displayName,
      ...(locale !== undefined ? { locale } : {}),
      // @everyone (the guild's own id) is no group.
      roles: roles.filter((r) => r !== this.ctx.config.guildId),
    };
  }

  interactionSender(i: RepliableInteraction | AutocompleteInteraction): Sender {
    const m = i.member;
    const display =
      m && "displayName" in m ? m.displayName : (m?.nick ?? i.user.globalName ?? i.user.username);
    const member = m ? (Array.isArray(m.roles) ? { roles: m.roles } : (m as GuildMember)) : null;
    return this.senderOf(i.user.id, display, i.locale, member);
  }
}
