// Entry point of the Discord adapter: validates the `discord:` configuration section, reads the
// token from DISCORD_TOKEN and builds the DiscordPlatform.
import type { ChatPlatform } from "../../bot/ports.ts";
import { ok, type Result } from "../../result.ts";
import { parseDiscordConfig } from "./config.ts";
import { DiscordPlatform, type DiscordPlatformDeps } from "./platform.ts";

export { DiscordPlatform } from "./platform.ts";
export { toFailure } from "./failures.ts";
export { discordConfigSchema, parseDiscordConfig, type DiscordConfig } from "./config.ts";

export function createDiscordPlatform(
  config: unknown,
  env: NodeJS.ProcessEnv,
  deps: DiscordPlatformDeps,
): Result<ChatPlatform> {
  const parsed = parseDiscordConfig(config, env);
  if (!parsed.ok) return parsed;
  return ok(new DiscordPlatform(parsed.value.config, parsed.value.token, deps));
}
