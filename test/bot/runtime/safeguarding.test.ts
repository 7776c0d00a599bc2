// Safeguarding in the runtime: flags and help requests reach only the facilitators and the lead;
// unacknowledged alerts escalate on the simulated clock (across a restart too); the room pauses
// when no facilitator is present; screening flags or holds what the bot shows on someone's behalf; the
// audit trail records each action without content. On every store kind.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import type { Delivery, Sender } from "../../../src/bot/ports.ts";

type Ask = Extract<Delivery, { kind: "ask" }>;

/** The facilitators' held-contribution questions, in order. */
function heldAsks(h: Harness): Ask[] {
  return h.platform.deliveries.filter(
    (d): d is Ask => d.kind === "ask" && d.audience.to === "facilitators" && d.promptId.startsWith("review:"),
  );
}
import { amal, amalAndBenStart, ben } from "../../support/fixtures.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, start, storeKinds, type Harness } from "./harness.ts";

const screeningFlow = fileURLToPath(new URL("./fixtures/screening.yaml", import.meta.url));
const openScreeningFlow = fileURLToPath(new URL("./fixtures/screening-open.yaml", import.meta.url));
const longFlow = fileURLToPath(new URL("./fixtures/long-talk.yaml", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "parley-safeguarding-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const minute = 60_000;

const config = (extra: Record<string, unknown> = {}) => ({
  rooms: { "test:room": { facilitators: ["fac"], groupRoles: { "role-n": "north" } } },
  safeguarding: {
    lead: { test: "lead" },
    helpText: { en: "Call the Youth Line on 0800 111.", ar: "اتصل بخط الشباب على الرقم 0800 111." },
    acknowledgeWithinMinutes: 10,
    ...extra,
  },
});

function last(list: readonly Delivery[]): Delivery {
  const d = list.at(-1);
  if (d === undefined) throw new Error("expected a delivery");
  return d;
}

/** Who got a delivery: "room", a user id, or "facilitators:<ids>". */
const audienceOf = (d: Delivery) =>
  d.audience.to === "room"
    ? "room"
    : d.audience.to === "user"
      ? d.audience.userId
      : `facilitators:${d.audience.userIds.join(",")}`;

/** Deliveries since `from` whose text contains `needle`, by audience. */
function whoSaw(h: Harness, needle: string, from = 0): string[] {
  return h.platform.deliveries
    .slice(from)
    .filter((d) => textOf(d).includes(needle))
    .map(audienceOf);
}

const running = (h: Harness) => amalAndBenStart(h, longFlow);

/** Submits an idea to the brainstorm's private input (the one Amal was asked for). */
async function submitIdea(h: Harness, who: Sender, idea: string): Promise<void> {
  const collect = h.platform.lastPromptFor("amal", "collect");
  if (collect === undefined) throw new Error("no idea prompt");
  await h.platform.submit(who, collect.promptId, idea);
}

describe.each(storeKinds(tmp))("safeguarding on $name", (kind) => {
  let count = 0;
  const name = () => `s${String(++count)}`;

  describe("flag", () => {
    it("reaches only the facilitators, with the message and where it was posted, without the flagger's name", async () => {
      const h = await harness({ store: kind.open(name()), config: config() });
      await running(h);
      const from = h.platform.deliveries.length;
      await h.platform.inject(ben, {
        kind: "command",
        name: "flag",
        args: ["this", "is", "hateful"],
        target: { text: "you people are all liars", link: "https://chat.example/m/42" },
      });
      await h.settle();
      const sent = h.platform.deliveries.slice(from);
      expect(whoSaw(h, "you people are all liars", from)).toEqual(["facilitators:fac"]);
      expect(whoSaw(h, "https://chat.example/m/42", from)).toEqual(["facilitators:fac"]);
      expect(whoSaw(h, "this is hateful", from)).toEqual(["facilitators:fac"]);
      // Nothing names or points at the flagger, anywhere, and the room hears nothing.
      expect(sent.filter((d) => /ben/i.test(textOf(d)))).toEqual([]);
      expect(sent.filter((d) => d.audience.to === "room")).toEqual([]);
      expect(sent.map(audienceOf).sort()).toEqual(["ben", "facilitators:fac"]);
      expect(textOf(last(h.platform.to("ben")))).toContain("without your name");
      const trail = await h.store.auditTrail({ roomKey: h.roomKey });
      expect(trail.map((e) => [e.action, e.actor, e.subject])).toContainEqual([
        "alert.raised",
        null,
        "alert 1 (flag)",
      ]);
      await h.runtime.stop();
    });

    it("names the flagger only when they add --name", async () => {
      const h = await harness({ store: kind.open(name()), config: config() });
      await running(h);
      const from = h.platform.deliveries.length;
      await h.platform.command(ben, "flag", "--name", "someone", "threatened", "me");
      await h.settle();
      expect(whoSaw(h, "Ben", from)).toEqual(["facilitators:fac"]);
      expect(whoSaw(h, "someone threatened me", from)).toEqual(["facilitators:fac"]);
      await h.runtime.stop();
    });

    it("asks what is flagged when there is neither a message nor a reason", async () => {
      const h = await harness({ store: kind.open(name()), config: config() });
      await running(h);
      const from = h.platform.deliveries.length;
      await h.platform.command(ben, "flag");
      await h.settle();
      expect(h.platform.deliveries.slice(from).map(audienceOf)).toEqual(["ben"]);
      expect(await h.store.auditTrail({ roomKey: h.roomKey })).toEqual([]);
      await h.runtime.stop();
    });
  });

  describe("help-me", () => {
    it("tells the facilitators and the lead at once and gives the participant the help text in their language", async () => {
      const h = await harness({ store: kind.open(name()), config: config() });
      await running(h);
      const from = h.platform.deliveries.length;
      await h.platform.command(amal, "help-me", "I", "do", "not", "feel", "safe");
      await h.settle();
      const sent = h.platform.deliveries.slice(from);
      expect(sent.map(audienceOf).sort()).toEqual(["amal", "facilitators:fac", "lead"]);
      expect(whoSaw(h, "Amal", from).sort()).toEqual(["facilitators:fac", "lead"]);
      expect(whoSaw(h, "I do not feel safe", from).sort()).toEqual(["facilitators:fac", "lead"]);
      expect(whoSaw(h, "اتصل بخط الشباب", from)).toEqual(["amal"]);
      expect(whoSaw(h, "Youth Line", from)).toEqual([]);
      await h.runtime.stop();
    });

    it("works outside a workshop too", async () => {
      const h = await harness({ store: kind.open(name()), config: config() });
      await h.platform.command(ben, "help-me");
      await h.settle();
      expect(h.platform.deliveries.map(audienceOf).sort()).toEqual(["ben", "facilitators:fac", "lead"]);
      expect(whoSaw(h, "Youth Line")).toEqual(["ben"]);
      await h.runtime.stop();
    });
  });

  describe("escalation", () => {
    it("sends an unacknowledged flag to the lead when its time is up, and not before", async () => {
      const h = await harness({ store: kind.open(name()), config: config() });
      await running(h);
      await h.platform.command(ben, "flag", "rude", "remark");
      await h.settle();
      await h.advance(10 * minute - 1);
      expect(h.platform.to("lead")).toEqual([]);
      await h.advance(1);
      const lead = h.platform.to("lead");
      expect(lead.map(textOf)).toEqual([expect.stringContaining("Alert 1")]);
      expect(textOf(last(lead))).not.toMatch(/ben|rude/i);
      expect(whoSaw(h, "safeguarding lead has been told")).toEqual(["facilitators:fac"]);
      const trail = await h.store.auditTrail({ roomKey: h.roomKey });
      expect(trail.map((e) => e.action)).toEqual(["alert.raised", "alert.escalated"]);
      await h.runtime.stop();
    });

    it("does not escalate an acknowledged alert, and records who acknowledged it and when", async () => {
      const h = await harness({ store: kind.open(name()), config: config() });
      await running(h);
      await h.platform.command(amal, "timeout", "I", "need", "a", "minute");
      await h.settle();
      await h.advance(3 * minute);
      await h.platform.command("fac", "ack", "1");
      await h.settle();
      await h.advance(20 * minute);
      expect(h.platform.to("lead")).toEqual([]);
      const trail = await h.store.auditTrail({ roomKey: h.roomKey });
      expect(trail.map((e) => [e.action, e.actor, e.subject, e.at])).toEqual([
        ["alert.raised", expect.any(String), "alert 1 (timeout)", start + 0],
        ["alert.acknowledged", "fac", "alert 1 (timeout)", start + 3 * minute],
      ]);
      // The lead may acknowledge too, and is answered privately.
      await h.platform.command(ben, "flag", "rude");
      await h.platform.command("lead", "ack", "2");
      await h.settle();
      expect(textOf(last(h.platform.to("lead")))).toContain("acknowledged alert 2");
      // A participant cannot acknowledge, and an unknown alert is refused privately.
      await h.platform.command(ben, "ack", "1");
      await h.platform.command("fac", "ack", "7");
      await h.settle();
      expect(textOf(last(h.platform.to("ben")))).toContain("Only facilitators");
      expect(textOf(last(h.platform.to("fac")))).toContain("no open alert 7");
      await h.runtime.stop();
    });

    it("escalates after a restart, at the original deadline", async () => {
      const id = name();
      const clock = new SimulatedClock(start);
      const h = await harness({ store: kind.open(id), config: config(), clock });
      await running(h);
      await h.platform.command(amal, "help-me");
      await h.settle();
      const toLeadBefore = h.platform.to("lead").length;
      await h.runtime.stop();
      // Down for five minutes; the alert was raised at `start`.
      await clock.advanceTo(start + 5 * minute);
      const again = await harness({ store: kind.open(id), config: config(), clock });
      await again.advance(5 * minute - 1);
      expect(again.platform.to("lead")).toEqual([]);
      await again.advance(1);
      expect(again.platform.to("lead").map(textOf)).toEqual([expect.stringContaining("Alert 1")]);
      expect(toLeadBefore).toBe(1);
      await again.runtime.stop();
    });
  });

  it("pauses the workshop and tells the lead when no facilitator is present", async () => {
    const h = await harness({ store: kind.open(name()), config: config() });
    await running(h);
    await h.platform.inject("fac", { kind: "leave" });
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.paused).toBe(false);
    await h.platform.command(amal, "help-me");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.paused).toBe(true);
    expect(h.platform.to("lead").map(textOf)).toContainEqual(expect.stringContaining("paused automatically"));
    const trail = await h.store.auditTrail({ roomKey: h.roomKey });
    expect(trail.map((e) => e.action)).toContain("room.autopaused");
    await h.runtime.stop();
  });

  describe("screening", () => {
    async function ideaShown(h: Harness, idea: string): Promise<number> {
      await amalAndBenStart(h, screeningFlow);
      // Screening happens at intake, when the idea is taken: its notice comes before the room sees it.
      const from = h.platform.deliveries.length;
      await submitIdea(h, amal, idea);
      await h.settle();
      await h.platform.command("fac", "next");
      await h.settle();
      return from;
    }
    const words = { en: ["terrorist*", "shut up"], ar: ["ارهابي*"], he: ["מחבל*"] };

    it("flags a listed word in what the bot shows, privately to the facilitators, without the author", async () => {
      const h = await harness({ store: kind.open(name()), config: config({ screening: { words } }) });
      const from = await ideaShown(h, "you are all t3rr0r1sts, shut up");
      expect(whoSaw(h, "you are all t3rr0r1sts", from).sort()).toEqual(["facilitators:fac", "room"]);
      const notice = last(
        h.platform.deliveries
          .slice(from)
          .filter((d) => d.audience.to === "facilitators" && textOf(d).includes("Screening")),
      );
      expect(textOf(notice)).toContain("terrorist*");
      expect(textOf(notice)).not.toMatch(/amal/i);
      const trail = await h.store.auditTrail({ roomKey: h.roomKey });
      expect(trail.map((e) => e.action)).toEqual(["alert.raised", "screening.flagged"]);
      expect(JSON.stringify(trail)).not.toMatch(/t3rr0r|amal/i);
      await h.runtime.stop();
    });

    it("passes an idea with no listed word", async () => {
      const h = await harness({ store: kind.open(name()), config: config({ screening: { words } }) });
      const from = await ideaShown(h, "a shared football pitch");
      expect(whoSaw(h, "a shared football pitch", from)).toEqual(["room"]);
      expect(await h.store.auditTrail({ roomKey: h.roomKey })).toEqual([]);
      await h.runtime.stop();
    });

    /** Ideas from Amal and Ben on a brainstorm without `review`; returns the facilitators' held asks. */
    async function ideasIn(h: Harness, amalIdea: string, benIdea: string): Promise<Ask[]> {
      await amalAndBenStart(h, screeningFlow);
      await submitIdea(h, amal, amalIdea);
      await submitIdea(h, ben, benIdea);
      await h.settle();
      return heldAsks(h);
    }
    const heldFor = (asks: readonly Ask[], text: string): string => {
      const ask = asks.find((a) => textOf(a).includes(text));
      if (ask === undefined) throw new Error(`${text} is not held`);
      return ask.promptId.slice("review:".length);
    };

    it("with onHit: hold, holds a hit for the facilitators on a stage without review: approve shows it, hide keeps it out of the summary", async () => {
      const h = await harness({
        store: kind.open(name()),
        config: config({ screening: { words, onHit: "hold" } }),
      });
      const asks = await ideasIn(h, "you are all t3rr0r1sts", "shut up, all of you");
      const first = heldFor(asks, "you are all t3rr0r1sts");
      const second = heldFor(asks, "shut up, all of you");
      // Told with the number, the matched term and how to decide; never who wrote it.
      const notices = h.platform.deliveries.filter(
        (d) => d.audience.to === "facilitators" && textOf(d).includes("Screening"),
      );
      expect(notices.map(textOf).join("\n")).toContain(
        `holding this contribution for review as #${first}; nobody in the room sees it until you approve it (approve ${first} / hide ${first})`,
      );
      expect(notices.map(textOf).join("\n")).toContain("terrorist*");
      expect(notices.map(textOf).join("\n")).not.toMatch(/amal|ben/i);
      expect(whoSaw(h, "t3rr0r1sts")).not.toContain("room");
      // One message per hold: the screening notice is the review question, with its controls.
      for (const text of ["you are all t3rr0r1sts", "shut up, all of you"]) {
        const about = h.platform.deliveries.filter(
          (d) => d.audience.to === "facilitators" && textOf(d).includes(text),
        );
        expect(about).toHaveLength(1);
        expect(about[0]?.kind === "ask" && about[0].options.map((o) => o.value)).toEqual(["approve", "hide"]);
        expect(textOf(about[0] as Delivery)).toMatch(/^Screening, alert \d+: the bot is holding/);
      }

      await h.platform.command("fac", "approve", first);
      await h.platform.command("fac", "hide", second);
      await h.settle();
      await h.platform.command("fac", "next");
      await h.settle();
      const room = h.platform.room().map(textOf).join("\n");
      expect(room).toContain("you are all t3rr0r1sts");
      expect(room).not.toContain("shut up, all of you");
      await h.platform.command("fac", "end");
      await h.settle();
      const record = (await h.store.findSession(h.roomKey))?.meta.record;
      expect(JSON.stringify(record)).toContain("you are all t3rr0r1sts");
      expect(JSON.stringify(record)).not.toContain("shut up, all of you");
      const summary = h.platform
        .room()
        .filter((d) => d.kind === "pin")
        .map(textOf)
        .join("\n");
      expect(summary).not.toContain("shut up, all of you");
      // Screened once: one alert per held idea, nothing more when the approved one is shown.
      const trail = await h.store.auditTrail({ roomKey: h.roomKey });
      expect(trail.filter((e) => e.action === "screening.held")).toHaveLength(2);
      expect(trail.filter((e) => e.action === "screening.flagged")).toEqual([]);
      await h.runtime.stop();
    });

    it("holds an idea posted in the room of an open workshop from the bot's own list of ideas", async () => {
      const h = await harness({
        store: kind.open(name()),
        config: config({ screening: { words, onHit: "hold" } }),
      });
      await amalAndBenStart(h, openScreeningFlow);
      await h.platform.say(ben, "you are all t3rr0r1sts");
      await h.platform.say(amal, "a shared garden");
      await h.settle();
      const ref = heldFor(heldAsks(h), "t3rr0r1sts");
      expect(heldAsks(h)).toHaveLength(1);
      await h.platform.command("fac", "next");
      await h.settle();
      const room = h.platform.room().map(textOf).join("\n");
      expect(room).toContain("a shared garden");
      expect(room).not.toContain("t3rr0r1sts");
      expect(h.platform.deliveries.map(textOf)).toContain(
        `#${ref} was not approved before its stage showed its items, so it was not shown.`,
      );
      await h.runtime.stop();
    });

    it("keeps a screened hold held across a restart", async () => {
      const clock = new SimulatedClock(start);
      const cfg = config({ screening: { words, onHit: "hold" } });
      const first = await harness({ store: kind.open("screen-restart"), clock, config: cfg });
      const asks = await ideasIn(first, "you are all t3rr0r1sts", "a shared garden");
      const ref = heldFor(asks, "t3rr0r1sts");
      expect(asks).toHaveLength(1);
      await first.runtime.stop();
      if (kind.name === "SqliteStore") await first.store.close();

      const second = await harness({ store: kind.open("screen-restart"), clock, config: cfg });
      await second.platform.inject("fac", { kind: "command", name: "next", args: [] }, "r1");
      await second.settle();
      // Still held after the restart: the stage showed its ideas without it (it lapsed).
      const room = second.platform.room().map(textOf).join("\n");
      expect(room).toContain("a shared garden");
      expect(room).not.toContain("t3rr0r1sts");
      expect(second.platform.deliveries.map(textOf)).toContain(
        `#${ref} was not approved before its stage showed its items, so it was not shown.`,
      );
      await second.runtime.stop();
    });
  });

  it("records remove and forget-me confirmations, and `audit` shows the trail to facilitators and the lead only", async () => {
    const h = await harness({ store: kind.open(name()), config: config() });
    await running(h);
    await h.platform.command(amal, "forget-me");
    await h.platform.command("fac", "confirm-forget", "amal");
    await h.platform.command("fac", "remove", "ben");
    await h.settle();
    const trail = await h.store.auditTrail({ roomKey: h.roomKey });
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ["forget.confirmed", "fac"],
      ["remove", "fac"],
    ]);
    expect(trail.every((e) => /^participant p\d+$/.test(e.subject ?? ""))).toBe(true);
    await h.platform.command("lead", "audit");
    await h.platform.command(ben, "audit");
    await h.settle();
    expect(textOf(last(h.platform.to("lead")))).toMatch(
      /2 entries[\s\S]*forget\.confirmed · fac[\s\S]*remove · fac/,
    );
    expect(textOf(last(h.platform.to("ben")))).toContain("Only facilitators");
    expect((await h.store.auditTrail({ roomKey: h.roomKey })).at(-1)).toMatchObject({
      action: "audit.read",
      actor: "lead",
    });
    await h.runtime.stop();
  });

  it("deletes the trail with its session at retention", async () => {
    const id = name();
    const clock = new SimulatedClock(start);
    const h = await harness({ store: kind.open(id), config: { ...config(), retentionDays: 1 }, clock });
    await running(h);
    await h.platform.command(ben, "flag", "rude");
    await h.platform.command("fac", "end");
    await h.settle();
    expect((await h.store.auditTrail({ roomKey: h.roomKey })).length).toBeGreaterThan(0);
    await h.advance(2 * 24 * 60 * minute);
    expect(await h.store.auditTrail({ roomKey: h.roomKey })).toEqual([]);
    await h.runtime.stop();
  });
});

describe("screening with the programme's classifier", () => {
  const seen: string[] = [];
  let answer: (text: string) => { status: number; body: string } = () => ({ status: 503, body: "" });
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        seen.push(body);
        const { status, body: out } = answer((JSON.parse(body) as { text: string }).text);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(out);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/check`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function showIdea(idea: string, whenDown: "flag" | "hold") {
    const h = await harness({
      config: config({ screening: { classifier: { url, timeoutMs: 5000, whenDown } } }),
    });
    await amalAndBenStart(h, screeningFlow);
    const from = h.platform.deliveries.length;
    await submitIdea(h, amal, idea);
    await h.settle();
    await h.platform.command("fac", "next");
    await h.settle();
    return { h, from };
  }

  it("sends the classifier only the text, and tells the facilitators what it flagged", async () => {
    seen.length = 0;
    answer = (text) => ({
      status: 200,
      body: JSON.stringify({ flagged: text.includes("bridge"), categories: ["harassment"] }),
    });
    const { h, from } = await showIdea("burn the bridge", "flag");
    expect(seen.map((b) => JSON.parse(b) as unknown)).toContainEqual({ text: "burn the bridge" });
    for (const body of seen) expect(Object.keys(JSON.parse(body) as object)).toEqual(["text"]);
    expect(seen.join("")).not.toMatch(/amal|Amal|p1|test:room|room/);
    const notice = last(
      h.platform.deliveries
        .slice(from)
        .filter((d) => d.audience.to === "facilitators" && textOf(d).includes("Screening")),
    );
    expect(textOf(notice)).toContain("harassment");
    expect(whoSaw(h, "burn the bridge", from).sort()).toEqual(["facilitators:fac", "room"]);
    await h.runtime.stop();
  });

  it("sends the classifier no room talk that no stage shows on someone's behalf", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ flagged: true, categories: ["harassment"] }) });
    const { h } = await showIdea("a shared garden", "flag");
    seen.length = 0;
    const from = h.platform.deliveries.length;
    await h.platform.say(ben, "burn the bridge, all of you");
    await h.settle();
    // Everyone read it from Ben already: nothing to screen, nothing sent out.
    expect(seen).toEqual([]);
    expect(whoSaw(h, "Screening", from)).toEqual([]);
    await h.runtime.stop();
  });

  it("applies the safe default when the classifier fails", async () => {
    answer = () => ({ status: 503, body: "{}" });
    const { h, from } = await showIdea("a shared garden", "flag");
    expect(whoSaw(h, "did not answer", from)).toEqual(["facilitators:fac"]);
    expect((await h.store.auditTrail({ roomKey: h.roomKey })).map((e) => e.action)).toEqual([
      "alert.raised",
      "screening.flagged",
    ]);
    await h.runtime.stop();
    answer = () => ({ status: 200, body: "not json" });
    // Down with whenDown: hold, the idea waits for a facilitator (unapproved, it is never shown).
    const held = await showIdea("a shared garden", "hold");
    expect(whoSaw(held.h, "holding this contribution for review", held.from)).toEqual(["facilitators:fac"]);
    expect(whoSaw(held.h, "a shared garden", held.from)).not.toContain("room");
    await held.h.runtime.stop();
  });
});
