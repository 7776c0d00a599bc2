// What the dashboard shows of each session, computed from the stored records. Pure. Coordinators
// see each session as its facilitators do, except the content of time-outs, flags, help requests
// and private answers (only that one is open, and its age); observers see aggregates only.
import { pickText } from "../bot/render.ts";
import type { ParticipantRecord, SessionRecord } from "../bot/store.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { evaluationMinimum } from "../report/evaluate.ts";

export interface SessionRow {
  readonly id: string;
  readonly room: string;
  readonly platform: string;
  readonly flow: string;
  readonly stage: string;
  readonly phase: string;
  readonly status: "live" | "done";
  /** ms left on the stage's timer (null: none). */
  readonly timeLeftMs: number | null;
  /** Who has the floor, by display name; null when nobody, or when the flow is anonymous. */
  readonly floor: string | null;
  /** Participants present per group ("-" for no group). */
  readonly groups: Readonly<Record<string, number>>;
  /** Airtime so far per group, in seconds (the running turn included). */
  readonly airtime: Readonly<Record<string, number>>;
  /** Deliveries given up that facilitators were told about (kind, code, age). */
  readonly failures: readonly { readonly kind: string; readonly code: string; readonly ageMs: number }[];
  /** Open alerts (kind and age only, never content). */
  readonly alerts: readonly { readonly n: number; readonly kind: string; readonly ageMs: number }[];
}

interface SnapshotShape {
  value?: unknown;
  context?: {
    stageIndex?: number;
    floor?: { participantId: string; since: number } | null;
    attendance?: Record<string, { group: string | null; leftAt: number | null }>;
    participation?: Record<string, { airtimeMs?: number }>;
  };
}

function phaseOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    const [key, inner]: [string, unknown] = Object.entries(value as Record<string, unknown>)[0] ?? ["", null];
    const rest = phaseOf(inner);
    return rest === "" ? key : `${key}.${rest}`;
  }
  return "";
}

export function sessionRow(
  s: SessionRecord,
  participants: readonly ParticipantRecord[],
  now: number,
): SessionRow {
  const spec = s.spec as FlowSpec;
  const snap = (s.snapshot ?? {}) as SnapshotShape;
  const index = snap.context?.stageIndex;
  const stage = typeof index === "number" ? spec.stages[index] : undefined;
  const anonymous = spec.confidentiality === "anonymous";
  const floorId = snap.context?.floor?.participantId;
  const groups: Record<string, number> = {};
  for (const entry of Object.values(snap.context?.attendance ?? {}))
    if (entry.leftAt === null) groups[entry.group ?? "-"] = (groups[entry.group ?? "-"] ?? 0) + 1;
  const deadline = s.meta.nextDeadline ?? null;
  const airtime: Record<string, number> = {};
  const attendance = snap.context?.attendance ?? {};
  const running = snap.context?.floor;
  for (const id of new Set([
    ...Object.keys(snap.context?.participation ?? {}),
    ...(running ? [running.participantId] : []),
  ])) {
    const ms =
      (snap.context?.participation?.[id]?.airtimeMs ?? 0) +
      (running?.participantId === id && s.status === "live" ? Math.max(0, now - running.since) : 0);
    const group = attendance[id]?.group ?? "-";
    airtime[group] = (airtime[group] ?? 0) + Math.round(ms / 1000);
  }
  return {
    id: s.id,
    room: s.roomKey,
    platform: s.roomKey.slice(0, s.roomKey.indexOf(":")),
    flow: pickText(spec.title, s.locale, spec),
    stage:
      s.status !== "live"
        ? "ended"
        : stage === undefined
          ? "-"
          : stage.title === undefined
            ? stage.id
            : pickText(stage.title, s.locale, spec),
    phase: s.status === "live" ? phaseOf(snap.value) : "",
    status: s.status,
    timeLeftMs: s.status === "live" && deadline !== null ? Math.max(0, deadline - now) : null,
    floor:
      anonymous || floorId === undefined
        ? null
        : (participants.find((p) => p.participantId === floorId)?.name ?? null),
    groups,
    airtime,
    failures: (s.meta.failures ?? []).map((f) => ({ kind: f.kind, code: f.code, ageMs: now - f.at })),
    alerts: (s.meta.alerts ?? [])
      .filter((a) => a.acknowledged === undefined)
      .map((a) => ({ n: a.n, kind: a.kind, ageMs: now - a.raisedAt })),
  };
}

export interface ObserverView {
  readonly live: number;
  readonly ended: number;
  /** Participants present per group across live sessions; a group below the minimum is pooled. */
  readonly groups: Readonly<Record<string, number>>;
  readonly pooled: number;
  readonly openAlerts: number;
}

/** The aggregates an observer sees: counts only, no names, no group figure below the flow's minimum. */
export function observerView(sessions: readonly SessionRecord[], rows: readonly SessionRow[]): ObserverView {
  const totals: Record<string, number> = {};
  let minimum = 1;
  for (const s of sessions) minimum = Math.max(minimum, evaluationMinimum(s.spec as FlowSpec));
  for (const r of rows)
    if (r.status === "live") for (const [g, n] of Object.entries(r.groups)) totals[g] = (totals[g] ?? 0) + n;
  const groups: Record<string, number> = {};
  let pooled = 0;
  for (const [g, n] of Object.entries(totals)) {
    if (n >= minimum) groups[g] = n;
    else pooled += n;
  }
  return {
    live: rows.filter((r) => r.status === "live").length,
    ended: rows.filter((r) => r.status === "done").length,
    groups,
    pooled,
    openAlerts: rows.reduce((n, r) => n + r.alerts.length, 0),
  };
}
