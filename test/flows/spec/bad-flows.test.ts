// Every malformed flow in test/fixtures/flows/bad is rejected with the exact file:line:column,
// field path and message a facilitator would read, and a stable code.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatFlowError, parseFlowSpec } from "../../../src/flows/load.ts";

const badDir = new URL("../../fixtures/flows/bad/", import.meta.url);

/** [fixture file, [[code, formatted error], ...]] — the file name given to the parser is the bare name. */
const expected: [string, [string, string][]][] = [
  [
    "bad-confidentiality.yaml",
    [
      [
        "flow.invalid_value",
        'bad-confidentiality.yaml:11:18 confidentiality: expected one of "open", "chatham-house", "anonymous", got "secret"',
      ],
    ],
  ],
  [
    "bad-default-locale.yaml",
    [
      [
        "flow.invalid_value",
        'bad-default-locale.yaml:5:16 defaultLocale: expected a locale tag such as en or ar, got "English"',
      ],
    ],
  ],
  [
    "bad-indentation.yaml",
    [
      [
        "flow.syntax",
        "bad-indentation.yaml:20:1: invalid YAML: this line's indentation does not line up with the fields around it",
      ],
    ],
  ],
  [
    "bad-locale-tag.yaml",
    [
      [
        "flow.invalid_value",
        'bad-locale-tag.yaml:19:43 stages[1].prompt.English: expected a locale tag such as en or ar, got "English"',
      ],
    ],
  ],
  [
    "bad-stage-id.yaml",
    [
      [
        "flow.invalid_value",
        'bad-stage-id.yaml:17:9 stages[1].id: expected an id of lowercase letters, digits and dashes, such as needs-1, got "Share Stories"',
      ],
    ],
  ],
  [
    "dots-max-per-idea.yaml",
    [
      [
        "flow.inconsistent",
        "dots-max-per-idea.yaml:21:50 stages[1].voting.maxPerIdea: expected maxPerIdea (3) to be at most the number of dots each person has (2)",
      ],
    ],
  ],
  [
    "duplicate-group-ids.yaml",
    [
      [
        "flow.duplicate_id",
        'duplicate-group-ids.yaml:9:9 groups[1].id: group id "north" is used twice (first at groups[0]); ids must be unique',
      ],
    ],
  ],
  [
    "duplicate-key.json",
    [
      [
        "flow.duplicate_key",
        'duplicate-key.json:9:88: "seconds" appears twice in the same mapping; give each field once',
      ],
    ],
  ],
  [
    "duplicate-key.yaml",
    [
      [
        "flow.duplicate_key",
        'duplicate-key.yaml:21:5: "turnSeconds" appears twice in the same mapping; give each field once',
      ],
    ],
  ],
  [
    "duplicate-stage-ids.yaml",
    [
      [
        "flow.duplicate_id",
        'duplicate-stage-ids.yaml:21:9 stages[2].id: stage id "share" is used twice (first at stages[1]); ids must be unique',
      ],
    ],
  ],
  [
    "duplicate-survey-question.yaml",
    [
      [
        "flow.duplicate_id",
        'duplicate-survey-question.yaml:20:13 stages[0].questions[1].id: question id "trust" is used twice (first at stages[0].questions[0]); ids must be unique',
      ],
    ],
  ],
  [
    "empty-file.yaml",
    [
      [
        "flow.invalid_value",
        "empty-file.yaml:1:1: the file is empty; expected a flow with id, version, title, description, defaultLocale, confidentiality and stages",
      ],
    ],
  ],
  [
    "empty-stages.yaml",
    [["flow.invalid_value", "empty-stages.yaml:12:9 stages: expected at least one stage, got an empty list"]],
  ],
  [
    "fractional-seconds.yaml",
    [
      [
        "flow.invalid_value",
        "fractional-seconds.yaml:20:18 stages[1].turnSeconds: expected whole seconds between 10 and 3600, got 90.5",
      ],
    ],
  ],
  [
    "ground-rules-after-sharing.yaml",
    [
      [
        "flow.stage_order",
        "ground-rules-after-sharing.yaml:18:11 stages[1].kind: ground rules must come before the first substantive stage (stages[0]), so everyone has agreed to them before speaking",
      ],
    ],
  ],
  [
    "hostile-value.yaml",
    [
      [
        "flow.invalid_value",
        'hostile-value.yaml:20:18 stages[1].turnSeconds: expected seconds between 10 and 3600, got "\\u{202E}evil\\u{7} xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"',
      ],
    ],
  ],
  [
    "invalid-values.json",
    [
      [
        "flow.invalid_value",
        'invalid-values.json:10:96 stages[1].turnSeconds: expected seconds between 10 and 3600, got "2m"',
      ],
      [
        "flow.unknown_field",
        'invalid-values.json:10:102 stages[1].reflectback: unknown field "reflectback"; did you mean "reflectBack"?',
      ],
    ],
  ],
  [
    "missing-declared-locale.yaml",
    [
      [
        "flow.missing_locale",
        'missing-declared-locale.yaml:4:14 description: missing the "ar" text (listed in locales)',
      ],
      [
        "flow.missing_locale",
        'missing-declared-locale.yaml:9:11 groups[0].name: missing the "ar" text (listed in locales)',
      ],
      [
        "flow.missing_locale",
        'missing-declared-locale.yaml:11:11 groups[1].name: missing the "ar" text (listed in locales)',
      ],
      [
        "flow.missing_locale",
        'missing-declared-locale.yaml:17:9 stages[0].rules[0]: missing the "ar" text (listed in locales)',
      ],
      [
        "flow.missing_locale",
        'missing-declared-locale.yaml:20:13 stages[1].prompt: missing the "ar" text (listed in locales)',
      ],
    ],
  ],
  [
    "missing-default-locale.yaml",
    [
      [
        "flow.missing_locale",
        'missing-default-locale.yaml:19:13 stages[1].prompt: missing the "en" text (the flow\'s defaultLocale)',
      ],
    ],
  ],
  [
    "missing-kind.yaml",
    [
      [
        "flow.missing_field",
        'missing-kind.yaml:17:5 stages[1].kind: missing required field; expected one of "ground-rules", "check-in", "perspective-sharing", "needs-articulation", "brainstorm", "discussion", "survey", "reflection", "message", "break", "joint-statement"',
      ],
    ],
  ],
  [
    "missing-prompt.yaml",
    [
      [
        "flow.missing_field",
        "missing-prompt.yaml:17:5 stages[1].prompt: missing required field; expected a text for each locale, such as en: …",
      ],
    ],
  ],
  [
    "multiple-documents.yaml",
    [
      [
        "flow.syntax",
        "multiple-documents.yaml:21:1: invalid YAML: expected one flow per file, but a --- line starts a second document",
      ],
    ],
  ],
  [
    "statement-seed-not-brainstorm.yaml",
    [
      [
        "flow.inconsistent",
        'statement-seed-not-brainstorm.yaml:20:38 stages[1].seed.stage: expected "talk" to be the id of a brainstorm stage before this one (its shortlist seeds the statement)',
      ],
      [
        "flow.invalid_value",
        'statement-seed-not-brainstorm.yaml:22:20 stages[1].amendmentRule: expected "majority-of-each-group" or "consensus-of-each-group", got "room-majority"',
      ],
      [
        "flow.missing_locale",
        'statement-seed-not-brainstorm.yaml:28:11 stages[2].seed.sentences[0]: missing the "ar" text (listed in locales)',
      ],
    ],
  ],
  [
    "one-group.yaml",
    [
      [
        "flow.invalid_value",
        "one-group.yaml:7:3 groups: expected two or more groups, or no groups at all, got a list of 1 item",
      ],
    ],
  ],
  [
    "out-of-range.yaml",
    [
      [
        "flow.invalid_value",
        "out-of-range.yaml:20:18 stages[1].turnSeconds: expected seconds between 10 and 3600, got 5",
      ],
      [
        "flow.invalid_value",
        "out-of-range.yaml:21:13 stages[1].rounds: expected a whole number of rounds between 1 and 10, got 12",
      ],
    ],
  ],
  [
    "syntax-error.json",
    [["flow.syntax", "syntax-error.json:5:1: invalid JSON: expected double-quoted property name"]],
  ],
  ["syntax-error.yaml", [["flow.syntax", 'syntax-error.yaml:21:1: invalid YAML: missing closing " (quote)']]],
  [
    "tab-indentation.yaml",
    [
      [
        "flow.syntax",
        "tab-indentation.yaml:20:1: invalid YAML: tabs are not allowed for indentation; indent with spaces",
      ],
    ],
  ],
  [
    "text-not-per-locale.yaml",
    [
      [
        "flow.invalid_value",
        'text-not-per-locale.yaml:19:13 stages[1].prompt: expected a text for each locale, such as en: …, got "What brought you here?"',
      ],
    ],
  ],
  [
    "top-level-list.yaml",
    [
      [
        "flow.invalid_value",
        "top-level-list.yaml:1:1: expected a flow: a mapping of fields such as id, version, title and stages, got a list of 2 items",
      ],
    ],
  ],
  [
    "turn-seconds-words.yaml",
    [
      [
        "flow.invalid_value",
        'turn-seconds-words.yaml:20:18 stages[1].turnSeconds: expected seconds between 10 and 3600, got "two minutes"',
      ],
    ],
  ],
  [
    "typo-top-level-key.yaml",
    [
      [
        "flow.unknown_field",
        'typo-top-level-key.yaml:11:1 confidentialty: unknown field "confidentialty"; did you mean "confidentiality"?',
      ],
    ],
  ],
  [
    "unknown-stage-key.yaml",
    [
      [
        "flow.unknown_field",
        'unknown-stage-key.yaml:20:5 stages[1].turnSecond: unknown field "turnSecond"; did you mean "turnSeconds"?',
      ],
    ],
  ],
  [
    "unknown-top-level-key.yaml",
    [
      [
        "flow.unknown_field",
        'unknown-top-level-key.yaml:12:1 author: unknown field "author" (expected one of: id, version, title, description, defaultLocale, locales, groups, confidentiality, minGroupSize, turnEnforcement, turnEnforcementChoices, stages)',
      ],
    ],
  ],
  [
    "warning-not-before-end.yaml",
    [
      [
        "flow.inconsistent",
        "warning-not-before-end.yaml:21:21 stages[1].warningSeconds: expected warningSeconds (60) to be less than turnSeconds (60), so the warning comes before the turn ends; use 0 for no warning",
      ],
    ],
  ],
  [
    "survey-pair-mismatch.yaml",
    [
      [
        "flow.inconsistent",
        "survey-pair-mismatch.yaml:12:9 stages[0].questions[0].highLabel: expected both lowLabel and highLabel (the words for the two ends of the scale), or neither",
      ],
      [
        "flow.invalid_value",
        "survey-pair-mismatch.yaml:24:11 stages[0].questions[2].options: expected at least two options, got a list of 1 item",
      ],
      [
        "flow.inconsistent",
        'survey-pair-mismatch.yaml:31:17 stages[1].questions[0].points: question "trust" is asked before (stages[0].questions[0]) with 5 points: a pre/post pair must keep the same scale',
      ],
      [
        "flow.inconsistent",
        'survey-pair-mismatch.yaml:34:15 stages[1].questions[1].type: question "warmth" is asked before (stages[0].questions[1]) as thermometer: a pre/post pair must keep the same type',
      ],
      [
        "flow.invalid_value",
        'survey-pair-mismatch.yaml:37:15 stages[1].questions[2].type: expected a question type: "likert", "thermometer", "choice" or "text", got "slider"',
      ],
    ],
  ],
  [
    "wrong-kind.yaml",
    [
      [
        "flow.invalid_value",
        'wrong-kind.yaml:18:11 stages[1].kind: expected one of "ground-rules", "check-in", "perspective-sharing", "needs-articulation", "brainstorm", "discussion", "survey", "reflection", "message", "break", "joint-statement", got "perspective"',
      ],
    ],
  ],
];

describe("malformed flow files", () => {
  it("has a case for every fixture, and enough of them", () => {
    const files = readdirSync(badDir).sort();
    expect(expected.map(([file]) => file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files.filter((f) => f.endsWith(".json")).length).toBeGreaterThanOrEqual(2);
  });

  it.each(expected)("%s", (file, errors) => {
    const result = parseFlowSpec(readFileSync(new URL(file, badDir), "utf8"), file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((e) => [e.code, formatFlowError(e)])).toEqual(errors);
    for (const e of result.error) expect(e.file).toBe(file);
  });
});
