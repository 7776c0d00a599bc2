// Issue 4, end to end: strict turn-taking enforced by Discord itself (channel overwrites), and an
// anonymous brainstorm through modals whose authors never reach the channel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordRefusal, Perm, type FakeUser, type Json } from "../../support/fake-discord/index.ts";
import { content } from "../harness.ts";
import {
  buttonsOf,
  command,
  fullText,
  groupOf,
  speakerIn,
  startE2E,
  tempFlow,
  waitRoom,
  writeTempFlow,
  type E2E,
} from "./driver.ts";
import { consentAll, joinAll, postDurably, submitPrivately } from "./steps.ts";
import { label } from "../../../src/adapters/discord/labels.ts";

function refusalOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof DiscordRefusal) return `${e.status} ${e.code}`;
    throw e;
  }
}

describe("strict turn-taking on Discord, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  it("refuses a post from a user without the floor, then accepts it once the facilitator gives it", async () => {
    const { world } = e2e;
    const { server } = world;
    const path = tempFlow("perspective-exchange", (spec) => {
      spec["id"] = "perspective-exchange-strict";
      spec["turnEnforcement"] = "strict";
    });
    const seen = new Set<string>();
    await command(e2e, world.facilitator, "start", { flow: path });
    await waitRoom(e2e, /Perspective exchange/, seen, "welcome");
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");
    await consentAll(e2e, seen);
    await waitRoom(e2e, /^Stage 2 of 5: Sharing experiences/, seen);
    const turn = await waitRoom(e2e, /turn\. Everyone else, please listen/, seen);
    const speaker = speakerIn(e2e, content(turn));
    const others = e2e.users.filter((u) => u.id !== speaker.id);
    const other = others[0] as FakeUser;

    // The speaker may post (once the overwrites are in place); nobody else can.
    await postDurably(e2e, speaker, "I speak when it is my turn.");
    for (const u of others) {
      expect(refusalOf(() => server.post(u.id, e2e.room, "Let me interrupt."))).toBe("403 50013");
    }

    // The facilitator gives the floor to someone else, who can then post.
    await command(e2e, world.facilitator, "floor", { participant: other.id });
    await server.waitUntil(
      () => server.can(other.id, e2e.room, Perm.SendMessages),
      20_000,
      `${other.username} given the floor`,
    );
    expect(refusalOf(() => server.post(other.id, e2e.room, "Thank you for the floor."))).toBeNull();
    await waitRoom(e2e, new RegExp(`It is ${other.username}'s turn`), seen);
    expect(server.can(speaker.id, e2e.room, Perm.SendMessages)).toBe(false);

    // Ending the workshop gives the channel back to everyone.
    await command(e2e, world.facilitator, "end");
    await waitRoom(e2e, /The workshop has ended/, seen);
    await server.waitUntil(
      () => e2e.users.every((u) => server.can(u.id, e2e.room, Perm.SendMessages)),
      20_000,
      "the channel restored",
    );
    for (const u of e2e.users) expect(refusalOf(() => server.post(u.id, e2e.room, "Bye."))).toBeNull();
  }, 120_000);
});

const brainstormFlow = {
  id: "anonymous-ideas",
  version: 1,
  title: { en: "Anonymous ideas" },
  description: { en: "A short anonymous brainstorm." },
  defaultLocale: "en",
  groups: [
    { id: groupOf.north, name: { en: "Group A" } },
    { id: groupOf.south, name: { en: "Group B" } },
  ],
  confidentiality: "anonymous",
  turnEnforcement: "soft",
  stages: [
    {
      id: "ideas",
      kind: "brainstorm",
      title: { en: "Ideas" },
      prompt: { en: "What could our two communities do together?" },
      divergeSeconds: 600,
      maxIdeasPerPerson: 2,
      clusterSeconds: 300,
      voting: { method: "dots", dots: 2, maxPerIdea: 1, seconds: 600 },
      shortlist: 3,
    },
  ],
};

describe("anonymous brainstorm through modals, end to end", () => {
  let e2e: E2E;
  let authors: FakeUser[];
  beforeAll(async () => {
    const started = await startE2E();
    const { server } = started.world;
    // Distinctive names, so any leak of an author into the room is unmistakable.
    authors = [
      server.addUser("zephyrine-quill", { roles: [started.world.northRole] }),
      server.addUser("oswin-marlowe", { roles: [started.world.southRole] }),
      server.addUser("ludmila-farrow", { roles: [started.world.northRole] }),
      server.addUser("teodor-vance", { roles: [started.world.southRole] }),
    ];
    e2e = { ...started, users: authors };
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  it("collects ideas and votes without any channel message revealing an author", async () => {
    const { world } = e2e;
    const { server } = world;
    const seen = new Set<string>();
    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(brainstormFlow) });
    await waitRoom(e2e, /Anonymous ideas/, seen, "welcome");
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");
    await waitRoom(e2e, /^Stage 1 of 1: Ideas/, seen);

    const share = label("write", "en");
    const collect = await server.waitUntil(
      () => server.botMessages(e2e.room).find((m) => buttonsOf(m).some((b) => b["label"] === share)),
      20_000,
      "the Write your answer button",
    );
    const button = buttonsOf(collect).find((b) => b["label"] === share) as Json;
    const ideas = authors.map(
      (a, n) => `Idea ${n + 1}: a shared ${["garden", "choir", "library", "market"][n]}`,
    );
    for (const [n, a] of authors.entries())
      await submitPrivately(e2e, a, collect, button, ideas[n] as string);

    // Ideas are shown for clustering, then put to a vote.
    await command(e2e, world.facilitator, "next");
    await waitRoom(e2e, /a shared market/, seen, "the ideas listed");
    await command(e2e, world.facilitator, "next");
    const ballot = await server.waitUntil(
      () =>
        server
          .botMessages(e2e.room)
          .find((m) =>
            buttonsOf(m).some(
              (c) => c["type"] === 3 || (c["type"] === 2 && /shared/.test(String(c["label"]))),
            ),
          ),
      20_000,
      "the vote",
    );
    for (const a of authors) {
      const menu = buttonsOf(ballot).find((c) => c["type"] === 3);
      if (menu !== undefined) {
        const options = (menu["options"] as Json[]).map((o) => String(o["value"]));
        server.select(a.id, ballot, String(menu["custom_id"]), options.slice(0, 2));
      } else {
        const b = buttonsOf(ballot)[0] as Json;
        server.click(a.id, ballot, String(b["custom_id"]));
      }
    }
    await server.waitUntil(
      () =>
        authors.every((a) =>
          [...server.ephemeralsFor(a.id), ...server.dmsTo(a.id)].some((m) => /vote/i.test(content(m))),
        ),
      20_000,
      "every vote confirmed",
    );
    await command(e2e, world.facilitator, "next");
    await waitRoom(e2e, /The workshop has ended/, seen);
    const pinned = await server.waitUntil(
      () => server.botMessages(e2e.room).find((m) => m["pinned"] === true),
      20_000,
      "the pinned summary",
    );
    expect(content(pinned)).toMatch(/a shared (garden|choir|library|market)/);

    // Every idea reached the room, and from the start of the workshop no channel message names or
    // mentions an author (the lobby's join announcements are checked separately below).
    const room = server.botMessages(e2e.room);
    const started = room.findIndex((m) => /The workshop has started/.test(content(m)));
    expect(started).toBeGreaterThanOrEqual(0);
    const texts = room.slice(started).map(fullText);
    for (const idea of ideas) expect(texts.some((t) => t.includes(idea.slice(9)))).toBe(true);
    for (const a of authors) {
      for (const t of texts) {
        expect(t).not.toContain(a.id);
        expect(t).not.toContain(a.username);
        expect(t).not.toContain(a.globalName ?? a.username);
      }
    }
    // Nothing but the bot wrote in the channel: ideas travelled through modals only.
    expect(
      server.channelMessages(e2e.room).every((m) => (m["author"] as Json)["id"] === server.botUser.id),
    ).toBe(true);
  }, 120_000);

  // Guards a fixed bug: the machine announced "<name> has joined (<group>)" in the room whatever
  // the confidentiality, so an anonymous workshop named its participants.
  it("names nobody in the room, not even when they join", () => {
    const { server } = e2e.world;
    const texts = server.botMessages(e2e.room).map(fullText);
    expect(texts.length).toBeGreaterThan(0);
    for (const a of authors) for (const t of texts) expect(t).not.toContain(a.username);
  });
});
