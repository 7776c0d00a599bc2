// The terminal room: one person at the keyboard facilitates and plays every participant (see
// lines.ts). Every delivery is printed with its audience; private ones too, since this is a
// single-screen simulation. It translates only: no workshop logic lives here.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { catalogueText, segmentsToPlainText } from "../../bot/render.ts";
import type {
  Capabilities,
  ChatPlatform,
  Delivery,
  DeliveryOption,
  DeliveryResult,
  InboundEvent,
  InboundSink,
  LanguageBlock,
  Segment,
} from "../../bot/ports.ts";
import { blocksOf } from "../shared/language-blocks.ts";
import {
  consoleHelp,
  parseConsoleLine,
  type ConsoleLineContext,
  type ConsoleLineResult,
  type TaggedQuestion,
} from "./lines.ts";
import { err, ok, type Result } from "../../result.ts";

export interface ConsolePlatformOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: { write(s: string): unknown };
  /** Clock for event timestamps and "ends in" countdowns (a simulation passes its own). */
  readonly now?: () => number;
  /** Event ids are `<prefix><n>`; a restarted process passes a fresh prefix so ids never repeat. */
  readonly eventIdPrefix?: string;
  readonly firstEventNumber?: number;
  /** Time zone for "at 14:05" (default: the system's). */
  readonly timeZone?: string;
  readonly roomId?: string;
  /** The room's locale, for the console's own wording (the timer's countdown); default English. */
  readonly locale?: string;
  /**
   * What this room was shown before (a restarted process): read at start, so the questions still
   * open are shown again and `/press`, `/private` reach them.
   */
  readonly history?: () => Promise<readonly Delivery[]>;
  /**
   * The folder a facilitators' `report` is written to (one sub-folder per report); without it the
   * terminal cannot deliver files.
   */
  readonly reportsDir?: string;
}

/**
 * Tracks what the console has shown: the questions (asks) and private-input requests (collects)
 * still open per person and for the whole room. Questions shown one after another to the same
 * audience belong together (a survey's questions, needs, fears and hopes); a later one starts a
 * new set, which closes the previous set of that audience.
 */
export class ConsoleState implements ConsoleLineContext {
  private readonly asks = new Map<string, Delivery[]>();
  private readonly collects = new Map<string, Delivery[]>();
  private readonly locales = new Map<string, string>();
  private lastRecorded: string | null = null;
  /** Kinds and audiences of the set being shown now (consecutive questions to one audience). */
  private sequence = new Set<string>();
  /**
   * Every question and request shown, by tag (`q1`, `q2`, … in the order shown; a restarted
   * terminal relearns the same tags from the history): a hint's tag names its question for good,
   * where a position in the open set can shift as questions are asked and closed.
   */
  private readonly tags = new Map<string, { readonly who: string; readonly question: TaggedQuestion }>();
  private readonly tagOfDelivery = new WeakMap<Delivery, string>();

  record(d: Delivery): void {
    const who = d.audience.to === "user" ? d.audience.userId : d.audience.to === "room" ? "*room*" : null;
    const previous = this.lastRecorded;
    const question = d.kind === "ask" || d.kind === "collect";
    this.lastRecorded = `${question ? "question" : d.kind}\u0000${who ?? ""}`;
    // The summary is pinned when a workshop ends: nothing of it is open any more.
    if (d.kind === "pin") {
      this.asks.clear();
      this.collects.clear();
    }
    if ((d.kind !== "ask" && d.kind !== "collect") || who === null) return;
    const tag = `q${String(this.tags.size + 1)}`;
    this.tags.set(tag, {
      who,
      question: { kind: d.kind, promptId: d.promptId, options: d.kind === "ask" ? d.options : [] },
    });
    this.tagOfDelivery.set(d, tag);
    const map = d.kind === "ask" ? this.asks : this.collects;
    // A request asked again of one person (an answer that was not a number) is one still open to
    // them: the set it belongs to stays as it is.
    if (who !== "*room*" && this.openOf(map, who).some((x) => promptOf(x) === d.promptId)) return;
    if (previous !== this.lastRecorded) this.sequence = new Set();
    // A new set replaces the previous questions of its kind only: a later request for text does
    // not close a question still shown (and a stale line keeps parsing the same way when a
    // simulation is continued after a restart, so its event is recognised as already taken).
    if (!this.sequence.has(`${d.kind}:${who}`)) {
      this.sequence.add(`${d.kind}:${who}`);
      map.delete(who);
      // A newer room-wide question supersedes older private ones of the same kind.
      if (who === "*room*") for (const key of [...map.keys()]) if (key !== "*room*") map.delete(key);
    }
    const open = (map.get(who) ?? []).filter((x) => promptOf(x) !== d.promptId);
    map.set(who, [...open, d]);
  }

  private openOf(map: Map<string, Delivery[]>, userId: string): Delivery[] {
    const own = map.get(userId) ?? [];
    return own.length > 0 ? own : (map.get("*room*") ?? []);
  }

  /** The questions open to this person (theirs, else the room's), in the order they were shown. */
  openQuestions(userId: string): readonly { promptId: string; options: readonly DeliveryOption[] }[] {
    return this.openOf(this.asks, userId).flatMap((d) =>
      d.kind === "ask" ? [{ promptId: d.promptId, options: d.options }] : [],
    );
  }

  /** The private-input requests open to this person, in the order they were shown. */
  openRequests(userId: string): readonly string[] {
    return this.openOf(this.collects, userId).map(promptOf);
  }

  /** The tag a question or request was shown with (its hint names it). */
  tagOf(d: Delivery): string | undefined {
    return this.tagOfDelivery.get(d);
  }

  tagged(userId: string, tag: string): TaggedQuestion | undefined {
    const t = this.tags.get(tag);
    return t !== undefined && (t.who === userId || t.who === "*room*") ? t.question : undefined;
  }

  /** Every question and request still open, per audience (what a restarted terminal shows again). */
  stillOpen(): Delivery[] {
    return [...this.asks.values(), ...this.collects.values()].flat();
  }

  remember(userId: string, locale: string): void {
    this.locales.set(userId, locale);
  }

  localeOf(userId: string): string | undefined {
    return this.locales.get(userId);
  }
}

function promptOf(d: Delivery): string {
  return d.kind === "ask" || d.kind === "collect" ? d.promptId : "";
}

// Defence in depth: the runtime neutralised participant text, but nothing printed may move the
// cursor or recolour the terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const terminalUnsafe = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function clean(text: string): string {
  return text.replace(terminalUnsafe, "");
}

/** Renders segments for the terminal; continuation lines are indented so nobody can fake a line. */
function bodyText(segments: readonly Segment[]): string {
  return clean(segmentsToPlainText(segments)).replace(/\n/g, "\n    ");
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * A delivery's text: in a mixed room, each language on its own line, tagged with its locale (a
 * terminal lays out bidirectional text on its own, so the tag keeps the blocks apart).
 */
function deliveryText(d: {
  readonly body: readonly Segment[];
  readonly languages?: readonly LanguageBlock[];
}): string {
  const blocks = blocksOf(d);
  if (blocks === null) return bodyText(d.body);
  return blocks.map((b) => `[${clean(b.locale)}] ${bodyText(b.body)}`).join("\n    ");
}

/** The lines the console prints for one delivery (without the trailing newline). */
export function formatDelivery(
  d: Delivery,
  now: number,
  timeZone?: string,
  tag?: string,
  locale?: string,
): string {
  const label =
    d.audience.to === "room"
      ? "[room]"
      : d.audience.to === "user"
        ? `[→ ${clean(d.audience.userId)} (private)]`
        : "[facilitators]";
  switch (d.kind) {
    case "say":
      return `${label} ${deliveryText(d)}`;
    case "pin":
      return `${label} (pinned) ${deliveryText(d)}`;
    case "close":
      return `${label} (an earlier question is closed)`;
    case "retract":
      return `${label} (#${String(d.contributionRef)} hidden)`;
    case "report":
      return `${label} (a report in ${d.format})`;
    case "files":
      return [`${label} ${deliveryText(d)}`, ...d.files.map((f) => `    ${clean(f.name)}`)].join("\n");
    case "ask": {
      const who = d.audience.to === "user" ? d.audience.userId : "<name>";
      const options = d.options.map((o, i) => `    ${i + 1}) ${clean(o.label)}`);
      // The form that answers this very question: its tag, which keeps naming it whatever is asked later.
      const pick = tag === undefined ? "" : ` ${tag}`;
      const hint =
        d.maxChoices > 1
          ? `    (up to ${d.maxChoices} choices: /press ${who} <n>${pick})`
          : `    (/press ${who} <n>${pick})`;
      return [`${label} ${deliveryText(d)}`, ...options, hint].join("\n");
    }
    case "collect": {
      const who = d.audience.to === "user" ? d.audience.userId : "<name>";
      const pick = tag === undefined ? "" : `${tag} `;
      return `${label} ${deliveryText(d)}\n    (/private ${who} ${pick}<text>)`;
    }
    case "floor":
      return `${label} floor: ${d.holders === "everyone" ? "everyone" : d.holders.length === 0 ? "nobody" : d.holders.map(clean).join(", ")}`;
    case "timer": {
      if (d.deadline === null) return `${label} ${deliveryText(d)}`;
      const at = new Intl.DateTimeFormat("en-GB", {
        hour: "2-digit",
        minute: "2-digit",
        ...(timeZone === undefined ? {} : { timeZone }),
      }).format(d.deadline);
      const left = catalogueText(locale, "timer.left", {
        left: formatDuration(d.deadline - now),
        time: at,
      });
      return `${label} ${deliveryText(d)}: ${left}`;
    }
  }
}

export class ConsolePlatform implements ChatPlatform {
  readonly name = "console";
  readonly roomId: string;
  readonly capabilities: Capabilities = {
    buttons: true,
    // `/private` answers in place, like a modal.
    modals: true,
    directMessages: true,
    threads: false,
    strictFloor: false,
    // One terminal shows everything anyway; its questions stay in the room as they always were.
    privateAnswersInRoom: true,
    maxMessageLength: 20_000,
    // The terminal room's lines: /join, /start, /next…
    commandPrefix: "/",
  };
  readonly state = new ConsoleState();
  private readonly options: ConsolePlatformOptions;
  private readonly now: () => number;
  private counter: number;
  private readonly prefix: string;
  private rl: Interface | null = null;
  private sink: InboundSink | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: ConsolePlatformOptions) {
    this.options = options;
    this.roomId = options.roomId ?? "console";
    this.now = options.now ?? Date.now;
    this.counter = (options.firstEventNumber ?? 1) - 1;
    this.prefix = options.eventIdPrefix ?? "console:";
  }

  /** Parses a line against what this console has shown (and remembers a joining person's locale). */
  parseLine(line: string): ConsoleLineResult {
    const result = parseConsoleLine(line, this.state);
    if (
      result.ok &&
      result.value.kind === "command" &&
      result.value.name === "join" &&
      result.value.sender.locale !== undefined
    )
      this.state.remember(result.value.sender.userId, result.value.sender.locale);
    return result;
  }

  /** Turns a line into a full inbound event with the next event id (null: nothing to send). */
  eventFromLine(line: string): Result<InboundEvent, string> {
    const result = this.parseLine(line);
    if (!result.ok) return result;
    this.counter += 1;
    const event = {
      ...result.value,
      platform: this.name,
      eventId: `${this.prefix}${this.counter}`,
      roomId: this.roomId,
      at: this.now(),
    } as InboundEvent;
    return ok(event);
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }

  /** Handles one typed line; resolves once its event is durable (or the refusal printed). */
  async handleLine(line: string): Promise<void> {
    if (line.trim() === "") return;
    if (/^\/help\b/i.test(line.trim())) this.print(consoleHelp);
    const result = this.eventFromLine(line);
    if (!result.ok) {
      this.print(`[console] ${result.error}`);
      return;
    }
    const sink = this.sink;
    if (sink === null) {
      this.print("[console] not started");
      return;
    }
    try {
      await sink(result.value);
    } catch (e) {
      this.print(`[console] could not accept that line: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async start(sink: InboundSink): Promise<void> {
    this.sink = sink;
    if (this.options.history !== undefined) this.restore(await this.options.history());
    const rl = createInterface({ input: this.options.input, terminal: false });
    this.rl = rl;
    rl.on("line", (line) => {
      // One line at a time, in order: each waits for the previous one to be durable.
      this.queue = this.queue.then(() => this.handleLine(line));
    });
  }

  /** Relearns what was shown before a restart, and shows again what is still open, per person. */
  restore(history: readonly Delivery[]): void {
    for (const d of history) this.state.record(d);
    const open = this.state.stillOpen();
    if (open.length === 0) return;
    this.print("[console] Still open from before the restart:");
    for (const d of open)
      this.print(
        formatDelivery(d, this.now(), this.options.timeZone, this.state.tagOf(d), this.options.locale),
      );
  }

  async stop(): Promise<void> {
    this.rl?.close();
    this.rl = null;
    await this.queue;
    this.sink = null;
  }

  /** Resolves when every line read so far has been handed to the runtime (tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  deliver(delivery: Delivery): Promise<DeliveryResult> {
    if (delivery.kind === "files") return this.writeFiles(delivery);
    this.state.record(delivery);
    try {
      this.print(
        formatDelivery(
          delivery,
          this.now(),
          this.options.timeZone,
          this.state.tagOf(delivery),
          this.options.locale,
        ),
      );
    } catch (e) {
      return Promise.resolve(
        err({ code: "unavailable", message: e instanceof Error ? e.message : String(e) }),
      );
    }
    // A contribution post is known by its number and idempotency key: `retract` names it again.
    if (delivery.kind === "say" && delivery.contributionRef !== undefined)
      return Promise.resolve(
        ok({ messageIds: [`${String(delivery.contributionRef)}@${delivery.idempotencyKey}`] }),
      );
    return Promise.resolve(ok());
  }

  /**
   * A report's files, written to a folder of their own under `reportsDir` (named after the
   * delivery, so a retry writes the same files again) and printed as paths: to the facilitators
   * only, never the room or a participant.
   */
  private async writeFiles(d: Extract<Delivery, { kind: "files" }>): Promise<DeliveryResult> {
    if (d.audience.to !== "facilitators")
      return err({ code: "unsupported", message: "files go to the facilitators only" });
    const root = this.options.reportsDir;
    if (root === undefined)
      return err({ code: "unsupported", message: "no folder is configured for reports (reportsDir)" });
    const dir = join(root, d.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, "_"));
    const paths: string[] = [];
    try {
      await mkdir(dir, { recursive: true });
      for (const file of d.files) {
        // A plain name only: nothing may write outside the report's folder.
        const path = join(dir, file.name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_"));
        await writeFile(path, file.bytes);
        paths.push(path);
      }
      this.print(["[facilitators] " + deliveryText(d), ...paths.map((p) => `    wrote ${p}`)].join("\n"));
    } catch (e) {
      return err({ code: "unavailable", message: e instanceof Error ? e.message : String(e) });
    }
    return ok();
  }

  /** The terminal cannot take back a printed line: it says the post is hidden. */
  retract(roomId: string, messageId: string): Promise<DeliveryResult> {
    const ref = Number(messageId.split("@")[0]);
    this.print(
      formatDelivery(
        {
          kind: "retract",
          roomId,
          audience: { to: "room" },
          contributionRef: ref,
          idempotencyKey: messageId,
        },
        this.now(),
      ),
    );
    return Promise.resolve(ok());
  }
}
