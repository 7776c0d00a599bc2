// `parley flows validate` explains the combinations of a valid flow that Parley honours in a
// particular way (anonymous + strict turn-taking) or that cannot be as private as they look.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFlowsCommand } from "../../../src/cli/flows.ts";
import { parseFlowSpec } from "../../../src/flows/load.ts";
import { minGroupSizeOf } from "../../../src/flows/spec.ts";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parley-anon-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function yaml(top: string, stageLines: string[]): string {
  return [
    "id: anon",
    "version: 1",
    "title: { en: Anonymous }",
    "description: { en: A test }",
    "defaultLocale: en",
    "groups:",
    "  - { id: a, name: { en: A } }",
    "  - { id: b, name: { en: B } }",
    top,
    "stages:",
    "  - id: rules",
    "    kind: ground-rules",
    "    rules: [{ en: Be kind }]",
    ...stageLines,
    "",
  ].join("\n");
}

const share = [
  "  - id: share",
  "    kind: perspective-sharing",
  "    prompt: { en: Share }",
  "    turnSeconds: 60",
];
const talk = ["  - id: talk", "    kind: discussion", "    prompt: { en: Talk }", "    seconds: 120"];

async function validate(name: string, text: string) {
  const file = join(dir, name);
  await writeFile(file, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runFlowsCommand(["validate", file], {
    out: (s) => out.push(...s.split("\n")),
    err: (s) => err.push(...s.split("\n")),
  });
  return { code, out, err, file };
}

describe("flows validate: anonymity warnings", () => {
  it("explains anonymous with strict turn-taking at the turnEnforcement field, and still accepts the flow", async () => {
    const r = await validate(
      "strict.yaml",
      yaml("confidentiality: anonymous\nturnEnforcement: strict", share),
    );
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toContain(": OK (anon v1");
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      new RegExp(
        `^${r.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:10:18 turnEnforcement: warning: anonymous with strict turn-taking: during turns the room is read-only for every participant`,
      ),
    );
  });

  it("warns that a discussion is not anonymous, at the stage's kind", async () => {
    const r = await validate("talk.yaml", yaml("confidentiality: anonymous", talk));
    expect(r.code).toBe(0);
    expect(r.err).toEqual([
      expect.stringMatching(/talk\.yaml:15:11 stages\[1\]\.kind: warning: a discussion is an open floor/u),
    ]);
  });

  it("warns about a minGroupSize below 3 under anonymous, and one without groups", async () => {
    const r = await validate("small.yaml", yaml("confidentiality: anonymous\nminGroupSize: 2", share));
    expect(r.err).toEqual([
      expect.stringMatching(
        /small\.yaml:10:15 minGroupSize: warning: minGroupSize 2 under anonymous confidentiality: a group of two can be shown as a group/u,
      ),
    ]);
    const noGroups = yaml("confidentiality: chatham-house\nminGroupSize: 3", share).replace(
      "groups:\n  - { id: a, name: { en: A } }\n  - { id: b, name: { en: B } }\n",
      "",
    );
    const r2 = await validate("nogroups.yaml", noGroups);
    expect(r2.err).toEqual([
      expect.stringMatching(
        /nogroups\.yaml:7:15 minGroupSize: warning: minGroupSize has no effect in a flow without groups/u,
      ),
    ]);
  });

  it("says nothing for chatham-house with strict turn-taking, or anonymous with soft turn-taking", async () => {
    expect(
      (await validate("ch.yaml", yaml("confidentiality: chatham-house\nturnEnforcement: strict", share))).err,
    ).toEqual([]);
    expect((await validate("soft.yaml", yaml("confidentiality: anonymous", share))).err).toEqual([]);
  });

  it("locates warnings in JSON files too", () => {
    const json = JSON.stringify(
      {
        id: "anon",
        version: 1,
        title: { en: "A" },
        description: { en: "A" },
        defaultLocale: "en",
        confidentiality: "anonymous",
        turnEnforcement: "strict",
        stages: [{ id: "share", kind: "reflection", prompt: { en: "R" }, turnSeconds: 30 }],
      },
      null,
      2,
    );
    const parsed = parseFlowSpec(json, "anon.json");
    if (!parsed.ok) throw new Error("invalid");
    expect(parsed.value.warnings.map((w) => [w.code, w.line, w.column, w.path])).toEqual([
      ["flow.anonymity", 12, 22, "turnEnforcement"],
    ]);
  });
});

describe("minGroupSizeOf", () => {
  const groups = [
    { id: "a", name: { en: "A" } },
    { id: "b", name: { en: "B" } },
  ];
  it("is 3 under anonymous, none under chatham-house and open unless set, and none without groups", () => {
    expect(minGroupSizeOf({ confidentiality: "anonymous", groups })).toBe(3);
    expect(minGroupSizeOf({ confidentiality: "chatham-house", groups })).toBeNull();
    expect(minGroupSizeOf({ confidentiality: "open", groups })).toBeNull();
    expect(minGroupSizeOf({ confidentiality: "open", groups, minGroupSize: 4 })).toBe(4);
    expect(minGroupSizeOf({ confidentiality: "anonymous", groups, minGroupSize: 2 })).toBe(2);
    expect(minGroupSizeOf({ confidentiality: "anonymous", minGroupSize: 5 })).toBeNull();
  });
});
