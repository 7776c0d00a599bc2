// The report of an anonymous workshop with a group of one, end to end: a simulated session in a
// real SQLite store, then `parley report`. Group figures are pooled, survey answers are
// aggregates only, and nobody's name appears.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runReportCommand } from "../../src/cli/report.ts";
import { runSimulateCommand } from "../../src/cli/simulate.ts";
import { renderReportMarkdown } from "../../src/bot/render.ts";
import type { WorkshopRecord } from "../../src/flows/protocol.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-report-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const flowYaml = (confidentiality: string) => `
id: small-groups
version: 1
title: { en: Small groups }
description: { en: A test }
defaultLocale: en
groups:
  - { id: north, name: { en: Northside } }
  - { id: south, name: { en: Southside } }
confidentiality: ${confidentiality}
stages:
  - id: before
    kind: survey
    seconds: 60
    questions:
      - { id: feel, type: likert, points: 5, text: { en: How safe do you feel? } }
      - { id: why, type: text, text: { en: Why? } }
  - id: needs
    kind: needs-articulation
    prompt: { en: What do you need? }
    categories: [needs]
    collectSeconds: 60
  - id: ideas
    kind: brainstorm
    prompt: { en: Ideas? }
    divergeSeconds: 60
    clusterSeconds: 0
    voting: { method: approval, seconds: 60 }
`;

const script = `
/join amal north
/press amal 1
/join ben north
/join cara north
/join dana south
/press dana 1
/start
/press amal 4
/private amal Quiet streets help
/press dana 2
/private dana Too many checkpoints
/next
/private amal We need safe buses
/private dana We need work permits
/next
/private amal Shared football league
/private dana Joint cleanup day
/next
/next
/press amal 1
/press dana 1
/next
`;

async function simulateAndReport(confidentiality: string): Promise<{ transcript: string; report: string }> {
  const flowFile = join(tmp, `${confidentiality}.yaml`);
  const scriptFile = join(tmp, `${confidentiality}.script`);
  const store = join(tmp, `${confidentiality}.sqlite`);
  writeFileSync(flowFile, flowYaml(confidentiality));
  writeFileSync(scriptFile, script);
  let transcript = "";
  let err = "";
  const code = await runSimulateCommand(
    [flowFile, "--script", scriptFile, "--fast", "--store", store, "--seed", "5"],
    {
      out: (s) => (transcript += `${s}\n`),
      err: (s) => (err += `${s}\n`),
      write: (s) => (transcript += s),
    },
    {},
  );
  expect(code, err).toBe(0);
  let report = "";
  const reported = await runReportCommand(
    ["console:console", "--store", store],
    { out: (s) => (report += s), err: (s) => (err += s) },
    {},
  );
  expect(reported, err).toBe(0);
  return { transcript, report };
}

describe("the report of an anonymous workshop with a group of one", () => {
  it("pools group figures, keeps survey answers as aggregates only, and names nobody", async () => {
    const { transcript, report } = await simulateAndReport("anonymous");
    // The room was told, and saw one pooled list.
    const room = transcript.split("\n").filter((l) => l.includes("[room]"));
    expect(room.join("\n")).toContain("fewer than 3 people");
    expect(room.join("\n")).not.toMatch(/What Northside wrote|What Southside wrote/u);
    for (const name of ["amal", "ben", "cara", "dana"]) expect(room.join("\n")).not.toContain(name);
    // The report.
    expect(report).toContain("Group figures are pooled");
    expect(report).toMatch(/All groups together: 2 participants/u);
    expect(report).not.toMatch(/Northside|Southside/u);
    expect(report).not.toMatch(/across groups, /u);
    expect(report).toContain("Survey results");
    expect(report).toMatch(/How safe do you feel\?: 2 answers; 1: 0 · 2: 1 · 3: 0 · 4: 1 · 5: 0/u);
    expect(report).toContain("  - Quiet streets help");
    expect(report).toContain("  - Too many checkpoints");
    // No answer is listed respondent by respondent among the contributions.
    expect(report).not.toContain("survey:");
    for (const name of ["amal", "ben", "cara", "dana"]) expect(report).not.toContain(name);
  });

  it("in an open workshop groups of one keep group attribution (no minimum unless the flow sets one)", async () => {
    const { report } = await simulateAndReport("open");
    expect(report).not.toContain("Group figures are pooled");
    expect(report).toContain("Southside: 1 participant");
  });
});

describe("renderReportMarkdown", () => {
  const record: WorkshopRecord = {
    flowId: "f",
    confidentiality: "chatham-house",
    stagesRun: ["ideas"],
    participation: [{ group: null, participants: 3, turns: 0, words: 9, passes: 0 }],
    ideas: [
      { id: "i1", text: "Bus", cluster: null, crossGroupSupport: null, totalSupport: 2, supportByGroup: {} },
    ],
    recognisedNeeds: [],
    contributions: [],
    pooled: true,
    minGroupSize: 3,
    surveys: [{ stageId: "s", questionId: "q", type: "text", respondents: 2, answers: ["b", "a"] }],
  };
  it("leaves out survey answers listed one by one in an older Chatham House record", () => {
    const { pooled: _p, surveys: _s, minGroupSize: _m, ...before } = record;
    const old: WorkshopRecord = {
      ...before,
      contributions: [
        { stageId: "s", kind: "survey", text: "survey:s:q=4", author: null, group: "a" },
        { stageId: "n", kind: "needs-articulation", text: "Buses", author: null, group: "a" },
      ],
    };
    const md = renderReportMarkdown(old, { flow: null, locale: "en" });
    expect(md).not.toContain("survey:s:q");
    expect(md).toContain("- Buses");
  });

  it("shows a pooled idea with its votes and no share, and free-text answers as an unattributed list", () => {
    const md = renderReportMarkdown(record, { flow: null, locale: "en" });
    expect(md).toContain("- 1. Bus: 2 votes");
    expect(md).toContain("- q: 2 answers\n  - b\n  - a");
    expect(md).toContain("fewer than 3 people");
  });
});
