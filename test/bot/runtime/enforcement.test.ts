import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { textOf } from "../../support/recording-platform.ts";
import { harness, storeKinds } from "./harness.ts";

const strictFlow = fileURLToPath(new URL("./fixtures/strict.yaml", import.meta.url));
const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

const tmp = mkdtempSync(join(tmpdir(), "parley-enforcement-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe.each(storeKinds(tmp))("strict turn-taking without the platform permission, on $name", (kind) => {
  it("tells the facilitators and falls back to soft enforcement", async () => {
    const h = await harness({ store: kind.open("soft") });
    await h.platform.command("fac", "start", strictFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command(ben, "join");
    await h.platform.command("fac", "next");
    await h.settle();
    const consent = h.platform.lastPromptFor("amal", "ask");
    if (consent === undefined) throw new Error("no consent prompt");
    // The platform refuses to restrict the room, as Discord does without Manage Roles.
    h.platform.refuseKind("floor", { code: "missing_permission", message: "Missing Permissions" });
    await h.platform.choose(amal, consent.promptId, "yes");
    await h.platform.choose(ben, consent.promptId, "yes");
    await h.settle();
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
