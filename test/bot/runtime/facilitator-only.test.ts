// A participant who tries a facilitator command is told, privately, that it is for facilitators:
// every facilitator command, with or without (good or bad) arguments, through an alias, before a
// session, in the lobby, mid-stage and while paused; nothing changes.
import { describe, expect, it } from "vitest";
import { commandNames, isFacilitatorCommandName } from "../../../src/bot/commands.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, shortFlow, type Harness } from "./harness.ts";

const amal = { userId: "amal", displayName: "Amal" };

const facilitatorCommands = commandNames.filter((n) => isFacilitatorCommandName(n));

/** Arguments a participant might type: none, plausible ones, nonsense. */
const attempts: readonly (readonly string[])[] = [
  [],
  ["5"],
  ["amal"],
  ["1", "2", "as", "x"],
  ["../../etc/x.yaml"],
];

async function tryAll(h: Harness, state: string): Promise<void> {
  const live = await h.store.liveSession(h.roomKey);
  for (const name of [...facilitatorCommands, "stop", "/Next"]) {
    for (const args of attempts) {
      const before = h.platform.deliveries.length;
      await h.platform.command(amal, name, ...args);
      await h.settle();
      const answers = h.platform.deliveries.slice(before);
      const shown = `${state}: ${name} ${args.join(" ")}`;
      expect(
        answers.map((d) => d.audience),
        shown,
      ).toEqual([{ to: "user", userId: "amal" }]);
      expect(answers.map(textOf).join(""), shown).toMatch(/^Only facilitators can use [a-z-]+\.$/);
    }
  }
  const after = await h.store.liveSession(h.roomKey);
  expect(after?.snapshot, state).toEqual(live?.snapshot);
}

describe("facilitator commands from a participant", () => {
  it("are refused with the reason in every state, changing nothing", async () => {
    const h = await harness();
    await tryAll(h, "no session");
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.settle();
    await tryAll(h, "lobby");
    await h.platform.command("fac", "start");
    await h.platform.command("fac", "next");
    await h.settle();
    await tryAll(h, "mid-stage");
    await h.platform.command("fac", "pause");
    await h.settle();
    await tryAll(h, "paused");
    await h.runtime.stop();
  });
});
