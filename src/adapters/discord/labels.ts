// The few words the adapter shows itself (button and modal labels, a generic confirmation). All
// workshop text comes rendered from the runtime; these exist because Discord needs labels on
// controls the runtime does not know about.

export type LabelLocale = "en" | "es" | "ar" | "he";

const labels = {
  share: { en: "Share privately", es: "Compartir en privado", ar: "شارك بشكل خاص", he: "שיתוף באופן פרטי" },
  answer: { en: "Your answer", es: "Tu respuesta", ar: "إجابتك", he: "התשובה שלך" },
  received: {
    en: "Received privately. Thank you.",
    es: "Recibido en privado. Gracias.",
    ar: "تم الاستلام بشكل خاص. شكرًا لك.",
    he: "התקבל באופן פרטי. תודה.",
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
