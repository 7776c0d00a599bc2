// `parley flows validate|diagram|list` through runFlowsCommand, and the file loader behind it.
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFlowsCommand } from "../../../src/cli/flows.ts";
import { builtinFlowsDir, loadFlow } from "../../../src/bot/flow-library.ts";

const fixtures = fileURLToPath(new URL("../../fixtures/flows/", import.meta.url));
/** Relative to the working directory, as a facilitator would type it. */
const fixture = (name: string) => relative(process.cwd(), join(fixtures, name));

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runFlowsCommand(args, {
    out: (s) => out.push(...s.split("\n")),
    err: (s) => err.push(...s.split("\n")),
  });
  return { code, out, err };
}

describe("parley flows validate", () => {
  it("prints one OK line and exits 0 for a valid file", async () => {
    const file = fixture("good/minimal.yaml");
    expect(await run("validate", file)).toEqual({
      code: 0,
      out: [`${file}: OK (example v1, 2 stages, about 15 min for 6 participants)`],
      err: [],
    });
  });

  it("validates a built-in flow by id", async () => {
    const result = await run("validate", "problem-solving-workshop");
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      "problem-solving-workshop: OK (problem-solving-workshop v1, 8 stages, about 2 h 10 min for 6 participants)",
    ]);
  });

  it("prints every error as file:line:column field: message and exits 1", async () => {
    const file = fixture("bad/out-of-range.yaml");
    expect(await run("validate", file)).toEqual({
      code: 1,
      out: [],
      err: [
        `${file}:20:18 stages[1].turnSeconds: expected seconds between 10 and 3600, got 5`,
        `${file}:21:13 stages[1].rounds: expected a whole number of rounds between 1 and 10, got 12`,
      ],
    });
  });

  it("reports a JSON syntax error with its position", async () => {
    const file = fixture("bad/syntax-error.json");
    expect(await run("validate", file)).toEqual({
      code: 1,
      out: [],
      err: [`${file}:5:1: invalid JSON: expected double-quoted property name`],
    });
  });

  it("exits 2 with a usage line when the arguments are wrong", async () => {
    for (const args of [
      ["validate"],
      ["validate", "a.yaml", "b.yaml"],
      ["diagram"],
      ["list", "extra"],
      ["frob"],
      [],
    ]) {
      const result = await run(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.out).toEqual([]);
      expect(result.err[0], args.join(" ")).toMatch(/^parley flows: /);
      expect(result.err[1]).toMatch(/^usage: parley flows validate <file-or-id>/);
    }
    expect((await run("frob\u001b[2J")).err[0]).toBe('parley flows: unknown command "frob\\u{1B}[2J"');
  });

  it("prints the usage and exits 0 when asked for help", async () => {
    const result = await run("--help");
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^usage: parley flows/);
  });
});

describe("parley flows list", () => {
  it("lists each built-in flow with its title, stage kinds and approximate duration", async () => {
    const result = await run("list");
    expect(result.code).toBe(0);
    expect(result.err).toEqual([]);
    const [header, ...rows] = result.out.map((l) => l.split(/ {2,}/));
    expect(header).toEqual(["ID", "TITLE", "STAGES", "DURATION (6 participants)"]);
    expect(rows).toEqual([
      [
        "perspective-exchange",
        "Perspective exchange",
        "ground-rules → perspective-sharing ×2 → discussion → reflection",
        "about 46 min",
      ],
      [
        "problem-solving-workshop",
        "Problem-solving workshop",
        "ground-rules → perspective-sharing → needs-articulation → break → brainstorm → discussion → joint-statement → reflection",
        "about 2 h 10 min",
      ],
      [
        "youth-dialogue-circle",
        "Youth dialogue circle",
        "survey → check-in → ground-rules → perspective-sharing ×2 → discussion → reflection → survey",
        "about 46 min",
      ],
    ]);
  });
});

describe("parley flows diagram", () => {
  it("prints the Mermaid diagram of a built-in flow or a file", async () => {
    const byId = await run("diagram", "perspective-exchange");
    expect(byId.code).toBe(0);
    expect(byId.out[0]).toBe("stateDiagram-v2");
    for (const id of ["ground-rules", "experiences", "being-heard", "discussion", "reflection"]) {
      expect(byId.out.some((l) => l.includes(`. ${id} — `))).toBe(true);
    }
    const byFile = await run("diagram", fixture("good/minimal.yaml"));
    expect(byFile.code).toBe(0);
    expect(byFile.out).toContain(`  state "2. share (perspective-sharing)" as s2`);
  });

  it("prints the errors instead when the flow is invalid", async () => {
    const file = fixture("bad/wrong-kind.yaml");
    const result = await run("diagram", file);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(
      new RegExp(`^${file.replace(/[.]/g, "\\.")}:18:11 stages\\[1\\]\\.kind: expected one of`),
    );
  });
});

describe("loadFlow", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "parley-flows-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("finds the built-in flows in the package's flows/ directory, not through the working directory", () => {
    expect(builtinFlowsDir).toBe(fileURLToPath(new URL("../../../flows/", import.meta.url)));
  });

  it("names an unknown built-in id and lists the known ones", async () => {
    expect(await loadFlow("intro")).toEqual({
      ok: false,
      error: {
        problem: "not_found",
        errors: [
          {
            code: "flow.not_found",
            file: "intro",
            line: 0,
            column: 0,
            path: "",
            message:
              "no built-in flow has this id (built-in flows: perspective-exchange, problem-solving-workshop, youth-dialogue-circle); to load a file, give its path ending in .yaml, .yml or .json",
          },
        ],
      },
    });
  });

  it("refuses other file types, missing files, directories and text that is not UTF-8", async () => {
    const codes = async (p: string) => {
      const r = await loadFlow(p);
      return r.ok ? [] : r.error.errors.map((e) => [e.code, e.message]);
    };
    expect(await codes(join(dir, "flow.txt"))).toEqual([
      ["flow.unsupported_file", "expected a flow file ending in .yaml, .yml or .json"],
    ]);
    expect(await codes(join(dir, "missing.yaml"))).toEqual([["flow.not_found", "no such file"]]);
    await mkdir(join(dir, "folder.yaml"));
    expect(await codes(join(dir, "folder.yaml"))).toEqual([["flow.unreadable", "this is not a file"]]);
    await writeFile(join(dir, "latin1.yaml"), Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(await codes(join(dir, "latin1.yaml"))).toEqual([
      ["flow.unreadable", "the file is not UTF-8 text; save it as UTF-8 and try again"],
    ]);
  });

  it("loads a .yml file by path", async () => {
    const { readFile } = await import("node:fs/promises");
    const file = join(dir, "mine.yml");
    await writeFile(file, await readFile(join(fixtures, "good/minimal.yaml")));
    const result = await loadFlow(file);
    expect(result.ok && result.value.spec.id).toBe("example");
    expect(result.ok && result.value.file).toBe(file);
  });
});

describe("parley flows validate: duration and colons", () => {
  const dir = join(tmpdir(), `parley-cli-colon-${process.pid}`);
  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the duration estimate for the number of participants --participants gives", async () => {
    const six = await run("validate", "problem-solving-workshop");
    const twelve = await run("validate", "problem-solving-workshop", "--participants", "12");
    expect(twelve).toEqual({
      code: 0,
      out: [
        "problem-solving-workshop: OK (problem-solving-workshop v1, 8 stages, about 2 h 41 min for 12 participants)",
      ],
      err: [],
    });
    expect(six.out[0]).toContain("about 2 h 10 min for 6 participants");
    const bad = await run("validate", "problem-solving-workshop", "--participants", "many");
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('parley flows: --participants expects a whole number from 1 to 1000, got "many"');
  });

  it("tells the author to quote text that holds a colon", async () => {
    const file = join(dir, "colon.yaml");
    await writeFile(file, "id: x\nversion: 1\ntitle:\n  en: Tell us: why?\n");
    const result = await run("validate", file);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      `${file}:4:7: invalid YAML: a colon followed by a space inside text starts a new field; put the text in quotes, e.g. en: "Tell us: why?"`,
    ]);
  });
});
