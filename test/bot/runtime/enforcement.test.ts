import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../../src/bot/ports.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { SqliteStore } from "../../../src/bot/store.ts";
import { textOf } from "../../support/recording-platform.ts";
import { consentToStrictFlow, harness, start, storeKinds } from "./harness.ts";

const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

const tmp = mkdtempSync(join(tmpdir(), "parley-enforcement-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe.each(storeKinds(tmp))("strict turn-taking without the platform permission, on $name", (kind) => {
  it("tells the facilitators and falls back to soft enforcement", async () => {
    const h = await harness({ store: kind.open("soft") });
    // The platform refuses to restrict the room, as Discord does without Manage Roles.
    await consentToStrictFlow(h, () => {
      h.platform.refuseKind("floor", { code: "missing_permission", message: "Missing Permissions" });
    });
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageKind).toBe("perspective-sharing");

    const toFacilitators = h.platform.deliveries.filter((d) => d.audience.to === "facilitators");
    expect(toFacilitators.map(textOf).join("\n")).toMatch(/Strict turn-taking is unavailable/);
    expect(h.runtime.sessions.status(h.roomKey)?.enforcement).toBe("soft");

    // Soft from now on: no more floor restrictions, and an out-of-turn post gets a private reminder.
    const floorsBefore = h.platform.deliveries.filter((d) => d.kind === "floor").length;
    const before = h.platform.deliveries.length;
    await h.platform.say(amal, "May I add something?");
    await h.platform.say(ben, "May I add something?");
    await h.settle();
    const reminders = h.platform.deliveries
      .slice(before)
      .filter((d) => d.audience.to === "user")
      .map(textOf);
    expect(reminders.join("\n")).toMatch(/Please wait/);
    expect(h.platform.deliveries.filter((d) => d.kind === "floor").length).toBe(floorsBefore);
    await h.runtime.stop();
  });
});

describe("strict turn-taking across a restart", () => {
  it("delivers the floor the restored state implies, and the turn still times out at its deadline", async () => {
    const file = join(tmp, "strict.sqlite");
    const clock = new SimulatedClock(start);
    const first = await harness({ store: new SqliteStore(file), clock });
    await consentToStrictFlow(first);
    const status = first.runtime.sessions.status(first.roomKey);
    expect(status?.stageKind).toBe("perspective-sharing");
    const speaker = status?.floor;
    const deadline = status?.deadline ?? 0;
    expect(Array.isArray(speaker) && speaker.length === 1).toBe(true);
    await first.runtime.stop();

    const second = await harness({ store: new SqliteStore(file), clock });
    // Nobody typed anything: the restore alone re-applies the speaker's floor.
    const holders = (deliveries: readonly Delivery[]) =>
      deliveries.flatMap((d) => (d.kind === "floor" ? [d.holders] : []));
    const speakerUser = speaker === "everyone" ? undefined : speaker?.[0] === "p1" ? "amal" : "ben";
    expect(holders(second.platform.deliveries)).toEqual([[speakerUser]]);
    // A step that changes nothing does not disarm the turn's timer.
    await second.platform.command("fac", "status");
    await second.advance(deadline - clock.now());
    const after = second.runtime.sessions.status(second.roomKey);
    expect(after?.floor).not.toEqual(speaker);
    expect(second.platform.room().map(textOf).join("\n")).toMatch(/Time is up/);
    expect(holders(second.platform.deliveries).at(-1)).not.toEqual([speakerUser]);
    await second.runtime.stop();
  });
});
