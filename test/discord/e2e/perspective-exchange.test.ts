// Soft turn-taking on Discord, end to end (the whole perspective exchange on every platform is in
// test/conformance).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordRefusal, type FakeUser } from "../../support/fake-discord/index.ts";
import { content } from "../harness.ts";
import { click, command, speakerIn, startE2E, waitPrivatePrompt, waitRoom, type E2E } from "./driver.ts";
import { consentAll, joinAll } from "./steps.ts";

describe("soft turn-taking on Discord", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  // Guards a fixed bug: src/bot/render.ts rendered every machine `floor` effect into a `floor`
  // delivery whatever the flow's turnEnforcement, so under "soft" the adapter locked the channel
  // for everyone but the speaker.
  it("lets a user without the floor post, and privately asks them to wait", async () => {
    const { world } = e2e;
    const seen = new Set<string>();
    const used = new Set<string>();
    await command(e2e, world.facilitator, "start", { flow: "perspective-exchange" });
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");
    await consentAll(e2e, seen);
    const turn = await waitRoom(e2e, /turn\. Everyone else, please listen/, seen);
    const speaker = speakerIn(e2e, content(turn));
    const other = e2e.users.find((u) => u.id !== speaker.id) as FakeUser;
    // Soft enforcement never takes Send Messages away.
    let refusal: unknown = null;
    try {
      world.server.post(other.id, e2e.room, "May I add something?");
    } catch (e) {
      refusal = e;
    }
    expect(refusal instanceof DiscordRefusal ? `refused ${refusal.code}` : refusal).toBeNull();
    await world.server.waitUntil(
      () =>
        [...world.server.ephemeralsFor(other.id), ...world.server.dmsTo(other.id)].some((m) =>
          content(m).includes(speaker.username),
        ),
      20_000,
      "the private 'please wait' notice",
    );
    // The speaker still holds the turn.
    const prompt = await waitPrivatePrompt(e2e, speaker, used);
    expect(prompt.buttons.length).toBeGreaterThanOrEqual(1);
    click(e2e, speaker, prompt.message, prompt.buttons[0]);
    await waitRoom(e2e, /turn\. Everyone else, please listen/, seen);
  }, 60_000);
});
