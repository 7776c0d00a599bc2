// Needs articulation: each participant states needs, fears or hopes (privately, or also in the room
// when the workshop is open); they are then presented grouped by community, without authors, and
// optionally each participant marks the other groups' needs they recognise.
import type { StageOf } from "../spec.ts";
import {
  act,
  atDeadline,
  baseContext,
  clearTimer,
  commonHandlers,
  contribute,
  effect,
  room,
  say,
  setTimer,
  stageOutput,
  stageSetup,
  to,
  type Contribution,
  type FlowFacts,
  type StageContext,
  type StageEvent,
  type Step,
} from "./common.ts";

interface NeedsContext extends StageContext {
  readonly needs: readonly Contribution[];
  readonly recognitions: readonly { readonly by: string; readonly needId: string }[];
}

export function createNeedsArticulationMachine(stage: StageOf<"needs-articulation">, facts: FlowFacts) {
  const collectPrompt = (category: string) => `needs:${stage.id}:${category}`;
  const recognisePrompt = `recognise:${stage.id}`;
  const first = stage.categories[0] ?? "needs";

  const addNeed = (s: Step<NeedsContext>, participantId: string, text: string, category: string) => {
    const need = contribute(s, {
      stageId: stage.id,
      kind: stage.kind,
      text,
      author: participantId,
      category,
    });
    s.ctx = { ...s.ctx, needs: [...s.ctx.needs, need] };
    say(s, "needs.received", to(participantId));
  };

  const present = act<NeedsContext>((s) => {
    const groups = facts.groups.length > 0 ? facts.groups : [{ id: "", name: facts.title }];
    for (const g of groups) {
      const items = s.ctx.needs.filter((n) => (n.group ?? "") === g.id);
      if (items.length === 0) continue;
      say(s, "needs.presentGroup", room, { group: { text: g.name } });
      for (const n of items)
        say(s, "needs.item", room, { category: n.category ?? first, text: { userText: n.text } });
    }
  });

  const recognitionDue = ({ context }: { context: NeedsContext }) =>
    stage.recognition && context.needs.length > 0;
  const forget = act<NeedsContext>((s, e) => {
    if (e.type !== "participant.forget") return;
    s.ctx = {
      ...s.ctx,
      needs: s.ctx.needs.filter((n) => n.author !== e.participantId),
      recognitions: s.ctx.recognitions.filter((r) => r.by !== e.participantId),
    };
  });
  const stopTimer = act<NeedsContext>(clearTimer);
  const finishCollecting = [
    { guard: recognitionDue, target: "recognise" as const, actions: [stopTimer, present] },
    { target: "done" as const, actions: present },
  ];

  return stageSetup<NeedsContext>().createMachine({
    output: stageOutput,
    id: "needs-articulation",
    context: ({ input }) => ({ ...baseContext(input), needs: [], recognitions: [] }),
    initial: "collect",
    on: {
      ...commonHandlers<NeedsContext>(),
      "participant.forget": { actions: forget },
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
              vars: { category },
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
            maxChoices: s.ctx.needs.length,
            options: s.ctx.needs.map((n, i) => ({
              value: n.id,
              label: { text: { [facts.defaultLocale]: `${String(i + 1)}. ${n.text.slice(0, 80)}` } },
            })),
          });
          setTimer(s, stage.recognitionSeconds);
        }),
        on: {
          "participant.choose": {
            guard: ({ context, event }: { context: NeedsContext; event: StageEvent }) =>
              event.type === "participant.choose" &&
              event.promptId === recognisePrompt &&
              context.needs.some((n) => n.id === event.value) &&
              !context.recognitions.some((r) => r.by === event.participantId && r.needId === event.value),
            actions: act((s, e) => {
              if (e.type !== "participant.choose") return;
              contribute(
                s,
                { stageId: stage.id, kind: "recognition", text: e.value, author: e.participantId },
                "r",
              );
              s.ctx = {
                ...s.ctx,
                recognitions: [...s.ctx.recognitions, { by: e.participantId, needId: e.value }],
              };
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
