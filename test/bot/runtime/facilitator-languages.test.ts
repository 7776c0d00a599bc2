// Facilitators read their own notices in their own language (issue 14), not the room's first
// language: the one they choose with `language`, else their platform's (a Discord interaction's
// locale); a notice to facilitators of several languages goes once per language.
import { afterEach, describe, expect, it } from "vitest";
import type { Delivery } from "../../../src/bot/ports.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { RecordingPlatform, textOf } from "../../support/recording-platform.ts";
import { harness, start, type Harness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.runtime.stop();
  h = undefined;
});

const arabic = /[\u0600-\u06FF]/u;
const amal = { userId: "amal", displayName: "Amal" };

const toFacilitators = (x: Harness, from: number): (Delivery & { audience: { to: "facilitators" } })[] =>
  x.platform.deliveries
    .slice(from)
    .filter(
      (d): d is Delivery & { audience: { to: "facilitators"; userIds: readonly string[] } } =>
        d.audience.to === "facilitators",
    );

describe("facilitators' notices in each facilitator's language", () => {
  it("writes a time-out request to each facilitator in the language they chose or their platform uses", async () => {
    h = await harness({ config: { rooms: { "test:room": { facilitators: ["fac", "faa", "fes"] } } } });
    const x = h;
    await x.platform.command("fac", "start", "perspective-exchange");
    await x.platform.command("faa", "language", "ar");
    // fes's client is Spanish (as a Discord interaction tells): no need to ask.
    await x.platform.command({ userId: "fes", displayName: "Fes", locale: "es-ES" }, "status");
    await x.platform.command(amal, "join", "group-a");
    await x.settle();
    const from = x.platform.deliveries.length;
    await x.platform.command(amal, "timeout", "I need a minute");
    await x.settle();
    const notices = toFacilitators(x, from);
    const to = (id: string) => notices.filter((d) => d.audience.userIds.includes(id));
    // One message per language, each to the facilitators who read it, alert number included.
    for (const id of ["fac", "faa", "fes"]) expect(to(id)).toHaveLength(1);
    const [en, ar, es] = [to("fac")[0], to("faa")[0], to("fes")[0]] as [Delivery, Delivery, Delivery];
    expect(en.audience).toEqual({ to: "facilitators", userIds: ["fac"] });
    expect(textOf(en)).toMatch(/time-out/i);
    expect(textOf(en)).not.toMatch(arabic);
    expect(textOf(ar)).toMatch(arabic);
    expect(textOf(es)).toMatch(/pausa|tiempo/i);
    // The alert's number under the request, in each message.
    expect(textOf(en)).toMatch(/asked for a time-out[^]*\nAlert 1:/);
    expect(textOf(ar)).toMatch(/\nتنبيه 1:/);
    expect(textOf(es)).toMatch(/pidió una pausa[^]*\nAlerta 1:/);
  });

  it("keeps one notice in the room's language when every facilitator reads it", async () => {
    h = await harness({ config: { rooms: { "test:room": { facilitators: ["fac", "fab"] } } } });
    const x = h;
    await x.platform.command("fac", "start", "perspective-exchange");
    await x.platform.command(amal, "join", "group-a");
    await x.settle();
    const from = x.platform.deliveries.length;
    await x.platform.command(amal, "timeout");
    await x.settle();
    const notices = toFacilitators(x, from);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.audience).toEqual({ to: "facilitators", userIds: ["fac", "fab"] });
  });

  it("writes one notice with each facilitator's language where they read together (one thread)", async () => {
    const clock = new SimulatedClock(start);
    const platform = new RecordingPlatform({
      name: "test",
      roomId: "room",
      now: () => clock.now(),
      capabilities: { facilitatorsTogether: true },
    });
    h = await harness({
      clock,
      platform,
      config: { rooms: { "test:room": { facilitators: ["fac", "faa", "fes"] } } },
    });
    const x = h;
    await x.platform.command("fac", "start", "perspective-exchange");
    await x.platform.command("faa", "language", "ar");
    await x.platform.command({ userId: "fes", displayName: "Fes", locale: "es-ES" }, "status");
    await x.platform.command(amal, "join", "group-a");
    await x.settle();
    const from = x.platform.deliveries.length;
    await x.platform.command(amal, "timeout", "I need a minute");
    await x.settle();
    const notices = toFacilitators(x, from);
    // One post for the three of them, the room's language first, then each one's in turn.
    expect(notices).toHaveLength(1);
    const [one] = notices as [Delivery];
    expect(one.audience).toEqual({ to: "facilitators", userIds: ["fac", "faa", "fes"] });
    const blocks = (one.kind === "say" ? one.languages : undefined) ?? [];
    expect(blocks.map((b) => [b.locale, b.dir])).toEqual([
      ["en", "ltr"],
      ["ar", "rtl"],
      ["es", "ltr"],
    ]);
    const text = (n: number) => blocks[n]?.body.map((s) => s.text).join("") ?? "";
    // Each block in its own language only, with the alert's number under the request.
    expect(text(0)).toMatch(/asked for a time-out[^]*\nAlert 1:/);
    expect(text(0)).not.toMatch(arabic);
    expect(text(1)).toMatch(/\nتنبيه 1:/);
    expect(text(1)).not.toMatch(/Alert|Alerta/);
    expect(text(2)).toMatch(/pidió una pausa[^]*\nAlerta 1:/);
    expect(textOf(one)).toBe(text(0));
  });
});
