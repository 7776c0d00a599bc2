// What people read (issue 12): instructions in the platform's command form, a facilitator's start
// that says what comes next, stages by their names, and a status that reads as a sentence.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../../src/bot/ports.ts";
import { RecordingPlatform, textOf } from "../../support/recording-platform.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { consentToStrictFlow, harness, shortFlow, start, storeKinds, strictFlow } from "./harness.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-read-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };
const chen = { userId: "chen", displayName: "Chen" };

describe.each(storeKinds(tmp))("on $name", (kind) => {
  let count = 0;
  async function open() {
    const clock = new SimulatedClock(start);
    // A platform whose commands are typed "!parley …", as on Matrix.
    const platform = new RecordingPlatform({
      name: "test",
      roomId: "room",
      now: () => clock.now(),
      capabilities: { commandPrefix: "!parley " },
    });
    return harness({ store: kind.open(`r${String(++count)}`), clock, platform });
  }
  const texts = (ds: readonly Delivery[]) => ds.map(textOf);

  it("names commands as they are typed on the platform, and answers a command typed plainly", async () => {
    const h = await open();
    await h.platform.command("fac", "start", shortFlow);
    await h.settle();
    const welcome = texts(h.platform.room()).find((t) => t.startsWith("Welcome to"));
    expect(welcome).toContain("type !parley join followed by your group");
    // The facilitator is told what happens next.
    expect(texts(h.platform.to("fac")).join("\n")).toContain(
      "When everyone has joined, type !parley start again to begin.",
    );
    // "join north" without the command form: chen is told how to type it, privately.
    await h.platform.say(chen, "join north");
    await h.settle();
    expect(texts(h.platform.to("chen")).join("\n")).toContain("type !parley join north");
    expect(texts(h.platform.room()).join("\n")).not.toContain("join north");
    // Ordinary speech from someone not taking part is still ignored.
    await h.platform.say(chen, "hello everyone");
    await h.settle();
    expect(h.platform.to("chen")).toHaveLength(1);
    await h.runtime.stop();
  });

  it("names facilitators' commands in their own form where the platform keeps them apart (Discord's /facilitate)", async () => {
    const clock = new SimulatedClock(start);
    const platform = new RecordingPlatform({
      name: "test",
      roomId: "room",
      now: () => clock.now(),
      capabilities: { commandPrefix: "/parley ", facilitatorCommandPrefix: "/facilitate " },
    });
    const h = await harness({ store: kind.open(`r${String(++count)}`), clock, platform });
    await h.platform.command("fac", "start", shortFlow);
    await h.settle();
    expect(texts(h.platform.room()).find((t) => t.startsWith("Welcome to"))).toContain("type /parley join");
    expect(texts(h.platform.to("fac")).join("\n")).toContain(
      "When everyone has joined, type /facilitate start again to begin.",
    );
    await h.platform.say(chen, "join north");
    await h.platform.say(ben, "pause");
    await h.settle();
    expect(texts(h.platform.to("chen")).join("\n")).toContain("type /parley join north");
    expect(texts(h.platform.to("ben")).join("\n")).toContain("type /facilitate pause");
    await h.runtime.stop();
  });

  it("names stages by title or kind, never by id, and says status as a sentence", async () => {
    const h = await open();
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command(ben, "join");
    await h.platform.command("fac", "start");
    await h.settle();
    const room = texts(h.platform.room());
    // The fixture's stages have no titles: their kinds name them.
    expect(room).toContain("Stage 2 of 3: Discussion");
    expect(room.join("\n")).not.toMatch(/Stage \d of 3: (hello|talk)/u);
    await h.advance(15_000);
    await h.platform.command(amal, "status");
    await h.settle();
    const status = texts(h.platform.to("amal")).at(-1) ?? "";
    expect(status).toBe(
      "Short test, stage 2 of 3: Discussion, under way. Time left: 0:45. Taking part: North: 1 and South: 1.",
    );
    await h.platform.command("fac", "end");
    await h.settle();
    const summary = h.platform.deliveries.find((d) => d.kind === "pin");
    expect(summary === undefined ? "" : textOf(summary)).toContain("Stages: Message and Discussion");
    await h.runtime.stop();
  });

  for (const confidentiality of ["open", "anonymous"] as const)
    it(`status names who has the floor ${confidentiality === "open" ? "in an open workshop" : "never when anonymous"}, and pools small groups`, async () => {
      const h = await open();
      // The strict fixture flow, under the confidentiality of this case (groups of one: pooled when anonymous).
      const file = join(tmp, `${confidentiality}.yaml`);
      writeFileSync(
        file,
        readFileSync(strictFlow, "utf8").replace(
          "confidentiality: open",
          `confidentiality: ${confidentiality}`,
        ),
      );
      await consentToStrictFlow(h, () => undefined, file);
      await h.platform.command("fac", "status");
      await h.settle();
      const status = texts(h.platform.to("fac")).at(-1) ?? "";
      expect(status).toMatch(/^Strict test, stage 2 of 2: Perspective sharing, /u);
      if (confidentiality === "open") {
        expect(status).toMatch(/(Amal|Ben) has the floor\./u);
        expect(status).toContain("Taking part: North: 1 and South: 1.");
      } else {
        expect(status).not.toMatch(/Amal|Ben|has the floor/u);
        expect(status).toContain("2 people are taking part.");
      }
      await h.runtime.stop();
    });
});
