// Interim workshop machine (lead): one pure reducer wrapped in XState, until per-stage machines land.
import { assign, emit, enqueueActions, setup, type SnapshotFrom } from "xstate";
import type { FlowSpec, StageKind, StageSpec } from "./spec.ts";
import type {
  Audience,
  FlowEffect,
  MessageKey,
  Participant,
  RankedIdea,
  TurnEnforcement,
  Vars,
  WorkshopEvent,
  WorkshopRecord,
} from "./protocol.ts";

interface Contribution {
  readonly id: string;
  readonly stageId: string;
  readonly kind: string;
  readonly text: string;
  readonly author: string;
  readonly group: string | null;
  readonly category?: string;
}

interface Stage {
  readonly phase: string;
  readonly order: readonly string[];
  readonly turn: number;
  readonly round: number;
  readonly promptSeq: number;
  readonly votes: readonly { readonly voter: string; readonly ideaId: string }[];
  readonly recognitions: readonly { readonly by: string; readonly needId: string }[];
  readonly extraRules: readonly string[];
  /** Reflect back: who spoke last in this stage (to be summarised by the next speaker). */
  readonly lastSpoke?: string | null;
}

export interface WorkshopContext {
  readonly spec: FlowSpec;
  readonly seed: number;
  readonly participants: readonly Participant[];
  readonly consented: readonly string[];
  readonly stageIndex: number;
  readonly stage: Stage;
  readonly deadline: number | null;
  readonly warnAt: number | null;
  readonly paused: { readonly deadline: number | null; readonly warnAt: number | null } | null;
  readonly contributions: readonly Contribution[];
  readonly participation: Readonly<Record<string, { turns: number; words: number; passes: number }>>;
  readonly stagesRun: readonly string[];
  readonly ended: boolean;
  readonly counter: number;
  /** Set when the runtime fell back from the flow's enforcement (absent in older snapshots). */
  readonly enforcement?: TurnEnforcement;
}

const freshStage: Stage = {
  phase: "idle",
  order: [],
  turn: 0,
  round: 1,
  promptSeq: 0,
  votes: [],
  recognitions: [],
  extraRules: [],
};

const room: Audience = { to: "room" };
const facilitators: Audience = { to: "facilitators" };
const to = (participantId: string): Audience => ({ to: "participant", participantId });

/** Mutable working copy for one step; the reducer returns a new context and the effects. */
interface Step {
  ctx: WorkshopContext;
  effects: FlowEffect[];
  at: number;
}

function say(
  s: Step,
  key: FlowEffect & { type: "say" } extends infer E ? (E extends { key: infer K } ? K : never) : never,
  audience: Audience,
  vars?: Vars,
): void {
  s.effects.push(vars === undefined ? { type: "say", key, audience } : { type: "say", key, audience, vars });
}

function currentStage(ctx: WorkshopContext): StageSpec | undefined {
  return ctx.spec.stages[ctx.stageIndex];
}

function groupOf(ctx: WorkshopContext, participantId: string): string | null {
  return ctx.participants.find((p) => p.id === participantId)?.group ?? null;
}

function anonymous(ctx: WorkshopContext): boolean {
  return ctx.spec.confidentiality === "anonymous";
}

function groupVar(ctx: WorkshopContext, groupId: string | undefined): Vars {
  const group = ctx.spec.groups?.find((g) => g.id === groupId);
  return group === undefined ? {} : { group: { text: group.name } };
}

export function effectiveEnforcement(ctx: WorkshopContext): TurnEnforcement {
  return ctx.enforcement ?? ctx.spec.turnEnforcement;
}

function words(text: string): number {
  return text.split(/\s+/u).filter((w) => w.length > 0).length;
}

function bump(s: Step, participantId: string, field: "turns" | "words" | "passes", by: number): void {
  const current = s.ctx.participation[participantId] ?? { turns: 0, words: 0, passes: 0 };
  s.ctx = {
    ...s.ctx,
    participation: { ...s.ctx.participation, [participantId]: { ...current, [field]: current[field] + by } },
  };
}

function setTimer(s: Step, seconds: number, warningSeconds = 0): void {
  const deadline = s.at + seconds * 1000;
  const warnAt = warningSeconds > 0 && warningSeconds < seconds ? deadline - warningSeconds * 1000 : null;
  s.ctx = { ...s.ctx, deadline, warnAt };
  s.effects.push({ type: "timer", deadline });
}

function clearTimer(s: Step): void {
  s.ctx = { ...s.ctx, deadline: null, warnAt: null };
}

/** Turn order alternating between groups (A, B, A, B …), shuffled within each group by the seed. */
function turnOrder(ctx: WorkshopContext): string[] {
  const consentedPresent = ctx.participants.filter((p) => ctx.consented.includes(p.id));
  const byGroup = new Map<string, string[]>();
  for (const p of consentedPresent) {
    const key = p.group ?? "";
    byGroup.set(key, [...(byGroup.get(key) ?? []), p.id]);
  }
  let rng = ctx.seed + ctx.stageIndex * 7919;
  const next = () => {
    rng = (rng * 1103515245 + 12345) % 2147483648;
    return rng / 2147483648;
  };
  const queues = [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, ids]) => {
      const shuffled = [...ids];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
      }
      return shuffled;
    });
  const order: string[] = [];
  let last = -1;
  while (queues.some((q) => q.length > 0)) {
    // Longest remaining queue first, never the group that just spoke when another can.
    const candidates = queues
      .map((q, i) => ({ q, i }))
      .filter(({ q, i }) => q.length > 0 && (i !== last || queues.every((o, k) => k === i || o.length === 0)))
      .sort((a, b) => b.q.length - a.q.length || a.i - b.i);
    const pick = candidates[0];
    if (pick === undefined) break;
    order.push(pick.q.shift() as string);
    last = pick.i;
  }
  return order;
}

function promptId(s: Step, name: string): string {
  const stage = currentStage(s.ctx);
  const seq = s.ctx.stage.promptSeq + 1;
  s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, promptSeq: seq } };
  return `${stage?.id ?? "lobby"}:${name}:${seq}`;
}

function consentPrompt(s: Step, audience: Audience): void {
  s.effects.push({
    type: "prompt",
    key: "groundRules.consentPrompt",
    audience,
    promptId: `consent:${s.ctx.stage.promptSeq}`,
    options: [
      { value: "yes", label: { key: "groundRules.consentYes" } },
      { value: "no", label: { key: "groundRules.consentNo" } },
    ],
  });
}

function openStage(s: Step, index: number): void {
  clearTimer(s);
  if (index >= s.ctx.spec.stages.length) {
    endWorkshop(s);
    return;
  }
  s.ctx = { ...s.ctx, stageIndex: index, stage: freshStage };
  const stage = s.ctx.spec.stages[index] as StageSpec;
  s.ctx = { ...s.ctx, stagesRun: [...s.ctx.stagesRun, stage.id] };
  say(s, "workshop.stageOpens", room, {
    number: index + 1,
    count: s.ctx.spec.stages.length,
    stage: stage.title === undefined ? stage.id : { text: stage.title },
  });
  switch (stage.kind) {
    case "message":
      say(s, "message.text", room, { text: { text: stage.text } });
      openStage(s, index + 1);
      return;
    case "break":
      say(s, "break.starts", room, {
        minutes: Math.round(stage.seconds / 60),
        ...(stage.text === undefined ? {} : { text: { text: stage.text } }),
      });
      s.effects.push({ type: "floor", holders: "everyone" });
      setTimer(s, stage.seconds);
      return;
    case "discussion":
      say(s, "discussion.intro", room, {
        minutes: Math.round(stage.seconds / 60),
        prompt: { text: stage.prompt },
      });
      s.effects.push({ type: "floor", holders: "everyone" });
      setTimer(s, stage.seconds);
      return;
    case "ground-rules":
      s.ctx = { ...s.ctx, consented: [], stage: { ...s.ctx.stage, phase: "consent" } };
      say(s, "groundRules.intro", room, { count: stage.rules.length });
      stage.rules.forEach((rule, i) => {
        say(s, "groundRules.rule", room, { number: i + 1, rule: { text: rule } });
      });
      consentPrompt(s, room);
      if (stage.allowProposals) {
        s.effects.push({
          type: "collect",
          key: "groundRules.proposeRule",
          audience: room,
          promptId: "propose-rule",
        });
      }
      setTimer(s, stage.consentSeconds);
      return;
    case "perspective-sharing":
    case "reflection": {
      const order = turnOrder(s.ctx);
      s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "turn", order, turn: 0, round: 1 } };
      say(s, "perspective.intro", room, { seconds: stage.turnSeconds, prompt: { text: stage.prompt } });
      startTurn(s);
      return;
    }
    case "needs-articulation":
      s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "collect" } };
      say(s, "needs.intro", room, {
        prompt: { text: stage.prompt },
        minutes: Math.round(stage.collectSeconds / 60),
      });
      // One private input per category, so each contribution keeps its category.
      for (const category of stage.categories)
        s.effects.push({
          type: "collect",
          key: "needs.collect",
          audience: room,
          promptId: `needs:${stage.id}:${category}`,
          vars: { category },
        });
      setTimer(s, stage.collectSeconds);
      return;
    case "brainstorm":
      s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "diverge" } };
      say(s, "brainstorm.intro", room, {
        prompt: { text: stage.prompt },
        max: stage.maxIdeasPerPerson,
        minutes: Math.round(stage.divergeSeconds / 60),
      });
      s.effects.push({
        type: "collect",
        key: "brainstorm.collect",
        audience: room,
        promptId: `idea:${stage.id}`,
      });
      setTimer(s, stage.divergeSeconds);
      return;
    case "survey":
      s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "answer" } };
      say(s, "survey.intro", room, { count: stage.questions.length });
      for (const q of stage.questions) {
        if (q.type === "likert") {
          s.effects.push({
            type: "prompt",
            key: "survey.likert",
            audience: room,
            promptId: `survey:${stage.id}:${q.id}`,
            vars: { question: { text: q.text }, points: q.points },
            options: Array.from({ length: q.points }, (_, i) => ({
              value: String(i + 1),
              label: { text: { [s.ctx.spec.defaultLocale]: String(i + 1) } },
            })),
          });
        } else {
          s.effects.push({
            type: "collect",
            key: "survey.text",
            audience: room,
            promptId: `survey:${stage.id}:${q.id}`,
            vars: { question: { text: q.text } },
          });
        }
      }
      setTimer(s, stage.seconds);
      return;
  }
}

function speaker(ctx: WorkshopContext): string | undefined {
  return ctx.stage.order[ctx.stage.turn];
}

function startTurn(s: Step): void {
  const stage = currentStage(s.ctx);
  if (stage === undefined || (stage.kind !== "perspective-sharing" && stage.kind !== "reflection")) return;
  const rounds = stage.kind === "perspective-sharing" ? stage.rounds : 1;
  // Skip speakers who left.
  while (
    s.ctx.stage.turn < s.ctx.stage.order.length &&
    !s.ctx.participants.some((p) => p.id === speaker(s.ctx))
  ) {
    s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, turn: s.ctx.stage.turn + 1 } };
  }
  if (s.ctx.stage.turn >= s.ctx.stage.order.length) {
    if (s.ctx.stage.round < rounds) {
      s.ctx = {
        ...s.ctx,
        stage: { ...s.ctx.stage, round: s.ctx.stage.round + 1, turn: 0, order: turnOrder(s.ctx) },
      };
      say(s, "perspective.roundStarts", room, { round: s.ctx.stage.round, rounds });
      startTurn(s);
      return;
    }
    openStage(s, s.ctx.stageIndex + 1);
    return;
  }
  const id = speaker(s.ctx) as string;
  bump(s, id, "turns", 1);
  s.effects.push({ type: "floor", holders: [id] });
  const previous = s.ctx.stage.lastSpoke ?? null;
  if (
    stage.kind === "perspective-sharing" &&
    stage.reflectBack &&
    previous !== null &&
    previous !== id &&
    s.ctx.participants.some((p) => p.id === previous)
  ) {
    // The next speaker first says back what they heard; the previous speaker confirms.
    s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "reflect" } };
    say(
      s,
      "perspective.turnOf",
      room,
      anonymous(s.ctx) ? { participant: "?" } : { participant: { participant: id } },
    );
    s.effects.push({
      type: "collect",
      key: "perspective.reflectBackPrompt",
      audience: to(id),
      promptId: promptId(s, "reflect"),
      vars: anonymous(s.ctx)
        ? { seconds: stage.turnSeconds }
        : { seconds: stage.turnSeconds, participant: { participant: previous } },
    });
    setTimer(s, stage.turnSeconds);
    return;
  }
  beginSpeaking(s);
}

/** The speaker's own turn (after any reflect-back). */
function beginSpeaking(s: Step): void {
  const stage = currentStage(s.ctx);
  if (stage === undefined || (stage.kind !== "perspective-sharing" && stage.kind !== "reflection")) return;
  const id = speaker(s.ctx) as string;
  const wasReflecting = s.ctx.stage.phase !== "turn";
  s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "turn", lastSpoke: null } };
  if (anonymous(s.ctx)) {
    if (!wasReflecting) say(s, "perspective.turnOf", room, { participant: "?" });
    s.effects.push({
      type: "collect",
      key: "perspective.yourTurn",
      audience: to(id),
      promptId: promptId(s, "turn"),
      vars: { seconds: stage.turnSeconds },
    });
  } else {
    if (!wasReflecting) say(s, "perspective.turnOf", room, { participant: { participant: id } });
    const options: { value: string; label: { key: MessageKey } }[] = [
      { value: "done", label: { key: "perspective.done" } },
    ];
    if (stage.allowPass) options.push({ value: "pass", label: { key: "perspective.pass" as const } });
    s.effects.push({
      type: "prompt",
      key: "perspective.yourTurn",
      audience: to(id),
      promptId: promptId(s, "turn"),
      vars: { seconds: stage.turnSeconds },
      options,
    });
  }
  setTimer(s, stage.turnSeconds, stage.kind === "perspective-sharing" ? stage.warningSeconds : 0);
}

/** The reflecting speaker's summary: shown in the room, then the previous speaker confirms. */
function reflectBack(s: Step, text: string): void {
  const previous = s.ctx.stage.lastSpoke ?? null;
  const id = speaker(s.ctx) as string;
  bump(s, id, "words", words(text));
  say(s, "perspective.contribution", room, {
    participant: anonymous(s.ctx) ? "?" : { participant: id },
    text: { userText: text },
  });
  if (previous === null || !s.ctx.participants.some((p) => p.id === previous)) {
    beginSpeaking(s);
    return;
  }
  s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "heard" } };
  s.effects.push({
    type: "prompt",
    key: "perspective.feltHeardPrompt",
    audience: to(previous),
    promptId: promptId(s, "heard"),
    vars: { text: { userText: text } },
    options: [
      { value: "yes", label: { key: "perspective.feltHeardYes" } },
      { value: "no", label: { key: "perspective.feltHeardNo" } },
    ],
  });
}

function nextTurn(s: Step): void {
  clearTimer(s);
  s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, turn: s.ctx.stage.turn + 1 } };
  startTurn(s);
}

function addContribution(s: Step, participantId: string, text: string, category?: string): Contribution {
  const stage = currentStage(s.ctx) as StageSpec;
  const id = `c${s.ctx.counter + 1}`;
  const c: Contribution = {
    id,
    stageId: stage.id,
    kind: stage.kind,
    text,
    author: participantId,
    group: groupOf(s.ctx, participantId),
    ...(category === undefined ? {} : { category }),
  };
  s.ctx = { ...s.ctx, counter: s.ctx.counter + 1, contributions: [...s.ctx.contributions, c] };
  bump(s, participantId, "words", words(text));
  return c;
}

function addIdea(s: Step, participantId: string, text: string): void {
  const stage = currentStage(s.ctx);
  if (stage?.kind !== "brainstorm") return;
  const mine = ideasOf(s.ctx, stage.id).filter((c) => c.author === participantId).length;
  if (mine >= stage.maxIdeasPerPerson) {
    say(s, "brainstorm.capReached", to(participantId), { max: stage.maxIdeasPerPerson });
    return;
  }
  addContribution(s, participantId, text);
  say(s, "brainstorm.ideaReceived", to(participantId), { remaining: stage.maxIdeasPerPerson - mine - 1 });
}

function ideasOf(ctx: WorkshopContext, stageId: string): Contribution[] {
  return ctx.contributions.filter((c) => c.stageId === stageId && c.kind === "brainstorm");
}

function rankIdeas(ctx: WorkshopContext): RankedIdea[] {
  const groups = ctx.spec.groups?.map((g) => g.id) ?? [""];
  const ranked: RankedIdea[] = [];
  for (const stage of ctx.spec.stages) {
    if (stage.kind !== "brainstorm") continue;
    const ideas = ideasOf(ctx, stage.id);
    for (const idea of ideas) ranked.push(scoreIdea(ctx, idea, groups));
  }
  return ranked.sort(
    (a, b) =>
      b.crossGroupSupport - a.crossGroupSupport ||
      b.totalSupport - a.totalSupport ||
      a.id.localeCompare(b.id),
  );
}

function scoreIdea(ctx: WorkshopContext, idea: Contribution, groups: readonly string[]): RankedIdea {
  const votes = ctx.contributions.filter((c) => c.kind === "vote" && c.text === idea.id);
  const voters = new Map<string, Set<string>>();
  for (const c of ctx.contributions.filter((c) => c.kind === "vote")) {
    const g = c.group ?? "";
    voters.set(g, (voters.get(g) ?? new Set()).add(c.author));
  }
  const supportByGroup: Record<string, number> = {};
  let min = Number.POSITIVE_INFINITY;
  for (const g of groups) {
    const supporters = new Set(votes.filter((v) => (v.group ?? "") === g).map((v) => v.author));
    supportByGroup[g] = supporters.size;
    const total = voters.get(g)?.size ?? 0;
    min = Math.min(min, total === 0 ? 0 : supporters.size / total);
  }
  return {
    id: idea.id,
    text: idea.text,
    cluster: idea.category ?? null,
    crossGroupSupport: Number.isFinite(min) ? min : 0,
    totalSupport: votes.length,
    supportByGroup,
  };
}

function buildRecord(ctx: WorkshopContext): WorkshopRecord {
  const withAuthors = ctx.spec.confidentiality === "open";
  const groupIds = ctx.spec.groups?.map((g) => g.id) ?? [];
  const participation = (groupIds.length > 0 ? groupIds : [null]).map((group) => {
    const members = Object.entries(ctx.participation).filter(
      ([id]) =>
        groupIds.length === 0 ||
        groupOf(ctx, id) === group ||
        ctx.contributions.some((c) => c.author === id && c.group === group),
    );
    return {
      group,
      participants: members.length,
      turns: members.reduce((n, [, p]) => n + p.turns, 0),
      words: members.reduce((n, [, p]) => n + p.words, 0),
      passes: members.reduce((n, [, p]) => n + p.passes, 0),
    };
  });
  const needs = ctx.contributions.filter((c) => c.kind === "needs-articulation");
  const recognitions = ctx.contributions.filter((c) => c.kind === "recognition");
  return {
    flowId: ctx.spec.id,
    confidentiality: ctx.spec.confidentiality,
    stagesRun: ctx.stagesRun,
    participation,
    ideas: rankIdeas(ctx),
    recognisedNeeds: needs
      .map((n) => ({
        text: n.text,
        group: n.group,
        recognisedByGroups: [
          ...new Set(
            recognitions.filter((r) => r.text === n.id && r.group !== n.group).map((r) => r.group ?? ""),
          ),
        ],
      }))
      .filter((n) => n.recognisedByGroups.length > 0),
    contributions: ctx.contributions
      .filter((c) => c.kind !== "vote" && c.kind !== "recognition")
      .map((c) => ({
        stageId: c.stageId,
        kind: c.kind,
        text: c.text,
        author: withAuthors ? c.author : null,
        group: c.group,
      })),
  };
}

function endWorkshop(s: Step): void {
  clearTimer(s);
  s.effects.push({ type: "timer", deadline: null });
  s.effects.push({ type: "floor", holders: "everyone" });
  say(s, "workshop.ended", room);
  s.effects.push({ type: "summary", record: buildRecord(s.ctx) });
  s.ctx = { ...s.ctx, ended: true };
}

function finishPhase(s: Step): void {
  const stage = currentStage(s.ctx);
  if (stage === undefined) return;
  clearTimer(s);
  switch (stage.kind) {
    case "ground-rules": {
      const missing = s.ctx.participants.filter((p) => !s.ctx.consented.includes(p.id));
      if (missing.length > 0 && s.ctx.stage.phase === "consent") {
        say(s, "groundRules.noAnswer", facilitators, {
          count: missing.length,
          participants: { list: missing.map((p) => ({ participant: p.id })) },
        });
        say(s, "groundRules.awaitingDecision", facilitators);
        s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "decision" } };
        return;
      }
      openStage(s, s.ctx.stageIndex + 1);
      return;
    }
    case "needs-articulation": {
      if (s.ctx.stage.phase === "collect") {
        const needs = s.ctx.contributions.filter((c) => c.stageId === stage.id);
        for (const g of s.ctx.spec.groups ?? [{ id: "", name: s.ctx.spec.title }]) {
          const items = needs.filter((n) => (n.group ?? "") === g.id);
          if (items.length === 0) continue;
          say(s, "needs.presentGroup", room, { group: { text: g.name } });
          for (const n of items)
            say(s, "needs.item", room, { category: n.category ?? "needs", text: { userText: n.text } });
        }
        if (stage.recognition && needs.length > 0) {
          s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "recognise" } };
          s.effects.push({
            type: "prompt",
            key: "needs.recognisePrompt",
            audience: room,
            promptId: `recognise:${stage.id}`,
            maxChoices: needs.length,
            options: needs.map((n, i) => ({
              value: n.id,
              label: { text: { [s.ctx.spec.defaultLocale]: `${i + 1}. ${n.text.slice(0, 80)}` } },
            })),
          });
          setTimer(s, stage.recognitionSeconds);
          return;
        }
      }
      openStage(s, s.ctx.stageIndex + 1);
      return;
    }
    case "brainstorm": {
      const ideas = ideasOf(s.ctx, stage.id);
      if (s.ctx.stage.phase === "diverge" && ideas.length > 0) {
        s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "cluster" } };
        ideas.forEach((idea, i) => {
          say(s, "brainstorm.idea", room, { number: i + 1, text: { userText: idea.text } });
        });
        say(s, "brainstorm.clusterPhase", facilitators);
        if (stage.clusterSeconds > 0) setTimer(s, stage.clusterSeconds);
        return;
      }
      if (s.ctx.stage.phase === "cluster") {
        s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "vote" } };
        const dots = stage.voting.method === "dots" ? stage.voting.dots : ideas.length;
        s.effects.push({
          type: "prompt",
          key: "brainstorm.votePrompt",
          audience: room,
          promptId: `vote:${stage.id}`,
          vars: { dots },
          maxChoices: dots,
          options: ideas.map((idea, i) => ({
            value: idea.id,
            label: { text: { [s.ctx.spec.defaultLocale]: `${i + 1}. ${idea.text.slice(0, 80)}` } },
          })),
        });
        setTimer(s, stage.voting.seconds);
        return;
      }
      if (s.ctx.stage.phase === "vote") {
        say(s, "brainstorm.results", room);
        const groups = s.ctx.spec.groups?.map((g) => g.id) ?? [""];
        const ranked = ideas
          .map((i) => scoreIdea(s.ctx, i, groups))
          .sort(
            (a, b) =>
              b.crossGroupSupport - a.crossGroupSupport ||
              b.totalSupport - a.totalSupport ||
              a.id.localeCompare(b.id),
          );
        ranked.slice(0, stage.shortlist).forEach((idea, i) => {
          say(s, "brainstorm.rankedIdea", room, {
            rank: i + 1,
            text: { userText: idea.text },
            support: idea.crossGroupSupport,
            votes: idea.totalSupport,
          });
        });
      }
      openStage(s, s.ctx.stageIndex + 1);
      return;
    }
    case "break":
      say(s, "break.ends", room);
      openStage(s, s.ctx.stageIndex + 1);
      return;
    case "survey":
      say(s, "survey.done", room);
      openStage(s, s.ctx.stageIndex + 1);
      return;
    case "perspective-sharing":
    case "reflection":
      if (s.ctx.stage.phase === "reflect" || s.ctx.stage.phase === "heard") {
        beginSpeaking(s);
        return;
      }
      say(s, "perspective.timeUp", room, {
        participant: anonymous(s.ctx) ? "…" : { participant: speaker(s.ctx) ?? "" },
      });
      nextTurn(s);
      return;
    default:
      openStage(s, s.ctx.stageIndex + 1);
  }
}

function held(s: Step, participantId: string): boolean {
  if (s.ctx.consented.includes(participantId)) return false;
  const stage = currentStage(s.ctx);
  if (stage === undefined) return false;
  // Consent is only owed once a ground-rules stage has been reached (a survey may come first).
  const rulesIndex = s.ctx.spec.stages.findIndex((st) => st.kind === "ground-rules");
  if (rulesIndex < 0 || rulesIndex > s.ctx.stageIndex) return false;
  say(s, "workshop.heldAtConsent", to(participantId), {
    count: 1,
    participants: { participant: participantId },
  });
  return true;
}

export function reduce(
  ctx: WorkshopContext,
  event: WorkshopEvent,
): { ctx: WorkshopContext; effects: FlowEffect[] } {
  const s: Step = { ctx, effects: [], at: event.at };
  if (ctx.ended) return { ctx, effects: [] };
  const stage = currentStage(ctx);
  const inStage = ctx.stageIndex >= 0 && stage !== undefined;
  if (
    ctx.paused !== null &&
    event.type !== "control" &&
    event.type !== "participant.join" &&
    event.type !== "participant.leave" &&
    event.type !== "participant.timeout" &&
    event.type !== "participant.forget" &&
    event.type !== "control.extend" &&
    event.type !== "control.enforcement"
  ) {
    return { ctx, effects: [] };
  }
  switch (event.type) {
    case "participant.join": {
      if (ctx.participants.some((p) => p.id === event.participant.id)) return { ctx, effects: [] };
      s.ctx = { ...s.ctx, participants: [...s.ctx.participants, event.participant] };
      // In anonymous workshops the room is not told who is present (the platform may show it).
      if (!anonymous(ctx))
        say(s, "workshop.participantJoined", room, {
          participant: { participant: event.participant.id },
          ...groupVar(ctx, event.participant.group),
        });
      const groundRulesDone = ctx.spec.stages.findIndex((st) => st.kind === "ground-rules") < ctx.stageIndex;
      if (inStage && (stage.kind === "ground-rules" || groundRulesDone))
        consentPrompt(s, to(event.participant.id));
      if (!ctx.spec.stages.some((st) => st.kind === "ground-rules"))
        s.ctx = { ...s.ctx, consented: [...s.ctx.consented, event.participant.id] };
      break;
    }
    case "participant.leave": {
      s.ctx = { ...s.ctx, participants: s.ctx.participants.filter((p) => p.id !== event.participantId) };
      if (!anonymous(ctx))
        say(s, "workshop.participantLeft", room, { participant: { participant: event.participantId } });
      if (
        inStage &&
        (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
        speaker(ctx) === event.participantId
      )
        nextTurn(s);
      else if (
        inStage &&
        (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
        ctx.stage.phase === "heard" &&
        ctx.stage.lastSpoke === event.participantId
      )
        beginSpeaking(s);
      break;
    }
    case "participant.timeout":
      say(s, "workshop.timeoutRequested", facilitators, {
        participant: { participant: event.participantId },
        reason: event.reason === undefined ? "" : { userText: event.reason },
      });
      say(s, "workshop.timeoutAcknowledged", to(event.participantId));
      break;
    case "participant.forget":
      s.ctx = {
        ...s.ctx,
        contributions: s.ctx.contributions.filter((c) => c.author !== event.participantId),
        participation: Object.fromEntries(
          Object.entries(s.ctx.participation).filter(([id]) => id !== event.participantId),
        ),
      };
      break;
    case "participant.say": {
      if (!inStage) break;
      if (stage.kind === "perspective-sharing" || stage.kind === "reflection") {
        if (speaker(ctx) !== event.participantId) {
          if (effectiveEnforcement(ctx) === "soft")
            say(
              s,
              "workshop.notYourTurn",
              to(event.participantId),
              anonymous(ctx) ? { participant: "?" } : { participant: { participant: speaker(ctx) ?? "" } },
            );
          break;
        }
        if (ctx.stage.phase === "reflect") {
          if (!anonymous(ctx)) reflectBack(s, event.text);
          break;
        }
        if (anonymous(ctx) || ctx.stage.phase !== "turn") break;
        addContribution(s, event.participantId, event.text);
        s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, lastSpoke: event.participantId } };
      } else if (stage.kind === "discussion") {
        if (held(s, event.participantId)) break;
        addContribution(s, event.participantId, event.text);
      } else if (
        stage.kind === "brainstorm" &&
        ctx.stage.phase === "diverge" &&
        ctx.spec.confidentiality === "open"
      ) {
        // In open workshops ideas may also be posted in the room.
        if (held(s, event.participantId)) break;
        addIdea(s, event.participantId, event.text);
      }
      break;
    }
    case "participant.submit": {
      if (!inStage || (held(s, event.participantId) && stage.kind !== "ground-rules")) break;
      if (stage.kind === "ground-rules" && event.promptId === "propose-rule") {
        say(s, "groundRules.proposedRule", room, {
          participant: anonymous(ctx) ? "?" : { participant: event.participantId },
          rule: { userText: event.text },
        });
        s.ctx = {
          ...s.ctx,
          consented: [],
          stage: {
            ...s.ctx.stage,
            extraRules: [...s.ctx.stage.extraRules, event.text],
            phase: "consent",
            promptSeq: s.ctx.stage.promptSeq + 1,
          },
        };
        consentPrompt(s, room);
      } else if (
        (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
        speaker(ctx) === event.participantId &&
        ctx.stage.phase !== "heard"
      ) {
        if (ctx.stage.phase === "reflect") {
          reflectBack(s, event.text);
          break;
        }
        // Only an answer to this stage's prompt is a turn: a stale private answer to an
        // earlier stage's question must never reach the room as a contribution.
        if (!event.promptId.startsWith(`${stage.id}:`)) break;
        addContribution(s, event.participantId, event.text);
        s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, lastSpoke: event.participantId } };
        say(s, "perspective.contribution", room, {
          participant: anonymous(ctx) ? "?" : { participant: event.participantId },
          text: { userText: event.text },
        });
        nextTurn(s);
      } else if (stage.kind === "needs-articulation" && ctx.stage.phase === "collect") {
        const category = stage.categories.find((c) => event.promptId === `needs:${stage.id}:${c}`);
        addContribution(s, event.participantId, event.text, category ?? stage.categories[0]);
        say(s, "needs.received", to(event.participantId));
      } else if (stage.kind === "brainstorm" && ctx.stage.phase === "diverge") {
        addIdea(s, event.participantId, event.text);
      } else if (stage.kind === "survey") {
        addContribution(s, event.participantId, `${event.promptId}=${event.text}`);
        say(s, "survey.answerRecorded", to(event.participantId));
      }
      break;
    }
    case "participant.choose": {
      if (!inStage) break;
      if (stage.kind === "ground-rules" || event.promptId.startsWith("consent:")) {
        if (!event.promptId.startsWith("consent:")) break;
        if (event.value === "yes") {
          if (!s.ctx.consented.includes(event.participantId))
            s.ctx = { ...s.ctx, consented: [...s.ctx.consented, event.participantId] };
          say(s, "groundRules.consented", to(event.participantId), {
            participant: { participant: event.participantId },
          });
          if (
            stage.kind === "ground-rules" &&
            s.ctx.participants.every((p) => s.ctx.consented.includes(p.id))
          ) {
            say(s, "groundRules.allConsented", room);
            openStage(s, s.ctx.stageIndex + 1);
          }
        } else {
          say(s, "groundRules.refused", facilitators, { participant: { participant: event.participantId } });
          say(s, "groundRules.awaitingDecision", facilitators);
          if (stage.kind === "ground-rules")
            s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, phase: "decision" } };
        }
        break;
      }
      if (held(s, event.participantId)) break;
      if (
        (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
        ctx.stage.phase === "heard" &&
        ctx.stage.lastSpoke === event.participantId &&
        event.promptId.includes(":heard:")
      ) {
        beginSpeaking(s);
      } else if (
        (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
        speaker(ctx) === event.participantId &&
        ctx.stage.phase === "turn"
      ) {
        if (event.value === "pass") {
          bump(s, event.participantId, "passes", 1);
          say(
            s,
            "perspective.passed",
            room,
            anonymous(ctx) ? {} : { participant: { participant: event.participantId } },
          );
        }
        nextTurn(s);
      } else if (stage.kind === "brainstorm" && ctx.stage.phase === "vote") {
        const mine = s.ctx.contributions.filter(
          (c) => c.kind === "vote" && c.stageId === stage.id && c.author === event.participantId,
        );
        const dots = stage.voting.method === "dots" ? stage.voting.dots : Number.POSITIVE_INFINITY;
        const perIdea = stage.voting.method === "dots" ? stage.voting.maxPerIdea : 1;
        if (mine.length >= dots)
          say(s, "brainstorm.voteRejected", to(event.participantId), { reason: "noDots" });
        else if (mine.filter((c) => c.text === event.value).length >= perIdea)
          say(s, "brainstorm.voteRejected", to(event.participantId), { reason: "maxPerIdea" });
        else {
          s.ctx = {
            ...s.ctx,
            counter: s.ctx.counter + 1,
            contributions: [
              ...s.ctx.contributions,
              {
                id: `v${s.ctx.counter + 1}`,
                stageId: stage.id,
                kind: "vote",
                text: event.value,
                author: event.participantId,
                group: groupOf(s.ctx, event.participantId),
              },
            ],
          };
          say(s, "brainstorm.voteRecorded", to(event.participantId), {
            remaining: Number.isFinite(dots) ? dots - mine.length - 1 : 0,
          });
        }
      } else if (stage.kind === "needs-articulation" && ctx.stage.phase === "recognise") {
        s.ctx = {
          ...s.ctx,
          counter: s.ctx.counter + 1,
          contributions: [
            ...s.ctx.contributions,
            {
              id: `r${s.ctx.counter + 1}`,
              stageId: stage.id,
              kind: "recognition",
              text: event.value,
              author: event.participantId,
              group: groupOf(s.ctx, event.participantId),
            },
          ],
        };
        say(s, "needs.recognised", to(event.participantId), { count: 1 });
      } else if (stage.kind === "survey") {
        addContribution(s, event.participantId, `${event.promptId}=${event.value}`);
        say(s, "survey.answerRecorded", to(event.participantId));
      }
      break;
    }
    case "control": {
      switch (event.action) {
        case "start":
        case "next":
          if (ctx.stageIndex < 0) say(s, "workshop.started", room, { title: { text: ctx.spec.title } });
          if (
            inStage &&
            (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
            event.action === "next"
          ) {
            clearTimer(s);
            openStage(s, ctx.stageIndex + 1);
          } else if (
            inStage &&
            (stage.kind === "brainstorm" || stage.kind === "needs-articulation") &&
            event.action === "next"
          )
            finishPhase(s);
          else if (inStage && stage.kind === "ground-rules" && event.action === "next")
            openStage(s, ctx.stageIndex + 1);
          else if (ctx.stageIndex < 0 || event.action === "next") openStage(s, ctx.stageIndex + 1);
          break;
        case "back":
          openStage(s, Math.max(0, ctx.stageIndex - 1));
          break;
        case "pause":
          if (ctx.paused !== null) break;
          s.ctx = {
            ...s.ctx,
            paused: {
              deadline: ctx.deadline === null ? null : ctx.deadline - event.at,
              warnAt: ctx.warnAt === null ? null : ctx.warnAt - event.at,
            },
            deadline: null,
            warnAt: null,
          };
          s.effects.push({ type: "timer", deadline: null });
          say(s, "workshop.paused", room);
          break;
        case "resume":
          if (ctx.paused === null) break;
          s.ctx = {
            ...s.ctx,
            deadline: ctx.paused.deadline === null ? null : event.at + ctx.paused.deadline,
            warnAt: ctx.paused.warnAt === null ? null : event.at + ctx.paused.warnAt,
            paused: null,
          };
          s.effects.push({ type: "timer", deadline: s.ctx.deadline });
          say(s, "workshop.resumed", room);
          break;
        case "end":
          endWorkshop(s);
          break;
      }
      break;
    }
    case "control.extend":
      if (ctx.paused !== null) {
        // Paused: the extension adds to the time that will be left on resume.
        if (ctx.paused.deadline === null) break;
        s.ctx = {
          ...s.ctx,
          paused: { ...ctx.paused, deadline: ctx.paused.deadline + event.minutes * 60_000 },
        };
        say(s, "workshop.extended", room, { minutes: event.minutes });
      } else if (ctx.deadline !== null) {
        s.ctx = {
          ...s.ctx,
          deadline: ctx.deadline + event.minutes * 60_000,
          warnAt: ctx.warnAt === null ? null : ctx.warnAt + event.minutes * 60_000,
        };
        s.effects.push({ type: "timer", deadline: s.ctx.deadline });
        say(s, "workshop.extended", room, { minutes: event.minutes });
      }
      break;
    case "control.floor":
      if (
        inStage &&
        (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
        ctx.participants.some((p) => p.id === event.participantId)
      ) {
        const order = [...ctx.stage.order];
        order.splice(ctx.stage.turn + 1, 0, event.participantId);
        s.ctx = { ...s.ctx, stage: { ...s.ctx.stage, order } };
        nextTurn(s);
      } else {
        s.effects.push({ type: "floor", holders: [event.participantId] });
      }
      break;
    case "control.enforcement":
      s.ctx = { ...s.ctx, enforcement: event.mode };
      break;
    case "control.remove":
      s.ctx = { ...s.ctx, participants: s.ctx.participants.filter((p) => p.id !== event.participantId) };
      say(s, "workshop.removed", facilitators, { participant: { participant: event.participantId } });
      if (
        inStage &&
        stage.kind === "ground-rules" &&
        s.ctx.participants.every((p) => s.ctx.consented.includes(p.id)) &&
        s.ctx.participants.length > 0
      )
        openStage(s, ctx.stageIndex + 1);
      else if (
        inStage &&
        (stage.kind === "perspective-sharing" || stage.kind === "reflection") &&
        speaker(ctx) === event.participantId
      )
        nextTurn(s);
      break;
    case "control.cluster": {
      if (!inStage || stage.kind !== "brainstorm") break;
      const [keep, ...merged] = event.ideaIds;
      s.ctx = {
        ...s.ctx,
        contributions: s.ctx.contributions
          .filter((c) => !merged.includes(c.id))
          .map((c) => (c.id === keep ? { ...c, category: event.label } : c)),
      };
      say(s, "brainstorm.clustered", room, { ideas: event.ideaIds.length, label: { userText: event.label } });
      break;
    }
    case "timer.fired": {
      if (ctx.paused !== null) break;
      if (
        ctx.warnAt !== null &&
        event.at >= ctx.warnAt &&
        (ctx.deadline === null || event.at < ctx.deadline)
      ) {
        s.ctx = { ...s.ctx, warnAt: null };
        const who = speaker(ctx);
        if (who !== undefined)
          say(s, "perspective.warning", to(who), {
            seconds: Math.round(((ctx.deadline ?? event.at) - event.at) / 1000),
          });
        break;
      }
      if (ctx.deadline === null || event.at < ctx.deadline) break;
      finishPhase(s);
      break;
    }
  }
  return s;
}

export interface WorkshopInput {
  readonly seed: number;
}

export function createWorkshopMachine(spec: FlowSpec) {
  return setup({
    types: {
      context: {} as WorkshopContext,
      events: {} as WorkshopEvent,
      input: {} as WorkshopInput,
      emitted: {} as FlowEffect,
    },
  }).createMachine({
    id: "workshop",
    context: ({ input }) => ({
      spec,
      seed: input.seed,
      participants: [],
      consented: [],
      stageIndex: -1,
      stage: freshStage,
      deadline: null,
      warnAt: null,
      paused: null,
      contributions: [],
      participation: {},
      stagesRun: [],
      ended: false,
      counter: 0,
    }),
    initial: "running",
    entry: emit({
      type: "say",
      key: "workshop.welcome",
      audience: room,
      vars: { title: { text: spec.title }, description: { text: spec.description } },
    }),
    states: {
      running: {
        always: { guard: ({ context }) => context.ended, target: "ended" },
        on: {
          "*": {
            actions: enqueueActions(({ context, event, enqueue }) => {
              const result = reduce(context, event);
              enqueue(assign(() => result.ctx));
              for (const effect of result.effects) enqueue(emit(effect));
            }),
          },
        },
      },
      ended: { type: "final" },
    },
  });
}

export type WorkshopMachine = ReturnType<typeof createWorkshopMachine>;
export type WorkshopSnapshot = SnapshotFrom<WorkshopMachine>;

export function nextDeadline(snapshot: WorkshopSnapshot): number | null {
  const { deadline, warnAt, paused, ended } = snapshot.context;
  if (paused !== null || ended) return null;
  if (warnAt !== null) return warnAt;
  return deadline;
}

export interface WorkshopStatus {
  readonly stageIndex: number;
  readonly stageCount: number;
  readonly stageId: string | null;
  readonly stageKind: StageKind | null;
  readonly phase: string;
  readonly paused: boolean;
  readonly ended: boolean;
  readonly participants: readonly Participant[];
  readonly floor: readonly string[] | "everyone";
  readonly deadline: number | null;
  readonly enforcement: TurnEnforcement;
}

export function describeWorkshop(snapshot: WorkshopSnapshot): WorkshopStatus {
  const ctx = snapshot.context;
  const stage = currentStage(ctx);
  const turnTaking = stage?.kind === "perspective-sharing" || stage?.kind === "reflection";
  const who = speaker(ctx);
  return {
    stageIndex: ctx.stageIndex,
    stageCount: ctx.spec.stages.length,
    stageId: stage?.id ?? null,
    stageKind: stage?.kind ?? null,
    phase: ctx.ended ? "ended" : ctx.stageIndex < 0 ? "lobby" : ctx.stage.phase,
    paused: ctx.paused !== null,
    ended: ctx.ended || snapshot.status === "done",
    participants: ctx.participants,
    floor: turnTaking && who !== undefined ? [who] : "everyone",
    deadline: ctx.paused !== null ? null : ctx.deadline,
    enforcement: effectiveEnforcement(ctx),
  };
}

export function workshopRecord(snapshot: WorkshopSnapshot): WorkshopRecord {
  return buildRecord(snapshot.context);
}
