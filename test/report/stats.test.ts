// Paired pre/post figures against values computed independently (test/fixtures/stats/paired.py:
// Python's statistics module, scipy's t quantile and its own paired t-test interval).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pairedSummary } from "../../src/report/stats.ts";
import { pairsOf, type PairDefinition } from "../../src/report/evaluate.ts";
import type { SessionData } from "../../src/report/dataset.ts";

interface Respondent {
  group: string;
  pre: number | null;
  post: number | null;
  note: string;
}
type Expected = Record<string, number | null>;
interface Case {
  respondents: Respondent[];
  byGroup: Record<string, Expected>;
  pooled: Expected;
}
const cases = JSON.parse(
  readFileSync(new URL("../fixtures/stats/paired.json", import.meta.url), "utf8"),
) as Record<string, Case>;

/** Respondents as a session's stored answers: each answer is one survey's contribution. */
function session(respondents: readonly Respondent[]): SessionData {
  const answers = respondents.flatMap((r, i) => [
    ...(r.pre === null
      ? []
      : [
          {
            pseudonym: `p${String(i)}`,
            group: r.group,
            stageId: "before",
            questionId: "q",
            value: String(r.pre),
          },
        ]),
    ...(r.post === null
      ? []
      : [
          {
            pseudonym: `p${String(i)}`,
            group: r.group,
            stageId: "after",
            questionId: "q",
            value: String(r.post),
          },
        ]),
  ]);
  return { answers } as unknown as SessionData;
}
const pair = { questionId: "q", before: "before", after: "after" } as PairDefinition;

function expectClose(actual: Record<string, unknown>, expected: Expected): void {
  for (const [key, value] of Object.entries(expected)) {
    if (value === null) expect(actual[key], key).toBeNull();
    else expect(actual[key], key).toBeCloseTo(value, 6);
  }
}

describe("paired pre/post statistics against independently computed values", () => {
  it.each(Object.keys(cases))("%s", (name) => {
    const c = cases[name] as Case;
    const rows = pairsOf([session(c.respondents)], pair);
    const complete = (group?: string) =>
      rows
        .filter((r) => group === undefined || r.group === group)
        .flatMap((r) => (r.before !== null && r.after !== null ? [[r.before, r.after] as const] : []));
    expectClose({ ...pairedSummary(complete()) }, c.pooled);
    for (const [group, expected] of Object.entries(c.byGroup))
      expectClose({ ...pairedSummary(complete(group)) }, expected);
  });

  it("covers n = 1, n = 2, missing post answers and someone who left", () => {
    expect(cases["n1"]?.pooled["n"]).toBe(1);
    expect(cases["n2"]?.pooled["n"]).toBe(2);
    const missing = cases["missing-post-and-left"] as Case;
    expect(missing.respondents.some((r) => r.post === null)).toBe(true);
    expect(missing.pooled["n"]).toBe(6);
  });

  it("has no interval or d_z for one person, nor when every change is the same", () => {
    expect(pairedSummary([[2, 4]])).toMatchObject({ n: 1, meanChange: 2, ciLow: null, dz: null });
    expect(
      pairedSummary([
        [1, 3],
        [2, 4],
      ]),
    ).toMatchObject({ n: 2, meanChange: 2, ciLow: null, sdChange: 0 });
    expect(pairedSummary([])).toMatchObject({ n: 0, meanChange: null });
  });
});
