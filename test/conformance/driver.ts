// The conformance driver: what a scenario may do and see on a chat platform, written once for every
// platform. A platform adapter is done when the scenarios in ./scenarios pass through its driver
// (README.md beside this file). Drivers act and look only as the platform's people would: they
// post, press, write privately and read what a person's own client shows. The one exception is
// `durable`: a driver may read the bot's store to know that something sent has been accepted, so
// that scenarios wait for a signal instead of sleeping.

/** The groups every scenario's flows declare; each driver maps its platform's grouping onto them. */
export type Group = "group-a" | "group-b";

/** A participant of the workshop room. */
export interface Person {
  /** Stable within the driver; not shown anywhere. */
  readonly key: string;
  /** How the room names this person ("It is <name>'s turn"). */
  readonly name: string;
  readonly group: Group;
  /** Every string that would identify this person if it appeared (user id, user name, display name). */
  readonly identifiers: readonly string[];
}

/** The facilitator (the room's configured facilitator, or the terminal's keyboard user). */
export const facilitator = "facilitator";
export type Actor = Person | typeof facilitator;

/** Something a person was asked and can answer: options to press, or a text to write privately. */
export interface Prompt {
  /** Unique within the driver. */
  readonly id: string;
  readonly text: string;
  /** The options' labels, in order (empty for a written answer). */
  readonly options: readonly string[];
  /** True when the answer is written (a modal, a direct-room reply, `/private`). */
  readonly write: boolean;
}

/** One entry of the room's history as an ordinary member reads it back. */
export interface HistoryEntry {
  /** "bot", "facilitator", a person's key, or "other". */
  readonly by: string;
  /**
   * "message" (a post), "command" (a `parley` command typed as a post), "membership" (joining the
   * room), "reaction", or "state" (permissions, pins, power levels).
   */
  readonly kind: "message" | "command" | "membership" | "reaction" | "state";
  /** Everything the entry carries (text, embeds, state content), as one string. */
  readonly text: string;
}

export interface DriverCapabilities {
  /**
   * "enforced": the platform itself refuses a post from someone without the floor (Discord
   * overwrites, Matrix power levels). "shown": the platform can only show who has the floor (the
   * terminal, `Capabilities.strictFloor: false`).
   */
  readonly floor: "enforced" | "shown";
  /** Whether people can post while the bot is down (a server holds the posts; a terminal cannot). */
  readonly postsWhileDown: boolean;
  /** Whether the room exists and can be posted in before the bot first starts. */
  readonly roomBeforeBot: boolean;
  /**
   * Whether a question whose answers are private is shown in the room, to be answered privately
   * in place (`Capabilities.privateAnswersInRoom`: Discord's buttons, the terminal), or only in
   * each participant's private channel (Matrix direct rooms).
   */
  readonly questionsInRoom: boolean;
  /**
   * What `hide` does to a post already shown: "removes" it from the room's history (Discord
   * deletes the message, Matrix redacts the event), or "marks" it hidden (a terminal cannot take
   * back a printed line: it prints that the post is hidden).
   */
  readonly hide: "removes" | "marks";
}

export interface ConformanceDriver {
  readonly platform: string;
  readonly capabilities: DriverCapabilities;
  /** Four participants: group-a, group-b, group-a, group-b. */
  readonly people: readonly Person[];

  /** Makes a flow available to `start` (by id, as chat rooms start flows) and returns its id. */
  flow(spec: Readonly<Record<string, unknown>>): Promise<string>;
  /** A `parley` command as `who`; arguments that are people are named the platform's way. */
  command(who: Actor, name: string, ...args: readonly (string | Person)[]): Promise<void>;
  /**
   * `who` joins the workshop in their group, and waits for the private confirmation. With
   * `locale`, they read in that language from then on, chosen the platform's way (terminal and
   * Matrix: `join <group> <locale>` / `join <locale>`; Discord: `/parley language` after joining,
   * since Discord has no Arabic or Hebrew client); the confirmation is awaited in it.
   */
  join(who: Person, options?: { readonly locale?: string }): Promise<void>;
  /**
   * `who` posts `text` in the room. "accepted": the platform took it and, while the bot runs, the
   * bot has durably received it (a bot that is down receives it after its restart: `received`).
   * "refused": the platform refused it (a strict floor).
   */
  say(who: Person, text: string): Promise<"accepted" | "refused">;
  /**
   * Platforms with reactions: `who` reacts to the bot's latest room message. A strict floor leaves
   * reactions open to everyone.
   */
  react?(who: Person): Promise<"accepted" | "refused">;
  /** Waits until the bot has durably received and processed every post `say` accepted so far. */
  received(): Promise<void>;
  /**
   * `who` asks the facilitators privately for a pause the way the platform offers it to someone
   * without the floor (Discord: the time-out button; Matrix: `!parley timeout` in the direct room;
   * terminal: `/as <name> timeout`); waits until durable.
   */
  askTimeout(who: Person, reason: string): Promise<void>;
  /** Every prompt `who` has been shown and can answer (the room's included), oldest first. */
  prompts(who: Person): readonly Prompt[];
  /** Presses the options of `prompt` with these labels, as `who`; waits until durable. */
  answer(who: Person, prompt: Prompt, labels: readonly string[]): Promise<void>;
  /** Writes the private answer to `prompt`, as `who`; waits until durable. */
  write(who: Person, prompt: Prompt, text: string): Promise<void>;

  /** The bot's messages in the room, oldest first, as their plain text. */
  roomTexts(): readonly string[];
  /**
   * The languages of each room text (`roomTexts()`, same order), as the platform marks its
   * blocks: terminal `[ar]` lines, Matrix `<div dir lang>`, Discord's embed per language or
   * `-# <language>` sections; empty for a text in one language (unmarked).
   */
  roomLanguages(): readonly (readonly string[])[];
  /** The bot's messages only `who` sees (ephemeral replies, direct messages, direct rooms). */
  privateTexts(who: Actor): readonly string[];
  /**
   * The bot's posts in the room as `reader`, an ordinary member, reads them back from the platform
   * now, as plain text: a deleted post is gone, a redacted one empty (`history` is everything a
   * member could have watched happen, deletions included).
   */
  readBack(reader: Person): Promise<readonly string[]>;
  /** The room's whole history as `reader`, an ordinary member, reads it back from the platform. */
  history(reader: Person): Promise<readonly HistoryEntry[]>;
  /** The summary the bot pinned in the room, once pinned, and whom its post notifies (user ids). */
  pinned(): { readonly text: string; readonly mentions: readonly string[] } | undefined;
  /** The participants the platform lets post in the room now (or, for "shown", shows as holding the floor). */
  mayPost(): readonly Person[];
  /** Whether the room's posting rights are exactly what they were before the bot first changed them. */
  postingRestored(): Promise<boolean>;

  /** Kills the bot process without warning (SIGKILL). */
  crash(): Promise<void>;
  /** Starts the bot again on the same store and waits until it is connected. */
  restart(): Promise<void>;
  /** Waits for a signal: resolves with the probe's first value that is not undefined, null or false. */
  until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  /** Stops the bot (SIGTERM) and returns how it exited and the error lines it logged. */
  close(): Promise<{ readonly cleanExit: boolean; readonly errors: readonly string[] }>;
  /** Room texts, private texts and the bot's log tail, for failure messages. */
  context(): string;
  /**
   * Platforms that deliver files: the facilitator asks for the Markdown report in chat (`report
   * md`) and reads the file as their own client opens it (decrypted, in an encrypted room).
   */
  readonly report?: (() => Promise<string>) | undefined;
  /**
   * Platforms whose servers must never read what people send (an end-to-end encrypted Matrix
   * room): each of `texts` found in the clear where the servers keep it (the homeserver's database
   * and media store) or in the bot's stored crypto state, as "<where>: <text>".
   */
  readonly storedInClear?: ((texts: readonly string[]) => Promise<readonly string[]>) | undefined;
}

/** One platform's shared servers for a test file: opens a fresh room with a fresh bot per scenario. */
export interface ConformancePlatform {
  readonly name: string;
  /**
   * A new room with the facilitator and the four participants in it and a new bot process (its
   * own store) serving it. `postedBeforeBot` is posted by people[0] before the bot first starts,
   * where `roomBeforeBot`.
   */
  open(name: string, options?: { readonly postedBeforeBot?: string }): Promise<ConformanceDriver>;
  stop(): Promise<void>;
}

/** A scenario: runs against any driver and asserts with vitest's `expect`. */
export interface Scenario {
  readonly name: string;
  readonly timeoutMs: number;
  readonly options?: { readonly postedBeforeBot?: string };
  run(d: ConformanceDriver): Promise<void>;
}
