// Drives whole workshops from the outside: the real bot process (`node src/main.ts run`) in a
// Matrix room on a real Synapse, with real matrix-js-sdk clients as the facilitator and four
// participants in two groups. Tests see only what Matrix users see (plus the bot's SQLite inbox,
// read to know when something a user sent has been durably accepted).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Direction, MatrixEvent, type IEvent } from "matrix-js-sdk";
import { stringify as stringifyYaml } from "yaml";
import { CARD_MARK } from "../../src/adapters/matrix/cards.ts";
import { OPTION_KEYS } from "../../src/adapters/matrix/render.ts";
import { connectHuman, type Human, type SeenEvent } from "../support/synapse/human.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../support/synapse/server.ts";
import { BotProcess, type Exit } from "./bot-process.ts";

/** A participant: a syncing Matrix client plus the names a leak of their identity would show. */
export interface Person {
  readonly human: Human;
  readonly userId: string;
  readonly localpart: string;
  readonly displayName: string;
  /** The Matrix group mapping name (`north` → group-a, `south` → group-b). */
  readonly side: "north" | "south";
}

export interface World {
  readonly hs: Homeserver;
  readonly dir: string;
  readonly carol: Human;
  /** Participants in two groups, alternating: north, south, north, south… */
  readonly people: readonly Person[];
  /** One bot account per workshop, so workshops never share state or direct rooms. */
  readonly bots: readonly RegisteredUser[];
  /** Workshop rooms are end-to-end encrypted; every client (and the bot) runs Rust crypto. */
  readonly encrypted: boolean;
  stop(): Promise<void>;
}

/** Distinctive names, so any leak of an author into a room is unmistakable. */
const cast = [
  { localpart: "zephyrine", displayName: "Zephyrine Quill", side: "north" },
  { localpart: "oswin", displayName: "Oswin Marlowe", side: "south" },
  { localpart: "ludmila", displayName: "Ludmila Farrow", side: "north" },
  { localpart: "teodor", displayName: "Teodor Vance", side: "south" },
  { localpart: "wilhelmina", displayName: "Wilhelmina Stroud", side: "north" },
  { localpart: "bartholomew", displayName: "Bartholomew Crane", side: "south" },
  { localpart: "philippa", displayName: "Philippa Oakes", side: "north" },
  { localpart: "cornelius", displayName: "Cornelius Hale", side: "south" },
] as const;

/**
 * Starts Synapse, registers `botCount` bot accounts, the facilitator and `size` participants (four
 * by default, at most eight; the message-economy bench plays eight). `encrypted`: workshop rooms
 * are end-to-end encrypted and every client runs Rust crypto.
 */
export async function startWorld(
  botCount: number,
  size = 4,
  options: { encrypted?: boolean } = {},
): Promise<World> {
  const encrypted = options.encrypted === true;
  const hs = await startHomeserver();
  const dir = await mkdtemp(join(tmpdir(), "parley-matrix-e2e-"));
  const bots: RegisteredUser[] = [];
  for (let n = 0; n < botCount; n++)
    bots.push(await hs.registerUser(`parley${n}`, { displayName: "Parley" }));
  const autoJoinFrom = bots.map((b) => b.userId);
  const humans: Human[] = [];
  const carol = await connectHuman(hs.baseUrl, await hs.registerUser("carol", { displayName: "Carol" }), {
    autoJoinFrom,
    crypto: encrypted,
  });
  humans.push(carol);
  const people: Person[] = [];
  for (const c of cast.slice(0, size)) {
    const user = await hs.registerUser(c.localpart, { displayName: c.displayName });
    const human = await connectHuman(hs.baseUrl, user, { autoJoinFrom, crypto: encrypted });
    humans.push(human);
    people.push({
      human,
      userId: user.userId,
      localpart: user.localpart,
      displayName: c.displayName,
      side: c.side,
    });
  }
  return {
    hs,
    dir,
    carol,
    people,
    bots,
    encrypted,
    async stop() {
      for (const h of humans) h.stop();
      await hs.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Removes the bidi isolation marks (FSI…PDI) the runtime puts around names and participants' text. */
export function plain(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, "");
}

export function bodyOf(e: SeenEvent): string {
  return plain(typeof e.content["body"] === "string" ? e.content["body"] : "");
}

/** The bots' flow directory (`flows.dirs`): chat starts flows by id only, never by path. */
export function flowsDirOf(world: World): string {
  return join(world.dir, "flows");
}

/** Writes a flow into the bots' flow directory and returns its id (what `start` takes from chat). */
export async function writeFlow(world: World, spec: Record<string, unknown>): Promise<string> {
  const id = String(spec["id"]);
  await mkdir(flowsDirOf(world), { recursive: true });
  await writeFile(join(flowsDirOf(world), `${id}.yaml`), stringifyYaml(spec));
  return id;
}

/** One event of a room as /messages returns it. */
export interface TimelineEvent {
  readonly type: string;
  readonly sender: string;
  readonly content: Record<string, unknown>;
  readonly stateKey?: string;
}

/** How `Workshop.open` sets up the room and the bot. */
export interface WorkshopOptions {
  /** Which of the world's bot accounts runs this workshop (one per room). */
  readonly bot: number;
  /**
   * The bot's power level: 50 (moderator) by default; strict turn-taking needs the level of
   * `m.room.power_levels`, 100 in a default room.
   */
  readonly botPower?: number | undefined;
  /** Runs once the people are in the room, before the bot process first starts. */
  readonly beforeBot?: (roomId: string) => Promise<void>;
  /** More top-level configuration (e.g. `safeguarding`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export class Workshop {
  readonly world: World;
  readonly bot: BotProcess;
  readonly botUserId: string;
  readonly roomId: string;
  readonly storeFile: string;
  /** Room notices already consumed by waitRoom. */
  readonly seen = new Set<string>();
  /** Private notices already consumed. */
  readonly used = new Set<string>();

  private constructor(world: World, bot: BotProcess, botUserId: string, roomId: string, storeFile: string) {
    this.world = world;
    this.bot = bot;
    this.botUserId = botUserId;
    this.roomId = roomId;
    this.storeFile = storeFile;
  }

  /**
   * A workshop room created by carol (the facilitator) with the four participants in it, the bot
   * account `options.bot` invited with power level `options.botPower`, and the bot process started
   * and joined.
   */
  static async open(world: World, name: string, options: WorkshopOptions): Promise<Workshop> {
    const { bot: botIndex, botPower = 50, beforeBot, extra = {} } = options;
    const botUser = world.bots[botIndex];
    if (botUser === undefined) throw new Error(`no bot account ${botIndex}`);
    const { carol, people } = world;
    const roomId = await carol.createRoom({
      name,
      powerLevels: { [botUser.userId]: botPower },
      encrypted: world.encrypted,
    });
    for (const p of people) {
      await carol.client.invite(roomId, p.userId);
      await p.human.client.joinRoom(roomId);
    }
    await beforeBot?.(roomId);
    const storeFile = join(world.dir, `${name}.sqlite`);
    const configDir = await mkdtemp(join(world.dir, `${name}-`));
    const bot = await BotProcess.prepare(
      configDir,
      {
        store: { kind: "sqlite", path: storeFile },
        locale: "en",
        flows: { dirs: [flowsDirOf(world)] },
        rooms: {
          [`matrix:${roomId}`]: {
            facilitators: [carol.userId],
            groupRoles: { north: "group-a", south: "group-b" },
          },
        },
        matrix: {
          homeserverUrl: world.hs.baseUrl,
          userId: botUser.userId,
          allowedInviters: [carol.userId],
          groups: {
            north: people.filter((p) => p.side === "north").map((p) => p.userId),
            south: people.filter((p) => p.side === "south").map((p) => p.userId),
          },
        },
        ...extra,
      },
      {
        MATRIX_ACCESS_TOKEN: botUser.accessToken,
        PARLEY_LOG_LEVEL: "info",
        ...(world.encrypted ? { MATRIX_CRYPTO_PASSPHRASE: "conformance passphrase" } : {}),
      },
    );
    const workshop = new Workshop(world, bot, botUser.userId, roomId, storeFile);
    bot.start();
    await carol.client.invite(roomId, botUser.userId);
    await workshop.#wait(
      () =>
        carol.seen.find(
          (e) =>
            e.roomId === roomId &&
            e.type === "m.room.member" &&
            e.stateKey === botUser.userId &&
            e.content["membership"] === "join",
        ),
      "the bot joining the room",
      60_000,
    );
    return workshop;
  }

  // ---------------------------------------------------------------- what people see

  /**
   * The bot's messages in the workshop room, as the facilitator's client shows them, in order: an
   * edit (`m.replace`) is not a message of its own but changes its original to its `m.new_content`.
   */
  roomNotices(): SeenEvent[] {
    return roomView(
      unique(
        this.world.carol.seen.filter(
          (e) => e.roomId === this.roomId && e.sender === this.botUserId && e.type === "m.room.message",
        ),
      ),
    );
  }

  /** The bot's edits (`m.replace`) in the workshop room, in order. */
  roomEdits(): SeenEvent[] {
    return unique(
      this.world.carol.seen.filter(
        (e) => e.roomId === this.roomId && e.sender === this.botUserId && editedId(e) !== undefined,
      ),
    );
  }

  roomTexts(): string[] {
    return this.roomNotices().map(bodyOf);
  }

  /** The bot's messages only `human` sees: those in rooms other than the workshop room (direct rooms). */
  privateNotices(human: Human): SeenEvent[] {
    // A turn's mention (a link to the card, cards.ts) is a notification, not a text to read.
    return unique(
      human.seen.filter(
        (e) =>
          e.roomId !== this.roomId &&
          e.sender === this.botUserId &&
          e.type === "m.room.message" &&
          !isMentionPost(e),
      ),
    );
  }

  /** Waits for a new room notice matching `re` (not consumed before) and consumes it. */
  async waitRoom(re: RegExp, what = String(re)): Promise<SeenEvent> {
    const found = await this.#wait(
      () => this.roomNotices().find((e) => !this.seen.has(e.eventId) && re.test(bodyOf(e))),
      what,
    );
    this.seen.add(found.eventId);
    return found;
  }

  /** Waits for a private notice to `human` matching `re` (not consumed before) and consumes it. */
  async waitPrivate(
    human: Human,
    re: RegExp,
    what = `${String(re)} for ${human.userId}`,
  ): Promise<SeenEvent> {
    const found = await this.#wait(
      () => this.privateNotices(human).find((e) => !this.used.has(e.eventId) && re.test(bodyOf(e))),
      what,
    );
    this.used.add(found.eventId);
    return found;
  }

  /** The person a room text names ("It is Zephyrine Quill's turn"). */
  personIn(text: string): Person {
    const found = this.world.people.filter((p) => plain(text).includes(p.displayName));
    if (found.length !== 1 || found[0] === undefined) throw new Error(`cannot tell who is meant: ${text}`);
    return found[0];
  }

  // ---------------------------------------------------------------- acting

  /** The facilitator's `!parley <command>`. */
  async command(text: string): Promise<string> {
    return this.world.carol.say(this.roomId, `!parley ${text}`);
  }

  /** Says `text` as `human` in `roomId` and waits until the bot has durably accepted it. */
  async sayDurably(human: Human, roomId: string, text: string): Promise<string> {
    const eventId = await human.say(roomId, text);
    await this.durable(eventId);
    return eventId;
  }

  /** Reacts with option `n` (1-based keycap) to a bot message and waits until it is durable. */
  async choose(human: Human, event: SeenEvent, n: number): Promise<void> {
    const key = OPTION_KEYS[n - 1];
    if (key === undefined) throw new Error(`no reaction key for option ${n}`);
    await this.durable(await human.react(event.roomId, event.eventId, key));
  }

  /** Waits until the bot's inbox holds the Matrix event `eventId` (it is then processed in order). */
  async durable(eventId: string): Promise<void> {
    await this.#wait(
      () => (this.#inboxHas(`matrix:${eventId}`) ? true : undefined),
      `${eventId} in the inbox`,
    );
  }

  #inboxHas(key: string): boolean {
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(this.storeFile, { readOnly: true });
    } catch {
      return false; // not created yet
    }
    try {
      return db.prepare("SELECT 1 FROM inbox WHERE event_id = ?").get(key) !== undefined;
    } catch {
      return false;
    } finally {
      db.close();
    }
  }

  /** Every joining participant runs `!parley join` and gets their private confirmation. */
  async joinAll(): Promise<Map<string, string>> {
    const confirmations = new Map<string, string>();
    for (const p of this.world.people) {
      await p.human.say(this.roomId, "!parley join");
      const confirmation = await this.waitPrivate(
        p.human,
        /You have joined/,
        `${p.displayName}'s join confirmation`,
      );
      confirmations.set(p.userId, bodyOf(confirmation));
    }
    return confirmations;
  }

  /** The summary the bot pinned last in the room, once it is pinned. */
  async pinnedSummary(): Promise<SeenEvent> {
    const pinnedId = await this.#wait(
      () => pinnedSummaryId(this.world.carol.seen, this.roomId, this.botUserId),
      "the summary pinned",
    );
    return this.#wait(() => this.roomNotices().find((e) => e.eventId === pinnedId), "the pinned message");
  }

  /**
   * Stops the bot with SIGTERM and returns how it ended, and the error lines it logged (a clean
   * workshop has none).
   */
  async stop(): Promise<{ exit: Exit | undefined; errors: string[] }> {
    const exit = await this.bot.stop();
    return { exit, errors: this.bot.output.split("\n").filter((line) => line.includes('"level":"error"')) };
  }

  // ---------------------------------------------------------------- the timeline

  /**
   * Every event of the workshop room (messages, reactions, edits, redactions, state events), oldest
   * first, read back through /messages from the room's start by `reader` (carol by default).
   */
  async timeline(reader: Human = this.world.carol): Promise<TimelineEvent[]> {
    const events: TimelineEvent[] = [];
    let from: string | null = null;
    for (;;) {
      const page = await reader.client.createMessagesRequest(this.roomId, from, 500, Direction.Backward);
      for (const raw of page.chunk) {
        // In an encrypted room the reader's client decrypts, as it does on screen.
        const e = raw.type === "m.room.encrypted" ? await decrypted(reader, raw) : raw;
        events.push({
          type: e.type,
          sender: e.sender,
          content: e.content,
          ...("state_key" in e && typeof e.state_key === "string" ? { stateKey: e.state_key } : {}),
        });
      }
      if (page.chunk.length === 0 || page.end === undefined || page.end === from) break;
      from = page.end;
    }
    return events.reverse();
  }

  /** Everything that went wrong, for failure messages. */
  context(): string {
    return `room so far:\n${this.roomTexts().join("\n---\n")}\n\nbot output (tail):\n${this.bot.output.slice(-4000)}`;
  }

  async #wait<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}\n${this.context()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function decrypted<E extends { type: string; content: IEvent["content"] }>(
  reader: Human,
  raw: E,
): Promise<E> {
  const event = new MatrixEvent(raw);
  await reader.client.decryptEventIfNeeded(event);
  return { ...raw, type: event.getType(), content: event.getContent() };
}

function unique(events: readonly SeenEvent[]): SeenEvent[] {
  const ids = new Set<string>();
  return events.filter((e) => {
    if (ids.has(e.eventId) || e.eventId === "" || e.eventId.startsWith("~")) return false;
    ids.add(e.eventId);
    return true;
  });
}

/** The event an edit replaces, or undefined when `e` is no edit. */
export function editedId(e: SeenEvent): string | undefined {
  const relation = e.content["m.relates_to"] as { rel_type?: unknown; event_id?: unknown } | undefined;
  return relation?.rel_type === "m.replace" && typeof relation.event_id === "string"
    ? relation.event_id
    : undefined;
}

/** Messages as a client shows them: each original with its latest edit's new content, edits dropped. */
export function withEdits(events: readonly SeenEvent[]): SeenEvent[] {
  const latest = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const original = editedId(e);
    const content = e.content["m.new_content"];
    if (original !== undefined && typeof content === "object" && content !== null)
      latest.set(original, content as Record<string, unknown>);
  }
  return events
    .filter((e) => editedId(e) === undefined)
    .map((e) => {
      const content = latest.get(e.eventId);
      return content === undefined ? e : { ...e, content };
    });
}

/** A turn's mention of the speaker in their direct room (src/adapters/matrix/cards.ts). */
export function isMentionPost(e: SeenEvent): boolean {
  const mentions = e.content["m.mentions"] as { user_ids?: unknown } | undefined;
  return Array.isArray(mentions?.user_ids) && mentions.user_ids.length > 0;
}

/**
 * The room as a member saw it appear, oldest first: every plain message once, as it reads now
 * (with its latest edit), and every change of a live stage card (src/adapters/matrix/cards.ts) as
 * an entry of its own at the time of the change, holding each line the change added (the
 * heading, what happens, the latest turn, who joined, the time left), with the id
 * `<card event id>#<n>`. Tests read edited cards the way they read posts.
 */
export function roomView(events: readonly SeenEvent[]): SeenEvent[] {
  const cards = new Map<string, Set<string>>();
  // A redacted message (its content gone) is no longer shown.
  const shown = events.filter((e) => Object.keys(e.content).length > 0);
  // Where each entry goes: a card change at its edit, a plain message at its original.
  const at = new Map<string, number>(shown.map((e, i) => [e.eventId, i]));
  const changes: SeenEvent[] = [];
  shown.forEach((e, i) => {
    const original = editedId(e);
    const content = (original === undefined ? e.content : e.content["m.new_content"]) as
      Record<string, unknown> | undefined;
    if (content?.[CARD_MARK] !== true) return;
    const cardId = original ?? e.eventId;
    const before = cards.get(cardId) ?? new Set<string>();
    const [first, ...others] = cardBlocks(content);
    const lines = first?.lines ?? [];
    lines.forEach((line, n) => {
      if (before.has(line)) return;
      // In a mixed room, the same line in each other language follows, isolated in its direction.
      const body = [
        line,
        ...others.flatMap((b) => (b.lines[n] === undefined ? [] : [isolated(b)(b.lines[n])])),
      ];
      const id = `${cardId}#${String(changes.length)}`;
      at.set(id, i + changes.length / 1e6);
      changes.push({ ...e, eventId: id, content: { ...content, body: body.join("\n") } });
    });
    cards.set(cardId, new Set(lines));
  });
  // Plain messages with their latest edits, in place among the card changes.
  const plainOnes = withEdits(shown.filter((e) => !cards.has(editedId(e) ?? e.eventId)));
  return [...plainOnes, ...changes].sort((a, b) => (at.get(a.eventId) ?? 0) - (at.get(b.eventId) ?? 0));
}

interface CardBlock {
  readonly dir: string;
  readonly lines: readonly string[];
}

const isolated =
  (b: CardBlock) =>
  (line: string): string =>
    `${b.dir === "rtl" ? "\u2067" : "\u2066"}${line}\u2069`;

/** A card's lines per language: its `<div dir lang>` blocks, or its plain body in a one-language room. */
function cardBlocks(content: Record<string, unknown>): CardBlock[] {
  const html = typeof content["formatted_body"] === "string" ? content["formatted_body"] : "";
  const divs = [...html.matchAll(/<div dir="(ltr|rtl)" lang="[^"]*">([\s\S]*?)<\/div>/g)];
  const nonEmpty = (text: string): string[] => text.split("\n").filter((l) => l.trim() !== "");
  if (divs.length === 0)
    return [{ dir: "ltr", lines: nonEmpty(typeof content["body"] === "string" ? content["body"] : "") }];
  return divs.map((m) => ({
    dir: m[1] ?? "ltr",
    lines: nonEmpty(
      (m[2] ?? "")
        .replace(/<br>/g, "\n")
        .replace(/<[^>]+>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&"),
    ),
  }));
}

/**
 * The event id of the summary the bot pinned in `roomId`, once pinned: the last of the room's
 * pinned events, unless it is the bot's help (the first event the bot ever pinned there).
 */
export function pinnedSummaryId(
  seen: readonly SeenEvent[],
  roomId: string,
  botUserId: string,
): string | undefined {
  const pins = seen.filter(
    (e) =>
      e.roomId === roomId &&
      e.type === "m.room.pinned_events" &&
      e.sender === botUserId &&
      Array.isArray(e.content["pinned"]),
  );
  const help = (pins[0]?.content["pinned"] as unknown[] | undefined)?.[0];
  const last = (pins.at(-1)?.content["pinned"] as unknown[] | undefined)?.at(-1);
  return typeof last === "string" && last !== help ? last : undefined;
}
