// The live stage card (issue 14): one embed message per stage (one embed per language of the
// room), edited in place by every delivery the runtime marks as a part of it (ports.ts CardPart)
// instead of a new post each: the heading, what happens in the stage, the latest turn or event,
// who joined, the time left. When the card changes (a new stage) or the workshop's summary is
// pinned, the buttons and menus posted in the channel under the old card are disabled. An edit
// notifies nobody, so a turn's speaker is mentioned in a short post of its own (allowed_mentions:
// that user only), which the next mention replaces (the previous one is deleted). The card's
// state is kept as a cursor, so a restarted bot edits the same message.
import { DiscordAPIError, Routes, type APIEmbed } from "discord.js";
import { languageName } from "../../bot/languages.ts";
import type { CardMore, CardPart, CardSlot, Delivery } from "../../bot/ports.ts";
import { blocksOf, isolateLines } from "../shared/language-blocks.ts";
import { disabledRows } from "./components.ts";
import type { DiscordContext } from "./context.ts";
import type { Rows } from "./post.ts";
import { nonceFor, relativeTimestamp, renderSegments } from "./text.ts";
import { timeoutRow } from "./timeout-card.ts";

const cardKey = (roomId: string): string => `card:${roomId}`;

/** A card as stored: its message, its languages and each part's rendered text per language. */
interface CardState {
  readonly key: string;
  readonly id: string;
  /** The languages of the latest update, in order ("" for a one-language room). */
  readonly locales: readonly string[];
  readonly slots: Partial<Record<CardSlot, Readonly<Record<string, string>>>>;
  /** A countdown is running: the card carries the time-out button. */
  readonly running: boolean;
  /** Messages with buttons or menus posted in the channel while this card was current. */
  readonly controls: readonly string[];
  /** The same in direct messages (a question asked privately), with the question they answer. */
  readonly direct?: readonly DirectControl[];
  /** The latest mention post (deleted when the next one is made). */
  readonly ping?: string;
  /** The status as the runtime wrote it and how often in a row (an anonymous "Next turn" repeats). */
  readonly status?: { readonly text: string; readonly times: number };
}

/** A direct message carrying a question's controls. */
interface DirectControl {
  readonly channel: string;
  readonly id: string;
  readonly prompt: string;
}

/** Field names are icons: the same in every language, so no label needs translating. */
const fieldIcon: Readonly<Partial<Record<CardSlot, string>>> = { status: "▶", log: "👥", time: "⏱" };
const limits = { title: 256, description: 4096, field: 1024, total: 5900 } as const;

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** The last lines of a log that fit a field. */
function tail(text: string, max: number): string {
  const lines = text.split("\n");
  while (lines.length > 1 && lines.join("\n").length > max) lines.shift();
  return clip(lines.join("\n"), max);
}

/** A card part's text in each language of the delivery ("" when the room reads one language). */
function partTexts(d: Omit<CardMore, "slot" | "ping">): Record<string, string> {
  const blocks = blocksOf(d);
  const text = (body: Parameters<typeof renderSegments>[0]) =>
    renderSegments(body, limits.description).join("\n");
  const stamp = d.deadline !== undefined && d.deadline !== null ? ` ${relativeTimestamp(d.deadline)}` : "";
  if (blocks === null) return { "": text(d.body) + stamp };
  return Object.fromEntries(blocks.map((b) => [b.locale, isolateLines(text(b.body), b.dir) + stamp]));
}

/** The card's embeds: one per language, each with only that language's text. */
export function cardEmbeds(state: Pick<CardState, "locales" | "slots">): APIEmbed[] {
  const multi = state.locales.length > 1;
  const budget = Math.floor(limits.total / Math.max(1, state.locales.length));
  return state.locales.map((locale, i) => {
    // The room's first language also reads what was written while the room read only it ("").
    const get = (slot: CardSlot): string | undefined =>
      state.slots[slot]?.[locale] ?? (i === 0 ? state.slots[slot]?.[""] : undefined);
    const embed: APIEmbed = {};
    let used = 0;
    if (multi) {
      embed.author = { name: languageName(locale) };
      used += embed.author.name.length;
    }
    const title = get("title");
    if (title !== undefined) {
      embed.title = clip(title.replace(/\n+/g, " "), limits.title);
      used += embed.title.length;
    }
    const fields = (["status", "log", "time"] as const).flatMap((slot) => {
      const v = get(slot);
      if (v === undefined || v.trim() === "") return [];
      const value = slot === "log" ? tail(v, limits.field) : clip(v, limits.field);
      used += value.length + 2;
      return [{ name: fieldIcon[slot] ?? "", value }];
    });
    const body = get("body");
    if (body !== undefined) embed.description = clip(body, Math.min(limits.description, budget - used));
    if (fields.length > 0) embed.fields = fields;
    if (embed.title === undefined && embed.description === undefined && fields.length === 0)
      embed.description = "\u200b";
    return embed;
  });
}

/** The state after applying one part (the log is appended, everything else replaced). */
function applied(
  state: CardState,
  slot: CardSlot,
  texts: Record<string, string>,
  /** The status just before came with this one ("amal passed." and the next turn): both show. */
  afterStatus = false,
): CardState {
  // A note goes under the status (a pause leaves whose turn it is in view), until the next status.
  if ((afterStatus && slot === "status") || slot === "note") {
    const before = state.slots.status ?? {};
    const both = Object.fromEntries(
      Object.entries(texts).map(([l, t]) => [l, before[l] === undefined ? t : `${before[l]}\n${t}`]),
    );
    return {
      ...state,
      locales: Object.keys(texts),
      slots: { ...state.slots, status: both },
      status: { text: JSON.stringify(both), times: 1 },
    };
  }
  const before = state.slots[slot] ?? {};
  const next: Record<string, string> = {};
  // The same status again (the next anonymous turn) is a new event: it reads "… (×2)".
  const key = JSON.stringify(texts);
  const times = slot === "status" && state.status?.text === key ? state.status.times + 1 : 1;
  for (const [locale, text] of Object.entries(texts)) {
    const old = before[locale];
    next[locale] =
      slot === "log" && old !== undefined && old !== ""
        ? `${old}\n${text}`
        : times > 1
          ? `${text} (×${String(times)})`
          : text;
  }
  return {
    ...state,
    locales: Object.keys(texts),
    slots: { ...state.slots, [slot]: next },
    ...(slot === "status" ? { status: { text: key, times } } : {}),
  };
}

export class Cards {
  private readonly ctx: DiscordContext;

  constructor(ctx: DiscordContext) {
    this.ctx = ctx;
  }

  private async load(roomId: string): Promise<CardState | null> {
    const stored = await this.ctx.cursors.getCursor("discord", cardKey(roomId));
    return stored === undefined || stored === "" ? null : (JSON.parse(stored) as CardState);
  }

  private async save(roomId: string, state: CardState | null): Promise<void> {
    await this.ctx.cursors.setCursor("discord", cardKey(roomId), state === null ? "" : JSON.stringify(state));
  }

  /** The room has a live card now (a countdown then goes on it). */
  async current(roomId: string): Promise<boolean> {
    return (await this.load(roomId)) !== null;
  }

  /**
   * Shows a card part: edits the room's card while its key is the same, otherwise closes the old
   * card's controls and posts a new card. Then mentions the speaker, if the part names one.
   * Returns the card's message id.
   */
  async show(d: Delivery & { kind: "say" | "timer" }, part: CardPart): Promise<string> {
    const roomId = d.roomId;
    // The delivery's own part, then the parts delivered with it (CardPart.more), in order.
    const parts: CardMore[] = [
      {
        slot: part.slot,
        body: d.body,
        ...(d.languages === undefined ? {} : { languages: d.languages }),
        ...(d.kind === "timer" ? { deadline: d.deadline } : {}),
      },
      ...(part.more ?? []),
    ];
    const all = (from: CardState): CardState =>
      parts.reduce(
        (state, p, i) => ({
          ...applied(state, p.slot, partTexts(p), parts[i - 1]?.slot === "status"),
          ...(p.deadline === undefined ? {} : { running: p.deadline !== null }),
        }),
        from,
      );
    const ping = [part.ping, ...parts.map((p) => p.ping)].findLast((x) => x !== undefined);
    const stored = await this.load(roomId);
    let state: CardState;
    let id: string;
    if (stored !== null && stored.key === part.key) {
      state = all(stored);
      // A card deleted by someone is posted again, whole.
      id = (await this.edit(roomId, state)) ?? (await this.post(d, state));
    } else {
      if (stored !== null) await this.close(roomId);
      const fresh: CardState = {
        key: part.key,
        id: "",
        locales: [],
        slots: {},
        running: false,
        controls: [],
      };
      state = all(fresh);
      id = await this.post(d, state);
    }
    state = { ...state, id };
    if (ping !== undefined) state = await this.mention(d, state, ping);
    await this.save(roomId, state);
    return id;
  }

  private async rows(roomId: string, state: CardState): Promise<Rows> {
    return state.running ? await timeoutRow(this.ctx, roomId) : [];
  }

  /** Edits the card message; null when it is gone (then a new card is posted). */
  private async edit(roomId: string, state: CardState): Promise<string | null> {
    try {
      await this.ctx.mustClient().rest.patch(Routes.channelMessage(roomId, state.id), {
        body: {
          embeds: cardEmbeds(state),
          components: (await this.rows(roomId, state)).map((r) => r.toJSON()),
          allowed_mentions: { parse: [] },
        },
      });
      return state.id;
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === 10008) return null;
      throw e;
    }
  }

  private async post(d: Delivery, state: CardState): Promise<string> {
    const m = (await this.ctx.mustClient().rest.post(Routes.channelMessages(d.roomId), {
      body: {
        embeds: cardEmbeds(state),
        components: (await this.rows(d.roomId, state)).map((r) => r.toJSON()),
        allowed_mentions: { parse: [] },
        nonce: nonceFor(d.idempotencyKey, 0),
        enforce_nonce: true,
      },
    })) as { id: string };
    return m.id;
  }

  /**
   * Mentions the speaker in a post that notifies them alone (`allowed_mentions.users`), with a
   * link to the card; the previous mention is deleted, so the channel keeps one at most.
   */
  private async mention(d: Delivery, state: CardState, userId: string): Promise<CardState> {
    const rest = this.ctx.mustClient().rest;
    const link = `https://discord.com/channels/${this.ctx.config.guildId}/${d.roomId}/${state.id}`;
    const m = (await rest.post(Routes.channelMessages(d.roomId), {
      body: {
        content: `<@${userId}> ${link}`,
        allowed_mentions: { parse: [], users: [userId] },
        nonce: nonceFor(`${d.idempotencyKey}:ping`, 0),
        enforce_nonce: true,
      },
    })) as { id: string };
    if (state.ping !== undefined && state.ping !== m.id) await this.remove(d.roomId, state.ping);
    return { ...state, ping: m.id };
  }

  private async remove(roomId: string, messageId: string): Promise<void> {
    try {
      await this.ctx.mustClient().rest.delete(Routes.channelMessage(roomId, messageId));
    } catch (e) {
      if (!(e instanceof DiscordAPIError && e.code === 10008)) throw e;
    }
  }

  /**
   * Forget-me: the stored cards keep no text that may name someone (the runtime does not say whom
   * the adapter's texts name, so every card's turn and join lines go). The messages themselves
   * stay, like every post of the bot's (the README says so); the next change of a card shows its
   * heading, its body and that change.
   */
  async forgetNames(roomIds: readonly string[]): Promise<void> {
    for (const roomId of roomIds) {
      const state = await this.load(roomId);
      if (state !== null) await this.save(roomId, withoutNames(state));
    }
  }

  /** A message with buttons or menus posted in the channel under the current card. */
  async addControl(roomId: string, messageId: string): Promise<void> {
    const state = await this.load(roomId);
    if (state === null || state.controls.includes(messageId)) return;
    await this.save(roomId, { ...state, controls: [...state.controls, messageId] });
  }

  /**
   * A direct message with a question's controls sent while the card is current (private
   * questions): disabled when the question closes or the stage ends, as the channel's are.
   */
  async addDirect(roomId: string, control: DirectControl): Promise<void> {
    const state = await this.load(roomId);
    if (state === null) return;
    await this.save(roomId, { ...state, direct: [...(state.direct ?? []), control] });
  }

  /** The question `promptId` has closed: its controls in direct messages are disabled. */
  async closePrompt(roomId: string, promptId: string): Promise<void> {
    const state = await this.load(roomId);
    const closing = state?.direct?.filter((c) => c.prompt === promptId) ?? [];
    if (state === null || closing.length === 0) return;
    for (const c of closing) await this.disable(c.channel, c.id);
    await this.save(roomId, { ...state, direct: (state.direct ?? []).filter((c) => c.prompt !== promptId) });
  }

  /** Disables a message's buttons and menus; a message (or a direct channel) gone is left alone. */
  private async disable(channelId: string, messageId: string): Promise<void> {
    try {
      const channel = await this.ctx.mustClient().channels.fetch(channelId, { allowUnknownGuild: true });
      if (channel === null || !channel.isTextBased()) return;
      const message = await channel.messages.fetch(messageId);
      if (message.components.length > 0) await message.edit({ components: disabledRows(message.components) });
    } catch (e) {
      if (!(e instanceof DiscordAPIError && (e.code === 10008 || e.code === 10003))) throw e;
    }
  }

  /**
   * The card's stage is over: the buttons and menus posted under it, in the channel and in direct
   * messages, are disabled, the card loses its time-out button and the last mention is deleted.
   * The card stays as the stage's record.
   */
  async close(roomId: string): Promise<void> {
    const state = await this.load(roomId);
    if (state === null) return;
    for (const id of state.controls) await this.disable(roomId, id);
    for (const c of state.direct ?? []) await this.disable(c.channel, c.id);
    if (state.running) await this.edit(roomId, { ...state, running: false });
    if (state.ping !== undefined) await this.remove(roomId, state.ping);
    await this.save(roomId, null);
  }
}

/** Forget-me: a card's parts that may name people (the latest turn, who joined). */
function withoutNames(state: CardState): CardState {
  const { status: _status, log: _log, ...slots } = state.slots;
  const { status: _memo, ...rest } = state;
  return { ...rest, slots };
}

/** Whether a bot message is a turn's mention post (tests and readers skip it). */
export function isMentionPost(m: { readonly content?: unknown; readonly embeds?: unknown }): boolean {
  return (
    typeof m.content === "string" &&
    /^<@\d+> https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+$/.test(m.content) &&
    (!Array.isArray(m.embeds) || m.embeds.length === 0)
  );
}
