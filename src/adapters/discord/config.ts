// The `discord:` section of Parley's configuration. The bot token never lives here: it comes from
// the environment (DISCORD_TOKEN) and is never logged.
import { z } from "zod";
import { configIssues } from "../shared/config-issues.ts";
import { err, ok, type Problem, type Result } from "../../result.ts";

const snowflake = z
  .string()
  .regex(/^\d{15,21}$/, "expected a Discord id (a snowflake such as 1234567890123456789)");
const groupId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "expected a group id such as north or group-a");

export const discordConfigSchema = z
  .strictObject({
    /** The server (guild) Parley runs in; slash commands are registered there (instantly). */
    guildId: snowflake,
    /** Checked against the token's application when given. */
    applicationId: snowflake.optional(),
    /** Workshop channels. Empty: every text channel of the guild the bot can see. */
    channels: z.array(snowflake).default([]),
    /** Overrides the REST API base (tests point it at a local double); Discord's own by default. */
    restApi: z.url({ protocol: /^https?$/ }).optional(),
    /** The participants' slash command (`/parley join`). */
    commandName: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/, "expected a lower-case command name such as parley")
      .default("parley"),
    /** The facilitators' slash command (`/facilitate start`); it must differ from commandName. */
    facilitateCommandName: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/, "expected a lower-case command name such as facilitate")
      .default("facilitate"),
    /** Group mapping: Discord role id → group id. Also offered as choices of `/parley join group:`. */
    groupRoles: z.record(snowflake, groupId).default({}),
    /** Extra group ids offered by `/parley join group:` (besides those of groupRoles). */
    groups: z.array(groupId).default([]),
    /**
     * Flow ids offered by autocomplete in `/parley start flow:` when the runtime gives no list (the
     * composition root offers every flow of the flow library, with titles). Ids only, never paths.
     */
    flows: z
      .array(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, "expected a flow id such as perspective-exchange"))
      .default(["perspective-exchange", "problem-solving-workshop", "youth-dialogue-circle"]),
    /** Where facilitators are told things privately: a private thread under the workshop channel, or DMs. */
    facilitators: z.enum(["thread", "dm"]).default("thread"),
    /** Roles that keep posting under strict turn-taking (e.g. a facilitators' role). */
    floorExemptRoles: z.array(snowflake).default([]),
    /** Language of the few labels the adapter itself shows in rooms (buttons, select placeholders). */
    locale: z.enum(["en", "es", "ar", "he"]).default("en"),
    /**
     * After an interaction's event is durable, how long to wait for the runtime's private answer
     * before the "thinking…" placeholder is removed (or a modal is confirmed generically).
     */
    replyGraceMs: z.number().int().min(0).max(10_000).default(2500),
    /**
     * One live card per stage, edited in place (issue 14): the stage's heading, what happens in
     * it, whose turn it is, who joined and the time left are edits of one embed message instead of
     * posts. False: each is a message of its own, as before.
     */
    liveCards: z.boolean().default(true),
    /** A rate limit longer than this is returned as `rate_limited` instead of waited out. */
    maxRateLimitWaitMs: z.number().int().min(0).max(600_000).default(10_000),
  })
  .refine((c) => c.commandName !== c.facilitateCommandName, {
    message: "commandName and facilitateCommandName must differ (Discord refuses two commands of one name)",
    path: ["facilitateCommandName"],
  });

export type DiscordConfig = z.infer<typeof discordConfigSchema>;

export type ParsedDiscordConfig = Result<
  { readonly config: DiscordConfig; readonly token: string },
  Problem<"invalid_config" | "missing_token">
>;

export function parseDiscordConfig(input: unknown, env: NodeJS.ProcessEnv): ParsedDiscordConfig {
  const parsed = discordConfigSchema.safeParse(input);
  if (!parsed.success) return err({ code: "invalid_config", message: configIssues("discord", parsed.error) });
  const token = env["DISCORD_TOKEN"];
  if (token === undefined || token.trim() === "") {
    return err({
      code: "missing_token",
      message: "Set DISCORD_TOKEN in the environment to the bot's token.",
    });
  }
  return ok({ config: parsed.data, token: token.trim() });
}

/** Group ids offered by `/parley join`, in a stable order. */
export function offeredGroups(config: DiscordConfig): string[] {
  return [...new Set([...config.groups, ...Object.values(config.groupRoles)])].sort();
}
