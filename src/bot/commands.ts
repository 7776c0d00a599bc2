// The command grammar every platform shares: Discord slash commands, Matrix `!parley …` lines and
// console `/…` lines all arrive as a name and arguments. Bad input is answered with a value that
// names the message to send (with usage), never an exception.
import type { TurnEnforcement, Vars } from "../flows/protocol.ts";
import type { ReportFileFormat } from "./ports.ts";
import type { RuntimeMessageKey } from "./i18n/keys.ts";
import { err, ok, type Result } from "../result.ts";

export type Command =
  /** `mode`: the turn-taking the facilitator chose (the flow must offer it); null: the flow's own. */
  | { name: "start"; flow: string | null; mode: TurnEnforcement | null }
  /** `locale`: the language the participant reads (Matrix and the terminal tell none). */
  | { name: "join"; group: string | null; locale: string | null }
  /** A participant's reading language, from now on. */
  | { name: "language"; locale: string | null }
  /** An interpreter's translation of the contribution numbered `ref`. */
  | { name: "translate"; ref: number; text: string }
  | { name: "leave" }
  | { name: "pause" }
  | { name: "resume" }
  /** `force`: move on even though some participants have not agreed to the ground rules. */
  | { name: "next"; force: boolean }
  /** The next speaker of a turn-taking stage (the stage goes on). */
  | { name: "skip" }
  | { name: "back" }
  | { name: "extend"; minutes: number }
  | { name: "floor"; participant: string }
  | { name: "end" }
  | { name: "status" }
  | { name: "timeout"; reason: string | null }
  | { name: "forget-me" }
  | { name: "confirm-forget"; participant: string }
  /** A private copy of what Parley holds about the asker in this workshop. */
  | { name: "my-data" }
  | { name: "remove"; participant: string }
  /** Youth rooms: a guardian's consent for this participant is on file. */
  | { name: "guardian"; participant: string }
  | { name: "cluster"; ideaIds: string[]; label: string }
  /** Joint statement: withdraw a group's consent at its request (facilitators). */
  | { name: "withdraw"; group: string }
  /** Raise (or lower) a hand in a discussion. */
  | { name: "hand"; raised: boolean }
  /** The discussion's raised hands (facilitators): shown, or the first given the floor. */
  | { name: "queue"; next: boolean }
  /** A facilitator's private answer to one participant. */
  | { name: "reply"; participant: string; text: string }
  | { name: "help" }
  // Safeguarding (issue 13): review and hiding by reference number, muting for the rest of a stage.
  | { name: "approve"; ref: number }
  | { name: "hide"; ref: number }
  | { name: "mute"; participant: string }
  | { name: "unmute"; participant: string }
  /** A private flag to the facilitators; the flagger is named only with `--name`. */
  | { name: "flag"; reason: string | null; named: boolean }
  /** Someone at risk: the facilitators and the safeguarding lead are told at once. */
  | { name: "help-me"; text: string | null }
  /** A facilitator (or the lead) acknowledges alert n. */
  | { name: "ack"; n: number }
  /** The safeguarding audit trail, privately (facilitators and the lead). */
  | { name: "audit" }
  /** The session's report, as files for the facilitators only (issue 15). */
  | { name: "report"; format: ReportFileFormat };

export type CommandName = Command["name"];

/** Usage per command (syntax is the same in every language). */
export const commandUsage: Readonly<Record<CommandName, string>> = {
  start: "start <flow> [soft|strict]",
  join: "join [group] [locale]",
  language: "language <locale>",
  translate: "translate <n> <text>",
  leave: "leave",
  pause: "pause",
  resume: "resume",
  next: "next [--force]",
  skip: "skip",
  back: "back",
  extend: "extend <minutes>",
  floor: "floor <participant>",
  end: "end",
  status: "status",
  timeout: "timeout [reason]",
  "forget-me": "forget-me",
  "confirm-forget": "confirm-forget <participant>",
  "my-data": "my-data",
  remove: "remove <participant>",
  guardian: "guardian <participant>",
  cluster: "cluster <idea ids…> as <label>",
  withdraw: "withdraw <group>",
  hand: "hand [down]",
  queue: "queue [next]",
  reply: "reply <participant> <text>",
  help: "help",
  approve: "approve <number>",
  hide: "hide <number>",
  mute: "mute <participant>",
  unmute: "unmute <participant>",
  flag: "flag [--name] [reason]",
  "help-me": "help-me [message]",
  ack: "ack <n>",
  audit: "audit",
  report: "report [html|csv|json|md]",
};

export const commandNames = Object.keys(commandUsage) as CommandName[];

const facilitatorCommands: ReadonlySet<CommandName> = new Set([
  "start",
  "pause",
  "resume",
  "next",
  "back",
  "extend",
  "floor",
  "end",
  "confirm-forget",
  "remove",
  "guardian",
  "cluster",
  "withdraw",
  "skip",
  "queue",
  "reply",
  "approve",
  "hide",
  "mute",
  "unmute",
  "report",
]);

export function isFacilitatorCommand(c: Command): boolean {
  return facilitatorCommands.has(c.name);
}

/** The same by name (an alias resolves): `extend` typed without its minutes is still facilitators' only. */
export function isFacilitatorCommandName(rawName: string): boolean {
  const name = commandNameOf(rawName);
  return name !== undefined && facilitatorCommands.has(name);
}

/** The command a typed name means (`/Stop` → end), or undefined. */
export function commandNameOf(rawName: string): CommandName | undefined {
  const lower = rawName
    .trim()
    .replace(/^[/!]+/, "")
    .toLowerCase();
  return (lower in commandUsage ? lower : aliases[lower]) as CommandName | undefined;
}

export function usageOf(name: string): string | undefined {
  return (commandUsage as Readonly<Record<string, string>>)[name];
}

export function allUsages(): string {
  return commandNames.map((n) => commandUsage[n]).join(" · ");
}

/** A refused command: the reply to give is `key` with `vars`. */
export interface CommandRefusal {
  readonly code: "unknown_command" | "bad_arguments";
  readonly key: RuntimeMessageKey;
  readonly vars: Vars;
}
export type ParseResult = Result<Command, CommandRefusal>;

/** Aliases people type (case-insensitive); `forget_me` because Discord slash names prefer it. */
const aliases: Readonly<Record<string, CommandName>> = {
  forgetme: "forget-me",
  forget_me: "forget-me",
  confirm_forget: "confirm-forget",
  mydata: "my-data",
  my_data: "my-data",
  "time-out": "timeout",
  time_out: "timeout",
  stop: "end",
  raise: "hand",
  "raise-hand": "hand",
  continue: "resume",
  "?": "help",
  helpme: "help-me",
  help_me: "help-me",
};

/** A locale tag as people type it: en, ar, he, es, es-MX, pt_BR. */
const localeTag = /^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

const reportFileFormats: readonly string[] = ["html", "csv", "json", "md"];

/** The longest extension a facilitator can add at once (minutes). */
export const maxExtendMinutes = 120;

function bad(name: CommandName): ParseResult {
  return err({
    code: "bad_arguments",
    key: "command.badArguments",
    vars: { command: name, usage: commandUsage[name] },
  });
}

/** Parses a command's name and (already split) arguments. */
export function parseCommand(rawName: string, args: readonly string[]): ParseResult {
  const name = commandNameOf(rawName);
  if (name === undefined) {
    return err({
      code: "unknown_command",
      key: "command.unknown",
      vars: { command: rawName.slice(0, 40), usage: allUsages() },
    });
  }
  const a = args.map((x) => x.trim()).filter((x) => x !== "");
  const none = (command: Command): ParseResult => (a.length === 0 ? ok(command) : bad(name));
  const one = (make: (arg: string) => Command): ParseResult => {
    const first = a[0];
    return a.length === 1 && first !== undefined ? ok(make(first)) : bad(name);
  };
  switch (name) {
    case "start": {
      // `start`, `start <flow>`, `start <flow> strict`, or `start strict` (the default flow or the lobby's).
      const last = a.at(-1)?.toLowerCase();
      const mode = last === "soft" || last === "strict" ? last : null;
      const rest = mode === null ? a : a.slice(0, -1);
      if (rest.length > 1) return bad(name);
      return ok({ name, flow: rest[0] ?? null, mode });
    }
    case "join":
      if (a.length > 2) return bad(name);
      if (a[1] !== undefined && !localeTag.test(a[1])) return bad(name);
      return ok({ name, group: a[0]?.toLowerCase() ?? null, locale: a[1] ?? null });
    case "language":
      // Without an argument (or with one Parley cannot use) the runtime answers with the list.
      if (a.length > 1) return bad(name);
      return ok({ name, locale: a[0] ?? null });
    case "translate": {
      const ref = (a[0] ?? "").replace(/^#/, "");
      const text = a.slice(1).join(" ");
      if (!/^\d{1,6}$/.test(ref) || text === "") return bad(name);
      return ok({ name, ref: Number(ref), text: text.slice(0, 4000) });
    }
    case "next": {
      if (a.length === 0) return ok({ name, force: false });
      const flag = a[0]?.toLowerCase().replace(/^-+/, "");
      return a.length === 1 && (flag === "force" || flag === "f") ? ok({ name, force: true }) : bad(name);
    }
    case "hand": {
      if (a.length === 0) return ok({ name, raised: true });
      const word = a[0]?.toLowerCase();
      if (a.length !== 1 || word === undefined) return bad(name);
      if (word === "down" || word === "lower") return ok({ name, raised: false });
      return word === "up" || word === "raise" ? ok({ name, raised: true }) : bad(name);
    }
    case "queue": {
      if (a.length === 0) return ok({ name, next: false });
      return a.length === 1 && a[0]?.toLowerCase() === "next" ? ok({ name, next: true }) : bad(name);
    }
    case "reply": {
      const [participant, ...words] = a;
      const text = words.join(" ");
      if (participant === undefined || text === "" || text.length > 1000) return bad(name);
      return ok({ name, participant, text });
    }
    case "skip":
    case "leave":
    case "pause":
    case "resume":
    case "back":
    case "end":
    case "status":
    case "forget-me":
    case "my-data":
    case "help":
      return none({ name });
    case "extend": {
      const first = a[0];
      if (a.length !== 1 || first === undefined || !/^\d{1,3}$/.test(first)) return bad(name);
      const minutes = Number(first);
      if (minutes < 1 || minutes > maxExtendMinutes) return bad(name);
      return ok({ name, minutes });
    }
    case "withdraw":
      return one((group) => ({ name, group: group.toLowerCase() }));
    case "floor":
    case "remove":
    case "guardian":
    case "confirm-forget":
    case "mute":
    case "unmute":
      return one((participant) => ({ name, participant }));
    case "approve":
    case "hide": {
      // The number a post carries, with or without its "#".
      const ref = a.length === 1 ? /^#?(\d{1,6})$/.exec(a[0] ?? "")?.[1] : undefined;
      return ref === undefined ? bad(name) : ok({ name, ref: Number(ref) });
    }
    case "timeout": {
      const reason = a.join(" ").slice(0, 500);
      return ok({ name, reason: reason === "" ? null : reason });
    }
    case "flag": {
      const named = a.some((x) => x.toLowerCase() === "--name");
      const reason = a
        .filter((x) => x.toLowerCase() !== "--name")
        .join(" ")
        .slice(0, 500);
      return ok({ name, reason: reason === "" ? null : reason, named });
    }
    case "help-me": {
      const text = a.join(" ").slice(0, 500);
      return ok({ name, text: text === "" ? null : text });
    }
    case "ack": {
      const first = a[0]?.replace(/^#/, "");
      if (a.length !== 1 || first === undefined || !/^\d{1,6}$/.test(first)) return bad(name);
      return ok({ name, n: Number(first) });
    }
    case "audit":
      return none({ name });
    case "report": {
      const format = (a[0] ?? "html").toLowerCase().replace(/^markdown$/, "md");
      return a.length <= 1 && reportFileFormats.includes(format)
        ? ok({ name, format: format as ReportFileFormat })
        : bad(name);
    }
    case "cluster": {
      const as = a.findIndex((x) => x.toLowerCase() === "as");
      const ids = (as < 0 ? [] : a.slice(0, as)).flatMap((x) => x.split(",")).filter((x) => x !== "");
      const label = as < 0 ? "" : a.slice(as + 1).join(" ");
      if (ids.length < 1 || label === "" || label.length > 100) return bad(name);
      return ok({ name, ideaIds: ids, label });
    }
  }
}

/**
 * Splits a typed line into a command name and arguments when it starts with one of `prefixes`
 * (`!parley start x`, `/start x`); double or single quotes group words (`cluster 1 2 as "Safe
 * travel"`). Returns null for a line that is not a command.
 */
export function splitCommandLine(
  text: string,
  prefixes: readonly string[],
): { name: string; args: string[] } | null {
  const t = text.trimStart();
  const prefix = [...prefixes]
    .sort((x, y) => y.length - x.length)
    .find((p) => t.toLowerCase().startsWith(p.toLowerCase()));
  if (prefix === undefined) return null;
  const rest = t.slice(prefix.length);
  // "!parley" must be followed by a space or the end, so "!parleyx" is not a command.
  if (/[\p{L}\p{N}]$/u.test(prefix) && rest !== "" && !/^\s/.test(rest)) return null;
  const words = splitWords(rest);
  const [name, ...args] = words;
  if (name === undefined) return null;
  return { name, args };
}

/** Splits on whitespace, honouring "double", 'single' and “curly” quotes that open a word (an unclosed quote runs to the end). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | null = null;
  let inWord = false;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (!inWord && (ch === '"' || ch === "'" || ch === "“")) {
      // Only at the start of a word, so "I'm tired" keeps its apostrophe.
      quote = ch === "“" ? "”" : ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
