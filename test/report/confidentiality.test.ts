// Confidentiality of every report output: under chatham-house and anonymous no output, in any
// format, holds a per-respondent row, a name, a platform id, a participant id or a pseudonym; under
// open, per-respondent rows carry the pseudonym and group only. Forget-me takes a person's answers
// out of every aggregate.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runReportCommand } from "../../src/cli/report.ts";
import { pseudonymOf } from "../../src/report/dataset.ts";
import type { EvaluationReport } from "../../src/report/schema.ts";
import { finishedWithout } from "../../src/bot/privacy.ts";
import type { FlowSpec } from "../../src/flows/spec.ts";
import { simulateYouthSession, storeSessions, youthFlow, type SimPerson } from "./support.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-confidential-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const people = (k: number): SimPerson[] =>
  ["a", "a", "a", "b", "b", "b"].map((g, j) => ({
    id: `pid${g}${String(j)}x${String(k)}`,
    name: `Zorblax${String(j)}Name${String(k)}`,
    group: `group-${g}`,
    answers: {
      "trust-other": [1 + ((j + k) % 4), 2 + ((j * k) % 4)],
      "warmth-other": [30 + j * 7 + k, 50 + j * 5 - k],
    },
    declines: j === 5 && k === 0,
    leaves: j === 1 && k === 1,
    airtime: 12 + j,
  }));

async function reportFiles(spec: FlowSpec, name: string) {
  const sessions = [0, 1, 2].map((k) =>
    simulateYouthSession(spec, people(k), {
      id: `s${name}${String(k)}`,
      roomKey: `matrix:!room${String(k)}:example.org`,
      seed: 7 + k,
      start: Date.UTC(2026, 1, 1 + k),
    }),
  );
  const store = join(tmp, `${name}.sqlite`);
  await storeSessions(store, sessions, (s) =>
    people(Number(s.id.slice(-1))).map((p, j) => ({
      sessionId: s.id,
      platform: "matrix",
      userId: `@platformuser${String(j)}q${s.id}:example.org`,
      participantId: p.id,
      name: p.name,
      locale: "en",
      group: p.group,
    })),
  );
  const out = join(tmp, name);
  const texts = new Map<string, string>();
  for (const format of ["md", "html", "json", "csv"]) {
    for (const args of [["--programme"], [sessions[1]?.id ?? ""]]) {
      let err = "";
      const code = await runReportCommand(
        [...args, "--format", format, "--out", join(out, args[0] ?? ""), "--store", store],
        { out: () => undefined, err: (s) => (err += s) },
        {},
      );
      expect(code, err).toBe(0);
    }
  }
  for (const dir of readdirSync(out))
    for (const f of readdirSync(join(out, dir)))
      texts.set(`${dir}/${f}`, readFileSync(join(out, dir, f), "utf8"));
  const secrets = sessions.flatMap((s, k) =>
    people(k).flatMap((p, j) => [
      p.id,
      p.name,
      `@platformuser${String(j)}q${s.id}:example.org`,
      pseudonymOf(s.id, s.seed, p.id),
    ]),
  );
  return { texts, secrets, sessions };
}

describe.each(["chatham-house", "anonymous"] as const)("under %s", (confidentiality) => {
  it("no output in any format has a per-respondent row, a name, a platform id or a pseudonym", async () => {
    const { texts, secrets } = await reportFiles(youthFlow({ confidentiality }), confidentiality);
    expect(texts.size).toBeGreaterThanOrEqual(2 * (3 + 6));
    for (const [file, text] of texts) {
      for (const secret of secrets) expect(text, `${file} holds ${secret}`).not.toContain(secret);
      expect(text, file).not.toMatch(/r-[0-9a-f]{10}/u);
      expect(file).not.toMatch(/respondents\.csv|people\.csv/u);
      if (file.endsWith(".json")) {
        const report = JSON.parse(text) as EvaluationReport;
        expect(report.respondents).toBeUndefined();
        expect(report.people).toBeUndefined();
        // Every figure describes at least the minimum number of people.
        for (const p of report.pairs)
          for (const r of [...p.byGroup, p.pooled]) if (!r.suppressed) expect(r.n).toBeGreaterThanOrEqual(3);
      }
    }
  });
});

describe("under open", () => {
  it("per-respondent rows carry the pseudonym and group, never a name or platform id", async () => {
    const { texts, sessions } = await reportFiles(youthFlow({ confidentiality: "open" }), "open");
    const csv = texts.get("--programme/respondents.csv") ?? "";
    expect(csv.split("\r\n")[0]).toBe("session,pseudonym,group,question_id,before,after");
    const first = sessions[0];
    expect(csv).toContain(
      `${first?.id ?? ""},${pseudonymOf(first?.id ?? "", first?.seed ?? 0, "pida0x0")},group-a,trust-other,`,
    );
    for (const text of texts.values()) expect(text).not.toMatch(/Zorblax|platformuser|pida0x0,/u);
  });

  it("pseudonyms are not linkable across sessions", () => {
    expect(pseudonymOf("s1", 1, "p1")).not.toBe(pseudonymOf("s2", 2, "p1"));
    expect(pseudonymOf("s1", 1, "p1")).toBe(pseudonymOf("s1", 1, "p1"));
  });
});

describe("forget-me", () => {
  it("takes the person's answers out of every aggregate", async () => {
    const spec = youthFlow({ confidentiality: "open" });
    const session = simulateYouthSession(spec, people(3), {
      id: "sforget0003",
      roomKey: "console:console",
      seed: 3,
      start: Date.UTC(2026, 2, 1),
    });
    const without = finishedWithout(spec, session, "pida0x3");
    const store = join(tmp, "forget.sqlite");
    await storeSessions(store, [
      session,
      {
        ...session,
        id: "sforget0004",
        roomKey: "console:other",
        snapshot: without.snapshot,
        meta: { ...session.meta, record: without.record },
      },
    ]);
    const read = async (id: string) => {
      let out = "";
      await runReportCommand(
        [id, "--format", "json", "--store", store],
        { out: (s) => (out += s), err: () => undefined },
        {},
      );
      return JSON.parse(out) as EvaluationReport;
    };
    const before = await read("sforget0003");
    const after = await read("sforget0004");
    const trust = (r: EvaluationReport) =>
      r.pairs.find((p) => p.questionId === "trust-other")?.byGroup.find((g) => g.group === "group-a")?.n;
    expect(trust(before)).toBe(3);
    expect(trust(after)).toBe(2);
    expect(after.participation.find((r) => r.group === "group-a")?.participants).toBe(2);
    expect(after.respondents?.some((r) => r.pseudonym === pseudonymOf("sforget0004", 3, "pida0x3"))).toBe(
      false,
    );
  });
});
