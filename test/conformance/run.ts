// Runs every scenario against one platform: one set of servers (a homeserver, a Discord double)
// for the whole test file, a fresh room and bot process per scenario.
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ConformancePlatform, Scenario } from "./driver.ts";
import { scenarios } from "./scenarios/index.ts";

export function runConformance(
  name: string,
  start: () => Promise<ConformancePlatform>,
  /** Only the scenarios with these names (all when absent). */
  only?: readonly string[],
  /** Scenarios for this platform alone, run after the chosen ones. */
  more: readonly Scenario[] = [],
): void {
  describe(`conformance on ${name}`, () => {
    let platform: ConformancePlatform | undefined;
    beforeAll(async () => {
      platform = await start();
    }, 900_000);
    afterAll(async () => {
      await platform?.stop();
    });
    for (const [n, scenario] of [...scenarios, ...more].entries()) {
      if (n < scenarios.length && only !== undefined && !only.includes(scenario.name)) continue;
      it(
        scenario.name,
        async () => {
          if (platform === undefined) throw new Error(`${name} did not start`);
          const d = await platform.open(`s${String(n)}`, scenario.options);
          try {
            await scenario.run(d);
          } catch (e) {
            // A failed scenario leaves its bot running: stop it before the next one starts.
            await d.crash();
            throw e;
          }
        },
        scenario.timeoutMs,
      );
    }
  });
}
