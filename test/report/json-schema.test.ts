// The JSON Schema shipped in docs/ is the one generated from the report's zod schema, and a real
// report validates against the zod schema it was generated from.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reportJsonSchemaText, reportSchemaId } from "../../src/report/schema.ts";

describe("docs/report.schema.json", () => {
  it("is current (regenerate with npm run report-schema)", () => {
    const shipped = readFileSync(new URL("../../docs/report.schema.json", import.meta.url), "utf8");
    expect(shipped).toBe(reportJsonSchemaText());
    const schema = JSON.parse(shipped) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe(reportSchemaId);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "schema",
        "pairs",
        "participation",
        "attendance",
        "ideas",
        "needs",
        "sessions",
      ]),
    );
  });
});
