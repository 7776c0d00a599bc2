// The tests `npm run mutate` runs against each mutant: the fast, in-process ones that check the
// guarantees Stryker mutates (stryker.config.js). Platform doubles, Synapse and the crash test's
// child processes stay out: they are slow, and a child process would not run the mutated code.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/bot/runtime/dispatcher.test.ts",
      "test/bot/runtime/runtime.test.ts",
      "test/bot/runtime/simulate.test.ts",
      "test/bot/store/*.test.ts",
      "test/bot/commands/*.test.ts",
      "test/flows/machines/*.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
  },
});
