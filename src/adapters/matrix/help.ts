// The pinned help notice (issue 14): before the bot's first post in a workshop room it posts a
// short help message there, in each language of that post, and pins it first among the room's
// pinned events, once per room (a restarted bot does not post it again). Without the power to
// pin, the help stays posted and the facilitators' room (matrix.facilitatorsRoom) is told; with no
// such room the bot logs a warning. The help names commands only: nothing about the workshop or
// its people goes into a state event.
import type { Delivery, LanguageBlock } from "../../bot/ports.ts";
import { resolveLocale, type SupportedLocale } from "../../bot/i18n/index.ts";
import { path } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import type { Names } from "./names.ts";
import { notice } from "./render.ts";
import { send, transactionId } from "./send.ts";

const helpText: Record<SupportedLocale, (p: string) => string> = {
  en: (p) =>
    `Parley hosts this workshop. To take part: ${p} join. To read Parley in your language: ${p} language <code> (en, ar, he, es). All commands: ${p} help. To reach the facilitators privately at any time, write ${p} timeout or ${p} help-me in your direct room with Parley.`,
  ar: (p) =>
    `يستضيف Parley هذه الورشة. للمشاركة: ${p} join. لقراءة Parley بلغتك: ${p} language <الرمز> (en، ar، he، es). كل الأوامر: ${p} help. للتواصل مع الميسّرين بشكل خاص في أي وقت، اكتب ${p} timeout أو ${p} help-me في غرفتك المباشرة مع Parley.`,
  he: (p) =>
    `Parley מארח את הסדנה הזו. כדי להשתתף: ${p} join. כדי לקרוא את Parley בשפה שלך: ${p} language <קוד> (en, ar, he, es). כל הפקודות: ${p} help. כדי לפנות למנחים באופן פרטי בכל עת, כתבו ${p} timeout או ${p} help-me בחדר הישיר שלכם עם Parley.`,
  es: (p) =>
    `Parley acompaña este taller. Para participar: ${p} join. Para leer a Parley en tu idioma: ${p} language <código> (en, ar, he, es). Todos los comandos: ${p} help. Para hablar en privado con facilitación en cualquier momento, escribe ${p} timeout o ${p} help-me en tu sala directa con Parley.`,
};

const notPinnedText: Record<SupportedLocale, (room: string) => string> = {
  en: (room) =>
    `Parley could not pin its help message in ${room}: it lacks the power to change the room's pinned events (a Moderator, 50, may in a default room). The help is posted unpinned.`,
  ar: (room) =>
    `لم يتمكن Parley من تثبيت رسالة المساعدة في ${room}: لا يملك صلاحية تغيير الرسائل المثبّتة في الغرفة (يكفي مستوى مشرف، 50، في غرفة بالإعدادات الافتراضية). نُشرت المساعدة دون تثبيت.`,
  he: (room) =>
    `Parley לא הצליח להצמיד את הודעת העזרה ב־${room}: אין לו הרשאה לשנות את ההודעות המוצמדות בחדר (מנחה, 50, רשאי בחדר עם הגדרות ברירת מחדל). העזרה פורסמה בלי הצמדה.`,
  es: (room) =>
    `Parley no pudo fijar su mensaje de ayuda en ${room}: no tiene permiso para cambiar los mensajes fijados de la sala (un Moderador, 50, puede en una sala con la configuración por defecto). La ayuda quedó publicada sin fijar.`,
};

const LTR: ReadonlySet<SupportedLocale> = new Set(["en", "es"]);

/** The help in each language of `delivery` (the room's language when it has no blocks). */
export function helpBlocks(delivery: Delivery, prefix: string, roomLocale?: string): LanguageBlock[] {
  const locales = delivery.languages?.map((b) => b.locale) ?? [roomLocale];
  const seen = new Set<SupportedLocale>();
  return locales.flatMap((l) => {
    const locale = resolveLocale(l);
    if (seen.has(locale)) return [];
    seen.add(locale);
    return [{ locale, dir: LTR.has(locale) ? "ltr" : "rtl", body: [{ text: helpText[locale](prefix) }] }];
  });
}

/**
 * Tells the facilitators' room (matrix.facilitatorsRoom), in the workshop room's language, what
 * the bot could not do in that room; with no such room the caller's warning in the log is all.
 */
export async function tellFacilitators(
  ctx: MatrixContext,
  names: Names,
  roomId: string,
  texts: Record<SupportedLocale, (room: string) => string>,
  key: string,
): Promise<void> {
  const facilitatorsRoom = ctx.config.facilitatorsRoom;
  if (facilitatorsRoom === undefined) return;
  const text = texts[resolveLocale(ctx.localeOf(roomId))](await names.roomName(roomId));
  const told = await send(
    ctx,
    facilitatorsRoom,
    "m.room.message",
    notice([{ text }]),
    transactionId(key, "facilitators-told"),
  );
  if (!told.ok)
    ctx.logger.error("matrix: could not tell the facilitators", { roomId, key, code: told.error.code });
}

export class PinnedHelp {
  readonly #ctx: MatrixContext;
  readonly #names: Names;

  constructor(ctx: MatrixContext, names: Names) {
    this.#ctx = ctx;
    this.#names = names;
  }

  /** Posts and pins the help before the bot's first post in the delivery's workshop room. */
  async ensure(delivery: Delivery): Promise<void> {
    const { state, config, logger } = this.#ctx;
    const roomId = delivery.roomId;
    if (delivery.audience.to !== "room" || (await state.helpPosted(roomId))) return;
    const blocks = helpBlocks(delivery, config.commandPrefix, this.#ctx.localeOf(roomId));
    const content = notice(blocks[0]?.body ?? [], [], blocks);
    const sent = await send(
      this.#ctx,
      roomId,
      "m.room.message",
      content,
      transactionId(`help:${roomId}`, "post"),
    );
    if (!sent.ok) {
      // The workshop's own post goes on; the help is tried again before the next one.
      logger.warn("matrix: could not post the help message", { roomId, code: sent.error.code });
      return;
    }
    await state.setHelpPosted(roomId);
    const pinned = await this.#pin(roomId, sent.value);
    if (pinned) return;
    logger.warn("matrix: posted the help message but could not pin it", { roomId });
    await tellFacilitators(this.#ctx, this.#names, roomId, notPinnedText, `help:${roomId}`);
  }

  /** Pins `eventId` first among the room's pinned events; false without the power to. */
  async #pin(roomId: string, eventId: string): Promise<boolean> {
    const api = this.#ctx.api();
    const pinnedPath = path("/rooms/$room/state/m.room.pinned_events/", roomId);
    const current = await api.get<{ pinned?: unknown }>(pinnedPath);
    const pinned: unknown[] = current.ok && Array.isArray(current.value.pinned) ? current.value.pinned : [];
    if (pinned.includes(eventId)) return true;
    return (await api.put(pinnedPath, { pinned: [eventId, ...pinned] })).ok;
  }
}
