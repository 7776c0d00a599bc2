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
          "participant.say": {
            guard: () => facts.confidentiality === "open",
            actions: act((s, e) => {
              if (e.type === "participant.say") addNeed(s, e.participantId, e.text, first);
            }),
          },
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
        entry: act((s) => {
          effect(s, {
            type: "prompt",
            key: "needs.recognisePrompt",
            audience: room,
            promptId: recognisePrompt,
            maxChoices: shownNeeds(s.ctx).length,
            options: shuffled(s.ctx).map((n) => ({
              value: n.id,
              // Unnumbered: each platform numbers the options it shows (or shows buttons).
              label: { text: { [facts.defaultLocale]: n.text.slice(0, 80) } },
            })),
          });
          setTimer(s, stage.recognitionSeconds);
        }),
        on: {
          "participant.choose": {
            guard: ({ context, event }: { context: NeedsContext; event: StageEvent }) =>
              event.type === "participant.choose" &&
              event.promptId === recognisePrompt &&
              shownNeeds(context).some((n) => n.id === event.value) &&
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
              say(s, "needs.recognised", to(e.participantId), { count: 1 });
            }),
          },
          "timer.fired": { guard: atDeadline, target: "done" },
        },
      },
      done: { type: "final", entry: act(clearTimer) },
    },
  });
}
