// Builds the configured platforms. The runtime never imports an adapter; this file does.
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { ConsolePlatform, consoleFacilitators } from "./adapters/console/index.ts";
import { createDiscordPlatform } from "./adapters/discord/index.ts";
import { createMatrixPlatform } from "./adapters/matrix/index.ts";
import { defaultDataDir, flowDirs, type Config } from "./bot/config.ts";
import { flowLibrary, type FlowLibrary } from "./bot/flow-library.ts";
import type {
  ChatPlatform,
  CryptoStateStore,
  CursorStore,
  Delivery,
  Logger,
  PlatformName,
} from "./bot/ports.ts";
import { ok, type Result } from "./result.ts";

export interface PlatformDeps {
  readonly cursors: CursorStore;
  /** Where the Matrix adapter keeps its encryption keys (the bot's store). */
  readonly cryptoState?: CryptoStateStore;
  readonly logger: Logger;
  /** The terminal room's streams. */
  readonly consoleIo?: {
    readonly input: NodeJS.ReadableStream;
    readonly output: { write(s: string): unknown };
  };
  /** Add the terminal room even though the configuration does not ask for it (no configuration at all). */
  readonly withConsole?: boolean;
  /** What a room was shown before (the store's delivered outbox): a restarted terminal shows what is open. */
  readonly deliveredHistory?: (roomKey: string) => Promise<readonly Delivery[]>;
}

export interface Platforms {
  platforms: ChatPlatform[];
  /** What the runtime needs to know about these platforms (spread into createRuntime's options). */
  runtime: {
    readonly flows: FlowLibrary;
    /** Only the terminal room, typed at the operator's keyboard, may name a flow file by path. */
    readonly flowPaths: (platform: PlatformName) => boolean;
    /** The terminal room's keyboard user facilitates it unless the configuration names facilitators. */
    readonly defaultFacilitators: (platform: PlatformName) => readonly string[];
  };
  /** Called when the terminal room's input ends (so `npm start` stops cleanly on Ctrl-D). */
  onClosed?: (listener: () => void) => void;
}
export type PlatformsResult = Result<Platforms>;

/** Where the terminal room writes the facilitators' reports: `reportsDir`, or beside the store. */
function reportsDir(config: Config): string {
  if (config.reportsDir !== undefined) return config.reportsDir;
  const dataDir = config.store.kind === "sqlite" ? dirname(config.store.path) : defaultDataDir;
  return join(dataDir, "reports");
}

export function createPlatforms(config: Config, env: NodeJS.ProcessEnv, deps: PlatformDeps): PlatformsResult {
  const platforms: ChatPlatform[] = [];
  const adapterDeps = { cursors: deps.cursors, logger: deps.logger };
  const flows = flowLibrary(flowDirs(config));
  if (config.discord !== undefined) {
    // Autocomplete offers flow ids and titles, never a file's path.
    const made = createDiscordPlatform(config.discord, env, {
      ...adapterDeps,
      flowChoices: () => flows.choices(),
      // The room's facilitators keep their voice under a strict floor.
      facilitatorsOf: (channelId) => {
        const room = config.rooms[`discord:${channelId}`];
        return { users: room?.facilitators ?? [], roles: room?.facilitatorRoles ?? [] };
      },
    });
    if (!made.ok) return made;
    platforms.push(made.value);
  }
  if (config.matrix !== undefined) {
    const made = createMatrixPlatform(config.matrix, env, {
      ...adapterDeps,
      // The adapter's own notices (an encrypted room, a timer's time left) in the room's language.
      localeOf: (roomId) => config.rooms[`matrix:${roomId}`]?.locale ?? config.locale,
      facilitatorsOf: (roomId) => config.rooms[`matrix:${roomId}`]?.facilitators ?? [],
      ...(deps.cryptoState === undefined ? {} : { cryptoState: deps.cryptoState }),
    });
    if (!made.ok) return made;
    platforms.push(made.value);
  }
  const wantConsole = config.console ?? (deps.withConsole === true || platforms.length === 0);
  let onClosed: ((listener: () => void) => void) | undefined;
  if (wantConsole) {
    const io = deps.consoleIo ?? { input: process.stdin, output: process.stdout };
    // Event ids must not repeat across restarts (the inbox would drop them as duplicates).
    const consolePlatform = new ConsolePlatform({
      input: io.input,
      output: io.output,
      eventIdPrefix: `console:${Date.now().toString(36)}${randomBytes(3).toString("hex")}:`,
      locale: config.rooms["console:console"]?.locale ?? config.locale,
      reportsDir: reportsDir(config),
      ...(deps.deliveredHistory === undefined
        ? {}
        : { history: () => deps.deliveredHistory?.("console:console") ?? Promise.resolve([]) }),
    });
    platforms.push(consolePlatform);
    onClosed = (listener) => {
      // Piped input: let the lines already read reach the runtime first.
      io.input.once("end", () => {
        void consolePlatform.settled().then(listener);
      });
    };
  }
  const runtime = {
    flows,
    flowPaths: (platform: PlatformName) => wantConsole && platform === "console",
    defaultFacilitators: consoleFacilitators(wantConsole),
  };
  return ok({ platforms, runtime, ...(onClosed === undefined ? {} : { onClosed }) });
}
