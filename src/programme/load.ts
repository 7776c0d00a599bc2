// Reads a programme file and checks it against the configuration (its rooms, with their place in
// the configuration file) and the flow library. The file and the configuration are read here; the
// checking itself is pure (spec.ts).
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { configSchema, roomConfig, type Config } from "../bot/config.ts";
import type { FlowLibrary } from "../bot/flow-library.ts";
import { formatFlowError, parseLocated, type LocatedError } from "../flows/load.ts";
import { err, ok, type Result } from "../result.ts";
import {
  checkProgramme,
  parseProgramme,
  programmeRooms,
  type ConfiguredRoom,
  type Programme,
} from "./spec.ts";

export const formatProgrammeError: (e: LocatedError) => string = formatFlowError;

/** The configuration's programme file, relative to the configuration file's directory. */
export function programmeFileOf(config: Config, configFile: string | null): string | undefined {
  if (config.programme === undefined) return undefined;
  return configFile === null ? config.programme : resolve(dirname(configFile), config.programme);
}

/** The platforms a configuration runs. */
export function configuredPlatforms(config: Config, withConsole: boolean): Set<string> {
  const platforms = new Set<string>();
  if (config.discord !== undefined) platforms.add("discord");
  if (config.matrix !== undefined) platforms.add("matrix");
  if (config.console ?? (withConsole || platforms.size === 0)) platforms.add("console");
  return platforms;
}

/** The configuration's rooms with their place in its file (`file:line:column rooms["…"]`). */
export async function configuredRooms(
  config: Config,
  configFile: string | null,
): Promise<Map<string, ConfiguredRoom>> {
  let where = (key: string) => `the configuration's rooms["${key}"]`;
  if (configFile !== null) {
    try {
      const text = await readFile(configFile, "utf8");
      const located = parseLocated(text, configFile, configSchema, {
        prefix: "config",
        what: "configuration",
        empty: "",
        notAMapping: "",
      });
      if (located.ok) {
        const locate = located.value.locate;
        where = (key) => {
          const at = locate(["rooms", key], "key");
          return `${at.file}:${at.line}:${at.column} ${at.path}`;
        };
      }
    } catch {
      // Already read once by loadConfig; without positions the room is still named.
    }
  }
  const rooms = new Map<string, ConfiguredRoom>();
  for (const [key, room] of Object.entries(config.rooms))
    rooms.set(key, {
      facilitators: room.facilitators,
      facilitatorRoles: room.facilitatorRoles,
      groupRoles: room.groupRoles,
      where: where(key),
    });
  return rooms;
}

export interface LoadedProgramme {
  readonly programme: Programme;
  readonly file: string;
}

/** Reads, validates and checks a programme file; the errors are formatted lines. */
export async function loadProgramme(
  file: string,
  config: Config,
  configFile: string | null,
  flows: FlowLibrary,
  options: { readonly withConsole?: boolean } = {},
): Promise<Result<LoadedProgramme, string[]>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    return err([`${file}: cannot read the programme file: ${e instanceof Error ? e.message : String(e)}`]);
  }
  const parsed = parseProgramme(text, file);
  if (!parsed.ok) return err(parsed.error.map(formatProgrammeError));
  const flowIds = new Set((await flows.choices()).map((c) => c.id));
  const problems = checkProgramme(parsed.value.programme, parsed.value.locate, {
    flowIds,
    platforms: configuredPlatforms(config, options.withConsole ?? false),
    configRooms: await configuredRooms(config, configFile),
  });
  if (problems.length > 0) return err(problems.map(formatProgrammeError));
  return ok({ programme: parsed.value.programme, file });
}

/** The configuration with the programme's rooms set up as the programme says. */
export function withProgrammeRooms(config: Config, programme: Programme): Config {
  const rooms = { ...config.rooms };
  for (const [key, room] of programmeRooms(programme)) {
    rooms[key] = { ...roomConfig(config, key), ...room };
  }
  return { ...config, rooms };
}
