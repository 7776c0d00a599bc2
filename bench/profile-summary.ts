// Self time of a V8 CPU profile (`node --cpu-prof`) by category: SQLite, XState, rendering and
// intl, JSON, GC, discord.js, the Discord double, ... (bench/README.md, "Profiling").
//
//   node bench/profile-summary.ts [--top 15] [--json] FILE.cpuprofile...
//
// V8 gives a native call (a node:sqlite statement, JSON.stringify, an Intl format) no frame of its
// own: its time is the self time of the JS function that called it. So a function's category is
// where it lives, and the store's lines that only parse or stringify (the profile's line ticks,
// read against the source) count as JSON; a line that also runs a statement stays SQLite. Native
// frames V8 does name (a RegExp, a file read) take their caller's category. Proportions are of the
// non-idle samples; under load, compare them and the process CPU time, not the wall clock.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
  readonly children?: readonly number[];
  readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[];
}
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

export type Category =
  | "SQLite (store statements)"
  | "JSON parse/stringify (store rows)"
  | "XState"
  | "rendering/intl"
  | "workshop (src/flows)"
  | "Parley runtime (other src)"
  | "Discord adapter (src/adapters/discord)"
  | "discord.js (and ws, undici)"
  | "the Discord double"
  | "bench driver"
  | "GC"
  | "V8 (program)"
  | "start-up (module loading)"
  | "node internals (http, streams, timers)"
  | "other packages"
  | "idle";

const rendering = [
  "src/bot/render.ts",
  "src/bot/i18n/",
  "src/bot/formatters.ts",
  "src/bot/cards.ts",
  "src/bot/languages.ts",
  "src/bot/sessions/notices.ts",
  "src/bot/neutralise.ts",
];
const discordJs = [
  "discord.js",
  "@discordjs/",
  "ws",
  "undici",
  "@sapphire/",
  "@vladfrangu/",
  "magic-bytes.js",
];

/** The category of a function by where it lives; undefined: take the caller's (a native frame). */
export function categoryOf(frame: CallFrame): Category | undefined {
  const { functionName: name, url } = frame;
  if (name === "(garbage collector)") return "GC";
  if (name === "(program)") return "V8 (program)";
  if (name === "(idle)") return "idle";
  if (url === "" || url.startsWith("wasm://")) return undefined;
  // The SQLite store's checkpointer is the only worker started from source text.
  if (url === "[worker eval]") return "SQLite (store statements)";
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg !== undefined) {
    if (pkg === "xstate") return "XState";
    if (pkg === "intl-messageformat" || pkg.startsWith("@formatjs/")) return "rendering/intl";
    if (discordJs.some((d) => (d.endsWith("/") ? pkg.startsWith(d) : pkg === d)))
      return "discord.js (and ws, undici)";
    if (pkg === "amaro") return "start-up (module loading)";
    return "other packages";
  }
  if (url.startsWith("node:internal/modules") || url.startsWith("node:internal/bootstrap"))
    return "start-up (module loading)";
  if (url.startsWith("node:")) return "node internals (http, streams, timers)";
  if (url.includes("/src/bot/store/") && !url.endsWith("/memory.ts")) return "SQLite (store statements)";
  if (rendering.some((r) => url.includes(`/${r}`))) return "rendering/intl";
  if (url.includes("/src/flows/")) return "workshop (src/flows)";
  if (url.includes("/src/adapters/discord/")) return "Discord adapter (src/adapters/discord)";
  if (url.includes("/test/support/fake-discord/")) return "the Discord double";
  if (url.includes("/bench/")) return "bench driver";
  return "Parley runtime (other src)";
}

/** A store line that serialises or parses a row value without running a statement. */
export function jsonOnly(line: string): boolean {
  return /JSON\.(parse|stringify)/.test(line) && !/\.(run|get|all|iterate|exec)\(/.test(line);
}

export interface Summary {
  /** Non-idle sampled milliseconds (the process's threads sampled: the main one). */
  readonly cpuMs: number;
  readonly idleMs: number;
  readonly byCategory: readonly {
    readonly category: Category;
    readonly ms: number;
    readonly share: number;
  }[];
  readonly top: readonly {
    readonly fn: string;
    readonly category: Category;
    readonly ms: number;
    readonly share: number;
  }[];
}

/** Self time by category; `source` reads a script's text by its URL (null: not readable). */
export function summarise(
  profile: CpuProfile,
  source: (url: string) => string | null = readSource,
  top = 15,
): Summary {
  const msPerSample =
    profile.samples.length === 0 ? 0 : (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const categories = new Map<number, Category>();
  const category = (n: ProfileNode): Category => {
    const known = categories.get(n.id);
    if (known !== undefined) return known;
    const up = parent.get(n.id);
    const c = categoryOf(n.callFrame) ?? (up === undefined ? "V8 (program)" : category(up));
    categories.set(n.id, c);
    return c;
  };
  const lines = new Map<string, readonly string[] | null>();
  const linesOf = (url: string): readonly string[] | null => {
    if (!lines.has(url)) lines.set(url, source(url)?.split("\n") ?? null);
    return lines.get(url) ?? null;
  };
  const byCategory = new Map<Category, number>();
  const byFn = new Map<string, { category: Category; samples: number }>();
  const add = (c: Category, fn: string, samples: number): void => {
    byCategory.set(c, (byCategory.get(c) ?? 0) + samples);
    const key = c === "JSON parse/stringify (store rows)" ? `${fn} (its JSON lines)` : fn;
    const f = byFn.get(key) ?? { category: c, samples: 0 };
    f.samples += samples;
    byFn.set(key, f);
  };
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const c = category(n);
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = `${functionName === "" ? "(anonymous)" : functionName} ${url.replace(/^.*?\/(node_modules|src|test|bench)\//, "$1/")}:${lineNumber + 1}`;
    let json = 0;
    if (c === "SQLite (store statements)") {
      const text = linesOf(url);
      for (const t of n.positionTicks ?? []) if (jsonOnly(text?.[t.line - 1] ?? "")) json += t.ticks;
    }
    if (json > 0) add("JSON parse/stringify (store rows)", fn, json);
    add(c, fn, hits - json);
  }
  const idle = byCategory.get("idle") ?? 0;
  byCategory.delete("idle");
  const busy = [...byCategory.values()].reduce((a, b) => a + b, 0);
  const share = (s: number) => (busy === 0 ? 0 : s / busy);
  return {
    cpuMs: busy * msPerSample,
    idleMs: idle * msPerSample,
    byCategory: [...byCategory]
      .sort((a, b) => b[1] - a[1])
      .map(([category, s]) => ({ category, ms: s * msPerSample, share: share(s) })),
    top: [...byFn]
      .filter(([, f]) => f.category !== "idle")
      .sort((a, b) => b[1].samples - a[1].samples)
      .slice(0, top)
      .map(([fn, f]) => ({ fn, category: f.category, ms: f.samples * msPerSample, share: share(f.samples) })),
  };
}

function readSource(url: string): string | null {
  if (!url.startsWith("file://")) return null;
  try {
    return readFileSync(fileURLToPath(url), "utf8");
  } catch {
    return null;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const t = args.indexOf("--top");
  const top = t < 0 ? 15 : Number(args[t + 1]);
  const files = args.filter((a, i) => a.endsWith(".cpuprofile") && i !== t + 1);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  for (const file of files) {
    const s = summarise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, readSource, top);
    if (args.includes("--json")) {
      console.log(JSON.stringify({ file, ...s }));
      continue;
    }
    console.log(
      `\n${file}: ${(s.cpuMs / 1000).toFixed(2)} s sampled busy (${(s.idleMs / 1000).toFixed(2)} s idle)`,
    );
    console.table(
      Object.fromEntries(
        s.byCategory.map((c) => [c.category, { "self ms": Math.round(c.ms), share: pct(c.share) }]),
      ),
    );
    console.table(
      Object.fromEntries(
        s.top.map((f) => [f.fn, { category: f.category, "self ms": Math.round(f.ms), share: pct(f.share) }]),
      ),
    );
  }
}
