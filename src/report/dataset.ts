// What an evaluation report reads from one stored session: every person who joined (by an opaque
// per-session pseudonym, never a name or platform id), their participation, and the survey answers
// of those who agreed to the evaluation. This stays inside the report code: outputs decide what of
// it may be shown (aggregates only, unless the workshop is open).
import { createHash } from "node:crypto";
import type { FlowSpec } from "../flows/spec.ts";
import type { WorkshopRecord } from "../flows/protocol.ts";
import { type WorkshopContext, type WorkshopSnapshot } from "../flows/workshop.ts";
import { contributionsSoFar, workshopRecord } from "../flows/workshop-view.ts";
import { evaluates } from "../flows/workshop-record.ts";
import { storedSnapshot } from "../bot/privacy.ts";
import type { SessionRecord } from "../bot/store.ts";

export interface PersonData {
  readonly pseudonym: string;
  readonly group: string | null;
  readonly stayed: boolean;
  readonly contributed: boolean;
  readonly evaluates: boolean;
  readonly turns: number;
  readonly passes: number;
  readonly words: number;
  readonly airtimeSeconds: number;
  readonly reflections: number;
  readonly feltHeard: number;
  readonly notQuite: number;
}

export interface AnswerData {
  readonly pseudonym: string;
  readonly group: string | null;
  readonly stageId: string;
  readonly questionId: string;
  /** The latest answer this person gave to this question in this survey. */
  readonly value: string;
}

export interface SessionData {
  readonly id: string;
  readonly flowId: string;
  readonly startedAt: number;
  readonly ended: boolean;
  readonly spec: FlowSpec;
  readonly record: WorkshopRecord;
  readonly people: readonly PersonData[];
  /** Answers of people who agreed to the evaluation only. */
  readonly answers: readonly AnswerData[];
}

/**
 * An opaque pseudonym, stable within one session and unrelated across sessions (the session id
 * and its random seed are part of the hash): pre and post answers pair up without a name.
 */
export function pseudonymOf(sessionId: string, seed: number, participantId: string): string {
  const digest = createHash("sha256")
    .update(`${sessionId}\u0000${String(seed)}\u0000${participantId}`)
    .digest("hex");
  return `r-${digest.slice(0, 10)}`;
}

/** The session's data, or null before its first step (nothing happened yet). */
export function sessionData(session: SessionRecord): SessionData | null {
  const spec = session.spec as FlowSpec;
  const snapshot: WorkshopSnapshot | null = storedSnapshot(spec, session);
  if (snapshot === null) return null;
  const ctx = snapshot.context;
  const record = (session.meta.record as WorkshopRecord | null) ?? workshopRecord(snapshot);
  return fromContext({
    id: session.id,
    flowId: session.flowId,
    startedAt: session.createdAt,
    ended: session.status === "done",
    spec,
    seed: session.seed,
    ctx,
    contributions: contributionsSoFar(snapshot),
    record,
  });
}

export function fromContext(input: {
  id: string;
  flowId: string;
  startedAt: number;
  ended: boolean;
  spec: FlowSpec;
  seed: number;
  ctx: WorkshopContext;
  contributions: ReturnType<typeof contributionsSoFar>;
  record: WorkshopRecord;
}): SessionData {
  const { ctx, contributions } = input;
  const pseudonym = (id: string) => pseudonymOf(input.id, input.seed, id);
  // Everyone who joined; snapshots from before attendance was kept know the present and the active.
  const ids = new Set<string>([
    ...Object.keys(ctx.attendance ?? {}),
    ...ctx.participants.map((p) => p.id),
    ...Object.keys(ctx.participation),
  ]);
  const groupOf = (id: string): string | null =>
    ctx.participants.find((p) => p.id === id)?.group ??
    ctx.attendance?.[id]?.group ??
    contributions.find((c) => c.author === id)?.group ??
    null;
  const present = new Set(ctx.participants.map((p) => p.id));
  const people: PersonData[] = [...ids].sort(byParticipantId).map((id) => {
    const p = ctx.participation[id];
    return {
      pseudonym: pseudonym(id),
      group: groupOf(id),
      stayed: present.has(id),
      contributed:
        // A turn, a reflection, anything written or voted; a survey answer is not a contribution.
        contributions.some((c) => c.author === id && c.kind !== "survey") ||
        (p?.turns ?? 0) > 0 ||
        (p?.reflections ?? 0) > 0,
      evaluates: evaluates(ctx, id),
      turns: p?.turns ?? 0,
      passes: p?.passes ?? 0,
      words: p?.words ?? 0,
      airtimeSeconds: (p?.airtimeMs ?? 0) / 1000,
      reflections: p?.reflections ?? 0,
      feltHeard: p?.feltHeard ?? 0,
      notQuite: p?.notQuite ?? 0,
    };
  });
  const latest = new Map<string, AnswerData>();
  for (const c of contributions) {
    if (c.kind !== "survey" || !evaluates(ctx, c.author)) continue;
    // `survey:<stage>:<question>=<answer>`; the answer may itself contain "=".
    const match = /^survey:([^:]+):([^=]+)=(.*)$/su.exec(c.text);
    if (match === null) continue;
    const [, stageId = "", questionId = "", value = ""] = match;
    latest.set(`${c.author}\u0000${stageId}\u0000${questionId}`, {
      pseudonym: pseudonym(c.author),
      group: groupOf(c.author),
      stageId,
      questionId,
      value,
    });
  }
  return {
    id: input.id,
    flowId: input.flowId,
    startedAt: input.startedAt,
    ended: input.ended,
    spec: input.spec,
    record: input.record,
    people,
    answers: [...latest.values()],
  };
}

/** p2 before p10. */
function byParticipantId(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
