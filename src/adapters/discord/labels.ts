// The few words the adapter shows itself (button and modal labels, a generic confirmation). All
// workshop text comes rendered from the runtime; these exist because Discord needs labels on
// controls the runtime does not know about.

export type LabelLocale = "en" | "es" | "ar" | "he";

const labels = {
  // These never say "privately": whether the room sees an answer, with or without a name, depends
  // on the flow, and the runtime's own prompt above the button says so (finding 2 of issue 10).
  write: { en: "Write your answer", es: "Escribe tu respuesta", ar: "اكتب إجابتك", he: "כתבו את התשובה" },
  answer: { en: "Your answer", es: "Tu respuesta", ar: "إجابتك", he: "התשובה שלך" },
  received: {
    en: "Received. Thank you.",
    es: "Recibido. Gracias.",
    ar: "تم الاستلام. شكرًا لك.",
    he: "התקבל. תודה.",
  },
  notReceived: {
    en: "That did not go through. Please try again in a moment.",
    es: "No se pudo enviar. Inténtalo de nuevo en un momento.",
    ar: "لم يتم الإرسال. حاول مرة أخرى بعد قليل.",
    he: "זה לא עבר. נסו שוב בעוד רגע.",
  },
  // A time-out reaches the facilitators only, whatever the floor (Discord hides slash commands from
  // anyone who may not post, so a button is the way out under a strict floor).
  timeout: {
    en: "Ask for a time-out",
    es: "Pedir una pausa",
    ar: "اطلب استراحة",
    he: "בקשת הפסקה",
  },
  timeoutCard: {
    en: "Need a pause? The button below asks the facilitators for a time-out. Only they learn that you asked; nothing appears in this channel.",
    es: "¿Necesitas una pausa? El botón de abajo pide una pausa a los facilitadores. Solo ellos sabrán que la pediste; nada aparece en este canal.",
    ar: "هل تحتاج إلى استراحة؟ الزر أدناه يطلب استراحة من الميسّرين. هم وحدهم يعرفون أنك طلبتها؛ لا يظهر شيء في هذه القناة.",
    he: "צריכים הפסקה? הכפתור למטה מבקש הפסקה מהמנחים. רק הם יידעו שביקשתם; דבר לא יופיע בערוץ הזה.",
  },
  // A command the runtime did not answer privately (next, extend…): the ephemeral "thinking…" is
  // replaced by this, never removed without a word.
  commandDone: {
    en: "Done: Parley received your command. Anything it changes shows in the channel.",
    es: "Hecho: Parley recibió tu comando. Lo que cambie se verá en el canal.",
    ar: "تم: استلم Parley أمرك. أي تغيير يظهر في القناة.",
    he: "בוצע: Parley קיבל את הפקודה. כל שינוי יופיע בערוץ.",
  },
  choose: { en: "Choose…", es: "Elige…", ar: "اختر…", he: "בחרו…" },
  notHere: {
    en: "Parley is not running in this channel.",
    es: "Parley no está activo en este canal.",
    ar: "Parley لا يعمل في هذه القناة.",
    he: "Parley לא פועל בערוץ הזה.",
  },
  expired: {
    en: "This button no longer works.",
    es: "Este botón ya no funciona.",
    ar: "هذا الزر لم يعد يعمل.",
    he: "הכפתור הזה כבר לא פעיל.",
  },
  facilitators: {
    en: "Parley facilitators",
    es: "Facilitadores de Parley",
    ar: "ميسّرو Parley",
    he: "המנחים של Parley",
  },
} as const;

export type LabelKey = keyof typeof labels;

export function label(key: LabelKey, locale: LabelLocale): string {
  return labels[key][locale];
}

/** A Discord locale ("es-ES", "en-US", …) → one of the adapter's label locales. */
export function labelLocale(discordLocale: string | undefined, fallback: LabelLocale): LabelLocale {
  const lang = (discordLocale ?? "").slice(0, 2).toLowerCase();
  return lang === "en" || lang === "es" || lang === "ar" || lang === "he" ? lang : fallback;
}
