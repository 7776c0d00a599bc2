// forgetUser: after a committed forget-me the adapter keeps nothing about the user, neither in its
// cursor rows (saved floor state, stored controls) nor in memory (pending interactions).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../src/bot/ports.ts";
import type { Json } from "../support/fake-discord/index.ts";
import { parseCommand } from "../../src/bot/commands.ts";
import { content, MemoryCursors, startBot, startWorld, type Bot, type World } from "./harness.ts";

let counter = 0;
/** A delivery without its key and room (Omit over each member of the union). */
type Unkeyed = Delivery extends infer D
  ? D extends unknown
    ? Omit<D, "idempotencyKey" | "roomId">
    : never
  : never;
const key = (): string => `forget-${counter++}`;

describe("DiscordPlatform.forgetUser", () => {
  let world: World;
  let bot: Bot;
  const cursors = new MemoryCursors();
  const overwrites = (): string =>
    JSON.stringify(world.channel.overwrites.map((o) => [o.id, o.allow.toString(), o.deny.toString()]));

  beforeAll(async () => {
    world = await startWorld();
    bot = await startBot(world, cursors, { facilitators: "thread" }, 0, () => ({
      users: [world.facilitator.id],
      roles: [],
    }));
  });
  afterAll(async () => {
    await bot.stop();
    await world.server.stop();
  });

  const deliver = (d: Unkeyed): Promise<unknown> =>
    bot.platform.deliver({ ...d, idempotencyKey: key(), roomId: world.channel.id });

  it("leaves no cursor value that mentions the user, restores their overwrite and keeps everyone else's", async () => {
    const amal = world.amal.id;
    const original = overwrites();
    // Saved floor state naming amal (and ben).
    expect(await deliver({ kind: "floor", audience: { to: "room" }, holders: [amal, world.ben.id] })).toEqual(
      {
        ok: true,
      },
    );
    // Stored controls naming amal: a prompt id and option values too long for a custom id.
    const promptId = `recognise:${"p".repeat(100)}`;
    expect(
      await deliver({
        kind: "ask",
        audience: { to: "room" },
        body: [{ text: "Whose need do you recognise?" }],
        promptId,
        options: [
          { value: `${amal}:${"v".repeat(100)}`, label: "one" },
          { value: `${world.ben.id}:${"v".repeat(100)}`, label: "two" },
        ],
        maxChoices: 2,
      }),
    ).toEqual({ ok: true });
    // A pending interaction of amal's.
    const n = bot.events.length;
    world.server.command(amal, world.channel.id, "parley", "status");
    await bot.waitForEvents(n + 1);
    const mentions = (): string[] => [...cursors.values].filter(([, v]) => v.includes(amal)).map(([k]) => k);
    expect(mentions().length).toBeGreaterThan(0);

    await bot.platform.forgetUser?.(amal);

    expect(mentions()).toEqual([]);
    // Their own overwrite is gone; ben's turn and @everyone's restriction stay.
    expect(world.channel.overwrites.some((o) => o.id === amal)).toBe(false);
    expect(cursors.values.get(`discord:floor:${world.channel.id}`)).toContain(world.ben.id);
    // Their interaction is no longer used: a private answer now goes to a DM.
    expect(
      await deliver({
        kind: "say",
        audience: { to: "user", userId: amal },
        body: [{ text: "after forget" }],
      }),
    ).toEqual({
      ok: true,
    });
    expect(world.server.ephemeralsFor(amal).some((m) => content(m) === "after forget")).toBe(false);
    expect(world.server.dmsTo(amal).map(content)).toContain("after forget");
    // Opening the floor still restores the channel exactly.
    expect(await deliver({ kind: "floor", audience: { to: "room" }, holders: "everyone" })).toEqual({
      ok: true,
    });
    expect(overwrites()).toBe(original);
  });

  it("offers /parley my-data and /facilitate confirm-forget, which reach the runtime in the shared grammar", async () => {
    const subs = (name: string) =>
      (world.server.guildCommands.find((c) => c["name"] === name)?.["options"] as Json[]).map(
        (o) => o["name"],
      );
    expect(subs("parley")).toEqual(expect.arrayContaining(["my-data", "forget-me"]));
    expect(subs("facilitate")).toEqual(expect.arrayContaining(["confirm-forget"]));
    const n = bot.events.length;
    world.server.command(world.ben.id, world.channel.id, "parley", "my-data");
    world.server.command(world.facilitator.id, world.channel.id, "facilitate", "confirm-forget", {
      participant: "p2",
    });
    const events = (await bot.waitForEvents(n + 2)).slice(n);
    const parsed = events.map((e) => (e.kind === "command" ? parseCommand(e.name, e.args) : null));
    expect(parsed).toEqual(
      expect.arrayContaining([
        { ok: true, value: { name: "my-data" } },
        { ok: true, value: { name: "confirm-forget", participant: "p2" } },
      ]),
    );
  });
});
