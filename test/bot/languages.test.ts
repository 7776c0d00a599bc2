// Which languages a flow offers and a room post is written in.
import { describe, expect, it } from "vitest";
import { flowLocaleFor, flowLocales, roomLanguages } from "../../src/bot/languages.ts";
import type { FlowSpec } from "../../src/flows/spec.ts";

const flow = (more: Partial<FlowSpec>): FlowSpec =>
  ({ defaultLocale: "en", title: { en: "T" }, ...more }) as unknown as FlowSpec;

describe("flowLocales", () => {
  it("is the declared locales Parley's catalogue has, else the title's", () => {
    expect(flowLocales(flow({ locales: ["en", "ar", "pt-BR", "he"] }))).toEqual(["en", "ar", "he"]);
    expect(flowLocales(flow({ title: { en: "T", es: "T" } }))).toEqual(["en", "es"]);
    expect(flowLocales(flow({}))).toEqual(["en"]);
  });

  it("matches a typed tag by language (es-MX, iw, AR)", () => {
    const f = flow({ locales: ["en", "es", "he", "ar"] });
    expect(flowLocaleFor(f, "es-MX")).toBe("es");
    expect(flowLocaleFor(f, "iw")).toBe("he");
    expect(flowLocaleFor(f, "AR")).toBe("ar");
    expect(flowLocaleFor(f, "fr")).toBeUndefined();
    expect(flowLocaleFor(flow({}), "ar")).toBeUndefined();
  });
});

describe("roomLanguages", () => {
  const f = flow({ locales: ["en", "ar", "he", "es"] });
  it("is the present readers' languages, the room's first, then the flow's order", () => {
    expect(roomLanguages({ roomLocale: "en", flow: f, present: ["he", "ar", "en", "ar"] })).toEqual([
      "en",
      "ar",
      "he",
    ]);
    expect(roomLanguages({ roomLocale: "en", flow: f, present: ["he", "ar"] })).toEqual(["ar", "he"]);
    expect(roomLanguages({ roomLocale: "en", flow: f, present: [] })).toEqual(["en"]);
  });

  it("reads a language the flow lacks as the room's", () => {
    expect(roomLanguages({ roomLocale: "en", flow: f, present: ["fr", "ar"] })).toEqual(["en", "ar"]);
    expect(roomLanguages({ roomLocale: "en", flow: flow({}), present: ["ar", "he"] })).toEqual(["en"]);
  });

  it("keeps a fixed set as configured, limited to the flow's languages", () => {
    expect(roomLanguages({ roomLocale: "en", flow: f, present: ["es"], fixed: ["he", "ar", "fr"] })).toEqual([
      "he",
      "ar",
    ]);
    expect(roomLanguages({ roomLocale: "en", flow: f, present: ["es"], fixed: ["fr"] })).toEqual(["es"]);
  });
});
