// The conformance scenarios on Discord: the real bot process and discord.js against the Discord
// double, one double for the whole file.
import { discordPlatform } from "./drivers/discord.ts";
import { runConformance } from "./run.ts";

runConformance("Discord (the double, real discord.js)", discordPlatform);
