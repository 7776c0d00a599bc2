import { describe, expect, it } from "vitest";
import { messageKeys } from "../../../src/flows/protocol.ts";
import {
  catalogues,
  directionOf,
  formatSegments,
  messageArguments,
  missingValue,
  resolveLocale,
  runtimeMessageKeys,
  supportedLocales,
  type CatalogueKey,
} from "../../../src/bot/i18n/index.ts";
import { renderMessage, segmentsToPlainText } from "../../../src/bot/render.ts";

const allKeys: CatalogueKey[] = [...messageKeys, ...runtimeMessageKeys];

function sampleValues(locale: (typeof supportedLocales)[number], key: CatalogueKey) {
  const text = new Map<string, string>();
  const numbers = new Map<string, number>();
  const selects = new Map<string, string>();
  for (const [name, kind] of messageArguments(locale, key)) {
    if (kind === "number") numbers.set(name, 3);
    else if (kind === "select") selects.set(name, name.startsWith("has") ? "some" : "other");
    else text.set(name, `«${name}»`);
  }
  return { text, numbers, selects };
}

describe("catalogues", () => {
  it("define every machine and runtime key in every locale, and nothing else", () => {
    for (const locale of supportedLocales) {
      expect(Object.keys(catalogues[locale]).sort()).toEqual([...allKeys].sort());
      for (const key of allKeys) expect(catalogues[locale][key].trim(), `${locale} ${key}`).not.toBe("");
    }
  });

  it("use the same variables as English in every translation", () => {
    for (const locale of supportedLocales) {
      for (const key of allKeys) {
        const names = (l: (typeof supportedLocales)[number]) => [...messageArguments(l, key).keys()].sort();
        expect(names(locale), `${locale} ${key}`).toEqual(names("en"));
      }
    }
  });

  it("parse and format every message with sample values, without placeholders left over", () => {
    for (const locale of supportedLocales) {
      for (const key of allKeys) {
        const text = segmentsToPlainText(formatSegments(locale, key, sampleValues(locale, key)));
        expect(text, `${locale} ${key}`).not.toContain(missingValue);
        expect(text, `${locale} ${key}`).not.toMatch(/[{}]/);
        expect(text.length).toBeGreaterThan(0);
      }
    }
  });

  it("choose plural forms per language", () => {
    const extended = (locale: string, minutes: number) =>
      segmentsToPlainText(renderMessage("workshop.extended", { minutes }, locale));
    expect(extended("en", 1)).toBe("The facilitator added 1 minute.");
    expect(extended("en", 5)).toBe("The facilitator added 5 minutes.");
    expect(extended("es", 1)).toContain("1 minuto.");
    expect(extended("ar", 2)).toContain("دقيقتان");
    expect(extended("ar", 5)).toContain("دقائق");
    expect(extended("he", 2)).toContain("שתי דקות");
    expect(extended("he", 7)).toContain("7 דקות");
  });

  it("render right-to-left locales in their own script", () => {
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("he-IL")).toBe("rtl");
    expect(directionOf("es")).toBe("ltr");
    const ar = segmentsToPlainText(renderMessage("workshop.paused", {}, "ar"));
    const he = segmentsToPlainText(renderMessage("workshop.paused", {}, "he"));
    expect(ar).toMatch(/[\u0600-\u06FF]/);
    expect(he).toMatch(/[\u0590-\u05FF]/);
    // A Latin name inside Arabic text stays its own segment, isolated so it cannot reorder the sentence.
    const joined = renderMessage("workshop.participantJoined", { participant: { userText: "Ben 2" } }, "ar");
    expect(joined.some((s) => s.text === "\u2068Ben 2\u2069" && s.fromParticipant === true)).toBe(true);
  });

  it("isolate an Arabic or Hebrew name in an English sentence, line by line, and leave Latin text alone", () => {
    const segment = (userText: string) =>
      renderMessage("workshop.participantJoined", { participant: { userText } }, "en").find(
        (s) => s.fromParticipant === true,
      )?.text;
    expect(segment("أمل")).toBe("\u2068أمل\u2069");
    expect(segment("Ben")).toBe("Ben");
    // A participant's own isolates and overrides are stripped first: only ours remain, balanced.
    expect(segment("\u2067שלום\u202E")).toBe("\u2068שלום\u2069");
    const text = renderMessage(
      "perspective.contribution",
      { participant: "?", text: { userText: "שלום\nעולם" } },
      "en",
    )
      .filter((s) => s.fromParticipant === true)
      .map((s) => s.text);
    expect(text).toContain("\u2068שלום\u2069\n\u2068עולם\u2069");
  });

  it("resolve locale tags with fallback", () => {
    expect(resolveLocale("es-MX")).toBe("es");
    expect(resolveLocale("he")).toBe("he");
    expect(resolveLocale("iw")).toBe("he");
    expect(resolveLocale("ar_EG")).toBe("ar");
    expect(resolveLocale("EN-gb")).toBe("en");
    expect(resolveLocale("fr")).toBe("en");
    expect(resolveLocale("fr", "es")).toBe("es");
    expect(resolveLocale(undefined)).toBe("en");
  });

  it("shows a visible placeholder, not a crash, for a variable a caller forgot", () => {
    const text = segmentsToPlainText(renderMessage("perspective.turnOf", {}, "en"));
    expect(text).toContain(missingValue);
  });
});
