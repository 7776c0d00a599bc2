// The check-in stage kind (issue 12): validated like every other stage, with file:line errors.
import { describe, expect, it } from "vitest";
import { formatFlowError, parseFlowSpec } from "../../../src/flows/load.ts";

const flow = (checkIn: string) => `id: hello
version: 1
title: { en: Hello, ar: مرحبا }
description: { en: A test, ar: تجربة }
defaultLocale: en
locales: [en, ar]
confidentiality: open
stages:
${checkIn}
  - id: rules
    kind: ground-rules
    rules: [{ en: Be kind, ar: كن لطيفًا }]
  - id: talk
    kind: discussion
    prompt: { en: Talk, ar: تحدثوا }
    seconds: 60
`;

describe("check-in stages", () => {
  it("may come before the ground rules, with a default time-box", () => {
    const result = parseFlowSpec(
      flow(`  - id: arrive
    kind: check-in
    prompt: { en: One word for how you arrive, ar: كلمة واحدة عن حالك الآن }`),
      "hello.yaml",
    );
    expect(result.ok && result.value.spec.stages[0]).toMatchObject({ kind: "check-in", seconds: 180 });
  });

  it("reports a bad field and a missing locale at their file and line", () => {
    const result = parseFlowSpec(
      flow(`  - id: arrive
    kind: check-in
    prompt: { en: One word for how you arrive }
    seconds: 5
    turns: 2`),
      "hello.yaml",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.error.map(formatFlowError);
    expect(lines).toContainEqual(expect.stringMatching(/^hello\.yaml:12:14 stages\[0\]\.seconds: /u));
    expect(lines).toContainEqual(expect.stringMatching(/^hello\.yaml:13:5 stages\[0\]\.turns: /u));
    expect(lines).toContainEqual(expect.stringMatching(/^hello\.yaml:11:\d+ stages\[0\]\.prompt.*"ar"/u));
  });
});
