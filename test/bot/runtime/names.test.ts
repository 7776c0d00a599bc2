// Names and rejoining (issue 10, finding 12): `join` after `leave` works; a name that can be mistaken
// for a facilitator's, another participant's or a reserved one is told to the facilitators and
// shown with a number in the room; the terminal room refuses reserved names.
import { describe, expect, it } from "vitest";
import { parseConsoleLine } from "../../../src/adapters/console/lines.ts";
import { disambiguate, nameSkeleton, reservedLookalike } from "../../../src/bot/names.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, shortFlow } from "./harness.ts";

const amal = { userId: "amal", displayName: "Amal" };

async function roomSince(h: Awaited<ReturnType<typeof harness>>, before: number): Promise<string> {
  await h.settle();
  return h.platform.deliveries
    .slice(before)
    .filter((d) => d.audience.to === "room")
    .map(textOf)
    .join("\n");
}

function lastTo(h: Awaited<ReturnType<typeof harness>>, userId: string): string {
  const last = h.platform.to(userId).at(-1);
  return last === undefined ? "" : textOf(last);
}

describe("rejoining after leave", () => {
  it("takes the same participant back (same id and group), once", async () => {
    const h = await harness();
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command("fac", "start");
    await h.platform.command(amal, "leave");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.participants).toEqual([]);
    const before = h.platform.to("amal").length;
    await h.platform.command(amal, "join", "north");
    await h.settle();
    const answer = h.platform.to("amal").slice(before).map(textOf).join("\n");
    expect(answer).not.toMatch(/already taking part/);
    expect(answer).toMatch(/Welcome back: you are taking part again as part of South/);
    expect(h.runtime.sessions.status(h.roomKey)?.participants).toEqual([
      { id: "p1", name: "Amal", locale: "en", group: "south" },
    ]);
    expect(await h.store.participants((await h.store.liveSession(h.roomKey))?.id ?? "")).toHaveLength(1);
    await h.platform.command(amal, "join");
    await h.settle();
    expect(lastTo(h, "amal")).toMatch(/already taking part/);
    await h.runtime.stop();
  });

  it("does not let someone a facilitator removed rejoin by themselves", async () => {
    const h = await harness();
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command("fac", "remove", "amal");
    await h.platform.command(amal, "join", "south");
    await h.settle();
    expect(lastTo(h, "amal")).toMatch(/A facilitator removed you from this workshop/);
    expect(h.runtime.sessions.status(h.roomKey)?.participants).toEqual([]);
    await h.runtime.stop();
  });
});

describe("look-alike names", () => {
  it("flags a name that reads like a facilitator's, another participant's or a reserved one, and numbers it in the room", async () => {
    const h = await harness();
    await h.platform.command({ userId: "fac", displayName: "Zara" }, "start", shortFlow);
    await h.settle();
    const before = h.platform.deliveries.length;
    // Cyrillic а in "zаra"; "BEN" after "Ben"; "Еveryone" with a Cyrillic Е.
    await h.platform.command({ userId: "u1", displayName: "zаra" }, "join", "north");
    await h.platform.command({ userId: "u2", displayName: "Ben" }, "join", "north");
    await h.platform.command({ userId: "u3", displayName: "BEN" }, "join", "south");
    await h.platform.command({ userId: "u4", displayName: "Еveryone" }, "join", "south");
    await h.platform.command({ userId: "u5", displayName: "Chen" }, "join", "south");
    const room = await roomSince(h, before);
    expect(room).toMatch(/zаra \(2\).* has joined/);
    expect(room).toMatch(/Ben.* has joined/);
    expect(room).toMatch(/BEN \(2\).* has joined/);
    expect(room).toMatch(/Еveryone \(2\).* has joined/);
    expect(room).not.toMatch(/Chen \(2\)/);
    const told = h.platform.deliveries
      .slice(before)
      .filter((d) => d.audience.to === "facilitators")
      .map(textOf);
    expect(told).toHaveLength(3);
    expect(told[0]).toMatch(
      /\(p1\) joined with a name that can be mistaken for a facilitator's name \(.*Zara.*\)/,
    );
    expect(told[1]).toMatch(
      /\(p3\) joined with a name that can be mistaken for another participant's name \(.*Ben.*\)/,
    );
    expect(told[2]).toMatch(/\(p4\) joined with a name that can be mistaken for a name Parley reserves/);
    // Only the facilitators hear of it; the participant is not told they were flagged.
    for (const d of h.platform.deliveries.slice(before))
      if (d.audience.to === "facilitators") expect(d.audience.userIds).toEqual(["fac"]);
    await h.runtime.stop();
  });

  it("takes the Unicode confusables skeleton, case and invisible characters aside", () => {
    expect(nameSkeleton("zаra")).toBe(nameSkeleton("zara"));
    expect(nameSkeleton("Zara")).toBe(nameSkeleton("zara"));
    expect(nameSkeleton("za\u200bra")).toBe(nameSkeleton("zara"));
    expect(nameSkeleton("zara")).not.toBe(nameSkeleton("sara"));
    expect(reservedLookalike("fаcilitator")).toBe("facilitator");
    expect(reservedLookalike("@here")).toBe("here");
    expect(reservedLookalike("PARLEY")).toBe("parley");
    expect(reservedLookalike("Amal")).toBeUndefined();
    expect(
      disambiguate("zara", [
        { name: "zara", kind: "participant" },
        { name: "zara (2)", kind: "participant" },
      ]),
    ).toEqual({ label: "zara (3)", confusedWith: { name: "zara", kind: "participant" } });
  });
});

describe("the terminal room", () => {
  it("refuses reserved names and their look-alikes for participants", () => {
    for (const line of [
      "/join facilitator",
      "/join fаcilitator group-a",
      "/join Parley",
      "/join here",
      "/as BOT timeout",
      "еveryone: hi",
    ]) {
      const r = parseConsoleLine(line);
      expect(r.ok ? "accepted" : r.error).toMatch(/is reserved/);
    }
    const speech = parseConsoleLine("facilitator: hello");
    expect(speech.ok && speech.value.sender.userId).toBe("facilitator");
    expect(parseConsoleLine("/join amal group-a").ok).toBe(true);
  });
});
