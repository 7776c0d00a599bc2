// Which languages a workshop speaks: the locales a flow offers, each participant's reading
// language, and the languages a room post is rendered in (every language of the participants
// present that the flow has, the room's default first), unless the room's configuration fixes them.
import type { Locale } from "../flows/protocol.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { supportedLocales, type SupportedLocale } from "./i18n/index.ts";

/** Tags seen so far, by what they name (a handful in practice; bounded all the same). */
const catalogueLocales = new Map<string, SupportedLocale | undefined>();

/** The catalogue locale of a tag, only when the catalogue has that language ("es-MX" → "es"). */
function catalogueLocaleOf(tag: string): SupportedLocale | undefined {
  if (catalogueLocales.has(tag)) return catalogueLocales.get(tag);
  if (catalogueLocales.size >= 256) catalogueLocales.clear();
  const found = lookUpCatalogueLocale(tag);
  catalogueLocales.set(tag, found);
  return found;
}

function lookUpCatalogueLocale(tag: string): SupportedLocale | undefined {
  const t = tag.trim().replace(/_/g, "-").toLowerCase();
  const language = t.split("-")[0] ?? "";
  const wanted = language === "iw" ? "he" : language;
  return supportedLocales.find((l) => l === t || l === wanted);
}

/**
 * The locales a flow is written in that Parley's catalogue also has: its declared `locales`, else
 * the languages its title is given in (a flow without `locales` promises no more than that).
 */
export function flowLocales(flow: FlowSpec | null): SupportedLocale[] {
  if (flow === null) return [...supportedLocales];
  // Specs are frozen and shared by every session of a flow: computed once per spec.
  const known = flowLocaleCache.get(flow);
  if (known !== undefined) return [...known];
  const found = lookUpFlowLocales(flow);
  if (Object.isFrozen(flow)) flowLocaleCache.set(flow, found);
  return [...found];
}
const flowLocaleCache = new WeakMap<FlowSpec, readonly SupportedLocale[]>();

function lookUpFlowLocales(flow: FlowSpec): SupportedLocale[] {
  const declared = flow.locales ?? [flow.defaultLocale, ...Object.keys(flow.title)];
  const out: SupportedLocale[] = [];
  for (const tag of declared) {
    const l = catalogueLocaleOf(tag);
    if (l !== undefined && !out.includes(l)) out.push(l);
  }
  return out;
}

/** The flow locale a `language`/`join` argument names (exact or by language), or undefined. */
export function flowLocaleFor(flow: FlowSpec | null, tag: string): SupportedLocale | undefined {
  const l = catalogueLocaleOf(tag);
  return l !== undefined && flowLocales(flow).includes(l) ? l : undefined;
}

/** The language a participant reads room text in: theirs when the flow has it, else the room's. */
export function readingLocale(participantLocale: Locale, flow: FlowSpec | null, roomLocale: Locale): Locale {
  return flowLocaleFor(flow, participantLocale) ?? roomLocale;
}

export interface RoomLanguagesInput {
  readonly roomLocale: Locale;
  readonly flow: FlowSpec | null;
  /** The locales of the participants present now. */
  readonly present: readonly Locale[];
  /** A fixed set from the room's configuration (`languages`), overriding who is present. */
  readonly fixed?: readonly Locale[] | undefined;
}

/**
 * The languages a room post is written in, the room's default first. One language (the room's)
 * when nobody present reads another; a fixed set is kept as configured (the flow's locales only).
 */
export function roomLanguages(input: RoomLanguagesInput): Locale[] {
  const { roomLocale, flow } = input;
  if (input.fixed !== undefined && input.fixed.length > 0) {
    const fixed: Locale[] = [];
    for (const tag of input.fixed) {
      const l = flowLocaleFor(flow, tag);
      if (l !== undefined && !fixed.includes(l)) fixed.push(l);
    }
    if (fixed.length > 0) return fixed;
  }
  const reading = new Set(input.present.map((l) => readingLocale(l, flow, roomLocale)));
  if (reading.size === 0) return [roomLocale];
  const order = flowLocales(flow);
  const rest = [...reading]
    .filter((l) => l !== roomLocale)
    .sort((a, b) => order.indexOf(a as SupportedLocale) - order.indexOf(b as SupportedLocale));
  return reading.has(roomLocale) ? [roomLocale, ...rest] : rest;
}

const languageNames = new Map<string, string>();

/**
 * A language's own name ("العربية", "עברית", "English"), falling back to its tag. Kept once
 * found: building the Intl.DisplayNames was a tenth of a millisecond of every `status` (issue 19).
 */
export function languageName(locale: string): string {
  let name = languageNames.get(locale);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
    } catch {
      name = locale;
    }
    if (languageNames.size < 1000) languageNames.set(locale, name);
  }
  return name;
}
