// Mutation testing of the guarantees Parley makes (`npm run mutate`; not part of `npm test`):
// exactly-once delivery, inbox deduplication, forget-me on every store, anonymity, the consent
// guard and group alternation. Stryker puts one-line bugs into these parts, runs the tests that
// cover each, and reports the bugs no test noticed. The run is incremental: only mutants whose
// code or tests changed since the last run are tried again (reports/mutation/, git-ignored).
//
// `PARLEY_MUTATE=delivery,store,flows` picks groups (default: all). Parts of a file are found by
// the code that starts them, not by line numbers, so the scope survives edits; a marker that no
// longer matches fails the run with its name, to be updated here.
import { readFileSync } from "node:fs";
import process from "node:process";

/** `file:from-to` for the block that starts at the first line matching `start`. */
function block(file, start) {
  const lines = readFileSync(file, "utf8").split("\n");
  const from = lines.findIndex((l) => start.test(l));
  if (from < 0) throw new Error(`stryker.config.js: no line matches ${start} in ${file}; update the marker`);
  const indent = /^\s*/.exec(lines[from])[0];
  // The block ends at the first later line that closes at the opening line's indentation.
  const to = lines.findIndex((l, i) => i > from && l.startsWith(`${indent}}`));
  if (to < 0) throw new Error(`stryker.config.js: no end for ${start} in ${file}`);
  return `${file}:${from + 1}-${to + 1}`;
}

/** `file:n-n` for every line that matches `re` (a guard or a condition, one line each). */
function lines(file, re) {
  const found = readFileSync(file, "utf8")
    .split("\n")
    .flatMap((l, i) =>
      re.test(l) && !/^\s*(\/\/|\*|\/\*\*)/.test(l) ? [`${file}:${String(i + 1)}-${String(i + 1)}`] : [],
    );
  if (found.length === 0)
    throw new Error(`stryker.config.js: no line matches ${re} in ${file}; update the marker`);
  return found;
}

const confidential = /anonymous|isAnonymous|confidentiality|withAuthors/;

const groups = {
  // Exactly-once delivery: the outbox dispatcher, and the runtime's use of the inbox's duplicate flag
  // (an append, or an event processed as it arrives with its entry appended by the step's commit).
  delivery: [
    "src/bot/dispatcher.ts",
    block("src/bot/runtime.ts", /async function append\(/),
    block("src/bot/runtime.ts", /async function appendNow\(/),
    block("src/bot/runtime.ts", /function canStepAtOnce\(/),
    block("src/bot/runtime.ts", /function stepAtOnce\(/),
  ],
  // Inbox dedupe and forget-me on every store (PostgreSQL runs when the test database is reachable).
  store: [
    "src/bot/store/redact.ts",
    block("src/bot/store/memory.ts", /^ {2}appendInbox\(/),
    block("src/bot/store/memory.ts", /if \(step\.forget !== undefined\) \{/),
    block("src/bot/store/sqlite.ts", /^ {2}appendInbox\(/),
    block("src/bot/store/sqlite.ts", /private forget\(/),
    block("src/bot/store/postgres.ts", /^ {2}(async )?appendInbox\(/),
    block("src/bot/store/postgres.ts", /if \(step\.forget !== undefined\) \{/),
    block("src/bot/sessions/privacy-requests.ts", /case "confirm-forget": \{/),
  ],
  // Anonymity, the consent guard and group alternation in the pure workshop machines.
  flows: [
    block("src/flows/workshop.ts", /case "participant\.join": \{/),
    block("src/flows/workshop.ts", /function consent\(/),
    ...lines("src/flows/workshop.ts", /const consentOwed|const held|rulesIndex\b/),
    ...lines("src/flows/workshop.ts", confidential),
    ...lines("src/flows/workshop-view.ts", /rulesIndex\b/),
    ...lines("src/flows/workshop-view.ts", confidential),
    ...lines("src/flows/workshop-record.ts", confidential),
    block("src/flows/stages/common.ts", /^export function isAnonymous\(/),
    block("src/flows/stages/common.ts", /^export function who\(/),
    block("src/flows/stages/common.ts", /^export function consentPrompt\(/),
    "src/flows/stages/ground-rules.ts",
    block("src/flows/stages/perspective-sharing.ts", /^export function turnOrder\(/),
    ...lines("src/flows/stages/perspective-sharing.ts", confidential),
    ...lines("src/flows/stages/brainstorm.ts", /\bpooled\b|anonymous|withAuthors/),
    ...lines("src/flows/stages/needs-articulation.ts", /\bpooled\b|anonymous|withAuthors/),
  ],
};

const chosen = (process.env.PARLEY_MUTATE ?? Object.keys(groups).join(",")).split(",");
for (const g of chosen) if (!(g in groups)) throw new Error(`PARLEY_MUTATE: unknown group ${g}`);

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: true },
  // Each mutant runs only the tests that reached it in the first (dry) run.
  coverageAnalysis: "perTest",
  mutate: chosen.flatMap((g) => groups[g]),
  // The machine is shared: one test process at a time.
  concurrency: 1,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // A mutant that makes a test hang (a retry loop that never ends) counts as killed after this.
  timeoutMS: 5_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
