import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { WorkshopRecord } from "../../../src/flows/protocol.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { MemoryStore, SqliteStore, type Commit, type Committed } from "../../../src/bot/store.ts";
import { ar } from "../../../src/bot/i18n/ar.ts";
import { amal, amalAndBenStart, ben } from "../../support/fixtures.ts";
import { RecordingPlatform, textOf } from "../../support/recording-platform.ts";
import { WatchedClock, harness, shortFlow, start, storeKinds } from "./harness.ts";

function first<T>(list: readonly T[]): T {
  const item = list[0];
  if (item === undefined) throw new Error("expected at least one item");
  return item;
}

const tmp = mkdtempSync(join(tmpdir(), "parley-runtime-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const chen = { userId: "chen", displayName: "Chen" };

/** The facilitator says `next` until the workshop is at the stage. */
async function nextUntil(h: Awaited<ReturnType<typeof harness>>, stageId: string): Promise<void> {
  while (h.runtime.sessions.status(h.roomKey)?.stageId !== stageId) {
    await h.platform.command("fac", "next");
    await h.settle();
  }
}

const runShortWorkshop = (h: Awaited<ReturnType<typeof harness>>) => amalAndBenStart(h, shortFlow);

describe.each(storeKinds(tmp))("on $name", (kind) => {
  let count = 0;
  /** A store id of its own for each test (the same id again is a restart on the same data). */
  const name = () => `t${String(++count)}`;
  const fresh = () => kind.open(name());

  /** A workshop run into its first timed stage, then stopped: the store id, clock and deadline. */
  async function stoppedInTalk(): Promise<{ id: string; clock: SimulatedClock; deadline: number }> {
    const id = name();
    const clock = new SimulatedClock(start);
    const h = await harness({ store: kind.open(id), clock });
    await runShortWorkshop(h);
    await nextUntil(h, "talk");
    const deadline = h.runtime.sessions.status(h.roomKey)?.deadline ?? 0;
    await h.runtime.stop();
    return { id, clock, deadline };
  }

  describe("commands and permissions", () => {
    it("refuses facilitator commands from participants, privately, changing nothing", async () => {
      const h = await harness({ store: fresh() });
      await h.platform.command("fac", "start", shortFlow);
      await h.settle();
      const session = await h.store.liveSession(h.roomKey);
      expect(session?.flowId).toBe("short-test");
      const before = h.platform.deliveries.length;
      await h.platform.command(chen, "next");
      await h.platform.command(chen, "end");
      await h.settle();
      const after = h.platform.deliveries.slice(before);
      expect(after.length).toBe(2);
      for (const d of after) expect(d.audience).toEqual({ to: "user", userId: "chen" });
      const unchanged = await h.store.liveSession(h.roomKey);
      expect(unchanged?.snapshot).toEqual(session?.snapshot);
      expect(unchanged?.status).toBe("live");
      await h.runtime.stop();
    });

    it("answers unknown commands and bad arguments privately", async () => {
      const h = await harness({ store: fresh() });
      await h.platform.command("fac", "start", shortFlow);
      await h.platform.command(chen, "dance");
      await h.platform.command("fac", "extend", "forever");
      await h.settle();
      const toChen = h.platform.to("chen");
      const toFac = h.platform.to("fac");
      expect(toChen.length).toBe(1);
      expect(textOf(first(toChen))).toMatch(/dance/);
      expect(toFac.length).toBeGreaterThanOrEqual(1);
      await h.runtime.stop();
    });

    it("refuses to start a flow that does not load, listing the errors", async () => {
      const h = await harness({ store: fresh() });
      await h.platform.command("fac", "start", "no-such-flow");
      await h.settle();
      expect(await h.store.liveSession(h.roomKey)).toBeUndefined();
      const answer = h.platform.to("fac");
      expect(answer.length).toBe(1);
      expect(textOf(first(answer))).toMatch(/no-such-flow/);
      await h.runtime.stop();
    });
  });

  describe("joining", () => {
    it("maps identities to participants with groups from roles or arguments, refusing unknown groups", async () => {
      const h = await harness({ store: fresh() });
      await h.platform.command("fac", "start", shortFlow);
      await h.platform.command(amal, "join", "east");
      await h.platform.command(amal, "join", "south");
      await h.platform.command(ben, "join");
      await h.platform.command(chen, "join");
      await h.settle();
      const session = await h.store.liveSession(h.roomKey);
      const participants = await h.store.participants(session?.id ?? "");
      expect(participants.map((p) => [p.userId, p.participantId, p.group, p.locale])).toEqual([
        ["amal", "p1", "south", "ar"],
        ["ben", "p2", "north", "en"],
      ]);
      // The refusal of "east" lists the flow's groups; chen (no role, no argument) is asked for one.
      expect(textOf(first(h.platform.to("amal")))).toMatch(/north/);
      expect(h.platform.to("chen").length).toBe(1);
      expect(h.runtime.sessions.status(h.roomKey)?.participants.map((p) => p.id)).toEqual(["p1", "p2"]);
      await h.runtime.stop();
    });
  });

  describe("a whole workshop", () => {
    it("runs from the lobby through timed stages to the summary, with every delivery keyed once", async () => {
      const h = await harness({ store: fresh() });
      await runShortWorkshop(h);
      // Walk to the first timed stage.
      for (let i = 0; i < 3 && h.runtime.sessions.status(h.roomKey)?.stageKind !== "discussion"; i++) {
        await h.platform.command("fac", "next");
        await h.settle();
      }
      expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("talk");
      await h.platform.say(amal, "It rains a lot here.");
      await h.platform.say(ben, "Here it is dry.");
      await h.settle();
      // The stage's timer moves the workshop on without anyone typing.
      await h.advance(61_000);
      expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("more");
      await h.platform.command("fac", "end");
      await h.settle();
      const ended = await h.store.findSession(h.roomKey);
      expect(ended?.status).toBe("done");
      const record = ended?.meta.record as WorkshopRecord;
      expect(record.stagesRun).toContain("talk");
      expect(h.platform.deliveries.some((d) => d.kind === "pin")).toBe(true);
      const keys = h.platform.deliveries.map((d) => d.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const k of keys) expect(k).toMatch(/^(s[0-9a-f]{10}:\d+|test:room:test:e\d+):\d+$/);
      await h.runtime.stop();
    });
  });

  describe("timers", () => {
    it("pausing clears the deadline and resuming re-arms it", async () => {
      const h = await harness({ store: fresh() });
      await runShortWorkshop(h);
      await nextUntil(h, "talk");
      const deadline = h.runtime.sessions.status(h.roomKey)?.deadline;
      expect(deadline).toBe(h.clock.now() + 60_000);
      await h.platform.command("fac", "pause");
      await h.settle();
      expect(h.runtime.sessions.status(h.roomKey)?.paused).toBe(true);
      await h.advance(10 * 60_000);
      expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("talk");
      await h.platform.command("fac", "resume");
      await h.settle();
      expect(h.runtime.sessions.status(h.roomKey)?.paused).toBe(false);
      await h.advance(61_000);
      expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("more");
      await h.runtime.stop();
    });

    it("a step that changes nothing (a bystander's message, `status`) leaves the running timer armed", async () => {
      // Issue 10, finding 9: such a step disarmed the session's timer, so a turn never timed out.
      const h = await harness({ store: fresh() });
      await runShortWorkshop(h);
      await nextUntil(h, "talk");
      await h.platform.say(chen, "I am only watching.");
      await h.platform.command("fac", "status");
      await h.settle();
      await h.advance(61_000);
      expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("more");
      await h.runtime.stop();
    });

    it("a restarted runtime restores the session and fires its timer at the original deadline", async () => {
      const { id, clock, deadline } = await stoppedInTalk();
      // Down for 30 s; the deadline is still 30 s away when it comes back.
      await clock.advanceBy(30_000);
      const second = await harness({ store: kind.open(id), clock });
      expect(second.runtime.sessions.status(second.roomKey)?.stageId).toBe("talk");
      expect(second.runtime.sessions.status(second.roomKey)?.deadline).toBe(deadline);
      await second.advance(deadline - clock.now() - 1);
      expect(second.runtime.sessions.status(second.roomKey)?.stageId).toBe("talk");
      await second.advance(1);
      expect(second.runtime.sessions.status(second.roomKey)?.stageId).toBe("more");
      await second.runtime.stop();
    });

    it("a graceful stop writes every live session whole: the restart replays no delta and restores the same state", async () => {
      const id = name();
      const clock = new SimulatedClock(start);
      const h = await harness({ store: kind.open(id), clock });
      await runShortWorkshop(h);
      await nextUntil(h, "talk");
      // Steps after the start are stored as deltas until a stop compacts them.
      expect((await h.store.liveSession(h.roomKey, { pending: true }))?.pending?.length ?? 0).toBeGreaterThan(
        0,
      );
      const before = h.runtime.sessions.status(h.roomKey);
      await h.runtime.stop();
      const reopened = kind.open(id);
      const stored = await reopened.liveSession(h.roomKey, { pending: true });
      expect(stored?.status).toBe("live");
      expect(stored?.pending ?? []).toEqual([]);
      await reopened.close();
      const second = await harness({ store: kind.open(id), clock });
      expect(second.runtime.sessions.status(second.roomKey)).toEqual(before);
      await second.runtime.stop();
    });

    it("a restart takes events at once: a session is restored on demand while the rest are restored in the background", async () => {
      const { id, clock, deadline } = await stoppedInTalk();
      const second = await harness({ store: kind.open(id), clock, waitForRestore: false });
      // Straight away, before anyone waited for the restore to finish.
      // (A new platform double numbers its events from e1 again: these need ids of their own.)
      await second.platform.inject(
        amal,
        { kind: "message", text: "Said the moment the bot came back." },
        "r1",
      );
      await second.settle();
      expect(second.runtime.sessions.status(second.roomKey)?.deadline).toBe(deadline);
      await second.advance(deadline - clock.now());
      expect(second.runtime.sessions.status(second.roomKey)?.stageId).toBe("more");
      await second.platform.inject("fac", { kind: "command", name: "end", args: [] }, "r2");
      await second.settle();
      const record = (await second.store.findSession(second.roomKey))?.meta.record as WorkshopRecord;
      expect(record.contributions.map((c) => c.text)).toEqual(["Said the moment the bot came back."]);
      expect(second.logger.records.filter((r) => r.level === "error")).toEqual([]);
      await second.runtime.stop();
    });

    it("a deadline that passed while the bot was down fires at once on start", async () => {
      const { id, clock, deadline } = await stoppedInTalk();
      // Down for 90 s: the 60 s stage timer passed meanwhile (the next stage's 120 s has not).
      await clock.advanceBy(90_000);
      const second = await harness({ store: kind.open(id), clock });
      await second.advance(0);
      expect(second.runtime.sessions.status(second.roomKey)?.stageId).toBe("more");
      await second.runtime.stop();
      // The fired timer's inbox entry carries the deadline itself as its time, not the restart's.
      const timers = kind.inbox(id).filter((p) => p.source === "timer");
      expect(timers.map((p) => p.at)).toEqual([deadline]);
    });
  });

  describe("durability", () => {
    it("deduplicates a repeated platform event: a message delivered twice counts once", async () => {
      // A message, unlike a join, changes the record each time it is applied.
      const id = name();
      const h = await harness({ store: kind.open(id) });
      await runShortWorkshop(h);
      await nextUntil(h, "talk");
      const text = "Said once, delivered twice.";
      await h.platform.inject(amal, { kind: "message", text }, "same-id");
      await h.settle();
      // Again after it was processed, as a platform re-sends after a reconnect.
      await h.platform.inject(amal, { kind: "message", text }, "same-id");
      await h.settle();
      // Recognised, not tried again (a second try would fail to commit and be logged).
      expect(h.logger.records.filter((r) => r.level === "error")).toEqual([]);
      await h.platform.command("fac", "end");
      await h.settle();
      const record = (await h.store.findSession(h.roomKey))?.meta.record as WorkshopRecord;
      expect(record.contributions.filter((c) => c.text === text)).toHaveLength(1);
      await h.runtime.stop();
      const stored = kind.inbox(id).filter((p) => p.source === "platform" && p.event.eventId === "same-id");
      expect(stored).toHaveLength(1);
    });

    it("events of one room accepted together are stored in the order they were processed (a restore replays them so)", async () => {
      const id = name();
      const clock = new SimulatedClock(start);
      const h = await harness({ store: kind.open(id), clock });
      await runShortWorkshop(h);
      await nextUntil(h, "talk");
      // Together: the first is processed as it arrives (its entry appended by its commit), the
      // second waits for it.
      await Promise.all([
        h.platform.inject(amal, { kind: "message", text: "First." }, "o1"),
        h.platform.inject(ben, { kind: "message", text: "Second." }, "o2"),
      ]);
      await h.settle();
      // What the store holds (the last whole snapshot and the deltas after it, in inbox order)
      // is the live state, which a graceful stop writes whole: a delta stored out of order would
      // replay the two the other way round.
      const folded = (await h.store.findSession(h.roomKey))?.snapshot;
      await h.runtime.stop();
      const reopened = kind.open(id);
      const whole = await reopened.liveSession(h.roomKey, { pending: true });
      await reopened.close();
      expect(whole?.pending ?? []).toEqual([]);
      expect(folded).toEqual(whole?.snapshot);
    });

    it("replays unprocessed inbox entries and undelivered outbox entries on start", async () => {
      const store = fresh();
      const clock = new SimulatedClock(start);
      // An event accepted but never processed (the process died right after the inbox write).
      await store.appendInbox("test:room", "test:early", {
        source: "platform",
        acceptedAt: start,
        event: {
          platform: "test",
          eventId: "early",
          roomId: "room",
          at: start,
          sender: { userId: "fac", displayName: "fac" },
          kind: "command",
          name: "start",
          args: [shortFlow],
        },
      });
      const h = await harness({ store, clock });
      await h.settle();
      expect((await store.liveSession("test:room"))?.flowId).toBe("short-test");
      expect(h.platform.deliveries.length).toBeGreaterThan(0);
      expect(await store.pendingOutbox()).toEqual([]);
      await h.runtime.stop();
    });

    it("sends what a restart left undelivered only once the platform has started (a terminal room relearns what it showed first)", async () => {
      const store = fresh();
      const { id } = await store.appendInbox("test:room", "test:before", {
        source: "timer",
        sessionId: "x",
        at: start,
      });
      const leftOver = { to: "room" } as const;
      await store.commit({
        inboxId: id,
        deliveries: [
          {
            roomKey: "test:room",
            sessionId: null,
            platform: "test",
            delivery: {
              idempotencyKey: "left-over",
              roomId: "room",
              audience: leftOver,
              kind: "say",
              body: [],
            },
          },
        ],
      });
      const sentWhileStarted: boolean[] = [];
      // Starting takes a while (reading history, logging in) and the store is read meanwhile.
      class SlowToStart extends RecordingPlatform {
        override async start(sink: Parameters<RecordingPlatform["start"]>[0]): Promise<void> {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await super.start(sink);
        }
        override deliver(
          d: Parameters<RecordingPlatform["deliver"]>[0],
        ): ReturnType<RecordingPlatform["deliver"]> {
          sentWhileStarted.push(this.started);
          return super.deliver(d);
        }
      }
      const h = await harness({ store, platform: new SlowToStart() });
      await h.settle();
      expect(sentWhileStarted).toEqual([true]);
      await h.runtime.stop();
    });

    it("keeps delivering after a rate limit, honouring retryAfterMs", async () => {
      const clock = new WatchedClock(start);
      const platform = new RecordingPlatform({ name: "test", roomId: "room", now: () => clock.now() });
      platform.failNext({ code: "rate_limited", message: "slow down", retryAfterMs: 2000 });
      const h = await harness({ store: fresh(), clock, platform });
      await h.platform.command("fac", "start", shortFlow);
      // The dispatcher waits out the rate limit on the clock: nothing is sent meanwhile. (Settling
      // first would mean it did not wait.)
      await Promise.race([clock.armedAt(start + 2000), h.settle()]);
      expect(h.platform.attempts.length).toBe(1);
      expect(h.platform.deliveries.length).toBe(0);
      await clock.advanceBy(1999);
      expect(h.platform.attempts.length).toBe(1);
      await clock.advanceBy(1);
      await h.settle();
      expect(h.platform.deliveries.length).toBeGreaterThan(0);
      expect(h.platform.attempts[0]?.idempotencyKey).toBe(h.platform.deliveries[0]?.idempotencyKey);
      await h.runtime.stop();
    });
  });

  describe("forget-me", () => {
    it("asks the facilitators, then removes the participant's contributions from the store and the summary", async () => {
      const id = name();
      const h = await harness({ store: kind.open(id) });
      await runShortWorkshop(h);
      await nextUntil(h, "talk");
      // The stage's timer fires first: the room's inbox holds an entry of no one before hers.
      await h.advance(61_000);
      await h.platform.say(amal, "A very personal story about my family.");
      await h.platform.say(ben, "Something from Ben.");
      // Every kind of event she sent is blanked in the inbox, whatever the stage made of it.
      await h.platform.inject(
        amal,
        { kind: "private", promptId: "x", text: "A private secret." },
        "amal-private",
      );
      await h.platform.inject(amal, { kind: "choice", promptId: "x", value: "yes" }, "amal-choice");
      await h.platform.inject(amal, { kind: "join" }, "amal-join");
      await h.platform.command(amal, "forget-me");
      await h.settle();
      const request = h.platform.deliveries.filter((d) => d.audience.to === "facilitators");
      expect(request.length).toBeGreaterThanOrEqual(1);
      expect(request.at(-1)?.audience).toEqual({ to: "facilitators", userIds: ["fac"] });
      // A participant cannot confirm it.
      await h.platform.command(ben, "confirm-forget", "p1");
      await h.platform.command("fac", "confirm-forget", "p1");
      await h.platform.command("fac", "end");
      await h.settle();
      const session = await h.store.findSession(h.roomKey);
      const record = session?.meta.record as WorkshopRecord;
      const texts = JSON.stringify(record);
      expect(texts).not.toContain("personal story");
      expect(texts).toContain("Something from Ben");
      const participants = await h.store.participants(session?.id ?? "");
      expect(participants.map((p) => p.userId)).toEqual(["ben"]);
      await h.runtime.stop();
      const inbox = kind.inbox(id);
      expect(JSON.stringify(inbox)).not.toContain("personal story");
      expect(JSON.stringify(inbox)).toContain("Something from Ben");
      // Her own entries keep nothing but their event ids (so they still deduplicate): no kind, no
      // text, no name, no account id.
      const hers = inbox.flatMap((p) =>
        p.source === "platform" && p.event.sender.userId === "amal" ? [p] : [],
      );
      expect(hers).toEqual([]);
      expect(JSON.stringify(inbox)).not.toMatch(/Amal|A private secret|"amal"/);
      // Her `join south` keeps no argument either.
      expect(JSON.stringify(inbox)).not.toContain('"south"');
    });

    it("confirm-forget finds the participant by id or by name in any case, and refuses someone who did not ask", async () => {
      const h = await harness({ store: fresh() });
      await h.platform.command("fac", "start", shortFlow);
      await h.platform.command(amal, "join", "south");
      await h.platform.command(ben, "join");
      await h.platform.command(chen, "join", "north");
      await h.platform.command(amal, "forget-me");
      await h.platform.command(chen, "forget-me");
      await h.settle();
      const before = h.platform.to("fac").length;
      await h.platform.command("fac", "confirm-forget", "ben");
      await h.platform.command("fac", "confirm-forget", "nobody");
      await h.settle();
      const refusals = h.platform.to("fac").slice(before).map(textOf).join("\n");
      expect(refusals).toMatch(/ben has not asked/);
      expect(refusals).toMatch(/nobody has not asked/);
      await h.platform.command("fac", "confirm-forget", "AMAL");
      await h.platform.command("fac", "confirm-forget", "p3");
      await h.settle();
      // Each is told, privately; so is the facilitator.
      expect(h.platform.to("amal").map(textOf).join("\n")).toContain(ar["forget.done"].slice(0, 30));
      expect(h.platform.to("chen").map(textOf).join("\n")).toMatch(
        /Parley has deleted what it held about you/,
      );
      const done = h.platform.to("fac").slice(before).map(textOf).join("\n");
      expect(done).toMatch(/contributions of p1 have been deleted/);
      expect(done).toMatch(/contributions of p3 have been deleted/);
      const session = await h.store.liveSession(h.roomKey);
      expect((await h.store.participants(session?.id ?? "")).map((p) => p.userId)).toEqual(["ben"]);
      await h.runtime.stop();
    });

    it("confirm-forget finds a name unlike the user id, a Matrix user id with or without @ in any case, and an @ inside a name or user id", async () => {
      const h = await harness({ store: fresh() });
      const dana = { userId: "u-7", displayName: "Dana" };
      const eli = { userId: "@Eli:localhost", displayName: "Eli K" };
      const fay = { userId: "@fay:localhost", displayName: "Fay" };
      // An @ inside a name or a user id is part of it.
      const kim = { userId: "u-8", displayName: "kim@home" };
      const lee = { userId: "lee@desk", displayName: "Lee" };
      const people = [dana, eli, fay, kim, lee];
      await h.platform.command("fac", "start", shortFlow);
      for (const p of people) await h.platform.command(p, "join", "south");
      await h.platform.command(ben, "join");
      for (const p of people) await h.platform.command(p, "forget-me");
      await h.settle();
      const session = await h.store.liveSession(h.roomKey);
      const userIds = async () => (await h.store.participants(session?.id ?? "")).map((p) => p.userId);
      expect(await userIds()).toEqual(["u-7", "@Eli:localhost", "@fay:localhost", "u-8", "lee@desk", "ben"]);
      // By name only (the user id differs), by user id in another case, by user id without its @.
      await h.platform.command("fac", "confirm-forget", "DANA");
      await h.platform.command("fac", "confirm-forget", "@eli:LOCALHOST");
      await h.platform.command("fac", "confirm-forget", "fay:localhost");
      await h.platform.command("fac", "confirm-forget", "kim@home");
      await h.platform.command("fac", "confirm-forget", "lee@desk");
      await h.settle();
      expect(await userIds()).toEqual(["ben"]);
      // The audit trail says who confirmed each forget, naming the participant by id only.
      const confirmed = (await h.store.auditTrail({ roomKey: h.roomKey })).filter(
        (e) => e.action === "forget.confirmed",
      );
      expect(confirmed.map((e) => [e.actor, e.subject])).toEqual(
        ["p1", "p2", "p3", "p4", "p5"].map((id) => ["fac", `participant ${id}`]),
      );
      await h.runtime.stop();
    });
  });

  describe("naming a participant in a facilitator command", () => {
    it("finds them by a user id that starts with @ (Matrix), by name, and says so when nobody matches", async () => {
      const h = await harness({ store: fresh() });
      await h.platform.command("fac", "start", shortFlow);
      await h.platform.command({ userId: "@ben:localhost", displayName: "Ben" }, "join", "south");
      await h.settle();
      const before = h.platform.deliveries.length;
      await h.platform.command("fac", "remove", "@ben:localhost");
      await h.platform.command("fac", "remove", "@nobody:localhost");
      await h.settle();
      const toFac = h.platform.deliveries
        .slice(before)
        .filter((d) => d.audience.to === "user")
        .map(textOf);
      expect(
        toFac.filter((t) => t.includes("Nobody called")),
        toFac.join("\n"),
      ).toHaveLength(1);
      expect(toFac.join("\n")).toContain("@nobody:localhost");
      expect(h.runtime.sessions.status(h.roomKey)?.participants).toEqual([]);
      await h.runtime.stop();
    });
  });

  describe("time-out", () => {
    it("a participant's request reaches the facilitators only, and they are answered once", async () => {
      const h = await harness({ store: fresh() });
      await runShortWorkshop(h);
      const before = h.platform.deliveries.length;
      await h.platform.command(amal, "timeout", "I need a minute");
      await h.settle();
      const out = h.platform.deliveries.slice(before);
      expect(out.filter((d) => d.audience.to === "facilitators")).toHaveLength(1);
      expect(JSON.stringify(out.filter((d) => d.audience.to === "facilitators"))).toContain(
        "I need a minute",
      );
      expect(out.filter((d) => d.audience.to === "user")).toHaveLength(1);
      expect(out.filter((d) => d.audience.to === "room")).toHaveLength(0);
      await h.runtime.stop();
    });
  });

  describe("retention", () => {
    it("deletes finished sessions after retentionDays, on start", async () => {
      const id = name();
      const clock = new SimulatedClock(start);
      const config = { retentionDays: 2, rooms: { "test:room": { facilitators: ["fac"] } } };
      const first = await harness({ store: kind.open(id), clock, config });
      await runShortWorkshop(first);
      await first.platform.command("fac", "end");
      await first.settle();
      const ended = await first.store.findSession("test:room");
      expect(ended?.status).toBe("done");
      await first.runtime.stop();
      await clock.advanceBy(1 * 86_400_000);
      const second = await harness({ store: kind.open(id), clock, config });
      expect(await second.store.findSession(ended?.id ?? "")).toBeDefined();
      await second.runtime.stop();
      await clock.advanceBy(2 * 86_400_000);
      const third = await harness({ store: kind.open(id), clock, config });
      expect(await third.store.findSession(ended?.id ?? "")).toBeUndefined();
      await third.runtime.stop();
    });
  });
});

describe("a store that cannot append an event with its step (MemoryStore)", () => {
  it("is never asked to: each event is appended, then processed", async () => {
    class Appending extends MemoryStore {
      withStep = 0;
      override commit(step: Commit): Promise<Committed> {
        if (step.append !== undefined) this.withStep++;
        return super.commit(step);
      }
    }
    const store = new Appending();
    const h = await harness({ store });
    await runShortWorkshop(h);
    await nextUntil(h, "talk");
    await h.platform.say(amal, "Appended first.");
    await h.settle();
    expect(store.withStep).toBe(0);
    expect(await store.unprocessedInbox()).toEqual([]);
    await h.runtime.stop();
  });
});

describe("an event processed as it arrives (SqliteStore)", () => {
  /** How each platform event reached the inbox: by its step's commit, or appended before it. */
  class Watching extends SqliteStore {
    readonly how: string[] = [];
    override commit(step: Commit): Promise<Committed> {
      if (step.append !== undefined) this.how.push(`${step.append.eventId} by its step`);
      return super.commit(step);
    }
    override appendInbox(...args: Parameters<SqliteStore["appendInbox"]>) {
      if (args[2].source === "platform") this.how.push(`${args[1]} appended`);
      return super.appendInbox(...args);
    }
  }

  /** Refuses the next commit that appends its step's entry, as a full disk would. */
  class RefusingOnce extends SqliteStore {
    refuse = false;
    refused = 0;
    override commit(step: Commit): Promise<Committed> {
      if (step.append !== undefined && this.refuse) {
        this.refuse = false;
        this.refused++;
        return Promise.reject(new Error("disk full"));
      }
      return super.commit(step);
    }
  }

  it("after events that had to wait, the room's next event is again appended by its own step's commit", async () => {
    const store = new Watching(join(tmp, "watching.sqlite"));
    const h = await harness({ store });
    await runShortWorkshop(h);
    await nextUntil(h, "talk");
    store.how.length = 0;
    // Together: the first is processed as it arrives, the other two are appended meanwhile.
    await Promise.all([
      h.platform.inject(amal, { kind: "message", text: "First." }, "w1"),
      h.platform.inject(ben, { kind: "message", text: "Second." }, "w2"),
      h.platform.inject(amal, { kind: "message", text: "Third." }, "w3"),
    ]);
    await h.settle();
    // The room is idle again: one transaction for the next event, as for the first.
    await h.platform.inject(ben, { kind: "message", text: "Fourth." }, "w4");
    await h.settle();
    expect(store.how).toEqual([
      "test:w1 by its step",
      "test:w2 appended",
      "test:w3 appended",
      "test:w4 by its step",
    ]);
    await h.runtime.stop();
  });

  it("a repeated event is recognised before any step: nothing is committed for it", async () => {
    const store = new Watching(join(tmp, "repeated.sqlite"));
    const h = await harness({ store });
    await runShortWorkshop(h);
    await nextUntil(h, "talk");
    store.how.length = 0;
    await h.platform.inject(amal, { kind: "message", text: "Once." }, "twice");
    await h.settle();
    await h.platform.inject(amal, { kind: "message", text: "Once." }, "twice");
    await h.settle();
    expect(store.how).toEqual(["test:twice by its step"]);
    await h.runtime.stop();
  });

  it("idle waits for it when the platform does not wait for its accept", async () => {
    const store = new Watching(join(tmp, "unawaited.sqlite"));
    const h = await harness({ store });
    await runShortWorkshop(h);
    await nextUntil(h, "talk");
    store.how.length = 0;
    void h.platform.inject(amal, { kind: "message", text: "Sent and forgotten." }, "unawaited");
    await h.settle();
    expect(store.how).toEqual(["test:unawaited by its step"]);
    expect(await store.unprocessedInbox()).toEqual([]);
    await h.runtime.stop();
  });

  it("an event arriving while a fired timer is being appended is processed after the timer", async () => {
    /** Tells when a fired timer's inbox append has begun (its write is not done yet). */
    class TimerWatching extends SqliteStore {
      timerAppending: (() => void) | null = null;
      override appendInbox(...args: Parameters<SqliteStore["appendInbox"]>) {
        const appended = super.appendInbox(...args);
        if (args[2].source === "timer") this.timerAppending?.();
        return appended;
      }
    }
    const file = join(tmp, "timer-order.sqlite");
    const store = new TimerWatching(file);
    const h = await harness({ store });
    await runShortWorkshop(h);
    await nextUntil(h, "talk");
    const deadline = h.runtime.sessions.status(h.roomKey)?.deadline ?? 0;
    const appending = new Promise<void>((resolve) => (store.timerAppending = resolve));
    const fired = h.clock.advanceTo(deadline);
    await appending;
    await h.platform.inject(amal, { kind: "message", text: "Just after the bell." }, "late");
    await fired;
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("more");
    // Processed in inbox order (timer, then message): what the store folds is the live state.
    const folded = (await h.store.findSession(h.roomKey))?.snapshot;
    await h.runtime.stop();
    const reopened = new SqliteStore(file);
    const whole = await reopened.liveSession(h.roomKey, { pending: true });
    await reopened.close();
    expect(folded).toEqual(whole?.snapshot);
  });

  it("is appended and processed as usual when its step cannot be committed, answered once", async () => {
    const store = new RefusingOnce(join(tmp, "refusing.sqlite"));
    const h = await harness({ store });
    await runShortWorkshop(h);
    const before = h.platform.deliveries.length;
    store.refuse = true;
    await h.platform.command(amal, "status");
    await h.settle();
    expect(store.refused).toBe(1);
    const answers = h.platform.deliveries.slice(before);
    expect(answers.map((d) => [d.audience, d.kind])).toEqual([[{ to: "user", userId: amal.userId }, "say"]]);
    expect(await store.unprocessedInbox()).toEqual([]);
    await h.runtime.stop();
  });
});
