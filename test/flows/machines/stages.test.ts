import { describe, expect, it } from "vitest";
import { rankIdeas } from "../../../src/flows/stages/brainstorm.ts";
import type { FlowEffect } from "../../../src/flows/protocol.ts";
import { noReview, reviewItems } from "../../../src/flows/review.ts";
import { contributionsSoFar, nextDeadline } from "../../../src/flows/workshop-view.ts";
import {
  flow,
  fourPeople,
  harness,
  joinAll,
  keys,
  lastOf,
  saysTo,
  stages,
  started,
  summaryOf,
  type Harness,
} from "./harness.ts";

const people = fourPeople;
const start = (stageList: unknown[], extra: Record<string, unknown> = {}) => started(stageList, extra);

describe.each([
  ["break", stages.break(), 300_000],
  ["discussion", stages.discussion(), 120_000],
  ["survey", stages.survey(), 60_000],
])("timed stage %s", (_name, stage, ms) => {
  it("ends at its deadline", () => {
    const h = start([stage, stages.message()]);
    h.advance(ms - 1);
    expect(h.status().stageIndex).toBe(0);
    h.advance(1);
    expect(h.snapshot().status).toBe("done");
  });
  it("pause keeps the remaining time; resume continues with it", () => {
    const h = start([stage, stages.message()]);
    h.now += 10_000;
    h.send({ type: "control", action: "pause", by: "f" });
    expect(nextDeadline(h.snapshot())).toBeNull();
    h.now += 1_000_000;
    h.send({ type: "control", action: "resume", by: "f" });
    expect(nextDeadline(h.snapshot())).toBe(h.now + ms - 10_000);
  });
  it("extend while paused adds to the time left on resume", () => {
    const h = start([stage, stages.message()]);
    h.send({ type: "control", action: "pause", by: "f" });
    h.send({ type: "control.extend", minutes: 1, by: "f" });
    h.now += 5_000;
    h.send({ type: "control", action: "resume", by: "f" });
    expect(nextDeadline(h.snapshot())).toBe(h.now + ms + 60_000);
  });
  it("extend adds minutes", () => {
    const h = start([stage, stages.message()]);
    const before = nextDeadline(h.snapshot()) ?? 0;
    const out = h.send({ type: "control.extend", minutes: 3, by: "f" });
    expect(keys(out)).toContain("workshop.extended");
    expect(nextDeadline(h.snapshot())).toBe(before + 180_000);
    h.advance(ms);
    expect(h.status().stageIndex).toBe(0);
  });
});

describe("discussion", () => {
  it("gives everyone the floor", () => {
    const h = start([stages.discussion()]);
    expect(h.effects.some((e) => e.type === "floor" && e.holders === "everyone")).toBe(true);
  });
});

describe("brainstorm", () => {
  function diverge(h: Harness, ideas: [string, string][]) {
    const collect = lastOf(h, "collect", "brainstorm.collect");
    for (const [who, text] of ideas)
      h.send({ type: "participant.submit", participantId: who, promptId: collect.promptId, text });
  }

  it("holds an idea screening held at intake for the facilitators, on a stage without review", () => {
    const h = start([stages.brainstorm()]);
    const collect = lastOf(h, "collect", "brainstorm.collect");
    const submit = (who: string, text: string, hold?: boolean) =>
      h.send({
        type: "participant.submit",
        participantId: who,
        promptId: collect.promptId,
        text,
        ...(hold === undefined ? {} : { hold }),
      });
    const heldAsk = (out: readonly FlowEffect[]) =>
      out.filter((e) => e.type === "prompt" && e.key === "review.held" && e.audience.to === "facilitators");
    // An event from before the field existed (no `hold`) is not held; a held one is, and only it.
    expect(heldAsk(submit("a1", "a shared garden"))).toEqual([]);
    expect(heldAsk(submit("b1", "you are all liars", true))).toHaveLength(1);
    expect(heldAsk(submit("b1", "a football match"))).toEqual([]);
    const items = reviewItems(h.snapshot().context.review ?? noReview);
    const texts = new Map(contributionsSoFar(h.snapshot()).map((c) => [c.id, c.text]));
    expect(items.map((i) => [texts.get(i.contribution), i.status])).toEqual([
      ["a shared garden", "shown"],
      ["you are all liars", "held"],
      ["a football match", "shown"],
    ]);
    expect(h.snapshot().context.screenHolds).toEqual([]);
  });

  it("caps ideas per person", () => {
    const h = start([stages.brainstorm()]);
    diverge(h, [
      ["a1", "one"],
      ["a1", "two"],
    ]);
    const collect = lastOf(h, "collect", "brainstorm.collect");
    const out = h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: collect.promptId,
      text: "three",
    });
    expect(saysTo(out, "brainstorm.capReached", "a1")).toHaveLength(1);
  });

  it("ranks an idea backed by every group above one backed by one group only", () => {
    const h = start([stages.brainstorm()]);
    diverge(h, [
      ["a1", "one-sided"],
      ["b1", "shared"],
    ]);
    h.send({ type: "control", action: "next", by: "f" }); // to clustering
    h.send({ type: "control", action: "next", by: "f" }); // to voting
    const vote = lastOf(h, "prompt", "brainstorm.votePrompt");
    const idOf = (text: string) =>
      vote.options.find((o) => "text" in o.label && (o.label.text.en ?? "").includes(text))?.value ?? "";
    // The one-sided idea has more votes in total, but only from group a.
    for (const who of ["a1", "a2"]) {
      h.send({
        type: "participant.choose",
        participantId: who,
        promptId: vote.promptId,
        value: idOf("one-sided"),
      });
    }
    h.send({
      type: "participant.choose",
      participantId: "a1",
      promptId: vote.promptId,
      value: idOf("shared"),
    });
    h.send({
      type: "participant.choose",
      participantId: "b1",
      promptId: vote.promptId,
      value: idOf("shared"),
    });
    h.send({ type: "control", action: "next", by: "f" });
    const record = summaryOf(h.effects);
    expect(record.ideas.map((i) => i.text)).toEqual(["shared", "one-sided"]);
    expect(record.ideas[0]?.crossGroupSupport).toBe(0.5);
    expect(record.ideas[1]?.crossGroupSupport).toBe(0);
  });

  it("dot voting enforces dots and per-idea caps", () => {
    const h = start([stages.brainstorm()]);
    diverge(h, [
      ["a1", "x"],
      ["b1", "y"],
      ["b2", "z"],
    ]);
    h.runTimers(2);
    const vote = lastOf(h, "prompt", "brainstorm.votePrompt");
    const [x, y, z] = vote.options.map((o) => o.value);
    const choose = (value: string | undefined) =>
      h.send({
        type: "participant.choose",
        participantId: "a1",
        promptId: vote.promptId,
        value: value ?? "",
      });
    choose(x);
    expect(saysTo(choose(x), "brainstorm.voteRejected", "a1")).toHaveLength(1);
    choose(y);
    expect(saysTo(choose(z), "brainstorm.voteRejected", "a1")).toHaveLength(1);
  });

  it("clustering merges ideas under a label", () => {
    const h = start([stages.brainstorm()]);
    diverge(h, [
      ["a1", "x"],
      ["b1", "x too"],
    ]);
    h.send({ type: "control", action: "next", by: "f" });
    const bad = h.send({ type: "control.cluster", ideaIds: ["1", "7"], label: "X", by: "f" });
    expect(saysTo(bad, "brainstorm.clusterRejected", "facilitators")).toHaveLength(1);
    expect(keys(bad)).not.toContain("brainstorm.clustered");
    // Facilitators cite the numbers of the list they were shown.
    const out = h.send({ type: "control.cluster", ideaIds: ["1", "2"], label: "X", by: "f" });
    expect(keys(out)).toContain("brainstorm.clustered");
    h.runTimers();
    expect(summaryOf(h.effects).ideas.map((i) => i.cluster)).toEqual(["X"]);
  });
});

describe("needs articulation", () => {
  it("collects privately, presents by group, and records recognition by another group", () => {
    // Groups of two, allowed to be shown as groups by the flow (the anonymous default would pool them).
    const h = start([stages.needs()], { confidentiality: "anonymous", minGroupSize: 2 });
    const collect = lastOf(h, "collect", "needs.collect");
    h.send({ type: "participant.submit", participantId: "a1", promptId: collect.promptId, text: "safety" });
    h.send({ type: "participant.submit", participantId: "b1", promptId: collect.promptId, text: "dignity" });
    const shown = h.advance(60_000);
    expect(saysTo(shown, "needs.presentGroup", "room")).toHaveLength(2);
    for (const e of shown) expect(JSON.stringify(e)).not.toMatch(/"participant":"(a1|b1)"/u);
    const prompt = lastOf(h, "prompt", "needs.recognisePrompt");
    const safety = prompt.options.find((o) => JSON.stringify(o.label).includes("safety"))?.value ?? "";
    h.send({ type: "participant.choose", participantId: "b2", promptId: prompt.promptId, value: safety });
    h.runTimers();
    expect(summaryOf(h.effects).recognisedNeeds).toEqual([
      { text: "safety", group: "a", recognisedByGroups: ["b"] },
    ]);
  });
});

describe("needs categories", () => {
  it("collects each category through its own private input and keeps it", () => {
    const h = start([stages.needs({ categories: ["needs", "fears"], recognition: false })], {
      confidentiality: "open",
    });
    const collects = h.effects.filter((e) => e.type === "collect" && e.key === "needs.collect");
    expect(collects.map((c) => c.type === "collect" && c.vars?.["category"])).toEqual(["needs", "fears"]);
    const fears = collects[1];
    if (fears?.type !== "collect") throw new Error("no fears input");
    h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: fears.promptId,
      text: "losing home",
    });
    const shown = h.advance(60_000);
    expect(shown.find((e) => e.type === "say" && e.key === "needs.item")).toMatchObject({
      vars: { category: "fears", text: { userText: "losing home" } },
    });
  });
});

describe("brainstorm in the room", () => {
  it("takes ideas from room messages only when the workshop is open", () => {
    for (const confidentiality of ["open", "chatham-house"] as const) {
      const h = start([stages.brainstorm()], { confidentiality });
      h.send({ type: "participant.say", participantId: "a1", text: "a room idea" });
      h.send({ type: "control", action: "end", by: "f" });
      expect(summaryOf(h.effects).ideas.map((i) => i.text)).toEqual(
        confidentiality === "open" ? ["a room idea"] : [],
      );
    }
  });
});

describe("survey", () => {
  it("records Likert and text answers privately, and keeps them only as aggregates outside open workshops", () => {
    const h = start([stages.survey()]);
    h.send({ type: "participant.choose", participantId: "a1", promptId: "evaluation-consent", value: "yes" });
    const likert = lastOf(h, "prompt", "survey.likert");
    const text = lastOf(h, "collect", "survey.text");
    const a = h.send({
      type: "participant.choose",
      participantId: "a1",
      promptId: likert.promptId,
      value: "4",
    });
    const b = h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: text.promptId,
      text: "good",
    });
    expect(saysTo([...a, ...b], "survey.answerRecorded", "a1")).toHaveLength(2);
    h.runTimers();
    const record = summaryOf(h.effects);
    // Chatham House: no answer is listed respondent by respondent, only the aggregates.
    expect(record.contributions).toEqual([]);
    expect(record.surveys).toEqual([
      {
        stageId: "survey",
        questionId: "q1",
        type: "likert",
        respondents: 1,
        counts: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 },
      },
      { stageId: "survey", questionId: "q2", type: "text", respondents: 1, answers: ["good"] },
    ]);
  });
});

describe("survey question types and consent to the evaluation (issue 15)", () => {
  const typed = () =>
    stages.survey({
      questions: [
        {
          id: "trust",
          type: "likert",
          points: 7,
          text: { en: "Trust?" },
          lowLabel: { en: "none" },
          highLabel: { en: "full" },
        },
        { id: "warmth", type: "thermometer", text: { en: "Warmth?" } },
        {
          id: "way",
          type: "choice",
          text: { en: "Which way?" },
          options: [
            { id: "bus", label: { en: "Bus" } },
            { id: "walk", label: { en: "Walk" } },
          ],
        },
      ],
    });

  it("asks each participant privately, on joining, whether their answers may be used", () => {
    const h = harness(flow([typed()]));
    joinAll(h, people);
    const asked = h.effects.filter((e) => e.type === "prompt" && e.key === "evaluation.consentPrompt");
    expect(asked.map((e) => (e.type === "prompt" ? e.audience : null))).toEqual(
      people.map((p) => ({ to: "participant", participantId: p.id })),
    );
  });

  it("never asks in a flow without a survey", () => {
    const h = harness(flow([stages.discussion()]));
    joinAll(h, people);
    expect(keys(h.effects)).not.toContain("evaluation.consentPrompt");
  });

  it("shows the author's scale ends, takes a thermometer number privately, and one listed option", () => {
    const h = start([typed()]);
    for (const id of ["a1", "b1"])
      h.send({ type: "participant.choose", participantId: id, promptId: "evaluation-consent", value: "yes" });
    const likert = lastOf(h, "prompt", "survey.likert");
    expect(likert.vars).toMatchObject({ points: 7, labels: "yes", low: { text: { en: "none" } } });
    expect(likert.options).toHaveLength(7);
    const thermo = lastOf(h, "collect", "survey.thermometer");
    const choice = lastOf(h, "prompt", "survey.choice");
    expect(choice.options.map((o) => o.value)).toEqual(["bus", "walk"]);
    const bad = h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: thermo.promptId,
      text: "very warm",
    });
    expect(saysTo(bad, "survey.thermometerInvalid", "a1")).toHaveLength(1);
    // The question again, to that participant only.
    expect(bad.filter((e) => e.type === "collect")).toEqual([
      { ...thermo, audience: { to: "participant", participantId: "a1" } },
    ]);
    const over = h.send({
      type: "participant.submit",
      participantId: "a1",
      promptId: thermo.promptId,
      text: "101",
    });
    expect(saysTo(over, "survey.thermometerInvalid", "a1")).toHaveLength(1);
    h.send({ type: "participant.submit", participantId: "a1", promptId: thermo.promptId, text: " 70 " });
    h.send({ type: "participant.submit", participantId: "b1", promptId: thermo.promptId, text: "40" });
    h.send({ type: "participant.choose", participantId: "a1", promptId: choice.promptId, value: "walk" });
    h.send({ type: "participant.choose", participantId: "b1", promptId: choice.promptId, value: "nope" });
    h.runTimers();
    const record = summaryOf(h.effects);
    expect(record.surveys).toEqual([
      {
        stageId: "survey",
        questionId: "trust",
        type: "likert",
        respondents: 0,
        counts: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0 },
      },
      { stageId: "survey", questionId: "warmth", type: "thermometer", respondents: 2, mean: 55 },
      { stageId: "survey", questionId: "way", type: "choice", respondents: 1, counts: { bus: 0, walk: 1 } },
    ]);
  });

  it("leaves out every answer of someone who declined or never answered, while they keep taking part", () => {
    const h = start([stages.survey()], { confidentiality: "open" });
    h.send({ type: "participant.choose", participantId: "a1", promptId: "evaluation-consent", value: "yes" });
    const declined = h.send({
      type: "participant.choose",
      participantId: "a2",
      promptId: "evaluation-consent",
      value: "no",
    });
    expect(saysTo(declined, "evaluation.consentRecorded", "a2")).toHaveLength(1);
    // Asked once: a later "yes" does not overturn the answer given.
    h.send({ type: "participant.choose", participantId: "a2", promptId: "evaluation-consent", value: "yes" });
    const likert = lastOf(h, "prompt", "survey.likert");
    for (const [id, value] of [
      ["a1", "2"],
      ["a2", "5"],
      ["b1", "4"],
    ] as const) {
      const out = h.send({ type: "participant.choose", participantId: id, promptId: likert.promptId, value });
      expect(saysTo(out, "survey.answerRecorded", id)).toHaveLength(1);
    }
    h.runTimers();
    const record = summaryOf(h.effects);
    expect(record.surveys?.[0]).toMatchObject({ respondents: 1, counts: { 2: 1, 4: 0, 5: 0 } });
    expect(record.contributions.map((c) => c.text)).toEqual(["survey:survey:q1=2"]);
  });
});

describe("stages before the ground rules", () => {
  it("a survey before the ground rules records answers (nobody is held yet)", () => {
    const h = start([stages.survey(), stages.groundRules(), stages.discussion()]);
    const likert = lastOf(h, "prompt", "survey.likert");
    const out = h.send({
      type: "participant.choose",
      participantId: "a1",
      promptId: likert.promptId,
      value: "3",
    });
    expect(saysTo(out, "survey.answerRecorded", "a1")).toHaveLength(1);
    expect(saysTo(out, "workshop.heldAtConsent", "a1")).toHaveLength(0);
  });
});

describe("message", () => {
  it("says its text and moves on", () => {
    const h = start([stages.message(), stages.break()]);
    expect(saysTo(h.effects, "message.text", "room")).toHaveLength(1);
    expect(h.status().stageKind).toBe("break");
  });
});

describe("ranking", () => {
  const c = (id: string, kind: string, text: string, author: string, group: string) => ({
    id,
    stageId: "ideas",
    kind,
    text,
    author,
    group,
  });
  it("shares are taken among the voters of each group in this vote, not of the whole workshop", () => {
    const ideas = [c("i1", "brainstorm", "x", "a1", "a"), c("i2", "brainstorm", "y", "b1", "b")];
    // Group a: one of two voters backs i1; group b: its single voter backs both.
    const votes = [
      c("v1", "vote", "i1", "a1", "a"),
      c("v2", "vote", "i2", "a2", "a"),
      c("v3", "vote", "i1", "b1", "b"),
      c("v4", "vote", "i2", "b1", "b"),
    ];
    const ranked = rankIdeas(ideas, votes, ["a", "b", "c"]);
    // Tied ideas come in the seeded order, not by id (ids follow arrival).
    expect(ranked.map((r) => [r.id, r.crossGroupSupport]).sort()).toEqual([
      ["i1", 0.5],
      ["i2", 0.5],
    ]);
    expect(ranked.find((r) => r.id === "i1")?.supportByGroup).toEqual({ a: 1, b: 1, c: 0 });
    // A group that took no part in the vote (c) does not zero every idea.
    expect(rankIdeas(ideas, [], ["a", "b"]).every((r) => r.crossGroupSupport === 0)).toBe(true);
  });
});
