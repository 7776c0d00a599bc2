// A programme of 30 simulated youth-dialogue-circle sessions (real workshop machine, simulated
// clock, real SQLite store) with known answers: `parley report --programme` gives the pooled
// figures computed independently by test/fixtures/stats/programme.py.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReportCommand } from "../../src/cli/report.ts";
import { runSessionsCommand } from "../../src/cli/sessions.ts";
import type { EvaluationReport } from "../../src/report/schema.ts";
import { simulateYouthSession, storeSessions, youthFlow, type SimPerson } from "./support.ts";

interface Fixture {
  sessions: {
    id: string;
    group: string;
    answers: Record<string, [number, number]>;
    declines: boolean;
    leaves: boolean;
    airtime: number;
  }[][];
  expected: {
    pairs: Record<string, Record<string, Record<string, number>>>;
    participation: Record<string, Record<string, number>>;
    excluded: number;
  };
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/stats/programme.json", import.meta.url), "utf8"),
) as Fixture;

const tmp = mkdtempSync(join(tmpdir(), "parley-programme-"));
const store = join(tmp, "programme.sqlite");
const day = 86_400_000;
const start = Date.UTC(2026, 0, 5, 15);

async function run(
  command: typeof runReportCommand,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await command(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) }, {});
  return { code, out, err };
}

beforeAll(async () => {
  const spec = youthFlow();
  const sessions = fixture.sessions.map((people, k) =>
    simulateYouthSession(
      spec,
      people.map((p): SimPerson => ({ ...p, name: `${p.id}-name-${String(k)}` })),
      {
        id: `s${String(k).padStart(10, "0")}`,
        roomKey: `discord:school-${String(k % 3)}-room-${String(k)}`,
        seed: k + 1,
        start: start + k * day,
      },
    ),
  );
  await storeSessions(store, sessions);
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("a programme report over 30 simulated sessions", () => {
  let report: EvaluationReport;
  beforeAll(async () => {
    const r = await run(runReportCommand, [
      "--programme",
      "--flow",
      "youth-dialogue-circle",
      "--format",
      "json",
      "--store",
      store,
    ]);
    expect(r.code, r.err).toBe(0);
    report = JSON.parse(r.out) as EvaluationReport;
  });

  it("has one row per session and the known pooled pre/post change per group", () => {
    expect(report.kind).toBe("programme");
    expect(report.sessions).toHaveLength(30);
    expect(report.sessions.reduce((n, s) => n + s.excluded, 0)).toBe(fixture.expected.excluded);
    for (const [questionId, groups] of Object.entries(fixture.expected.pairs)) {
      const pair = report.pairs.find((p) => p.questionId === questionId);
      expect(pair, questionId).toBeDefined();
      for (const [group, expected] of Object.entries(groups)) {
        const row = group === "all" ? pair?.pooled : pair?.byGroup.find((r) => r.group === group);
        for (const [key, value] of Object.entries(expected))
          expect(
            (row as Record<string, unknown> | undefined)?.[key],
            `${questionId} ${group} ${key}`,
          ).toBeCloseTo(value, 6);
      }
    }
  });

  it("has the known airtime, balance and attendance per group", () => {
    for (const [group, expected] of Object.entries(fixture.expected.participation)) {
      const row = report.participation.find((r) => r.group === group);
      expect(row).toMatchObject({
        participants: expected["participants"],
        airtimeSeconds: expected["airtimeSeconds"],
      });
      expect(row?.airtimeShare).toBeCloseTo(expected["airtimeShare"] ?? NaN, 9);
      expect(row?.balance).toBeCloseTo(expected["balance"] ?? NaN, 9);
      expect(report.attendance.find((r) => r.group === group)?.stayed).toBe(expected["stayed"]);
    }
  });

  it("selects sessions by date and room prefix, and lists them", async () => {
    const since = new Date(start + 20 * day).toISOString().slice(0, 10);
    const r = await run(runReportCommand, [
      "--programme",
      "--since",
      since,
      "--room-prefix",
      "discord:school-1-",
      "--format",
      "json",
      "--store",
      store,
    ]);
    expect(r.code, r.err).toBe(0);
    const ids = (JSON.parse(r.out) as EvaluationReport).sessions.map((s) => s.id);
    expect(ids).toEqual(["s0000000022", "s0000000025", "s0000000028"]);
    const listed = await run(runSessionsCommand, [
      "--flow",
      "youth-dialogue-circle",
      "--since",
      since,
      "--store",
      store,
    ]);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out.trim().split("\n")).toHaveLength(1 + 10);
    const none = await run(runSessionsCommand, ["--flow", "perspective-exchange", "--store", store]);
    expect(none.out).toContain("no sessions");
  });

  it("writes one HTML page and one CSV file per table", async () => {
    const out = join(tmp, "out");
    for (const format of ["html", "csv"]) {
      const r = await run(runReportCommand, [
        "--programme",
        "--format",
        format,
        "--out",
        out,
        "--store",
        store,
      ]);
      expect(r.code, r.err).toBe(0);
    }
    const pairs = readFileSync(join(out, "survey-pairs.csv"), "utf8").split("\r\n");
    expect(pairs[0]).toMatch(
      /^question_id,question,type,scale_min,scale_max,group,group_name,n,pre_mean,post_mean,mean_change,ci95_low,ci95_high/u,
    );
    expect(pairs.filter((l) => l.startsWith("trust-other,"))).toHaveLength(3);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/u);
  });
});
