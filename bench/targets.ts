// Issue 19's "Done when" in one table: every figure the issue asks `npm run bench` for, its target
// (or "reported" where the issue asks only for the figure), and where this run stands. A target
// whose part of the bench did not run gets a row all the same ("not measured"), so a skipped part
// cannot pass for a met target. Printed last by bench/run.ts and written to its JSON (`checks`).

/** Issue 19's targets; printed beside each figure and summarised at the end. */
export const targets = {
  /** Unloaded p99 of a durable step at 1,000 sessions (the bench's own bound, kept from the first pass). */
  p99Ms: 2,
  /** Durable events/s at 1,000 sessions on one core. */
  durableEventsPerSecond: 10_000,
  /** Time per event, durable over the runtime on MemoryStore, in the same run. */
  durableOverMemory: 1.2,
  /** Heap a live session takes mid-brainstorm. */
  heapKbPerSession: 20,
  /** 10,000 sessions: ready (timers armed, events taken) from process start. */
  ready10kMs: 1000,
  /** 10,000 sessions: every actor rebuilt from process start. */
  rebuilt10kMs: 2000,
  /** `/parley status` end to end over the echo bot, at p50 and at p99. */
  endToEndRatio: 1.2,
  /** Discord egress: rooms on one bot the targets below are for. */
  egressRooms: 100,
  /** Discord egress: p99 from a message to its answer, across the rooms and in every room. */
  egressP99Ms: 2000,
  /** Discord egress: 429s beyond the first probe of each bucket. */
  egress429sBeyondFirstProbe: 0,
  /** Matrix egress: rooms on one bot account (the figure is reported, no target). */
  matrixRooms: 20,
} as const;

export type Status = "met" | "not met" | "reported" | "not measured";

/** One line of the closing summary. */
export interface TargetCheck {
  readonly figure: string;
  /** null when there is no figure (not measured, or nothing to measure in the run). */
  readonly got: number | null;
  readonly target: string;
  readonly status: Status;
  readonly note?: string;
}

/** The parts of one bench run the targets are read from; a part left out was not run. */
export interface BenchFigures {
  /** The throughput row at 1,000 sessions: events/s of each variant that ran. */
  readonly at1000?: {
    readonly durableEventsPerSecond?: number;
    readonly durableP99Ms?: number;
    readonly memoryEventsPerSecond?: number;
    readonly postgresEventsPerSecond?: number;
  };
  readonly memory?: readonly { readonly sessions: number; readonly heapKbPerSession: number }[];
  readonly recovery?: readonly {
    readonly sessions: number;
    readonly sinceProcessStartMs: number;
    readonly allRestoredSinceProcessStartMs: number;
  }[];
  readonly endToEnd?: { readonly ratioP50: number; readonly ratioP99: number };
  readonly egress?: {
    readonly rooms: number;
    readonly allP99Ms: number;
    readonly worstRoomP99Ms: number;
    readonly roomsWithinTarget: number;
    readonly rateLimitedBeyondFirstProbe: number;
    readonly jainIndex: number;
  };
  readonly matrixEgress?: readonly {
    readonly mode: "default" | "lifted";
    readonly rooms: number;
    readonly roomsSetUp: number;
    readonly posts: number;
    readonly replies: number;
    readonly replyP99Ms: number;
  }[];
  /** Why each part is missing, for the note of its rows (e.g. "--skip-egress"). */
  readonly why?: Partial<Record<Part, string>>;
}

type Part = "throughput" | "memory" | "recovery" | "endToEnd" | "postgres" | "egress" | "matrixEgress";

const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

export function targetChecks(f: BenchFigures): TargetCheck[] {
  const rows: TargetCheck[] = [];
  const missing = (part: Part, figure: string, target: string): void => {
    const why = f.why?.[part];
    rows.push({
      figure,
      got: null,
      target,
      status: "not measured",
      ...(why === undefined ? {} : { note: why }),
    });
  };
  /** A figure against its target; a part that ran but gave no figure has not met it. */
  const bound = (
    part: Part,
    figure: string,
    got: number | undefined,
    op: "≤" | "≥",
    target: number,
    ran: boolean,
    note?: string,
  ): void => {
    const text = `${op} ${target}`;
    if (!ran) {
      missing(part, figure, text);
      return;
    }
    const met = finite(got) && (op === "≤" ? got <= target : got >= target);
    rows.push({
      figure,
      got: finite(got) ? got : null,
      target: text,
      status: met ? "met" : "not met",
      ...(note === undefined ? {} : { note }),
    });
  };
  const reported = (part: Part, figure: string, got: number | undefined, ran: boolean, note?: string) => {
    if (!ran) {
      missing(part, figure, "reported");
      return;
    }
    rows.push({
      figure,
      got: finite(got) ? got : null,
      target: "reported",
      status: "reported",
      ...(note === undefined ? {} : { note }),
    });
  };

  const t = f.at1000;
  const durable = t?.durableEventsPerSecond;
  const memory = t?.memoryEventsPerSecond;
  const postgres = t?.postgresEventsPerSecond;
  bound(
    "throughput",
    "durable events/s, 1,000 sessions",
    durable,
    "≥",
    targets.durableEventsPerSecond,
    durable !== undefined,
  );
  bound(
    "throughput",
    "durable / in-memory (time an event), 1,000 sessions",
    finite(durable) && finite(memory) ? memory / durable : Number.NaN,
    "≤",
    targets.durableOverMemory,
    durable !== undefined && memory !== undefined,
  );
  bound(
    "throughput",
    "durable p99 ms unloaded, 1,000 sessions",
    t?.durableP99Ms,
    "≤",
    targets.p99Ms,
    t?.durableP99Ms !== undefined,
  );

  const heap = f.memory ?? [];
  if (heap.length === 0)
    missing("memory", "heap KB a live session mid-brainstorm", `≤ ${targets.heapKbPerSession}`);
  for (const m of heap)
    bound(
      "memory",
      `heap KB a live session mid-brainstorm, ${m.sessions.toLocaleString("en")} sessions`,
      m.heapKbPerSession,
      "≤",
      targets.heapKbPerSession,
      true,
    );

  const r = f.recovery?.find((x) => x.sessions === 10_000);
  bound(
    "recovery",
    "10,000 sessions ready, ms from process start",
    r?.sinceProcessStartMs,
    "≤",
    targets.ready10kMs,
    r !== undefined,
  );
  bound(
    "recovery",
    "10,000 sessions fully rebuilt, ms from process start",
    r?.allRestoredSinceProcessStartMs,
    "≤",
    targets.rebuilt10kMs,
    r !== undefined,
  );

  const e2e = f.endToEnd;
  for (const [at, got] of [
    ["p50", e2e?.ratioP50],
    ["p99", e2e?.ratioP99],
  ] as const)
    bound(
      "endToEnd",
      `\`/parley status\` end to end / echo bot, ${at}`,
      got,
      "≤",
      targets.endToEndRatio,
      e2e !== undefined,
    );

  reported("postgres", "PostgreSQL durable events/s, 1,000 sessions", postgres, postgres !== undefined);
  reported(
    // Missing for want of PostgreSQL, or of the in-memory variant beside it.
    postgres === undefined ? "postgres" : "throughput",
    "PostgreSQL / in-memory (time an event), 1,000 sessions",
    finite(postgres) && finite(memory) ? memory / postgres : Number.NaN,
    postgres !== undefined && memory !== undefined,
  );

  // The egress targets are for 100 rooms: a smaller run reports its figures but meets nothing.
  const eg = f.egress;
  const few = eg !== undefined && eg.rooms < targets.egressRooms;
  const scale = few ? `${eg.rooms} rooms, the target is for ${targets.egressRooms}` : undefined;
  const egRan = eg !== undefined;
  bound(
    "egress",
    "Discord egress, p99 ms message → answer across the rooms",
    few ? Number.NaN : eg?.allP99Ms,
    "≤",
    targets.egressP99Ms,
    egRan,
    scale,
  );
  bound(
    "egress",
    "Discord egress, worst room's p99 ms (no room starves)",
    few ? Number.NaN : eg?.worstRoomP99Ms,
    "≤",
    targets.egressP99Ms,
    egRan,
    scale ?? (eg === undefined ? undefined : `${eg.roomsWithinTarget}/${eg.rooms} rooms within`),
  );
  bound(
    "egress",
    "Discord egress, 429s beyond the first probe of each bucket",
    few ? Number.NaN : eg?.rateLimitedBeyondFirstProbe,
    "≤",
    targets.egress429sBeyondFirstProbe,
    egRan,
    scale,
  );
  reported(
    "egress",
    "Discord egress, Jain's index over the rooms' mean latency (1 = alike)",
    eg?.jainIndex,
    egRan,
  );

  for (const mode of ["default", "lifted"] as const) {
    const m = f.matrixEgress?.find((x) => x.mode === mode);
    const limit = mode === "default" ? "Synapse's default limit" : "limit lifted";
    reported(
      "matrixEgress",
      `Matrix egress, ${m?.rooms ?? targets.matrixRooms} rooms, ${limit}: reply p99 ms`,
      m?.replyP99Ms,
      m !== undefined,
      m === undefined
        ? undefined
        : `${m.replies}/${m.posts} posts answered, ${m.roomsSetUp}/${m.rooms} rooms set up`,
    );
  }
  return rows;
}

const shown = (n: number | null): number | string => (n === null ? "-" : Number(n.toFixed(2)));

/** The closing table as console.table takes it. */
export function targetTable(
  rows: readonly TargetCheck[],
): Record<string, { got: number | string; target: string; status: string; note: string }> {
  return Object.fromEntries(
    rows.map((c) => [
      c.figure,
      {
        got: shown(c.got),
        target: c.target,
        status: c.status === "not met" ? "NOT MET" : c.status,
        note: c.note ?? "",
      },
    ]),
  );
}
