// The Matrix adapter's own words, which the runtime does not know about: the notice for an
// end-to-end encrypted room it cannot read, the answer to a message it could not decrypt, and a timer's time left (Matrix has no relative-time
// markup). Workshop text comes rendered from the runtime.
import { resolveLocale, type SupportedLocale } from "../../bot/i18n/index.ts";

/** Why the bot cannot read an encrypted room (its crypto is off). */
export type EncryptionOffReason = "disabled" | "unavailable";

const encryptedRoom: Record<SupportedLocale, Record<EncryptionOffReason, string>> = {
  en: {
    disabled:
      "Parley: this room is end-to-end encrypted, and encryption is switched off in Parley's configuration (matrix.encryption: false), so it cannot decrypt messages here. It can post (unencrypted) and see who joins and leaves, but it cannot read commands, contributions or replies sent in this room. Ask the bot's operator to switch encryption on, or use a room without encryption.",
    unavailable:
      "Parley: this room is end-to-end encrypted, and Parley's encryption keys are not available (its crypto store is missing or could not be opened), so it cannot decrypt messages here. It can post (unencrypted) and see who joins and leaves, but it cannot read commands, contributions or replies sent in this room. Ask the bot's operator to restore its encryption keys (see the Matrix README), or use a room without encryption.",
  },
  ar: {
    disabled:
      "Parley: هذه الغرفة مشفّرة تشفيرًا تامًّا بين الطرفين، والتشفير معطّل في إعدادات Parley (matrix.encryption: false)، لذا لا يستطيع فكّ تشفير الرسائل هنا. يمكنه النشر (بلا تشفير) ورؤية من ينضم ومن يغادر، لكنه لا يستطيع قراءة الأوامر أو المساهمات أو الردود المرسلة في هذه الغرفة. اطلبوا من مشغّل البوت تفعيل التشفير، أو استخدموا غرفة بلا تشفير.",
    unavailable:
      "Parley: هذه الغرفة مشفّرة تشفيرًا تامًّا بين الطرفين، ومفاتيح التشفير الخاصة بـ Parley غير متاحة (مخزن التشفير مفقود أو تعذّر فتحه)، لذا لا يستطيع فكّ تشفير الرسائل هنا. يمكنه النشر (بلا تشفير) ورؤية من ينضم ومن يغادر، لكنه لا يستطيع قراءة الأوامر أو المساهمات أو الردود المرسلة في هذه الغرفة. اطلبوا من مشغّل البوت استعادة مفاتيح التشفير (انظروا دليل Matrix)، أو استخدموا غرفة بلا تشفير.",
  },
  he: {
    disabled:
      "Parley: החדר הזה מוצפן מקצה לקצה, וההצפנה כבויה בהגדרות של Parley (matrix.encryption: false), ולכן הוא אינו יכול לפענח כאן הודעות. הוא יכול לפרסם (ללא הצפנה) ולראות מי מצטרף ומי עוזב, אבל אינו יכול לקרוא פקודות, תרומות או תשובות שנשלחות בחדר הזה. בקשו ממפעיל הבוט להפעיל הצפנה, או השתמשו בחדר ללא הצפנה.",
    unavailable:
      "Parley: החדר הזה מוצפן מקצה לקצה, ומפתחות ההצפנה של Parley אינם זמינים (מאגר ההצפנה חסר או שלא ניתן לפתוח אותו), ולכן הוא אינו יכול לפענח כאן הודעות. הוא יכול לפרסם (ללא הצפנה) ולראות מי מצטרף ומי עוזב, אבל אינו יכול לקרוא פקודות, תרומות או תשובות שנשלחות בחדר הזה. בקשו ממפעיל הבוט לשחזר את מפתחות ההצפנה (ראו את המדריך של Matrix), או השתמשו בחדר ללא הצפנה.",
  },
  es: {
    disabled:
      "Parley: esta sala tiene cifrado de extremo a extremo y el cifrado está desactivado en la configuración de Parley (matrix.encryption: false), así que no puede descifrar los mensajes aquí. Puede publicar (sin cifrar) y ver quién entra y quién sale, pero no puede leer comandos, aportes ni respuestas enviados en esta sala. Pidan a quien opera el bot que active el cifrado, o usen una sala sin cifrado.",
    unavailable:
      "Parley: esta sala tiene cifrado de extremo a extremo y las claves de cifrado de Parley no están disponibles (su almacén de cifrado falta o no se pudo abrir), así que no puede descifrar los mensajes aquí. Puede publicar (sin cifrar) y ver quién entra y quién sale, pero no puede leer comandos, aportes ni respuestas enviados en esta sala. Pidan a quien opera el bot que restaure sus claves de cifrado (vean la guía de Matrix), o usen una sala sin cifrado.",
  },
};

const deviceReplaced: Record<SupportedLocale, string> = {
  en: "Parley lost its encryption keys and has signed in as a new device. It can read and send everything from now on, but not the encrypted messages sent before. Your Matrix client may show Parley's new device: that is expected.",
  ar: "فقد Parley مفاتيح التشفير الخاصة به وسجّل الدخول كجهاز جديد. يمكنه من الآن قراءة كل شيء وإرساله، لكن ليس الرسائل المشفّرة المرسلة قبل ذلك. قد يُظهر تطبيق Matrix لديكم جهاز Parley الجديد: هذا متوقَّع.",
  he: "Parley איבד את מפתחות ההצפנה שלו ונכנס כמכשיר חדש. מעכשיו הוא יכול לקרוא ולשלוח הכול, אבל לא את ההודעות המוצפנות שנשלחו לפני כן. ייתכן שאפליקציית Matrix שלכם תציג את המכשיר החדש של Parley: זה צפוי.",
  es: "Parley perdió sus claves de cifrado y entró como un dispositivo nuevo. Desde ahora puede leer y enviar todo, pero no los mensajes cifrados enviados antes. Es posible que su cliente de Matrix muestre el nuevo dispositivo de Parley: es lo esperado.",
};

const undecryptable: Record<SupportedLocale, string> = {
  en: "Parley: I could not read your last message (it arrived encrypted without its key); please send it again.",
  ar: "Parley: لم أستطع قراءة رسالتك الأخيرة (وصلت مشفّرة بلا مفتاحها)؛ أرسلها مرة أخرى من فضلك.",
  he: "Parley: לא הצלחתי לקרוא את ההודעה האחרונה שלך (היא הגיעה מוצפנת בלי המפתח שלה); אנא שלחו אותה שוב.",
  es: "Parley: no pude leer tu último mensaje (llegó cifrado sin su clave); por favor, envíalo de nuevo.",
};

const undecryptableCount: Record<SupportedLocale, (n: number) => string> = {
  en: (n) =>
    `Parley could not read ${n} encrypted message(s) in this room; their senders were asked privately to send them again.`,
  ar: (n) =>
    `لم يستطع Parley قراءة ${n} من الرسائل المشفّرة في هذه الغرفة؛ طُلب من مرسليها على انفراد إعادة إرسالها.`,
  he: (n) => `Parley לא הצליח לקרוא ${n} הודעות מוצפנות בחדר הזה; השולחים התבקשו באופן פרטי לשלוח אותן שוב.`,
  es: (n) =>
    `Parley no pudo leer ${n} mensaje(s) cifrado(s) en esta sala; se pidió en privado a quienes los enviaron que los envíen de nuevo.`,
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

// Encrypted rooms: Matrix never encrypts reactions, so answers there are replies with the number.
const replyWithNumber: Record<SupportedLocale, (range: string) => string> = {
  en: (range) => `Reply with the number of your choice (${range}).`,
  ar: (range) => `ردّ برقم اختيارك (${range}).`,
  he: (range) => `השיבו עם המספר של הבחירה שלכם (${range}).`,
  es: (range) => `Responde con el número de tu opción (${range}).`,
};

const reactionNotPrivate: Record<SupportedLocale, string> = {
  en: "Parley: reactions are not private in encrypted rooms (Matrix does not encrypt them), so your reaction was not taken as an answer. Please reply with the number of your choice instead.",
  ar: "Parley: التفاعلات ليست خاصة في الغرف المشفّرة (لا يشفّرها Matrix)، لذا لم يُحتسب تفاعلك إجابةً. من فضلك ردّ برقم اختيارك بدلًا من ذلك.",
  he: "Parley: תגובות אמוג'י אינן פרטיות בחדרים מוצפנים (Matrix אינו מצפין אותן), ולכן התגובה שלך לא נספרה כתשובה. אנא השיבו במקום זאת עם המספר של הבחירה שלכם.",
  es: "Parley: las reacciones no son privadas en las salas cifradas (Matrix no las cifra), así que tu reacción no se tomó como respuesta. Por favor, responde con el número de tu opción.",
};

/** The hint under a question in an encrypted room: reply with a number in `range` ("1–3"). */
export function replyWithNumberText(locale: string, range: string): string {
  return replyWithNumber[resolveLocale(locale)](range);
}

/** The private answer to a reaction on a question in an encrypted room (not taken as an answer). */
export function reactionNotPrivateText(locale?: string): string {
  return reactionNotPrivate[resolveLocale(locale)];
}

/** Under a second request for text in a direct room: how several open requests are answered. */
export function answerInTurnText(locale?: string): string {
  return answerInTurn[resolveLocale(locale)];
}

/** What the bot tells an encrypted room it cannot read (and its facilitators); unknown locales get English. */
export function encryptedRoomText(locale?: string, reason: EncryptionOffReason = "unavailable"): string {
  return encryptedRoom[resolveLocale(locale)][reason];
}

/** What an encrypted room hears when the bot had to replace its device (its keys were lost). */
export function deviceReplacedText(locale?: string): string {
  return deviceReplaced[resolveLocale(locale)];
}

/** The private answer to the sender of a message the bot could not decrypt. */
export function undecryptableText(locale?: string): string {
  return undecryptable[resolveLocale(locale)];
}

/** What the facilitators hear: how many messages could not be decrypted (no names, no content). */
export function undecryptableCountText(locale: string | undefined, n: number): string {
  return undecryptableCount[resolveLocale(locale)](n);
}

/** "⏱ {left} ({time} UTC)", worded in `locale`; both values are locale-neutral digits. */
export function timerLeftText(locale: string | undefined, left: string, time: string): string {
  return timerLeft[resolveLocale(locale)](left, time);
}

// Issue 17: undecryptable messages sent privately (in direct rooms) are counted to the facilitators too.
const undecryptablePrivateCount: Record<SupportedLocale, (n: number) => string> = {
  en: (n) =>
    `Parley could not read ${n} encrypted message(s) that participants of this room sent it privately; their senders were asked privately to send them again.`,
  ar: (n) =>
    `لم يستطع Parley قراءة ${n} من الرسائل المشفّرة التي أرسلها إليه مشاركون في هذه الغرفة على انفراد؛ طُلب من مرسليها على انفراد إعادة إرسالها.`,
  he: (n) =>
    `Parley לא הצליח לקרוא ${n} הודעות מוצפנות שמשתתפים בחדר הזה שלחו לו באופן פרטי; השולחים התבקשו באופן פרטי לשלוח אותן שוב.`,
  es: (n) =>
    `Parley no pudo leer ${n} mensaje(s) cifrado(s) que participantes de esta sala le enviaron en privado; se pidió en privado a quienes los enviaron que los envíen de nuevo.`,
};

/** What the facilitators hear of messages sent privately that could not be decrypted: a count only. */
export function undecryptablePrivateCountText(locale: string | undefined, n: number): string {
  return undecryptablePrivateCount[resolveLocale(locale)](n);
}
