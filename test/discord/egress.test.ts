// Issue 19: the requests counting against Discord's global limit take turns between rooms, so a
// room that floods never holds back the others, and no window ever lets more than the limit go.
import { REST, Routes } from "discord.js";
import { describe, expect, it } from "vitest";
import { FairWindow, fairRestOptions } from "../../src/adapters/discord/egress.ts";
import { HandClock } from "../support/hand-clock.ts";
import { forRoom } from "../../src/adapters/shared/room-context.ts";
import { FakeDiscordServer } from "../support/fake-discord/index.ts";

describe("FairWindow", () => {
  it("gives places round-robin between rooms, never more than the limit in a window", async () => {
    const clock = new HandClock();
    const window = new FairWindow({ perWindow: 2, windowMs: 1000, clock });
    const granted: { key: string; at: number }[] = [];
    // Each request is answered the moment it goes.
    const take = (key: string) =>
      void window.take(key).then((answered) => {
        granted.push({ key, at: clock.now() });
        answered();
      });
    // One room floods: ten requests at once; then two quiet rooms ask once each.
    for (let n = 0; n < 10; n++) take("flood");
    take("quiet");
    take("other");
    await clock.advanceTo(0);
    for (let t = 1000; t <= 6000; t += 1000) await clock.advanceTo(t);
    expect(granted.map((g) => g.key)).toEqual([
      "flood",
      "flood",
      // The quiet rooms go in the next window, not after the flood's other eight.
      "flood",
      "quiet",
      "other",
      "flood",
      "flood",
      "flood",
      "flood",
      "flood",
      "flood",
      "flood",
    ]);
    const perWindow = new Map<number, number>();
    for (const g of granted) perWindow.set(g.at, (perWindow.get(g.at) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBe(2);
    expect(window.queued).toBe(0);
  });
});

describe("FairWindow places", () => {
  it("count while their request is unanswered, and for a window after its answer", async () => {
    const clock = new HandClock();
    const window = new FairWindow({ perWindow: 1, windowMs: 1000, clock });
    const answers: (() => void)[] = [];
    const granted: number[] = [];
    for (let n = 0; n < 2; n++)
      void window.take("room").then((answered) => {
        granted.push(clock.now());
        answers.push(answered);
      });
    await clock.advanceTo(0);
    // The first request is still travelling after a window: the second waits.
    await clock.advanceTo(3000);
    expect(granted).toEqual([0]);
    answers[0]?.();
    await clock.advanceTo(3999);
    expect(granted).toEqual([0]);
    await clock.advanceTo(4000);
    expect(granted).toEqual([0, 4000]);
  });
});

describe("the global limit under uneven network delays", () => {
  it("lets no set-up burst past the global limit, even when requests sent a second apart arrive together", async () => {
    // Discord counts a request when it arrives. Here the first five requests take 600 ms to
    // arrive and the rest none, so a limiter that counts from the moment it sends would put the
    // next window's requests on top of them at Discord.
    let arrived = 0;
    const server = new FakeDiscordServer({
      globalPerSecond: 5,
      arrivalDelayMs: () => (arrived++ < 5 ? 600 : 0),
    });
    await server.start();
    try {
      const rooms = Array.from({ length: 6 }, (_, n) => server.addTextChannel(`room-${String(n)}`));
      const people = rooms.map((_, n) => server.addUser(`person-${String(n)}`));
      const rest = new REST({
        api: server.restApi,
        ...fairRestOptions(new FairWindow({ perWindow: 5, windowMs: 1000 })),
      }).setToken(server.token);
      // Each room's set-up: its card posted, a participant let in, their direct channel opened.
      await Promise.all(
        rooms.map((room, n) =>
          forRoom(room.id, async () => {
            const person = people[n]?.id ?? "";
            await rest.post(Routes.channelMessages(room.id), { body: { content: "card" } });
            await rest.put(Routes.channelPermission(room.id, person), {
              body: { type: 1, allow: "1024", deny: "0" },
            });
            await rest.post(Routes.userChannels(), { body: { recipient_id: person } });
          }),
        ),
      );
      const refused = server.requests.filter((r) => r.status === 429);
      const buckets = new Set(
        refused.map((r) => (r.limitedBy === "global" ? "global" : `${r.method} ${r.path}`)),
      );
      // Every request was made, and none refused beyond the first probe of a bucket.
      expect(server.requests.filter((r) => r.status === 200 || r.status === 204)).toHaveLength(18);
      expect(refused.length - buckets.size).toBe(0);
    } finally {
      await server.stop();
    }
  }, 20_000);
});
