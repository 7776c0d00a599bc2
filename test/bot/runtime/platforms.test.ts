// The composition root tells the runtime which platforms may name a flow file by path: only the
// terminal room, typed at the operator's keyboard.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/bot/config.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import { MemoryStore } from "../../../src/bot/store.ts";
import { createPlatforms } from "../../../src/platforms.ts";

describe("createPlatforms", () => {
  it("lets only the terminal room name a flow file by path", async () => {
    const parsed = parseConfig({ console: true, discord: { guildId: "123456789012345678" } });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const store = new MemoryStore();
    const built = createPlatforms(
      parsed.value,
      { DISCORD_TOKEN: "not-a-real-token" },
      {
        cursors: store,
        logger: new MemoryLogger(),
        consoleIo: { input: new PassThrough(), output: { write: () => true } },
      },
    );
    if (!built.ok) throw new Error(built.error.message);
    expect(built.value.platforms.map((p) => p.name).sort()).toEqual(["console", "discord"]);
    expect(built.value.runtime.flowPaths("console")).toBe(true);
    expect(built.value.runtime.flowPaths("discord")).toBe(false);
    expect(built.value.runtime.flowPaths("matrix")).toBe(false);
    // The terminal room's keyboard user facilitates it when the configuration names nobody; the
    // runtime knows no platform by name, so this comes from here.
    expect(built.value.runtime.defaultFacilitators("console")).toEqual(["facilitator"]);
    expect(built.value.runtime.defaultFacilitators("discord")).toEqual([]);
    const choices = await built.value.runtime.flows.choices();
    expect(choices.map((c) => c.id)).toContain("perspective-exchange");
    for (const c of choices) expect(`${c.id} ${c.title}`).not.toMatch(/[/\\]|\.ya?ml|\.json/);
  });
});
