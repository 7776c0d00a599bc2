// Ports between the runtime (src/bot) and the platforms (src/adapters). Adapters implement
// ChatPlatform and translate; they hold no workshop logic. The runtime never imports an adapter.
import type { Result } from "../result.ts";

export type PlatformName = "discord" | "matrix" | "console" | (string & {});

export interface Sender {
  /** Platform user id (Discord snowflake, Matrix user id, console name). */
  readonly userId: string;
  readonly displayName: string;
  /** The user's locale if the platform tells it (Discord interactions do). */
  readonly locale?: string;
  /** Platform role ids, for group mapping from configuration. */
  readonly roles?: readonly string[];
}

interface InboundBase {
  readonly platform: PlatformName;
  /** Unique per platform; the inbox deduplicates on (platform, eventId). */
  readonly eventId: string;
  /** The room the event belongs to (channel id, Matrix room id); private input names its workshop room. */
  readonly roomId: string;
  /** Platform timestamp (ms since the epoch). */
  readonly at: number;
  readonly sender: Sender;
}

export type InboundEvent = InboundBase &
  (
    | { readonly kind: "message"; readonly text: string }
    /** A command in the shared grammar, already split: `start perspective-exchange` → name "start", args ["perspective-exchange"]. */
    | {
        readonly kind: "command";
        readonly name: string;
        readonly args: readonly string[];
        /**
         * The message the command was given on (a Discord message command, a Matrix reply): its
         * text and a link to it, for `flag`. Never its author.
         */
        readonly target?: { readonly text: string; readonly link?: string };
      }
    | { readonly kind: "choice"; readonly promptId: string; readonly value: string }
    | { readonly kind: "private"; readonly promptId: string; readonly text: string }
    | { readonly kind: "join" }
    | { readonly kind: "leave" }
  );

/** The only way an adapter hands events to the runtime; resolves once the event is durable. */
export type InboundSink = (event: InboundEvent) => Promise<void>;

/**
 * Rendered text: the runtime has neutralised participant text (control and bidi characters,
 * length) and chosen the locale; the adapter escapes each segment for its markup (Discord
 * markdown, Matrix HTML) so that no segment can inject formatting or mentions.
 */
export interface Segment {
  readonly text: string;
  readonly style?: "strong" | "emphasis" | "quote";
  /** Text written by a participant (adapters never let it mention or link). */
  readonly fromParticipant?: boolean;
}

export type DeliveryAudience =
  | { readonly to: "room" }
  | { readonly to: "user"; readonly userId: string }
  /** The room's facilitators, privately (a private thread, ephemeral replies or direct messages). */
  | { readonly to: "facilitators"; readonly userIds: readonly string[] };

export interface DeliveryOption {
  readonly value: string;
  readonly label: string;
}

/** The text of a room post in one language, with its writing direction (a mixed room's blocks). */
export interface LanguageBlock {
  readonly locale: string;
  readonly dir: "ltr" | "rtl";
  readonly body: readonly Segment[];
}

/** The parts of a stage's live card (issue 14): what an adapter that edits cards shows where. */
export type CardSlot = "title" | "body" | "status" | "note" | "log" | "time";

/**
 * A room post that belongs to the room's live card: one card per stage (and one for the lobby),
 * kept up to date by edits where the platform can (Discord embeds), posted as it is elsewhere.
 */
export interface CardPart {
  /**
   * Stable for the card (`<session>:lobby`, `<session>:stage:3`): an adapter edits the room's
   * current card while the key is the same, and starts a new card (a new post) when it differs.
   */
  readonly key: string;
  /**
   * Which part this post sets: the stage's heading (`title`), what happens in it (`body`), the
   * latest turn or event (`status`, replaced), a remark under it until the next one (`note`: a
   * pause, the workshop continuing, more time), the people who joined or left (`log`, appended),
   * the countdown (`time`, a `timer` delivery).
   */
  readonly slot: CardSlot;
  /**
   * The platform user whose turn starts (never in an anonymous stage): an edit notifies nobody,
   * so an adapter that edits the card mentions this user once in a post that notifies them only.
   */
  readonly ping?: string;
  /**
   * The workshop's title (the flow's, in the room's first language), on the part that opens a card
   * (the lobby's welcome, a stage's heading): an adapter may show it beside the heading (Matrix:
   * the room's topic). Plain flow text, never confidential.
   */
  readonly title?: string;
  /**
   * More parts of the same card that follow this one, delivered together (one edit instead of
   * several). Only a platform with `liveCards` is given them; each part applies in order.
   */
  readonly more?: readonly CardMore[];
}

/** A further part of a card delivery (CardPart.more): its text, and for `time` its deadline. */
export interface CardMore {
  readonly slot: CardSlot;
  readonly body: readonly Segment[];
  readonly languages?: readonly LanguageBlock[];
  /** For the `time` part: the countdown's deadline (null: stopped). */
  readonly deadline?: number | null;
  readonly ping?: string;
}

interface DeliveryBase {
  /**
   * Stable across retries and restarts: Discord nonce, Matrix transaction id. The deliveries of
   * one runtime step share it up to its last ":" (`<session>:<seq>:<n>`).
   */
  readonly idempotencyKey: string;
  readonly roomId: string;
  readonly audience: DeliveryAudience;
  /**
   * A room post in a mixed-language room: the body in each language of the participants present
   * (the room's default first; `body` is the first block). Absent when the room reads one
   * language. Adapters show every block, each isolated and marked with its direction.
   */
  readonly languages?: readonly LanguageBlock[];
  /**
   * Room `say` and `timer` deliveries that are part of the live card. An adapter without live
   * cards (`Capabilities.liveCards` false or absent) ignores it and posts as usual.
   */
  readonly card?: CardPart;
  /**
   * The platform event id of the command this notice answers, when it goes to the command's
   * sender: an adapter may show it as a reply (Matrix `m.in_reply_to`) where it is posted in the
   * same room as the command, never quoting it.
   */
  readonly replyTo?: string;
}

export type Delivery = DeliveryBase &
  (
    | {
        readonly kind: "say";
        readonly body: readonly Segment[];
        /**
         * This answers a press on the question `closedPrompt`, which has closed: where the platform
         * allows, the adapter disables that question's controls on the message pressed.
         */
        readonly closedPrompt?: string;
        /**
         * The post shows a contribution on someone's behalf (its `#n`): the adapter answers with
         * the platform's message ids, which the dispatcher keeps so a facilitator can hide it.
         */
        readonly contributionRef?: number;
      }
    /**
     * Take back the room's posts of contribution `contributionRef` (safeguarding). The dispatcher
     * handles it: it looks up the message ids the posts were delivered as and calls
     * `ChatPlatform.retract` for each; it never reaches `deliver`.
     */
    | { readonly kind: "retract"; readonly contributionRef: number }
    | {
        readonly kind: "ask";
        readonly body: readonly Segment[];
        readonly promptId: string;
        readonly options: readonly DeliveryOption[];
        readonly maxChoices: number;
        /** Replaces the question already asked under `promptId` (edited in place where possible). */
        readonly revises?: true;
      }
    /** Ask for private input: a modal behind a button on Discord, a direct room on Matrix. */
    | { readonly kind: "collect"; readonly body: readonly Segment[]; readonly promptId: string }
    /**
     * Strict turn-taking: only these user ids may post in the room ("everyone" lifts the
     * restriction; an empty list leaves the room read-only for every participant).
     */
    | {
        readonly kind: "floor";
        readonly holders: readonly string[] | "everyone";
        /** The room's facilitators: they keep their voice whatever the floor, like the bot. */
        readonly facilitators?: readonly string[];
      }
    /** A countdown to show (Discord `<t:…:R>`); null clears it. */
    | { readonly kind: "timer"; readonly deadline: number | null; readonly body: readonly Segment[] }
    | { readonly kind: "pin"; readonly body: readonly Segment[] }
    /**
     * The question `promptId` (asked in this room) has closed: an adapter that can, disables its
     * controls (Discord); one that cannot does nothing, as the runtime answers any later answer
     * to it with "that question is closed".
     */
    | { readonly kind: "close"; readonly promptId: string }
    /**
     * A session's report for the facilitators who asked (`report`), as the outbox keeps it: no
     * bytes, only which session and format. The dispatcher regenerates the files from the store
     * when it delivers (so a forget-me before then is honoured) and hands the platform a `files`
     * delivery instead; it never reaches `deliver`. Audience: facilitators only.
     */
    | {
        readonly kind: "report";
        readonly body: readonly Segment[];
        readonly sessionId: string;
        readonly format: ReportFileFormat;
        readonly locale: string;
      }
    /**
     * Files for the facilitators (a report): an adapter attaches them to a private post (Discord
     * attachments, Matrix m.file events, a folder in the terminal), with `body` as its text. The
     * audience is always `facilitators`; an adapter refuses any other (`unsupported`).
     */
    | { readonly kind: "files"; readonly body: readonly Segment[]; readonly files: readonly DeliveryFile[] }
  );

/** The formats a `report` delivery can carry (the same as `parley report --format`). */
export type ReportFileFormat = "html" | "csv" | "json" | "md";

/** One file of a `files` delivery. */
export interface DeliveryFile {
  /** A plain file name (no directory): `report.html`, `participation.csv`. */
  readonly name: string;
  /** Its media type: `text/html; charset=utf-8`, `text/csv; charset=utf-8`. */
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

export type DeliveryKind = Delivery["kind"];

/** An expected failure of a platform call: a value with a stable code, not an exception. */
export interface PlatformFailure {
  readonly code:
    | "rate_limited"
    | "missing_permission"
    | "not_found"
    | "too_large"
    | "unavailable"
    | "unsupported"
    | (string & {});
  readonly message: string;
  /** When the caller may retry (ms); absent means do not retry. */
  readonly retryAfterMs?: number;
}

/** What a delivery posted: the platform's ids of its messages (several when a long text was split). */
export type Posted = { readonly messageIds?: readonly string[] } | undefined;
export type DeliveryResult = Result<Posted, PlatformFailure>;

export interface Capabilities {
  readonly buttons: boolean;
  /** Private input in place (Discord modals); otherwise the runtime asks in a direct room. */
  readonly modals: boolean;
  readonly directMessages: boolean;
  readonly threads: boolean;
  /** The platform can restrict who posts (permission overwrites, power levels). */
  readonly strictFloor: boolean;
  /**
   * A question posted in the room can be answered there without anyone else seeing the answer
   * (Discord: a button press is an interaction, acknowledged ephemerally). When false (Matrix:
   * reactions and replies are room events everyone sees), the runtime sends every room question
   * whose answers are private (consent, votes, survey answers) to each present participant
   * privately instead, and the room only hears that it was sent; such an adapter must refuse an
   * `ask` addressed to the room (`unsupported`), never post it there.
   */
  readonly privateAnswersInRoom: boolean;
  readonly maxMessageLength: number;
  /**
   * How a person types a Parley command on this platform, up to the command's name: "/parley "
   * on Discord, "!parley " on Matrix, "/" in the terminal room. Instructions ("type /parley join")
   * use it; absent, the bare command name.
   */
  readonly commandPrefix?: string;
  /**
   * The same for facilitators' commands where the platform keeps them apart ("/facilitate " on
   * Discord, whose slash commands hold at most 25 subcommands each); absent, `commandPrefix`.
   */
  readonly facilitatorCommandPrefix?: string;
  /**
   * The adapter keeps one live card per stage and edits it for the deliveries marked `card`
   * (Discord). Absent or false: each of those is posted as a message of its own.
   */
  readonly liveCards?: boolean;
  /**
   * The facilitators read their notices together, in one place (Discord's private facilitators'
   * thread): a notice for facilitators who read different languages is one delivery to all of them
   * with a language block each (`languages`, the room's language first), not one per language.
   * Absent or false: one delivery per language, each to the facilitators who read it.
   */
  readonly facilitatorsTogether?: boolean;
}

export interface ChatPlatform {
  readonly name: PlatformName;
  readonly capabilities: Capabilities;
  start(sink: InboundSink): Promise<void>;
  /** Stop intake; in-flight deliveries finish. */
  stop(): Promise<void>;
  deliver(delivery: Delivery): Promise<DeliveryResult>;
  /**
   * A participant was forgotten: drop whatever the adapter keeps about this user id in its own
   * state (direct-room maps, saved floor state, pending interactions), so the store's files hold
   * no trace of them. Called after the forget is committed; may run again after a restart.
   */
  forgetUser?(userId: string): Promise<void>;
  /**
   * Retention deleted the last stored session of this room: drop what the adapter keeps for the
   * room's content (Matrix: its stored end-to-end room keys).
   */
  forgetRoom?(roomId: string): Promise<void>;
  /**
   * Takes back one of the bot's own posts in `roomId` (a message id `deliver` answered): deleted
   * on Discord, redacted with every edit on Matrix, marked hidden in the terminal. A message
   * already gone counts as done.
   */
  retract?(roomId: string, messageId: string): Promise<DeliveryResult>;
}

/** Small durable key/value space an adapter uses for its cursors (sync token, last message id). */
export interface CursorStore {
  getCursor(platform: PlatformName, key: string): Promise<string | undefined>;
  setCursor(platform: PlatformName, key: string, value: string): Promise<void>;
}

/**
 * Where the Matrix adapter keeps its end-to-end encryption state: opaque parts (already encrypted
 * by the adapter with the operator's passphrase), and the lease that lets one process at a time
 * use the bot's Matrix device. Single-process stores always grant the lease.
 */
export interface CryptoStateStore {
  /** Every stored part of `owner`'s crypto state, by part name. */
  loadCryptoState(owner: string): Promise<Map<string, Uint8Array>>;
  /** Writes the parts (null deletes one) in one transaction. */
  saveCryptoState(owner: string, parts: ReadonlyMap<string, Uint8Array | null>): Promise<void>;
  claimRoom(key: string, owner: string, now: number, until: number): Promise<boolean>;
  releaseRooms(owner: string): Promise<void>;
  /** True when several processes share this store. */
  readonly shared: boolean;
}

/** Structured logging. Implementations redact secrets (tokens, passwords) before writing. */
export interface Logger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}
