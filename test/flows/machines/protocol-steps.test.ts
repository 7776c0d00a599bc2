// Issue 12 ("every step of the protocol right"): needs recognition, brainstorm clusters and
// ballots, and a survey that ends by itself once everyone present has answered.
import { describe, expect, it } from "vitest";
import type { FlowEffect } from "../../../src/flows/protocol.ts";
import { fourPeople, lastOf, saysTo, stages, started, summaryOf, type Harness } from "./harness.ts";

const people = fourPeople;
const start = (stageList: unknown[], extra: Record<string, unknown> = {}) => started(stageList, extra);

const labelText = (o: { label: unknown }) => JSON.stringify(o.label);

describe("needs recognition", () => {
  function collected() {
    // Groups of two, shown as groups (the flow allows it).
    const h = start([stages.needs()], { confidentiality: "anonymous", minGroupSize: 2 });
    const collect = lastOf(h, "collect", "needs.collect");
    for (const [who, text] of [
      ["a1", "safety"],
      ["a2", "school"],
      ["b1", "dignity"],
    ] as const)
      h.send({ type: "participant.submit", participantId: who, promptId: collect.promptId, text });
    h.advance(60_000);
    return h;
  }
  const promptsTo = (h: Harness, who: string) =>
    h.effects.filter(
      (e): e is Extract<FlowEffect, { type: "prompt" }> =>
        e.type === "prompt" &&
        e.key === "needs.recognisePrompt" &&
        e.audience.to === "participant" &&
        e.audience.participantId === who,
    );

  it("asks each participant only about the other groups' needs", () => {
    const h = collected();
    const forA = promptsTo(h, "a1");
    const forB = promptsTo(h, "b2");
    expect(forA).toHaveLength(1);
    expect(forA[0]?.options.map(labelText).join()).toContain("dignity");
    expect(forA[0]?.options.map(labelText).join()).not.toMatch(/safety|school/u);
    expect(forB[0]?.options.map(labelText).join()).toMatch(/safety/u);
    expect(forB[0]?.options.map(labelText).join()).not.toContain("dignity");
    // Nothing about recognition is asked in the room.
    expect(saysTo(h.effects, "needs.recognisePrompt", "room")).toHaveLength(0);
  });

  it("counts what the participant has recognised, and refuses their own group's need", () => {
    const h = collected();
    const [prompt] = promptsTo(h, "b2");
    if (prompt === undefined) throw new Error("no prompt for b2");
    const [first, second] = prompt.options;
    const one = h.send({
      type: "participant.choose",
      participantId: "b2",
      promptId: prompt.promptId,
      ...{ value: first?.value ?? "" },
    });
    const two = h.send({
      type: "participant.choose",
      participantId: "b2",
      promptId: prompt.promptId,
      value: second?.value ?? "",
    });
    expect(saysTo(one, "needs.recognised", "b2")[0]).toMatchObject({ vars: { count: 1 } });
    expect(saysTo(two, "needs.recognised", "b2")[0]).toMatchObject({ vars: { count: 2 } });
    // b1's own group's need ("dignity") is not theirs to recognise.
    const own = promptsTo(h, "a1")[0]?.options[0]?.value ?? "";
    const refused = h.send({
      type: "participant.choose",
      participantId: "b1",
      promptId: prompt.promptId,
      value: own,
    });
    expect(saysTo(refused, "needs.recognised", "b1")).toHaveLength(0);
    h.runTimers();
    expect(summaryOf(h.effects).recognisedNeeds.map((n) => n.recognisedByGroups)).toEqual([["b"], ["b"]]);
  });
});

describe("survey", () => {
  it("ends by itself once every present participant has answered every question", () => {
    const h = start([stages.survey(), stages.discussion()]);
    const likert = lastOf(h, "prompt", "survey.likert");
    const text = lastOf(h, "collect", "survey.text");
    for (const p of people) {
      expect(h.status().stageKind).toBe("survey");
      h.send({ type: "participant.choose", participantId: p.id, promptId: likert.promptId, value: "3" });
      h.send({ type: "participant.submit", participantId: p.id, promptId: text.promptId, text: "ok" });
    }
    expect(h.status().stageKind).toBe("discussion");
    expect(saysTo(h.effects, "survey.done", "room")).toHaveLength(1);
  });

  it("keeps waiting while someone present has a question left, and ends when they leave", () => {
    const h = start([stages.survey(), stages.discussion()]);
    const likert = lastOf(h, "prompt", "survey.likert");
    const text = lastOf(h, "collect", "survey.text");
    for (const p of people.slice(0, 3)) {
      h.send({ type: "participant.choose", participantId: p.id, promptId: likert.promptId, value: "3" });
      h.send({ type: "participant.submit", participantId: p.id, promptId: text.promptId, text: "ok" });
    }
    h.send({ type: "participant.choose", participantId: "b2", promptId: likert.promptId, value: "2" });
    expect(h.status().stageKind).toBe("survey");
    h.send({ type: "participant.leave", participantId: "b2" });
    expect(h.status().stageKind).toBe("discussion");
  });
});

describe("brainstorm clusters and reruns", () => {
  function diverge(h: Harness, ideas: readonly (readonly [string, string])[]) {
    const collect = lastOf(h, "collect", "brainstorm.collect");
    for (const [who, text] of ideas)
      h.send({ type: "participant.submit", participantId: who, promptId: collect.promptId, text });
  }
  const numberOf = (h: Harness, text: string) => {
    const shown = h.effects.filter(
      (e): e is Extract<FlowEffect, { type: "say" }> => e.type === "say" && e.key === "brainstorm.idea",
    );
    const found = [...shown].reverse().find((e) => JSON.stringify(e.vars).includes(text));
    const n = found?.vars?.["number"];
    return typeof n === "number" ? String(n) : "?";
  };

  it("shows a cluster's label on the ballot and keeps the folded ideas in the record under it", () => {
    const h = start([stages.brainstorm()]);
    diverge(h, [
      ["a1", "bus line"],
      ["b1", "shared buses"],
      ["b2", "youth club"],
    ]);
    h.send({ type: "control", action: "next", by: "f" });
    h.send({
      type: "control.cluster",
      ideaIds: [numberOf(h, "bus line"), numberOf(h, "shared buses")],
      label: "Transport",
      by: "f",
    });
    h.send({ type: "control", action: "next", by: "f" });
    const ballot = lastOf(h, "prompt", "brainstorm.votePrompt");
    expect(ballot.options.map(labelText).join()).toContain("[Transport] bus line");
    expect(ballot.options).toHaveLength(2);
    h.send({ type: "control", action: "end", by: "f" });
    const record = summaryOf(h.effects);
    const transport = record.ideas.find((i) => i.cluster === "Transport");
    expect(transport?.folded).toEqual(["shared buses"]);
    expect(record.contributions.map((c) => c.text).sort()).toEqual([
      "bus line",
      "shared buses",
      "youth club",
    ]);
  });

  it("ideas sent before back and next are voted on and summarised alike", () => {
    const h = start([stages.discussion(), stages.brainstorm()]);
    h.send({ type: "control", action: "next", by: "f" });
    diverge(h, [["a1", "early idea"]]);
    h.send({ type: "control", action: "back", by: "f" });
    h.send({ type: "control", action: "next", by: "f" });
    expect(h.status().stageKind).toBe("brainstorm");
    diverge(h, [["b1", "late idea"]]);
    h.send({ type: "control", action: "next", by: "f" });
    h.send({ type: "control", action: "next", by: "f" });
    const ballot = lastOf(h, "prompt", "brainstorm.votePrompt");
    const onBallot = ballot.options.map(labelText).join();
    expect(onBallot).toContain("early idea");
    expect(onBallot).toContain("late idea");
    h.runTimers();
    const ideas = summaryOf(h.effects).ideas.map((i) => i.text);
    expect(ideas.sort()).toEqual(["early idea", "late idea"]);
  });
});

describe("check-in", () => {
  const checkIn = { id: "arrive", kind: "check-in", prompt: { en: "One word?" }, seconds: 120 };

  it("runs before the ground rules, ends once everyone has spoken, and keeps nothing of what was said", () => {
    const h = start([checkIn, stages.groundRules(), stages.discussion()]);
    expect(h.status().stageKind).toBe("check-in");
    expect(saysTo(h.effects, "checkIn.intro", "room")).toHaveLength(1);
    for (const p of people) {
      expect(h.status().stageKind).toBe("check-in");
      h.send({ type: "participant.say", participantId: p.id, text: `tired but curious ${p.id}` });
    }
    expect(saysTo(h.effects, "checkIn.done", "room")).toHaveLength(1);
    expect(h.status().stageKind).toBe("ground-rules");
    h.send({ type: "control", action: "end", by: "f" });
    const record = summaryOf(h.effects);
    expect(JSON.stringify(record)).not.toContain("curious");
    expect(record.participation.every((p) => p.words === 0)).toBe(true);
  });

  it("ends when its time is up, even if someone stayed quiet", () => {
    const h = start([checkIn, stages.groundRules()]);
    h.send({ type: "participant.say", participantId: "a1", text: "hello" });
    h.advance(120_000);
    expect(h.status().stageKind).toBe("ground-rules");
  });
});

describe("a survey after the ground rules", () => {
  it("does not wait for someone held at consent, who cannot answer", () => {
    const h = start([stages.groundRules(), stages.survey(), stages.discussion()]);
    const consent = lastOf(h, "prompt", "groundRules.consentPrompt");
    for (const p of people.slice(0, 3))
      h.send({ type: "participant.choose", participantId: p.id, promptId: consent.promptId, value: "yes" });
    h.send({ type: "participant.choose", participantId: "b2", promptId: consent.promptId, value: "no" });
    // The ground rules wait for the refusal to be dealt with; the facilitator moves on anyway.
    h.send({ type: "control", action: "next", by: "f", force: true });
    expect(h.status().stageKind).toBe("survey");
    const likert = lastOf(h, "prompt", "survey.likert");
    const text = lastOf(h, "collect", "survey.text");
    for (const p of people.slice(0, 3)) {
      h.send({ type: "participant.choose", participantId: p.id, promptId: likert.promptId, value: "3" });
      h.send({ type: "participant.submit", participantId: p.id, promptId: text.promptId, text: "ok" });
    }
    expect(h.status().stageKind).toBe("discussion");
  });
});
