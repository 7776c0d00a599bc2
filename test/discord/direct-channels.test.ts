// Issue 19: a participant's direct-message channel is opened at their first command in a workshop
// channel, while the limits have slack, so that a private answer later is one message, not an open
// first (discord.js sends every user's open one after the other). Nothing is sent in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryCursors, startBot, startWorld, type Bot, type World } from "./harness.ts";

describe("direct-message channels opened ahead", () => {
  let world: World;
  let bot: Bot;
  beforeAll(async () => {
    world = await startWorld();
    bot = await startBot(world, new MemoryCursors());
  });
  afterAll(async () => {
    await bot.stop();
    await world.server.stop();
  });

  it("opens a participant's DM channel at their first command, once, and sends nothing there", async () => {
    const { server } = world;
    const opens = () =>
      server.requests.filter(
        (q) => q.method === "POST" && q.route === "/users/@me/channels" && q.status === 200,
      ).length;
    expect(server.dmChannelOf(world.carmen.id)).toBeUndefined();
    server.command(world.carmen.id, world.channel.id, server.commandOffering("status"), "status");
    await bot.waitForEvents(1);
    await server.waitUntil(() => server.dmChannelOf(world.carmen.id), 10_000, "carmen's DM channel");
    server.command(world.carmen.id, world.channel.id, server.commandOffering("status"), "status");
    await bot.waitForEvents(2);
    expect(opens()).toBe(1);
    expect(server.dmsTo(world.carmen.id)).toEqual([]);
    // Someone who only writes in the channel (no interaction) gets no channel opened ahead.
    server.post(world.dana.id, world.channel.id, "hello");
    await bot.waitForEvents(3);
    expect(server.dmChannelOf(world.dana.id)).toBeUndefined();
  });
});
