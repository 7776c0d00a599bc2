// The live stage card on Matrix (issue 14): one m.notice per stage (and one for the lobby), edited
// in place (`m.replace`, with the "* " fallback for clients without edits) by every delivery the
// runtime marks as a part of it (ports.ts CardPart): the heading, what happens in the stage, the
// latest turn or event, who joined, the time left. A mixed room's card has one `<div dir lang>`
// block per language. The card's state is kept in the adapter's state, so a restarted bot edits
// the same event.
//
// An edit notifies nobody (`.m.rule.suppress_edits`), and neither does any m.notice
// (`.m.rule.suppress_notices` comes before the mention rules): a turn's speaker is told in their
// direct room, by a small m.text that mentions them alone (`m.mentions.user_ids`) and links to the
// card. Not in the workshop room: a mention post there would be a room post per turn, and taking
// each back (a redaction) leaves a "Message deleted" line per turn in Element's timeline.
//
// A card a moderator redacts is posted again, whole, and edited from then on (redacted()).
//
// When a card's heading changes, the room's topic becomes the workshop's title and that heading
// (both room text, never confidential); without the power to change the topic the facilitators' room is told once. In an
// encrypted room the topic is left alone: state events are never encrypted.
import type {
  CardMore,
  CardPart,
  CardSlot,
  Delivery,
  DeliveryResult,
  LanguageBlock,
  Segment,
} from "../../bot/ports.ts";
import type { SupportedLocale } from "../../bot/i18n/index.ts";
import { ok } from "../../result.ts";
import { path } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import type { DirectRooms } from "./direct-rooms.ts";
import { anyEncrypted } from "./choices/encrypted.ts";
import { tellFacilitators } from "./help.ts";
import type { Names } from "./names.ts";
import { escapeHtml } from "../../bot/neutralise.ts";
import { notice, renderBody, replacement, timerSuffix, type NoticeContent } from "./render.ts";
import { failed, send, transactionId } from "./send.ts";

/** Marks a card's events (its post and edits), for readers that show a card's changes. */
export const CARD_MARK = "org.parley.card";

type Texts = Readonly<Record<string, readonly Segment[]>>;

/** A card as stored: its event, its languages and each part's text per language. */
export interface MatrixCardState {
  readonly key: string;
  readonly eventId: string;
  /** The languages of the latest update, in order (locale "" for a one-language room). */
  readonly locales: readonly { readonly locale: string; readonly dir: "ltr" | "rtl" }[];
  readonly slots: Partial<Record<CardSlot, Texts>>;
  /** The status as the runtime wrote it and how often in a row (an anonymous "Next turn" repeats). */
  readonly status?: { readonly text: string; readonly times: number };
  /** The workshop's title (CardPart.title), which leads the room's topic. */
  readonly workshop?: string;
}

/** The log keeps its latest lines (who joined and left), so the card stays readable. */
const LOG_LINES = 12;
const NL: Segment = { text: "\n" };

function joined(a: readonly Segment[], b: readonly Segment[]): Segment[] {
  return a.length === 0 ? [...b] : [...a, NL, ...b];
}

/** A part's text in each language of the delivery ("" when the room reads one language). */
function partTexts(p: Omit<CardMore, "slot" | "ping">, now: number): Record<string, Segment[]> {
  const stamp = (body: readonly Segment[], locale: string | undefined): Segment[] =>
    p.deadline === undefined || p.deadline === null
      ? [...body]
      : [...body, { text: timerSuffix(p.deadline, now, locale) }];
  if (p.languages === undefined || p.languages.length <= 1) return { "": stamp(p.body, undefined) };
  return Object.fromEntries(p.languages.map((b) => [b.locale, stamp(b.body, b.locale)]));
}

function localesOf(p: Omit<CardMore, "slot" | "ping">): MatrixCardState["locales"] {
  return p.languages === undefined || p.languages.length <= 1
    ? [{ locale: "", dir: "ltr" }]
    : p.languages.map((b) => ({ locale: b.locale, dir: b.dir }));
}

/** The state after one part (the log is appended, a note goes under the status, the rest replaced). */
function applied(
  state: MatrixCardState,
  part: Omit<CardMore, "ping">,
  now: number,
  afterStatus: boolean,
): MatrixCardState {
  const texts = partTexts(part, now);
  const locales = localesOf(part);
  const slot = part.slot;
  if ((afterStatus && slot === "status") || slot === "note") {
    const before = state.slots.status ?? {};
    const both = Object.fromEntries(Object.entries(texts).map(([l, t]) => [l, joined(before[l] ?? [], t)]));
    return {
      ...state,
      locales,
      slots: { ...state.slots, status: both },
      status: { text: JSON.stringify(both), times: 1 },
    };
  }
  const before = state.slots[slot] ?? {};
  const key = JSON.stringify(texts);
  // The same status again (the next anonymous turn) is a new event: it reads "… (×2)".
  const times = slot === "status" && state.status?.text === key ? state.status.times + 1 : 1;
  const next: Record<string, Segment[]> = {};
  for (const [locale, text] of Object.entries(texts)) {
    const old = before[locale];
    if (slot === "log" && old !== undefined && old.length > 0) {
      const lines = [...old, NL, ...text];
      // Keep the last LOG_LINES lines.
      const breaks = lines.flatMap((s, i) => (s === NL || s.text === "\n" ? [i] : []));
      next[locale] = breaks.length >= LOG_LINES ? lines.slice((breaks.at(-LOG_LINES) ?? -1) + 1) : lines;
    } else next[locale] = times > 1 ? [...text, { text: ` (×${String(times)})` }] : text;
  }
  return {
    ...state,
    locales,
    slots: { ...state.slots, [slot]: next },
    ...(slot === "status" ? { status: { text: key, times } } : {}),
  };
}

/** One language's card: the heading in bold, what happens, the latest event, who came, the time. */
function cardSegments(state: MatrixCardState, locale: string, first: boolean): Segment[] {
  const get = (slot: CardSlot): readonly Segment[] =>
    state.slots[slot]?.[locale] ?? (first ? state.slots[slot]?.[""] : undefined) ?? [];
  const title = get("title").map((s): Segment => (s.style === undefined ? { ...s, style: "strong" } : s));
  const parts = [title, get("body"), get("status"), get("log"), get("time")].filter((p) => p.length > 0);
  return parts.flatMap((p, i) => (i === 0 ? [...p] : [{ text: "\n\n" }, ...p]));
}

/** The card's message content (one block per language in a mixed room), marked as a card. */
export function cardContent(state: MatrixCardState): NoticeContent {
  const blocks: LanguageBlock[] = state.locales.map((l, i) => ({
    locale: l.locale,
    dir: l.dir,
    body: cardSegments(state, l.locale, i === 0),
  }));
  const first = blocks[0]?.body ?? [];
  const content = notice(first.length === 0 ? [{ text: "…" }] : first, [], blocks);
  return { ...content, [CARD_MARK]: true } as NoticeContent;
}

/** The heading's plain text in the card's first language. */
function headingOf(state: MatrixCardState): string | undefined {
  const first = state.locales[0]?.locale ?? "";
  const title = state.slots.title?.[first] ?? state.slots.title?.[""];
  if (title === undefined) return undefined;
  const text = renderBody(title).body.replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}

/** The room's topic: the workshop's title, then the stage's heading ("Youth dialogue circle — Stage 2 of 5: …"). */
function topicOf(state: MatrixCardState): string | undefined {
  const parts = [state.workshop, headingOf(state)].filter((p) => p !== undefined && p !== "");
  return parts.length === 0 ? undefined : parts.join(" — ");
}

const topicRefusedText: Record<SupportedLocale, (room: string) => string> = {
  en: (room) =>
    `Parley could not set the topic of ${room} to the current stage: it lacks the power to change the room's topic (a Moderator, 50, may in a default room).`,
  ar: (room) =>
    `لم يتمكن Parley من جعل موضوع ${room} هو المرحلة الحالية: لا يملك صلاحية تغيير موضوع الغرفة (يكفي مستوى مشرف، 50، في غرفة بالإعدادات الافتراضية).`,
  he: (room) =>
    `Parley לא הצליח לקבוע את נושא ${room} לשלב הנוכחי: אין לו הרשאה לשנות את נושא החדר (מנחה, 50, רשאי בחדר עם הגדרות ברירת מחדל).`,
  es: (room) =>
    `Parley no pudo poner como tema de ${room} la etapa actual: no tiene permiso para cambiar el tema de la sala (un Moderador, 50, puede en una sala con la configuración por defecto).`,
};

export class MatrixCards {
  readonly #ctx: MatrixContext;
  readonly #names: Names;
  readonly #directRooms: DirectRooms;

  constructor(ctx: MatrixContext, names: Names, directRooms: DirectRooms) {
    this.#ctx = ctx;
    this.#names = names;
    this.#directRooms = directRooms;
  }

  /**
   * Shows a card part: edits the room's card while its key is the same, else posts a new card
   * (the old one stays as its stage's record). Then tells the speaker their turn has started.
   */
  async show(d: Delivery & { kind: "say" | "timer" }, part: CardPart): Promise<DeliveryResult> {
    const roomId = d.roomId;
    const now = Date.now();
    const parts: Omit<CardMore, "ping">[] = [
      {
        slot: part.slot,
        body: d.body,
        ...(d.languages === undefined ? {} : { languages: d.languages }),
        ...(d.kind === "timer" ? { deadline: d.deadline } : {}),
      },
      ...(part.more ?? []),
    ];
    const ping = [part.ping, ...(part.more ?? []).map((p) => p.ping)].findLast((x) => x !== undefined);
    const stored = await this.#ctx.state.card<MatrixCardState>(roomId);
    const same = stored !== undefined && stored.key === part.key;
    // A card whose event was redacted and could not be posted again (redacted() below) has no
    // event: it is posted whole, since an edit of a redacted event is shown by no client.
    const editable = same && stored.eventId !== "";
    // The workshop's title comes with a card's opening part; a later card without one keeps it.
    const workshop = part.title ?? stored?.workshop;
    const from: MatrixCardState = {
      ...(same ? stored : { key: part.key, eventId: "", locales: [], slots: {} }),
      ...(workshop === undefined ? {} : { workshop }),
    };
    let state = parts.reduce((s, p, i) => applied(s, p, now, parts[i - 1]?.slot === "status"), from);
    const content = cardContent(state);
    if (editable) {
      const edit = replacement(content, stored.eventId);
      const sent = await send(
        this.#ctx,
        roomId,
        "m.room.message",
        edit,
        transactionId(d.idempotencyKey, `card-edit:${stored.eventId}`),
      );
      if (!sent.ok) return failed(sent.error);
    } else {
      const sent = await send(
        this.#ctx,
        roomId,
        "m.room.message",
        content,
        transactionId(d.idempotencyKey, "card"),
      );
      if (!sent.ok) return failed(sent.error);
      state = { ...state, eventId: sent.value };
    }
    await this.#ctx.state.setCard(roomId, state);
    if (ping !== undefined) {
      const mentioned = await this.#mention(d, state, ping);
      if (!mentioned.ok) return mentioned;
    }
    const topic = topicOf(state);
    if (topic !== undefined && topic !== (same ? topicOf(stored) : undefined))
      await this.#topic(roomId, topic);
    return ok();
  }

  /**
   * Tells the speaker in their direct room, by an m.text (an m.notice never notifies) that
   * mentions them alone and links to the card, named by the workshop room's name.
   */
  async #mention(d: Delivery, state: MatrixCardState, userId: string): Promise<DeliveryResult> {
    const direct = await this.#directRooms.open(userId, d.roomId);
    if (!direct.ok) return failed(direct.error);
    const link = `https://matrix.to/#/${encodeURIComponent(d.roomId)}/${encodeURIComponent(state.eventId)}`;
    const room = await this.#names.roomName(d.roomId);
    const content = {
      msgtype: "m.text",
      body: `▶ ${room}: ${link}`,
      format: "org.matrix.custom.html",
      formatted_body: `▶ <a href="${escapeHtml(link)}">${escapeHtml(room)}</a>`,
      "m.mentions": { user_ids: [userId] },
    };
    const sent = await send(
      this.#ctx,
      direct.value,
      "m.room.message",
      content,
      transactionId(d.idempotencyKey, "card-ping"),
    );
    return sent.ok ? ok() : failed(sent.error);
  }

  /**
   * Someone (a moderator) redacted the room's current card: its edits would now vanish into a
   * redacted event, so the card is posted again, whole, and followed from then on (the new event
   * id is stored before the sync position moves past the redaction). When the post fails, the
   * card keeps no event and its next part posts it whole.
   */
  async redacted(roomId: string, eventId: string): Promise<void> {
    const stored = await this.#ctx.state.card<MatrixCardState>(roomId);
    if (stored === undefined || stored.eventId === "" || stored.eventId !== eventId) return;
    const sent = await send(
      this.#ctx,
      roomId,
      "m.room.message",
      cardContent(stored),
      transactionId(`card-redacted:${eventId}`, "card"),
    );
    if (!sent.ok)
      this.#ctx.logger.warn("matrix: could not post a redacted card again", {
        roomId,
        code: sent.error.code,
      });
    await this.#ctx.state.setCard(roomId, { ...stored, eventId: sent.ok ? sent.value : "" });
  }

  /** The room's card is over (the summary is posted): the next card part starts a new card. */
  async close(roomId: string): Promise<void> {
    if ((await this.#ctx.state.card<MatrixCardState>(roomId)) !== undefined)
      await this.#ctx.state.setCard(roomId, undefined);
  }

  /** The room's topic becomes the card's; a refusal is told to the facilitators once. */
  async #topic(roomId: string, topic: string): Promise<void> {
    const { state, logger } = this.#ctx;
    if (await state.topicRefused(roomId)) return;
    // State events are never encrypted: an encrypted room's topic is left alone (in doubt, as
    // before the first sync has seen the room, the homeserver is asked).
    if (await anyEncrypted(this.#ctx, [roomId])) return;
    const set = await this.#ctx.api().put(path("/rooms/$room/state/m.room.topic/", roomId), { topic });
    if (set.ok) return;
    logger.warn("matrix: could not set the room's topic", { roomId, code: set.error.code });
    if (set.error.code !== "missing_permission") return;
    await state.setTopicRefused(roomId);
    await tellFacilitators(this.#ctx, this.#names, roomId, topicRefusedText, `topic:${roomId}`);
  }

  /**
   * Forget-me: the stored cards keep no text that may name someone (the latest turn, who joined);
   * the next change of a card shows its heading, its body and that change. The events already
   * sent stay, like every post of the bot's.
   */
  forgetNames(): Promise<void> {
    return this.#ctx.state.updateCards<MatrixCardState>((card) => {
      const { status: _s, log: _l, ...slots } = card.slots;
      const { status: _memo, ...rest } = card;
      return { ...rest, slots };
    });
  }
}
