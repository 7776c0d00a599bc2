// Active listening (issue 12): every speaker is reflected back, the room knows who reflects whom,
// "felt heard?" stays private (a "not quite" reaches the facilitators only) and the record counts it.
import { describe, expect, it } from "vitest";
import type { FlowEffect } from "../../../src/flows/protocol.ts";
import { workshopRecord } from "../../../src/flows/workshop-view.ts";
import {
  asked,
  flow,
  harness,
  joinAll,
  person,
  saysTo,
  share,
  speaker,
  stages,
  type Harness,
} from "./harness.ts";

const pair = [person("a1", "a"), person("b1", "b")];

// The "anything to add?" moment has its own tests; elsewhere it is off, to keep each test to its point.
function start(
  extra: Record<string, unknown> = {},
  who = pair,
  stage = stages.perspective({ reflectBack: true, addSeconds: 0 }),
) {
  const h = harness(flow([stage], extra));
  joinAll(h, who);
  h.send({ type: "control", action: "start", by: "f" });
  return h;
}

/** `listener` reflects `previous` back, who answers "felt heard?" with `answer`. */
function reflect(h: Harness, listener: string, previous: string, answer: "yes" | "no"): FlowEffect[] {
  h.send({
    type: "participant.submit",
    participantId: listener,
    promptId: asked(h, "perspective.reflectBackPrompt", listener).promptId,
    text: "I heard you say…",
  });
  return h.send({
    type: "participant.choose",
    participantId: previous,
    promptId: asked(h, "perspective.feltHeardPrompt", previous).promptId,
    value: answer,
  });
}

const ids = (effects: readonly FlowEffect[]) => JSON.stringify(effects);

describe("active listening", () => {
  it("reflects every speaker back, the last speaker of the stage included", () => {
    const h = start();
    const first = share(h);
    const second = speaker(h);
    reflect(h, second, first, "yes");
    expect(share(h)).toBe(second);
    // No next speaker: someone else from the round reflects the last speaker back.
    const closing = asked(h, "perspective.reflectBackPrompt", first);
    expect(closing.vars).toMatchObject({ speaker: { participant: second } });
    expect(h.snapshot().status).toBe("active");
    reflect(h, first, second, "yes");
    expect(h.snapshot().status).toBe("done");
    expect(
      h.effects.filter((e) => e.type === "prompt" && e.key === "perspective.feltHeardPrompt"),
    ).toHaveLength(2);
  });

  it("tells the room who reflects whom; a reflection said in the room counts; felt heard is asked privately", () => {
    const h = start();
    const first = share(h);
    const second = speaker(h);
    expect(saysTo(h.effects, "perspective.reflecting", "room")).toEqual([
      {
        type: "say",
        key: "perspective.reflecting",
        audience: { to: "room" },
        vars: { participant: { participant: second }, speaker: { participant: first } },
      },
    ]);
    const out = h.send({ type: "participant.say", participantId: second, text: "You said…" });
    const heard = out.filter((e) => e.type === "prompt" && e.key === "perspective.feltHeardPrompt");
    expect(heard.map((e) => "audience" in e && e.audience)).toEqual([
      { to: "participant", participantId: first },
    ]);
    const answer = h.send({
      type: "participant.choose",
      participantId: first,
      promptId: asked(h, "perspective.feltHeardPrompt", first).promptId,
      value: "yes",
    });
    // The room learns nothing of the answer.
    expect(
      answer.filter((e) => e.type === "say" && e.audience.to === "room").map((e) => "key" in e && e.key),
    ).toEqual(["perspective.turnOf"]);
  });

  it("anonymous: the room hears that a listener reflects back, without a name", () => {
    const h = start({ confidentiality: "anonymous" }, [
      person("a1", "a"),
      person("a2", "a"),
      person("a3", "a"),
    ]);
    const first = share(h);
    const second = speaker(h);
    const said = saysTo(h.effects, "perspective.anonymousReflecting", "room");
    expect(said).toEqual([{ type: "say", key: "perspective.anonymousReflecting", audience: { to: "room" } }]);
    expect(saysTo(h.effects, "perspective.reflecting", "room")).toHaveLength(0);
    const out = reflect(h, second, first, "yes");
    for (const e of out.filter((e) => e.type === "say" && e.audience.to === "room"))
      expect(ids([e])).not.toMatch(/"participant":"a\d"/u);
  });

  it('"not quite" reaches the facilitators privately, by name, and nobody else', () => {
    const h = start();
    const first = share(h);
    const second = speaker(h);
    const out = reflect(h, second, first, "no");
    expect(saysTo(out, "perspective.notQuiteHeard", "facilitators")).toEqual([
      {
        type: "say",
        key: "perspective.notQuiteHeard",
        audience: { to: "facilitators" },
        vars: { named: "yes", speaker: { participant: first }, participant: { participant: second } },
      },
    ]);
    expect(saysTo(out, "perspective.notQuiteHeard", "room")).toHaveLength(0);
    expect(saysTo(out, "perspective.notQuiteHeard", second)).toHaveLength(0);
  });

  it('anonymous: "not quite" reaches the facilitators naming nobody', () => {
    const h = start({ confidentiality: "anonymous" }, [
      person("a1", "a"),
      person("a2", "a"),
      person("a3", "a"),
    ]);
    const first = share(h);
    const out = reflect(h, speaker(h), first, "no");
    expect(saysTo(out, "perspective.notQuiteHeard", "facilitators")).toEqual([
      {
        type: "say",
        key: "perspective.notQuiteHeard",
        audience: { to: "facilitators" },
        vars: { named: "no" },
      },
    ]);
  });

  it("the record counts reflections and felt-heard answers per group, pooled below the minimum group size", () => {
    const four = [person("a1", "a"), person("a2", "a"), person("b1", "b"), person("b2", "b")];
    const run = (extra: Record<string, unknown>) => {
      const h = start(extra, four);
      let previous = share(h);
      const answers: ("yes" | "no")[] = ["yes", "no", "yes", "no"];
      for (const answer of answers) {
        const listener = h.status().speaker ?? latestListener(h);
        reflect(h, listener, previous, answer);
        if (h.snapshot().status === "done") break;
        previous = share(h);
      }
      expect(h.snapshot().status).toBe("done");
      return workshopRecord(h.snapshot());
    };
    const byGroup = run({ minGroupSize: 2 });
    const total = (k: "reflections" | "feltHeard" | "notQuite") =>
      byGroup.participation.reduce((n, row) => n + (row[k] ?? 0), 0);
    expect(byGroup.participation.map((r) => r.group)).toEqual(["a", "b"]);
    expect(total("reflections")).toBe(4);
    // Four turns: the closing listener reflects back without taking a turn of their own.
    expect(byGroup.participation.reduce((n, row) => n + row.turns, 0)).toBe(4);
    expect(total("feltHeard")).toBe(2);
    expect(total("notQuite")).toBe(2);
    for (const row of byGroup.participation) expect(row.reflections).toBe(2);
    const pooled = run({ minGroupSize: 3 });
    expect(pooled.participation).toHaveLength(1);
    expect(pooled.participation[0]).toMatchObject({ group: null, reflections: 4, feltHeard: 2, notQuite: 2 });
  });
});

describe('"anything to add?" after every reflection', () => {
  const offered = (h: Harness, who: string) =>
    h.effects.filter(
      (e) =>
        e.type === "prompt" &&
        e.key === "perspective.addPrompt" &&
        e.audience.to === "participant" &&
        e.audience.participantId === who,
    );

  it("is offered to the speaker whatever they answered, time-boxed, and an addition joins the record", () => {
    const h = start(
      { confidentiality: "open" },
      pair,
      stages.perspective({ reflectBack: true, addSeconds: 20 }),
    );
    const first = share(h);
    const second = speaker(h);
    const afterNo = reflect(h, second, first, "no");
    // The room is told of the moment without a name: it follows the private answer at once.
    expect(saysTo(afterNo, "perspective.addMoment", "room")).toEqual([
      {
        type: "say",
        key: "perspective.addMoment",
        audience: { to: "room" },
        vars: { seconds: 20, anonymous: "no" },
      },
    ]);
    expect(offered(h, first)).toHaveLength(1);
    const prompt = asked(h, "perspective.addPrompt", first);
    h.send({
      type: "participant.submit",
      participantId: first,
      promptId: prompt.promptId,
      text: "one more thing",
    });
    expect(speaker(h)).toBe(second);
    share(h);
    // The last speaker answers "yes": offered just the same; unanswered, it closes at its time-box.
    reflect(h, first, second, "yes");
    expect(offered(h, second)).toHaveLength(1);
    expect(h.snapshot().status).toBe("active");
    h.advance(20_000);
    expect(h.snapshot().status).toBe("done");
    const texts = workshopRecord(h.snapshot()).contributions.map((c) => [c.author, c.text]);
    expect(texts).toContainEqual([first, "one more thing"]);
  });

  it("anonymous: the room is told the previous speaker may add something, naming nobody", () => {
    const three = [person("a1", "a"), person("a2", "a"), person("a3", "a")];
    const h = start({ confidentiality: "anonymous" }, three, stages.perspective({ reflectBack: true }));
    const first = share(h);
    const out = reflect(h, speaker(h), first, "no");
    expect(saysTo(out, "perspective.addMoment", "room")).toHaveLength(1);
    const prompt = asked(h, "perspective.addPrompt", first);
    const posted = h.send({
      type: "participant.submit",
      participantId: first,
      promptId: prompt.promptId,
      text: "also",
    });
    expect(saysTo(posted, "perspective.anonymousContribution", "room")).toHaveLength(1);
    for (const e of posted.filter((e) => e.type === "say" && e.audience.to === "room"))
      expect(ids([e])).not.toMatch(/"participant":"a\d"/u);
  });
});

/** During the closing reflection nobody holds a turn: the listener is whoever was asked last. */
function latestListener(h: Harness): string {
  const p = [...h.effects]
    .reverse()
    .find((e) => e.type === "collect" && e.key === "perspective.reflectBackPrompt");
  if (p?.type !== "collect" || p.audience.to !== "participant") throw new Error("no listener");
  return p.audience.participantId;
}
