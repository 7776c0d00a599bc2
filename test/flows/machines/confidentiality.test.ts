// What each confidentiality mode shows, line by line (mutation testing, issue 11): the exact
// variables of the posts and prompts that name someone or say they do not, where a speaker's or a
// listener's room message is taken, the strict mute, the floor, the record's order, and pooling.
import { describe, expect, it } from "vitest";
import type { FlowEffect } from "../../../src/flows/protocol.ts";
import { takesRoomMessages, workshopRecord } from "../../../src/flows/workshop-view.ts";
import {
  asked,
  flow,
  fourPeople,
  harness,
  keys,
  lastOf,
  person,
  saysTo,
  share,
  speaker,
  stages,
  started,
} from "./harness.ts";

const three = [person("a1", "a"), person("b1", "b"), person("a2", "a")];
const small = [person("a1", "a"), person("a2", "a"), person("a3", "a"), person("b1", "b")];

const roomSays = (effects: readonly FlowEffect[]) =>
  effects.filter((e) => e.type === "say" && e.audience.to === "room");

describe("turns: what the room and the speaker are told", () => {
  it("outside anonymous a turn is a prompt with options and the post names its author; anonymous, a collect and no name", () => {
    for (const confidentiality of ["chatham-house", "anonymous"] as const) {
      const h = started([stages.perspective()], { confidentiality }, three, 11);
      const s = speaker(h);
      const turn = asked(h, "perspective.yourTurn", s);
      if (confidentiality === "anonymous") {
        expect(turn.type).toBe("collect");
        expect(turn.vars).toEqual({ seconds: 60, anonymous: "yes" });
      } else {
        expect(turn.type).toBe("prompt");
        expect(turn.vars).toEqual({ seconds: 60, anonymous: "no" });
      }
      const out = h.send({
        type: "participant.submit",
        participantId: s,
        promptId: turn.promptId,
        text: "story",
      });
      const posts = roomSays(out).filter((e) => e.type === "say" && e.key !== "perspective.turnOf");
      const post = posts.find((e) => "key" in e && e.key.includes("ontribution"));
      if (confidentiality === "anonymous")
        expect(post).toMatchObject({
          key: "perspective.anonymousContribution",
          vars: { text: { userText: "story" } },
        });
      else
        expect(post).toMatchObject({
          key: "perspective.contribution",
          vars: { participant: { participant: s }, text: { userText: "story" } },
        });
      if (post?.type === "say")
        expect(Object.keys(post.vars ?? {}).sort()).toEqual(
          confidentiality === "anonymous" ? ["text"] : ["participant", "text"],
        );
    }
  });

  it("a pass is posted with the speaker's name outside anonymous", () => {
    const h = started([stages.perspective()], { confidentiality: "chatham-house" }, three, 11);
    const s = speaker(h);
    const out = h.send({
      type: "participant.choose",
      participantId: s,
      promptId: asked(h, "perspective.yourTurn", s).promptId,
      value: "pass",
    });
    expect(saysTo(out, "perspective.passed", "room")).toEqual([
      {
        type: "say",
        key: "perspective.passed",
        audience: { to: "room" },
        vars: { participant: { participant: s } },
      },
    ]);
  });

  it("under strict turns a message from someone else in the room gets no answer, whatever the mode", () => {
    for (const confidentiality of ["chatham-house", "anonymous"] as const) {
      const h = started([stages.perspective()], { confidentiality, turnEnforcement: "strict" }, three, 11);
      const other = three.find((p) => p.id !== speaker(h))?.id ?? "";
      expect(h.send({ type: "participant.say", participantId: other, text: "me too" })).toEqual([]);
    }
  });

  it("the workshop's floor is the speaker outside anonymous", () => {
    const h = started(
      [stages.perspective()],
      { confidentiality: "chatham-house", turnEnforcement: "strict" },
      three,
      11,
    );
    expect(h.status().floor).toEqual([speaker(h)]);
  });
});

describe("reflecting back: where a room message counts", () => {
  const reflecting = (confidentiality: string, addSeconds = 0) => {
    const h = started(
      [stages.perspective({ reflectBack: true, addSeconds })],
      { confidentiality, turnEnforcement: "strict" },
      three,
      11,
    );
    const previous = share(h);
    const listener = speaker(h);
    const third = three.find((p) => p.id !== previous && p.id !== listener)?.id ?? "";
    return { h, previous, listener, third };
  };

  it("anonymous: the listener is asked without the previous speaker's name, and a room message from them is not the reflection", () => {
    const { h, listener } = reflecting("anonymous");
    expect(asked(h, "perspective.reflectBackPrompt", listener).vars).toEqual({
      seconds: 60,
      participant: { participant: listener },
      named: "no",
    });
    h.send({ type: "participant.say", participantId: listener, text: "you said" });
    expect(h.status().phase).toBe("reflect");
  });

  it("outside anonymous only the listener's room message is the reflection", () => {
    const { h, listener, third } = reflecting("chatham-house");
    expect(h.send({ type: "participant.say", participantId: third, text: "not mine to say" })).toEqual([]);
    expect(h.status().phase).toBe("reflect");
    h.send({ type: "participant.say", participantId: listener, text: "you said" });
    expect(h.status().phase).not.toBe("reflect");
  });

  it("with the previous speaker gone, the listener's room message closes the reflection without a second post; anonymous, it does not count", () => {
    for (const confidentiality of ["chatham-house", "anonymous"] as const) {
      const { h, previous, listener } = reflecting(confidentiality);
      h.send({ type: "participant.leave", participantId: previous });
      expect(h.status().phase).toBe("reflect");
      const out = h.send({ type: "participant.say", participantId: listener, text: "you said" });
      if (confidentiality === "anonymous") {
        expect(h.status().phase).toBe("reflect");
        continue;
      }
      expect(JSON.stringify(roomSays(out))).not.toContain("you said");
      expect(h.status().phase).toBe("speaking");
      expect(speaker(h)).toBe(listener);
      expect(workshopRecord(h.snapshot()).participation.reduce((n, p) => n + (p.reflections ?? 0), 0)).toBe(
        1,
      );
    }
  });

  /** Up to the "anything to add?" moment: the listener reflected, the previous speaker answered. */
  const adding = (confidentiality: string) => {
    const r = reflecting(confidentiality, 20);
    r.h.send({
      type: "participant.submit",
      participantId: r.listener,
      promptId: asked(r.h, "perspective.reflectBackPrompt", r.listener).promptId,
      text: "you said",
    });
    const heard = asked(r.h, "perspective.feltHeardPrompt", r.previous);
    const out = r.h.send({
      type: "participant.choose",
      participantId: r.previous,
      promptId: heard.promptId,
      value: "yes",
    });
    expect(r.h.status().phase).toBe("adding");
    return { ...r, out };
  };

  it("the moment to add says in both posts whether the workshop is anonymous", () => {
    for (const confidentiality of ["chatham-house", "anonymous"] as const) {
      const { h, previous, out } = adding(confidentiality);
      const anonymous = confidentiality === "anonymous" ? "yes" : "no";
      expect(saysTo(out, "perspective.addMoment", "room")[0]).toMatchObject({
        vars: { seconds: 20, anonymous },
      });
      expect(asked(h, "perspective.addPrompt", previous).vars).toEqual({ seconds: 20, anonymous });
    }
  });

  it("outside anonymous the previous speaker's room message is their addition, posted once; nobody else's is", () => {
    const { h, previous, third } = adding("chatham-house");
    expect(h.send({ type: "participant.say", participantId: third, text: "me" })).toEqual([]);
    expect(h.status().phase).toBe("adding");
    const out = h.send({ type: "participant.say", participantId: previous, text: "one more thing" });
    expect(JSON.stringify(roomSays(out))).not.toContain("one more thing");
    expect(h.status().phase).not.toBe("adding");
    expect(workshopRecord(h.snapshot()).contributions.map((c) => c.text)).toContain("one more thing");
  });

  it("anonymous: the previous speaker's room message is not their addition (they are told privately); nobody else is told anything", () => {
    const { h, previous, third } = adding("anonymous");
    expect(h.send({ type: "participant.say", participantId: third, text: "me" })).toEqual([]);
    const out = h.send({ type: "participant.say", participantId: previous, text: "one more thing" });
    expect(keys(out)).toEqual(["perspective.sendPrivately"]);
    expect(saysTo(out, "perspective.sendPrivately", previous)).toHaveLength(1);
    expect(h.status().phase).toBe("adding");
  });
});

describe("discussion: the floor and the mute", () => {
  it("a facilitator's floor in a discussion is refused only under anonymous", () => {
    const h = started([stages.discussion()], { confidentiality: "chatham-house" }, three);
    const out = h.send({ type: "control.floor", participantId: "a1", by: "f" });
    expect(keys(out)).not.toContain("workshop.floorNotAnonymous");
  });

  it("the queue's next floor is announced with exactly these variables", () => {
    for (const confidentiality of ["chatham-house", "anonymous"] as const) {
      const h = started([stages.discussion()], { confidentiality }, three);
      h.send({ type: "participant.hand", participantId: "b1", raised: true });
      const out = h.send({ type: "control.queue", action: "next", by: "f" });
      expect(saysTo(out, "discussion.floorTo", "room")[0]).toMatchObject({
        vars:
          confidentiality === "anonymous"
            ? { named: "no" }
            : { named: "yes", participant: { participant: "b1" } },
      });
      const vars = saysTo(out, "discussion.floorTo", "room")[0];
      expect(vars?.type === "say" && vars.vars).toEqual(
        confidentiality === "anonymous"
          ? { named: "no" }
          : { named: "yes", participant: { participant: "b1" } },
      );
    }
  });

  it("a mute closes the room to that person only under strict turns outside anonymous", () => {
    for (const [confidentiality, turnEnforcement, floored] of [
      ["chatham-house", "strict", true],
      ["chatham-house", "soft", false],
      ["anonymous", "strict", false],
    ] as const) {
      const h = started([stages.discussion()], { confidentiality, turnEnforcement }, three);
      const out = h.send({ type: "control.mute", participantId: "a1", muted: true, by: "f" });
      const floors = out.filter((e) => e.type === "floor");
      expect(floors, `${confidentiality} ${turnEnforcement}`).toEqual(
        floored ? [{ type: "floor", holders: ["b1", "a2"] }] : [],
      );
    }
  });
});

describe("room messages taken as contributions", () => {
  it("only an open workshop's brainstorm or needs stage takes them; not the lobby, nor another stage", () => {
    for (const confidentiality of ["open", "chatham-house", "anonymous"] as const) {
      const spec = flow([stages.brainstorm(), stages.needs(), stages.discussion()], { confidentiality });
      const h = harness(spec);
      expect(takesRoomMessages(spec, h.snapshot())).toBe(false);
      for (const p of three) h.send({ type: "participant.join", participant: p });
      h.send({ type: "control", action: "start", by: "f" });
      const taken: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        taken.push(takesRoomMessages(spec, h.snapshot()));
        h.send({ type: "control", action: "next", by: "f" });
      }
      expect(taken, confidentiality).toEqual(
        confidentiality === "open" ? [true, true, false] : [false, false, false],
      );
    }
  });
});

describe("the record and the pooled stages", () => {
  it("an open workshop's record lists ideas as they came; others in the seeded order", () => {
    const texts = ["first", "second", "third", "fourth"];
    const order = (confidentiality: string) => {
      const h = started([stages.brainstorm({ maxIdeasPerPerson: 4 })], { confidentiality }, fourPeople, 5);
      const collect = lastOf(h, "collect", "brainstorm.collect");
      texts.forEach((text, i) =>
        h.send({
          type: "participant.submit",
          participantId: fourPeople[i]?.id ?? "",
          promptId: collect.promptId,
          text,
        }),
      );
      return workshopRecord(h.snapshot()).contributions.map((c) => c.text);
    };
    expect(order("open")).toEqual(texts);
    expect(order("chatham-house")).not.toEqual(texts);
  });

  it("a brainstorm shows groups unless pooled: the ballot and the results say which", () => {
    for (const pooled of [false, true]) {
      const h = started(
        [stages.brainstorm()],
        { confidentiality: "chatham-house", ...(pooled ? { minGroupSize: 3 } : {}) },
        fourPeople,
        5,
      );
      const collect = lastOf(h, "collect", "brainstorm.collect");
      h.send({ type: "participant.submit", participantId: "a1", promptId: collect.promptId, text: "idea" });
      h.advance(120_000);
      h.advance(60_000);
      expect(lastOf(h, "prompt", "brainstorm.votePrompt").vars).toEqual({
        dots: 2,
        grouped: pooled ? "no" : "yes",
      });
      h.runTimers();
      const all = keys(h.effects);
      expect(all.includes("workshop.pooled"), String(pooled)).toBe(pooled);
      expect(all).toContain(pooled ? "brainstorm.rankedIdeaPooled" : "brainstorm.rankedIdea");
      expect(all).not.toContain(pooled ? "brainstorm.rankedIdea" : "brainstorm.rankedIdeaPooled");
    }
  });

  it("a brainstorm without groups asks for votes without groups", () => {
    const h = started([stages.brainstorm()], { groups: undefined }, [person("x"), person("y")], 5);
    const collect = lastOf(h, "collect", "brainstorm.collect");
    h.send({ type: "participant.submit", participantId: "x", promptId: collect.promptId, text: "idea" });
    h.advance(180_000);
    expect(lastOf(h, "prompt", "brainstorm.votePrompt").vars).toEqual({ dots: 2, grouped: "no" });
  });

  it("needs: a pooled stage promises one list; without recognition none is asked for", () => {
    const pooled = started([stages.needs()], { confidentiality: "anonymous" }, small, 5);
    expect(lastOf(pooled, "collect", "needs.collect").vars).toMatchObject({ grouping: "pooled" });
    const h = started(
      [stages.needs({ recognition: false })],
      { confidentiality: "chatham-house" },
      fourPeople,
      5,
    );
    const collect = lastOf(h, "collect", "needs.collect");
    h.send({ type: "participant.submit", participantId: "a1", promptId: collect.promptId, text: "quiet" });
    h.send({ type: "participant.submit", participantId: "b1", promptId: collect.promptId, text: "time" });
    const out = h.advance(60_000);
    expect(keys(out)).not.toContain("needs.recognisePrompt");
    expect(h.snapshot().status).toBe("done");
  });
});
