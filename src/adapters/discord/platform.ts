// DiscordPlatform: Parley's ChatPlatform on the real discord.js v14 client. It translates gateway
// events into InboundEvents and Deliveries into REST calls; it holds no workshop logic.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  RateLimitError,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  ThreadAutoArchiveDuration,
  LabelBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildMember,
  type Interaction,
  type Message,
  type MessageCreateOptions,
  type MessageActionRowComponentBuilder,
  type ModalSubmitInteraction,
  type PrivateThreadChannel,
  type RepliableInteraction,
  type StringSelectMenuInteraction,
  type TextChannel,
} from "discord.js";
import type {
  ChatPlatform,
  CursorStore,
  Delivery,
  DeliveryOption,
  DeliveryResult,
  InboundEvent,
  InboundSink,
  Logger,
  PlatformFailure,
  Sender,
} from "../../bot/ports.ts";
import { autocompleteChoices, commandFromInteraction, slashCommands, type FlowChoice } from "./commands.ts";
import { offeredGroups, type DiscordConfig } from "./config.ts";
import { decodeControl, decodeOptionValue, encodeControl, encodeOptionValue } from "./ids.ts";
import { label, labelLocale, type LabelLocale } from "./labels.ts";
import { maxContentLength, nonceFor, relativeTimestamp, renderSegments } from "./text.ts";

const noMentions = { parse: [], repliedUser: false } as const;
/**
 * A private answer goes into the user's interaction (ephemeral) only shortly after it; later ones
 * (e.g. "your turn" minutes afterwards) go to a DM, which the user can still find later.
 * Interaction tokens themselves live 15 minutes.
 */
const interactionAtHandMs = 60_000;

type Rows = ActionRowBuilder<MessageActionRowComponentBuilder>[];

interface PendingReply {
  readonly interaction: RepliableInteraction;
  /** deferred: an ephemeral "thinking…" reply awaits its content; open: follow-ups only. */
  state: "deferred" | "open";
  readonly createdAt: number;
  chain: Promise<void>;
}

interface FloorState {
  /** Overwrites Parley changed, with what they were before (null: there was none). */
  touched: Record<string, { type: 0 | 1; original: { allow: string; deny: string } | null }>;
}

export interface DiscordPlatformDeps {
  readonly cursors: CursorStore;
  readonly logger: Logger;
  /** The flows `/parley start flow:` offers (ids and titles; the composition root reads the flow library). */
  readonly flowChoices?: () => Promise<readonly FlowChoice[]>;
  /**
   * The room's configured facilitators (user ids and role ids from the `rooms` section): they keep
   * their voice, and so their slash commands, under a strict floor without any role setup.
   */
  readonly facilitatorsOf?: (channelId: string) => {
    readonly users: readonly string[];
    readonly roles: readonly string[];
  };
}

type EventBody = InboundEvent extends infer E
  ? E extends unknown
    ? Omit<E, "platform" | "eventId" | "roomId" | "at" | "sender">
    : never
  : never;

export class DiscordPlatform implements ChatPlatform {
  readonly name = "discord";
  readonly capabilities = {
    buttons: true,
    modals: true,
    directMessages: true,
    threads: true,
    strictFloor: true,
    // A button press is an interaction answered ephemerally: nobody else sees the choice.
    privateAnswersInRoom: true,
    maxMessageLength: maxContentLength,
  } as const;

  private readonly config: DiscordConfig;
  private readonly token: string;
  private readonly cursors: CursorStore;
  private readonly logger: Logger;
  private readonly flowChoices: () => Promise<readonly FlowChoice[]>;
  private readonly facilitatorsOf: NonNullable<DiscordPlatformDeps["facilitatorsOf"]>;
  private client: Client | null = null;
  private sink: InboundSink | null = null;
  private accepting = false;
  /** Catch-up runs queued for the current gateway session (awaited by start()). */
  private catchUps: Promise<void>[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly lastSeen = new Map<string, bigint>();
  /** Channels whose cursor must not advance (an event failed to become durable; caught up after restart). */
  private readonly stalled = new Set<string>();
  private readonly pending = new Map<string, PendingReply>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly threadMembers = new Map<string, Set<string>>();
  private readonly floorChains = new Map<string, Promise<unknown>>();
  private readonly delivered = new Set<string>();

  constructor(config: DiscordConfig, token: string, deps: DiscordPlatformDeps) {
    this.config = config;
    this.token = token;
    this.cursors = deps.cursors;
    this.logger = deps.logger;
    this.flowChoices =
      deps.flowChoices ?? (() => Promise.resolve(config.flows.map((id) => ({ id, title: id }))));
    this.facilitatorsOf = deps.facilitatorsOf ?? (() => ({ users: [], roles: [] }));
  }

  // ------------------------------------------------------------------ lifecycle

  async start(sink: InboundSink): Promise<void> {
    if (this.client) throw new Error("DiscordPlatform already started");
    this.sink = sink;
    const maxWait = this.config.maxRateLimitWaitMs;
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      allowedMentions: noMentions,
      enforceNonce: true,
      rest: {
        ...(this.config.restApi !== undefined ? { api: this.config.restApi } : {}),
        // Short limits are waited out by discord.js; long ones come back as `rate_limited`.
        rejectOnRateLimit: (info) => info.retryAfter > maxWait,
      },
    });
    this.client = client;
    // Each new gateway session (first start, or a re-identify after an invalid session) opens with
    // GUILD_CREATE; messages posted while no session was live are fetched through REST before any
    // live message of that channel is handled. A resumed session replays instead and needs none.
    client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
      if (packet.t === "GUILD_CREATE") this.onGuildCreate(packet.d);
    });
    client.on(Events.MessageCreate, (m) => {
      this.onMessage(m);
    });
    client.on(Events.InteractionCreate, (i) => {
      void this.track(this.onInteraction(i));
    });
    client.on(Events.Error, (e) => {
      this.logger.error("discord client error", { error: e.message });
    });
    client.on(Events.ShardDisconnect, (_e, shard) => {
      this.logger.warn("discord gateway disconnected", { shard });
    });
    client.on(Events.ShardResume, (shard, replayed) => {
      this.logger.info("discord gateway resumed", { shard, replayed });
    });
    const ready = new Promise<void>((resolve) => {
      client.once(Events.ClientReady, () => {
        resolve();
      });
    });
    this.accepting = true;
    try {
      await client.login(this.token);
    } catch (e) {
      this.accepting = false;
      this.client = null;
      await client.destroy();
      // The token is never part of the message.
      throw new Error(
        `Discord login failed: ${e instanceof Error ? e.message.replaceAll(this.token, "[token]") : "unknown error"}`,
        { cause: e },
      );
    }
    await ready;
    const appId = client.application?.id;
    if (this.config.applicationId !== undefined && appId !== this.config.applicationId) {
      this.logger.warn("DISCORD_TOKEN belongs to another application than discord.applicationId", {
        configured: this.config.applicationId,
        actual: appId,
      });
    }
    if (appId !== undefined) await this.registerCommands(appId);
    await Promise.all(this.catchUps);
    this.logger.info("discord ready", { user: client.user?.id, guild: this.config.guildId });
  }

  async stop(): Promise<void> {
    this.accepting = false;
    await Promise.allSettled([...this.inflight]);
    const client = this.client;
    this.client = null;
    this.sink = null;
    if (client) await client.destroy();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.then(
      () => this.inflight.delete(p),
      () => this.inflight.delete(p),
    );
    return p;
  }

  private mustClient(): Client {
    if (!this.client) throw new Error("DiscordPlatform is not started");
    return this.client;
  }

  private async registerCommands(appId: string): Promise<void> {
    try {
      await this.mustClient().rest.put(Routes.applicationGuildCommands(appId, this.config.guildId), {
        body: slashCommands(this.config.commandName, offeredGroups(this.config)),
      });
    } catch (e) {
      this.logger.error("could not register the slash commands", { error: describe(e) });
    }
  }

  private isWorkshopChannel(channelId: string): boolean {
    if (this.config.channels.length > 0) return this.config.channels.includes(channelId);
    const ch = this.client?.channels.cache.get(channelId);
    return ch?.type === ChannelType.GuildText && ch.guildId === this.config.guildId;
  }

  private onGuildCreate(d: unknown): void {
    if (!this.accepting || typeof d !== "object" || d === null) return;
    const guild = d as { id?: unknown; channels?: unknown };
    if (guild.id !== this.config.guildId) return;
    const listed = Array.isArray(guild.channels)
      ? (guild.channels as { id?: unknown; type?: unknown }[])
      : [];
    const channels =
      this.config.channels.length > 0
        ? this.config.channels
        : listed
            .filter((c) => c.type === ChannelType.GuildText && typeof c.id === "string")
            .map((c) => String(c.id));
    this.catchUps = channels.map((channelId) =>
      this.enqueue(channelId, () => this.catchUpChannel(channelId)),
    );
  }

  // ------------------------------------------------------------------ inbound: messages

  /** Messages are handled one at a time per channel, in order (catch-up included). */
  private enqueue(channelId: string, task: () => Promise<void>): Promise<void> {
    const prev = this.queues.get(channelId) ?? Promise.resolve();
    const next = prev.then(task).catch((e: unknown) => {
      this.logger.error("discord message handling failed", { channel: channelId, error: describe(e) });
    });
    this.queues.set(channelId, next);
    return this.track(next);
  }

  private onMessage(message: Message): void {
    if (!this.accepting || !this.isWorkshopChannel(message.channelId)) return;
    void this.enqueue(message.channelId, () => this.handleMessage(message));
  }

  /** Fetches what was posted while no gateway session was live, after the last processed message. */
  private async catchUpChannel(channelId: string): Promise<void> {
    const known =
      this.lastSeen.get(channelId)?.toString() ??
      (await this.cursors.getCursor("discord", `last:${channelId}`));
    if (known === undefined) return;
    if (!this.lastSeen.has(channelId)) this.lastSeen.set(channelId, BigInt(known));
    let after: string = known;
    const channel = await this.mustClient().channels.fetch(channelId);
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
    this.logger.info("discord catch-up done", { channel: channelId, messages: count });
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
    const ok = await this.emit({
      eventId: message.id,
      roomId: channelId,
      at: message.createdTimestamp,
      sender: this.senderOf(
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
      await this.cursors.setCursor("discord", `last:${channelId}`, message.id);
  }

  private senderOf(
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
      roles: roles.filter((r) => r !== this.config.guildId),
    };
  }

  /** Hands an event to the runtime; false when it could not be made durable (logged). */
  private async emit(e: {
    eventId: string;
    roomId: string;
    at: number;
    sender: Sender;
    body: EventBody;
  }): Promise<boolean> {
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
          this.logger.error("runtime did not accept a discord event", {
            eventId: e.eventId,
            error: describe(err),
          });
          return false;
        }
        await sleep(200 * attempt);
      }
    }
  }

  // ------------------------------------------------------------------ inbound: interactions

  private async onInteraction(i: Interaction): Promise<void> {
    if (!this.accepting) return;
    try {
      if (i.isAutocomplete()) await this.onAutocomplete(i);
      else if (i.isChatInputCommand()) {
        if (i.commandName === this.config.commandName) await this.onCommand(i);
      } else if (i.isButton()) await this.onButton(i);
      else if (i.isStringSelectMenu()) await this.onSelect(i);
      else if (i.isModalSubmit()) await this.onModal(i);
    } catch (e) {
      this.logger.error("discord interaction failed", { interaction: i.id, error: describe(e) });
    }
  }

  private interactionSender(i: RepliableInteraction | AutocompleteInteraction): Sender {
    const m = i.member;
    const display =
      m && "displayName" in m ? m.displayName : (m?.nick ?? i.user.globalName ?? i.user.username);
    const member = m ? (Array.isArray(m.roles) ? { roles: m.roles } : (m as GuildMember)) : null;
    return this.senderOf(i.user.id, display, i.locale, member);
  }

  private localeOf(i: { locale: string }): LabelLocale {
    return labelLocale(i.locale, this.config.locale);
  }

  private async onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const choices =
      focused.name === "flow" ? autocompleteChoices(await this.flowChoices(), focused.value) : [];
    await i.respond(choices);
  }

  private async onCommand(i: ChatInputCommandInteraction): Promise<void> {
    if (!this.isWorkshopChannel(i.channelId)) {
      await i.reply({
        content: label("notHere", this.localeOf(i)),
        flags: MessageFlags.Ephemeral,
        allowedMentions: noMentions,
      });
      return;
    }
    // Acknowledge first: Discord allows 3 seconds for the initial response.
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const pending = this.registerPending(i.channelId, i, "deferred");
    const { name, args } = commandFromInteraction(i);
    await this.emit({
      eventId: i.id,
      roomId: i.channelId,
      at: i.createdTimestamp,
      sender: this.interactionSender(i),
      body: { kind: "command", name, args },
    });
    await this.settleAfterGrace(pending, async () => {
      await i.deleteReply();
    });
  }

  private async onButton(i: ButtonInteraction): Promise<void> {
    const ref = await decodeControl(i.customId, this.cursors);
    if (ref?.kind === "timeout") {
      await this.onTimeoutButton(i, ref.roomId);
      return;
    }
    if (!ref || (ref.kind !== "choice" && ref.kind !== "collect")) {
      await i.reply({ content: label("expired", this.localeOf(i)), flags: MessageFlags.Ephemeral });
      return;
    }
    if (ref.kind === "collect") {
      // A modal must be the first response, so it is shown before anything else.
      const loc = this.localeOf(i);
      const modal = new ModalBuilder()
        .setCustomId(
          await encodeControl({ kind: "modal", roomId: ref.roomId, promptId: ref.promptId }, this.cursors),
        )
        .setTitle(label("write", loc).slice(0, 45));
      // The prompt the button sits under, in the runtime's words, so the modal itself says who
      // will see the answer (the adapter's own labels cannot know).
      const prompt = i.message.content.trim();
      if (prompt !== "") modal.addTextDisplayComponents((t) => t.setContent(truncate(prompt, 4000)));
      modal.addLabelComponents(
        new LabelBuilder()
          .setLabel(label("answer", loc).slice(0, 45))
          .setTextInputComponent(
            new TextInputBuilder()
              .setCustomId("text")
              .setStyle(TextInputStyle.Paragraph)
              .setRequired(true)
              .setMaxLength(4000),
          ),
      );
      await i.showModal(modal);
      return;
    }
    // No placeholder: the room message stays as it is; private answers come as ephemeral follow-ups.
    await i.deferUpdate();
    this.registerPending(ref.roomId, i, "open");
    await this.emit({
      eventId: i.id,
      roomId: ref.roomId,
      at: i.createdTimestamp,
      sender: this.interactionSender(i),
      body: { kind: "choice", promptId: ref.promptId, value: ref.value },
    });
  }

  /**
   * The time-out button: the same `timeout` command as `/parley timeout`, in one click, answered
   * ephemerally. It exists because Discord hides slash commands from whoever may not post, which
   * under a strict floor is everyone but the speaker.
   */
  private async onTimeoutButton(i: ButtonInteraction, roomId: string): Promise<void> {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const pending = this.registerPending(roomId, i, "deferred");
    const ok = await this.emit({
      eventId: i.id,
      roomId,
      at: i.createdTimestamp,
      sender: this.interactionSender(i),
      body: { kind: "command", name: "timeout", args: [] },
    });
    await this.settleAfterGrace(pending, async () => {
      await i.editReply({
        content: label(ok ? "received" : "notReceived", this.localeOf(i)),
        allowedMentions: noMentions,
      });
    });
  }

  private async onSelect(i: StringSelectMenuInteraction): Promise<void> {
    const ref = await decodeControl(i.customId, this.cursors);
    if (ref?.kind !== "select") {
      await i.reply({ content: label("expired", this.localeOf(i)), flags: MessageFlags.Ephemeral });
      return;
    }
    await i.deferUpdate();
    this.registerPending(ref.roomId, i, "open");
    const sender = this.interactionSender(i);
    for (const [n, raw] of i.values.entries()) {
      const value = await decodeOptionValue(raw, this.cursors);
      if (value === null) continue;
      await this.emit({
        eventId: i.values.length === 1 ? i.id : `${i.id}:${n}`,
        roomId: ref.roomId,
        at: i.createdTimestamp,
        sender,
        body: { kind: "choice", promptId: ref.promptId, value },
      });
    }
  }

  private async onModal(i: ModalSubmitInteraction): Promise<void> {
    const ref = await decodeControl(i.customId, this.cursors);
    if (ref?.kind !== "modal") {
      await i.reply({ content: label("expired", this.localeOf(i)), flags: MessageFlags.Ephemeral });
      return;
    }
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const pending = this.registerPending(ref.roomId, i, "deferred");
    const ok = await this.emit({
      eventId: i.id,
      roomId: ref.roomId,
      at: i.createdTimestamp,
      sender: this.interactionSender(i),
      body: { kind: "private", promptId: ref.promptId, text: i.fields.getTextInputValue("text") },
    });
    if (!ok) return;
    // The runtime's own confirmation replaces this when it comes in time.
    await this.settleAfterGrace(pending, async () => {
      await i.editReply({ content: label("received", this.localeOf(i)), allowedMentions: noMentions });
    });
  }

  private registerPending(
    roomId: string,
    i: RepliableInteraction,
    state: PendingReply["state"],
  ): PendingReply {
    const p: PendingReply = { interaction: i, state, createdAt: Date.now(), chain: Promise.resolve() };
    this.pending.set(`${roomId}:${i.user.id}`, p);
    return p;
  }

  private async settleAfterGrace(p: PendingReply, settle: () => Promise<void>): Promise<void> {
    await sleep(this.config.replyGraceMs);
    p.chain = p.chain.then(async () => {
      if (p.state !== "deferred") return;
      p.state = "open";
      await settle();
    });
    await p.chain.catch((e: unknown) => {
      this.logger.warn("could not settle an interaction reply", { error: describe(e) });
    });
  }

  // ------------------------------------------------------------------ outbound

  async deliver(delivery: Delivery): Promise<DeliveryResult> {
    if (!this.client)
      return {
        ok: false,
        failure: { code: "unavailable", message: "Discord is not connected", retryAfterMs: 1000 },
      };
    if (this.delivered.has(delivery.idempotencyKey)) return { ok: true };
    const result = await this.track(
      this.deliverNow(delivery).catch((e: unknown) => ({ ok: false as const, failure: toFailure(e) })),
    );
    if (result.ok) {
      this.delivered.add(delivery.idempotencyKey);
      if (this.delivered.size > 5000) {
        const first = this.delivered.values().next();
        if (first.done !== true) this.delivered.delete(first.value);
      }
    } else {
      this.logger.warn("discord delivery failed", {
        kind: delivery.kind,
        room: delivery.roomId,
        code: result.failure.code,
        message: result.failure.message,
      });
    }
    return result.ok ? { ok: true } : result;
  }

  private async deliverNow(d: Delivery): Promise<DeliveryResult> {
    switch (d.kind) {
      case "say":
        return this.send(d, renderSegments(d.body), []);
      case "ask": {
        const rows = await this.choiceRows(d.roomId, d.promptId, d.options, d.maxChoices);
        if (!rows.ok) return rows;
        return this.send(d, renderSegments(d.body), rows.rows);
      }
      case "collect": {
        const button = new ButtonBuilder()
          .setCustomId(
            await encodeControl({ kind: "collect", roomId: d.roomId, promptId: d.promptId }, this.cursors),
          )
          .setLabel(label("write", this.config.locale))
          .setStyle(ButtonStyle.Primary);
        return this.send(d, renderSegments(d.body), [
          new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(button),
        ]);
      }
      case "timer": {
        const parts = renderSegments(d.body);
        if (d.deadline !== null) {
          const stamp = relativeTimestamp(d.deadline);
          const last = parts.at(-1);
          if (last !== undefined && last.length + stamp.length + 1 <= maxContentLength)
            parts[parts.length - 1] = `${last} ${stamp}`;
          else parts.push(stamp);
        }
        if (parts.length === 0) return { ok: true };
        // A running countdown is a turn panel: it carries the time-out button.
        const rows = d.deadline !== null && d.audience.to === "room" ? [await this.timeoutRow(d.roomId)] : [];
        return this.send(d, parts, rows);
      }
      case "pin": {
        const sent = await this.send(d, renderSegments(d.body), []);
        if (!sent.ok || d.audience.to !== "room" || sent.messageIds.length === 0) return sent;
        const first = sent.messageIds[0] ?? "";
        await this.mustClient().rest.put(Routes.channelMessagesPin(d.roomId, first));
        return { ok: true };
      }
      case "floor":
        return this.serialFloor(d.roomId, d.holders);
    }
  }

  private async choiceRows(
    roomId: string,
    promptId: string,
    options: readonly DeliveryOption[],
    maxChoices: number,
  ): Promise<{ ok: true; rows: Rows } | { ok: false; failure: PlatformFailure }> {
    if (options.length === 0) return { ok: true, rows: [] };
    if (maxChoices <= 1 && options.length <= 25) {
      const rows: Rows = [];
      for (let r = 0; r < options.length; r += 5) {
        const row = new ActionRowBuilder<MessageActionRowComponentBuilder>();
        for (const o of options.slice(r, r + 5)) {
          row.addComponents(
            new ButtonBuilder()
              .setCustomId(
                await encodeControl({ kind: "choice", roomId, promptId, value: o.value }, this.cursors),
              )
              .setLabel(buttonLabel(o.label, 80))
              .setStyle(ButtonStyle.Secondary),
          );
        }
        rows.push(row);
      }
      return { ok: true, rows };
    }
    if (options.length > 125) {
      return {
        ok: false,
        failure: {
          code: "too_large",
          message: `Discord offers at most 125 choices (5 menus of 25); got ${options.length}`,
        },
      };
    }
    const rows: Rows = [];
    for (let m = 0; m * 25 < options.length; m++) {
      const chunk = options.slice(m * 25, m * 25 + 25);
      const menu = new StringSelectMenuBuilder()
        .setCustomId(await encodeControl({ kind: "select", roomId, promptId, menu: m }, this.cursors))
        .setPlaceholder(label("choose", this.config.locale))
        .setMinValues(1)
        .setMaxValues(Math.max(1, Math.min(maxChoices, chunk.length)));
      for (const o of chunk) {
        menu.addOptions({
          label: buttonLabel(o.label, 100),
          value: await encodeOptionValue(o.value, this.cursors),
        });
      }
      rows.push(new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(menu));
    }
    return { ok: true, rows };
  }

  /** Sends the parts to the delivery's audience; components go with the last part. */
  private async send(
    d: Delivery,
    parts: string[],
    rows: Rows,
  ): Promise<{ ok: true; messageIds: string[] } | { ok: false; failure: PlatformFailure }> {
    if (parts.length === 0 && rows.length === 0) return { ok: true, messageIds: [] };
    const contents = parts.length > 0 ? parts : [""];
    switch (d.audience.to) {
      case "room": {
        const channel = await this.textChannel(d.roomId);
        if (!channel)
          return { ok: false, failure: { code: "not_found", message: `No text channel ${d.roomId}` } };
        return { ok: true, messageIds: await this.sendParts(channel, d.idempotencyKey, contents, rows) };
      }
      case "user":
        return this.sendPrivately(d.roomId, d.audience.userId, d.idempotencyKey, contents, rows);
      case "facilitators":
        return this.sendToFacilitators(d.roomId, d.audience.userIds, d.idempotencyKey, contents, rows);
    }
  }

  private async sendParts(
    channel: { send(options: MessageCreateOptions): Promise<{ id: string }> },
    key: string,
    contents: string[],
    rows: Rows,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const [n, content] of contents.entries()) {
      const last = n === contents.length - 1;
      const m = await channel.send({
        ...(content !== "" ? { content } : {}),
        nonce: nonceFor(key, n),
        enforceNonce: true,
        allowedMentions: noMentions,
        ...(last && rows.length > 0 ? { components: rows } : {}),
      });
      ids.push(m.id);
    }
    return ids;
  }

  private async textChannel(channelId: string): Promise<TextChannel | null> {
    const ch = await this.mustClient().channels.fetch(channelId);
    return ch?.type === ChannelType.GuildText ? ch : null;
  }

  /** Ephemeral follow-up when the user's interaction is at hand, else a direct message. */
  private async sendPrivately(
    roomId: string,
    userId: string,
    key: string,
    contents: string[],
    rows: Rows,
  ): Promise<{ ok: true; messageIds: string[] } | { ok: false; failure: PlatformFailure }> {
    const p = this.pending.get(`${roomId}:${userId}`);
    if (p && Date.now() - p.createdAt < interactionAtHandMs) {
      const i = p.interaction;
      const run = p.chain.then(async () => {
        const ids: string[] = [];
        for (const [n, content] of contents.entries()) {
          const withRows = n === contents.length - 1 && rows.length > 0 ? { components: rows } : {};
          const body = { ...(content !== "" ? { content } : {}), allowedMentions: noMentions, ...withRows };
          if (p.state === "deferred") {
            p.state = "open";
            ids.push((await i.editReply(body)).id);
          } else {
            ids.push((await i.followUp({ ...body, flags: MessageFlags.Ephemeral })).id);
          }
        }
        return ids;
      });
      p.chain = run.then(
        () => undefined,
        () => undefined,
      );
      try {
        return { ok: true, messageIds: await run };
      } catch (e) {
        this.logger.warn("ephemeral reply failed; sending a direct message", { error: describe(e) });
        this.pending.delete(`${roomId}:${userId}`);
      }
    }
    try {
      const user = await this.mustClient().users.fetch(userId);
      const dm = await user.createDM();
      return { ok: true, messageIds: await this.sendParts(dm, key, contents, rows) };
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === 50007) {
        return {
          ok: false,
          failure: { code: "dm_closed", message: "The user does not accept direct messages from the bot" },
        };
      }
      throw e;
    }
  }

  private async sendToFacilitators(
    roomId: string,
    userIds: readonly string[],
    key: string,
    contents: string[],
    rows: Rows,
  ): Promise<{ ok: true; messageIds: string[] } | { ok: false; failure: PlatformFailure }> {
    if (this.config.facilitators === "thread") {
      try {
        const thread = await this.facilitatorThread(roomId, userIds);
        if (thread) return { ok: true, messageIds: await this.sendParts(thread, key, contents, rows) };
      } catch (e) {
        if (!(e instanceof DiscordAPIError) || !isPermissionCode(e.code)) throw e;
        this.logger.warn("no private facilitators' thread (missing permission); using direct messages", {
          room: roomId,
        });
      }
    }
    const ids: string[] = [];
    let lastFailure: PlatformFailure | null = null;
    for (const userId of userIds) {
      const r = await this.sendPrivately(`dm:${roomId}`, userId, `${key}:${userId}`, contents, rows);
      if (r.ok) ids.push(...r.messageIds);
      else lastFailure = r.failure;
    }
    if (ids.length === 0 && lastFailure) return { ok: false, failure: lastFailure };
    return { ok: true, messageIds: ids };
  }

  private async facilitatorThread(
    roomId: string,
    userIds: readonly string[],
  ): Promise<PrivateThreadChannel | null> {
    const client = this.mustClient();
    const cursorKey = `facilitators-thread:${roomId}`;
    const known = await this.cursors.getCursor("discord", cursorKey);
    let thread: PrivateThreadChannel | null = null;
    if (known !== undefined) {
      const ch = await client.channels.fetch(known).catch(() => null);
      if (ch?.type === ChannelType.PrivateThread) thread = ch;
    }
    if (!thread) {
      const parent = await this.textChannel(roomId);
      if (!parent) return null;
      const created = await parent.threads.create({
        name: label("facilitators", this.config.locale),
        type: ChannelType.PrivateThread,
        invitable: false,
        autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek,
      });
      if (created.type !== ChannelType.PrivateThread) return null;
      thread = created;
      await this.cursors.setCursor("discord", cursorKey, created.id);
    }
    const members = this.threadMembers.get(thread.id) ?? new Set<string>();
    this.threadMembers.set(thread.id, members);
    for (const userId of userIds) {
      if (members.has(userId)) continue;
      await thread.members.add(userId);
      members.add(userId);
    }
    return thread;
  }

  // ------------------------------------------------------------------ time-out button

  private async timeoutRow(roomId: string): Promise<ActionRowBuilder<MessageActionRowComponentBuilder>> {
    return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(await encodeControl({ kind: "timeout", roomId }, this.cursors))
        .setLabel(label("timeout", this.config.locale))
        .setStyle(ButtonStyle.Secondary),
    );
  }

  /**
   * Before a strict floor first silences a channel, a card with the time-out button is posted and
   * pinned there, once per channel, so that it is always at hand. A failure is logged and does
   * not stop the floor: every turn panel carries the same button.
   */
  private async ensureTimeoutCard(channel: TextChannel): Promise<void> {
    const key = `timeout-card:${channel.id}`;
    if ((await this.cursors.getCursor("discord", key)) !== undefined) return;
    try {
      const [id] = await this.sendParts(
        channel,
        key,
        [label("timeoutCard", this.config.locale)],
        [await this.timeoutRow(channel.id)],
      );
      if (id === undefined) return;
      await this.cursors.setCursor("discord", key, id);
      await this.mustClient().rest.put(Routes.channelMessagesPin(channel.id, id));
    } catch (e) {
      this.logger.warn("could not post or pin the time-out card", { room: channel.id, error: describe(e) });
    }
  }

  // ------------------------------------------------------------------ strict floor

  private serialFloor(roomId: string, holders: readonly string[] | "everyone"): Promise<DeliveryResult> {
    const prev = this.floorChains.get(roomId) ?? Promise.resolve();
    const next = prev.then(() => this.applyFloor(roomId, holders));
    this.floorChains.set(
      roomId,
      next.catch(() => undefined),
    );
    return next;
  }

  /**
   * Only the holders (and the bot, and exempt roles) may send messages: @everyone is denied
   * SEND_MESSAGES and the holders get member overwrites. Every overwrite's original value is
   * saved in the CursorStore before it is changed, so "everyone" restores the channel exactly,
   * also after a crash.
   */
  private async applyFloor(roomId: string, holders: readonly string[] | "everyone"): Promise<DeliveryResult> {
    const channel = await this.textChannel(roomId);
    if (!channel) return { ok: false, failure: { code: "not_found", message: `No text channel ${roomId}` } };
    const me = channel.guild.members.me;
    if (!me || !channel.permissionsFor(me).has(PermissionFlagsBits.ManageRoles)) {
      return {
        ok: false,
        failure: {
          code: "missing_permission",
          message: `The bot needs the Manage Permissions (Manage Roles) permission in #${channel.name} for strict turn-taking.`,
        },
      };
    }
    if (holders === "everyone") return this.writeFloor(channel, me.id, holders);
    await this.ensureTimeoutCard(channel);
    try {
      return await this.writeFloor(channel, me.id, holders);
    } catch (e) {
      // Discord refused part of the restriction (say, re-putting an overwrite that carries a
      // permission the bot does not hold). A half-applied floor could lock the room for good: the
      // runtime falls back to soft turn-taking and sends no further floor. So the room is opened.
      const failure = toFailure(e);
      try {
        await this.writeFloor(channel, me.id, "everyone");
      } catch (reopen) {
        this.logger.error("could not reopen the channel after a refused floor", {
          room: roomId,
          error: describe(reopen),
        });
      }
      return { ok: false, failure };
    }
  }

  private async writeFloor(
    channel: TextChannel,
    botId: string,
    holders: readonly string[] | "everyone",
  ): Promise<DeliveryResult> {
    const client = this.mustClient();
    const roomId = channel.id;
    const stateKey = `floor:${roomId}`;
    const raw = await this.cursors.getCursor("discord", stateKey);
    const state: FloorState =
      raw !== undefined && raw !== "" ? (JSON.parse(raw) as FloorState) : { touched: {} };
    const SEND = PermissionFlagsBits.SendMessages;
    const VIEW = PermissionFlagsBits.ViewChannel;
    // The overwrites as Discord holds them now, read afresh (the gateway's copy may lag behind our
    // own writes, e.g. when a refused floor is rolled back at once) and kept up to date as we write.
    const overwrites = await this.readOverwrites(roomId);
    const current = (id: string): { allow: bigint; deny: bigint } | null => overwrites.get(id) ?? null;
    const desired = new Map<string, { type: 0 | 1; allow: bigint; deny: bigint }>();
    if (holders !== "everyone") {
      const original = (id: string): { allow: bigint; deny: bigint } => {
        const saved = state.touched[id];
        if (saved)
          return saved.original
            ? { allow: BigInt(saved.original.allow), deny: BigInt(saved.original.deny) }
            : { allow: 0n, deny: 0n };
        return current(id) ?? { allow: 0n, deny: 0n };
      };
      const grant = (id: string, type: 0 | 1, extra: bigint): void => {
        const o = original(id);
        desired.set(id, { type, allow: o.allow | SEND | extra, deny: o.deny & ~(SEND | extra) });
      };
      // The bot first, so it never loses its own voice; then the room's facilitators, who keep
      // theirs (and with it their slash commands, which Discord hides from whoever may not post).
      grant(botId, 1, VIEW);
      const facilitators = this.facilitatorsOf(roomId);
      for (const role of new Set([...this.config.floorExemptRoles, ...facilitators.roles]))
        if (isSnowflake(role)) grant(role, 0, 0n);
      for (const userId of [...facilitators.users, ...holders]) if (isSnowflake(userId)) grant(userId, 1, 0n);
      const everyone = original(channel.guild.id);
      desired.set(channel.guild.id, { type: 0, allow: everyone.allow & ~SEND, deny: everyone.deny | SEND });
    }
    // Remember originals before changing anything.
    let changed = false;
    for (const [id, want] of desired) {
      if (!(id in state.touched)) {
        const o = current(id);
        state.touched[id] = {
          type: want.type,
          original: o ? { allow: o.allow.toString(), deny: o.deny.toString() } : null,
        };
        changed = true;
      }
    }
    if (changed) await this.cursors.setCursor("discord", stateKey, JSON.stringify(state));
    for (const [id, want] of desired) {
      const now = current(id);
      if (now && now.allow === want.allow && now.deny === want.deny) continue;
      await client.rest.put(Routes.channelPermission(roomId, id), {
        body: { type: want.type, allow: want.allow.toString(), deny: want.deny.toString() },
      });
      overwrites.set(id, { allow: want.allow, deny: want.deny });
    }
    // Restore what is no longer wanted (former holders; everything when the floor opens).
    const restoreOrder = Object.keys(state.touched).sort((a, b) =>
      a === channel.guild.id ? -1 : b === channel.guild.id ? 1 : 0,
    );
    for (const id of restoreOrder) {
      if (desired.has(id)) continue;
      const saved = state.touched[id];
      if (!saved) continue;
      const now = current(id);
      const unchanged =
        saved.original === null
          ? now === null
          : now !== null &&
            now.allow.toString() === saved.original.allow &&
            now.deny.toString() === saved.original.deny;
      if (unchanged) {
        // Never changed (a refused write): nothing to put back, and putting back could be refused too.
      } else if (saved.original) {
        await client.rest.put(Routes.channelPermission(roomId, id), {
          body: { type: saved.type, allow: saved.original.allow, deny: saved.original.deny },
        });
        overwrites.set(id, { allow: BigInt(saved.original.allow), deny: BigInt(saved.original.deny) });
      } else {
        await client.rest.delete(Routes.channelPermission(roomId, id));
        overwrites.delete(id);
      }
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a record keyed by overwrite id
      delete state.touched[id];
      await this.cursors.setCursor("discord", stateKey, JSON.stringify(state));
    }
    return { ok: true };
  }

  private async readOverwrites(channelId: string): Promise<Map<string, { allow: bigint; deny: bigint }>> {
    const raw = (await this.mustClient().rest.get(Routes.channel(channelId))) as {
      permission_overwrites?: { id: string; allow: string; deny: string }[];
    };
    return new Map(
      (raw.permission_overwrites ?? []).map((o) => [o.id, { allow: BigInt(o.allow), deny: BigInt(o.deny) }]),
    );
  }
}

// ------------------------------------------------------------------ helpers

function buttonLabel(text: string, max: number): string {
  // Labels are plain text (no markdown); control characters and excess length removed.
  const clean = text
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return truncate(clean || "…", max);
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isSnowflake(id: string): boolean {
  return /^\d{15,21}$/.test(id);
}

function isPermissionCode(code: number | string): boolean {
  return code === 50013 || code === 50001;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Discord errors → the port's failure values. */
export function toFailure(e: unknown): PlatformFailure {
  if (e instanceof RateLimitError) {
    return {
      code: "rate_limited",
      message: `Discord rate limit on ${e.route}`,
      retryAfterMs: Math.max(e.retryAfter, 1),
    };
  }
  if (e instanceof DiscordAPIError) {
    if (isPermissionCode(e.code))
      return { code: "missing_permission", message: `Discord refused: ${e.message}` };
    if (e.code === 10003 || e.code === 10008 || e.code === 10013 || e.code === 10015 || e.code === 10062) {
      return { code: "not_found", message: `Discord: ${e.message}` };
    }
    if (e.code === 50035 || e.code === 50006)
      return { code: "too_large", message: `Discord rejected the payload: ${e.message}` };
    if (e.status === 429) return { code: "rate_limited", message: e.message, retryAfterMs: 1000 };
    if (e.status >= 500) return { code: "unavailable", message: e.message, retryAfterMs: 2000 };
    return { code: "rejected", message: `Discord: ${e.message} (${String(e.code)})` };
  }
  if (e instanceof HTTPError) {
    return { code: "unavailable", message: `Discord HTTP ${e.status}`, retryAfterMs: 2000 };
  }
  return { code: "unavailable", message: describe(e), retryAfterMs: 2000 };
}
