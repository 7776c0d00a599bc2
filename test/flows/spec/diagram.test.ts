// The Mermaid diagram names every stage in order, nests phases, and cannot be broken by flow text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadFlow } from "../../../src/bot/flow-library.ts";
import { flowDiagram, formatDuration } from "../../../src/flows/diagram.ts";
import { parseFlowSpec } from "../../../src/flows/load.ts";
import type { FlowSpec } from "../../../src/flows/spec.ts";

const minimal = readFileSync(new URL("../../fixtures/flows/good/minimal.yaml", import.meta.url), "utf8");

function parse(source: string): FlowSpec {
  const result = parseFlowSpec(source, "flow.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value.spec;
}

/** Checks the shape Mermaid needs: balanced composite states, quoted labels that stay closed. */
function expectWellFormed(diagram: string): void {
  const lines = diagram.trimEnd().split("\n");
  expect(lines[0]).toBe("stateDiagram-v2");
  let depth = 0;
  for (const line of lines.slice(1)) {
    if (line.trimEnd().endsWith("{")) depth += 1;
    if (line.trim() === "}") depth -= 1;
    expect(depth).toBeGreaterThanOrEqual(0);
    if (line.trim().startsWith('state "')) expect(line.match(/"/g)?.length, line).toBe(2);
  }
  expect(depth).toBe(0);
}

describe("flowDiagram", () => {
  it.each(["perspective-exchange", "problem-solving-workshop", "youth-dialogue-circle"])(
    "%s: every stage appears, in order, between the lobby and the end",
    async (id) => {
      const loaded = await loadFlow(id);
      if (!loaded.ok) throw new Error("built-in flow invalid");
      const diagram = flowDiagram(loaded.value.spec);
      expectWellFormed(diagram);
      const positions = loaded.value.spec.stages.map((stage, i) => {
        const at = diagram.indexOf(`state "${i + 1}. ${stage.id}`);
        expect(at, stage.id).toBeGreaterThan(0);
        return at;
      });
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(diagram).toContain("[*] --> lobby");
      expect(diagram).toContain("lobby --> s1: start");
      const last = `s${loaded.value.spec.stages.length}`;
      expect(diagram).toContain(`${last} --> ended: next`);
      expect(diagram).toContain("ended --> [*]");
      expect(diagram).toMatch(/pause and resume/);
    },
  );

  it("draws phases as composite states and simple stages as plain states", () => {
    const spec = parse(
      minimal.replace("turnSeconds: 120", "turnSeconds: 90\n    reflectBack: true\n    rounds: 2") +
        "  - id: pause\n    kind: break\n    seconds: 600\n",
    );
    const diagram = flowDiagram(spec);
    expect(diagram).toContain(
      [
        "  state s2 {",
        `    state "speaker's turn (1 min 30 s)" as s2_turn`,
        `    state "a listener says back what they heard" as s2_reflect`,
        `    state "speaker says whether they felt heard" as s2_heard`,
        "    [*] --> s2_turn",
        "    s2_turn --> s2_reflect",
        "    s2_reflect --> s2_heard",
        "    s2_heard --> s2_turn: next speaker (groups alternate)",
        "    s2_heard --> [*]",
        "  }",
        "  note right of s2: 2 rounds, pass allowed, warning 20 s before the end",
      ].join("\n"),
    );
    expect(diagram).toContain('  state "3. pause (break)" as s3\n  s3: break (10 min)\n  s2 --> s3: next');
  });

  it("neutralises flow text that would break or inject into the diagram", () => {
    const hostile = 'Evil"} --> [*]\\n\u202Estate x {';
    const spec = parse(
      minimal.replace(
        "kind: ground-rules",
        `kind: ground-rules\n    title: { en: ${JSON.stringify(hostile)} }`,
      ),
    );
    const diagram = flowDiagram(spec);
    expectWellFormed(diagram);
    const line = diagram.split("\n").find((l) => l.includes("1. rules"));
    expect(line).toBe(`  state "1. rules — Evil' -- * n state x (ground-rules)" as s1`);
  });

  it("draws every stage kind", () => {
    const spec = parse(
      readFileSync(new URL("../../fixtures/flows/good/every-stage-kind.yaml", import.meta.url), "utf8"),
    );
    const diagram = flowDiagram(spec);
    expectWellFormed(diagram);
    for (const [i, stage] of spec.stages.entries()) {
      expect(diagram).toContain(`state "${i + 1}. ${stage.id} (${stage.kind})" as s${i + 1}`);
    }
    expect(diagram).toContain('    state "mood (1 to 7)" as s2_q_mood');
    expect(diagram).toContain('    state "write needs, hopes (5 min)" as s5_collect');
    expect(diagram).not.toContain("s5_recognise");
    expect(diagram).toContain('    state "facilitators cluster (until next)" as s7_cluster');
    expect(diagram).toContain('    state "approval vote (5 min)" as s7_vote');
    expect(diagram).toContain("  s1: message to the room");
    expect(diagram).toContain("  s8: open floor (10 min)");
  });

  it("formats durations as a facilitator says them", () => {
    expect([45, 60, 90, 600, 3600].map(formatDuration)).toEqual([
      "45 s",
      "1 min",
      "1 min 30 s",
      "10 min",
      "60 min",
    ]);
  });
});
