// Brainstorm: diverge (ideas collected, anonymous per confidentiality, capped per person, time
// boxed) → cluster (facilitators merge duplicates and label clusters) → vote (dots or approval,
// results hidden until it closes) → converge: ideas ranked by support across groups.
import type { FlowEffect, RankedIdea } from "../protocol.ts";
import type { StageOf } from "../spec.ts";
import {
  act,
  atDeadline,
  baseContext,
  clearTimer,
  commonHandlers,
  contribute,
  contributionsOf,
  effect,
  facilitators,
  onBehalf,
  showOnBehalf,
  shownToRoom,
  room,
  say,
  sayPooled,
  seededKey,
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
import { collectingEnds, privateOrRoomInput } from "./collect.ts";

interface BrainstormContext extends StageContext {
  /** Idea ids in the order the list was shown when clustering began: facilitators cite these numbers. */
  readonly shown: readonly string[];
}

// Ideas and votes are this stage's contributions; a vote's text is the id of the idea it backs.
// An idea folded into a cluster stays in the record as a `clusteredIdeaKind` contribution whose
// category is the cluster's label; only the idea that represents the cluster is voted on.
export const clusteredIdeaKind = "brainstorm-clustered";
const ideasOf = (ctx: StageContext) => contributionsOf(ctx, "brainstorm");
const votesOf = (ctx: StageContext) => contributionsOf(ctx, "vote");
/** Ideas that may be shown, voted on and ranked (not held or hidden by the facilitators). */
const shownIdeas = (ctx: StageContext) => ideasOf(ctx).filter((i) => shownToRoom(ctx.view, i.id));

/**
 * Merges ideas under a label: the first keeps its place on the ballot and takes the label; the
 * others are folded into it (kept, under the label, but no longer voted on). Ideas already folded
 * into one of them follow it to the new label.
 */
export function mergeIdeas<T extends Contribution>(
  items: readonly T[],
  ideaIds: readonly string[],
  label: string,
): T[] {
  const [keep, ...merged] = ideaIds;
  const stageId = items.find((c) => c.id === keep)?.stageId;
  const oldLabels = new Set(
    items.filter((c) => ideaIds.includes(c.id) && c.category !== undefined).map((c) => c.category),
  );
  return items.map((c) => {
    if (c.id === keep) return { ...c, category: label };
    if (merged.includes(c.id)) return { ...c, kind: clusteredIdeaKind, category: label };
    if (c.kind === clusteredIdeaKind && c.stageId === stageId && oldLabels.has(c.category))
      return { ...c, category: label };
    return c;
  });
}

/**
 * Ranks ideas so that one backed by every group comes before one backed by a single group: by the
 * minimum, over the groups that took part in the vote, of the share of that group's voters who
 * support the idea; ties by total support, then by id. Votes for a merged idea count for the idea
 * it was merged into only if they were cast after the merge (clustering comes before voting).
 */
/**
 * Best first: cross-group support, then total support, then the session's seeded order (ids count
 * in arrival order, so tying by id would put one person's consecutive ideas together).
 */
export function byRank(seed: number) {
  return (a: RankedIdea, b: RankedIdea): number =>
    (b.crossGroupSupport ?? 0) - (a.crossGroupSupport ?? 0) ||
    b.totalSupport - a.totalSupport ||
    seededKey(seed, a.id) - seededKey(seed, b.id) ||
    a.id.localeCompare(b.id);
}

/** A ranked idea without per-group figures (pooled: a small group's ballots would be attributable). */
export function pooledIdea(idea: RankedIdea): RankedIdea {
  return { ...idea, crossGroupSupport: null, supportByGroup: {} };
}

export function rankIdeas(
  ideas: readonly Contribution[],
  votes: readonly Contribution[],
  groupIds: readonly string[],
  seed = 0,
  clustered: readonly Contribution[] = [],
): RankedIdea[] {
  const voters = new Map<string, Set<string>>();
  for (const v of votes) {
    const g = v.group ?? "";
    voters.set(g, (voters.get(g) ?? new Set()).add(v.author));
  }
  const displayGroups = groupIds.length > 0 ? groupIds : [""];
  return ideas
    .map((idea) => {
      const forIdea = votes.filter((v) => v.text === idea.id);
      const supportByGroup: Record<string, number> = {};
      for (const g of displayGroups)
        supportByGroup[g] = new Set(forIdea.filter((v) => (v.group ?? "") === g).map((v) => v.author)).size;
      let min = voters.size === 0 ? 0 : 1;
      for (const [g, groupVoters] of voters) {
        const supporters = new Set(forIdea.filter((v) => (v.group ?? "") === g).map((v) => v.author)).size;
        min = Math.min(min, supporters / groupVoters.size);
      }
      const folded =
        idea.category === undefined
          ? []
          : seededOrder(
              clustered.filter((c) => c.category === idea.category),
              seed,
            ).map((c) => c.text);
      return {
        id: idea.id,
        text: idea.text,
        cluster: idea.category ?? null,
        crossGroupSupport: min,
        totalSupport: forIdea.length,
        supportByGroup,
        ...(folded.length > 0 ? { folded } : {}),
      };
    })
    .sort(byRank(seed));
}

/** An idea as the ballot shows it: "[label] text" for a cluster, cut to a button's 80 characters. */
export function ballotLabel(idea: Pick<Contribution, "text" | "category">): string {
  const text = idea.category === undefined ? idea.text : `[${idea.category}] ${idea.text}`;
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

export function createBrainstormMachine(stage: StageOf<"brainstorm">, facts: FlowFacts) {
  const ideaPrompt = `idea:${stage.id}`;
  const votePrompt = `vote:${stage.id}`;
  const dots = (ctx: BrainstormContext) =>
    stage.voting.method === "dots" ? stage.voting.dots : shownIdeas(ctx).length;
  const perIdea = stage.voting.method === "dots" ? stage.voting.maxPerIdea : 1;

  const addIdea = (s: Step<BrainstormContext>, participantId: string, text: string) => {
    const mine = ideasOf(s.ctx).filter((c) => c.author === participantId).length;
    if (mine >= stage.maxIdeasPerPerson) {
      say(s, "brainstorm.capReached", to(participantId), { max: stage.maxIdeasPerPerson });
      return;
    }
    // A held idea counts toward the cap like any other.
    const idea = contribute(s, { stageId: stage.id, kind: stage.kind, text, author: participantId }, "i");
    onBehalf(s, idea.id, participantId, text);
    say(s, "brainstorm.ideaReceived", to(participantId), { remaining: stage.maxIdeasPerPerson - mine - 1 });
  };

  const ideas = privateOrRoomInput<BrainstormContext>(facts, {
    key: "brainstorm.collect",
    promptId: ideaPrompt,
    take: addIdea,
  });

  /** An idea cited by its number in the list shown, or by its id; merged ideas are gone. */
  const resolveIdea = (ctx: BrainstormContext, ref: string): string | undefined => {
    const id = /^\d{1,4}$/u.test(ref) ? ctx.shown[Number(ref) - 1] : ref;
    return shownIdeas(ctx).some((i) => i.id === id) ? id : undefined;
  };
  const hasIdeas = ({ context }: { context: BrainstormContext }) => shownIdeas(context).length > 0;
  const stopTimer = act<BrainstormContext>(clearTimer);
  /** Ideas in the seeded order they are shown and voted on (not the order they arrived in). */
  const shownOrder = (ctx: BrainstormContext) => seededOrder(shownIdeas(ctx), stageSeed(ctx));
  const converge = act<BrainstormContext>((s) => {
    const pooled = s.ctx.view.pooled;
    // Pooled: cross-group support may still order the ideas, but no per-group figure is shown.
    if (pooled) sayPooled(s, facts);
    say(s, "brainstorm.results", room);
    const ranked = rankIdeas(
      shownIdeas(s.ctx),
      votesOf(s.ctx),
      facts.groups.map((g) => g.id),
      stageSeed(s.ctx),
    );
    ranked.slice(0, stage.shortlist).forEach((idea, i) => {
      if (pooled)
        showOnBehalf(s, idea.id, "brainstorm.rankedIdeaPooled", {
          rank: i + 1,
          text: { userText: idea.text },
          votes: idea.totalSupport,
        });
      else
        showOnBehalf(s, idea.id, "brainstorm.rankedIdea", {
          rank: i + 1,
          text: { userText: idea.text },
          support: idea.crossGroupSupport ?? 0,
          votes: idea.totalSupport,
        });
    });
  });
  /** The ballot: the ideas that may be voted on; `revised` once one was withdrawn after it was sent. */
  const ballot = (ctx: BrainstormContext, revised: boolean): FlowEffect => {
    const n = dots(ctx);
    return {
      type: "prompt",
      key: revised ? "brainstorm.ballotRevised" : "brainstorm.votePrompt",
      audience: room,
      promptId: votePrompt,
      vars: { dots: n, grouped: facts.groups.length > 0 && !ctx.view.pooled ? "yes" : "no" },
      maxChoices: n,
      options: shownOrder(ctx).map((idea) => ({
        value: idea.id,
        // Unnumbered: each platform numbers the options it shows (or shows buttons). A
        // cluster's label comes first, so the ballot reads as the clustering left it.
        label: { text: { [facts.defaultLocale]: ballotLabel(idea) } },
      })),
      ...(revised ? { revises: true as const } : {}),
    };
  };
  return stageSetup<BrainstormContext>().createMachine({
    output: stageOutput,
    id: "brainstorm",
    // Ideas from an earlier run of this stage (back, then next) are taken up again, so the vote and
    // the summary hold the same ideas; that run's votes are not (the workshop drops them).
    context: ({ input }) => ({
      ...baseContext(input),
      contributions: (input.carried ?? []).filter(
        (c) => c.kind === "brainstorm" || c.kind === clusteredIdeaKind,
      ),
      shown: [],
    }),
    initial: "diverge",
    on: commonHandlers<BrainstormContext>(),
    states: {
      diverge: {
        entry: act((s) => {
          say(s, "brainstorm.intro", room, {
            prompt: { text: stage.prompt },
            max: stage.maxIdeasPerPerson,
            minutes: Math.round(stage.divergeSeconds / 60),
          });
          ideas.ask(s);
          setTimer(s, stage.divergeSeconds);
        }),
        on: {
          // In open workshops ideas may also be posted in the room.
          ...ideas.on,
          // Without ideas there is nothing to cluster or vote on (the timer stops with the phase).
          ...collectingEnds(hasIdeas, "cluster", "done"),
        },
      },
      cluster: {
        entry: act((s) => {
          const ideas = shownOrder(s.ctx);
          s.ctx = { ...s.ctx, shown: ideas.map((i) => i.id) };
          ideas.forEach((idea, i) => {
            showOnBehalf(s, idea.id, "brainstorm.idea", { number: i + 1, text: { userText: idea.text } });
          });
          // Whatever is still held for review is not shown now (the facilitators and authors are told).
          s.reports.push({ type: "stage.presented" });
          say(s, "brainstorm.clusterPhase", facilitators);
          if (stage.clusterSeconds > 0) setTimer(s, stage.clusterSeconds);
        }),
        on: {
          "control.cluster": {
            actions: act((s, e) => {
              if (e.type !== "control.cluster") return;
              const ids = e.ideaIds.map((ref) => resolveIdea(s.ctx, ref));
              const known = ids.filter((id): id is string => id !== undefined);
              if (known.length !== ids.length || new Set(known).size < 2) {
                say(s, "brainstorm.clusterRejected", facilitators, {
                  ideas: { userText: e.ideaIds.join(", ") },
                });
                return;
              }
              s.ctx = { ...s.ctx, contributions: mergeIdeas(s.ctx.contributions, known, e.label) };
              say(s, "brainstorm.clustered", room, {
                ideas: { userText: e.ideaIds.join(", ") },
                label: { userText: e.label },
              });
            }),
          },
          "timer.fired": { guard: atDeadline, target: "vote", actions: stopTimer },
          "stage.next": { target: "vote", actions: stopTimer },
        },
      },
      vote: {
        entry: act((s) => {
          effect(s, ballot(s.ctx, false));
          setTimer(s, stage.voting.seconds);
        }),
        on: {
          // An idea hidden by a facilitator while the vote is open leaves the ballot already
          // sent: a corrected one replaces it (edited in place where the platform can), saying
          // that an idea was withdrawn, naming nobody.
          "stage.view": {
            actions: act((s, e) => {
              if (e.type !== "stage.view") return;
              const before = shownIdeas(s.ctx).map((i) => i.id);
              s.ctx = { ...s.ctx, view: e.view };
              const after = new Set(shownIdeas(s.ctx).map((i) => i.id));
              if (before.some((id) => !after.has(id))) effect(s, ballot(s.ctx, true));
            }),
          },
          "participant.choose": {
            guard: ({ context, event }: { context: BrainstormContext; event: StageEvent }) =>
              event.type === "participant.choose" &&
              event.promptId === votePrompt &&
              shownIdeas(context).some((i) => i.id === event.value),
            actions: act((s, e) => {
              if (e.type !== "participant.choose") return;
              // A vote for an idea since withdrawn does not count, nor use up a vote.
              const mine = votesOf(s.ctx).filter(
                (v) => v.author === e.participantId && shownToRoom(s.ctx.view, v.text),
              );
              if (mine.length >= dots(s.ctx))
                say(s, "brainstorm.voteRejected", to(e.participantId), { reason: "noDots" });
              else if (mine.filter((v) => v.text === e.value).length >= perIdea)
                say(s, "brainstorm.voteRejected", to(e.participantId), { reason: "maxPerIdea" });
              else {
                contribute(
                  s,
                  { stageId: stage.id, kind: "vote", text: e.value, author: e.participantId },
                  "v",
                );
                say(s, "brainstorm.voteRecorded", to(e.participantId), {
                  remaining: dots(s.ctx) - mine.length - 1,
                });
              }
            }),
          },
          "timer.fired": { guard: atDeadline, target: "done", actions: converge },
          "stage.next": { target: "done", actions: converge },
        },
      },
      done: { type: "final", entry: stopTimer },
    },
  });
}
