// The tests `npm run mutate` runs against each mutant: the fast, in-process ones that check the
// guarantees Stryker mutates (stryker.config.js). Platform doubles, Synapse and the crash test's
// child processes stay out: they are slow, and a child process would not run the mutated code. The
// flows' path explorations (test/flows/machines/paths.test.ts, about a minute) are what check
// anonymity, consent and alternation; with them each flows mutant costs up to a minute.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/bot/runtime/dispatcher.test.ts",
      "test/bot/runtime/runtime.test.ts",
      "test/bot/store/*.test.ts",
      "test/bot/commands/*.test.ts",
      "test/flows/machines/*.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
    // One worker reused across files: the start-up cost is paid once per mutant, not per file.
    isolate: false,
  },
});
