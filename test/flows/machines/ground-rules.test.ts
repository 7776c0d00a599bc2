// The ground-rules stage's consent guard, step by step (issue 11's mutation probe left these
// alive): nobody present is not "everyone agreed", a yes is not a refusal, the no-answer names
// only those missing and stops the clock, a proposed rule restarts it, and a proposal is taken
// (held for review, approved) while the stage waits for the facilitators too.
import { describe, expect, it } from "vitest";
import { nextDeadline, pendingPrompts } from "../../../src/flows/workshop-view.ts";
import {
  asked,
  consentAll,
  flow,
  harness,
  joinAll,
  lastOf,
  person,
  saysTo,
  share,
  speaker,
  stages,
  T0,
  type Harness,
} from "./harness.ts";

const people = [person("a1", "a"), person("b1", "b"), person("a2", "a"), person("b2", "b")];

function started(o: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Harness {
  const h = harness(flow([stages.groundRules(o), stages.discussion()], extra));
  joinAll(h, people);
  h.send({ type: "control", action: "start", by: "f" });
  return h;
}

const refuse = (h: Harness, participantId: string) =>
  h.send({
    type: "participant.choose",
    participantId,
    promptId: lastOf(h, "prompt", "groundRules.consentPrompt").promptId,
    value: "no",
  });

const propose = (h: Harness, text: string) =>
  h.send({ type: "participant.submit", participantId: "a1", promptId: "propose-rule", text });

/** Approves the proposal the facilitators were last asked about. */
function approve(h: Harness) {
  const held = lastOf(h, "prompt", "review.held");
  return h.send({ type: "control.review", action: "approve", ref: Number(held.vars?.["ref"]), by: "f" });
}

describe("the consent guard", () => {
  it("nobody present is not everyone agreeing: the rules wait for someone to join and agree", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    h.send({ type: "control", action: "start", by: "f" });
    expect(h.status()).toMatchObject({ stageKind: "ground-rules", phase: "consent" });
    h.send({ type: "participant.join", participant: person("a1", "a") });
    consentAll(h, ["a1"]);
    expect(h.status().stageKind).toBe("discussion");
  });

  it("everyone agreeing is announced to the room as the stage ends", () => {
    const h = started();
    consentAll(h, ["a1", "b1", "a2"]);
    expect(saysTo(h.effects, "groundRules.allConsented", "room")).toHaveLength(0);
    consentAll(h, ["b2"]);
    expect(saysTo(h.effects, "groundRules.allConsented", "room")).toHaveLength(1);
    expect(h.status().stageKind).toBe("discussion");
  });

  it("a yes is no refusal; at the deadline the facilitators get the missing names, and no clock runs", () => {
    const h = started();
    consentAll(h, ["a1", "b1"]);
    expect(h.status()).toMatchObject({ phase: "consent", deadline: T0 + 60_000 });
    expect(h.advance(59_000)).toEqual([]);
    const out = h.advance(1_000);
    expect(saysTo(out, "groundRules.noAnswer", "facilitators")).toEqual([
      expect.objectContaining({
        vars: { count: 2, participants: { list: [{ participant: "a2" }, { participant: "b2" }] } },
      }),
    ]);
    expect(saysTo(out, "groundRules.decisionNeeded", "facilitators")).toHaveLength(1);
    // The stage waits for the facilitators: no countdown is shown, nothing more fires.
    expect(h.status()).toMatchObject({ stageKind: "ground-rules", phase: "decision", deadline: null });
    expect(nextDeadline(h.snapshot())).toBeNull();
    consentAll(h, ["a2", "b2"]);
    expect(h.status().stageKind).toBe("discussion");
  });

  it("a no pressed on another question (felt heard?, from the stage left) is no refusal", () => {
    const h = harness(flow([stages.groundRules(), stages.perspective({ reflectBack: true, addSeconds: 0 })]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(
      h,
      people.map((p) => p.id),
    );
    const first = share(h);
    const listener = speaker(h);
    const reflection = asked(h, "perspective.reflectBackPrompt", listener);
    h.send({ type: "participant.submit", participantId: listener, promptId: reflection.promptId, text: "…" });
    const feltHeard = asked(h, "perspective.feltHeardPrompt", first);
    h.send({ type: "control", action: "back", by: "f" });
    expect(h.status()).toMatchObject({ stageKind: "ground-rules", phase: "consent" });
    const out = h.send({
      type: "participant.choose",
      participantId: first,
      promptId: feltHeard.promptId,
      value: "no",
    });
    expect(saysTo(out, "groundRules.decisionNeeded", "facilitators")).toEqual([]);
    expect(h.status()).toMatchObject({ phase: "consent", deadline: h.now + 60_000 });
  });

  it("a proposed rule gives everyone the whole consent time again", () => {
    const h = started();
    h.advance(30_000);
    propose(h, "No phones");
    expect(h.status().deadline).toBe(T0 + 90_000);
    expect(saysTo(h.advance(59_000), "groundRules.noAnswer", "facilitators")).toEqual([]);
    expect(h.status().phase).toBe("consent");
    expect(saysTo(h.advance(1_000), "groundRules.noAnswer", "facilitators")[0]).toMatchObject({
      vars: { count: 4 },
    });
  });

  it("a second proposal is a contribution of its own: one held at screening is not shown", () => {
    const h = started();
    propose(h, "No phones");
    const out = h.send({
      type: "participant.submit",
      participantId: "b1",
      promptId: "propose-rule",
      text: "you are all liars",
      hold: true,
    });
    expect(saysTo(out, "groundRules.proposedRule", "room")).toEqual([]);
    expect(out.filter((e) => e.type === "prompt" && e.key === "review.held")).toHaveLength(1);
  });

  it("the proposed rule's post carries its text, named or not", () => {
    for (const confidentiality of ["open", "chatham-house"] as const) {
      const h = started({}, { confidentiality });
      const [post] = saysTo(propose(h, "No phones"), "groundRules.proposedRule", "room");
      expect(post?.type === "say" && post.vars?.["rule"]).toEqual({ userText: "No phones" });
    }
  });
});

describe("proposals while the facilitators decide, and under review", () => {
  it("a rule proposed after a refusal is shown, and everyone is asked again with a fresh clock", () => {
    const h = started();
    refuse(h, "b1");
    expect(h.status()).toMatchObject({ phase: "decision", deadline: null });
    const before = lastOf(h, "prompt", "groundRules.consentPrompt").promptId;
    h.advance(10_000);
    const out = propose(h, "No phones");
    expect(saysTo(out, "groundRules.proposedRule", "room")).toHaveLength(1);
    expect(lastOf(h, "prompt", "groundRules.consentPrompt").promptId).not.toBe(before);
    expect(h.status()).toMatchObject({ phase: "consent", deadline: T0 + 70_000 });
  });

  it("under review a proposal waits for approval, while consent runs and while the facilitators decide", () => {
    for (const refused of [false, true]) {
      const h = started({ review: "facilitators" });
      if (refused) refuse(h, "b1");
      const phase = refused ? "decision" : "consent";
      const before = lastOf(h, "prompt", "groundRules.consentPrompt").promptId;
      const held = propose(h, "No phones");
      expect(saysTo(held, "groundRules.proposedRule", "room")).toEqual([]);
      expect(held.filter((e) => e.type === "prompt" && e.key === "review.held")).toHaveLength(1);
      expect(h.status().phase).toBe(phase);
      const approved = approve(h);
      expect(saysTo(approved, "groundRules.proposedRule", "room")).toHaveLength(1);
      expect(lastOf(h, "prompt", "groundRules.consentPrompt").promptId).not.toBe(before);
      expect(h.status().phase).toBe("consent");
      consentAll(
        h,
        people.map((p) => p.id),
      );
      expect(h.status().stageKind).toBe("discussion");
    }
  });
});

describe("what a participant is asked and shown", () => {
  it("the consent question: yes or no, by its round", () => {
    const h = started();
    expect(lastOf(h, "prompt", "groundRules.consentPrompt")).toEqual({
      type: "prompt",
      key: "groundRules.consentPrompt",
      audience: { to: "room" },
      promptId: "consent:1",
      options: [
        { value: "yes", label: { key: "groundRules.consentYes" } },
        { value: "no", label: { key: "groundRules.consentNo" } },
      ],
    });
  });

  it("the consent question is pending for whoever has not agreed, once the rules have opened", () => {
    const consentOf = (h: Harness, id: string) =>
      pendingPrompts(h.snapshot(), id).filter((e) => "key" in e && e.key === "groundRules.consentPrompt");
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    expect(consentOf(h, "a1")).toEqual([]);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(h, ["a1"]);
    expect(consentOf(h, "a1")).toEqual([]);
    const asked = lastOf(h, "prompt", "groundRules.consentPrompt");
    expect(consentOf(h, "b1")).toEqual([{ ...asked, audience: { to: "participant", participantId: "b1" } }]);
    // Still pending in a later stage for someone moved past the rules without agreeing.
    h.send({ type: "control", action: "next", by: "f", force: true });
    expect(h.status().stageKind).toBe("discussion");
    expect(consentOf(h, "b1")).toHaveLength(1);
    // Not before the rules (a survey first), nor in a flow without them.
    for (const list of [
      [stages.survey(), stages.groundRules()],
      [stages.discussion(), stages.break()],
    ]) {
      const other = harness(flow(list));
      joinAll(other, people);
      other.send({ type: "control", action: "start", by: "f" });
      expect(consentOf(other, "b1")).toEqual([]);
    }
  });
});

describe("the rules and proposals", () => {
  it("the stage opens with the rules as one numbered message, the question, the invitation and the clock", () => {
    const h = started({ rules: [{ en: "Be kind" }, { en: "Listen" }], allowProposals: true });
    const from = h.effects.findIndex((e) => "key" in e && e.key === "groundRules.intro");
    expect(h.effects.slice(from)).toEqual([
      { type: "say", key: "groundRules.intro", audience: { to: "room" }, vars: { count: 2 } },
      {
        type: "say",
        key: "groundRules.rule",
        audience: { to: "room" },
        vars: { number: 1, rule: { text: { en: "Be kind" } } },
        continues: true,
      },
      {
        type: "say",
        key: "groundRules.rule",
        audience: { to: "room" },
        vars: { number: 2, rule: { text: { en: "Listen" } } },
        continues: true,
      },
      lastOf(h, "prompt", "groundRules.consentPrompt"),
      {
        type: "collect",
        key: "groundRules.proposeRule",
        audience: { to: "room" },
        promptId: "propose-rule",
        vars: { authors: "hidden" },
      },
      { type: "timer", deadline: T0 + 60_000 },
    ]);
  });

  it("without proposals nobody is invited to propose, and a rule sent anyway is not taken", () => {
    const h = started({ allowProposals: false });
    expect(h.effects.filter((e) => e.type === "collect")).toEqual([]);
    const before = lastOf(h, "prompt", "groundRules.consentPrompt").promptId;
    const step = h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: "propose-rule",
      text: "No phones",
    });
    expect(saysTo(step, "groundRules.proposedRule", "room")).toEqual([]);
    expect(lastOf(h, "prompt", "groundRules.consentPrompt").promptId).toBe(before);
  });

  it("a blank proposal, or text sent to another question, is no proposal", () => {
    const h = started();
    const before = lastOf(h, "prompt", "groundRules.consentPrompt").promptId;
    for (const [promptId, text] of [
      ["propose-rule", "   "],
      ["share:turn:1", "No phones"],
    ] as const)
      expect(
        saysTo(
          h.send({ type: "participant.submit", participantId: "a1", promptId, text }),
          "groundRules.proposedRule",
          "room",
        ),
      ).toEqual([]);
    expect(lastOf(h, "prompt", "groundRules.consentPrompt").promptId).toBe(before);
  });

  it("under review each proposal waits for its own approval, in any order", () => {
    const h = started({ review: "facilitators" });
    propose(h, "No phones");
    const first = lastOf(h, "prompt", "review.held");
    propose(h, "Listen first");
    const second = lastOf(h, "prompt", "review.held");
    const shown = (ref: unknown) =>
      saysTo(
        h.send({ type: "control.review", action: "approve", ref: Number(ref), by: "f" }),
        "groundRules.proposedRule",
        "room",
      ).map((e) => (e.type === "say" ? e.vars?.["rule"] : undefined));
    expect(shown(second.vars?.["ref"])).toEqual([{ userText: "Listen first" }]);
    expect(shown(first.vars?.["ref"])).toEqual([{ userText: "No phones" }]);
    expect(shown(first.vars?.["ref"])).toEqual([]);
  });

  it("without review, approving a rule held at screening shows it and leaves a decision pending", () => {
    const h = started();
    h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: "propose-rule",
      text: "No phones",
      hold: true,
    });
    refuse(h, "b1");
    const out = approve(h);
    expect(saysTo(out, "groundRules.proposedRule", "room")).toHaveLength(1);
    expect(h.status()).toMatchObject({ phase: "decision", deadline: null });
  });
});

describe("forget-me under review", () => {
  it("a forgotten proposer's rule still held for review is not kept in the snapshot", () => {
    const h = started({ review: "facilitators" });
    h.send({ type: "participant.submit", participantId: "b1", promptId: "propose-rule", text: "Listen" });
    const theirs = lastOf(h, "prompt", "review.held");
    propose(h, "No phones");
    h.send({ type: "participant.forget", participantId: "a1" });
    expect(JSON.stringify(h.actor.getPersistedSnapshot())).not.toContain("No phones");
    // Someone else's held proposal stays, and can still be approved.
    const out = h.send({
      type: "control.review",
      action: "approve",
      ref: Number(theirs.vars?.["ref"]),
      by: "f",
    });
    expect(saysTo(out, "groundRules.proposedRule", "room")).toHaveLength(1);
  });
});

describe("attendance, as the reports read it", () => {
  it("each joiner is kept with their group and first arrival; leaving and rejoining keeps that arrival", () => {
    const h = harness(flow([stages.discussion()]));
    h.send({ type: "participant.join", participant: person("a1", "a") });
    h.now += 1_000;
    h.send({ type: "participant.join", participant: person("x1") });
    h.now += 1_000;
    h.send({ type: "participant.leave", participantId: "a1" });
    h.now += 1_000;
    h.send({ type: "participant.join", participant: person("a1", "a") });
    expect(h.snapshot().context.attendance).toEqual({
      a1: { group: "a", joinedAt: T0, leftAt: null },
      x1: { group: null, joinedAt: T0 + 1_000, leftAt: null },
    });
  });
});

describe("joining", () => {
  it("a repeated join (a platform event seen twice) changes nothing", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    expect(h.send({ type: "participant.join", participant: person("a1", "a") })).toEqual([]);
    expect(h.status().participants.map((p) => p.id)).toEqual(people.map((p) => p.id));
  });

  it("the room is told each joiner's own group, and none for someone without one", () => {
    const h = harness(flow([stages.discussion()]));
    const joined = (p: ReturnType<typeof person>) =>
      saysTo(h.send({ type: "participant.join", participant: p }), "workshop.participantJoined", "room").map(
        (e) => (e.type === "say" ? e.vars : undefined),
      );
    expect(joined(person("b1", "b"))).toEqual([
      { participant: { participant: "b1" }, group: { text: { en: "B" } } },
    ]);
    expect(joined(person("x1"))).toEqual([{ participant: { participant: "x1" } }]);
  });

  it("under a strict mute the floor is a list: someone who joins is added to it, the muted still left out", () => {
    const h = harness(flow([stages.discussion()], { turnEnforcement: "strict" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "control.mute", participantId: "a1", muted: true, by: "f" });
    const out = h.send({ type: "participant.join", participant: person("c1", "a") });
    expect(out.filter((e) => e.type === "floor")).toEqual([
      { type: "floor", holders: ["b1", "a2", "b2", "c1"] },
    ]);
  });

  it("a mute under soft turns, or under anonymous, gives a joiner no floor either", () => {
    for (const extra of [
      { turnEnforcement: "soft" },
      { turnEnforcement: "strict", confidentiality: "anonymous" },
    ]) {
      const h = harness(flow([stages.discussion()], extra));
      joinAll(h, people);
      h.send({ type: "control", action: "start", by: "f" });
      h.send({ type: "control.mute", participantId: "a1", muted: true, by: "f" });
      const out = h.send({ type: "participant.join", participant: person("c1", "a") });
      expect(out.filter((e) => e.type === "floor")).toEqual([]);
    }
  });
});
