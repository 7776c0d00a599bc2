// The Matrix adapter's own words, which the runtime does not know about: the notice for an
// end-to-end encrypted room it cannot read, and a timer's time left (Matrix has no relative-time
// markup). Workshop text comes rendered from the runtime.
import { resolveLocale, type SupportedLocale } from "../../bot/i18n/index.ts";

const encryptedRoom: Record<SupportedLocale, string> = {
  en: "Parley: this room is end-to-end encrypted, and Parley cannot decrypt messages. It can post here (its own messages are NOT encrypted), see who joins and leaves, and count reactions on its questions, but it cannot read commands, contributions or numbered replies sent in this room. To run a workshop, use a room without encryption (encryption cannot be switched off once on, so create a new room). Private input goes through direct rooms that Parley opens without encryption.",
  ar: "Parley: هذه الغرفة مشفّرة تشفيرًا تامًّا بين الطرفين، ولا يستطيع Parley فكّ تشفير الرسائل. يمكنه النشر هنا (رسائله هو غير مشفّرة)، ورؤية من ينضم ومن يغادر، وعدّ التفاعلات على أسئلته، لكنه لا يستطيع قراءة الأوامر أو المساهمات أو الردود المرقّمة المرسلة في هذه الغرفة. لإدارة ورشة، استخدموا غرفة بلا تشفير (لا يمكن إيقاف التشفير بعد تفعيله، لذا أنشئوا غرفة جديدة). المدخلات الخاصة تمرّ عبر غرف مباشرة يفتحها Parley بلا تشفير.",
  he: "Parley: החדר הזה מוצפן מקצה לקצה, ו־Parley אינו יכול לפענח הודעות. הוא יכול לפרסם כאן (ההודעות שלו אינן מוצפנות), לראות מי מצטרף ומי עוזב ולספור תגובות לשאלות שלו, אבל אינו יכול לקרוא פקודות, תרומות או תשובות ממוספרות שנשלחות בחדר הזה. כדי לנהל סדנה, השתמשו בחדר ללא הצפנה (אי אפשר לבטל הצפנה אחרי שהופעלה, לכן צרו חדר חדש). קלט פרטי עובר בחדרים ישירים ש־Parley פותח ללא הצפנה.",
  es: "Parley: esta sala tiene cifrado de extremo a extremo y Parley no puede descifrar los mensajes. Puede publicar aquí (sus propios mensajes NO están cifrados), ver quién entra y quién sale y contar las reacciones a sus preguntas, pero no puede leer comandos, aportes ni respuestas numeradas enviados en esta sala. Para hacer un taller, usen una sala sin cifrado (el cifrado no se puede desactivar una vez activado, así que creen una sala nueva). Las respuestas privadas pasan por salas directas que Parley abre sin cifrado.",
};

const timerLeft: Record<SupportedLocale, (left: string, time: string) => string> = {
  en: (left, time) => `⏱ ${left} (${time} UTC)`,
  ar: (left, time) => `⏱ ${left} (${time} بتوقيت UTC)`,
  he: (left, time) => `⏱ ${left} (בשעה ${time} UTC)`,
  es: (left, time) => `⏱ ${left} (a las ${time} UTC)`,
};

const answerInTurn: Record<SupportedLocale, string> = {
  en: "Several questions are open here: a plain message answers the first one you have not answered yet. To answer this one now, reply to it.",
  ar: "هناك عدة أسئلة مفتوحة هنا: الرسالة العادية تجيب عن أول سؤال لم تُجب عنه بعد. للإجابة عن هذا السؤال الآن، ردّ على هذه الرسالة.",
  he: "יש כאן כמה שאלות פתוחות: הודעה רגילה עונה על הראשונה שעוד לא עניתם עליה. כדי לענות על השאלה הזו עכשיו, השיבו להודעה הזו.",
  es: "Hay varias preguntas abiertas aquí: un mensaje normal responde a la primera que aún no has respondido. Para responder a esta ahora, responde a este mensaje.",
};

/** Under a second request for text in a direct room: how several open requests are answered. */
export function answerInTurnText(locale?: string): string {
  return answerInTurn[resolveLocale(locale)];
}

/** What the bot tells an end-to-end encrypted room (and its facilitators); unknown locales get English. */
export function encryptedRoomText(locale?: string): string {
  return encryptedRoom[resolveLocale(locale)];
}

/** "⏱ {left} ({time} UTC)", worded in `locale`; both values are locale-neutral digits. */
export function timerLeftText(locale: string | undefined, left: string, time: string): string {
  return timerLeft[resolveLocale(locale)](left, time);
}
