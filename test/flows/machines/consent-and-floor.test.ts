// Issue 12, ground rules and consent, turns, floor and discussion, as a facilitator runs them:
// late joiners read the rules, a refusal's reassurance goes to the one who refused, `next` with
// consents missing asks to confirm, a proposed rule closes the earlier question, `skip`, a turn
// stage that waits for consent, raised hands in a discussion and a facilitator's private reply.
import { describe, expect, it } from "vitest";
import type { FlowEffect } from "../../../src/flows/protocol.ts";
import {
  consentAll,
  flow,
  harness,
  joinAll,
  keys,
  participantRefs,
  person,
  saysTo,
  stages,
  type Harness,
} from "./harness.ts";

const people = [person("a1", "a"), person("b1", "b"), person("a2", "a"), person("b2", "b")];

function consentPromptOf(h: Harness) {
  const p = [...h.effects]
    .reverse()
    .find((e) => e.type === "prompt" && e.key === "groundRules.consentPrompt");
  if (p?.type !== "prompt") throw new Error("no consent prompt");
  return p;
}

function roomOrNamed(effects: readonly FlowEffect[], id: string): FlowEffect[] {
  return effects.filter(
    (e) =>
      "audience" in e &&
      e.audience.to !== "participant" &&
      Object.values(e.vars ?? {}).some((v) => participantRefs(v).includes(id)),
  );
}

describe("ground rules and consent", () => {
  it("a late joiner is shown the rules, a proposed one included, before being asked to consent", () => {
    const h = harness(
      flow([stages.groundRules({ rules: [{ en: "Be kind" }, { en: "Listen" }] }), stages.discussion()]),
    );
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "participant.submit", participantId: "a1", promptId: "propose-rule", text: "No phones" });
    const joined = h.send({ type: "participant.join", participant: person("late", "b") });
    const mine = joined.filter((e) => "audience" in e && e.audience.to === "participant");
    expect(keys(mine)).toEqual([
      "groundRules.intro",
      "groundRules.rule",
      "groundRules.rule",
      "groundRules.rule",
      "groundRules.consentPrompt",
    ]);
    expect(
      mine.every(
        (e) => "audience" in e && e.audience.to === "participant" && e.audience.participantId === "late",
      ),
    ).toBe(true);
    const rules = mine.flatMap((e) =>
      e.type === "say" && e.key === "groundRules.rule" ? [e.vars?.["rule"]] : [],
    );
    expect(rules).toEqual([
      { text: { en: "Be kind" } },
      { text: { en: "Listen" } },
      { userText: "No phones" },
    ]);
    expect(saysTo(joined, "groundRules.intro", "late")[0]).toMatchObject({ vars: { count: 3 } });
  });

  it("a forgotten proposer's rule is no longer shown to late joiners, nor kept in the snapshot", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "participant.submit", participantId: "a1", promptId: "propose-rule", text: "No phones" });
    h.send({ type: "participant.forget", participantId: "a1" });
    const joined = h.send({ type: "participant.join", participant: person("late", "b") });
    expect(saysTo(joined, "groundRules.rule", "late")).toHaveLength(1);
    expect(JSON.stringify(h.actor.getPersistedSnapshot())).not.toContain("No phones");
  });

  it("a late joiner after the ground rules also reads them first", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(
      h,
      people.map((p) => p.id),
    );
    expect(h.status().stageKind).toBe("discussion");
    const joined = h.send({ type: "participant.join", participant: person("late", "a") });
    expect(keys(joined.filter((e) => "audience" in e && e.audience.to === "participant"))).toEqual([
      "groundRules.intro",
      "groundRules.rule",
      "groundRules.consentPrompt",
    ]);
  });

  it("a refusal: the reassurance goes to the participant, the facilitators get their own notice", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const out = h.send({
      type: "participant.choose",
      participantId: "b1",
      promptId: consentPromptOf(h).promptId,
      value: "no",
    });
    expect(saysTo(out, "groundRules.awaitingDecision", "b1")).toHaveLength(1);
    expect(saysTo(out, "groundRules.awaitingDecision", "facilitators")).toHaveLength(0);
    expect(saysTo(out, "groundRules.refused", "facilitators")).toHaveLength(1);
    expect(saysTo(out, "groundRules.decisionNeeded", "facilitators")).toHaveLength(1);
  });

  it("next with consents missing names who under open, asks to confirm, and a second next goes on", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()], { confidentiality: "open" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(h, ["a1", "b1"]);
    const first = h.send({ type: "control", action: "next", by: "f" });
    const [warning] = saysTo(first, "groundRules.nextUnconfirmed", "facilitators");
    expect(warning).toBeDefined();
    expect(first.filter((e) => "audience" in e && e.audience.to !== "facilitators")).toEqual([]);
    expect(warning?.type === "say" && participantRefs(warning.vars?.["participants"])).toEqual(["a2", "b2"]);
    expect(warning?.type === "say" && warning.vars?.["count"]).toBe(2);
    expect(h.status().stageKind).toBe("ground-rules");
    h.send({ type: "control", action: "next", by: "f" });
    expect(h.status().stageKind).toBe("discussion");
  });

  it("next with consents missing gives only a count outside open workshops; next --force goes on at once", () => {
    for (const confidentiality of ["chatham-house", "anonymous"] as const) {
      const h = harness(flow([stages.groundRules(), stages.discussion()], { confidentiality }));
      joinAll(h, people);
      h.send({ type: "control", action: "start", by: "f" });
      consentAll(h, ["a1"]);
      const first = h.send({ type: "control", action: "next", by: "f" });
      const [warning] = saysTo(first, "groundRules.nextUnconfirmed", "facilitators");
      expect(warning?.type === "say" && warning.vars).toEqual({ count: 3, named: "no" });
      const forced = harness(flow([stages.groundRules(), stages.discussion()], { confidentiality }));
      joinAll(forced, people);
      forced.send({ type: "control", action: "start", by: "f" });
      forced.send({ type: "control", action: "next", by: "f", force: true });
      expect(forced.status().stageKind).toBe("discussion");
    }
  });

  it("a proposed rule is shown once, and the earlier consent question is closed", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const earlier = consentPromptOf(h);
    const out = h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: "propose-rule",
      text: "No phones",
    });
    expect(saysTo(out, "groundRules.proposedRule", "room")).toHaveLength(1);
    expect(keys(out).filter((k) => k === "groundRules.proposedRule")).toHaveLength(1);
    const current = consentPromptOf(h);
    expect(current.promptId).not.toBe(earlier.promptId);
    // The earlier question is closed before the new one is asked.
    const closed = out.findIndex((e) => e.type === "close" && e.promptId === earlier.promptId);
    expect(closed).toBeGreaterThanOrEqual(0);
    expect(closed).toBeLessThan(out.findIndex((e) => e.type === "prompt"));
    // A press on the earlier question is answered "closed", counts for nothing and asks nothing new.
    const stale = h.send({
      type: "participant.choose",
      participantId: "b1",
      promptId: earlier.promptId,
      value: "no",
    });
    expect(keys(stale)).toEqual(["groundRules.consentClosed"]);
    expect(h.status().phase).toBe("consent");
    consentAll(
      h,
      people.map((p) => p.id),
    );
    expect(h.status().stageKind).toBe("discussion");
  });
});

describe("consent answers (mutation testing, issue 11)", () => {
  it("a yes is confirmed to the participant by name; a no names them to the facilitators", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const { promptId } = consentPromptOf(h);
    const yes = h.send({ type: "participant.choose", participantId: "a1", promptId, value: "yes" });
    expect(saysTo(yes, "groundRules.consented", "a1")[0]).toMatchObject({
      vars: { participant: { participant: "a1" } },
    });
    const no = h.send({ type: "participant.choose", participantId: "b1", promptId, value: "no" });
    expect(saysTo(no, "groundRules.refused", "facilitators")[0]).toMatchObject({
      vars: { participant: { participant: "b1" } },
    });
  });

  it("a second yes is confirmed again but stored once", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const { promptId } = consentPromptOf(h);
    for (let i = 0; i < 2; i++) {
      const out = h.send({ type: "participant.choose", participantId: "a1", promptId, value: "yes" });
      expect(saysTo(out, "groundRules.consented", "a1")).toHaveLength(1);
    }
    expect(h.snapshot().context.consented).toEqual(["a1"]);
  });
});

describe("turns and floor", () => {
  it("skip moves to the next speaker without leaving the stage", () => {
    const h = harness(flow([stages.perspective(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const first = h.status().speaker;
    const out = h.send({ type: "control", action: "skip", by: "f" });
    expect(saysTo(out, "perspective.skipped", "room")).toHaveLength(1);
    expect(h.status().stageKind).toBe("perspective-sharing");
    expect(h.status().speaker).not.toBe(first);
    expect(h.status().phase).toBe("speaking");
  });

  it("skip during a reflection moves on to the listener's own turn", () => {
    const h = harness(flow([stages.perspective({ reflectBack: true, addSeconds: 0 })]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const first = h.status().speaker ?? "";
    h.send({ type: "participant.say", participantId: first, text: "my view" });
    h.send({ type: "participant.choose", participantId: first, promptId: "share:turn:1", value: "done" });
    expect(h.status().phase).toBe("reflect");
    h.send({ type: "control", action: "skip", by: "f" });
    expect(h.status().phase).toBe("speaking");
    expect(h.status().speaker).not.toBe(first);
  });

  it("skip outside a turn-taking stage tells the facilitators to use next", () => {
    const h = harness(flow([stages.discussion(), stages.break()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const out = h.send({ type: "control", action: "skip", by: "f" });
    expect(keys(out)).toEqual(["workshop.skipNotHere"]);
    expect(saysTo(out, "workshop.skipNotHere", "facilitators")).toHaveLength(1);
    expect(h.status().stageKind).toBe("discussion");
  });

  it("moving past the ground rules before anyone agreed: the turn stages wait instead of vanishing", () => {
    const h = harness(
      flow([stages.groundRules(), stages.perspective(), stages.reflection(), stages.discussion()]),
    );
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "control", action: "next", by: "f", force: true });
    expect(h.status().stageKind).toBe("perspective-sharing");
    expect(h.status().phase).toBe("waiting");
    expect(saysTo(h.effects, "perspective.waitingForConsent", "room")).toHaveLength(1);
    // The first consent starts the turns; a later one still gets a turn this round.
    const prompt = consentPromptOf(h);
    h.send({ type: "participant.choose", participantId: "a1", promptId: prompt.promptId, value: "yes" });
    expect(h.status().phase).toBe("speaking");
    expect(h.status().speaker).toBe("a1");
    h.send({ type: "participant.choose", participantId: "b1", promptId: prompt.promptId, value: "yes" });
    h.send({ type: "participant.choose", participantId: "a1", promptId: "share:turn:1", value: "done" });
    expect(h.status().speaker).toBe("b1");
    expect(h.status().stageKind).toBe("perspective-sharing");
  });
});

describe("raised hands in a discussion", () => {
  it("hands queue in order; queue shows them to the facilitators; queue next gives the floor to the first", () => {
    const h = harness(flow([stages.discussion()], { confidentiality: "chatham-house" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const raised = h.send({ type: "participant.hand", participantId: "b1", raised: true });
    expect(saysTo(raised, "discussion.handRaised", "b1")[0]).toMatchObject({ vars: { position: 1 } });
    expect(raised.some((e) => "audience" in e && e.audience.to === "room")).toBe(false);
    h.send({ type: "participant.hand", participantId: "a2", raised: true });
    h.send({ type: "participant.hand", participantId: "a1", raised: true });
    h.send({ type: "participant.hand", participantId: "a2", raised: false });
    const shown = h.send({ type: "control.queue", action: "show", by: "f" });
    const [list] = saysTo(shown, "discussion.queue", "facilitators");
    expect(list?.type === "say" && participantRefs(list.vars?.["participants"])).toEqual(["b1", "a1"]);
    const next = h.send({ type: "control.queue", action: "next", by: "f" });
    expect(saysTo(next, "discussion.floorTo", "room")[0]).toMatchObject({
      vars: { participant: { participant: "b1" } },
    });
    expect(saysTo(next, "discussion.yourFloor", "b1")).toHaveLength(1);
    const after = h.send({ type: "control.queue", action: "show", by: "f" });
    const [rest] = saysTo(after, "discussion.queue", "facilitators");
    expect(rest?.type === "say" && participantRefs(rest.vars?.["participants"])).toEqual(["a1"]);
  });

  it("anonymous: no name anywhere but the participant's own messages", () => {
    const h = harness(flow([stages.discussion()], { confidentiality: "anonymous" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const out = [
      ...h.send({ type: "participant.hand", participantId: "a1", raised: true }),
      ...h.send({ type: "participant.hand", participantId: "b1", raised: true }),
      ...h.send({ type: "control.queue", action: "show", by: "f" }),
      ...h.send({ type: "control.queue", action: "next", by: "f" }),
    ];
    for (const id of ["a1", "b1"]) expect(roomOrNamed(out, id)).toEqual([]);
    expect(saysTo(out, "discussion.queue", "facilitators")[0]).toMatchObject({
      vars: { count: 2, named: "no" },
    });
    expect(saysTo(out, "discussion.yourFloor", "a1")).toHaveLength(1);
  });

  it("a hand outside a discussion is refused privately; a new stage starts with no hands", () => {
    const h = harness(flow([stages.discussion(), stages.discussion({ id: "talk2" })]));
    joinAll(h, people);
    const lobby = h.send({ type: "participant.hand", participantId: "a1", raised: true });
    expect(keys(lobby)).toEqual(["discussion.noQueue"]);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "participant.hand", participantId: "a1", raised: true });
    h.send({ type: "control", action: "next", by: "f" });
    const shown = h.send({ type: "control.queue", action: "show", by: "f" });
    expect(saysTo(shown, "discussion.queue", "facilitators")[0]).toMatchObject({ vars: { count: 0 } });
  });
});

describe("a facilitator's private reply", () => {
  it("reaches only that participant; the facilitators are told it was sent; the room hears nothing", () => {
    const h = harness(flow([stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "participant.timeout", participantId: "a2", reason: "I need a minute" });
    const out = h.send({ type: "control.reply", participantId: "a2", text: "Take your time", by: "f" });
    expect(keys(out)).toEqual(["workshop.facilitatorReply", "workshop.replySent"]);
    expect(saysTo(out, "workshop.facilitatorReply", "a2")[0]).toMatchObject({
      vars: { text: { userText: "Take your time" } },
    });
    expect(saysTo(out, "workshop.replySent", "facilitators")).toHaveLength(1);
    expect(out.some((e) => "audience" in e && e.audience.to === "room")).toBe(false);
  });
});
