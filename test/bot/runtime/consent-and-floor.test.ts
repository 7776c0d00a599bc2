// Issue 12 on the runtime's side, on Memory and SQLite: the consent and floor commands as people
// type them (next, next --force, skip, hand, queue, reply), who reads each answer, and the short
// answers to a closed question or a private message nothing asked for.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../../src/bot/ports.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, storeKinds, type Harness } from "./harness.ts";

const flow = fileURLToPath(new URL("./fixtures/consent-turns.yaml", import.meta.url));
const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };
const carmen = { userId: "carmen", displayName: "Carmen" };

const tmp = mkdtempSync(join(tmpdir(), "parley-consent-floor-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const texts = (ds: readonly Delivery[]) => ds.map(textOf);
const toFacilitators = (h: Harness) =>
  texts(h.platform.deliveries.filter((d) => d.audience.to === "facilitators"));
const since = (h: Harness, n: number) => h.platform.deliveries.slice(n);

async function opened(h: Harness): Promise<void> {
  await h.platform.command("fac", "start", flow);
  await h.platform.command(amal, "join", "south");
  await h.platform.command(ben, "join");
  await h.platform.command("fac", "start");
  await h.settle();
}

function consentId(h: Harness, userId: string): string {
  const p = h.platform.lastPromptFor(userId, "ask");
  if (p === undefined || !p.promptId.startsWith("consent:")) throw new Error("no consent question");
  return p.promptId;
}

describe.each(storeKinds(tmp))("consent and floor commands, on $name", (kind) => {
  it("a refusal's reassurance reaches only the participant; the facilitators get their own notice", async () => {
    const h = await harness({ store: kind.open("refusal") });
    await opened(h);
    await h.platform.choose(ben, consentId(h, "ben"), "no");
    await h.settle();
    expect(texts(h.platform.to("ben")).join("\n")).toMatch(/Thank you\. A facilitator will talk with you/);
    expect(toFacilitators(h).join("\n")).not.toMatch(/A facilitator will talk with you/);
    expect(toFacilitators(h).join("\n")).toMatch(/Ben did not agree/);
    expect(texts(h.platform.room()).join("\n")).not.toMatch(/talk with you/);
  });

  it("shows the ground rules as one room message, the introduction first (issue 14)", async () => {
    const h = await harness({ store: kind.open("rules-once") });
    await opened(h);
    const rules = texts(h.platform.room()).filter((t) => /One person speaks at a time|stays here/.test(t));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatch(
      /^Before we begin, please read our 2 ground rules\.\n1\. One person speaks at a time\.\n2\. What is said here stays here\.$/,
    );
  });

  it("a proposed rule closes the earlier consent question on the platform, and a press on it is answered closed", async () => {
    const h = await harness({ store: kind.open("proposal") });
    await opened(h);
    const earlier = consentId(h, "amal");
    await h.platform.submit(amal, "propose-rule", "No phones");
    await h.settle();
    expect(h.platform.deliveries.filter((d) => d.kind === "close")).toEqual([
      expect.objectContaining({ kind: "close", promptId: earlier, audience: { to: "room" } }),
    ]);
    expect(texts(h.platform.room()).filter((t) => t.includes("No phones"))).toHaveLength(1);
    await h.platform.choose(ben, earlier, "yes");
    await h.settle();
    expect(texts(h.platform.to("ben")).at(-1)).toMatch(
      /That question is closed: the ground rules have changed/,
    );
    expect(consentId(h, "ben")).not.toBe(earlier);
  });

  it("a late joiner reads the rules privately before the consent question", async () => {
    const h = await harness({ store: kind.open("late") });
    await opened(h);
    const before = h.platform.deliveries.length;
    await h.platform.command(carmen, "join", "south");
    await h.settle();
    const mine = since(h, before).filter((d) => d.audience.to === "user" && d.audience.userId === "carmen");
    const shown = texts(mine);
    const rule = shown.findIndex((t) => t.includes("One person speaks at a time."));
    const question = mine.findIndex((d) => d.kind === "ask" && d.promptId.startsWith("consent:"));
    expect(rule).toBeGreaterThanOrEqual(0);
    expect(shown.some((t) => t.includes("What is said here stays here."))).toBe(true);
    expect(question).toBeGreaterThan(rule);
  });

  it("next with a consent missing names who and asks to confirm; a second next goes on, and the turns wait", async () => {
    const h = await harness({ store: kind.open("next") });
    await opened(h);
    await h.platform.choose(amal, consentId(h, "amal"), "yes");
    await h.settle();
    await h.platform.command("fac", "next");
    await h.settle();
    expect(toFacilitators(h).at(-1)).toMatch(
      /Not everyone has agreed to the ground rules yet: Ben\..*next --force/,
    );
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("rules");
    await h.platform.command("fac", "next");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("turns");
    // Amal agreed, so the turns start with her instead of vanishing.
    expect(h.runtime.sessions.status(h.roomKey)?.speaker).not.toBeNull();
  });

  it("next --force before anyone agreed: the turn stage waits for consent instead of vanishing", async () => {
    const h = await harness({ store: kind.open("force") });
    await opened(h);
    const consent = consentId(h, "amal");
    await h.platform.command("fac", "next", "--force");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)).toMatchObject({ stageId: "turns", phase: "waiting" });
    await h.advance(1000);
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("turns");
    await h.platform.choose(ben, consent, "yes");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)).toMatchObject({ stageId: "turns", phase: "speaking" });
    // skip moves to the next speaker without leaving the stage (Amal, who agreed meanwhile).
    await h.platform.choose(amal, consent, "yes");
    await h.platform.command("fac", "skip");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)).toMatchObject({ stageId: "turns", phase: "speaking" });
    expect(texts(h.platform.room()).join("\n")).toMatch(/moved on to the next speaker/);
  });

  it("hands: raised in the discussion, queue shows them, queue next gives the floor; queue is for facilitators", async () => {
    const h = await harness({ store: kind.open("hands") });
    await opened(h);
    await h.platform.choose(amal, consentId(h, "amal"), "yes");
    await h.platform.choose(ben, consentId(h, "ben"), "yes");
    await h.platform.command("fac", "next");
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageId).toBe("talk");
    await h.platform.command(ben, "hand");
    await h.platform.command(amal, "hand");
    await h.settle();
    expect(texts(h.platform.to("amal")).at(-1)).toMatch(/number 2 in the queue/);
    await h.platform.command(ben, "queue");
    await h.settle();
    expect(texts(h.platform.to("ben")).at(-1)).toMatch(/Only facilitators/);
    await h.platform.command("fac", "queue");
    await h.settle();
    expect(toFacilitators(h).at(-1)).toBe("Raised hands, in order: Ben and Amal.");
    await h.platform.command("fac", "queue", "next");
    await h.settle();
    expect(texts(h.platform.room()).at(-1)).toBe("Ben has the floor.");
    expect(texts(h.platform.to("ben")).at(-1)).toMatch(/You have the floor/);
    await h.platform.command(amal, "hand", "down");
    await h.platform.command("fac", "queue");
    await h.settle();
    expect(toFacilitators(h).at(-1)).toBe("No hands are raised.");
  });

  it("reply: a facilitator's answer to a time-out reaches only that participant", async () => {
    const h = await harness({ store: kind.open("reply") });
    await opened(h);
    await h.platform.command(amal, "timeout", "I need a minute");
    const before = h.platform.deliveries.length;
    await h.platform.command("fac", "reply", "amal", "Take your time, we will wait for you");
    await h.settle();
    const out = since(h, before);
    const carrying = out.filter((d) => textOf(d).includes("Take your time"));
    expect(carrying).toHaveLength(1);
    expect(carrying[0]?.audience).toEqual({ to: "user", userId: "amal" });
    expect(texts(out.filter((d) => d.audience.to === "facilitators")).join("\n")).toMatch(
      /sent privately to Amal/,
    );
    expect(out.some((d) => d.audience.to === "room")).toBe(false);
    // To someone who has left: the facilitator is told nobody by that name is taking part.
    await h.platform.command(amal, "leave");
    await h.platform.command("fac", "reply", "amal", "Are you all right?");
    await h.settle();
    expect(texts(h.platform.to("fac")).at(-1)).toBe("Nobody called amal is taking part.");
    expect(h.platform.deliveries.some((d) => textOf(d).includes("Are you all right?"))).toBe(false);
  });

  it("a closed question, a private message nothing asked for, and a press after the end get short answers", async () => {
    const h = await harness({ store: kind.open("closed") });
    await opened(h);
    const consent = consentId(h, "amal");
    await h.platform.choose(amal, consent, "yes");
    await h.platform.choose(ben, consent, "yes");
    await h.settle();
    // The first speaker's turn question, answered after the turn moved on.
    const who = h.platform.lastPromptFor("amal", "ask")?.promptId.includes(":turn:") ? amal : ben;
    const turn = h.platform.lastPromptFor(who.userId, "ask");
    if (turn === undefined || !turn.promptId.includes(":turn:")) throw new Error("no turn");
    await h.platform.command("fac", "skip");
    await h.settle();
    await h.platform.choose(who, turn.promptId, "done");
    await h.settle();
    expect(texts(h.platform.to(who.userId)).at(-1)).toBe("That question is closed.");
    await h.platform.submit(amal, "turns:reflect:99", "hello?");
    await h.settle();
    expect(texts(h.platform.to("amal")).at(-1)).toBe("Nothing is being collected right now.");
    // Text nothing asked for is not kept in the inbox.
    expect(JSON.stringify(kind.inbox("closed"))).not.toContain("hello?");
    await h.platform.command("fac", "end");
    await h.settle();
    await h.platform.choose(amal, consent, "yes");
    await h.settle();
    expect(texts(h.platform.to("amal")).at(-1)).toBe("That question is closed.");
    expect(texts(h.platform.to("amal")).join("\n")).not.toMatch(/not taking part yet/);
  });
});
