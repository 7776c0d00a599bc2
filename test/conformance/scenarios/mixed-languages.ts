// A mixed-language room (issue 14): participants reading Arabic, Hebrew and English join a flow
// written in English, Hebrew, Arabic and Spanish. Every room post made while all three are present
// carries a block in each of their languages, the room's default (English) first, then the flow's
// order (Hebrew, Arabic), and none in Spanish, which nobody present reads; each participant's
// private text is in their language only. Once the English reader leaves, room posts drop the
// English block (src/bot/languages.ts: the room's default comes first only while someone reads it).
// An ordinary member who never joined reads the room back: no Spanish anywhere.
import { expect } from "vitest";
import { catalogues } from "../../../src/bot/i18n/index.ts";
import type { Person, Scenario } from "../driver.ts";
import { Progress } from "../steps.ts";

/** The same text in the flow's four languages. */
const t = (en: string, he: string, ar: string, es: string) => ({ en, he, ar, es });

const mixedFlow = {
  id: "mixed-languages",
  version: 1,
  title: t("Mixed room", "חדר מעורב", "غرفة مختلطة", "Sala mixta"),
  description: t("Two short questions.", "שתי שאלות קצרות.", "سؤالان قصيران.", "Dos preguntas cortas."),
  defaultLocale: "en",
  // The flow's order of languages: the room's other languages follow it (Hebrew before Arabic).
  locales: ["en", "he", "ar", "es"],
  groups: [
    { id: "group-a", name: t("Group A", "קבוצה א", "المجموعة أ", "Grupo A") },
    { id: "group-b", name: t("Group B", "קבוצה ב", "المجموعة ب", "Grupo B") },
  ],
  confidentiality: "open",
  turnEnforcement: "soft",
  stages: ["first", "second"].map((id, i) => ({
    id,
    kind: "survey",
    title:
      i === 0 ? t("Arriving", "מגיעים", "الوصول", "Llegada") : t("Leaving", "יוצאים", "المغادرة", "Salida"),
    seconds: 1800,
    questions: [
      {
        id: `${id}-mood`,
        type: "choice",
        text:
          i === 0
            ? t("How do you arrive today?", "איך את/ה מגיע/ה היום?", "كيف تصل اليوم؟", "¿Cómo llegas hoy?")
            : t("How do you leave today?", "איך את/ה יוצא/ת היום?", "كيف تغادر اليوم؟", "¿Cómo te vas hoy?"),
        options: [
          { id: "calm", label: t("Calm", "רגוע", "هادئ", "Tranquilo") },
          { id: "tired", label: t("Tired", "עייף", "متعب", "Cansado") },
        ],
      },
    ],
  })),
};

const arabic = /[\u0600-\u06FF]/u;
const hebrew = /[\u0590-\u05FF]/u;
/** Spanish of the flow and of Parley's catalogue that no other language shares. */
const spanish = /Sala mixta|Llegada|Salida|¿Cómo|Tranquilo|Cansado|Etapa \d|Respuesta registrada|¡Bienvenid/;

/** Whether a private text reads in `locale` only. */
function readsIn(locale: "ar" | "he" | "en", text: string): boolean {
  if (locale === "ar") return arabic.test(text) && !hebrew.test(text) && !spanish.test(text);
  if (locale === "he") return hebrew.test(text) && !arabic.test(text) && !spanish.test(text);
  return !arabic.test(text) && !hebrew.test(text) && !spanish.test(text);
}

export const mixedLanguages: Scenario = {
  name: "a mixed ar/he/en room: room posts in every language present, default first; private text in one's own",
  timeoutMs: 180_000,
  async run(d) {
    const w = new Progress(d);
    const [zephyrine, oswin, ludmila, teodor] = d.people as [Person, Person, Person, Person];
    const readers = [
      [zephyrine, "ar"],
      [oswin, "he"],
      [ludmila, "en"],
    ] as const;
    await d.command("facilitator", "start", await d.flow(mixedFlow));
    await w.room(/Welcome to Mixed room/, "the welcome");
    // What each of them is told privately once they read in their language.
    const mark = new Map<string, number>();
    for (const [p, locale] of readers) {
      await d.join(p, { locale });
      // (Discord confirms the join in the client's language, English, before the language is chosen.)
      mark.set(p.key, d.platform === "discord" ? d.privateTexts(p).length - 1 : 0);
    }
    // From here until ludmila leaves, all three are present.
    const from = d.roomTexts().length;
    await d.command("facilitator", "start");
    await w.room(/The workshop has started: Mixed room/);

    // The first question reaches each of them in their language, answered with its first option.
    const asked = { ar: /كيف تصل اليوم/, he: /איך את\/ה מגיע\/ה היום/, en: /How do you arrive today/ };
    for (const [p, locale] of readers) {
      const q = await w.prompt(p, asked[locale]);
      await d.answer(p, q, q.options.slice(0, 1));
    }
    await w.room(/Leaving/, "the second stage");
    const whileAll = d.roomLanguages().slice(from);
    expect(whileAll.length, d.context()).toBeGreaterThan(0);
    for (const [i, languages] of whileAll.entries())
      expect(languages, `room post: ${d.roomTexts()[from + i] ?? ""}`).toEqual(["en", "he", "ar"]);

    // The English reader leaves: from now on the room reads Hebrew and Arabic only (in the
    // flow's order), as nobody present reads English.
    await d.command(ludmila, "leave");
    const left = new RegExp(catalogues.en["leave.confirmed"]);
    await d.until(() => d.privateTexts(ludmila).some((x) => left.test(x)), "ludmila's leave confirmed");
    const after = d.roomTexts().length;
    const second = { ar: /كيف تغادر اليوم/, he: /איך את\/ה יוצא\/ת היום/ } as const;
    for (const [p, locale] of [
      [zephyrine, "ar"],
      [oswin, "he"],
    ] as const) {
      const q = await w.prompt(p, second[locale]);
      await d.answer(p, q, q.options.slice(0, 1));
    }
    // Hebrew comes first now: the room's default is read by nobody present.
    await w.room(new RegExp(catalogues.he["workshop.ended"].split(".")[0] ?? ""), "the end of the workshop");
    const withoutEnglish = d.roomLanguages().slice(after);
    expect(withoutEnglish.length, d.context()).toBeGreaterThan(0);
    for (const [i, languages] of withoutEnglish.entries())
      expect(languages, `room post: ${d.roomTexts()[after + i] ?? ""}`).toEqual(["he", "ar"]);

    // Nobody present read Spanish: no Spanish block, no Spanish text, anywhere in the room.
    for (const languages of d.roomLanguages()) expect(languages).not.toContain("es");
    for (const text of await d.readBack(teodor)) expect(text).not.toMatch(spanish);
    for (const e of await d.history(teodor)) expect(e.text).not.toMatch(spanish);
    // Private text (join, answers recorded, private prompts) in each reader's language only.
    for (const [p, locale] of readers) {
      const mine = d.privateTexts(p).slice(mark.get(p.key) ?? 0);
      expect(mine.length).toBeGreaterThan(0);
      for (const text of mine)
        expect(readsIn(locale, text), `${p.name} (${locale}) read: ${text}`).toBe(true);
    }
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
