// The Matrix conformance driver: the real bot process in a room on a real Synapse, with real
// matrix-js-sdk clients as the facilitator and the four participants (test/matrix/workshop-driver.ts).
// One homeserver per test file; each scenario gets its own room, bot account, bot process and store.
import { webcrypto, type JsonWebKey } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { isDeepStrictEqual } from "node:util";
import { EventTimeline, EventType } from "matrix-js-sdk";
import type { SeenEvent } from "../../support/synapse/human.ts";
import {
  bodyOf,
  pinnedSummaryId,
  plain,
  startWorld,
  Workshop,
  writeFlow,
  type Person as MatrixPerson,
  type World,
} from "../../matrix/workshop-driver.ts";
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

interface Participant extends Person {
  readonly matrix: MatrixPerson;
}

/** A direct-room message that asks for a written answer (Matrix marks nothing else: people read). */
const writeRequest =
  /own words|Write an idea|Write (a need|a fear|a hope)|Write it here|Write your turn here|propose another ground rule|answer privately with a number|One thing I hope for|Anything I want the facilitators to know/;

type PowerLevels = {
  users?: Record<string, number>;
  users_default?: number;
  events?: Record<string, number>;
  events_default?: number;
};

class MatrixDriver implements ConformanceDriver {
  readonly platform = "matrix";
  readonly capabilities = {
    floor: "enforced",
    postsWhileDown: true,
    roomBeforeBot: true,
    questionsInRoom: false,
    hide: "removes",
  } as const;
  readonly people: readonly Participant[];
  readonly #w: Workshop;
  readonly #world: World;
  readonly #levelsBefore: unknown;
  readonly #sent: string[] = [];

  constructor(world: World, w: Workshop, people: readonly Participant[], levelsBefore: unknown) {
    this.#world = world;
    this.#w = w;
    this.people = people;
    this.#levelsBefore = levelsBefore;
  }

  #human(who: Actor) {
    return who === "facilitator" ? this.#world.carol : (who as Participant).matrix.human;
  }

  async #durable(eventIds: readonly string[], processed = false): Promise<void> {
    await this.until(
      () => {
        const rows = inboxRows(this.#w.storeFile);
        return eventIds.every((id) =>
          rows.some((r) => r.event_id === `matrix:${id}` && (!processed || r.processed === 1)),
        );
      },
      `${eventIds.join(", ")} accepted${processed ? " and processed" : ""}`,
    );
  }

  flow(spec: Readonly<Record<string, unknown>>): Promise<string> {
    return writeFlow(this.#world, { ...spec });
  }

  async command(who: Actor, name: string, ...args: readonly (string | Person)[]): Promise<void> {
    const human = this.#human(who);
    const person = args.find((a): a is Participant => typeof a !== "string");
    const text = `!parley ${[name, ...args.map((a) => (typeof a === "string" ? a : a.name))].join(" ")}`;
    // A person named in a command is picked in the composer: a pill that shows their display name.
    const eventId =
      person === undefined
        ? await human.say(this.#w.roomId, text)
        : await human.sayHtml(
            this.#w.roomId,
            text,
            text.replace(
              person.name,
              `<a href="https://matrix.to/#/${encodeURIComponent(person.matrix.userId)}">${person.name}</a>`,
            ),
          );
    await this.#durable([eventId]);
  }

  async join(who: Person, options: { readonly locale?: string } = {}): Promise<void> {
    // The adapter's `groups` mapping gives the group; Matrix tells no locale: it is asked for.
    await this.command(who, "join", ...(options.locale === undefined ? [] : [options.locale]));
    const joined = joinedIn(options.locale);
    await this.until(
      () => this.privateTexts(who).some((t) => joined.test(t)),
      `${who.name}'s join confirmation`,
    );
  }

  async say(who: Person, text: string): Promise<"accepted" | "refused"> {
    let eventId: string;
    try {
      eventId = await this.#human(who).say(this.#w.roomId, text);
    } catch (e) {
      if ((e as { errcode?: unknown }).errcode === "M_FORBIDDEN") return "refused";
      throw e;
    }
    this.#sent.push(eventId);
    if (this.#w.bot.running) await this.#durable([eventId]);
    return "accepted";
  }

  async react(who: Person): Promise<"accepted" | "refused"> {
    const latest = this.#w.roomNotices().at(-1);
    if (latest === undefined) throw new Error("nothing to react to");
    try {
      // A card's change is an entry of its own (`<card>#<n>`): the reaction goes on the card.
      await this.#human(who).react(this.#w.roomId, latest.eventId.split("#")[0] ?? "", "👍");
      return "accepted";
    } catch (e) {
      if ((e as { errcode?: unknown }).errcode === "M_FORBIDDEN") return "refused";
      throw e;
    }
  }

  received(): Promise<void> {
    return this.#durable(this.#sent, true);
  }

  async askTimeout(who: Person, reason: string): Promise<void> {
    // Under a strict floor the workshop room is closed to them: the direct room is always open.
    const direct = await this.until(
      () => this.#w.privateNotices(this.#human(who))[0]?.roomId,
      `${who.name}'s direct room`,
    );
    await this.#durable([await this.#human(who).say(direct, `!parley timeout ${reason}`)]);
  }

  #promptOf(e: SeenEvent): Prompt | undefined {
    const body = bodyOf(e);
    const options = body.split("\n").flatMap((l) => /^\d+\. (.*)$/.exec(l)?.[1] ?? []);
    const write = options.length === 0 && writeRequest.test(body);
    if (options.length === 0 && !write) return undefined;
    return { id: e.eventId, text: body, options, write };
  }

  prompts(who: Person): readonly Prompt[] {
    return this.#w.privateNotices(this.#human(who)).flatMap((e) => this.#promptOf(e) ?? []);
  }

  #eventOf(who: Person, prompt: Prompt): SeenEvent {
    const e = this.#w.privateNotices(this.#human(who)).find((x) => x.eventId === prompt.id);
    if (e === undefined) throw new Error(`the prompt ${prompt.id} is gone`);
    return e;
  }

  async answer(who: Person, prompt: Prompt, labels: readonly string[]): Promise<void> {
    const e = this.#eventOf(who, prompt);
    for (const l of labels) {
      const n = prompt.options.indexOf(l) + 1;
      if (n === 0) throw new Error(`no option "${l}" in ${prompt.text}`);
      // In an encrypted room nobody answers by reaction (reactions are never encrypted): people
      // reply to the question with the number, as its last line asks.
      if (this.#world.encrypted) {
        const human = this.#human(who);
        await this.#w.durable(
          await human.reply(e.roomId, e.eventId, prompt.text.split("\n")[0] ?? "", String(n)),
        );
      } else await this.#w.choose(this.#human(who), e, n);
    }
  }

  async write(who: Person, prompt: Prompt, text: string): Promise<void> {
    const e = this.#eventOf(who, prompt);
    // Where the direct room says a plain message answers another open request first, people reply
    // to the one they mean.
    if (/To answer this one now, reply to it\./.test(prompt.text)) {
      const human = this.#human(who);
      await this.#w.durable(await human.reply(e.roomId, e.eventId, prompt.text.split("\n")[0] ?? "", text));
      return;
    }
    await this.#w.sayDurably(this.#human(who), e.roomId, text);
  }

  roomTexts(): readonly string[] {
    return this.#w.roomTexts();
  }

  roomLanguages(): readonly (readonly string[])[] {
    // A mixed room's post: one `<div dir lang>` per language in its HTML.
    return this.#w.roomNotices().map((e) => {
      const html = typeof e.content["formatted_body"] === "string" ? e.content["formatted_body"] : "";
      return [...html.matchAll(/<div dir="(?:ltr|rtl)" lang="([^"]+)">/g)].map((m) => m[1] ?? "");
    });
  }

  privateTexts(who: Actor): readonly string[] {
    return this.#w.privateNotices(this.#human(who)).map(bodyOf);
  }

  async readBack(reader: Person): Promise<readonly string[]> {
    return (await this.#w.timeline(this.#human(reader)))
      .filter((e) => e.sender === this.#w.botUserId && e.type === "m.room.message")
      .map((e) => (typeof e.content["body"] === "string" ? e.content["body"] : ""));
  }

  async history(reader: Person): Promise<readonly HistoryEntry[]> {
    const byId = new Map<string, string>([
      [this.#w.botUserId, "bot"],
      [this.#world.carol.userId, "facilitator"],
      ...this.people.map((p): [string, string] => [p.matrix.userId, p.key]),
    ]);
    return (await this.#w.timeline(this.#human(reader))).map((e): HistoryEntry => {
      const body = typeof e.content["body"] === "string" ? e.content["body"] : "";
      return {
        by: byId.get(e.sender) ?? "other",
        kind:
          e.type === "m.room.member"
            ? "membership"
            : /reaction|poll|redaction/.test(e.type)
              ? "reaction"
              : e.type === "m.room.message"
                ? body.startsWith("!parley ")
                  ? "command"
                  : "message"
                : "state",
        text: plain(`${e.type} ${JSON.stringify(e.content)}`),
      };
    });
  }

  pinned(): { text: string; mentions: readonly string[] } | undefined {
    const pinnedId = pinnedSummaryId(this.#world.carol.seen, this.#w.roomId, this.#w.botUserId);
    const message = this.#w.roomNotices().find((e) => e.eventId === pinnedId);
    if (message === undefined) return undefined;
    const m = (message.content["m.mentions"] ?? {}) as { user_ids?: string[]; room?: boolean };
    return {
      text: bodyOf(message),
      mentions: [...(m.room === true ? ["@room"] : []), ...(m.user_ids ?? [])],
    };
  }

  #levels(): PowerLevels {
    const state = this.#world.carol.client
      .getRoom(this.#w.roomId)
      ?.getLiveTimeline()
      .getState(EventTimeline.FORWARDS);
    return state?.getStateEvents(EventType.RoomPowerLevels, "")?.getContent<PowerLevels>() ?? {};
  }

  mayPost(): readonly Person[] {
    const levels = this.#levels();
    const needed = levels.events?.["m.room.message"] ?? levels.events_default ?? 0;
    return this.people.filter(
      (p) => (levels.users?.[p.matrix.userId] ?? levels.users_default ?? 0) >= needed,
    );
  }

  async postingRestored(): Promise<boolean> {
    const now = await this.#world.carol.client.getStateEvent(this.#w.roomId, EventType.RoomPowerLevels, "");
    return isDeepStrictEqual(now, this.#levelsBefore);
  }

  async crash(): Promise<void> {
    await this.#w.bot.kill();
  }

  async restart(): Promise<void> {
    const started = this.#w.bot.output.split("runtime started").length;
    this.#w.bot.start();
    await this.until(() => this.#w.bot.output.split("runtime started").length > started, "the bot restarted");
  }

  until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
    return until(probe, what, timeoutMs, () => this.context());
  }

  async close(): Promise<{ cleanExit: boolean; errors: readonly string[] }> {
    const { exit } = await this.#w.stop();
    return {
      cleanExit: exit !== undefined && exit.code === 0 && exit.signal === null,
      errors: errorLines(this.#w.bot.output),
    };
  }

  async kill(): Promise<void> {
    await this.#w.bot.kill();
  }

  readonly report = async (): Promise<string> => {
    const carol = this.#world.carol;
    const isReport = (e: SeenEvent): boolean =>
      e.sender === this.#w.botUserId &&
      e.content["msgtype"] === "m.file" &&
      e.content["body"] === "report.md";
    const before = carol.seen.filter(isReport).length;
    await this.command("facilitator", "report", "md");
    const file = await this.until(() => carol.seen.filter(isReport)[before], "the report file");
    return download(this.#world.hs.baseUrl, carol.user.accessToken, file.content);
  };

  /** Where an encrypted room's texts could be read in the clear; undefined for plain rooms. */
  get storedInClear(): ((texts: readonly string[]) => Promise<readonly string[]>) | undefined {
    const file = this.#world.hs.databaseFile;
    // An external homeserver's database is not ours to read.
    if (!this.#world.encrypted || file === undefined) return undefined;
    return async (texts) => {
      const places: [string, Buffer[]][] = [
        ["Synapse's database", await filesOf([file, `${file}-wal`, `${file}-journal`])],
        ["Synapse's media store", await treeOf(join(dirname(file), "media"))],
        ["the bot's crypto state", cryptoState(this.#w.storeFile)],
      ];
      // A place read as empty would pass vacuously (a moved file, a renamed table).
      for (const [where, blobs] of places)
        if (!blobs.some((b) => b.length > 0)) throw new Error(`nothing read from ${where}`);
      return places.flatMap(([where, blobs]) =>
        texts.filter((t) => blobs.some((b) => b.includes(Buffer.from(t)))).map((t) => `${where}: ${t}`),
      );
    };
  }

  context(): string {
    return this.#w.context();
  }
}

/**
 * One Synapse for the test file, one bot account per scenario (`bots`), the people shared (`size`
 * of them, four by default); `encrypted`: end-to-end encrypted rooms, Rust crypto everywhere.
 */
export async function matrixPlatform(
  bots: number,
  size = 4,
  options: { encrypted?: boolean } = {},
): Promise<ConformancePlatform & { readonly world: World }> {
  const world = await startWorld(bots, size, options);
  const people = world.people.map((p): Participant => ({
    key: p.localpart,
    name: p.displayName,
    group: p.side === "north" ? "group-a" : "group-b",
    identifiers: [p.userId, p.localpart, p.displayName, p.displayName.split(" ")[0] ?? p.displayName],
    matrix: p,
  }));
  const drivers: MatrixDriver[] = [];
  return {
    name: "matrix",
    world,
    async open(name, options = {}) {
      const [first] = people;
      // Strict turns change power levels: only an admin (100) may in a room with default levels.
      const w = await Workshop.open(world, name, {
        bot: drivers.length,
        botPower: 100,
        beforeBot: async (roomId) => {
          if (options.postedBeforeBot !== undefined && first !== undefined)
            await first.matrix.human.say(roomId, options.postedBeforeBot);
        },
      });
      const levels = await world.carol.client.getStateEvent(w.roomId, EventType.RoomPowerLevels, "");
      const d = new MatrixDriver(world, w, people, levels);
      drivers.push(d);
      return d;
    },
    async stop() {
      for (const d of drivers) await d.kill();
      await world.stop();
    },
  };
}

/** The files' bytes (a missing one reads empty: SQLite's -wal and -journal come and go). */
function filesOf(files: readonly string[]): Promise<Buffer[]> {
  return Promise.all(files.map((f) => readFile(f).catch(() => Buffer.alloc(0))));
}

/** Every file under a folder, read whole (Synapse's media store). */
async function treeOf(root: string): Promise<Buffer[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return filesOf(entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)));
}

/** Every part of the bot's stored crypto state, names and data, as stored. */
function cryptoState(storeFile: string): Buffer[] {
  const db = new DatabaseSync(storeFile, { readOnly: true });
  try {
    const rows = db.prepare("SELECT owner, part, data FROM crypto_state").all() as {
      owner: string;
      part: string;
      data: Uint8Array;
    }[];
    return rows.map((r) => Buffer.concat([Buffer.from(`${r.owner} ${r.part} `), Buffer.from(r.data)]));
  } finally {
    db.close();
  }
}

/**
 * A file event's contents as the reader's client opens it: fetched from the homeserver's
 * authenticated media API, and decrypted with the key inside the event where it is encrypted
 * (`file`, AES-CTR: the homeserver only ever holds ciphertext).
 */
async function download(baseUrl: string, token: string, content: Record<string, unknown>): Promise<string> {
  const file = content["file"] as { url: string; key: JsonWebKey; iv: string } | undefined;
  const mxc = file?.url ?? String(content["url"]);
  const response = await fetch(
    `${baseUrl}/_matrix/client/v1/media/download/${mxc.replace(/^mxc:\/\//, "")}`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  if (!response.ok) throw new Error(`could not download ${mxc}: ${String(response.status)}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (file === undefined) return Buffer.from(bytes).toString("utf8");
  const key = await webcrypto.subtle.importKey("jwk", file.key, "AES-CTR", false, ["decrypt"]);
  const counter = Buffer.from(file.iv, "base64");
  const plain = await webcrypto.subtle.decrypt({ name: "AES-CTR", counter, length: 64 }, key, bytes);
  return Buffer.from(plain).toString("utf8");
}
