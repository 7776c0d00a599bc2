// Needs articulation: each participant states needs, fears or hopes (privately, or also in the room
// when the workshop is open); they are then presented grouped by community, without authors, and
// optionally each participant marks the other groups' needs they recognise.
import type { StageOf } from "../spec.ts";
import {
  act,
  atDeadline,
  authorsVar,
  baseContext,
  clearTimer,
  commonHandlers,
  contribute,
  contributionsOf,
  effect,
  groupOf,
  onBehalf,
  showOnBehalf,
  shownToRoom,
  room,
  say,
  sayPooled,
  seededOrder,
  setTimer,
  stageOutput,
  stageSeed,
  stageSetup,
  to,
  type Contribution,
  type FlowFacts,
  type StageContext,
  type StageEvent,
  type Step,
} from "./common.ts";
import { roomPosts } from "./collect.ts";

type NeedsContext = StageContext;

// Needs and recognitions are this stage's contributions; a recognition's text is the need's id.
const needsOf = (ctx: StageContext) => contributionsOf(ctx, "needs-articulation");
const recognitionsOf = (ctx: StageContext) => contributionsOf(ctx, "recognition");

export function createNeedsArticulationMachine(stage: StageOf<"needs-articulation">, facts: FlowFacts) {
  const collectPrompt = (category: string) => `needs:${stage.id}:${category}`;
  const recognisePrompt = `recognise:${stage.id}`;
  const first = stage.categories[0] ?? "needs";
  /** How needs will be shown, as the prompt promises it: under the group's name, or pooled. */
  const grouping = (ctx: NeedsContext) =>
    facts.groups.length === 0
      ? "none"
      : ctx.view.pooled
        ? "pooled"
        : facts.minGroupSize === null
          ? "group"
          : "groupOrPooled";

  const addNeed = (s: Step<NeedsContext>, participantId: string, text: string, category: string) => {
    const need = contribute(s, {
      stageId: stage.id,
      kind: stage.kind,
      text,
      author: participantId,
      category,
    });
    onBehalf(s, need.id, participantId, text);
    say(s, "needs.received", to(participantId));
  };

  /** Needs that may be shown (not held or hidden by the facilitators). */
  const shownNeeds = (ctx: NeedsContext) => needsOf(ctx).filter((n) => shownToRoom(ctx.view, n.id));
  /** Needs in a seeded order, so one person's consecutive needs do not sit together. */
  const shuffled = (ctx: NeedsContext) => seededOrder(shownNeeds(ctx), stageSeed(ctx));
  const item = (s: Step<NeedsContext>, n: Contribution) => {
    showOnBehalf(s, n.id, "needs.item", { category: n.category ?? first, text: { userText: n.text } });
  };
  const present = act<NeedsContext>((s) => {
    const needs = shuffled(s.ctx);
    // Whatever is still held for review is not shown now (the facilitators and authors are told).
    s.reports.push({ type: "stage.presented" });
    if (s.ctx.view.pooled) {
      // A group below the minimum size: one list for everyone, and no recognition across groups
      // (with two groups, naming one would reveal the other by elimination).
      sayPooled(s, facts);
      if (needs.length > 0) say(s, "needs.presentAll", room);
      for (const n of needs) item(s, n);
      if (stage.recognition && needs.length > 0) say(s, "needs.recognitionSkipped", room);
      return;
    }
    const groups = facts.groups.length > 0 ? facts.groups : [{ id: "", name: facts.title }];
    for (const g of groups) {
      const items = needs.filter((n) => (n.group ?? "") === g.id);
      if (items.length === 0) continue;
      say(s, "needs.presentGroup", room, { group: { text: g.name } });
      for (const n of items) item(s, n);
    }
  });

  /** A need this participant may recognise: another group's (or, without groups, someone else's). */
  const recognisable = (n: Contribution, participantId: string, group: string | undefined) =>
    facts.groups.length === 0 || group === undefined ? n.author !== participantId : n.group !== group;

  const recognitionDue = ({ context }: { context: NeedsContext }) =>
    stage.recognition && !context.view.pooled && shownNeeds(context).length > 0;
  const stopTimer = act<NeedsContext>(clearTimer);
  const finishCollecting = [
    { guard: recognitionDue, target: "recognise" as const, actions: [stopTimer, present] },
    { target: "done" as const, actions: present },
  ];

  return stageSetup<NeedsContext>().createMachine({
    output: stageOutput,
    id: "needs-articulation",
    context: ({ input }) => baseContext(input),
    initial: "collect",
    on: {
      ...commonHandlers<NeedsContext>(),

      "stage.next": { target: ".done" },
    },
    states: {
      collect: {
        entry: act((s) => {
          say(s, "needs.intro", room, {
            prompt: { text: stage.prompt },
            minutes: Math.round(stage.collectSeconds / 60),
          });
          // One private input per category, so each contribution keeps its category.
          for (const category of stage.categories)
            effect(s, {
              type: "collect",
              key: "needs.collect",
              audience: room,
              promptId: collectPrompt(category),
              vars: { category, authors: authorsVar(facts), grouping: grouping(s.ctx) },
            });
          setTimer(s, stage.collectSeconds);
        }),
        on: {
          "participant.submit": {
            actions: act((s, e) => {
              if (e.type !== "participant.submit") return;
              const category = stage.categories.find((c) => e.promptId === collectPrompt(c));
              if (category !== undefined) addNeed(s, e.participantId, e.text, category);
            }),
          },
          // In an open workshop a need may be posted in the room (it goes under the first category).
          "participant.say": roomPosts<NeedsContext>(facts, (s, participantId, text) => {
            addNeed(s, participantId, text, first);
          }),
          "timer.fired": [
            {
              guard: (a) => atDeadline(a) && recognitionDue(a),
              target: "recognise",
              actions: [stopTimer, present],
            },
            { guard: atDeadline, target: "done", actions: present },
          ],
          "stage.next": finishCollecting,
        },
      },
      recognise: {
        // Each participant is asked, privately, about the other groups' needs only: recognising
        // one's own group's needs is not the exercise, and a list per group in the room would
        // show who belongs where to platforms that send room questions privately anyway.
        entry: act((s) => {
          for (const p of s.ctx.view.participants) {
            const others = shuffled(s.ctx).filter((n) => recognisable(n, p.id, p.group));
            if (others.length === 0) continue;
            effect(s, {
              type: "prompt",
              key: "needs.recognisePrompt",
              audience: to(p.id),
              promptId: recognisePrompt,
              maxChoices: others.length,
              options: others.map((n) => ({
                value: n.id,
                // Unnumbered: each platform numbers the options it shows (or shows buttons).
                label: { text: { [facts.defaultLocale]: n.text.slice(0, 80) } },
              })),
            });
          }
          setTimer(s, stage.recognitionSeconds);
        }),
        on: {
          "participant.choose": [
            {
              guard: ({ context, event }: { context: NeedsContext; event: StageEvent }) =>
                event.type === "participant.choose" &&
                event.promptId === recognisePrompt &&
                shownNeeds(context).some(
                  (n) =>
                    n.id === event.value &&
                    recognisable(
                      n,
                      event.participantId,
                      groupOf(context.view, event.participantId) ?? undefined,
                    ),
                ) &&
                !recognitionsOf(context).some(
                  (r) => r.author === event.participantId && r.text === event.value,
                ),
              actions: act((s, e) => {
                if (e.type !== "participant.choose") return;
                contribute(
                  s,
                  { stageId: stage.id, kind: "recognition", text: e.value, author: e.participantId },
                  "r",
                );
                // What this participant has recognised so far, not the count of this one press.
                const count = recognitionsOf(s.ctx).filter((r) => r.author === e.participantId).length;
                say(s, "needs.recognised", to(e.participantId), { count });
              }),
            },
            // The same need marked again is acknowledged as the first time (a select re-sends what
            // it holds), not recorded twice, and not answered as if the question had closed.
            {
              guard: ({ context, event }: { context: NeedsContext; event: StageEvent }) =>
                event.type === "participant.choose" &&
                event.promptId === recognisePrompt &&
                recognitionsOf(context).some(
                  (r) => r.author === event.participantId && r.text === event.value,
                ),
              actions: act((s, e) => {
                if (e.type !== "participant.choose") return;
                const count = recognitionsOf(s.ctx).filter((r) => r.author === e.participantId).length;
                say(s, "needs.recognised", to(e.participantId), { count });
              }),
            },
          ],
          "timer.fired": { guard: atDeadline, target: "done" },
        },
      },
      done: { type: "final", entry: act(clearTimer) },
    },
  });
}
