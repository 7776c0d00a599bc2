// Drives a whole workshop from the outside: FakeDiscordServer's human users against the real bot
// process (`node src/main.ts run`), so these tests see only what Discord users would see.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { stringify as stringifyYaml } from "yaml";
import { isRecord } from "../../support/fake-discord/limits.ts";
import { roomView } from "../../support/fake-discord/room-texts.ts";
import type { FakeInteraction, FakeUser, Json } from "../../support/fake-discord/index.ts";
import { BotProcess, testFlowsDir, writeBotConfig } from "../bot-process.ts";
import { content, startWorld, type World } from "../harness.ts";

/** The bot permissions integer the adapter's README tells server admins to grant. */
export const readmePermissions = 361045765120n;

export const groupOf = { north: "group-a", south: "group-b" } as const;

export interface E2E {
  readonly world: World;
  readonly bot: BotProcess;
  readonly dir: string;
  readonly dbPath: string;
  readonly room: string;
  readonly users: readonly FakeUser[];
  stop(): Promise<void>;
}

/** A FakeDiscordServer world plus the bot process (north → group-a, south → group-b). */
export async function startE2E(
  opts: Parameters<typeof startWorld>[0] = {},
  discord: Readonly<Record<string, unknown>> = {},
  /** More top-level configuration, given the world (its users' ids). */
  extra: (world: World) => Readonly<Record<string, unknown>> = () => ({}),
  languages?: readonly string[] | null,
): Promise<E2E> {
  const world = await startWorld({ botPermissions: readmePermissions, ...opts });
  const { dir, configPath } = writeBotConfig({
    extra: extra(world),
    server: world.server,
    channelId: world.channel.id,
    facilitators: [world.facilitator.id],
    groupRoles: { [world.northRole]: groupOf.north, [world.southRole]: groupOf.south },
    discord,
    ...(languages === undefined ? {} : { languages }),
  });
  const bot = new BotProcess(configPath, world.server.token);
  const e2e: E2E = {
    world,
    bot,
    dir,
    dbPath: join(dir, "parley.sqlite"),
    room: world.channel.id,
    users: [world.amal, world.ben, world.carmen, world.dana],
    stop: async () => {
      await bot.stop();
      await world.server.stop();
    },
  };
  await startBotAndWait(e2e);
  return e2e;
}

/** Starts the bot and waits until it has connected and (re)registered its command. */
export async function startBotAndWait(e2e: E2E): Promise<void> {
  const { server } = e2e.world;
  const before = server.requests.filter(isCommandRegistration).length;
  e2e.bot.start();
  try {
    await server.waitUntil(
      () => server.requests.filter(isCommandRegistration).length > before && server.liveSessionCount > 0,
      30_000,
      "the bot to connect and register /parley",
    );
  } catch (e) {
    throw new Error(`${String(e)}\nbot output:\n${e2e.bot.log}`, { cause: e });
  }
}

function isCommandRegistration(r: { method: string; path: string; status: number }): boolean {
  return r.method === "PUT" && /\/commands$/.test(r.path) && r.status >= 200 && r.status < 300;
}

/** Writes a flow into the bots' flow directory and returns its id (chat starts flows by id only). */
export function writeTempFlow(spec: Record<string, unknown>): string {
  const id = String(spec["id"]);
  writeFileSync(join(testFlowsDir, `${id}.yaml`), stringifyYaml(spec));
  return id;
}

// ------------------------------------------------------------------ what users see

export function buttonsOf(m: Json): Json[] {
  const rows = Array.isArray(m["components"]) ? (m["components"] as Json[]) : [];
  return rows.flatMap((r) => (Array.isArray(r["components"]) ? (r["components"] as Json[]) : []));
}

/**
 * The bot's room messages as a member saw them appear: plain messages, and each change of a live
 * stage card as an entry of its own (room-texts.ts).
 */
export function roomMessages(e2e: E2E): Json[] {
  return roomView(e2e.world.server, e2e.room, e2e.world.facilitator.id);
}

/** Everything the bot said in the room, in order (content plus embed text). */
export function roomTexts(e2e: E2E): string[] {
  return roomMessages(e2e).map(fullText);
}

export function fullText(m: Json): string {
  const embeds = Array.isArray(m["embeds"]) ? (m["embeds"] as unknown[]) : [];
  return [content(m), ...embeds.map((e) => JSON.stringify(e))].join("\n");
}

/** Messages one user can see privately: ephemeral replies and direct messages. */
export function privateTo(e2e: E2E, user: FakeUser): Json[] {
  return [...e2e.world.server.ephemeralsFor(user.id), ...e2e.world.server.dmsTo(user.id)];
}

/** Waits for a room message from the bot matching `re` that is not among `seen` (ids). */
export async function waitRoom(e2e: E2E, re: RegExp, seen: Set<string>, what = String(re)): Promise<Json> {
  try {
    const m = await e2e.world.server.waitUntil(
      () => roomMessages(e2e).find((x) => !seen.has(String(x["id"])) && re.test(content(x))),
      20_000,
      what,
    );
    seen.add(String(m["id"]));
    return m;
  } catch (e) {
    throw new Error(
      `${String(e)}\nroom so far:\n${roomTexts(e2e).join("\n")}\nbot output:\n${e2e.bot.log.slice(-4000)}`,
      { cause: e },
    );
  }
}

/**
 * Waits for a new message only `user` sees (ephemeral or DM) with at least `minButtons` buttons,
 * not among `used`; returns it with its buttons.
 */
export async function waitPrivatePrompt(
  e2e: E2E,
  user: FakeUser,
  used: Set<string>,
  minButtons = 1,
): Promise<{ message: Json; buttons: Json[] }> {
  const key = (m: Json): string => `${String(m["channel_id"])}:${String(m["id"])}`;
  try {
    const message = await e2e.world.server.waitUntil(
      () => privateTo(e2e, user).find((m) => !used.has(key(m)) && buttonsOf(m).length >= minButtons),
      20_000,
      `a private prompt for ${user.username}`,
    );
    used.add(key(message));
    return { message, buttons: buttonsOf(message) };
  } catch (e) {
    throw new Error(
      `${String(e)}\nprivate so far:\n${privateTo(e2e, user).map(content).join("\n")}\nroom:\n${roomTexts(e2e).join("\n")}`,
      { cause: e },
    );
  }
}

export function click(e2e: E2E, user: FakeUser, message: Json, button: Json | undefined): FakeInteraction {
  if (button === undefined) throw new Error(`no such button on ${content(message)}`);
  return e2e.world.server.click(user.id, message, String(button["custom_id"]));
}

/** Runs `/parley <sub>` (or `/facilitate <sub>`, whichever offers it) and waits until the interaction was answered (deferred at least). */
export async function command(
  e2e: E2E,
  user: FakeUser,
  sub: string,
  options: Record<string, string | number | boolean> = {},
): Promise<FakeInteraction> {
  const name = e2e.world.server.commandOffering(sub);
  const i = e2e.world.server.command(user.id, e2e.room, name, sub, options);
  await e2e.world.server.waitUntil(() => i.callbackType !== null, 10_000, `/${name} ${sub} acknowledged`);
  return i;
}

/** The user whose display name the room message names ("It is amal's turn"). */
export function speakerIn(e2e: E2E, text: string): FakeUser {
  const found = e2e.users.filter((u) => text.includes(u.username));
  if (found.length !== 1) throw new Error(`cannot tell the speaker from: ${text}`);
  return found[0] as FakeUser;
}

// ------------------------------------------------------------------ the store

export interface InboxRow {
  readonly event_id: string;
  readonly processed: number;
  readonly payload: string;
}

/** Reads the bot's SQLite inbox (WAL: a reader next to the running bot is fine). */
export function inboxRows(e2e: E2E): InboxRow[] {
  const db = new DatabaseSync(e2e.dbPath, { readOnly: true });
  try {
    return db
      .prepare("SELECT event_id, processed, payload FROM inbox ORDER BY id")
      .all() as unknown as InboxRow[];
  } finally {
    db.close();
  }
}

export function asRecord(v: unknown): Json {
  return isRecord(v) ? v : {};
}
