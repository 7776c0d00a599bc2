// Vote and choice lists are numbered once: the platform numbers the options, the flow does not.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-numbering-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const flow = `
id: numbered
version: 1
title: { en: Numbered }
description: { en: A test }
defaultLocale: en
groups:
  - { id: north, name: { en: Northside } }
  - { id: south, name: { en: Southside } }
confidentiality: open
stages:
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

const script = [
  "/join amal north",
  "/join dana south",
  "/start",
  "/private amal We need safe buses",
  "/private dana We need work permits",
  "/next", // the recognition list
  "/next",
  "/private amal Joint football league",
  "/private dana Joint cleanup day",
  "/next",
  "/next", // the ballot
].join("\n");

describe("numbered options", () => {
  it("shows each recognition and ballot option with one number", async () => {
    writeFileSync(join(tmp, "flow.yaml"), flow);
    writeFileSync(join(tmp, "script"), script);
    let transcript = "";
    let err = "";
    const code = await runSimulateCommand(
      [join(tmp, "flow.yaml"), "--script", join(tmp, "script"), "--fast"],
      { out: (s) => (transcript += `${s}\n`), err: (s) => (err += s), write: (s) => (transcript += s) },
      {},
    );
    expect(code, err).toBe(0);
    const options = transcript.split("\n").filter((l) => /^ {4}\d\) /u.test(l));
    // Each participant is asked about the other group's needs only: one need each here.
    expect(options.map((l) => l.trim()).sort()).toEqual([
      "1) Joint cleanup day",
      "1) We need safe buses",
      "1) We need work permits",
      "2) Joint football league",
    ]);
  });
});
