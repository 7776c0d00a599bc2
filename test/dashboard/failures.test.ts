// A delivery given up is kept in the session (kind, code, time; no content, no recipient), so the
// programme dashboard can flag it with its age.
import { describe, expect, it } from "vitest";
import { sessionRow } from "../../src/dashboard/view.ts";
import { harness } from "../bot/runtime/harness.ts";

describe("failures the dashboard flags", () => {
  it("records a private message that could not be delivered, without its content or recipient", async () => {
    const h = await harness();
    h.platform.refuseWhere((d) => d.audience.to === "user", { code: "not_found", message: "no such user" });
    await h.platform.command("fac", "start", "perspective-exchange");
    await h.platform.command({ userId: "amal", displayName: "Amal" }, "join", "group-a");
    await h.settle();
    const session = await h.store.liveSession(h.roomKey);
    if (session === undefined) throw new Error("no session");
    expect(session.meta.failures?.map((f) => [f.kind, f.code])).toContainEqual(["say", "not_found"]);
    expect(JSON.stringify(session.meta.failures)).not.toContain("amal");
    const row = sessionRow(session, [], h.clock.now() + 60_000);
    expect(row.failures[0]).toEqual({ kind: "say", code: "not_found", ageMs: 60_000 });
    await h.runtime.stop();
  });
});
