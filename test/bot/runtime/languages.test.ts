// Mixed-language rooms: every room post is written in each language of the participants present
// that the flow has (the room's default first), and in no other; private text is in the
// participant's own language (from the platform, `join <group> <language>` or `language`).
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Delivery, LanguageBlock, Sender } from "../../../src/bot/ports.ts";
import { RecordingPlatform, textOf } from "../../support/recording-platform.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { renderReportMarkdown } from "../../../src/bot/render.ts";
import { SqliteStore } from "../../../src/bot/store.ts";
import { libreTranslate, type Translator } from "../../../src/bot/translator.ts";
import { harness, type Harness } from "./harness.ts";

const flow = fileURLToPath(new URL("./fixtures/languages.yaml", import.meta.url));

const arabic = /[\u0600-\u06FF]/u;
const hebrew = /[\u0590-\u05FF]/u;
const latinWord = /[A-Za-z]{3,}/u;

const layla: Sender = { userId: "layla", displayName: "Layla" };
const noa: Sender = { userId: "noa", displayName: "Noa", locale: "he" };
const sam: Sender = { userId: "sam", displayName: "Sam" };

let h: Harness | undefined;
afterEach(async () => {
  await h?.runtime.stop();
  h = undefined;
});

async function open(
  config?: unknown,
  more: { store?: SqliteStore; translator?: Translator } = {},
): Promise<Harness> {
  h = await harness({
    config: config ?? {
      rooms: { "test:room": { facilitators: ["fac"], interpreters: ["ines"] } },
    },
    ...more,
  });
  await h.platform.command("fac", "start", flow);
  return h;
}

/** The languages a room post is written in (its blocks, or its single body's script). */
function blocksOf(d: Delivery): readonly LanguageBlock[] | undefined {
  return d.languages;
}

/** Text a block's reader must see in their script: the runtime's own words, not only names. */
function scriptOf(text: string): "ar" | "he" | "en" {
  if (arabic.test(text)) return "ar";
  if (hebrew.test(text)) return "he";
  return "en";
}

/** Joins three people reading Arabic (asked for), Hebrew (their platform's locale) and English. */
async function joinMixed(x: Harness): Promise<number> {
  await x.platform.command(layla, "join", "south", "ar");
  await x.platform.command(noa, "join", "north");
  await x.platform.command(sam, "join", "north");
  await x.settle();
  return x.platform.deliveries.length;
}

async function consentAll(x: Harness): Promise<void> {
  await x.platform.command("fac", "next");
  await x.settle();
  const consent = x.platform.lastPromptFor("sam", "ask");
  if (consent === undefined) throw new Error("no consent question");
  for (const who of [layla, noa, sam]) await x.platform.choose(who, consent.promptId, "yes");
  await x.settle();
}

describe("a mixed Arabic, Hebrew and English room", () => {
  it("writes every room post in each present language, default first, and in no other", async () => {
    const x = await open();
    const joined = await joinMixed(x);
    await consentAll(x);
    const posts = x.platform.room().filter((d) => "body" in d && textOf(d).trim() !== "");
    const after = x.platform.deliveries
      .slice(joined)
      .filter((d) => d.audience.to === "room" && "body" in d && textOf(d).trim() !== "");
    expect(after.length).toBeGreaterThanOrEqual(4);
    for (const d of after) {
      const blocks = blocksOf(d);
      expect(
        blocks?.map((b) => b.locale),
        textOf(d),
      ).toEqual(["en", "ar", "he"]);
      for (const b of blocks ?? []) {
        const text = b.body.map((s) => s.text).join("");
        expect(scriptOf(text), text).toBe(b.locale);
        expect(b.dir).toBe(b.locale === "en" ? "ltr" : "rtl");
      }
      // `body` is the first block (what a client without blocks shows).
      expect("body" in d ? d.body : undefined).toEqual(blocks?.[0]?.body);
    }
    // Before everyone joined, no post has a block in a language nobody present read.
    for (const d of posts) {
      for (const b of blocksOf(d) ?? []) expect(["en", "ar", "he"]).toContain(b.locale);
    }
    const rules = after.find((d) => textOf(d).includes("We listen."));
    const ruleBlocks = rules?.languages?.map((b) => b.body.map((s) => s.text).join("")) ?? [];
    expect(ruleBlocks.join("\n")).toContain("نستمع.");
    expect(ruleBlocks.join("\n")).toContain("אנחנו מקשיבים.");
    expect(ruleBlocks.join("\n")).not.toContain("Escuchamos.");
  });

  it("never writes a room post in a language nobody present reads, at any moment", async () => {
    const x = await open();
    const localesOf = (d: Delivery): string[] => d.languages?.map((b) => b.locale) ?? [scriptOf(textOf(d))];
    const roomSince = (from: number): Delivery[] =>
      x.platform.deliveries.slice(from).filter((d) => d.audience.to === "room" && textOf(d).trim() !== "");
    await x.settle();
    let mark = x.platform.deliveries.length;
    const expectSince = (locales: string[]): void => {
      const posts = roomSince(mark);
      expect(posts.length).toBeGreaterThan(0);
      for (const d of posts) expect(localesOf(d), textOf(d)).toEqual(locales);
      mark = x.platform.deliveries.length;
    };
    await x.platform.command(layla, "join", "south", "ar");
    await x.platform.command(noa, "join", "north");
    await x.platform.command("fac", "next");
    await x.settle();
    // Arabic and Hebrew readers only: no English, the room's own language.
    expectSince(["ar", "he"]);
    await x.platform.command(sam, "join", "north");
    const consent = x.platform.lastPromptFor("sam", "ask");
    for (const who of [layla, noa, sam]) await x.platform.choose(who, consent?.promptId ?? "", "yes");
    await x.settle();
    expectSince(["en", "ar", "he"]);
    await x.platform.command(layla, "leave");
    await x.platform.command("fac", "next");
    await x.settle();
    expectSince(["en", "he"]);
  });

  it("gives each participant private text only in their own language", async () => {
    const x = await open();
    await joinMixed(x);
    await consentAll(x);
    const scripts = (userId: string) => x.platform.to(userId).map((d) => scriptOf(textOf(d)));
    expect(scripts("layla").length).toBeGreaterThan(0);
    expect(new Set(scripts("layla"))).toEqual(new Set(["ar"]));
    expect(new Set(scripts("noa"))).toEqual(new Set(["he"]));
    for (const d of x.platform.to("sam")) expect(textOf(d)).toMatch(latinWord);
    expect(new Set(scripts("sam"))).toEqual(new Set(["en"]));
  });

  it("keeps a room whose participants read one language single-language", async () => {
    const x = await open();
    await x.platform.command(sam, "join", "north");
    await x.platform.command({ userId: "tom", displayName: "Tom", locale: "en-GB" }, "join", "south");
    await consentAll(x).catch(() => undefined);
    await x.settle();
    for (const d of x.platform.room()) expect(d.languages).toBeUndefined();
  });

  it("leaves out the room's default when nobody present reads it", async () => {
    const x = await open();
    await x.platform.command(layla, "join", "south", "ar");
    await x.platform.command(noa, "join", "north");
    await x.platform.command("fac", "next");
    await x.settle();
    const stage = x.platform.room().at(-1);
    expect(stage?.languages?.map((b) => b.locale)).toEqual(["ar", "he"]);
  });

  it("uses the room's fixed languages when its configuration names them", async () => {
    const x = await open({
      rooms: { "test:room": { facilitators: ["fac"], languages: ["en", "ar"] } },
    });
    await joinMixed(x);
    await x.platform.command("fac", "next");
    await x.settle();
    const stage = x.platform.room().at(-1);
    expect(stage?.languages?.map((b) => b.locale)).toEqual(["en", "ar"]);
  });
});

describe("the lobby's card where the platform edits cards", () => {
  it("gains the block of each language that arrives, and never carries one nobody present reads", async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 0, 5, 14, 0, 0));
    const platform = new RecordingPlatform({
      name: "test",
      roomId: "room",
      now: () => clock.now(),
      capabilities: { liveCards: true },
    });
    h = await harness({
      clock,
      platform,
      config: { rooms: { "test:room": { facilitators: ["fac"] } } },
    });
    const x = h;
    await x.platform.command("fac", "start", flow);
    await x.settle();
    const lobby = (d: Delivery): boolean => d.card?.key.endsWith(":lobby") === true;
    const localesOf = (d: Delivery): string[] => d.languages?.map((b) => b.locale) ?? [scriptOf(textOf(d))];
    /** The lobby card's welcome, as delivered since `from`, in the languages it carries. */
    const welcomes = (from: number): Delivery[] =>
      x.platform.deliveries.slice(from).filter((d) => lobby(d) && /Welcome|أهلًا|ברוכים/.test(textOf(d)));
    expect(welcomes(0).map(localesOf)).toEqual([["en"]]);
    const blockOf = (d: Delivery | undefined, locale: string): string =>
      d?.languages
        ?.find((b) => b.locale === locale)
        ?.body.map((s) => s.text)
        .join("") ?? "";

    let mark = x.platform.deliveries.length;
    await x.platform.command(layla, "join", "south", "ar");
    await x.settle();
    // Only Layla is present: the welcome is restated (an edit of the same card) in Arabic alone.
    const arabicOnly = welcomes(mark);
    expect(arabicOnly.map(localesOf)).toEqual([["ar"]]);
    expect(textOf(arabicOnly[0] as Delivery)).toContain("أهلًا بكم في اختبار اللغات");

    mark = x.platform.deliveries.length;
    await x.platform.command(noa, "join", "north");
    await x.settle();
    const withHebrew = welcomes(mark);
    expect(withHebrew.map(localesOf)).toEqual([["ar", "he"]]);
    expect(blockOf(withHebrew[0], "he")).toContain("ברוכים הבאים ל־בדיקת שפות");

    // A language already shown adds nothing.
    mark = x.platform.deliveries.length;
    await x.platform.command({ userId: "omar", displayName: "Omar" }, "join", "south", "ar");
    await x.settle();
    expect(welcomes(mark)).toEqual([]);

    mark = x.platform.deliveries.length;
    await x.platform.command(sam, "join", "north");
    await x.settle();
    expect(welcomes(mark).map(localesOf)).toEqual([["en", "ar", "he"]]);
    // Every room post so far carried only languages someone present read when it was sent: the
    // lobby's were checked one by one above; none carries Spanish.
    for (const d of x.platform.room()) expect(localesOf(d)).not.toContain("es");
  });
});

describe("language <locale>", () => {
  it("switches a participant's private text and adds their language to the room", async () => {
    const x = await open();
    await x.platform.command(sam, "join", "north");
    await x.platform.command({ userId: "tom", displayName: "Tom" }, "join", "south");
    await x.settle();
    await x.platform.command(sam, "language", "he-IL");
    await x.settle();
    const confirmation = x.platform.to("sam").at(-1);
    expect(textOf(confirmation as Delivery)).toContain("עברית");
    await x.platform.command("fac", "next");
    await x.settle();
    expect(
      x.platform
        .room()
        .at(-1)
        ?.languages?.map((b) => b.locale),
    ).toEqual(["en", "he"]);
    expect(scriptOf(textOf(x.platform.to("sam").at(-1) as Delivery))).toBe("he");
  });

  it("answers an unknown language with the flow's languages", async () => {
    const x = await open();
    await x.platform.command(sam, "join", "north");
    await x.platform.command(sam, "language", "fr");
    await x.settle();
    const answer = textOf(x.platform.to("sam").at(-1) as Delivery);
    expect(answer).toContain("fr");
    for (const l of ["en (English)", "ar (العربية)", "he (עברית)", "es (español)"])
      expect(answer).toContain(l);
  });

  it("answers join with a language the flow does not have with the list, without joining", async () => {
    const x = await open();
    await x.platform.command(sam, "join", "north", "de");
    await x.settle();
    expect(textOf(x.platform.to("sam").at(-1) as Delivery)).toContain("ar (العربية)");
    await x.platform.command(sam, "language", "ar");
    await x.settle();
    expect(textOf(x.platform.to("sam").at(-1) as Delivery)).not.toContain("العربية.");
  });
});

/** Who had the first anonymous turn (the test must know, to forget them). */
async function firstTurn(x: Harness): Promise<string> {
  await joinMixed(x);
  // Consent opens the sharing stage.
  await consentAll(x);
  // The anonymous turn is written privately by whoever has it.
  for (const who of ["layla", "noa", "sam"]) {
    const prompt = x.platform.lastPromptFor(who, "collect");
    if (prompt !== undefined && prompt.audience.to === "user") {
      await x.platform.submit(who, prompt.promptId, "My grandmother's garden");
      await x.settle();
      return who;
    }
  }
  throw new Error("nobody was given the first turn");
}

/** The reference number the room post of the first contribution carries (" [#n]"). */
function refOf(x: Harness): string {
  const shown = x.platform.room().find((d) => textOf(d).includes("My grandmother's garden"));
  const n = / \[#(\d+)\]$/.exec(textOf(shown as Delivery))?.[1];
  if (n === undefined) throw new Error("the contribution carries no number");
  return n;
}

describe("interpreters", () => {
  it("numbers a contribution shown on someone's behalf and posts an interpreter's translation beside it", async () => {
    const x = await open();
    await firstTurn(x);
    const shown = x.platform.room().find((d) => textOf(d).includes("My grandmother's garden"));
    const n = refOf(x);
    expect(shown?.languages?.length).toBe(3);
    for (const b of shown?.languages ?? []) expect(b.body.at(-1)?.text).toBe(` [#${n}]`);
    await x.platform.command({ userId: "ines", displayName: "Ines" }, "translate", n, "حديقة", "جدتي");
    await x.settle();
    const translation = x.platform.room().at(-1) as Delivery;
    expect(translation.languages?.map((b) => b.locale)).toEqual(["en", "ar", "he"]);
    const all = (translation.languages ?? []).map((b) => b.body.map((s) => s.text).join("")).join("\n");
    expect(all).toContain(`#${n}, translated by an interpreter`);
    expect(all).toContain("حديقة جدتي");
    // Anonymous: neither the room post nor the translation names the author.
    for (const name of ["Layla", "Noa", "Sam"]) {
      expect(textOf(shown as Delivery)).not.toContain(name);
      expect(all).not.toContain(name);
    }
    const record = await x.store.findSession(x.roomKey);
    expect(record?.meta.contributions).toEqual([
      {
        ref: Number(n),
        text: "My grandmother's garden",
        translations: [{ text: "حديقة جدتي", by: "interpreter" }],
      },
    ]);
    // The record lists the translation beside its original.
    const report = renderReportMarkdown(
      {
        flowId: "languages-test",
        confidentiality: "anonymous",
        stagesRun: [],
        participation: [],
        ideas: [],
        recognisedNeeds: [],
        contributions: [],
      },
      { flow: null, locale: "en", translated: record?.meta.contributions },
    );
    expect(report).toContain(
      `## Translations\n\n- #${n}: My grandmother's garden | translated by an interpreter: \u2068حديقة جدتي\u2069`,
    );
  });

  it("refuses translations from anyone not named an interpreter, and unknown numbers", async () => {
    const x = await open();
    await firstTurn(x);
    await x.platform.command(sam, "translate", refOf(x), "hello");
    await x.platform.command({ userId: "ines", displayName: "Ines" }, "translate", "9", "hello");
    await x.settle();
    expect(textOf(x.platform.to("sam").at(-1) as Delivery)).toContain("Only an interpreter");
    expect(textOf(x.platform.to("ines").at(-1) as Delivery)).toContain("no contribution #9");
    expect(x.platform.room().some((d) => textOf(d).includes("hello"))).toBe(false);
  });
});

describe("machine translation (a LibreTranslate-shaped service on 127.0.0.1)", () => {
  let server: Server;
  let url = "";
  const asked: Record<string, unknown>[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      req.on("end", () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        asked.push(body);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            translatedText: `[${String(body["target"])}] ${String(body["q"])}`,
            detectedLanguage: { confidence: 90, language: "en" },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  it("posts each other language's machine translation, labelled, and forgets it with its author", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "parley-languages-")), "parley.sqlite");
    const x = await open(undefined, { store: new SqliteStore(file), translator: libreTranslate({ url }) });
    const author = await firstTurn(x);
    // Only the text and the target language leave Parley; English (detected) is not translated.
    expect(asked.map((a) => Object.keys(a).sort().join(","))).toEqual([
      "format,q,source,target",
      "format,q,source,target",
      "format,q,source,target",
    ]);
    expect(asked.map((a) => a["q"])).toEqual(Array(3).fill("My grandmother's garden"));
    const machine = x.platform.room().filter((d) => textOf(d).includes("] My grandmother's garden"));
    expect(machine.map((d) => textOf(d))).toEqual([
      `#${refOf(x)}، ترجمة آلية إلى \u2068العربية\u2069، قد تحتوي على أخطاء: \u2068[ar] My grandmother's garden\u2069`,
      `#${refOf(x)}, תרגום מכונה ל\u2068עברית\u2069, ייתכנו בו טעויות: \u2068[he] My grandmother's garden\u2069`,
    ]);
    const record = await x.store.findSession(x.roomKey);
    expect(record?.meta.contributions?.[0]?.translations).toEqual([
      { text: "[ar] My grandmother's garden", by: "machine", target: "ar" },
      { text: "[he] My grandmother's garden", by: "machine", target: "he" },
    ]);

    await x.platform.command({ userId: "ines", displayName: "Ines" }, "translate", refOf(x), "حديقة", "جدتي");
    await x.settle();
    // The author is forgotten: their words, and every translation of them, leave the store.
    const participantId = (await x.store.participants(record?.id ?? "")).find(
      (p) => p.userId === author,
    )?.participantId;
    await x.platform.command(author, "forget-me");
    await x.platform.command("fac", "confirm-forget", participantId ?? "");
    await x.settle();
    await x.runtime.stop();
    h = undefined;
    const db = new DatabaseSync(file, { readOnly: true });
    const rows = [
      ...db.prepare("SELECT payload AS t FROM inbox").all(),
      ...db.prepare("SELECT delivery AS t FROM outbox").all(),
      ...db.prepare("SELECT meta AS t FROM sessions").all(),
    ].map((r) => String(r["t"]));
    db.close();
    expect(rows.filter((t) => t.includes("grandmother") || t.includes("حديقة"))).toEqual([]);
  });
});
