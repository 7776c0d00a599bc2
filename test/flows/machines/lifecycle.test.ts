import { describe, expect, it } from "vitest";
import { consentAll, flow, harness, joinAll, keys, person, saysTo, stages } from "./harness.ts";

const people = [person("a1", "a"), person("b1", "b"), person("a2", "a"), person("b2", "b")];

describe("workshop lifecycle", () => {
  it("starts in the lobby, opens stage 1 on start, and ends with a summary and a final state", () => {
    const h = harness(flow([stages.message(), stages.discussion()]));
    expect(keys(h.effects)).toEqual(["workshop.welcome"]);
    expect(h.status().phase).toBe("lobby");
    joinAll(h, people);
    const opened = h.send({ type: "control", action: "start", by: "f" });
    expect(keys(opened)).toContain("message.text");
    expect(h.status().stageKind).toBe("discussion");
    expect(h.status().floor).toBe("everyone");
    const end = h.send({ type: "control", action: "end", by: "f" });
    expect(end.some((e) => e.type === "summary")).toBe(true);
    expect(h.snapshot().status).toBe("done");
    expect(h.status().ended).toBe(true);
  });

  it("control next from the lobby opens the first stage; back reopens the previous one", () => {
    const h = harness(flow([stages.discussion(), stages.break()]));
    joinAll(h, people);
    h.send({ type: "control", action: "next", by: "f" });
    expect(h.status().stageId).toBe("talk");
    h.send({ type: "control", action: "next", by: "f" });
    expect(h.status().stageId).toBe("pause");
    h.send({ type: "control", action: "back", by: "f" });
    expect(h.status().stageId).toBe("talk");
  });

  it("the last stage's end finishes the workshop, and its contributions are in the summary", () => {
    const h = harness(flow([stages.discussion()], { confidentiality: "open" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "participant.say", participantId: "a1", text: "last words" });
    h.advance(120_000);
    expect(h.snapshot().status).toBe("done");
    const summaries = h.effects.filter((e) => e.type === "summary");
    expect(summaries).toHaveLength(1);
    const [summary] = summaries;
    expect(summary?.type === "summary" && summary.record.contributions.map((c) => c.text)).toEqual([
      "last words",
    ]);
  });

  it("participant.timeout reaches the facilitators and acknowledges privately", () => {
    const h = harness(flow([stages.discussion()]));
    joinAll(h, people);
    const out = h.send({ type: "participant.timeout", participantId: "a1", reason: "tired" });
    expect(saysTo(out, "workshop.timeoutRequested", "facilitators")).toHaveLength(1);
    expect(saysTo(out, "workshop.timeoutAcknowledged", "a1")).toHaveLength(1);
    expect(out.some((e) => "audience" in e && e.audience.to === "room")).toBe(false);
  });

  it("participant.forget removes their contributions from the summary", () => {
    const h = harness(flow([stages.discussion()], { confidentiality: "open" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "participant.say", participantId: "a1", text: "mine to forget" });
    h.send({ type: "participant.say", participantId: "b1", text: "mine to keep" });
    h.send({ type: "participant.forget", participantId: "a1" });
    const out = h.send({ type: "control", action: "end", by: "f" });
    const summary = out.find((e) => e.type === "summary");
    expect(summary?.type === "summary" && summary.record.contributions.map((c) => c.text)).toEqual([
      "mine to keep",
    ]);
  });

  it("summary applies confidentiality: authors only when open, participation per group", () => {
    for (const confidentiality of ["open", "chatham-house", "anonymous"] as const) {
      const h = harness(flow([stages.discussion()], { confidentiality }));
      joinAll(h, people);
      h.send({ type: "control", action: "start", by: "f" });
      h.send({ type: "participant.say", participantId: "a1", text: "one two three" });
      const out = h.send({ type: "control", action: "end", by: "f" });
      const summary = out.find((e) => e.type === "summary");
      if (summary?.type !== "summary") throw new Error("no summary");
      expect(summary.record.contributions[0]?.author).toBe(confidentiality === "open" ? "a1" : null);
      // Anonymous groups of two are below the default minimum size (3): one pooled row.
      const row = summary.record.participation.find(
        (p) => p.group === (confidentiality === "anonymous" ? null : "a"),
      );
      expect(row?.words).toBe(3);
      expect(summary.record.participation).toHaveLength(confidentiality === "anonymous" ? 1 : 2);
    }
  });

  it("ground rules: everyone consents individually, then the next stage opens", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    expect(h.status().stageKind).toBe("ground-rules");
    consentAll(h, ["a1", "b1", "a2"]);
    expect(h.status().stageKind).toBe("ground-rules");
    consentAll(h, ["b2"]);
    expect(h.status().stageKind).toBe("discussion");
  });

  it("ground rules: a refusal reaches facilitators privately; next proceeds, remove removes", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(h, ["a1", "b1", "a2"]);
    const prompt = h.effects.find((e) => e.type === "prompt");
    if (prompt?.type !== "prompt") throw new Error("no prompt");
    const out = h.send({
      type: "participant.choose",
      participantId: "b2",
      promptId: prompt.promptId,
      value: "no",
    });
    expect(saysTo(out, "groundRules.refused", "facilitators")).toHaveLength(1);
    expect(out.some((e) => "audience" in e && e.audience.to === "room")).toBe(false);
    expect(h.status().stageKind).toBe("ground-rules");
    h.send({ type: "control.remove", participantId: "b2", by: "f" });
    expect(h.status().stageKind).toBe("discussion");
    expect(h.status().participants.map((p) => p.id)).not.toContain("b2");
  });

  it("ground rules: no answer by the deadline reaches facilitators; next proceeds", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(h, ["a1", "b1"]);
    const out = h.advance(60_000);
    expect(saysTo(out, "groundRules.noAnswer", "facilitators")).toHaveLength(1);
    expect(saysTo(out, "groundRules.decisionNeeded", "facilitators")).toHaveLength(1);
    expect(h.status().stageKind).toBe("ground-rules");
    // The first next says who is missing and asks to confirm; the second goes on.
    const warned = h.send({ type: "control", action: "next", by: "f" });
    expect(saysTo(warned, "groundRules.nextUnconfirmed", "facilitators")).toHaveLength(1);
    expect(h.status().stageKind).toBe("ground-rules");
    h.send({ type: "control", action: "next", by: "f" });
    expect(h.status().stageKind).toBe("discussion");
  });

  it("ground rules: a proposed rule is put to the group's consent again", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(h, ["a1", "b1"]);
    const out = h.send({
      type: "participant.submit",
      participantId: "a2",
      promptId: "propose-rule",
      text: "No phones",
    });
    expect(keys(out)).toContain("groundRules.proposedRule");
    consentAll(h, ["a1", "b1", "a2"]);
    expect(h.status().stageKind).toBe("ground-rules");
    consentAll(h, ["b2"]);
    expect(h.status().stageKind).toBe("discussion");
  });

  it("a late joiner after ground rules is held at consent until they consent", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()], { confidentiality: "open" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(
      h,
      people.map((p) => p.id),
    );
    const joined = h.send({ type: "participant.join", participant: person("late", "a") });
    const prompt = joined.find((e) => e.type === "prompt");
    expect(prompt?.type === "prompt" && prompt.audience).toEqual({
      to: "participant",
      participantId: "late",
    });
    const ignored = h.send({ type: "participant.say", participantId: "late", text: "hi" });
    expect(saysTo(ignored, "workshop.heldAtConsent", "late")).toHaveLength(1);
    if (prompt?.type !== "prompt") throw new Error("no prompt");
    h.send({ type: "participant.choose", participantId: "late", promptId: prompt.promptId, value: "yes" });
    h.send({ type: "participant.say", participantId: "late", text: "now counted" });
    const out = h.send({ type: "control", action: "end", by: "f" });
    const summary = out.find((e) => e.type === "summary");
    expect(summary?.type === "summary" && summary.record.contributions.map((c) => c.author)).toEqual([
      "late",
    ]);
  });
});

describe("fixed in the move to one machine per stage", () => {
  it("after a refusal the ground rules wait for the facilitators even when their time runs out", () => {
    const h = harness(flow([stages.groundRules(), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const prompt = [...h.effects].reverse().find((e) => e.type === "prompt");
    if (prompt?.type !== "prompt") throw new Error("no consent prompt");
    const refused = h.send({
      type: "participant.choose",
      participantId: "a1",
      promptId: prompt.promptId,
      value: "no",
    });
    expect(saysTo(refused, "groundRules.refused", "facilitators")).toHaveLength(1);
    expect(h.status().phase).toBe("decision");
    h.advance(10 * 60_000);
    expect(h.status().stageKind).toBe("ground-rules");
    h.send({ type: "control", action: "next", by: "f", force: true });
    expect(h.status().stageKind).toBe("discussion");
  });

  it("a consent given to rules that changed since is not counted: that question is closed", () => {
    const h = harness(flow([stages.groundRules({ allowProposals: true }), stages.discussion()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const first = [...h.effects].reverse().find((e) => e.type === "prompt");
    if (first?.type !== "prompt") throw new Error("no consent prompt");
    h.send({ type: "participant.submit", participantId: "b1", promptId: "propose-rule", text: "No phones" });
    const stale = h.send({
      type: "participant.choose",
      participantId: "a1",
      promptId: first.promptId,
      value: "yes",
    });
    expect(keys(stale)).toEqual(["groundRules.consentClosed"]);
    expect(saysTo(stale, "groundRules.consentClosed", "a1")).toHaveLength(1);
    expect(h.snapshot().context.consented).toEqual([]);
    consentAll(
      h,
      people.map((p) => p.id),
    );
    expect(h.status().stageKind).toBe("discussion");
  });

  it("a late joiner who has not consented is held at consent, not told it is someone else's turn", () => {
    const h = harness(flow([stages.groundRules(), stages.perspective()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    consentAll(
      h,
      people.map((p) => p.id),
    );
    const joined = h.send({ type: "participant.join", participant: person("late", "a") });
    expect(saysTo(joined, "groundRules.consentPrompt", "late")).toHaveLength(1);
    const out = h.send({ type: "participant.say", participantId: "late", text: "hello?" });
    expect(keys(out)).toEqual(["workshop.heldAtConsent"]);
  });

  it("going back and forward records each stage once in the summary", () => {
    const h = harness(flow([stages.discussion(), stages.break()]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "control", action: "next", by: "f" });
    h.send({ type: "control", action: "back", by: "f" });
    h.send({ type: "control", action: "next", by: "f" });
    const out = h.send({ type: "control", action: "end", by: "f" });
    const summary = out.find((e) => e.type === "summary");
    expect(summary?.type === "summary" && summary.record.stagesRun).toEqual(["talk", "pause"]);
  });

  it("the persisted snapshot holds what happened, not the flow's texts", () => {
    const h = harness(flow([stages.perspective({ prompt: { en: "A very particular prompt" } })]));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const json = JSON.stringify(h.actor.getPersistedSnapshot());
    expect(json).not.toContain("A very particular prompt");
    expect(json).toContain("speaking");
  });
});

describe("while paused", () => {
  it("a private answer or a choice is refused with a private note, room talk is left alone, and nothing is recorded", () => {
    const h = harness(flow([stages.brainstorm()], { confidentiality: "open" }));
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    h.send({ type: "control", action: "pause", by: "f" });
    const submitted = h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: "idea:ideas",
      text: "x",
    });
    expect(saysTo(submitted, "workshop.notWhilePaused", "a1")).toHaveLength(1);
    expect(h.send({ type: "participant.say", participantId: "b1", text: "coffee?" })).toEqual([]);
    h.send({ type: "control", action: "resume", by: "f" });
    const out = h.send({ type: "control", action: "end", by: "f" });
    const summary = out.find((e) => e.type === "summary");
    expect(summary?.type === "summary" && summary.record.contributions).toEqual([]);
  });
});
