// The joint-statement stage: amendments decided group by group, consent per group and sentence,
// the sharing scope, withdrawal, languages, timers, back/next/end, persistence, confidentiality.
// Part one explores the stage machine on its own (every state, every path ends); part two runs
// the real workshop machine with the harness.
import { createActor, type AnyStateMachine } from "xstate";
import { getShortestPaths, getStateNodes } from "xstate/graph";
import { describe, expect, it } from "vitest";
import type { FlowEffect, Participant, StatementRecord } from "../../../src/flows/protocol.ts";
import type { FlowSpec, StageSpec } from "../../../src/flows/spec.ts";
import {
  flowFacts,
  type StageContext,
  type StageEvent,
  type StageInput,
  type StageReport,
  type StageReports,
  type WorkshopView,
} from "../../../src/flows/stages/common.ts";
import { createStageMachine } from "../../../src/flows/stages/index.ts";
import { parseAmendment } from "../../../src/flows/stages/joint-statement.ts";
import {
  createWorkshopMachine,
  withoutParticipant,
  type WorkshopSnapshot,
} from "../../../src/flows/workshop.ts";
import { workshopRecord } from "../../../src/flows/workshop-view.ts";
import {
  flow,
  harness,
  joinAll,
  keys,
  participantRefs,
  person,
  saysTo,
  stages,
  T0,
  type Harness,
  summaryOf,
} from "./harness.ts";

const en = (s: string) => ({ en: s });
const people = [
  person("a1", "a"),
  person("a2", "a"),
  person("a3", "a"),
  person("b1", "b"),
  person("b2", "b"),
  person("b3", "b"),
];
const ids = people.map((p) => p.id);

const statement = (o: Record<string, unknown> = {}) => ({
  id: "statement",
  kind: "joint-statement",
  seed: { from: "draft", sentences: [en("We met."), en("We listened.")] },
  amendSeconds: 120,
  reviewSeconds: 60,
  voteSeconds: 60,
  consentSeconds: 120,
  ...o,
});

function start(
  stageList: unknown[] = [statement()],
  extra: Record<string, unknown> = {},
  who: readonly Participant[] = people,
): Harness {
  const h = harness(flow(stageList, extra));
  joinAll(h, who);
  h.send({ type: "control", action: "start", by: "f" });
  return h;
}

const next = (h: Harness) => h.send({ type: "control", action: "next", by: "f" });

function amend(h: Harness, who: string, text: string): FlowEffect[] {
  return h.send({ type: "participant.submit", participantId: who, promptId: "amend:statement", text });
}

/** The prompt of one amendment (by its number) or one sentence (by its number), the latest one. */
function promptFor(h: Harness, key: string, n: number) {
  const e = [...h.effects]
    .reverse()
    .find((x) => x.type === "prompt" && x.key === key && x.vars?.["number"] === n);
  if (e?.type !== "prompt") throw new Error(`no ${key} ${String(n)}`);
  return e;
}

function vote(h: Harness, n: number, answers: Record<string, "yes" | "no">): void {
  const p = promptFor(h, "jointStatement.votePrompt", n);
  for (const [who, value] of Object.entries(answers))
    h.send({ type: "participant.choose", participantId: who, promptId: p.promptId, value });
}

function consent(h: Harness, n: number, answers: Record<string, "yes" | "no">): void {
  const p = promptFor(h, "jointStatement.consentPrompt", n);
  for (const [who, value] of Object.entries(answers))
    h.send({ type: "participant.choose", participantId: who, promptId: p.promptId, value });
}

function scope(h: Harness, answers: Record<string, string>): void {
  for (const [who, value] of Object.entries(answers))
    h.send({ type: "participant.choose", participantId: who, promptId: "scope:statement", value });
}

const all = (value: "yes" | "no", who: readonly string[] = ids) =>
  Object.fromEntries(who.map((id) => [id, value])) as Record<string, "yes" | "no">;

function statementOf(h: Harness): StatementRecord {
  const s = workshopRecord(h.snapshot()).statements?.[0];
  if (s === undefined) throw new Error("no statement");
  return s;
}

const texts = (s: StatementRecord, locale = "en") => s.sentences.map((x) => x.text[locale]);

describe("amendment syntax", () => {
  it("reads add, delete, reword and translate, and refuses anything else", () => {
    expect(parseAmendment("+ We will meet again.")).toMatchObject({
      action: "add",
      text: "We will meet again.",
    });
    expect(parseAmendment("- 2")).toMatchObject({ action: "delete", number: 2 });
    expect(parseAmendment("2: We heard each other.")).toMatchObject({ action: "reword", number: 2 });
    expect(parseAmendment("2 ar: استمعنا")).toMatchObject({ action: "translate", number: 2, locale: "ar" });
    expect(parseAmendment("I think so")).toBeNull();
    expect(parseAmendment("x".repeat(2001))).toBeNull();
  });
});

describe("amendments are decided group by group, never by the room alone", () => {
  it("a majority of each group present accepts; a room majority with one group's minority does not", () => {
    const h = start();
    amend(h, "a1", "+ We will meet again.");
    amend(h, "b1", "2: We listened to each other.");
    next(h); // review
    next(h); // vote
    const numberOf = (text: string) => {
      const p = [...h.effects].find(
        (e) =>
          e.type === "prompt" &&
          e.key === "jointStatement.votePrompt" &&
          JSON.stringify(e.vars).includes(text),
      );
      return p?.type === "prompt" ? (p.vars?.["number"] as number) : -1;
    };
    // 4 of 6 in the room, but only 1 of 3 in group b.
    vote(h, numberOf("meet again"), { a1: "yes", a2: "yes", a3: "yes", b1: "yes", b2: "no", b3: "no" });
    // 2 of 3 in each group.
    vote(h, numberOf("each other"), { a1: "yes", a2: "yes", a3: "no", b1: "yes", b2: "yes", b3: "no" });
    // Everyone has voted: the consent round opens by itself.
    const results = saysTo(h.effects, "jointStatement.amendmentResult", "room");
    expect(results.map((e) => e.type === "say" && [e.vars?.["number"], e.vars?.["accepted"]])).toEqual(
      expect.arrayContaining([
        [numberOf("meet again"), "no"],
        [numberOf("each other"), "yes"],
      ]),
    );
    consent(h, 1, all("yes"));
    consent(h, 2, all("yes"));
    scope(h, { a1: "room" });
    next(h); // closes the consent round (others did not choose a scope)
    next(h); // ends the stage
    const s = statementOf(h);
    expect(texts(s)).toEqual(["We met.", "We listened to each other."]);
    const record = summaryOf(h.effects);
    expect(record.contributions.filter((c) => c.kind === "amendment").map((c) => c.author)).toEqual([
      null,
      null,
    ]);
  });

  it("consensus-of-each-group: one member of a group against is enough to reject", () => {
    const h = start([statement({ amendmentRule: "consensus-of-each-group" })]);
    amend(h, "a1", "- 1");
    next(h);
    next(h);
    vote(h, 1, { ...all("yes"), b3: "no" });
    expect(saysTo(h.effects, "jointStatement.amendmentResult", "room")[0]).toMatchObject({
      vars: { accepted: "no" },
    });
  });

  it("facilitators merge duplicates: only the first is voted on; a bad merge is refused", () => {
    const h = start();
    amend(h, "a1", "+ Peace.");
    amend(h, "b1", "+ Peace!");
    amend(h, "b2", "- 1");
    next(h);
    const refused = h.send({ type: "control.cluster", ideaIds: ["1", "9"], label: "d", by: "f" });
    expect(saysTo(refused, "jointStatement.mergeRefused", "facilitators")).toHaveLength(1);
    const merged = h.send({ type: "control.cluster", ideaIds: ["1", "2"], label: "d", by: "f" });
    expect(keys(merged)).toContain("jointStatement.merged");
    const ballots = next(h).filter((e) => e.type === "prompt" && e.key === "jointStatement.votePrompt");
    expect(ballots).toHaveLength(2);
  });

  it("caps amendments per person and explains a malformed one privately", () => {
    const h = start([statement({ maxAmendmentsPerPerson: 1 })]);
    expect(saysTo(amend(h, "a1", "hello"), "jointStatement.amendmentRefused", "a1")).toHaveLength(1);
    expect(saysTo(amend(h, "a1", "- 7"), "jointStatement.amendmentRefused", "a1")).toHaveLength(1);
    expect(saysTo(amend(h, "a1", "- 1"), "jointStatement.amendmentReceived", "a1")).toHaveLength(1);
    const capped = amend(h, "a1", "- 2");
    expect(saysTo(capped, "jointStatement.amendmentRefused", "a1")[0]).toMatchObject({
      vars: { reason: "cap" },
    });
  });
});

describe("consent per group", () => {
  function toConsent(extra: Record<string, unknown> = {}, o: Record<string, unknown> = {}) {
    const h = start([statement(o)], extra);
    next(h); // no amendments: straight to consent
    expect(keys(h.effects)).toContain("jointStatement.consentIntro");
    return h;
  }

  it("passes when every group consents to every sentence; lists the groups", () => {
    const h = toConsent();
    consent(h, 1, all("yes"));
    consent(h, 2, all("yes"));
    scope(h, all("room" as "yes"));
    const s = statementOf(h);
    expect(s.passed).toBe(true);
    expect(s.groups).toEqual([
      { group: "a", consented: true, withdrawn: false },
      { group: "b", consented: true, withdrawn: false },
    ]);
    expect(saysTo(h.effects, "jointStatement.result", "room").at(-1)).toMatchObject({
      vars: { passed: "yes" },
    });
  });

  it("fails for a group one of whose members refuses (threshold all), and per-group results carry no counts", () => {
    const h = toConsent();
    consent(h, 1, all("yes"));
    consent(h, 2, { ...all("yes"), b2: "no" });
    next(h);
    const s = statementOf(h);
    expect(s.passed).toBe(false);
    expect(s.sentences.map((x) => x.consented)).toEqual([true, false]);
    expect(s.groups.map((g) => [g.group, g.consented])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    for (const e of h.effects)
      if (e.type === "say" && e.key.startsWith("jointStatement."))
        expect(Object.keys(e.vars ?? {})).not.toEqual(expect.arrayContaining(["yes", "votes", "support"]));
  });

  it("threshold majority: a group consents with a majority of its members present", () => {
    const h = toConsent({}, { consentThreshold: "majority" });
    consent(h, 1, { ...all("yes"), b2: "no" });
    consent(h, 2, { ...all("yes"), a3: "no" });
    next(h);
    expect(statementOf(h).passed).toBe(true);
  });

  it("a group with nobody present is not asked; a group present that does not answer has not consented", () => {
    const h = start([statement()], {}, people.slice(0, 3));
    next(h);
    consent(h, 1, all("yes", ["a1", "a2", "a3"]));
    consent(h, 2, all("yes", ["a1", "a2", "a3"]));
    scope(h, { a1: "room", a2: "room", a3: "room" });
    expect(statementOf(h).groups.map((g) => g.group)).toEqual(["a"]);
    expect(statementOf(h).passed).toBe(true);
  });

  it("the narrowest scope any group chooses wins, and nothing wider than the proposal is offered", () => {
    const h = toConsent({}, { proposedScope: "communities" });
    const prompt = [...h.effects].find((e) => e.type === "prompt" && e.key === "jointStatement.scopePrompt");
    expect(prompt?.type === "prompt" && prompt.options.map((o) => o.value)).toEqual(["room", "communities"]);
    scope(h, { a1: "communities", b1: "public" }); // public is not offered: ignored
    next(h);
    expect(statementOf(h).scope).toBe("communities");
    const h2 = toConsent({}, { proposedScope: "public" });
    scope(h2, { a1: "public", a2: "public", b1: "room" });
    next(h2);
    expect(statementOf(h2).scope).toBe("room");
  });

  it("facilitators withdraw a group's consent before the stage ends; an unknown group is refused", () => {
    const h = toConsent();
    consent(h, 1, all("yes"));
    consent(h, 2, all("yes"));
    scope(h, all("room" as "yes"));
    expect(statementOf(h).passed).toBe(true);
    const bad = h.send({ type: "control.withdraw", group: "zz", by: "f" });
    expect(saysTo(bad, "jointStatement.withdrawRefused", "facilitators")).toHaveLength(1);
    const out = h.send({ type: "control.withdraw", group: "b", by: "f" });
    expect(keys(out)).toContain("jointStatement.withdrawn");
    expect(statementOf(h).passed).toBe(false);
    expect(statementOf(h).groups.find((g) => g.group === "b")).toEqual({
      group: "b",
      consented: false,
      withdrawn: true,
    });
    next(h);
    expect(h.snapshot().status).toBe("done");
    expect(summaryOf(h.effects).statements?.[0]?.passed).toBe(false);
  });

  it("the prompt before consent says a consented sentence stays as the groups' text after forget-me", () => {
    const h = toConsent();
    expect(saysTo(h.effects, "jointStatement.consentIntro", "room")).toHaveLength(1);
  });
});

describe("timers, and back, next and end mid-stage", () => {
  it("each phase ends at its deadline, the results' withdrawal window too", () => {
    const h = start();
    amend(h, "a1", "+ More.");
    h.advance(120_000 - 1);
    expect(h.status().phase).toBe("amend");
    h.advance(1);
    expect(h.status().phase).toBe("review");
    h.advance(60_000);
    expect(h.status().phase).toBe("vote");
    h.advance(60_000); // nobody voted: rejected
    expect(h.status().phase).toBe("ratify");
    h.advance(120_000);
    expect(h.status().phase).toBe("closed");
    h.advance(120_000 - 1);
    expect(h.status().phase).toBe("closed");
    expect(statementOf(h).passed).toBe(false);
    // Nothing consented: no text is kept.
    expect(statementOf(h).sentences.map((x) => [x.consented, x.text])).toEqual([
      [false, {}],
      [false, {}],
    ]);
    h.advance(1); // the withdrawal time-box ends the stage
    expect(h.snapshot().status).toBe("done");
  });

  it("without amendments the amend deadline goes straight to consent", () => {
    const h = start();
    h.advance(120_000);
    expect(h.status().phase).toBe("ratify");
  });

  it("end mid-vote: the summary keeps the amendments without authors and has no statement", () => {
    const h = start();
    amend(h, "a1", "+ More.");
    next(h);
    next(h);
    h.send({ type: "control", action: "end", by: "f" });
    const record = summaryOf(h.effects);
    expect(record.statements).toEqual([]);
    expect(record.contributions.filter((c) => c.kind === "amendment")).toEqual([
      { stageId: "statement", kind: "amendment", text: "+ More.", author: null, group: "a" },
    ]);
  });

  it("back from the consent round, then next: the statement starts afresh from its seed", () => {
    const h = start([stages.discussion(), statement()]);
    next(h);
    amend(h, "a1", "+ More.");
    next(h);
    next(h);
    vote(h, 1, all("yes"));
    expect(h.status().phase).toBe("ratify");
    h.send({ type: "control", action: "back", by: "f" });
    expect(h.status().stageIndex).toBe(0);
    next(h);
    expect(h.status().stageIndex).toBe(1);
    next(h);
    consent(h, 1, all("yes"));
    consent(h, 2, all("yes"));
    scope(h, all("room" as "yes"));
    next(h);
    const record = summaryOf(h.effects);
    expect(record.statements?.map((s) => texts(s))).toEqual([["We met.", "We listened."]]);
    expect(record.contributions.filter((c) => c.kind === "amendment")).toEqual([]);
  });
});

describe("persistence", () => {
  /** One consented statement, step by step (each step a separate moment to persist at). */
  const script = (h: Harness): (() => void)[] => [
    () => amend(h, "a1", "+ More."),
    () => amend(h, "b1", "1: We met, at last."),
    () => next(h),
    () => h.send({ type: "control.cluster", ideaIds: ["1", "9"], label: "x", by: "f" }),
    () => next(h),
    () => {
      vote(h, 1, all("yes"));
      vote(h, 2, all("yes"));
    },
    () => {
      consent(h, 1, all("yes"));
    },
    () => {
      consent(h, 2, all("yes"));
    },
    () => {
      consent(h, 3, all("yes"));
    },
    () => {
      scope(h, { ...all("public" as "yes"), b3: "communities" });
    },
    () => h.send({ type: "control.withdraw", group: "zz", by: "f" }),
    () => next(h),
  ];

  it("a snapshot saved as JSON and restored at any step goes on to the same statement", () => {
    const reference = start([statement({ proposedScope: "public" })]);
    for (const step of script(reference)) step();
    const expected = summaryOf(reference.effects).statements;
    expect(expected?.[0]?.sentences.map((x) => x.text["en"])).toEqual([
      "We met, at last.",
      "We listened.",
      "More.",
    ]);
    expect(expected?.[0]?.scope).toBe("communities");
    const total = script(reference).length;
    for (let stop = 1; stop < total; stop++) {
      const first = start([statement({ proposedScope: "public" })]);
      for (const step of script(first).slice(0, stop)) step();
      const persisted = JSON.parse(
        JSON.stringify(first.snapshot().machine.getPersistedSnapshot(first.snapshot())),
      ) as WorkshopSnapshot;
      const restored = harness(flow([statement({ proposedScope: "public" })]), {
        snapshot: persisted,
        now: first.now,
      });
      // The room still shows the prompts posted before the restart.
      restored.effects.unshift(...first.effects);
      for (const step of script(restored).slice(stop)) step();
      expect(summaryOf(restored.effects).statements, `restored after step ${String(stop)}`).toEqual(expected);
    }
  });
});

describe("languages: each sentence in every language of those present, consented sentence by sentence", () => {
  const bilingual = [
    person("a1", "a"),
    person("a2", "a"),
    { ...person("b1", "b"), locale: "ar" },
    { ...person("b2", "b"), locale: "ar" },
  ];
  const bilingualFlow = {
    locales: ["en", "ar"],
    title: { en: "Test", ar: "اختبار" },
    description: { en: "A test flow", ar: "مسار اختبار" },
    groups: [
      { id: "a", name: { en: "A", ar: "أ" } },
      { id: "b", name: { en: "B", ar: "ب" } },
    ],
  };
  const draft = statement({
    seed: { from: "draft", sentences: [{ en: "We met.", ar: "التقينا." }] },
    proposedScope: "communities",
  });

  it("an en/ar statement: a sentence added in English is final only once its Arabic version is consented to", () => {
    const h = start([draft], bilingualFlow, bilingual);
    amend(h, "a1", "+ We will meet again.");
    next(h);
    next(h);
    vote(h, 1, all("yes", ["a1", "a2", "b1", "b2"]));
    // The consent round: sentence 2 has no Arabic version yet.
    expect(saysTo(h.effects, "jointStatement.missingVersion", "room").at(-1)).toMatchObject({
      vars: { number: 2, languages: "ar" },
    });
    consent(h, 1, all("yes", ["a1", "a2", "b1", "b2"]));
    scope(h, { a1: "communities", a2: "communities", b1: "room", b2: "room" });
    // An interpreter (here b1) proposes the Arabic version; everyone is asked about sentence 2.
    const out = h.send({
      type: "participant.submit",
      participantId: "b1",
      promptId: "translate:statement",
      text: "2 ar: سنلتقي مجددًا.",
    });
    expect(keys(out)).toContain("jointStatement.translated");
    expect(h.status().phase).toBe("ratify");
    consent(h, 2, all("yes", ["a1", "a2", "b1", "b2"]));
    expect(h.status().phase).toBe("closed");
    const s = statementOf(h);
    expect(s.languages).toEqual(["en", "ar"]);
    expect(s.passed).toBe(true);
    expect(s.scope).toBe("room");
    expect(s.sentences.map((x) => x.text)).toEqual([
      { en: "We met.", ar: "التقينا." },
      { en: "We will meet again.", ar: "سنلتقي مجددًا." },
    ]);
  });

  it("a version added after someone consented asks them again: an earlier yes does not cover it", () => {
    const h = start([draft], bilingualFlow, bilingual);
    next(h);
    consent(h, 1, all("yes", ["a1", "a2", "b1", "b2"]));
    h.send({
      type: "participant.submit",
      participantId: "b2",
      promptId: "translate:statement",
      text: "1 ar: لقد التقينا.",
    });
    scope(h, all("room" as "yes", ["a1", "a2", "b1", "b2"]));
    expect(h.status().phase).toBe("ratify");
    next(h);
    expect(statementOf(h).sentences[0]).toMatchObject({ consented: false, text: {} });
    expect(saysTo(h.effects, "jointStatement.sentence", "room").at(-1)).toMatchObject({
      vars: { language: "ar", text: { userText: "لقد التقينا." } },
    });
  });

  it("only the languages of those present are required", () => {
    const h = start([draft], bilingualFlow, bilingual.slice(0, 2));
    amend(h, "a1", "+ We will meet again.");
    next(h);
    next(h);
    vote(h, 1, all("yes", ["a1", "a2"]));
    expect(saysTo(h.effects, "jointStatement.missingVersion", "room")).toEqual([]);
    consent(h, 1, all("yes", ["a1", "a2"]));
    consent(h, 2, all("yes", ["a1", "a2"]));
    scope(h, all("room" as "yes", ["a1", "a2"]));
    expect(statementOf(h)).toMatchObject({ passed: true, languages: ["en"] });
  });
});

describe("confidentiality: no amendment's author anywhere but their own private replies", () => {
  function run(confidentiality: string) {
    const h = start([statement()], { confidentiality, minGroupSize: 1 });
    amend(h, "a1", "+ Only a1 wrote this.");
    amend(h, "b2", "- 1");
    next(h);
    next(h);
    vote(h, 1, all("yes"));
    vote(h, 2, all("yes"));
    for (let n = 1; n <= 2; n++) consent(h, n, all("yes"));
    scope(h, all("room" as "yes"));
    next(h);
    return h;
  }

  it.each(["chatham-house", "anonymous"])("%s", (mode) => {
    const h = run(mode);
    const record = summaryOf(h.effects);
    expect(record.statements?.[0]?.passed).toBe(true);
    const amendments = record.contributions.filter((c) => c.kind === "amendment");
    expect(amendments).toHaveLength(2);
    expect(amendments.every((c) => c.author === null)).toBe(true);
    for (const id of ["a1", "b2"]) expect(JSON.stringify(record)).not.toContain(`"${id}"`);
    for (const e of h.effects) {
      if (e.type === "summary" || !("key" in e) || !e.key.startsWith("jointStatement.")) continue;
      if (e.audience.to === "participant") continue; // their own confirmations, and ballots
      expect(Object.values(e.vars ?? {}).flatMap(participantRefs), JSON.stringify(e)).toEqual([]);
      for (const id of ["a1", "b2"]) expect(JSON.stringify(e.vars ?? {})).not.toContain(`"${id}"`);
    }
  });

  it("open: the record keeps the authors", () => {
    const record = summaryOf(run("open").effects);
    expect(record.contributions.filter((c) => c.kind === "amendment").map((c) => c.author)).toEqual(
      expect.arrayContaining(["a1", "b2"]),
    );
  });
});

describe("a group below the minimum size (pooled)", () => {
  it("no room post names a group, and the record has one row for all groups", () => {
    const small = people.filter((p) => p.id !== "b3" && p.id !== "a3");
    const h = start([statement()], { confidentiality: "anonymous" }, small);
    amend(h, "a1", "+ More.");
    next(h);
    next(h);
    vote(h, 1, all("yes", ["a1", "a2", "b1", "b2"]));
    for (let n = 1; n <= 3; n++) consent(h, n, all("yes", ["a1", "a2", "b1", "b2"]));
    scope(h, all("room" as "yes", ["a1", "a2", "b1", "b2"]));
    const out = h.send({ type: "control.withdraw", group: "b", by: "f" });
    expect(saysTo(out, "jointStatement.withdrawn", "room")).toEqual([]);
    expect(saysTo(out, "jointStatement.withdrawn", "facilitators")).toHaveLength(1);
    for (const e of h.effects)
      if (e.type === "say" && e.audience.to === "room" && e.key.startsWith("jointStatement."))
        expect(JSON.stringify(e.vars ?? {}), e.key).not.toMatch(/"text":\{"en":"[AB]"\}/u);
    expect(statementOf(h).groups).toEqual([{ group: null, consented: false, withdrawn: true }]);
  });
});

describe("forget-me", () => {
  it("removes a participant's amendments and authorship; the consented sentence stays as the groups' text", () => {
    const h = start([statement()], { confidentiality: "open" });
    amend(h, "a1", "+ Written by a1.");
    next(h);
    next(h);
    vote(h, 1, all("yes"));
    for (let n = 1; n <= 3; n++) consent(h, n, all("yes"));
    scope(h, all("room" as "yes"));
    expect(statementOf(h).passed).toBe(true);
    h.send({ type: "participant.forget", participantId: "a1" });
    const during = workshopRecord(h.snapshot());
    expect(during.contributions.filter((c) => c.kind === "amendment")).toEqual([]);
    expect(texts(during.statements?.[0] as StatementRecord)).toContain("Written by a1.");
    next(h);
    // After the workshop: the runtime forgets through withoutParticipant.
    const h2 = start([statement()], { confidentiality: "open" });
    amend(h2, "b1", "+ Written by b1.");
    next(h2);
    next(h2);
    vote(h2, 1, all("yes"));
    for (let n = 1; n <= 3; n++) consent(h2, n, all("yes"));
    scope(h2, all("room" as "yes"));
    next(h2);
    const snap = h2.snapshot();
    const forgotten = { ...snap, context: withoutParticipant(snap.context, "b1") } as WorkshopSnapshot;
    const record = workshopRecord(forgotten);
    expect(record.contributions.some((c) => c.author === "b1")).toBe(false);
    expect(JSON.stringify(record)).not.toContain('"b1"');
    expect(texts(record.statements?.[0] as StatementRecord)).toContain("Written by b1.");
    expect(record.statements?.[0]?.passed).toBe(true);
  });
});

describe("forget-me before the results", () => {
  it("takes out the sentences and versions the participant wrote; the draft's stay", () => {
    const h = start([statement()], { confidentiality: "open" });
    amend(h, "a1", "+ Written by a1.");
    next(h);
    next(h);
    vote(h, 1, all("yes"));
    expect(saysTo(h.effects, "jointStatement.sentence", "room").length).toBeGreaterThan(0);
    h.send({ type: "participant.forget", participantId: "a1" });
    const rest = ids.filter((id) => id !== "a1");
    for (let n = 1; n <= 2; n++) consent(h, n, all("yes", rest));
    scope(h, all("room" as "yes", rest));
    expect(h.status().phase).toBe("closed");
    const s = statementOf(h);
    expect(texts(s)).toEqual(["We met.", "We listened."]);
    expect(JSON.stringify(workshopRecord(h.snapshot()))).not.toContain("Written by a1");
  });
});

describe("seeded from a brainstorm's shortlist", () => {
  it("the ranked shortlist becomes the numbered sentences", () => {
    const h = start([
      stages.brainstorm({ shortlist: 2, clusterSeconds: 0 }),
      statement({ seed: { from: "brainstorm", stage: "ideas" } }),
    ]);
    for (const [who, text] of [
      ["a1", "Joint water committee"],
      ["b1", "Student exchange"],
      ["b2", "Third idea"],
    ] as const)
      h.send({ type: "participant.submit", participantId: who, promptId: "idea:ideas", text });
    next(h); // cluster
    next(h); // vote
    const ballot = [...h.effects]
      .reverse()
      .find((e) => e.type === "prompt" && e.key === "brainstorm.votePrompt");
    if (ballot?.type !== "prompt") throw new Error("no ballot");
    const idOf = (t: string) =>
      ballot.options.find((o) => "text" in o.label && o.label.text["en"] === t)?.value ?? "";
    for (const who of ids) {
      h.send({
        type: "participant.choose",
        participantId: who,
        promptId: ballot.promptId,
        value: idOf("Student exchange"),
      });
      if (who.startsWith("a"))
        h.send({
          type: "participant.choose",
          participantId: who,
          promptId: ballot.promptId,
          value: idOf("Joint water committee"),
        });
    }
    next(h); // results; the statement opens
    const sentences = saysTo(h.effects, "jointStatement.sentence", "room").map((e) =>
      e.type === "say" ? JSON.stringify(e.vars?.["text"]) : "",
    );
    expect(sentences).toEqual([
      JSON.stringify({ userText: "Student exchange" }),
      JSON.stringify({ userText: "Joint water committee" }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The stage machine on its own: every state reached, every path ends when a facilitator moves on.

interface StageSnapshotLike {
  readonly status: string;
  readonly value: unknown;
  readonly context: StageContext & {
    readonly amendments: readonly { id: string; status: string }[];
    readonly sentences: readonly { id: string; rev: number }[];
    readonly shown: readonly string[];
  };
}

const four = [person("a1", "a"), person("a2", "a"), person("b1", "b"), person("b2", "b")];
const view: WorkshopView = {
  participants: four,
  consented: four.map((p) => p.id),
  consentRound: 1,
  enforcement: "soft",
  pooled: false,
};

function stageEvents(snapshot: StageSnapshotLike): StageEvent[] {
  if (snapshot.status !== "active") return [];
  const c = snapshot.context;
  const at = c.timer.deadline ?? c.now;
  const events: StageEvent[] = [
    { type: "stage.next", at },
    { type: "timer.fired", at },
  ];
  const state = String(snapshot.value);
  const answered = (kind: string, who: string) =>
    c.contributions.some((x) => x.kind === kind && x.author === who);
  // One person at a time (the first who has not answered), so the space stays small.
  const firstWithout = (kind: string) => c.view.participants.find((p) => !answered(kind, p.id))?.id;
  if (state === "amend") {
    if (!answered("amendment", "a1"))
      events.push({
        type: "participant.submit",
        participantId: "a1",
        promptId: "amend:statement",
        text: "+ new",
        at,
      });
    if (!answered("amendment", "b1"))
      events.push({
        type: "participant.submit",
        participantId: "b1",
        promptId: "amend:statement",
        text: "- 1",
        at,
      });
    events.push(c.timer.paused === null ? { type: "stage.pause", at } : { type: "stage.resume", at });
    // Someone leaves mid-stage, once.
    if (c.view.participants.length === four.length)
      events.push({
        type: "stage.view",
        view: { ...c.view, participants: c.view.participants.slice(1) },
        at,
      });
  }
  if (state === "review")
    events.push({ type: "control.cluster", ideaIds: ["1", "2"], label: "d", by: "f", at });
  const first = c.amendments.find((a) => a.status === "open");
  const voter = firstWithout("amendment-vote");
  if (state === "vote" && first !== undefined && voter !== undefined)
    for (const value of ["yes", "no"])
      events.push({
        type: "participant.choose",
        participantId: voter,
        promptId: `amend-vote:statement:${first.id}`,
        value,
        at,
      });
  const sentence = c.sentences[0];
  if (state === "ratify") {
    const who = firstWithout("statement-consent");
    if (who !== undefined && sentence !== undefined)
      for (const value of ["yes", "no"])
        events.push({
          type: "participant.choose",
          participantId: who,
          promptId: `statement:statement:${sentence.id}:${String(sentence.rev)}`,
          value,
          at,
        });
    const chooser = firstWithout("statement-scope");
    if (chooser !== undefined)
      events.push({
        type: "participant.choose",
        participantId: chooser,
        promptId: "scope:statement",
        value: "room",
        at,
      });
    if (!answered("amendment", "b2"))
      events.push({
        type: "participant.submit",
        participantId: "b2",
        promptId: "translate:statement",
        text: "1 en: Met.",
        at,
      });
  }
  if (state === "closed") events.push({ type: "control.withdraw", group: "a", by: "f", at });
  return events;
}

function serializeStage(snapshot: StageSnapshotLike): string {
  const { now: _now, timer, promptSeq: _seq, view: v, contributions, ...rest } = snapshot.context;
  const contributed = [
    ...new Set(contributions.map((x) => `${x.kind}:${x.author}:${x.category ?? ""}`)),
  ].sort();
  return JSON.stringify([
    snapshot.status,
    snapshot.value,
    timer.deadline !== null,
    timer.paused !== null,
    v.participants.map((p) => p.id),
    contributed,
    rest,
  ]);
}

function explore(spec: FlowSpec) {
  const stage = spec.stages[0] as StageSpec;
  const machine = createStageMachine(stage, flowFacts(spec)) as AnyStateMachine;
  const input: StageInput = { view, seed: 7, stageIndex: 0, at: T0, run: 1 };
  const shortest = getShortestPaths(machine, {
    input,
    events: (s) => stageEvents(s as unknown as StageSnapshotLike),
    serializeState: (s) => serializeStage(s as unknown as StageSnapshotLike),
    limit: 50_000,
  });
  const paths = shortest.map((path) => {
    const actor = createActor(machine, { input });
    const reports: StageReport[][] = [];
    actor.on("*", (r: StageReports) => reports.push([...r.reports]));
    actor.start();
    const values = path.steps.map(({ event }) => {
      actor.send(event);
      return String(actor.getSnapshot().value);
    });
    for (let i = 0; i < 6 && actor.getSnapshot().status === "active"; i++)
      actor.send({ type: "stage.next", at: T0 + 10 ** 9 });
    return { values, reports: reports.flat(), finished: actor.getSnapshot().status === "done" };
  });
  return { machine, paths };
}

describe("the joint-statement machine, every state and path", () => {
  it("every state is reached, and every path ends when a facilitator moves on", () => {
    const { machine, paths } = explore(flow([statement()]));
    expect(paths.length).toBeGreaterThan(20);
    // Amendments both accepted and rejected, statements both passed and not, on some path.
    const said = paths.flatMap((p) =>
      p.reports.flatMap((r) => (r.type === "stage.effect" && r.effect.type === "say" ? [r.effect] : [])),
    );
    const results = (key: string, v: string) =>
      new Set(said.filter((e) => e.key === key).map((e) => e.vars?.[v]));
    expect(results("jointStatement.amendmentResult", "accepted")).toEqual(new Set(["yes", "no"]));
    expect(results("jointStatement.result", "passed")).toEqual(new Set(["yes", "no"]));
    const atomic = getStateNodes(machine)
      .filter((n) => n.type === "atomic" || n.type === "final")
      .map((n) => n.key);
    const seen = new Set(paths.flatMap((p) => p.values));
    seen.add("amend");
    for (const key of atomic) expect(seen, `state ${key} never reached`).toContain(key);
    for (const p of paths) expect(p.finished).toBe(true);
  });

  it("under anonymous, no effect outside a participant's own replies names or points at anyone, on any path", () => {
    const { paths } = explore(flow([statement()], { confidentiality: "anonymous" }));
    for (const p of paths)
      for (const r of p.reports) {
        if (r.type !== "stage.effect") {
          if (r.type === "stage.consentReset") expect(r.rule).toBeUndefined();
          continue;
        }
        const e = r.effect;
        if (!("audience" in e) || e.audience.to === "participant") continue;
        const vars = "vars" in e ? (e.vars ?? {}) : {};
        expect(Object.values(vars).flatMap(participantRefs)).toEqual([]);
        for (const p2 of four) expect(JSON.stringify(vars)).not.toContain(`"${p2.id}"`);
      }
  });
});

it("the workshop machine builds a joint-statement stage for every built-in kind list", () => {
  expect(() => createWorkshopMachine(flow([statement()]))).not.toThrow();
});
