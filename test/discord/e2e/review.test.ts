// Safeguarding (issue 13), end to end on Discord, beyond the conformance scenario "hold for review"
// (test/conformance: held, approved, hidden, hidden after the fact, on every platform): the approve
// / hide buttons on the facilitators' review questions, a ballot corrected in place when an idea on
// it is hidden, and a hide after a crash between posting an idea and storing its message id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUser, Json } from "../../support/fake-discord/index.ts";
import { content } from "../harness.ts";
import {
  buttonsOf,
  click,
  command,
  startBotAndWait,
  startE2E,
  waitRoom,
  writeTempFlow,
  type E2E,
} from "./driver.ts";
import { joinAll, submitPrivately, writeButton } from "./steps.ts";
import { reviewedIdeasFlow } from "../../support/fixtures.ts";

/** The choices a message offers: its buttons' labels and its menus' options. */
function choicesOf(m: Json): string[] {
  return buttonsOf(m).flatMap((c) =>
    Array.isArray(c["options"])
      ? (c["options"] as Json[]).map((o) => String(o["label"]))
      : typeof c["label"] === "string"
        ? [c["label"]]
        : [],
  );
}

/** Every message the bot posted anywhere (channel, threads, direct messages). */
function everywhere(e2e: E2E): Json[] {
  const { server } = e2e.world;
  return [...server.messages.values()].flat();
}

describe("hold for review and hide on Discord, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    // Discord deduplicates a nonce for a few minutes; a bot down longer posts again (window 0 here).
    e2e = await startE2E({ nonceWindowMs: 0 });
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  it("corrects a ballot already sent when an idea on it is hidden: the ballot is edited in place, naming nobody", async () => {
    const { world } = e2e;
    const { server } = world;
    const [amal, ben] = e2e.users as [FakeUser, FakeUser];
    const seen = new Set(server.botMessages(e2e.room).map((m) => String(m["id"])));
    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(reviewedIdeasFlow) });
    await waitRoom(e2e, /Reviewed ideas/, seen, "welcome");
    await joinAll(e2e, [amal, ben]);
    await command(e2e, world.facilitator, "start");
    await waitRoom(e2e, /^Stage 1 of 1: Ideas/, seen);
    const { message: collect, button } = await writeButton(e2e, seen, "the Write your answer button");
    const [garden, festival] = ["A garden for the whole street", "A festival on the bridge"];
    await submitPrivately(e2e, amal, collect, button, garden);
    await submitPrivately(e2e, ben, collect, button, festival);
    const refs: string[] = [];
    for (const text of [garden, festival]) {
      const held = await server.waitUntil(
        () => everywhere(e2e).find((m) => content(m).includes(text) && buttonsOf(m).length === 2),
        20_000,
        `the held ${text}`,
      );
      refs.push(/#(\d+)/.exec(content(held))?.[1] ?? "");
      click(
        e2e,
        world.facilitator,
        held,
        buttonsOf(held).find((b) => b["label"] === "Approve"),
      );
    }
    for (const ref of refs)
      await server.waitUntil(
        () => everywhere(e2e).some((m) => content(m).replace(/^\\/u, "").startsWith(`#${ref} is approved`)),
        20_000,
        `#${ref} approved`,
      );
    await command(e2e, world.facilitator, "next");
    await waitRoom(e2e, new RegExp(festival), seen, "the ideas listed");
    await command(e2e, world.facilitator, "next");
    // Discord asks in the channel (a select menu; each answer is a private interaction).
    const ballotNow = () =>
      server.botMessages(e2e.room).find((m) => !seen.has(String(m["id"])) && choicesOf(m).includes(garden));
    const ballot = await server.waitUntil(ballotNow, 20_000, "the ballot");
    const ideasOn = (m: Json) => choicesOf(m).filter((c) => c === garden || c === festival);
    expect(ideasOn(ballot).sort()).toEqual([festival, garden].sort());
    const before = server.botMessages(e2e.room).length;

    await command(e2e, world.facilitator, "hide", { number: Number(refs[1]) });
    const corrected = await server.waitUntil(
      () => {
        const now = server.botMessages(e2e.room).find((m) => m["id"] === ballot["id"]);
        return now !== undefined && !choicesOf(now).includes(festival) ? now : undefined;
      },
      20_000,
      "the ballot edited",
    );
    expect(ideasOn(corrected)).toEqual([garden]);
    expect(content(corrected)).toMatch(/^The ballot has changed: an idea was withdrawn\./);
    expect(content(corrected)).not.toMatch(new RegExp(`${amal.username}|${ben.username}|${festival}`));
    // Edited, not asked again: no second ballot in the channel.
    expect(
      server
        .botMessages(e2e.room)
        .slice(before)
        .filter((m) => choicesOf(m).length > 0),
    ).toEqual([]);
    await command(e2e, world.facilitator, "end");
    await waitRoom(e2e, /Summary of the workshop/, seen, "the summary");
  });

  it("after a crash between posting an idea and storing its message id, hide tells the facilitators to remove the copy it cannot find, and where", async () => {
    const { world } = e2e;
    const { server } = world;
    const [amal, ben] = e2e.users as [FakeUser, FakeUser];
    const seen = new Set(server.botMessages(e2e.room).map((m) => String(m["id"])));
    // The bot dies right after the platform accepted its first post of a contribution.
    await e2e.bot.stop();
    process.env["PARLEY_TEST_KILL_AT"] = "delivery.contribution-posted:1";
    try {
      await startBotAndWait(e2e);
    } finally {
      delete process.env["PARLEY_TEST_KILL_AT"];
    }
    const unreviewed = { ...reviewedIdeasFlow, id: "unreviewed-ideas", title: { en: "Unreviewed ideas" } };
    unreviewed.stages = reviewedIdeasFlow.stages.map(
      ({ review: _review, ...stage }) => stage,
    ) as typeof reviewedIdeasFlow.stages;
    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(unreviewed) });
    await waitRoom(e2e, /Unreviewed ideas/, seen, "welcome");
    await joinAll(e2e, [amal, ben]);
    await command(e2e, world.facilitator, "start");
    await waitRoom(e2e, /^Stage 1 of 1: Ideas/, seen);
    const { message: collect, button } = await writeButton(e2e, seen, "the Write your answer button");
    const idea = "A picnic where nobody talks about politics";
    await submitPrivately(e2e, amal, collect, button, idea);
    await command(e2e, world.facilitator, "next");
    const first = await server.waitUntil(
      () => server.botMessages(e2e.room).find((m) => content(m).includes(idea)),
      20_000,
      "the idea posted",
    );
    await e2e.bot.exit();
    await e2e.bot.kill();
    await startBotAndWait(e2e);
    // The post is sent again after the restart (a second copy, whose id the store keeps; the first
    // one's it never stored).
    const ref = /\[#(\d+)/.exec(content(first))?.[1] ?? "";
    await command(e2e, world.facilitator, "hide", { number: Number(ref) });
    const told = await server.waitUntil(
      () => everywhere(e2e).find((m) => content(m).includes("could not be fully removed")),
      20_000,
      "the facilitators told to remove it by hand",
    );
    expect(content(told)).toContain(`#${ref}`);
    expect(content(told)).toContain("interrupted while posting it");
    expect(content(told)).toContain(e2e.room);
    expect(String(told["channel_id"])).not.toBe(e2e.room);
    // Any copy it knew of is gone; the first is the one the facilitators are asked to remove.
    const left = server.botMessages(e2e.room).filter((m) => content(m).includes(idea));
    expect(left.map((m) => m["id"])).toEqual([first["id"]]);
    await command(e2e, world.facilitator, "end");
    await waitRoom(e2e, /Summary of the workshop/, seen, "the summary");
  });
});
