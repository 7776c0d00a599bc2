// Failures the facilitators must know about reach them privately, in the room's language (issue 10):
// a summary the platform would not pin, a private message it could not deliver (never sent to the
// room instead), and a floor it would not open again to everyone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../../src/bot/store.ts";
import type { Delivery } from "../../../src/bot/ports.ts";
import { textOf } from "../../support/recording-platform.ts";
import { consentToStrictFlow, harness, shortFlow } from "./harness.ts";

const amal = { userId: "amal", displayName: "Amal" };
const tmp = mkdtempSync(join(tmpdir(), "parley-failures-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});
const refused = { code: "missing_permission", message: "Missing Permissions" };

function toFacilitators(deliveries: readonly Delivery[]): string {
  return deliveries
    .filter((d) => d.audience.to === "facilitators")
    .map(textOf)
    .join("\n");
}

describe("failures the facilitators must know about", () => {
  it("tells them, in the room's language, that the summary could not be pinned", async () => {
    const h = await harness({
      config: { rooms: { "test:room": { facilitators: ["fac"], locale: "es" } } },
    });
    h.platform.refuseKind("pin", refused);
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command("fac", "start");
    await h.platform.command("fac", "end");
    await h.settle();
    await h.settle();
    expect(await h.store.liveSession(h.roomKey)).toBeUndefined();
    expect(h.platform.attempts.some((d) => d.kind === "pin")).toBe(true);
    const told = h.platform.deliveries.filter((d) => d.audience.to === "facilitators");
    expect(told.map(textOf).join("\n")).toMatch(
      /No se pudo fijar el resumen del taller en la sala porque al bot le falta un permiso/,
    );
    for (const d of told) expect(d.audience).toEqual({ to: "facilitators", userIds: ["fac"] });
    await h.runtime.stop();
  });

  it("tells them a private message could not be delivered, and never posts it in the room", async () => {
    const file = join(tmp, "private.sqlite");
    const h = await harness({ store: new SqliteStore(file) });
    // Amal cannot be messaged privately (DMs closed, say).
    h.platform.refuseWhere((d) => d.audience.to === "user" && d.audience.userId === "amal", {
      code: "not_found",
      message: "Cannot send messages to this user",
    });
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.settle();
    await h.settle();
    const failed = h.platform.attempts.filter(
      (d) => d.audience.to === "user" && d.audience.userId === "amal",
    );
    expect(failed.map(textOf).join("\n")).toMatch(/You have joined/);
    // Never retried to another audience: every attempt with that key went to amal alone.
    const keys = new Set(failed.map((d) => d.idempotencyKey));
    for (const d of h.platform.attempts.filter((x) => keys.has(x.idempotencyKey)))
      expect(d.audience).toEqual({ to: "user", userId: "amal" });
    expect(h.platform.room().map(textOf).join("\n")).not.toMatch(/You have joined/);
    expect(toFacilitators(h.platform.deliveries)).toMatch(
      /A private message for .*Amal.* could not be delivered: they could not be found\. It was not posted in the room/,
    );
    await h.runtime.stop();
    // The inbox entry that carried the failure names a participant id, never the platform user id
    // (forget-me need not look for user ids there).
    const db = new DatabaseSync(file);
    const rows = db.prepare("SELECT payload FROM inbox WHERE event_id LIKE 'failed:%'").all();
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(JSON.parse(String(row["payload"]))).toMatchObject({ to: "user", participantId: "p1" });
      expect(String(row["payload"])).not.toMatch(/amal/i);
    }
  });

  it("tells them when posting cannot be opened again to everyone after a strict turn", async () => {
    const h = await harness({
      config: {
        rooms: { "test:room": { facilitators: ["fac"], groupRoles: { "role-n": "north" }, locale: "ar" } },
      },
    });
    await consentToStrictFlow(h);
    // A speaker holds the floor; then the platform refuses to lift the restriction.
    expect(h.platform.deliveries.some((d) => d.kind === "floor" && d.holders !== "everyone")).toBe(true);
    h.platform.refuseWhere((d) => d.kind === "floor" && d.holders === "everyone", refused);
    await h.platform.command("fac", "end");
    await h.settle();
    await h.settle();
    expect(h.platform.attempts.some((d) => d.kind === "floor" && d.holders === "everyone")).toBe(true);
    expect(toFacilitators(h.platform.deliveries)).toMatch(/تعذّر فتح الكتابة للجميع في الغرفة من جديد/);
    await h.runtime.stop();
  });
});
