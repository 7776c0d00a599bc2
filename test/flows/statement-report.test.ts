// A two-language joint statement run in the terminal (simulate, real SQLite store), consented
// sentence by sentence, then exported with `parley report --statement`: only the consented text,
// in each language, with its sharing scope.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runReportCommand } from "../../src/cli/report.ts";
import { runSimulateCommand } from "../../src/cli/simulate.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-statement-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const flowYaml = (confidentiality: string) => `
id: statement-test
version: 1
title: { en: Statement, ar: بيان }
description: { en: A test, ar: اختبار }
defaultLocale: en
locales: [en, ar]
groups:
  - { id: north, name: { en: Northside, ar: الشمال } }
  - { id: south, name: { en: Southside, ar: الجنوب } }
confidentiality: ${confidentiality}
stages:
  - id: statement
    kind: joint-statement
    seed:
      from: draft
      sentences:
        - { en: We met as equals., ar: التقينا على قدم المساواة. }
        - { en: Nothing was agreed., ar: لم يُتفق على شيء. }
    amendSeconds: 600
    proposedScope: public
`;

// amal reads English (north), dana Arabic (south). amal adds a sentence in English; both accept
// it; sentence 2 is refused by dana; dana gives the Arabic of the new sentence 3 during consent.
const script = `
/join amal north
/join dana south ar
/start
/private amal + We will meet again.
/next
/next
/press amal 1
/press dana 1
/press amal 1 1
/press dana 1 1
/press amal 1 2
/press dana 2 2
/press amal 3 3
/press dana 2 3
/private dana 3 ar: سنلتقي مجددًا.
/press amal 1
/press dana 1
/next
`;

async function run(confidentiality: string, flags: string[] = []) {
  const flowFile = join(tmp, `${confidentiality}.yaml`);
  const scriptFile = join(tmp, `${confidentiality}.script`);
  const store = join(tmp, `${confidentiality}.sqlite`);
  writeFileSync(flowFile, flowYaml(confidentiality));
  writeFileSync(scriptFile, script);
  let transcript = "";
  let err = "";
  const io = {
    out: (s: string) => (transcript += `${s}\n`),
    err: (s: string) => (err += `${s}\n`),
    write: (s: string) => (transcript += s),
  };
  expect(
    await runSimulateCommand([flowFile, "--script", scriptFile, "--fast", "--store", store], io, {}),
    err,
  ).toBe(0);
  const reports: string[] = [];
  for (const extra of [flags, ["--statement"]]) {
    let out = "";
    const code = await runReportCommand(
      ["console:console", "--store", store, ...extra],
      { out: (s) => (out += s), err: (s) => (err += s) },
      {},
    );
    expect(code, err).toBe(0);
    reports.push(out);
  }
  return { transcript, report: reports[0] ?? "", exported: reports[1] ?? "" };
}

describe("a joint statement in English and Arabic, consented sentence by sentence", () => {
  it("exports only the consented sentences, in both languages, with the narrowest scope chosen", async () => {
    const { transcript, report, exported } = await run("chatham-house");
    expect(transcript).toContain("Sentence 3 has no version in ar yet");
    expect(transcript).toContain("Sentence 2: not consented.");
    expect(transcript).toContain("Sentence 3: consented.");
    // The export: consented text only, renumbered, each language, and the scope that applies.
    expect(exported).toContain("Joint statement");
    expect(exported).toContain("sharing: the participants' communities");
    expect(exported).toContain("1. [en] We met as equals");
    expect(exported).toContain("2. [en] We will meet again");
    expect(exported).toContain("التقينا على قدم المساواة");
    expect(exported).toContain("سنلتقي مجددًا");
    expect(exported).not.toContain("Nothing was agreed");
    expect(exported).not.toContain("لم يُتفق على شيء");
    // The full report keeps only consented text in the statement (the refused sentence's words
    // are nobody's agreed text), and the amendment without its author.
    expect(report).not.toContain("Nothing was agreed");
    expect(report).toContain("We will meet again");
    expect(report).not.toMatch(/amal|dana/u);
    expect(exported).not.toMatch(/amal|dana/u);
  });
});
