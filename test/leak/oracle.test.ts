// Each check of the leak oracle can fail: fed a run with a delivery that leaks, it reports it; fed
// the same run with the leak taken out, it reports nothing. (A check that cannot fail is a defect.)
import { describe, expect, it } from "vitest";
import type { Delivery, DeliveryAudience } from "../../src/bot/ports.ts";
import { checks } from "./oracle.ts";
import {
  cast,
  facilitator,
  flowVariants,
  readerText,
  type Act,
  type Person,
  type Presence,
  type RunRecord,
  type StepRecord,
} from "./world.ts";

const flows = flowVariants();
const [zarvela, quintaro, bexmoor, ulvesk] = cast as [Person, Person, Person, Person];
const groupOf = new Map<string, string | null>([
  [zarvela.key, "north"],
  [quintaro.key, "south"],
  [bexmoor.key, "south"],
  [ulvesk.key, "north"],
]);
const ids = new Map(cast.slice(0, 4).map((p, i) => [p.key, [`p${String(i + 1)}`]]));
const everyone: Presence = { members: groupOf, floor: [], ids };

const room: DeliveryAudience = { to: "room" };
const toUser = (p: Person): DeliveryAudience => ({ to: "user", userId: p.userId });
const say = (audience: DeliveryAudience, text: string): Delivery => ({
  kind: "say",
  idempotencyKey: "k",
  roomId: "room",
  audience,
  body: [{ text }],
});
const ask = (promptId: string): Delivery => ({
  kind: "ask",
  idempotencyKey: "k",
  roomId: "room",
  audience: room,
  body: [{ text: "Question" }],
  promptId,
  options: [{ value: "1", label: "1" }],
  maxChoices: 1,
});
const floor = (holders: string[]): Delivery => ({
  kind: "floor",
  idempotencyKey: "k",
  roomId: "room",
  audience: room,
  holders,
});
const pin = (text: string): Delivery => ({
  kind: "pin",
  idempotencyKey: "k",
  roomId: "room",
  audience: room,
  body: [{ text }],
});

interface StepSpec {
  readonly action?: string;
  readonly actor?: Person;
  readonly act?: Omit<Act, "step">;
  readonly seen: readonly Delivery[];
  readonly before?: Presence;
  readonly after?: Presence;
  readonly forgotten?: readonly Person[];
}

function run(
  label: string,
  steps: readonly StepSpec[],
  extra: { report?: string; buttons?: boolean; hidden?: string[] } = {},
): RunRecord {
  const flow = flows.find((f) => f.label === label);
  if (flow?.spec == null) throw new Error(`no flow ${label}`);
  const records: StepRecord[] = steps.map((s, i) => ({
    n: i + 1,
    action: s.action ?? "something",
    actor: s.actor ?? null,
    act: s.act === undefined ? null : { ...s.act, step: i + 1 },
    seen: s.seen.map((delivery) => ({ step: i + 1, delivery, text: readerText(delivery) })),
    before: s.before ?? everyone,
    after: s.after ?? everyone,
    forgotten: s.forgotten ?? [],
    stage: "needs-articulation:collect",
  }));
  return {
    key: `${label}|synthetic`,
    scenario: { flow, groups: [2, 2], buttons: extra.buttons ?? true, policy: "diligent", seed: 0 },
    spec: flow.spec,
    steps: records,
    acts: records.flatMap((s) => (s.act === null ? [] : [s.act])),
    participantIds: new Map(cast.slice(0, 4).map((p, i) => [p.key, new Set([`p${String(i + 1)}`])])),
    groupOf,
    report: extra.report ?? null,
    facilitators: [facilitator.userId],
    deliveries: records.reduce((n, s) => n + s.seen.length, 0),
    hidden: extra.hidden ?? [],
  };
}

const need: Omit<Act, "step"> = { by: zarvela, purpose: "need", token: "tq0001x", private: true };
const survey: Omit<Act, "step"> = { by: zarvela, purpose: "survey-text", token: "tq0002x", private: true };
const vote: Omit<Act, "step"> = { by: zarvela, purpose: "vote", private: true };
const reply: Omit<Act, "step"> = { by: zarvela, purpose: "reply", token: "tq0003x", private: true };
const oneInNorth: Presence = {
  members: new Map([...groupOf].filter(([k]) => k !== ulvesk.key)),
  floor: [],
  ids,
};

/** For each check: a run that leaks, and the same run without the leak. */
const toFacilitators: DeliveryAudience = { to: "facilitators", userIds: [facilitator.userId] };

const cases: Record<string, { leaks: RunRecord; clean: RunRecord }> = {
  "anonymous: no facilitators' delivery (review, notices) ties a contribution to its author": {
    leaks: run("leak-needs-articulation/anonymous/soft", [
      { act: need, seen: [] },
      { seen: [say(toFacilitators, "Held for review, #412 (Zarvela): We need tq0001x matters")] },
    ]),
    clean: run("leak-needs-articulation/anonymous/soft", [
      { act: need, seen: [] },
      { seen: [say(toFacilitators, "Held for review, #412: We need tq0001x matters")] },
    ]),
  },
  "review: a hidden contribution is in neither the summary nor the report": {
    leaks: run("leak-needs-articulation/chatham-house/soft", [{ act: need, seen: [] }], {
      report: "Needs: We need tq0001x matters",
      hidden: ["tq0001x"],
    }),
    clean: run("leak-needs-articulation/chatham-house/soft", [{ act: need, seen: [] }], {
      report: "Needs: none",
      hidden: ["tq0001x"],
    }),
  },
  "anonymous: no room delivery names a participant (nor, on joining or leaving, their group)": {
    leaks: run("leak-discussion/anonymous/soft", [{ seen: [say(room, "It is Zarvela's turn.")] }]),
    clean: run("leak-discussion/anonymous/soft", [{ seen: [say(room, "It is someone's turn.")] }]),
  },
  "anonymous: no floor delivery names a participant": {
    leaks: run("leak-perspective-sharing/anonymous/strict", [{ seen: [floor([zarvela.userId])] }]),
    clean: run("leak-perspective-sharing/anonymous/strict", [{ seen: [floor([])] }]),
  },
  "anonymous: no private delivery names another participant": {
    leaks: run("leak-reflection/anonymous/soft", [
      { seen: [say(toUser(quintaro), "Say back what Zarvela said.")] },
    ]),
    clean: run("leak-reflection/anonymous/soft", [
      { seen: [say(toUser(quintaro), "Say back what you heard.")] },
    ]),
  },
  "chatham-house/anonymous: nothing presented on someone's behalf carries its author": {
    leaks: run("leak-needs-articulation/chatham-house/soft", [
      { act: need, seen: [] },
      { seen: [say(room, "Need from p1: We need tq0001x matters")] },
    ]),
    clean: run("leak-needs-articulation/chatham-house/soft", [
      { act: need, seen: [] },
      { seen: [say(room, "Need: We need tq0001x matters")] },
    ]),
  },
  "chatham-house/anonymous: no group-level figure or list while a group is below the minimum size": {
    leaks: run("leak-needs-articulation/anonymous/soft", [
      { seen: [say(room, "What Northwind wrote:")], before: oneInNorth, after: oneInNorth },
    ]),
    clean: run("leak-needs-articulation/anonymous/soft", [
      { seen: [say(room, "What everyone wrote:")], before: oneInNorth, after: oneInNorth },
    ]),
  },
  "every mode: private acts never appear in a room delivery attributed to anyone": {
    leaks: run("leak-brainstorm/open/soft", [
      { actor: zarvela, act: vote, seen: [say(room, "Zarvela voted.")] },
    ]),
    clean: run("leak-brainstorm/open/soft", [
      { actor: zarvela, act: vote, seen: [say(toUser(zarvela), "Zarvela, vote recorded.")] },
    ]),
  },
  "every mode: a private delivery never carries another participant's private answer": {
    leaks: run("leak-survey/open/soft", [
      { act: survey, seen: [] },
      { seen: [say(toUser(quintaro), "Others said: My answer: tq0002x matters")] },
    ]),
    clean: run("leak-survey/open/soft", [
      { act: survey, seen: [] },
      { seen: [say(toUser(zarvela), "You said: My answer: tq0002x matters")] },
    ]),
  },
  "every mode: a facilitator's private reply is read by its participant only, and kept in no record": {
    leaks: run(
      "leak-discussion/open/soft",
      [
        {
          act: reply,
          seen: [say(toUser(zarvela), "A facilitator answers you: Take your time, tq0003x matters")],
        },
        {
          seen: [say({ to: "facilitators", userIds: [facilitator.userId] }, "Sent: Take your time, tq0003x")],
        },
      ],
      { report: "- Take your time, tq0003x matters" },
    ),
    clean: run("leak-discussion/open/soft", [
      {
        act: reply,
        seen: [say(toUser(zarvela), "A facilitator answers you: Take your time, tq0003x matters")],
      },
      {
        seen: [
          say(
            { to: "facilitators", userIds: [facilitator.userId] },
            "Your reply was sent privately to Zarvela.",
          ),
        ],
      },
    ]),
  },
  "chatham-house/anonymous: survey results in the summary and report are aggregates only": {
    leaks: run("leak-survey/chatham-house/soft", [{ seen: [] }], { report: "- survey:poll:trust=4" }),
    clean: run("leak-survey/chatham-house/soft", [{ seen: [] }], {
      report: "- trust: average 3.5 (4 answers)",
    }),
  },
  "every mode: private deliveries reach only the intended user": {
    leaks: run("leak-discussion/open/soft", [
      { seen: [say(toUser(cast[6] as Person), "Your turn.")] },
      { actor: zarvela, act: vote, seen: [say(toUser(quintaro), "Vote recorded.")] },
    ]),
    clean: run("leak-discussion/open/soft", [
      { seen: [say(toUser(bexmoor), "Your turn.")] },
      { actor: zarvela, act: vote, seen: [say(toUser(zarvela), "Vote recorded.")] },
    ]),
  },
  "platforms without buttons: no private answer is asked for in the room": {
    leaks: run("leak-ground-rules/open/soft", [{ seen: [ask("consent:1")] }], { buttons: false }),
    clean: run(
      "leak-ground-rules/open/soft",
      [{ seen: [{ ...ask("consent:1"), audience: toUser(zarvela) }] }],
      {
        buttons: false,
      },
    ),
  },
  "forget-me: nothing of a forgotten participant appears afterwards": {
    leaks: run("leak-needs-articulation/open/soft", [
      { act: need, seen: [] },
      { forgotten: [zarvela], seen: [] },
      { seen: [pin("Needs: We need tq0001x matters")] },
    ]),
    clean: run("leak-needs-articulation/open/soft", [
      { act: need, seen: [] },
      { forgotten: [zarvela], seen: [] },
      { seen: [pin("Needs: none")] },
      // Joining again makes a new participant, who may be named.
      {
        seen: [say(room, "Zarvela has joined.")],
        after: { ...everyone, ids: new Map([...ids, [zarvela.key, ["p1", "p9"]]]) },
      },
    ]),
  },
};

describe("every leak check can fail", () => {
  it("has a case for every check", () => {
    expect(Object.keys(cases).sort()).toEqual(checks.map((c) => c.name).sort());
  });
  for (const check of checks)
    it(check.name, () => {
      const c = cases[check.name];
      if (c === undefined) throw new Error(`no case for ${check.name}`);
      expect(check.run(c.leaks).length, "the leaking run").toBeGreaterThan(0);
      expect(check.run(c.clean), "the same run without the leak").toEqual([]);
    });
});
