// Issue 12 in `parley simulate` (the terminal room's grammar): every question of a survey can be
// answered on its own, the survey then ends by itself, needs land in the category asked for, and a
// vote's time-box closes the vote on `wait` as the live room's timer does.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-steps-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const flow = `
id: steps
version: 1
title: { en: Steps }
description: { en: A test }
defaultLocale: en
groups:
  - { id: north, name: { en: Northside } }
  - { id: south, name: { en: Southside } }
confidentiality: open
stages:
  - id: before
    kind: survey
    seconds: 600
    questions:
      - { id: q1, type: likert, points: 5, text: { en: First question } }
      - { id: q2, type: likert, points: 5, text: { en: Second question } }
  - id: needs
    kind: needs-articulation
    prompt: { en: What do you need? }
    categories: [needs, fears, hopes]
    collectSeconds: 60
    recognition: false
  - id: ideas
    kind: brainstorm
    prompt: { en: Ideas? }
    divergeSeconds: 60
    clusterSeconds: 0
    voting: { method: approval, seconds: 300 }
  - id: talk
    kind: discussion
    prompt: { en: Talk }
    seconds: 600
`;

async function simulate(lines: readonly string[]) {
  writeFileSync(join(tmp, "flow.yaml"), flow);
  writeFileSync(join(tmp, "script"), lines.join("\n"));
  let transcript = "";
  let err = "";
  const code = await runSimulateCommand(
    [join(tmp, "flow.yaml"), "--script", join(tmp, "script"), "--fast", "--store", join(tmp, "s.sqlite")],
    { out: (s) => (transcript += `${s}\n`), err: (s) => (err += `${s}\n`), write: (s) => (transcript += s) },
    {},
  );
  rmSync(join(tmp, "s.sqlite"), { force: true });
  return { code, transcript, err };
}

describe("the terminal room answers every open question", () => {
  it("a two-question survey keeps both answers and ends once everyone answered both", async () => {
    const { code, transcript, err } = await simulate([
      "/join amal north",
      "/join dana south",
      "/start",
      "/press amal 4 1",
      "/press amal 2 2",
      "/press dana 5",
      "/press dana 1 2",
      "/end",
    ]);
    expect(code, err).toBe(0);
    expect(err).toBe("");
    // The second question's hint is the form that answers it.
    expect(transcript).toMatch(/\(\/press <name> <n> q\d+\)/u);
    expect(transcript.match(/Answer recorded\./gu)).toHaveLength(4);
    // Nobody had to say next: the survey closed itself and the needs stage opened.
    const afterLastAnswer = transcript.slice(transcript.indexOf("» /press dana 1 2"));
    expect(afterLastAnswer).toContain("Thank you for answering the survey.");
    expect(afterLastAnswer).toContain("Stage 2 of 4");
  });

  it("a need typed without a number is recorded as a need, not as a hope", async () => {
    const { code, transcript, err } = await simulate([
      "/join amal north",
      "/join dana south",
      "/start",
      "/next",
      "/private amal Safe streets",
      "/private amal 3 Peace at home",
      "/next",
      "/end",
    ]);
    expect(code, err).toBe(0);
    expect(transcript).toContain("Need: Safe streets");
    expect(transcript).toContain("Hope: Peace at home");
    expect(transcript).not.toContain("Hope: Safe streets");
  });

  it("wait past a vote's time-box closes the vote, as the live room's timer does", async () => {
    const { code, transcript, err } = await simulate([
      "/join amal north",
      "/join dana south",
      "/start",
      "/next",
      "/next",
      "/private amal Bus line",
      "/private dana Youth club",
      "/next", // the list, for clustering
      "/next", // the ballot
      "/press amal 1",
      "wait 6m",
      "/status",
    ]);
    expect(code, err).toBe(0);
    expect(transcript).toContain("The ideas with the broadest support across groups:");
    expect(transcript.indexOf("The ideas with the broadest support")).toBeLessThan(
      transcript.indexOf("» /status"),
    );
  });
});
