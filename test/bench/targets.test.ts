// The closing table of `npm run bench` (bench/targets.ts): every issue-19 target has a row
// whatever ran, a skipped part is "not measured" (never met), and each figure is held to its bound.
import { describe, expect, it } from "vitest";
import { targetChecks, type BenchFigures, type TargetCheck } from "../../bench/targets.ts";

const full: BenchFigures = {
  at1000: {
    durableEventsPerSecond: 10_000,
    durableP99Ms: 0.5,
    memoryEventsPerSecond: 12_000,
    postgresEventsPerSecond: 400,
  },
  memory: [
    { sessions: 1000, heapKbPerSession: 20 },
    { sessions: 10_000, heapKbPerSession: 34.6 },
  ],
  recovery: [
    { sessions: 1000, sinceProcessStartMs: 500, allRestoredSinceProcessStartMs: 900 },
    { sessions: 10_000, sinceProcessStartMs: 1000, allRestoredSinceProcessStartMs: 5300 },
  ],
  endToEnd: { ratioP50: 1.5, ratioP99: 0.4 },
  egress: {
    rooms: 100,
    allP99Ms: 127,
    worstRoomP99Ms: 2001,
    roomsWithinTarget: 99,
    rateLimitedBeyondFirstProbe: 0,
    jainIndex: 0.9,
  },
  matrixEgress: [
    { mode: "default", rooms: 20, roomsSetUp: 0, posts: 886, replies: 0, replyP99Ms: Number.NaN },
    { mode: "lifted", rooms: 20, roomsSetUp: 20, posts: 892, replies: 775, replyP99Ms: 25_430 },
  ],
};

const row = (rows: readonly TargetCheck[], start: string): TargetCheck => {
  const found = rows.filter((r) => r.figure.startsWith(start));
  expect(found.map((r) => r.figure)).toHaveLength(1);
  return found[0] as TargetCheck;
};

// Every target and reported figure of issue 19, in the order the table prints them.
const figures = [
  "durable events/s, 1,000 sessions",
  "durable / in-memory",
  "durable p99 ms unloaded",
  "heap KB a live session",
  "10,000 sessions ready",
  "10,000 sessions fully rebuilt",
  "`/parley status` end to end / echo bot, p50",
  "`/parley status` end to end / echo bot, p99",
  "PostgreSQL durable events/s",
  "PostgreSQL / in-memory",
  "Discord egress, p99 ms",
  "Discord egress, worst room",
  "Discord egress, 429s",
  "Discord egress, Jain",
  "Matrix egress, 20 rooms, Synapse's default limit",
  "Matrix egress, 20 rooms, limit lifted",
];

describe("issue 19's closing table", () => {
  it("has a row for every target even when nothing ran, none of them met", () => {
    const rows = targetChecks({ why: { egress: "--skip-egress" } });
    expect(rows.map((r) => figures.findIndex((f) => r.figure.startsWith(f)))).toEqual(
      figures.map((_, i) => i),
    );
    expect(rows.every((r) => r.status === "not measured" && r.got === null)).toBe(true);
    expect(row(rows, "Discord egress, 429s").note).toBe("--skip-egress");
  });

  it("holds each figure to its bound, the bound itself met", () => {
    const rows = targetChecks(full);
    const status = (start: string) => row(rows, start).status;
    expect(status("durable events/s")).toBe("met");
    expect(row(rows, "durable / in-memory")).toMatchObject({ got: 1.2, status: "met" });
    expect(status("heap KB a live session mid-brainstorm, 1,000")).toBe("met");
    expect(status("heap KB a live session mid-brainstorm, 10,000")).toBe("not met");
    expect(row(rows, "10,000 sessions ready")).toMatchObject({ got: 1000, status: "met" });
    expect(row(rows, "10,000 sessions fully rebuilt")).toMatchObject({ got: 5300, status: "not met" });
    expect(status("`/parley status` end to end / echo bot, p50")).toBe("not met");
    expect(status("`/parley status` end to end / echo bot, p99")).toBe("met");
    expect(status("Discord egress, p99 ms")).toBe("met");
    expect(row(rows, "Discord egress, worst room")).toMatchObject({
      status: "not met",
      note: "99/100 rooms within",
    });
    expect(status("Discord egress, 429s")).toBe("met");
    expect(row(rows, "PostgreSQL / in-memory")).toMatchObject({ got: 30, status: "reported" });
  });

  it("fails a target whose part ran but gave no figure, and reports a figure that is missing", () => {
    const rows = targetChecks({
      ...full,
      egress: { ...(full.egress as NonNullable<BenchFigures["egress"]>), allP99Ms: Number.NaN },
    });
    expect(row(rows, "Discord egress, p99 ms")).toMatchObject({ got: null, status: "not met" });
    expect(row(rows, "Matrix egress, 20 rooms, Synapse's default limit")).toMatchObject({
      got: null,
      status: "reported",
      note: "0/886 posts answered, 0/20 rooms set up",
    });
  });

  it("meets no egress target with fewer rooms than the issue's 100", () => {
    const rows = targetChecks({
      ...full,
      egress: { ...(full.egress as NonNullable<BenchFigures["egress"]>), rooms: 10, worstRoomP99Ms: 100 },
    });
    for (const start of ["Discord egress, p99 ms", "Discord egress, worst room", "Discord egress, 429s"])
      expect(row(rows, start)).toMatchObject({ status: "not met", note: "10 rooms, the target is for 100" });
  });

  it("says a PostgreSQL ratio is missing for want of the in-memory variant, not of PostgreSQL", () => {
    const rows = targetChecks({
      at1000: { postgresEventsPerSecond: 72 },
      why: { throughput: "--variants", postgres: "PostgreSQL not reachable" },
    });
    expect(row(rows, "PostgreSQL durable events/s")).toMatchObject({ got: 72, status: "reported" });
    expect(row(rows, "PostgreSQL / in-memory")).toMatchObject({ status: "not measured", note: "--variants" });
  });

  it("leaves the ratio unmeasured when only the durable variant ran", () => {
    const rows = targetChecks({ at1000: { durableEventsPerSecond: 2000, durableP99Ms: 0.5 } });
    expect(row(rows, "durable events/s")).toMatchObject({ got: 2000, status: "not met" });
    expect(row(rows, "durable / in-memory").status).toBe("not measured");
    expect(row(rows, "PostgreSQL durable events/s").status).toBe("not measured");
  });
});
