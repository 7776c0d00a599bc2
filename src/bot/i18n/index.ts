// Message catalogues (ICU MessageFormat via intl-messageformat) and locale resolution.
import { IntlMessageFormat, PART_TYPE } from "intl-messageformat";
import type { Locale } from "../../flows/protocol.ts";
import type { Segment } from "../ports.ts";
import { ar } from "./ar.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { he } from "./he.ts";
import type { Catalogue, CatalogueKey } from "./keys.ts";

export { runtimeMessageKeys, type Catalogue, type CatalogueKey, type RuntimeMessageKey } from "./keys.ts";

export const supportedLocales = ["en", "ar", "he", "es"] as const;
export type SupportedLocale = (typeof supportedLocales)[number];
export const defaultLocale: SupportedLocale = "en";

export const catalogues: Readonly<Record<SupportedLocale, Catalogue>> = { en, ar, he, es };

const rtl = new Set(["ar", "he", "fa", "ur", "yi"]);

/** "rtl" for right-to-left scripts (Arabic, Hebrew…), else "ltr". */
export function directionOf(locale: Locale): "rtl" | "ltr" {
  return rtl.has(locale.split("-")[0]?.toLowerCase() ?? "") ? "rtl" : "ltr";
}

function isSupported(tag: string): tag is SupportedLocale {
  return (supportedLocales as readonly string[]).includes(tag);
}

/**
 * The catalogue locale for a tag: exact ("he"), then the language ("es-MX" → "es", "pt_BR" → none),
 * then the fallback (the default locale unless given).
 */
export function resolveLocale(
  tag: string | null | undefined,
  fallback: SupportedLocale = defaultLocale,
): SupportedLocale {
  if (tag === null || tag === undefined) return fallback;
  const t = tag.trim().replace(/_/g, "-").toLowerCase();
  if (isSupported(t)) return t;
  const language = t.split("-")[0] ?? "";
  // Old ISO code for Hebrew, still sent by some clients.
  if (language === "iw") return "he";
  return isSupported(language) ? language : fallback;
}

// AST element types of @formatjs/icu-messageformat-parser (a stable numeric enum).
const TYPE = { literal: 0, argument: 1, number: 2, date: 3, time: 4, select: 5, plural: 6, pound: 7, tag: 8 };

export type ArgumentKind = "text" | "number" | "select";

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
  children?: AstElement[];
}

function collectArguments(elements: readonly AstElement[], into: Map<string, ArgumentKind>): void {
  for (const el of elements) {
    const name = typeof el.value === "string" ? el.value : "";
    if (el.type === TYPE.argument && !into.has(name)) into.set(name, "text");
    if (el.type === TYPE.number || el.type === TYPE.plural) into.set(name, "number");
    if (el.type === TYPE.select) into.set(name, "select");
    if (el.type === TYPE.date || el.type === TYPE.time) into.set(name, "number");
    for (const option of Object.values(el.options ?? {})) collectArguments(option.value, into);
    if (el.children !== undefined) collectArguments(el.children, into);
  }
}

interface Compiled {
  readonly format: IntlMessageFormat;
  readonly args: ReadonlyMap<string, ArgumentKind>;
}
const compiled = new Map<string, Compiled>();

/** The compiled message (cached); `<` and `>` are literal text (command usages like `<flow>`). */
export function compileMessage(locale: SupportedLocale, key: CatalogueKey): Compiled {
  const id = `${locale}\u0000${key}`;
  let c = compiled.get(id);
  if (c === undefined) {
    const format = new IntlMessageFormat(catalogues[locale][key], locale, undefined, { ignoreTag: true });
    const args = new Map<string, ArgumentKind>();
    collectArguments(format.getAst(), args);
    c = { format, args };
    compiled.set(id, c);
  }
  return c;
}

/** The arguments a message uses, with how it uses them (for contract tests and tools). */
export function messageArguments(
  locale: SupportedLocale,
  key: CatalogueKey,
): ReadonlyMap<string, ArgumentKind> {
  return compileMessage(locale, key).args;
}

/** A value for a text argument: a segment (kept whole, never parsed as ICU) or plain text. */
export type TextValue = Segment | string;
export interface FormatValues {
  readonly text: ReadonlyMap<string, TextValue>;
  readonly numbers: ReadonlyMap<string, number>;
  /** Select discriminators (e.g. category "needs"). */
  readonly selects: ReadonlyMap<string, string>;
}

/** Shown for a variable the caller did not give (a contract slip, visible rather than a crash). */
export const missingValue = "…";

/**
 * Formats a catalogue message into segments. Text arguments keep their own segment (so
 * participant text is never interpolated into a string an adapter could misread as markup);
 * `has<Name>` select arguments are derived: "none" when <name> is absent or empty, else "some".
 */
export function formatSegments(locale: SupportedLocale, key: CatalogueKey, values: FormatValues): Segment[] {
  const { format, args } = compileMessage(locale, key);
  const input: Record<string, string | number | Segment> = {};
  for (const [name, kind] of args) {
    if (kind === "number") {
      input[name] = values.numbers.get(name) ?? Number.NaN;
    } else if (kind === "select") {
      const given = values.selects.get(name);
      if (given !== undefined) input[name] = given;
      else if (/^has[A-Z]/.test(name)) {
        const base = name.charAt(3).toLowerCase() + name.slice(4);
        const v = values.text.get(base);
        const text = v === undefined ? "" : typeof v === "string" ? v : v.text;
        input[name] = text.trim() === "" && !values.numbers.has(base) ? "none" : "some";
      } else input[name] = "other";
    } else {
      const v = values.text.get(name);
      const n = values.numbers.get(name);
      const s = values.selects.get(name);
      input[name] = v ?? (n !== undefined ? String(n) : (s ?? missingValue));
    }
  }
  const parts = format.formatToParts<Segment>(input);
  const out: Segment[] = [];
  for (const part of parts) {
    const seg: Segment = part.type === PART_TYPE.literal ? { text: part.value } : part.value;
    const last = out[out.length - 1];
    if (last !== undefined && isPlain(last) && isPlain(seg))
      out[out.length - 1] = { text: last.text + seg.text };
    else if (seg.text !== "") out.push(seg);
  }
  return out;
}

function isPlain(s: Segment): boolean {
  return s.style === undefined && s.fromParticipant !== true;
}
