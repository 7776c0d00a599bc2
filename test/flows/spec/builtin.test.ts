// The built-in flows ship as spec files: each validates, is named by its file, and every text is
// written in English, Arabic, Hebrew and Spanish.
import { describe, expect, it } from "vitest";
import { listBuiltinFlows, loadFlow } from "../../../src/bot/flow-library.ts";
import { estimateFlowSeconds, localizedTexts, type FlowSpec } from "../../../src/flows/spec.ts";

const builtinIds = ["perspective-exchange", "problem-solving-workshop", "youth-dialogue-circle"];
const locales = ["en", "ar", "he", "es"];

async function load(id: string): Promise<FlowSpec> {
  const result = await loadFlow(id);
  if (!result.ok) throw new Error(result.error.errors.map((e) => e.message).join("\n"));
  return result.value.spec;
}

describe("built-in flows", () => {
  it("are listed by id", async () => {
    expect((await listBuiltinFlows()).map((f) => f.id)).toEqual(builtinIds);
  });

  describe.each(builtinIds)("%s", (id) => {
    it("validates, and its id matches its file name", async () => {
      const result = await loadFlow(id);
      expect(result.ok ? [] : result.error.errors).toEqual([]);
      if (!result.ok) return;
      expect(result.value.spec.id).toBe(id);
      expect(result.value.file.endsWith(`flows/${id}.yaml`)).toBe(true);
    });

    it("has every text in en, ar, he and es, and says so", async () => {
      const spec = await load(id);
      expect(spec.defaultLocale).toBe("en");
      expect(spec.locales).toEqual(locales);
      const texts = localizedTexts(spec);
      expect(texts.length).toBeGreaterThan(10);
      for (const { path, text } of texts) {
        const where = path.join(".");
        const t = text as Record<string, string>;
        expect(Object.keys(t).sort(), where).toEqual([...locales].sort());
        // Real translations, not copies: each in its own script, and the Spanish differs from the English.
        expect(t["ar"], where).toMatch(/\p{Script=Arabic}/u);
        expect(t["ar"], where).not.toMatch(/\p{Script=Hebrew}/u);
        expect(t["he"], where).toMatch(/\p{Script=Hebrew}/u);
        expect(t["he"], where).not.toMatch(/\p{Script=Arabic}/u);
        expect(t["es"], where).not.toBe(t["en"]);
        expect(t["en"], where).toMatch(/^[\p{Script=Latin}\p{N}\p{P}\p{Zs}=+]+$/u);
        // No invisible direction overrides or control characters hidden in the texts.
        for (const value of Object.values(t)) expect(value, where).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      }
    });

    it("has two neutrally named groups and opens with agreed ground rules", async () => {
      const spec = await load(id);
      expect(spec.groups?.map((g) => g.id)).toEqual(["group-a", "group-b"]);
      const kinds = spec.stages.map((s) => s.kind);
      const rules = kinds.indexOf("ground-rules");
      expect(rules).toBeGreaterThanOrEqual(0);
      // Only non-substantive stages may come first: a survey, a message or a check-in round.
      expect(kinds.slice(0, rules).every((k) => k === "survey" || k === "message" || k === "check-in")).toBe(
        true,
      );
      expect(spec.confidentiality).not.toBe("open");
    });
  });

  it("perspective exchange takes about 45 minutes: rules, perspectives (one with reflect-back), discussion, reflection", async () => {
    const spec = await load("perspective-exchange");
    expect(spec.stages.map((s) => s.kind)).toEqual([
      "ground-rules",
      "perspective-sharing",
      "perspective-sharing",
      "discussion",
      "reflection",
    ]);
    expect(spec.stages.some((s) => s.kind === "perspective-sharing" && s.reflectBack)).toBe(true);
    const minutes = estimateFlowSeconds(spec, 6) / 60;
    expect(minutes).toBeGreaterThanOrEqual(40);
    expect(minutes).toBeLessThanOrEqual(50);
  });

  it("the problem-solving workshop takes about two hours: rules, perspectives, needs, brainstorm, reflection", async () => {
    const spec = await load("problem-solving-workshop");
    const kinds: string[] = spec.stages.map((s) => s.kind);
    const order = ["ground-rules", "perspective-sharing", "needs-articulation", "brainstorm", "reflection"];
    expect(order.map((k) => kinds.indexOf(k))).toEqual(
      [...order.map((k) => kinds.indexOf(k))].sort((a, b) => a - b),
    );
    expect(order.every((k) => kinds.includes(k))).toBe(true);
    const minutes = estimateFlowSeconds(spec, 6) / 60;
    expect(minutes).toBeGreaterThanOrEqual(105);
    expect(minutes).toBeLessThanOrEqual(130);
  });

  it("the youth circle has short turns and the same survey questions before and after", async () => {
    const spec = await load("youth-dialogue-circle");
    const first = spec.stages[0];
    const last = spec.stages[spec.stages.length - 1];
    if (first?.kind !== "survey" || last?.kind !== "survey")
      throw new Error("expected surveys first and last");
    const likert = (s: typeof first) => s.questions.filter((q) => q.type === "likert").map((q) => q.id);
    expect(likert(last)).toEqual(expect.arrayContaining(likert(first)));
    for (const stage of spec.stages) {
      if (stage.kind === "perspective-sharing" || stage.kind === "reflection") {
        expect(stage.turnSeconds).toBeLessThanOrEqual(60);
      }
    }
  });
});
