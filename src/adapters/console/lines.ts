// The terminal room's line grammar, shared by the interactive console and `parley simulate`
// scripts. One person at the keyboard plays the facilitator and every participant:
//
//   /join amal group-a [ar]     amal joins (group, optional locale; "-" for no group)
//   amal: hello                 amal says something in the room
//   /press amal 1               amal picks option 1 of the (first) question open to amal or the room
//   /press amal 4 2             amal picks option 4 of the second of several open questions
//   /press amal 4 q7            amal picks option 4 of question q7 (the tag its hint shows)
//   /private amal my text       amal answers the (first) private-input request
//   /private amal 2 my text     amal answers the second of several open requests
//   /private amal q8 my text    amal answers request q8, whatever was asked since
//   /as amal timeout I need…    amal issues a participant command (timeout, forget-me, leave…)
//   /leave amal                 amal leaves
//   /start perspective-exchange, /next, /pause, /extend 5, /floor amal, /status, /end, /help …
//                               facilitator commands
//   /say text, or any other line   the facilitator speaks in the room
import type { DeliveryOption, Sender } from "../../bot/ports.ts";
import { splitWords } from "../../bot/commands.ts";
import { reservedLookalike } from "../../bot/names.ts";
import { err, ok, type Result } from "../../result.ts";

/** The console's facilitator (the person at the keyboard). */
export const facilitatorUserId = "facilitator";

export const consoleHelp = [
  "Terminal room lines:",
  "  /join <name> [group|-] [locale]   add a participant (e.g. /join amal group-a ar)",
  "  <name>: <text>                    speak as a participant",
  "  /press <name> <n> [qN|k]          choose option n of question qN (the tag its hint shows), or of open question k (default 1)",
  "  /private <name> [qN|k] <text>     answer private-input request qN (the tag its hint shows), or open request k (default 1)",
  "  /as <name> <command> [args]       a participant command (timeout, forget-me, leave, status…)",
  "  /leave <name>                     a participant leaves",
  "  /<command> [args]                 a facilitator command (start, next, pause, extend 5, floor amal, end…)",
  "  /say <text> or plain text         the facilitator speaks",
].join("\n");

/** What the console knows that a line may refer to (the latest prompts, participants' locales). */
export interface ConsoleLineContext {
  /** The questions open to this person (or the room), in the order shown. */
  openQuestions(userId: string): readonly { promptId: string; options: readonly DeliveryOption[] }[];
  /** Private-input requests open to this person, in the order shown. */
  openRequests(userId: string): readonly string[];
  /**
   * The question or request shown with tag `tag` (`q7`) to this person or the room, open or not:
   * a tag names one question for good, whatever was asked since.
   */
  tagged(userId: string, tag: string): TaggedQuestion | undefined;
  localeOf(userId: string): string | undefined;
}

export interface TaggedQuestion {
  readonly kind: "ask" | "collect";
  readonly promptId: string;
  readonly options: readonly DeliveryOption[];
}

/** A question's tag as its hint shows it (`q7`). */
const tagPattern = /^q\d{1,6}$/u;

/** An inbound event without the fields the caller stamps (platform, eventId, roomId, at). */
export type ConsoleEvent = { readonly sender: Sender } & (
  | { readonly kind: "message"; readonly text: string }
  | { readonly kind: "command"; readonly name: string; readonly args: readonly string[] }
  | { readonly kind: "choice"; readonly promptId: string; readonly value: string }
  | { readonly kind: "private"; readonly promptId: string; readonly text: string }
);

export type ConsoleLineResult = Result<ConsoleEvent, string>;

const namePattern = /^[\p{L}\p{N}_.-]{1,32}$/u;
const speech = /^([\p{L}\p{N}_.-]{1,32}):\s+([\s\S]*)$/u;
const localePattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const noContext: ConsoleLineContext = {
  openQuestions: () => [],
  openRequests: () => [],
  tagged: () => undefined,
  localeOf: () => undefined,
};

/**
 * Refuses a participant name that is, or looks like, a reserved one ("facilitator", "parley",
 * "bot", "everyone", "here"; Cyrillic "fаcilitator" too): it would read as the facilitator or Parley.
 */
function reservedName(name: string): ConsoleLineResult | null {
  const reserved = reservedLookalike(name);
  return reserved === undefined
    ? null
    : err(`"${name}" is reserved (it reads as "${reserved}"): choose another name`);
}

function senderOf(name: string, context: ConsoleLineContext, locale?: string): Sender {
  const userId = name.toLowerCase();
  const l = locale ?? context.localeOf(userId);
  return { userId, displayName: name, ...(l === undefined ? {} : { locale: l }) };
}

/** Text after the first `count` words of `rest` (keeps the user's spacing and quotes). */
function afterWords(rest: string, count: number): string {
  let t = rest.trimStart();
  for (let i = 0; i < count; i++) t = t.replace(/^\S+\s*/, "");
  return t;
}

/**
 * Parses one console line. `/press` and `/private` need the context (the prompts the console has
 * shown); without one they fail with a message saying so.
 */
export function parseConsoleLine(line: string, context: ConsoleLineContext = noContext): ConsoleLineResult {
  const text = line.trim();
  if (text === "") return err("empty line");
  const facilitator = senderOf(facilitatorUserId, context);
  if (!text.startsWith("/")) {
    const m = speech.exec(text);
    if (m !== null) {
      const who = m[1] ?? "";
      const said = m[2] ?? "";
      if (said.trim() === "") return err(`${who} said nothing`);
      // "facilitator: …" is the facilitator speaking; a look-alike of a reserved name is nobody.
      if (who !== facilitatorUserId) {
        const refused = reservedName(who);
        if (refused !== null) return refused;
      }
      return ok({ sender: senderOf(who, context), kind: "message", text: said });
    }
    return ok({ sender: facilitator, kind: "message", text });
  }
  const rest = text.slice(1);
  const words = splitWords(rest);
  const [command, ...args] = words;
  if (command === undefined) return err("expected a command after /");
  const who = args[0];
  const needName = (usage: string): ConsoleLineResult | null => {
    if (who === undefined || !namePattern.test(who)) return err(`expected a participant name: ${usage}`);
    return reservedName(who);
  };
  switch (command.toLowerCase()) {
    case "say": {
      const said = afterWords(rest, 1);
      if (said === "") return err("usage: /say <text>");
      return ok({ sender: facilitator, kind: "message", text: said });
    }
    case "join": {
      const usage = "/join <name> [group|-] [locale]";
      const refused = needName(usage);
      if (refused !== null || who === undefined) return refused ?? err(usage);
      if (args.length > 3) return err(`usage: ${usage}`);
      const group = args[1];
      const locale = args[2];
      if (locale !== undefined && !localePattern.test(locale))
        return err(`expected a locale such as en, ar, he or es, got "${locale}"`);
      return ok({
        sender: senderOf(who, context, locale),
        kind: "command",
        name: "join",
        args: group === undefined || group === "-" ? [] : [group],
      });
    }
    case "leave": {
      const refused = needName("/leave <name>");
      if (refused !== null || who === undefined) return refused ?? err("/leave <name>");
      return ok({ sender: senderOf(who, context), kind: "command", name: "leave", args: [] });
    }
    case "as": {
      const usage = "/as <name> <command> [args]";
      const refused = needName(usage);
      if (refused !== null || who === undefined) return refused ?? err(usage);
      const [name, ...commandArgs] = args.slice(1);
      if (name === undefined) return err(`usage: ${usage}`);
      return ok({
        sender: senderOf(who, context),
        kind: "command",
        name: name.replace(/^\//, ""),
        args: commandArgs,
      });
    }
    case "press": {
      const usage = "/press <name> <option number> [question tag or number]";
      const refused = needName(usage);
      if (refused !== null || who === undefined) return refused ?? err(usage);
      const n = args[1];
      const k = args[2] ?? "1";
      if (
        args.length < 2 ||
        args.length > 3 ||
        n === undefined ||
        !/^\d+$/.test(n) ||
        !(/^\d+$/.test(k) || tagPattern.test(k))
      )
        return err(`usage: ${usage}`);
      const userId = who.toLowerCase();
      if (tagPattern.test(k)) {
        const q = context.tagged(userId, k);
        if (q?.kind !== "ask") return err(`no question ${k} was shown to ${who}`);
        const option = q.options[Number(n) - 1];
        if (option === undefined) return err(`that question for ${who} has options 1 to ${q.options.length}`);
        return ok({
          sender: senderOf(who, context),
          kind: "choice",
          promptId: q.promptId,
          value: option.value,
        });
      }
      const open = context.openQuestions(userId);
      if (open.length === 0) return err(`no question is open to ${who}`);
      const prompt = open[Number(k) - 1];
      if (prompt === undefined)
        return err(
          `${who} has ${String(open.length)} question${open.length === 1 ? "" : "s"} open: /press ${who} <n> <1 to ${String(open.length)}>`,
        );
      const option = prompt.options[Number(n) - 1];
      if (option === undefined)
        return err(`that question for ${who} has options 1 to ${prompt.options.length}`);
      return ok({
        sender: senderOf(who, context),
        kind: "choice",
        promptId: prompt.promptId,
        value: option.value,
      });
    }
    case "private": {
      const usage = "/private <name> [tag or n] <text>";
      const refused = needName(usage);
      if (refused !== null || who === undefined) return refused ?? err(usage);
      let said = afterWords(rest, 2);
      // A tag names the request for good (the one its hint was printed under).
      const tag = /^(q\d{1,6})\s+/u.exec(said);
      if (tag !== null) {
        const q = context.tagged(who.toLowerCase(), tag[1] ?? "");
        if (q?.kind !== "collect") return err(`no request ${tag[1] ?? ""} was shown to ${who}`);
        said = said.slice(tag[0].length);
        if (said === "") return err(`usage: ${usage}`);
        return ok({ sender: senderOf(who, context), kind: "private", promptId: q.promptId, text: said });
      }
      const open = context.openRequests(who.toLowerCase());
      if (open.length === 0) return err(`nothing private has been asked of ${who} yet`);
      // With several requests open, a leading number picks one (the first otherwise, as the hints
      // show: the first request of a set has no number, the others do).
      let promptId = open[0] ?? "";
      const pick = open.length > 1 ? /^(\d{1,2})\s+/u.exec(said) : null;
      if (pick !== null) {
        const chosen = open[Number(pick[1]) - 1];
        if (chosen === undefined)
          return err(`${who} has ${String(open.length)} requests open: pick 1 to ${String(open.length)}`);
        promptId = chosen;
        said = said.slice(pick[0].length);
      }
      if (said === "") return err(`usage: ${usage}`);
      return ok({ sender: senderOf(who, context), kind: "private", promptId, text: said });
    }
    default:
      return ok({ sender: facilitator, kind: "command", name: command.toLowerCase(), args });
  }
}
