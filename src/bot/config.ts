// Configuration: a YAML or JSON file (`--config <file>` or PARLEY_CONFIG), validated with zod.
// Secrets never live here: DISCORD_TOKEN, MATRIX_ACCESS_TOKEN / MATRIX_PASSWORD and
// PARLEY_DATABASE_URL come from the environment only.
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { defaultSqlitePath } from "./store/sqlite.ts";
import { err, ok, type Problem, type Result } from "../result.ts";

const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a locale tag such as en or ar");

export const roomConfigSchema = z.strictObject({
  /** Platform user ids of the room's facilitators. */
  facilitators: z.array(z.string().min(1)).default([]),
  /** Platform role ids whose holders facilitate. */
  facilitatorRoles: z.array(z.string().min(1)).default([]),
  locale: locale.optional(),
  /** Platform role id → flow group id. */
  groupRoles: z.record(z.string(), z.string()).default({}),
  /**
   * A youth programme: a facilitator records that a guardian's consent is on file for each
   * participant (`guardian <participant>`) before anything they send counts.
   */
  youth: z.boolean().default(false),
  /** This room's safeguarding lead (a platform user id), instead of the programme's for the platform. */
  safeguardingLead: z.string().min(1).optional(),
  /**
   * The languages room posts are written in, fixed (the flow's locales among them); absent: every
   * language of the participants present that the flow has, the room's locale first.
   */
  languages: z.array(locale).min(1, "expected at least one locale").optional(),
  /** Platform user ids who may post interpreters' translations (`translate <n> <text>`). */
  interpreters: z.array(z.string().min(1)).default([]),
  /**
   * Mention the speaker when their turn starts, in a post that notifies them only (platforms whose
   * live card is edited in place, where an edit notifies nobody). Never in anonymous stages.
   */
  pingSpeaker: z.boolean().default(true),
});
export type RoomConfig = z.output<typeof roomConfigSchema>;

/** Where Parley keeps its files unless told otherwise (the default SQLite store is in it). */
export const defaultDataDir = dirname(defaultSqlitePath);

export const configSchema = z.strictObject({
  store: z
    .discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("sqlite"), path: z.string().min(1).default(defaultSqlitePath) }),
      z.strictObject({ kind: z.literal("memory") }),
      z.strictObject({
        kind: z.literal("postgres"),
        schema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/)
          .optional(),
      }),
    ])
    .default({ kind: "sqlite", path: defaultSqlitePath }),
  locale: locale.default("en"),
  retentionDays: z.number().int().min(1).max(3650).default(30),
  /** Keyed "<platform>:<roomId>". */
  rooms: z
    .record(z.string().regex(/^[a-z]+:.+$/, 'expected a room key "<platform>:<roomId>"'), roomConfigSchema)
    .default({}),
  flows: z
    .strictObject({
      /**
       * Directories whose .yaml/.yml/.json flows can be started by id (relative paths resolve against
       * the working directory). Default: ./flows when it exists.
       */
      dirs: z.array(z.string().min(1)).optional(),
    })
    .default({}),
  safeguarding: z
    .strictObject({
      /** The programme's safeguarding lead per platform: platform name → platform user id. */
      lead: z.record(z.string(), z.string().min(1)).default({}),
      /** What a participant who asks for help (`help-me`) is told: locale → text (who to contact, helplines). */
      helpText: z.record(locale, z.string().min(1).max(1800)).default({}),
      /** A time-out, flag or help request no facilitator acknowledges within this goes to the lead. */
      acknowledgeWithinMinutes: z.number().int().min(1).max(1440).default(10),
      screening: z
        .strictObject({
          /** What a hit does to a contribution the bot would show on someone's behalf. */
          onHit: z.enum(["flag", "hold"]).default("flag"),
          /** Words and phrases per locale (every list is checked, whatever the room's language). */
          words: z.record(locale, z.array(z.string().min(1).max(200)).max(5000)).default({}),
          /** An external classifier the programme runs (none ships with Parley); receives only the text. */
          classifier: z
            .strictObject({
              url: z.url({ protocol: /^https?$/ }),
              timeoutMs: z.number().int().min(50).max(30_000).default(2000),
              whenDown: z.enum(["flag", "hold"]).default("flag"),
            })
            .optional(),
        })
        .default({ onHit: "flag", words: {} }),
    })
    .default({
      lead: {},
      helpText: {},
      acknowledgeWithinMinutes: 10,
      screening: { onHit: "flag", words: {} },
    }),
  /**
   * Machine translation by a self-hosted LibreTranslate-compatible service (off when absent). When
   * on, the text of each contribution shown in a mixed-language room is sent to it (no author,
   * id or room); its key, if it needs one, comes from PARLEY_TRANSLATOR_API_KEY.
   */
  translator: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: "expected the service's http(s) URL" }),
      timeoutMs: z.number().int().min(100).max(60_000).default(5000),
    })
    .optional(),
  /**
   * A programme file (cohorts of rooms, flows, schedules), relative to this file's directory: its
   * rooms are set up and started as it says.
   */
  programme: z.string().min(1).optional(),
  /** The coordinators' web dashboard `parley run` serves (off when absent or not enabled). */
  dashboard: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Loopback by default: put a TLS reverse proxy in front to reach it from elsewhere. */
      host: z.string().min(1).default("127.0.0.1"),
      port: z.number().int().min(0).max(65_535).default(8787),
      /** Cookies only over HTTPS (default: on unless the dashboard listens on loopback). */
      secureCookies: z.boolean().optional(),
      accounts: z
        .array(
          z.strictObject({
            name: z
              .string()
              .regex(/^[A-Za-z0-9._-]{1,64}$/, "expected a sign-in name of letters, digits, . _ -"),
            role: z.enum(["coordinator", "observer"]),
            /** `scrypt$N$r$p$salt$hash` from `parley programme hash-password`; never a password. */
            passwordHash: z
              .string()
              .regex(
                /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
                "expected a hash from parley programme hash-password",
              ),
          }),
        )
        .default([]),
    })
    .optional(),
  /** Enables the terminal room (the default when no other platform is configured). */
  console: z.boolean().optional(),
  /** The folder the terminal room writes a facilitators' `report` to (default: <data dir>/reports). */
  reportsDir: z.string().min(1).optional(),
  discord: z.unknown().optional(),
  matrix: z.unknown().optional(),
});
export type Config = z.output<typeof configSchema>;

export type ConfigResult = Result<Config, Problem<"config.invalid" | "config.unreadable">>;

export function parseConfig(value: unknown, file = "config"): ConfigResult {
  const parsed = configSchema.safeParse(value ?? {});
  if (parsed.success) return ok(parsed.data);
  const lines = parsed.error.issues.map((i) => `${file}: ${i.path.join(".") || "(top)"}: ${i.message}`);
  return err({ code: "config.invalid", message: lines.join("\n") });
}

export async function loadConfig(file: string): Promise<ConfigResult> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (e) {
    return err({
      code: "config.unreadable",
      message: `${file}: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  let value: unknown;
  try {
    value = file.endsWith(".json") ? JSON.parse(source) : parseYaml(source);
  } catch (e) {
    return err({ code: "config.invalid", message: `${file}: ${e instanceof Error ? e.message : String(e)}` });
  }
  return parseConfig(value, file);
}

export const defaultConfig: Config = configSchema.parse({});

export function roomConfig(config: Config, roomKey: string): RoomConfig {
  return (
    config.rooms[roomKey] ?? {
      facilitators: [],
      facilitatorRoles: [],
      groupRoles: {},
      youth: false,
      interpreters: [],
      pingSpeaker: true,
    }
  );
}

/** The safeguarding lead of a room (its own, or the programme's for the room's platform), if any. */
export function safeguardingLead(config: Config, roomKey: string): string | undefined {
  const platform = roomKey.slice(0, roomKey.indexOf(":"));
  return roomConfig(config, roomKey).safeguardingLead ?? config.safeguarding.lead[platform];
}

/** The flow directories to look in: the configured ones, or ./flows when it exists (absolute paths). */
export function flowDirs(config: Config, cwd: string = process.cwd()): string[] {
  if (config.flows.dirs !== undefined) return config.flows.dirs.map((d) => resolve(cwd, d));
  const fallback = resolve(cwd, "flows");
  try {
    return statSync(fallback).isDirectory() ? [fallback] : [];
  } catch {
    return [];
  }
}
