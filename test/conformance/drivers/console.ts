// The terminal room's conformance driver: the real bot process (`node src/main.ts run` with the
// terminal room on), typed at through its standard input and read from its standard output, the
// way `npm start` is used. Everyone is on one screen, so "what a person sees" is what the terminal
// labels for them: `[room]`, `[→ name (private)]`, `[facilitators]`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify as stringifyYaml } from "yaml";
import type {
  Actor,
  ConformanceDriver,
  ConformancePlatform,
  HistoryEntry,
  Person,
  Prompt,
} from "../driver.ts";
import { joinedIn } from "../steps.ts";
import { errorLines, inboxRows, until } from "./inbox.ts";

const repo = resolve(import.meta.dirname, "../../..");
const node = join(repo, "node_modules", ".bin", "node");

/** Distinctive names, so any leak of an author is unmistakable. */
const cast = [
  { name: "zephyrine", group: "group-a" },
  { name: "oswin", group: "group-b" },
  { name: "ludmila", group: "group-a" },
  { name: "teodor", group: "group-b" },
] as const;

/** One printed delivery: its audience label and its lines (continuation lines de-indented). */
interface Block {
  readonly index: number;
  /** "room", "facilitators", "console", or the person a private block is for. */
  readonly to: string;
  readonly lines: readonly string[];
}

function parseBlocks(out: string): Block[] {
  const blocks: { to: string; lines: string[] }[] = [];
  for (const line of out.split("\n")) {
    const head = /^\[(room|facilitators|console|→ (.+) \(private\))\] ?(.*)$/.exec(line);
    if (head !== null) {
      blocks.push({ to: head[2] ?? head[1] ?? "", lines: [head[3] ?? ""] });
    } else if (line.startsWith("    ") && blocks.length > 0) {
      blocks.at(-1)?.lines.push(line.slice(4));
    }
  }
  return blocks.map((b, index) => ({ index, ...b }));
}

/** A block's message text, without the console's answering hints and option lines. */
function textOf(b: Block): string {
  return b.lines
    .filter((l) => !/^\d+\) /.test(l) && !/^\((up to \d+ choices: )?\/(press|private) /.test(l))
    .join("\n")
    .replace(/^\(pinned\) /, "");
}

function promptOf(b: Block): Prompt | undefined {
  const options = b.lines.flatMap((l) => /^(\d+)\) (.*)$/.exec(l)?.[2] ?? []);
  const write = b.lines.some((l) => /^\(\/private /.test(l));
  if (options.length === 0 && !write) return undefined;
  return { id: String(b.index), text: textOf(b), options, write };
}

const isFloor = (b: Block): boolean => b.to === "room" && /^floor: /.test(b.lines[0] ?? "");

class ConsoleDriver implements ConformanceDriver {
  readonly platform = "terminal";
  readonly capabilities = {
    floor: "shown",
    postsWhileDown: false,
    roomBeforeBot: false,
    questionsInRoom: true,
    hide: "marks",
  } as const;
  readonly people: readonly Person[] = cast.map((c) => ({
    key: c.name,
    name: c.name,
    group: c.group,
    identifiers: [c.name],
  }));
  readonly #dir: string;
  readonly #configFile: string;
  readonly #storeFile: string;
  readonly #flowsDir: string;
  #child: ChildProcess | null = null;
  #exited: Promise<{ code: number | null; signal: string | null }> = Promise.resolve({
    code: null,
    signal: null,
  });
  /** Standard output of every process so far (a restart continues the same screen). */
  #out = "";
  #log = "";
  #blocks: Block[] = [];
  #parsedLength = -1;
  /** Lines typed that become events (each one inbox entry). */
  #typed = 0;
  /** What was typed in the room, for `history`. */
  readonly #typedRoom: HistoryEntry[] = [];

  constructor(dir: string) {
    this.#dir = dir;
    this.#storeFile = join(dir, "parley.sqlite");
    this.#flowsDir = join(dir, "flows");
    this.#configFile = join(dir, "parley.json");
    mkdirSync(this.#flowsDir);
    writeFileSync(
      this.#configFile,
      JSON.stringify({
        store: { kind: "sqlite", path: this.#storeFile },
        locale: "en",
        console: true,
        flows: { dirs: [this.#flowsDir] },
      }),
    );
  }

  async startBot(): Promise<void> {
    const started = this.#log.split("runtime started").length;
    const child = spawn(node, [join(repo, "src", "main.ts"), "run", "--config", this.#configFile], {
      cwd: repo,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", PARLEY_LOG_LEVEL: "info" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdout.setEncoding("utf8").on("data", (d: string) => (this.#out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (this.#log += d));
    this.#exited = new Promise((done) => {
      child.once("exit", (code, signal) => {
        done({ code, signal });
      });
    });
    this.#child = child;
    await this.until(() => this.#log.split("runtime started").length > started, "the terminal room to start");
  }

  #type(line: string, events = 1): void {
    if (this.#child?.stdin === null || this.#child === null) throw new Error("the bot is not running");
    this.#child.stdin.write(`${line}\n`);
    this.#typed += events;
  }

  /** Waits until every event-producing line typed so far is in the inbox and processed. */
  async #durable(): Promise<void> {
    await this.until(() => {
      const rows = inboxRows(this.#storeFile).filter((r) => r.event_id.startsWith("console:"));
      return rows.length >= this.#typed && rows.every((r) => r.processed === 1);
    }, `${this.#typed} typed lines accepted and processed`);
  }

  #parsed(): Block[] {
    if (this.#parsedLength !== this.#out.length) {
      this.#blocks = parseBlocks(this.#out);
      this.#parsedLength = this.#out.length;
    }
    return this.#blocks;
  }

  flow(spec: Readonly<Record<string, unknown>>): Promise<string> {
    const id = String(spec["id"]);
    writeFileSync(join(this.#flowsDir, `${id}.yaml`), stringifyYaml(spec));
    return Promise.resolve(id);
  }

  async command(who: Actor, name: string, ...args: readonly (string | Person)[]): Promise<void> {
    const words = [name, ...args.map((a) => (typeof a === "string" ? a : a.name))].join(" ");
    this.#type(who === "facilitator" ? `/${words}` : `/as ${who.name} ${words}`);
    await this.#durable();
  }

  async join(who: Person, options: { readonly locale?: string } = {}): Promise<void> {
    const line = [
      `/join ${who.name} ${who.group}`,
      ...(options.locale === undefined ? [] : [options.locale]),
    ].join(" ");
    this.#type(line);
    this.#typedRoom.push({ by: who.key, kind: "command", text: line });
    await this.#durable();
    const joined = joinedIn(options.locale);
    await this.until(
      () => this.privateTexts(who).some((t) => joined.test(t)),
      `${who.name}'s join confirmation`,
    );
  }

  async say(who: Person, text: string): Promise<"accepted" | "refused"> {
    this.#type(`${who.name}: ${text}`);
    this.#typedRoom.push({ by: who.key, kind: "message", text });
    await this.#durable();
    return "accepted";
  }

  received(): Promise<void> {
    return this.#durable();
  }

  async askTimeout(who: Person, reason: string): Promise<void> {
    this.#type(`/as ${who.name} timeout ${reason}`);
    await this.#durable();
  }

  prompts(who: Person): readonly Prompt[] {
    return this.#parsed().flatMap((b) => {
      if (b.to !== "room" && b.to !== who.name) return [];
      return promptOf(b) ?? [];
    });
  }

  async answer(who: Person, prompt: Prompt, labels: readonly string[]): Promise<void> {
    // The question's tag, as its hint shows it: it names this very question, whatever was asked since.
    const tag = this.#tagOf(prompt, /\/press \S+ <n> (q\d+)\)$/u);
    for (const label of labels) {
      const n = prompt.options.indexOf(label) + 1;
      if (n === 0) throw new Error(`no option "${label}" in: ${prompt.text}`);
      this.#type(`/press ${who.name} ${n} ${tag}`);
    }
    await this.#durable();
  }

  async write(who: Person, prompt: Prompt, text: string): Promise<void> {
    const tag = this.#tagOf(prompt, /^\(\/private \S+ (q\d+) <text>\)$/u);
    this.#type(`/private ${who.name} ${tag} ${text}`);
    await this.#durable();
  }

  #tagOf(prompt: Prompt, hint: RegExp): string {
    const block = this.#parsed()[Number(prompt.id)];
    const tag = block?.lines.flatMap((l) => hint.exec(l)?.[1] ?? [])[0];
    if (tag === undefined) throw new Error(`no tagged hint under: ${prompt.text}`);
    return tag;
  }

  roomTexts(): readonly string[] {
    return this.#parsed()
      .filter((b) => b.to === "room" && !isFloor(b))
      .map(textOf);
  }

  roomLanguages(): readonly (readonly string[])[] {
    // A mixed room's post: one line per language, tagged with its locale.
    return this.#parsed()
      .filter((b) => b.to === "room" && !isFloor(b))
      .map((b) => [...textOf(b).matchAll(/^\[([a-z]{2,3}(?:-[A-Za-z0-9]+)*)\] /gm)].map((m) => m[1] ?? ""));
  }

  privateTexts(who: Actor): readonly string[] {
    const name = who === "facilitator" ? "facilitator" : who.name;
    return this.#parsed()
      .filter((b) => b.to === name || (who === "facilitator" && b.to === "facilitators"))
      .map(textOf);
  }

  readBack(): Promise<readonly string[]> {
    // One screen: what was printed stays printed (a hidden post is marked, not removed).
    return Promise.resolve(this.roomTexts());
  }

  history(): Promise<readonly HistoryEntry[]> {
    // One screen: the room's record is what was typed in it and what the bot printed to it.
    const printed = this.#parsed()
      .filter((b) => b.to === "room")
      .map((b): HistoryEntry => ({
        by: "bot",
        kind: isFloor(b) ? "state" : "message",
        text: b.lines.join("\n"),
      }));
    return Promise.resolve([...this.#typedRoom, ...printed]);
  }

  pinned(): { text: string; mentions: readonly string[] } | undefined {
    const b = this.#parsed().findLast((x) => x.to === "room" && x.lines[0]?.startsWith("(pinned) "));
    return b === undefined ? undefined : { text: textOf(b), mentions: [] };
  }

  mayPost(): readonly Person[] {
    const floor = this.#parsed()
      .findLast(isFloor)
      ?.lines[0]?.replace(/^floor: /, "");
    if (floor === undefined || floor === "everyone") return this.people;
    const holders = floor.split(", ");
    return this.people.filter((p) => holders.includes(p.name));
  }

  postingRestored(): Promise<boolean> {
    const floor = this.#parsed().findLast(isFloor)?.lines[0];
    return Promise.resolve(floor === undefined || floor === "floor: everyone");
  }

  async crash(): Promise<void> {
    this.#child?.kill("SIGKILL");
    await this.#exited;
    this.#child = null;
  }

  restart(): Promise<void> {
    return this.startBot();
  }

  until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
    return until(probe, what, timeoutMs, () => this.context());
  }

  async close(): Promise<{ cleanExit: boolean; errors: readonly string[] }> {
    const child = this.#child;
    if (child === null) return { cleanExit: false, errors: errorLines(this.#log) };
    // Ctrl-D: the terminal room finishes what was typed and stops.
    child.stdin?.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const exit = await this.#exited;
    clearTimeout(timer);
    this.#child = null;
    return { cleanExit: exit.code === 0 && exit.signal === null, errors: errorLines(this.#log) };
  }

  async kill(): Promise<void> {
    await this.crash();
  }

  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }

  context(): string {
    return `terminal so far:\n${this.#out.slice(-6000)}\n\nbot log (tail):\n${this.#log.slice(-3000)}`;
  }
}

/** The terminal needs no server: each scenario gets its own process, store and flow directory. */
export function consolePlatform(): ConformancePlatform {
  const drivers: ConsoleDriver[] = [];
  return {
    name: "terminal",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "parley-conformance-terminal-"));
      const d = new ConsoleDriver(dir);
      drivers.push(d);
      await d.startBot();
      return d;
    },
    async stop() {
      for (const d of drivers) {
        await d.kill();
        d.remove();
      }
    },
  };
}
