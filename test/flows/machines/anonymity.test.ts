// Anonymity and small groups, scenario by scenario: anonymous turns under a strict floor, groups of
// one and two (from the start, or after a leave or a forget-me), the seeded order of ideas and
// needs, and what prompts promise about who sees authors.
import { describe, expect, it } from "vitest";
import type { FlowEffect, Participant, WorkshopRecord } from "../../../src/flows/protocol.ts";
import {
  flow,
  fourPeople,
  harness,
  joinAll,
  keys,
  lastOf,
  person,
  saysTo,
  share,
  speaker,
  stages,
  started,
  summaryOf,
  type Harness,
} from "./harness.ts";

const two = fourPeople;
const three = [...two, person("a3", "a"), person("b3", "b")];
const alone = [person("a1", "a"), person("a2", "a"), person("a3", "a"), person("b1", "b")];

const start = (stageList: unknown[], extra: Record<string, unknown>, who: readonly Participant[]) =>
  started(stageList, extra, who, 11);

const roomKeys = (effects: readonly FlowEffect[]) =>
  effects.flatMap((e) => ("key" in e && e.audience.to === "room" ? [e.key] : []));

/** Needs from a1 and b1, then the presentation (and recognition, if it runs). */
function needsRound(h: Harness, ids = ["a1", "b1"]): FlowEffect[] {
  const collect = lastOf(h, "collect", "needs.collect");
  for (const id of ids)
    h.send({
      type: "participant.submit",
      participantId: id,
      promptId: collect.promptId,
      text: `need of ${id}`,
    });
  return h.advance(60_000);
}

function expectPooledRecord(record: WorkshopRecord): void {
  expect(record.pooled).toBe(true);
  expect(record.participation.map((p) => p.group)).toEqual([null]);
  expect(record.recognisedNeeds).toEqual([]);
  expect(record.contributions.every((c) => c.group === null)).toBe(true);
  for (const idea of record.ideas) {
    expect(idea.crossGroupSupport).toBeNull();
    expect(idea.supportByGroup).toEqual({});
  }
}

describe("anonymous turns under strict turn-taking", () => {
  it("close the room for everyone instead of giving the floor to the speaker; the turn comes in privately", () => {
    const h = start(
      [stages.perspective()],
      { confidentiality: "anonymous", turnEnforcement: "strict" },
      three,
    );
    const s = speaker(h);
    const floors = h.effects.filter((e) => e.type === "floor");
    expect(floors).toEqual([{ type: "floor", holders: [] }]);
    expect(h.status().floor).toEqual([]);
    expect(roomKeys(h.effects)).toContain("perspective.anonymousTurn");
    expect(roomKeys(h.effects)).not.toContain("perspective.turnOf");
    const prompt = lastOf(h, "collect", "perspective.yourTurn");
    expect(prompt.audience).toEqual({ to: "participant", participantId: s });
    expect(prompt.vars).toMatchObject({ anonymous: "yes" });
    const out = h.send({
      type: "participant.submit",
      participantId: s,
      promptId: prompt.promptId,
      text: "my story",
    });
    const posted = saysTo(out, "perspective.anonymousContribution", "room");
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(out.filter((e) => !("audience" in e) || e.audience.to === "room"))).not.toContain(
      `"${s}"`,
    );
  });

  it("a speaker who writes in the room is told privately; it is not taken as their turn", () => {
    const h = start([stages.perspective()], { confidentiality: "anonymous" }, three);
    const speaker = h.status().speaker ?? "";
    const out = h.send({ type: "participant.say", participantId: speaker, text: "in the room" });
    expect(keys(out)).toEqual(["perspective.sendPrivately"]);
    expect(saysTo(out, "perspective.sendPrivately", speaker)).toHaveLength(1);
    expect(h.status().speaker).toBe(speaker);
    // Anyone else is asked to wait without being told who speaks; time running out names nobody.
    const other = three.find((p) => p.id !== speaker)?.id ?? "";
    const wait = h.send({ type: "participant.say", participantId: other, text: "me too" });
    expect(wait).toEqual([
      {
        type: "say",
        key: "perspective.anonymousWait",
        audience: { to: "participant", participantId: other },
      },
    ]);
    const timeUp = h.advance(60_000);
    expect(saysTo(timeUp, "perspective.anonymousTimeUp", "room")).toEqual([
      { type: "say", key: "perspective.anonymousTimeUp", audience: { to: "room" } },
    ]);
  });

  it("a facilitator's floor outside a turn-taking stage is refused, privately; inside, the person speaks next without a floor", () => {
    const h = start([stages.discussion(), stages.perspective()], { confidentiality: "anonymous" }, three);
    const refused = h.send({ type: "control.floor", participantId: "b2", by: "f" });
    expect(saysTo(refused, "workshop.floorNotAnonymous", "facilitators")).toHaveLength(1);
    expect(refused.filter((e) => e.type === "floor")).toEqual([]);
    h.send({ type: "control", action: "next", by: "f" });
    const given = h.send({ type: "control.floor", participantId: "b2", by: "f" });
    expect(h.status().speaker).toBe("b2");
    expect(given.filter((e) => e.type === "floor")).toEqual([{ type: "floor", holders: [] }]);
  });

  it("under chatham-house the speaker holds the floor as before", () => {
    const h = start([stages.perspective()], { turnEnforcement: "strict" }, three);
    const speaker = h.status().speaker ?? "";
    expect(h.effects.filter((e) => e.type === "floor")).toEqual([{ type: "floor", holders: [speaker] }]);
  });

  it("each round has its own order, so one person's turns do not line up across rounds", () => {
    const h = start([stages.perspective({ rounds: 2 })], { confidentiality: "anonymous" }, three);
    const order: string[] = [];
    for (let i = 0; i < 12 && h.status().stageKind === "perspective-sharing"; i++) {
      order.push(share(h, "x"));
    }
    expect(order).toHaveLength(12);
    expect(order.slice(6)).not.toEqual(order.slice(0, 6));
  });
});

describe("join and leave under anonymous", () => {
  it("post nothing in the room, so no name and no group", () => {
    const h = start([stages.discussion()], { confidentiality: "anonymous" }, three);
    const joined = h.send({ type: "participant.join", participant: person("c1", "b") });
    const left = h.send({ type: "participant.leave", participantId: "a1" });
    expect(roomKeys([...joined, ...left])).toEqual([]);
    const open = start([stages.discussion()], { confidentiality: "open" }, three);
    expect(roomKeys(open.send({ type: "participant.leave", participantId: "a1" }))).toEqual([
      "workshop.participantLeft",
    ]);
  });
});

describe("minGroupSize: a group too small to stay anonymous pools every group-level figure", () => {
  it("a group of one under anonymous (default 3): needs in one list, recognition skipped, and the stage says so", () => {
    const h = start([stages.needs()], { confidentiality: "anonymous" }, alone);
    const shown = needsRound(h);
    const room = roomKeys(shown);
    expect(room).toContain("workshop.pooled");
    expect(room).toContain("needs.presentAll");
    expect(room).toContain("needs.recognitionSkipped");
    expect(room).not.toContain("needs.presentGroup");
    expect(room).not.toContain("needs.recognisePrompt");
    expect(saysTo(shown, "needs.item", "room")).toHaveLength(2);
    expect(saysTo(shown, "workshop.pooled", "room")[0]).toMatchObject({ vars: { min: 3 } });
    h.runTimers();
    expectPooledRecord(summaryOf(h.effects));
  });

  it("groups of two under chatham-house with minGroupSize 3: votes shown without per-group shares, summary pooled", () => {
    const h = start([stages.brainstorm({ clusterSeconds: 0 })], { minGroupSize: 3 }, two);
    const collect = lastOf(h, "collect", "brainstorm.collect");
    for (const id of ["a1", "b1"])
      h.send({
        type: "participant.submit",
        participantId: id,
        promptId: collect.promptId,
        text: `idea of ${id}`,
      });
    h.advance(120_000);
    h.send({ type: "control", action: "next", by: "f" });
    const vote = lastOf(h, "prompt", "brainstorm.votePrompt");
    expect(vote.vars).toMatchObject({ grouped: "no" });
    for (const id of ["a1", "a2", "b1"])
      h.send({
        type: "participant.choose",
        participantId: id,
        promptId: vote.promptId,
        value: vote.options[0]?.value ?? "",
      });
    const results = h.advance(60_000);
    expect(roomKeys(results)).toContain("workshop.pooled");
    expect(roomKeys(results)).toContain("brainstorm.rankedIdeaPooled");
    expect(roomKeys(results)).not.toContain("brainstorm.rankedIdea");
    expect(JSON.stringify(results)).not.toContain('"support"');
    const record = summaryOf(h.effects);
    expectPooledRecord(record);
    // Cross-group support still orders the ideas; only the figures are gone.
    expect(record.ideas[0]?.totalSupport).toBe(3);
    expect(record.participation[0]?.participants).toBe(2);
  });

  it("groups at the minimum are shown as groups", () => {
    const h = start([stages.needs()], { confidentiality: "anonymous" }, three);
    const shown = needsRound(h);
    expect(roomKeys(shown)).toContain("needs.presentGroup");
    // Recognition is asked of each participant privately, about the other groups' needs.
    expect(shown.some((e) => e.type === "prompt" && e.key === "needs.recognisePrompt")).toBe(true);
    expect(roomKeys(shown)).not.toContain("workshop.pooled");
    h.runTimers();
    const record = summaryOf(h.effects);
    expect(record.pooled).toBe(false);
    expect(record.participation.map((p) => p.group)).toEqual(["a", "b"]);
  });

  it("open and chatham-house keep group attribution unless the flow sets a minimum", () => {
    for (const confidentiality of ["open", "chatham-house"] as const) {
      const h = start([stages.needs()], { confidentiality }, alone);
      expect(roomKeys(needsRound(h))).toContain("needs.presentGroup");
    }
  });

  for (const how of ["leave", "forget"] as const)
    it(`a ${how === "leave" ? "leave" : "forget-me"} that shrinks a group below the minimum mid-session pools from then on, for good`, () => {
      const h = start(
        [stages.needs(), stages.needs({ id: "again" })],
        { confidentiality: "anonymous" },
        three,
      );
      const collect = lastOf(h, "collect", "needs.collect");
      h.send({
        type: "participant.submit",
        participantId: "b3",
        promptId: collect.promptId,
        text: "need of b3",
      });
      h.send(
        how === "leave"
          ? { type: "participant.leave", participantId: "b3" }
          : { type: "participant.forget", participantId: "b3" },
      );
      expect(h.status().participants.map((p) => p.id)).not.toContain("b3");
      const shown = needsRound(h);
      expect(roomKeys(shown)).toContain("needs.presentAll");
      expect(roomKeys(shown)).not.toContain("needs.presentGroup");
      expect(saysTo(shown, "needs.item", "room")).toHaveLength(how === "leave" ? 3 : 2);
      // Someone joining group b again does not undo it: what was attributable stays so.
      h.send({ type: "participant.join", participant: person("b4", "b") });
      expect(roomKeys(needsRound(h))).not.toContain("needs.presentGroup");
      h.send({ type: "control", action: "end", by: "f" });
      expectPooledRecord(summaryOf(h.effects));
    });

  it("pooling that starts mid-round reshuffles the turns still to come; without pooling they stay", () => {
    /** The turns still to come, after someone of group b (not the speaker) leaves. */
    const remaining = (confidentiality: string, seed: number): { before: string[]; after: string[] } => {
      const h = harness(flow([stages.perspective()], { confidentiality }), { seed });
      joinAll(h, three);
      h.send({ type: "control", action: "start", by: "f" });
      const order = () => {
        const child = h.snapshot().children["stage"]?.getSnapshot() as
          { context: { order: string[]; turn: number } } | undefined;
        return child === undefined ? [] : child.context.order.slice(child.context.turn + 1);
      };
      const leaver = ["b1", "b2", "b3"].find((id) => id !== h.status().speaker) ?? "";
      const before = order().filter((id) => id !== leaver);
      h.send({ type: "participant.leave", participantId: leaver });
      // The stage hears of the change with the next event it is sent.
      h.send({ type: "participant.say", participantId: "a1", text: "…" });
      return { before, after: order().filter((id) => id !== leaver) };
    };
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const seed of seeds) {
      const { before, after } = remaining("chatham-house", seed);
      expect(after).toEqual(before);
    }
    const changed = seeds.filter((seed) => {
      const { before, after } = remaining("anonymous", seed);
      expect([...after].sort()).toEqual([...before].sort());
      return JSON.stringify(after) !== JSON.stringify(before);
    });
    expect(changed.length).toBeGreaterThan(0);
  });

  it("a group already pooled turns to a single shuffled turn order (alternation would tell the group)", () => {
    const h = start([stages.perspective()], { confidentiality: "anonymous" }, alone);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      order.push(share(h, "x"));
    }
    expect(order.sort()).toEqual(["a1", "a2", "a3", "b1"]);
  });
});

describe("after a leave or forget-me", () => {
  for (const how of ["leave", "forget"] as const)
    it(`nothing the person sends is taken until they join again (${how})`, () => {
      const h = start([stages.brainstorm()], { confidentiality: "anonymous" }, three);
      const collect = lastOf(h, "collect", "brainstorm.collect");
      h.send(
        how === "leave"
          ? { type: "participant.leave", participantId: "a1" }
          : { type: "participant.forget", participantId: "a1" },
      );
      const out = h.send({
        type: "participant.submit",
        participantId: "a1",
        promptId: collect.promptId,
        text: "late",
      });
      expect(out).toEqual([]);
      h.send({ type: "participant.join", participant: person("a1", "a") });
      const back = h.send({
        type: "participant.submit",
        participantId: "a1",
        promptId: collect.promptId,
        text: "again",
      });
      expect(keys(back)).toEqual(["brainstorm.ideaReceived"]);
      h.send({ type: "control", action: "end", by: "f" });
      expect(summaryOf(h.effects).contributions.map((c) => c.text)).toEqual(["again"]);
    });
});

describe("seeded order", () => {
  function ideasShown(seed: number): string[] {
    const h = harness(flow([stages.brainstorm({ maxIdeasPerPerson: 4 })], { confidentiality: "anonymous" }), {
      seed,
    });
    joinAll(h, three);
    h.send({ type: "control", action: "start", by: "f" });
    const collect = lastOf(h, "collect", "brainstorm.collect");
    for (const id of ["a1", "b1"])
      for (let n = 1; n <= 4; n++)
        h.send({
          type: "participant.submit",
          participantId: id,
          promptId: collect.promptId,
          text: `${id}-${String(n)}`,
        });
    const shown = h.advance(120_000);
    return saysTo(shown, "brainstorm.idea", "room").map((e) =>
      e.type === "say" ? JSON.stringify(e.vars?.["text"]).replace(/\D*"userText":"([^"]*)".*/u, "$1") : "",
    );
  }

  it("ideas are listed in a seeded order, not as they arrived, and the same seed gives the same order", () => {
    const arrival = ["a1-1", "a1-2", "a1-3", "a1-4", "b1-1", "b1-2", "b1-3", "b1-4"];
    const shown = ideasShown(11);
    expect([...shown].sort()).toEqual(arrival);
    expect(shown).not.toEqual(arrival);
    expect(ideasShown(11)).toEqual(shown);
    expect(ideasShown(12)).not.toEqual(shown);
    // One person's four ideas do not all sit together.
    const firstOfB = shown.findIndex((t) => t.startsWith("b1"));
    expect(shown.slice(firstOfB, firstOfB + 4).every((t) => t.startsWith("b1"))).toBe(false);
  });

  it("needs are presented, offered for recognition and recorded in the same seeded order", () => {
    const h = start([stages.needs()], { confidentiality: "chatham-house" }, three);
    const collect = lastOf(h, "collect", "needs.collect");
    const arrival = ["a1", "a1", "a1", "a2", "a2", "a3"].map((id, n) => {
      const text = `need ${String(n + 1)} of ${id}`;
      h.send({ type: "participant.submit", participantId: id, promptId: collect.promptId, text });
      return text;
    });
    const textOf = (json: string) => arrival.find((t) => json.includes(`${t}"`)) ?? "?";
    const shown = saysTo(h.advance(60_000), "needs.item", "room").map((e) => textOf(JSON.stringify(e)));
    expect([...shown].sort()).toEqual([...arrival].sort());
    expect(shown).not.toEqual(arrival);
    const offered = lastOf(h, "prompt", "needs.recognisePrompt").options.map((o) =>
      textOf(JSON.stringify(o.label)),
    );
    expect(offered).toEqual(shown);
    h.runTimers();
    expect(summaryOf(h.effects).contributions.map((c) => c.text)).toEqual(shown);
  });
});

describe("what prompts and posts promise", () => {
  it("a proposed ground rule names its author only in an open workshop", () => {
    for (const confidentiality of ["open", "chatham-house", "anonymous"] as const) {
      const h = harness(flow([stages.groundRules()], { confidentiality }));
      joinAll(h, three);
      h.send({ type: "control", action: "start", by: "f" });
      const propose = lastOf(h, "collect", "groundRules.proposeRule");
      expect(propose.vars).toEqual({ authors: confidentiality === "open" ? "kept" : "hidden" });
      const out = h.send({
        type: "participant.submit",
        participantId: "a1",
        promptId: "propose-rule",
        text: "Listen",
      });
      const post = saysTo(out, "groundRules.proposedRule", "room")[0];
      if (confidentiality === "open")
        expect(post).toMatchObject({ vars: { named: "yes", participant: { participant: "a1" } } });
      else {
        expect(post).toMatchObject({ vars: { named: "no" } });
        expect(JSON.stringify(post)).not.toContain('"a1"');
      }
    }
  });

  it("needs, ideas and surveys say that nobody, facilitators included, sees authors outside open workshops", () => {
    for (const confidentiality of ["open", "chatham-house", "anonymous"] as const) {
      const authors = confidentiality === "open" ? "kept" : "hidden";
      const h = start([stages.survey(), stages.needs(), stages.brainstorm()], { confidentiality }, three);
      expect(lastOf(h, "say", "survey.intro").vars).toMatchObject({ authors });
      h.send({ type: "control", action: "next", by: "f" });
      expect(lastOf(h, "collect", "needs.collect").vars).toMatchObject({
        authors,
        grouping: confidentiality === "anonymous" ? "groupOrPooled" : "group",
      });
      h.send({ type: "control", action: "next", by: "f" });
      expect(lastOf(h, "collect", "brainstorm.collect").vars).toEqual({ authors });
    }
  });
});

describe("joining (mutation testing, issue 11)", () => {
  it("the room is told who joined and from which group, except under anonymous", () => {
    for (const confidentiality of ["chatham-house", "anonymous"] as const) {
      const h = harness(flow([stages.discussion()], { confidentiality }));
      const out = h.send({ type: "participant.join", participant: person("a1", "a") });
      const told = saysTo(out, "workshop.participantJoined", "room");
      if (confidentiality === "anonymous") expect(told).toEqual([]);
      else
        expect(told.map((e) => e.type === "say" && e.vars)).toEqual([
          { participant: { participant: "a1" }, group: { text: { en: "A" } } },
        ]);
    }
  });
});
