// Screening words and phrases a programme lists (per locale) against a text: pure, no I/O.
// Both the text and each term are folded the same way (case, diacritics, Arabic and Hebrew letter
// variants, look-alike letters, digits and symbols standing for letters), and the text is then
// un-obfuscated (letters spaced or dotted apart are joined); a term matches whole words, its
// letters may repeat ("terrrror"), and "*" at its end lets a word go on ("terror*" → "terrorists").

/** A programme's word list: locale → terms (words or phrases; `*` at the end of a term: any ending). */
export type WordLists = Readonly<Record<string, readonly string[]>>;

export interface ScreeningHit {
  /** The term as the programme wrote it (not the participant's text). */
  readonly term: string;
  /** The locale whose list the term is in. */
  readonly locale: string;
}

const arabicLetters = /[\u0600-\u06ff\u0750-\u077f]/u;
const hebrewLetters = /[\u0590-\u05ff]/u;
const latinLetters = /[a-z]/u;

/** Letters that only differ in spelling convention, folded to one form. */
const letterVariants: Readonly<Record<string, string>> = {
  // Arabic: alef wasla (the hamza/madda forms lose their mark with the other diacritics), ta
  // marbuta as ha, alef maqsura as ya, Persian/Urdu ya and kaf as the Arabic ones.
  "\u0671": "\u0627",
  "\u0629": "\u0647",
  "\u0649": "\u064a",
  "\u06cc": "\u064a",
  "\u06a9": "\u0643",
  // Hebrew final letters as their ordinary forms.
  "\u05da": "\u05db",
  "\u05dd": "\u05de",
  "\u05df": "\u05e0",
  "\u05e3": "\u05e4",
  "\u05e5": "\u05e6",
  // Cyrillic and Greek letters that look Latin (a common way round a word filter).
  "\u0430": "a",
  "\u0435": "e",
  "\u043e": "o",
  "\u0440": "p",
  "\u0441": "c",
  "\u0443": "y",
  "\u0445": "x",
  "\u0456": "i",
  "\u0455": "s",
  "\u0458": "j",
  "\u043a": "k",
  "\u043c": "m",
  "\u0442": "t",
  "\u043d": "h",
  "\u03bf": "o",
  "\u03b1": "a",
  "\u03b5": "e",
  "\u03b9": "i",
  "\u03ba": "k",
  "\u03bd": "v",
  "\u03c1": "p",
  "\u03c4": "t",
};

/** Digits and symbols standing for Latin letters ("t3rr0r", "$hut"); only in words with Latin letters. */
const leet: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "9": "g",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "l",
  "+": "t",
  "€": "e",
};

/** Folds characters: case, diacritics (incl. harakat and niqqud), tatweel, invisible characters, variants. */
export function foldCharacters(text: string): string {
  const decomposed = text.normalize("NFKD").toLowerCase();
  let out = "";
  for (const ch of decomposed) {
    // Combining marks (Latin accents, Arabic harakat and hamza marks, Hebrew niqqud and cantillation),
    // format characters (zero-width joiners, bidi marks) and the Arabic tatweel carry no letter.
    if (/[\p{M}\p{Cf}]/u.test(ch) || ch === "\u0640") continue;
    out += letterVariants[ch] ?? ch;
  }
  return out;
}

const isWordChar = (ch: string) => /[\p{L}\p{N}]/u.test(ch);

/** One whitespace-separated chunk → its words, with l33t letters and dotted-apart letters undone. */
function chunkWords(chunk: string): string[] {
  let c = chunk;
  if (latinLetters.test(c) && !arabicLetters.test(c) && !hebrewLetters.test(c)) {
    const chars = Array.from(c);
    c = chars
      .map((ch, i) => {
        const mapped = leet[ch];
        if (mapped === undefined) return ch;
        if (/\d/u.test(ch)) return mapped;
        // A symbol counts as a letter only inside a word ("b!tch", "$hut"), not as punctuation ("liars!").
        let j = i + 1;
        while (chars[j] !== undefined && leet[chars[j] ?? ""] !== undefined && !/\d/u.test(chars[j] ?? ""))
          j++;
        const next = chars[j];
        return next !== undefined && isWordChar(next) ? mapped : ch;
      })
      .join("");
  }
  const pieces = c.split(/[^\p{L}\p{N}]+/u).filter((p) => p !== "");
  // "t.e.r.r.o.r", "te-rr-or", "צה״ל": pieces of one or two letters are one word spelled apart.
  if (pieces.length > 1 && pieces.every((p) => Array.from(p).length <= 2)) return [pieces.join("")];
  return pieces;
}

/** The text as a list of folded words, with letters spaced apart ("t e r r o r") joined again. */
export function screeningWords(text: string): string[] {
  const words = foldCharacters(text)
    .split(/\s+/u)
    .flatMap((chunk) => chunkWords(chunk));
  const out: string[] = [];
  let run = "";
  for (const w of words) {
    if (Array.from(w).length === 1) {
      run += w;
      continue;
    }
    if (run !== "") out.push(run);
    run = "";
    out.push(w);
  }
  if (run !== "") out.push(run);
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");

/** Clitics written onto Arabic and Hebrew words ("and", "the", "to", "in"): a term may carry them. */
const arabicPrefix =
  "(?:[\u0648\u0641]?(?:[\u0628\u0643\u0644]?\u0627\u0644|\u0644\u0644|[\u0628\u0643\u0644\u0633])?)";
const hebrewPrefix = "(?:[\u05d5\u05d4\u05d1\u05db\u05dc\u05de\u05e9]{0,3})";

function letterPattern(ch: string): string {
  // "1" is read as "i", but people type it for "l" too: i and l are one letter here.
  if (ch === "i" || ch === "l") return "[il]+";
  return `${escapeRegExp(ch)}+`;
}

/** A term as a pattern over the space-joined folded words of a text; null for an empty term. */
export function termPattern(term: string): RegExp | null {
  const trimmed = term.trim();
  const open = trimmed.endsWith("*");
  const words = screeningWords(open ? trimmed.slice(0, -1) : trimmed);
  if (words.length === 0) return null;
  const first = words[0] ?? "";
  const prefix = arabicLetters.test(first) ? arabicPrefix : hebrewLetters.test(first) ? hebrewPrefix : "";
  // Words of a phrase may also be written together ("shutup").
  const body = words.map((w) => Array.from(w).map(letterPattern).join("")).join(" ?");
  return new RegExp(`(?<= )${prefix}${body}${open ? "[^ ]*" : ""}(?= )`, "u");
}

/** A word list compiled once per configuration. */
export interface Screen {
  match(text: string): ScreeningHit[];
}

export function compileWordLists(lists: WordLists): Screen {
  const compiled: { hit: ScreeningHit; pattern: RegExp }[] = [];
  for (const [locale, terms] of Object.entries(lists)) {
    for (const term of terms) {
      const pattern = termPattern(term);
      if (pattern !== null) compiled.push({ hit: { term, locale }, pattern });
    }
  }
  return {
    match(text) {
      if (compiled.length === 0) return [];
      const joined = ` ${screeningWords(text).join(" ")} `;
      return compiled.filter((c) => c.pattern.test(joined)).map((c) => c.hit);
    },
  };
}
