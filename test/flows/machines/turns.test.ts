import { describe, expect, it } from "vitest";
import type { FlowEffect } from "../../../src/flows/protocol.ts";
import { nextDeadline } from "../../../src/flows/workshop-view.ts";
import { flow, harness, joinAll, person, saysTo, stages, T0, type Harness } from "./harness.ts";

const people = [person("a1", "a"), person("a2", "a"), person("b1", "b"), person("b2", "b")];

function floorHolders(effects: readonly FlowEffect[]): string[] {
  return effects.flatMap((e) => (e.type === "floor" && e.holders !== "everyone" ? [e.holders[0] ?? ""] : []));
}

function turnPrompt(h: Harness, who: string) {
  const p = [...h.effects]
    .reverse()
    .find(
      (e) =>
        (e.type === "prompt" || e.type === "collect") &&
        e.key === "perspective.yourTurn" &&
        e.audience.to === "participant" &&
        e.audience.participantId === who,
    );
  if (p === undefined || (p.type !== "prompt" && p.type !== "collect"))
    throw new Error(`no turn prompt for ${who}`);
  return p;
}

function started(
  stage: Record<string, unknown> = stages.perspective(),
  extra: Record<string, unknown> = {},
  who = people,
): Harness {
  const h = harness(flow([stage], extra));
  joinAll(h, who);
  h.send({ type: "control", action: "start", by: "f" });
  return h;
}

const speaker = (h: Harness) => h.status().speaker;

describe("perspective sharing turns", () => {
  it("never posts a stale private answer from another stage as the speaker's turn", () => {
    const h = started();
    const s = speaker(h);
    if (s === null) throw new Error("no speaker");
    const out = h.send({
      type: "participant.submit",
      participantId: s,
      promptId: "ideas:idea:1",
      text: "private idea from an earlier brainstorm",
    });
    expect(saysTo(out, "perspective.contribution", "room")).toHaveLength(0);
    expect(speaker(h)).toBe(s);
  });

  it("gives turns alternating between groups, and the floor names the speaker", () => {
    const h = started();
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = speaker(h);
      if (s === null) throw new Error("no speaker");
      order.push(s);
      h.send({
        type: "participant.submit",
        participantId: s,
        promptId: turnPrompt(h, s).promptId,
        text: "my story",
      });
    }
    expect(new Set(order)).toEqual(new Set(["a1", "a2", "b1", "b2"]));
    const groups = order.map((id) => id[0]);
    for (let i = 1; i < groups.length; i++) expect(groups[i]).not.toBe(groups[i - 1]);
    expect(floorHolders(h.effects)).toEqual(order);
    expect(h.snapshot().status).toBe("done");
  });

  it("alternates as long as possible with unequal groups", () => {
    const who = [person("a1", "a"), person("a2", "a"), person("a3", "a"), person("b1", "b")];
    const h = started(stages.perspective(), {}, who);
    h.runTimers();
    const groups = floorHolders(h.effects).map((id) => id[0]);
    expect(groups[0]).toBe("a");
    expect(groups.slice(0, 3)).toEqual(["a", "b", "a"]);
    expect(groups).toHaveLength(4);
  });

  it("warns the speaker privately warningSeconds before the end, then times out", () => {
    const h = started();
    const s = speaker(h);
    if (s === null) throw new Error("no speaker");
    expect(nextDeadline(h.snapshot())).toBe(T0 + 50_000);
    const warn = h.advance(50_000);
    expect(saysTo(warn, "perspective.warning", s)).toHaveLength(1);
    expect(speaker(h)).toBe(s);
    const up = h.advance(10_000);
    expect(saysTo(up, "perspective.timeUp", "room")).toHaveLength(1);
    expect(speaker(h)).not.toBe(s);
  });

  it("a pass moves on and is counted", () => {
    const h = started();
    const s = speaker(h);
    if (s === null) throw new Error("no speaker");
    const out = h.send({
      type: "participant.choose",
      participantId: s,
      promptId: turnPrompt(h, s).promptId,
      value: "pass",
    });
    expect(saysTo(out, "perspective.passed", "room")).toHaveLength(1);
    expect(speaker(h)).not.toBe(s);
    const end = h.send({ type: "control", action: "end", by: "f" });
    const summary = end.find((e) => e.type === "summary");
    if (summary?.type !== "summary") throw new Error("no summary");
    expect(summary.record.participation.reduce((n, p) => n + p.passes, 0)).toBe(1);
  });

  it("a speaker leaving mid-turn hands the turn to the next speaker", () => {
    const h = started();
    const s = speaker(h);
    if (s === null) throw new Error("no speaker");
    h.now += 5_000;
    h.send({ type: "participant.leave", participantId: s });
    expect(speaker(h)).not.toBe(s);
    expect(speaker(h)).not.toBeNull();
    expect(nextDeadline(h.snapshot())).toBe(h.now + 50_000);
  });

  it("pause freezes the turn; resume continues with the time that was left", () => {
    const h = started();
    const s = speaker(h);
    h.now += 20_000;
    h.send({ type: "control", action: "pause", by: "f" });
    expect(nextDeadline(h.snapshot())).toBeNull();
    expect(h.status().paused).toBe(true);
    h.now += 600_000;
    h.send({ type: "timer.fired" });
    expect(speaker(h)).toBe(s);
    h.send({ type: "control", action: "resume", by: "f" });
    // 40 s were left: warning at 30 s from now, end at 40 s.
    expect(nextDeadline(h.snapshot())).toBe(h.now + 30_000);
    expect(h.status().deadline).toBe(h.now + 40_000);
    h.advance(39_000);
    expect(speaker(h)).toBe(s);
    h.advance(1_000);
    expect(speaker(h)).not.toBe(s);
  });

  it("extend adds minutes to the current deadline and a stale timer is ignored", () => {
    const h = started();
    const s = speaker(h);
    const before = h.status().deadline ?? 0;
    h.send({ type: "control.extend", minutes: 2, by: "f" });
    expect(h.status().deadline).toBe(before + 120_000);
    h.now = before;
    h.send({ type: "timer.fired" }); // the old deadline: stale
    expect(speaker(h)).toBe(s);
    h.advance(before + 120_000 - h.now);
    expect(speaker(h)).not.toBe(s);
  });

  it("out-of-turn messages: soft tells the sender privately and does not count them; strict ignores them", () => {
    for (const turnEnforcement of ["soft", "strict"] as const) {
      const h = started(stages.perspective(), { turnEnforcement, confidentiality: "open" });
      const s = speaker(h);
      const other = people.find((p) => p.id !== s)?.id ?? "";
      const out = h.send({ type: "participant.say", participantId: other, text: "interrupting" });
      expect(saysTo(out, "workshop.notYourTurn", other)).toHaveLength(turnEnforcement === "soft" ? 1 : 0);
      expect(out.some((e) => "audience" in e && e.audience.to === "room")).toBe(false);
      const end = h.send({ type: "control", action: "end", by: "f" });
      const summary = end.find((e) => e.type === "summary");
      expect(summary?.type === "summary" && summary.record.contributions).toEqual([]);
    }
  });

  it("anonymous: perspectives are collected privately and shown without names", () => {
    const h = started(stages.perspective(), { confidentiality: "anonymous" });
    const s = speaker(h);
    if (s === null) throw new Error("no speaker");
    const p = turnPrompt(h, s);
    expect(p.type).toBe("collect");
    const out = h.send({
      type: "participant.submit",
      participantId: s,
      promptId: p.promptId,
      text: "my story",
    });
    const shown = saysTo(out, "perspective.anonymousContribution", "room");
    expect(shown).toHaveLength(1);
    expect(JSON.stringify(shown)).not.toContain(`"${s}"`);
  });

  it("rounds: a second round follows the first", () => {
    const h = started(stages.perspective({ rounds: 2 }));
    const out = h.runTimers();
    expect(saysTo(out, "perspective.roundStarts", "room")).toHaveLength(1);
    expect(floorHolders(h.effects)).toHaveLength(8);
  });

  it("reflect back: the next speaker first summarises the previous one, who confirms feeling heard", () => {
    const h = started(stages.perspective({ reflectBack: true, addSeconds: 0 }));
    const first = speaker(h);
    if (first === null) throw new Error("no speaker");
    h.send({
      type: "participant.submit",
      participantId: first,
      promptId: turnPrompt(h, first).promptId,
      text: "story",
    });
    const second = speaker(h);
    if (second === null) throw new Error("no speaker");
    const reflect = h.effects.filter(
      (e) =>
        e.type === "collect" && e.key === "perspective.reflectBackPrompt" && e.audience.to === "participant",
    );
    expect(reflect).toHaveLength(1);
    const rp = reflect[0];
    if (rp?.type !== "collect") throw new Error("no reflect prompt");
    expect(rp.audience).toEqual({ to: "participant", participantId: second });
    // Addressed to the one reflecting, naming the one they heard.
    expect(rp.vars).toMatchObject({
      participant: { participant: second },
      speaker: { participant: first },
      named: "yes",
    });
    const out = h.send({
      type: "participant.submit",
      participantId: second,
      promptId: rp.promptId,
      text: "I heard you say…",
    });
    const heard = out.find((e) => e.type === "prompt" && e.key === "perspective.feltHeardPrompt");
    if (heard?.type !== "prompt") throw new Error("no felt-heard prompt");
    expect(heard.audience).toEqual({ to: "participant", participantId: first });
    h.send({ type: "participant.choose", participantId: first, promptId: heard.promptId, value: "yes" });
    expect(speaker(h)).toBe(second);
    expect(turnPrompt(h, second).key).toBe("perspective.yourTurn");
  });

  it("the felt-heard question says whose summary it was, and only a placeholder under anonymous", () => {
    for (const [confidentiality, about] of [
      ["chatham-house", (id: string) => ({ participant: id })],
      ["anonymous", () => "?"],
    ] as const) {
      const h = started(stages.perspective({ reflectBack: true, addSeconds: 0 }), { confidentiality });
      const first = speaker(h);
      if (first === null) throw new Error("no speaker");
      h.send({
        type: "participant.submit",
        participantId: first,
        promptId: turnPrompt(h, first).promptId,
        text: "story",
      });
      const second = speaker(h);
      if (second === null) throw new Error("no speaker");
      const rp = h.effects.find((e) => e.type === "collect" && e.key === "perspective.reflectBackPrompt");
      if (rp?.type !== "collect") throw new Error("no reflect prompt");
      const out = h.send({
        type: "participant.submit",
        participantId: second,
        promptId: rp.promptId,
        text: "I heard…",
      });
      const heard = out.find((e) => e.type === "prompt" && e.key === "perspective.feltHeardPrompt");
      if (heard?.type !== "prompt") throw new Error("no felt-heard prompt");
      expect(heard.vars).toEqual({ participant: about(second) });
    }
  });

  it("reflection stage takes turns too and ends", () => {
    const h = started(stages.reflection());
    h.runTimers();
    expect(floorHolders(h.effects)).toHaveLength(4);
    expect(h.snapshot().status).toBe("done");
  });
});

describe("timers survive persistence", () => {
  it("persist mid-turn, JSON round-trip, restore later: the turn ends at the original deadline", () => {
    const spec = flow([stages.groundRules(), stages.perspective()]);
    const h = harness(spec);
    joinAll(h, people);
    h.send({ type: "control", action: "start", by: "f" });
    const consent = h.effects.find((e) => e.type === "prompt");
    if (consent?.type !== "prompt") throw new Error("no consent prompt");
    for (const p of people)
      h.send({ type: "participant.choose", participantId: p.id, promptId: consent.promptId, value: "yes" });
    const s = speaker(h);
    const deadline = h.status().deadline;
    h.now += 15_000;
    const persisted: unknown = JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot()));
    h.stop();
    const r = harness(spec, { snapshot: persisted, now: h.now + 20_000 });
    expect(speaker(r)).toBe(s);
    expect(r.status().deadline).toBe(deadline);
    expect(nextDeadline(r.snapshot())).toBe((deadline ?? 0) - 10_000);
    r.advance((deadline ?? 0) - 1 - r.now);
    expect(speaker(r)).toBe(s);
    r.advance(1);
    expect(speaker(r)).not.toBe(s);
  });
});
