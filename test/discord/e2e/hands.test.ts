// Hands raised by a button on Discord (issue 12), end to end: the discussion's post carries
// "Raise hand" / "Lower hand"; a press is confirmed ephemerally with the place in the queue; the
// facilitators hear of it privately (without a name in an anonymous workshop) and the room never
// does; the queue gives the floor in order; once the discussion ends the buttons are closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../../support/fake-discord/index.ts";
import { catalogues } from "../../../src/bot/i18n/index.ts";
import { content } from "../harness.ts";
import {
  buttonsOf,
  click,
  command,
  groupOf,
  privateTo,
  startE2E,
  waitRoom,
  writeTempFlow,
  type E2E,
} from "./driver.ts";
import { joinAll } from "./steps.ts";

const en = catalogues.en;

const anonymousDiscussion = {
  id: "hands-anonymous",
  version: 1,
  title: { en: "Hands" },
  description: { en: "An open discussion with raised hands." },
  defaultLocale: "en",
  groups: [
    { id: groupOf.north, name: { en: "Group A" } },
    { id: groupOf.south, name: { en: "Group B" } },
  ],
  confidentiality: "anonymous",
  turnEnforcement: "soft",
  stages: [
    { id: "talk", kind: "discussion", title: { en: "Talk" }, prompt: { en: "What next?" }, seconds: 600 },
    { id: "bye", kind: "message", title: { en: "Goodbye" }, text: { en: "Thank you all." } },
  ],
};

describe("raising a hand by a button on Discord", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  it("queues hands privately, names nobody under anonymous, and closes the buttons with the stage", async () => {
    const { world } = e2e;
    const { server } = world;
    const [amal, ben, carmen] = e2e.users as [
      (typeof e2e.users)[0],
      (typeof e2e.users)[0],
      (typeof e2e.users)[0],
    ];
    const seen = new Set<string>();
    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(anonymousDiscussion) });
    await waitRoom(e2e, /Welcome to Hands/, seen);
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");
    await waitRoom(e2e, /Open discussion/, seen);
    const handPost = await server.waitUntil(
      () =>
        server
          .botMessages(e2e.room)
          .find((m) => buttonsOf(m).some((b) => b["label"] === en["discussion.raiseHand"])),
      20_000,
      "the hand buttons",
    );
    expect(content(handPost)).toContain(en["discussion.handPrompt"]);
    const button = (m: Json, label: string): Json | undefined =>
      buttonsOf(m).find((b) => b["label"] === label);
    expect(button(handPost, en["discussion.lowerHand"])).toBeDefined();
    const roomBefore = server.channelMessages(e2e.room).length;
    const said = (u: typeof amal, re: RegExp) =>
      server
        .waitUntil(
          () => privateTo(e2e, u).find((m) => re.test(content(m))),
          20_000,
          `${u.username}: ${String(re)}`,
        )
        .catch((e: unknown) => {
          const got = privateTo(e2e, u).map(content).join(" / ");
          throw new Error(`${String(e)}; got ${got}\nbot:\n${e2e.bot.log.slice(-3000)}`, { cause: e });
        });

    click(e2e, amal, handPost, button(handPost, en["discussion.raiseHand"]));
    await said(amal, /Your hand is raised: you are number 1 in the queue/);
    click(e2e, ben, handPost, button(handPost, en["discussion.raiseHand"]));
    // Ben reads Spanish (his Discord locale).
    await said(ben, /Tienes la mano levantada: eres el número 2 de la cola/);
    click(e2e, carmen, handPost, button(handPost, en["discussion.raiseHand"]));
    await said(carmen, /you are number 3 in the queue/);
    click(e2e, carmen, handPost, button(handPost, en["discussion.lowerHand"]));
    await said(carmen, /Your hand is lowered/);

    // The facilitators hear of each hand privately, without a name.
    const thread = await server.waitUntil(
      () => server.threadsOf(e2e.room)[0],
      20_000,
      "the facilitators' thread",
    );
    const notices = await server.waitUntil(
      () => {
        const found = server.channelMessages(thread.id).filter((m) => /raised a hand/.test(content(m)));
        return found.length >= 3 ? found : undefined;
      },
      20_000,
      "three hand notices",
    );
    for (const m of notices) {
      expect(content(m)).toMatch(/^Someone raised a hand/);
      for (const u of e2e.users) expect(content(m)).not.toContain(u.username);
    }

    // The queue gives the floor to the first, then the next; carmen lowered hers.
    await command(e2e, world.facilitator, "queue-next");
    await said(amal, /You have the floor/);
    await waitRoom(e2e, /The next person in the queue has the floor/, seen);
    await command(e2e, world.facilitator, "queue-next");
    await said(ben, /Tienes la palabra/);
    // Nothing in the room named anyone or told of a hand.
    for (const m of server.channelMessages(e2e.room).slice(roomBefore)) {
      expect(content(m)).not.toMatch(/raised a hand|hand is raised/);
      for (const u of e2e.users) expect(content(m)).not.toContain(u.username);
    }

    // The discussion ends: its hand buttons are closed.
    await command(e2e, world.facilitator, "next");
    await waitRoom(e2e, /Thank you all/, seen);
    await server.waitUntil(
      () => {
        const now = server.botMessages(e2e.room).find((m) => m["id"] === handPost["id"]);
        return now !== undefined && buttonsOf(now).every((b) => b["disabled"] === true);
      },
      20_000,
      "the hand buttons disabled",
    );
  }, 120_000);
});
