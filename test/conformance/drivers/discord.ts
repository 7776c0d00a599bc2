// The Discord conformance driver: the real bot process (`node src/main.ts run`, real discord.js)
// against the Discord double, whose human users post, run slash commands, press buttons, pick
// from menus and fill in modals. One double per test file; each scenario gets its own channel and
// bot process (and store), and the people are shared.
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { stringify as stringifyYaml } from "yaml";
import {
  DiscordRefusal,
  FakeDiscordServer,
  Perm,
  type FakeInteraction,
  type FakeUser,
  type Json,
} from "../../support/fake-discord/index.ts";
import { BotProcess, testFlowsDir, writeBotConfig } from "../../discord/bot-process.ts";
import { label } from "../../../src/adapters/discord/labels.ts";
import type {
  Actor,
  ConformanceDriver,
  ConformancePlatform,
  Group,
  HistoryEntry,
  Person,
  Prompt,
} from "../driver.ts";
import { errorLines, inboxRows, until } from "./inbox.ts";
import { roomTextsOf, roomView } from "../../support/fake-discord/room-texts.ts";
import { languageName } from "../../../src/bot/languages.ts";
import { supportedLocales } from "../../../src/bot/i18n/index.ts";
import { joinedIn } from "../steps.ts";

/** The bot permissions integer the adapter's README tells server admins to grant. */
const readmePermissions = 361045765120n;

interface DiscordPerson extends Person {
  readonly user: FakeUser;
}

interface World {
  readonly server: FakeDiscordServer;
  readonly people: readonly DiscordPerson[];
  readonly facilitator: FakeUser;
  readonly groupRoles: Readonly<Record<string, Group>>;
}

const content = (m: Json): string => (typeof m["content"] === "string" ? m["content"] : "");
/** The buttons and menus a person can still use (a stage that ended disabled its own). */
const componentsOf = (m: Json): Json[] => {
  const rows = Array.isArray(m["components"]) ? (m["components"] as Json[]) : [];
  return rows
    .flatMap((r) => (Array.isArray(r["components"]) ? (r["components"] as Json[]) : []))
    .filter((c) => c["disabled"] !== true);
};
const keyOf = (m: Json): string => `${String(m["channel_id"])}:${String(m["id"])}`;
const writeLabel = label("write", "en");
const timeoutLabel = label("timeout", "en");
/** The safeguarding help button beside a question's choices: not one of its options. */
const helpLabel = label("helpMe", "en");

class DiscordDriver implements ConformanceDriver {
  readonly platform = "discord";
  readonly capabilities = {
    floor: "enforced",
    postsWhileDown: true,
    roomBeforeBot: true,
    questionsInRoom: true,
    hide: "removes",
  } as const;
  readonly people: readonly DiscordPerson[];
  readonly #world: World;
  readonly #server: FakeDiscordServer;
  readonly #channel: string;
  readonly #bot: BotProcess;
  readonly #storeFile: string;
  /** Private messages that were there before this room opened (the people are shared). */
  readonly #before: Set<string>;
  readonly #overwritesBefore: unknown;
  /** Ids of everything people sent the bot (posts, interactions), to know when it is durable. */
  readonly #sent: string[] = [];

  constructor(world: World, channel: string, bot: BotProcess, storeFile: string) {
    this.#world = world;
    this.#server = world.server;
    this.people = world.people;
    this.#channel = channel;
    this.#bot = bot;
    this.#storeFile = storeFile;
    this.#before = new Set(
      [world.facilitator, ...world.people.map((p) => p.user)].flatMap((u) =>
        this.#privateOf(u.id).map(keyOf),
      ),
    );
    this.#overwritesBefore = this.#overwrites();
  }

  #userOf(who: Actor): FakeUser {
    return who === "facilitator" ? this.#world.facilitator : (who as DiscordPerson).user;
  }

  #privateOf(userId: string): Json[] {
    // The facilitators' private thread under the channel is private to its members.
    const threads = this.#server
      .threadsOf(this.#channel)
      .filter((t) => t.threadMembers.has(userId))
      .flatMap((t) => this.#server.botMessages(t.id));
    return [
      ...this.#server.ephemeralsFor(userId).filter((m) => String(m["channel_id"]) === this.#channel),
      ...this.#server.dmsTo(userId),
      ...threads,
    ];
  }

  #privateMessages(who: Actor): Json[] {
    return this.#privateOf(this.#userOf(who).id).filter((m) => !this.#before.has(keyOf(m)));
  }

  #overwrites(): unknown {
    return structuredClone(this.#server.channels.get(this.#channel)?.overwrites ?? []);
  }

  /** Waits until the bot's inbox holds these sent ids (and, with `processed`, has processed them). */
  async #durable(ids: readonly string[], processed = false): Promise<void> {
    await this.until(
      () => {
        const rows = inboxRows(this.#storeFile);
        return ids.every((id) =>
          rows.some((r) => r.event_id.includes(id) && (!processed || r.processed === 1)),
        );
      },
      `${ids.join(", ")} accepted${processed ? " and processed" : ""}`,
    );
  }

  async #interaction(i: FakeInteraction): Promise<void> {
    await this.until(() => i.callbackType !== null, "the interaction answered");
    this.#sent.push(i.id);
    await this.#durable([i.id]);
  }

  flow(spec: Readonly<Record<string, unknown>>): Promise<string> {
    const id = String(spec["id"]);
    writeFileSync(join(testFlowsDir, `${id}.yaml`), stringifyYaml(spec));
    return Promise.resolve(id);
  }

  async command(who: Actor, name: string, ...args: readonly (string | Person)[]): Promise<void> {
    const [first] = args;
    const options: Record<string, string | number> = {};
    if (first !== undefined) {
      const option = {
        start: "flow",
        floor: "participant",
        timeout: "reason",
        extend: "minutes",
        approve: "number",
        hide: "number",
        language: "language",
      }[name];
      if (option === undefined) throw new Error(`no option known for /parley ${name}`);
      options[option] =
        typeof first !== "string"
          ? (first as DiscordPerson).user.id
          : option === "number"
            ? Number(first)
            : first;
    }
    const i = this.#server.command(
      this.#userOf(who).id,
      this.#channel,
      this.#server.commandOffering(name),
      name,
      options,
    );
    await this.#interaction(i);
  }

  async join(who: Person, options: { readonly locale?: string } = {}): Promise<void> {
    // The member's role gives the group; the client's locale (English here) the language.
    await this.command(who, "join");
    await this.until(
      () => this.privateTexts(who).some((t) => joinedIn().test(t)),
      `${who.name}'s join confirmation`,
    );
    // Discord has no Arabic or Hebrew client: another language is asked for.
    if (options.locale === undefined || options.locale === "en") return;
    const confirmed = new RegExp(languageName(options.locale));
    const before = this.privateTexts(who).filter((t) => confirmed.test(t)).length;
    await this.command(who, "language", options.locale);
    await this.until(
      () => this.privateTexts(who).filter((t) => confirmed.test(t)).length > before,
      `${who.name}'s language confirmation`,
    );
  }

  async say(who: Person, text: string): Promise<"accepted" | "refused"> {
    let m: Json;
    try {
      m = this.#server.post((who as DiscordPerson).user.id, this.#channel, text);
    } catch (e) {
      if (e instanceof DiscordRefusal && e.code === 50013) return "refused";
      throw e;
    }
    const id = String(m["id"]);
    this.#sent.push(id);
    if (this.#bot.running) await this.#durable([id]);
    return "accepted";
  }

  received(): Promise<void> {
    return this.#durable(this.#sent, true);
  }

  async askTimeout(who: Person): Promise<void> {
    // Discord hides slash commands from a member who may not post: the pinned card's button.
    const card = await this.until(
      () =>
        this.#server
          .botMessages(this.#channel)
          .findLast((m) => componentsOf(m).some((c) => c["label"] === timeoutLabel)),
      "the time-out card",
    );
    const button = componentsOf(card).find((c) => c["label"] === timeoutLabel) as Json;
    await this.#interaction(
      this.#server.click((who as DiscordPerson).user.id, card, String(button["custom_id"])),
    );
  }

  #promptOf(m: Json): Prompt | undefined {
    const components = componentsOf(m);
    const menu = components.find((c) => c["type"] === 3);
    const buttons = components.filter(
      (c) => c["type"] === 2 && c["label"] !== timeoutLabel && c["label"] !== helpLabel,
    );
    const write = buttons.some((b) => b["label"] === writeLabel);
    const options =
      menu !== undefined
        ? (menu["options"] as Json[]).map((o) => String(o["label"]))
        : buttons.filter((b) => b["label"] !== writeLabel).map((b) => String(b["label"]));
    if (options.length === 0 && !write) return undefined;
    return { id: keyOf(m), text: content(m), options, write };
  }

  #messageOf(prompt: Prompt, who: Person): Json {
    const all = [...this.#server.botMessages(this.#channel), ...this.#privateMessages(who)];
    const m = all.find((x) => keyOf(x) === prompt.id);
    if (m === undefined) throw new Error(`the prompt ${prompt.id} is gone`);
    return m;
  }

  prompts(who: Person): readonly Prompt[] {
    return [...this.#server.botMessages(this.#channel), ...this.#privateMessages(who)].flatMap(
      (m) => this.#promptOf(m) ?? [],
    );
  }

  async answer(who: Person, prompt: Prompt, labels: readonly string[]): Promise<void> {
    const m = this.#messageOf(prompt, who);
    const userId = (who as DiscordPerson).user.id;
    const menu = componentsOf(m).find((c) => c["type"] === 3);
    if (menu !== undefined) {
      const values = labels.map((l) => {
        const o = (menu["options"] as Json[]).find((x) => x["label"] === l);
        if (o === undefined) throw new Error(`no option "${l}" in ${prompt.text}`);
        return String(o["value"]);
      });
      await this.#interaction(this.#server.select(userId, m, String(menu["custom_id"]), values));
      return;
    }
    for (const l of labels) {
      const b = componentsOf(m).find((c) => c["type"] === 2 && c["label"] === l);
      if (b === undefined) throw new Error(`no button "${l}" on ${prompt.text}`);
      await this.#interaction(this.#server.click(userId, m, String(b["custom_id"])));
    }
  }

  async write(who: Person, prompt: Prompt, text: string): Promise<void> {
    const m = this.#messageOf(prompt, who);
    const b = componentsOf(m).find((c) => c["label"] === writeLabel) as Json;
    const opened = this.#server.click((who as DiscordPerson).user.id, m, String(b["custom_id"]));
    await this.until(() => opened.modal, "the modal");
    await this.#interaction(this.#server.submitModal(opened, { text }));
  }

  roomTexts(): readonly string[] {
    // Live stage cards are edited in place: each change reads as a text of its own.
    const [reader] = this.people;
    if (reader === undefined) return this.#server.botMessages(this.#channel).map(content);
    return roomTextsOf(this.#server, this.#channel, reader.user.id);
  }

  roomLanguages(): readonly (readonly string[])[] {
    // A card holds one embed per language, headed by its name; a plain post one `-# <name>`
    // section per language. Names are read back as locales.
    const [reader] = this.people;
    const views =
      reader === undefined
        ? this.#server.botMessages(this.#channel)
        : roomView(this.#server, this.#channel, reader.user.id);
    const localesOf = (names: readonly string[]): string[] =>
      names.flatMap((name) => supportedLocales.filter((l) => languageName(l) === name));
    return views.map((m) => {
      const authors = Array.isArray(m["authors"]) ? (m["authors"] as unknown[]).map(String) : [];
      return authors.some((a) => a !== "")
        ? localesOf(authors)
        : localesOf([...content(m).matchAll(/^-# (.+)$/gm)].map((x) => x[1] ?? ""));
    });
  }

  privateTexts(who: Actor): readonly string[] {
    return this.#privateMessages(who).map(content);
  }

  readBack(reader: Person): Promise<readonly string[]> {
    if (
      !this.#server.can(
        (reader as DiscordPerson).user.id,
        this.#channel,
        Perm.ViewChannel | Perm.ReadMessageHistory,
      )
    )
      throw new Error(`${reader.name} cannot read the room back`);
    return Promise.resolve(this.#server.botMessages(this.#channel).map(content));
  }

  history(reader: Person): Promise<readonly HistoryEntry[]> {
    const byId = new Map<string, string>([
      [this.#server.botUser.id, "bot"],
      [this.#world.facilitator.id, "facilitator"],
      ...this.people.map((p): [string, string] => [p.user.id, p.key]),
    ]);
    const entries = this.#server
      .historyAs((reader as DiscordPerson).user.id, this.#channel)
      .map((e): HistoryEntry => {
        const message = e["message"] as Json | undefined;
        const by = message?.["author"] as Json | undefined;
        // A deletion carries no author: only the bot deletes here (safeguarding `hide`).
        const author = by === undefined ? undefined : String(by["id"]);
        const isMessage =
          typeof e["event"] === "string" && /^MESSAGE_/.test(e["event"]) && author !== undefined;
        return {
          // Overwrites and pins are the bot's doing (nobody else has the permissions).
          by: isMessage ? (byId.get(author) ?? "other") : "bot",
          kind: isMessage ? "message" : "state",
          text: JSON.stringify(e),
        };
      });
    return Promise.resolve(entries);
  }

  pinned(): { text: string; mentions: readonly string[] } | undefined {
    const m = this.#server.botMessages(this.#channel).find((x) => x["pinned"] === true);
    if (m === undefined) return undefined;
    const mentions = Array.isArray(m["mentions"])
      ? (m["mentions"] as Json[]).map((u) => String(u["id"]))
      : [];
    return {
      text: content(m),
      mentions: m["mention_everyone"] === true ? ["@everyone", ...mentions] : mentions,
    };
  }

  mayPost(): readonly Person[] {
    return this.people.filter((p) => this.#server.can(p.user.id, this.#channel, Perm.SendMessages));
  }

  postingRestored(): Promise<boolean> {
    return Promise.resolve(isDeepStrictEqual(this.#overwrites(), this.#overwritesBefore));
  }

  async crash(): Promise<void> {
    await this.#bot.kill();
  }

  async restart(): Promise<void> {
    await startBot(this.#server, this.#bot);
  }

  until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
    return until(probe, what, timeoutMs, () => this.context());
  }

  async close(): Promise<{ cleanExit: boolean; errors: readonly string[] }> {
    if (!this.#bot.running) return { cleanExit: false, errors: errorLines(this.#bot.log) };
    await this.#bot.stop();
    const code = await this.#bot.exit();
    return { cleanExit: code === 0, errors: errorLines(this.#bot.log) };
  }

  async kill(): Promise<void> {
    await this.#bot.kill();
  }

  context(): string {
    return `room so far:\n${this.roomTexts().join("\n---\n")}\n\nbot output (tail):\n${this.#bot.log.slice(-4000)}`;
  }
}

function isCommandRegistration(r: { method: string; path: string; status: number }): boolean {
  return r.method === "PUT" && /\/commands$/.test(r.path) && r.status >= 200 && r.status < 300;
}

/** Starts the bot and waits until it has connected and (re)registered its command. */
async function startBot(server: FakeDiscordServer, bot: BotProcess): Promise<void> {
  const before = server.requests.filter(isCommandRegistration).length;
  bot.start();
  await until(
    () => server.requests.filter(isCommandRegistration).length > before && server.liveSessionCount > 0,
    "the bot to connect and register /parley",
    30_000,
    () => bot.log,
  );
}

/**
 * One Discord double for the test file: two group roles, the people (four, alternating groups;
 * the message-economy bench asks for eight) and a facilitator. `server` is the double, for
 * counting the bot's requests.
 */
export async function discordPlatform(
  size = 4,
): Promise<ConformancePlatform & { readonly server: FakeDiscordServer }> {
  const server = new FakeDiscordServer({ botPermissions: readmePermissions });
  await server.start();
  const north = server.addRole("north");
  const south = server.addRole("south");
  const names = [
    "zephyrine",
    "oswin",
    "ludmila",
    "teodor",
    "wilhelmina",
    "bartholomew",
    "philippa",
    "cornelius",
  ];
  const cast = names
    .slice(0, size)
    .map((name, i) =>
      i % 2 === 0
        ? { name, group: "group-a" as const, role: north.id }
        : { name, group: "group-b" as const, role: south.id },
    );
  const people = cast.map((c): DiscordPerson => {
    const user = server.addUser(c.name, { roles: [c.role] });
    return { key: c.name, name: c.name, group: c.group, identifiers: [user.id, c.name], user };
  });
  const world: World = {
    server,
    people,
    facilitator: server.addUser("fatima"),
    groupRoles: { [north.id]: "group-a", [south.id]: "group-b" },
  };
  const drivers: DiscordDriver[] = [];
  return {
    name: "discord",
    server,
    async open(name, options = {}) {
      // The previous scenario's bot is gone (it closed, or is killed here): one bot at a time.
      for (const d of drivers) await d.kill();
      const channel = server.addTextChannel(`workshop-${name}`);
      const { dir, configPath } = writeBotConfig({
        server,
        channelId: channel.id,
        facilitators: [world.facilitator.id],
        groupRoles: world.groupRoles,
        // The room follows who is present (a mixed-language room), as a room config without
        // `languages` does.
        languages: null,
      });
      const [first] = people;
      if (options.postedBeforeBot !== undefined && first !== undefined)
        server.post(first.user.id, channel.id, options.postedBeforeBot);
      const bot = new BotProcess(configPath, server.token);
      const d = new DiscordDriver(world, channel.id, bot, join(dir, "parley.sqlite"));
      drivers.push(d);
      await startBot(server, bot);
      return d;
    },
    async stop() {
      for (const d of drivers) await d.kill();
      await server.stop();
    },
  };
}
