// parseFlowSpec beyond the fixture table: defaults, JSON, positions with CRLF and a BOM, several
// errors at once, hostile values, and the schema's cross-field checks used directly.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import {
  describeValue,
  formatFlowError,
  formatPath,
  maxFlowSourceLength,
  parseFlowSpec,
  quote,
  type FlowError,
} from "../../../src/flows/load.ts";
import { consistencyIssues, flowSpecSchema } from "../../../src/flows/spec.ts";

const minimal = readFileSync(new URL("../../fixtures/flows/good/minimal.yaml", import.meta.url), "utf8");

function errorsOf(source: string, file = "flow.yaml"): string[] {
  const result = parseFlowSpec(source, file);
  if (result.ok) throw new Error("expected the flow to be rejected");
  return result.error.map(formatFlowError);
}

describe("parseFlowSpec", () => {
  it("accepts a minimal flow and applies the documented defaults", () => {
    const result = parseFlowSpec(minimal, "minimal.yaml");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { spec } = result.value;
    expect(spec.turnEnforcement).toBe("soft");
    expect(spec.groups?.map((g) => g.id)).toEqual(["north", "south"]);
    const [rules, share] = spec.stages;
    expect(rules).toMatchObject({ kind: "ground-rules", consentSeconds: 300, allowProposals: true });
    expect(share).toMatchObject({
      kind: "perspective-sharing",
      turnSeconds: 120,
      warningSeconds: 20,
      rounds: 1,
      allowPass: true,
      reflectBack: false,
    });
  });

  it("accepts a flow with every stage kind, no groups and the optional fields left out", () => {
    const source = readFileSync(
      new URL("../../fixtures/flows/good/every-stage-kind.yaml", import.meta.url),
      "utf8",
    );
    const result = parseFlowSpec(source, "every-stage-kind.yaml");
    expect(result.ok ? [] : result.error.map(formatFlowError)).toEqual([]);
    if (!result.ok) return;
    expect(result.value.spec.groups).toBeUndefined();
    expect(result.value.spec.stages.find((s) => s.kind === "brainstorm")).toMatchObject({
      maxIdeasPerPerson: 5,
      clusterSeconds: 0,
      shortlist: 5,
      voting: { method: "approval", seconds: 300 },
    });
    expect(result.value.spec.stages.find((s) => s.kind === "needs-articulation")).toMatchObject({
      categories: ["needs", "hopes"],
      recognition: false,
      recognitionSeconds: 300,
    });
  });

  it("takes review: facilitators on stages that show contributions on someone's behalf, and nothing else there", () => {
    const reviewed = minimal.replace("turnSeconds: 120", "turnSeconds: 120\n    review: facilitators");
    const result = parseFlowSpec(reviewed, "reviewed.yaml");
    expect(result.ok && result.value.spec.stages[1]).toMatchObject({ review: "facilitators" });
    expect(errorsOf(minimal.replace("turnSeconds: 120", "turnSeconds: 120\n    review: everyone"))).toEqual([
      'flow.yaml:22:13 stages[1].review: expected "facilitators", got "everyone"',
    ]);
  });

  it("accepts the same flow written as JSON", () => {
    const json = JSON.stringify(parseYaml(minimal), null, 2);
    const result = parseFlowSpec(json, "minimal.json");
    expect(result.ok).toBe(true);
  });

  it("reports JSON value errors at their line and column", () => {
    const json = JSON.stringify({ ...(parseYaml(minimal) as object), version: 0 }, null, 2);
    expect(errorsOf(json, "flow.json")).toEqual([
      "flow.json:3:14 version: expected a whole number, 1 or more, got 0",
    ]);
  });

  it("rejects YAML-only syntax in a .json file", () => {
    expect(errorsOf('{ "id": "x", # a comment\n}', "flow.json")).toEqual([
      "flow.json:1:14: invalid JSON: expected double-quoted property name",
    ]);
  });

  it("says where a JSON file ends too early", () => {
    expect(errorsOf('{\n  "id": "x",\n  "stages": [\n', "flow.json")).toEqual([
      "flow.json:4:1: invalid JSON: the file ends before the JSON is complete",
    ]);
  });

  it("counts lines and columns the same with CRLF line ends and a byte-order mark", () => {
    const bad = minimal.replace("turnSeconds: 120", "turnSeconds: soon");
    const expected = [
      'flow.yaml:21:18 stages[1].turnSeconds: expected seconds between 10 and 3600, got "soon"',
    ];
    expect(errorsOf(bad)).toEqual(expected);
    expect(errorsOf(`\uFEFF${bad.replace(/\n/g, "\r\n")}`)).toEqual(expected);
  });

  it("reports every independent problem at once, in file order, cross-field checks included", () => {
    const bad = minimal
      .replace("confidentiality: open", "confidentiality: secret")
      .replace("turnSeconds: 120", "turnSeconds: 120\n    reflect: true")
      .concat("  - id: share\n    kind: discussion\n    prompt: { en: Anything else? }\n    seconds: 600\n");
    expect(errorsOf(bad)).toEqual([
      'flow.yaml:12:18 confidentiality: expected one of "open", "chatham-house", "anonymous", got "secret"',
      'flow.yaml:22:5 stages[1].reflect: unknown field "reflect"; did you mean "reflectBack"?',
      'flow.yaml:23:9 stages[2].id: stage id "share" is used twice (first at stages[1]); ids must be unique',
    ]);
  });

  it("suggests the intended field inside nested unions (voting, survey questions, groups)", () => {
    const source = minimal
      .replace("name: { en: North }", "name: { en: North }\n    colour: red")
      .concat(
        [
          "  - id: ideas",
          "    kind: brainstorm",
          "    prompt: { en: Ideas? }",
          "    divergeSeconds: 600",
          "    voting: { method: dots, maxPerIdeas: 1, seconds: 300 }",
          "  - id: after",
          "    kind: survey",
          "    seconds: 300",
          "    questions:",
          "      - { id: mood, type: likert, point: 5, text: { en: Mood? } }",
          "",
        ].join("\n"),
      );
    expect(errorsOf(source)).toEqual([
      'flow.yaml:10:5 groups[0].colour: unknown field "colour" (expected one of: id, name)',
      'flow.yaml:27:29 stages[2].voting.maxPerIdeas: unknown field "maxPerIdeas"; did you mean "maxPerIdea"?',
      'flow.yaml:32:35 stages[3].questions[0].point: unknown field "point"; did you mean "points"?',
    ]);
  });

  it("returns errors, never throws, for values of the wrong shape anywhere", () => {
    const odd: unknown[] = [
      "just text",
      42,
      [],
      {
        stages: [
          null,
          5,
          "x",
          { kind: "brainstorm", voting: null },
          { kind: "survey", questions: [null, 1] },
        ],
      },
      { groups: "x", title: 5, locales: "en", defaultLocale: 7, stages: { a: 1 } },
      { defaultLocale: "en", locales: [1, "ar"], title: { en: "x" }, groups: [null, { id: 3 }] },
    ];
    for (const value of odd) {
      const result = parseFlowSpec(JSON.stringify(value), "odd.json");
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.length).toBeGreaterThan(0);
      for (const e of result.error) expect(e.line).toBeGreaterThanOrEqual(1);
    }
  });

  it("refuses a file too large to be a flow without parsing it", () => {
    const result = parseFlowSpec(`# ${"x".repeat(maxFlowSourceLength)}\n`, "huge.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((e) => e.code)).toEqual(["flow.too_large"]);
  });

  it("turns an alias bomb into an error rather than expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const result = parseFlowSpec(lines.join("\n"), "bomb.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error[0]?.code).toBe("flow.syntax");
  });

  it("names a field by its path even when the key needs quoting", () => {
    expect(formatPath(["stages", 2, "turnSeconds"])).toBe("stages[2].turnSeconds");
    expect(formatPath(["title", "en"])).toBe("title.en");
    expect(formatPath(["stages", 0, "odd key"])).toBe('stages[0]["odd key"]');
  });

  it("formats whole-file errors without a position", () => {
    const e: FlowError = {
      code: "flow.not_found",
      file: "x.yaml",
      line: 0,
      column: 0,
      path: "",
      message: "no such file",
    };
    expect(formatFlowError(e)).toBe("x.yaml: no such file");
  });
});

describe("showing offending values", () => {
  it("escapes control and bidi characters and cuts long text without splitting a character", () => {
    expect(quote("a\u202Eb\u0000c\n")).toBe('"a\\u{202E}b\\u{0}c\\n"');
    const long = "😀".repeat(100);
    const shown = quote(long);
    expect(shown).toBe(`"${"😀".repeat(60)}…"`);
    // No lone surrogate from cutting an emoji in half.
    expect(shown).not.toMatch(/\p{Cs}/u);
  });

  it("describes non-text values in words", () => {
    expect(describeValue([])).toBe("an empty list");
    expect(describeValue([1, 2])).toBe("a list of 2 items");
    expect(describeValue({ a: 1, b: 2, c: 3, d: 4, e: 5 })).toBe(
      'a mapping with fields "a", "b", "c", "d", …',
    );
    expect(describeValue(null)).toBe("an empty value");
    expect(describeValue(true)).toBe("true");
  });
});

describe("the schema's cross-field checks", () => {
  const valid = parseYaml(minimal) as Record<string, unknown>;

  it("apply when the schema is used directly, not only through the loader", () => {
    const stages = (valid["stages"] as object[]).concat([
      { id: "rules", kind: "message", text: { en: "Hi" } },
    ]);
    const result = flowSpecSchema.safeParse({ ...valid, stages });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["stages.2.id", 'stage id "rules" is used twice (first at stages[0]); ids must be unique'],
    ]);
  });

  it("check the default locale and every listed locale in every text", () => {
    const issues = consistencyIssues({ ...valid, locales: ["en", "es"], title: { es: "Ejemplo" } });
    expect(issues.map((i) => [i.code, i.path.join("."), i.message])).toContainEqual([
      "flow.missing_locale",
      "title",
      'missing the "en" text (the flow\'s defaultLocale)',
    ]);
    expect(issues.filter((i) => i.code === "flow.missing_locale").length).toBe(6);
  });

  it("require the default locale to be one of the listed locales", () => {
    const issues = consistencyIssues({ ...valid, locales: ["ar"] });
    expect(issues[0]).toEqual({
      code: "flow.missing_locale",
      path: ["locales"],
      message: 'expected the defaultLocale "en" to be one of the listed locales',
    });
  });

  it("allow a flow without groups and a warning of 0 on a short turn", () => {
    const { groups: _groups, ...noGroups } = valid;
    const stages = [
      { id: "share", kind: "perspective-sharing", prompt: { en: "Hi" }, turnSeconds: 10, warningSeconds: 0 },
    ];
    expect(flowSpecSchema.safeParse({ ...noGroups, stages }).success).toBe(true);
  });

  it("reject a category listed twice in a needs stage", () => {
    const stages = [
      {
        id: "needs",
        kind: "needs-articulation",
        prompt: { en: "What do you need?" },
        categories: ["needs", "needs"],
        collectSeconds: 600,
      },
    ];
    const result = parseFlowSpec(JSON.stringify({ ...valid, stages }, null, 2), "f.json");
    expect(result.ok ? [] : result.error.map(formatFlowError)).toEqual([
      'f.json:35:9 stages[0].categories[1]: category "needs" is listed twice',
    ]);
  });
});

describe("docs/flows.md", () => {
  it("its annotated example is a valid flow", () => {
    const doc = readFileSync(new URL("../../../docs/flows.md", import.meta.url), "utf8");
    const example = /## An annotated example\s+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const result = parseFlowSpec(example ?? "", "docs/flows.md");
    expect(result.ok ? [] : result.error.map(formatFlowError)).toEqual([]);
  });
});
