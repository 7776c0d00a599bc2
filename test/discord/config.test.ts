// The `discord:` config section: the two slash commands' names (issue 14).
import { describe, expect, it } from "vitest";
import { parseDiscordConfig } from "../../src/adapters/discord/config.ts";

const env = { DISCORD_TOKEN: "token" };
const guildId = "111111111111111111";

describe("discord config", () => {
  it("names /parley and /facilitate by default", () => {
    const parsed = parseDiscordConfig({ guildId }, env);
    expect(parsed.ok && [parsed.value.config.commandName, parsed.value.config.facilitateCommandName]).toEqual(
      ["parley", "facilitate"],
    );
  });

  it("refuses one name for both commands (Discord refuses two commands of one name)", () => {
    const parsed = parseDiscordConfig({ guildId, commandName: "talk", facilitateCommandName: "talk" }, env);
    expect(parsed.ok ? null : parsed.error.code).toBe("invalid_config");
    expect(parsed.ok ? "" : parsed.error.message).toMatch(/facilitateCommandName/);
  });
});
