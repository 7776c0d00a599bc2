// The leak oracle (issue 10): built-in and fixture flows, in every confidentiality mode with soft
// and strict turn-taking, driven through the real runtime by a seeded random walk; every delivery
// is scanned by the checks in oracle.ts, one named test per check.
//
//   npx vitest run test/leak                 the seeded sample (part of `npm test`)
//   npm run test:leaks                       every scenario (LEAK_RUN=exhaustive; LEAK_SEEDS=n for
//                                            n walks of each, default 1)
//   LEAK_ONLY='<scenario key>' npx vitest run test/leak/leaks.test.ts   one run, as a failure prints it
//
// A scenario key (flow variant | groups | buttons | policy | seed) replays the same walk as long as
// the code it drives answers the same way; after a change the walk may take another path.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { checks, pathTo, type Finding } from "./oracle.ts";
import {
  cast,
  enforcements,
  flowVariants,
  groupShapes,
  parseScenarioKey,
  runScenario,
  scenarioKey,
  type Policy,
  type RunRecord,
  type Scenario,
} from "./world.ts";

const flows = flowVariants();
const runnable = flows.filter((f) => f.spec !== null);
const policies: readonly Policy[] = ["diligent", "chaotic"];

/** Every flow variant × group shape × buttons or not × policy, `seeds` seeds each. */
function exhaustive(seeds: number): Scenario[] {
  const out: Scenario[] = [];
  for (const flow of runnable)
    for (const groups of groupShapes)
      for (const buttons of [true, false])
        for (const policy of policies)
          for (let seed = 1; seed <= seeds; seed++) out.push({ flow, groups, buttons, policy, seed });
  return out;
}

/**
 * The sample: every flow variant once, diligently, with a group shape, platform kind and seed that
 * rotate with its position (so each shape meets each mode), plus a chaotic walk of every fixture in
 * strict mode.
 */
/** Walks the exhaustive run once caught leaking, kept in the sample so the fixes stay fixed. */
const regressions = [
  // A stale private answer (a rule proposal after consent) was posted as a reflection, with a name.
  "perspective-exchange/chatham-house/soft|3+3|no-buttons|diligent|1",
  // A forgotten speaker's anonymous turn, ended by the forget, came back into the report.
  "every-stage-kind/anonymous/strict|3+3|no-buttons|chaotic|1",
  // An idea hidden after the fact came back through the joint statement it had seeded.
  "problem-solving-workshop/open/strict|1+1|buttons|diligent|1",
];

function sample(): Scenario[] {
  const out: Scenario[] = regressions.map((key) => {
    const s = parseScenarioKey(key, flows);
    if (s === null) throw new Error(`regression scenario ${key} no longer exists`);
    return s;
  });
  runnable.forEach((flow, i) => {
    const groups = groupShapes[i % groupShapes.length] ?? [2, 2];
    out.push({ flow, groups, buttons: i % 2 === 0, policy: "diligent", seed: 100 + i });
    if (flow.label.endsWith(`/${enforcements[1] ?? "strict"}`))
      out.push({
        flow,
        groups: groupShapes[(i + 2) % groupShapes.length] ?? [1, 3],
        buttons: i % 3 !== 0,
        policy: "chaotic",
        seed: 500 + i,
      });
  });
  return out;
}

function scenarios(): Scenario[] {
  const only = process.env["LEAK_ONLY"];
  if (only !== undefined && only !== "") {
    const s = parseScenarioKey(only, flows);
    if (s === null) throw new Error(`LEAK_ONLY: no scenario ${only}`);
    return [s];
  }
  if (process.env["LEAK_RUN"] === "exhaustive") return exhaustive(Number(process.env["LEAK_SEEDS"] ?? "1"));
  return sample();
}

/** Findings per check, grouped by kind (the reason with names, ids and tokens taken out). */
interface Found {
  count: number;
  readonly kinds: Map<string, { count: number; finding: Finding; path: string }>;
}
const found = new Map<string, Found>(checks.map((c) => [c.name, { count: 0, kinds: new Map() }]));
const kindOf = (why: string) =>
  why
    .replace(new RegExp(cast.map((p) => p.name).join("|"), "g"), "<name>")
    .replace(/\btq[0-9a-z]{4}x\b/g, "<token>")
    .replace(/\bU\d+\b/g, "<user>")
    .replace(/\b(north|south|group-[ab])\b/g, "<group>")
    .replace(/\d+/g, "N");
let figure = "";

/** What the walks covered: paths taken and stage phases reached (so a narrowed walk shows). */
const coverage = new Map<string, number>();
const phases = new Set<string>();
function cover(run: RunRecord): void {
  const seen = new Set<string>();
  let previous: string | null = null;
  for (const st of run.steps) {
    if (st.stage !== null) phases.add(st.stage);
    const a = st.action;
    if (/ leaves/.test(a)) seen.add("leave");
    if (/ joins late/.test(a)) seen.add("late join");
    if (/facilitator back/.test(a)) seen.add("back");
    if (/facilitator next/.test(a)) seen.add("next");
    if (/ asks a time-out/.test(a)) seen.add("time-out");
    if (/facilitator replies /.test(a)) seen.add("private reply");
    if (/ raises a hand/.test(a)) seen.add("hand");
    if (/facilitator queue next/.test(a)) seen.add("queue next");
    if (/facilitator skip/.test(a)) seen.add("skip");
    if (/facilitator next --force/.test(a)) seen.add("next --force");
    if (st.forgotten.length > 0) seen.add("forget-me confirmed");
    if (/facilitator end/.test(a) && previous !== null) seen.add("end mid-stage");
    if (previous !== null && st.stage === null && !/facilitator end/.test(a)) seen.add("ran to its end");
    const sizes = new Map<string | null, number>();
    for (const g of st.after.members.values()) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    const running = st.stage !== null && !st.stage.startsWith("lobby");
    if (running && [...sizes.values()].some((n) => n === 1)) seen.add("a group of one present");
    if (running && [...sizes.values()].some((n) => n === 2)) seen.add("a group of two present");
    previous = st.stage;
  }
  for (const k of seen) coverage.set(k, (coverage.get(k) ?? 0) + 1);
}

function describeFinding(f: Finding, path: string): string {
  return [
    `LEAK: ${f.why}`,
    `  scenario: ${f.key} (step ${String(f.step)})`,
    `  reproduce: LEAK_ONLY='${f.key}' npx vitest run test/leak/leaks.test.ts`,
    `  delivered: ${JSON.stringify(f.text.length > 600 ? `${f.text.slice(0, 600)}…` : f.text)}`,
    `  path:\n${path}`,
  ].join("\n");
}

describe("leak oracle", () => {
  beforeAll(async () => {
    const list = scenarios();
    const t0 = performance.now();
    let deliveries = 0;
    // XState's development build warns each time the workshop forwards an event to a stage that
    // finished in the same step (harmless, and thousands of lines here): counted, not printed.
    let stoppedActorWarnings = 0;
    const warn = console.warn.bind(console);
    const spy = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("was sent to stopped actor"))
        stoppedActorWarnings++;
      else warn(...args);
    });
    for (const scenario of list) {
      let run: RunRecord;
      try {
        run = await runScenario(scenario);
      } catch (e) {
        throw new Error(`the run ${scenarioKey(scenario)} failed`, { cause: e });
      }
      deliveries += run.deliveries;
      cover(run);
      for (const check of checks) {
        const findings = check.run(run);
        const slot = found.get(check.name);
        if (slot === undefined) continue;
        slot.count += findings.length;
        for (const f of findings) {
          const kind = kindOf(f.why);
          const k = slot.kinds.get(kind);
          if (k === undefined) slot.kinds.set(kind, { count: 1, finding: f, path: pathTo(run, f.step) });
          else k.count += 1;
        }
      }
    }
    spy.mockRestore();
    const seconds = (performance.now() - t0) / 1000;
    const refused = flows.filter((f) => f.spec === null).map((f) => f.label);
    figure = `leak oracle: ${String(list.length)} runs, ${String(deliveries)} deliveries scanned, ${seconds.toFixed(1)} s${
      refused.length > 0 ? `; flows refused by validation (not run): ${refused.join(", ")}` : ""
    }`;
    const paths = [...coverage].map(([k, n]) => `${k} ${String(n)}`).join(", ");
    process.stdout.write(
      `\n${figure}\npaths (runs): ${paths}\nstage phases reached (${String(phases.size)}): ${[...phases].sort().join(", ")}\nxstate warnings "sent to stopped actor": ${String(stoppedActorWarnings)}\n`,
    );
  }, 3_600_000);

  it("runs every flow variant that validation accepts", () => {
    expect(runnable.length).toBeGreaterThan(60);
    expect(figure).toMatch(/deliveries scanned/);
  });

  for (const check of checks) {
    it(check.name, () => {
      const slot = found.get(check.name);
      if (slot === undefined || slot.count === 0) return;
      const kinds = [...slot.kinds.values()];
      const list = kinds.map((k) => `  ${String(k.count)}× ${kindOf(k.finding.why)}`).join("\n");
      const shown = kinds.map((k) => describeFinding(k.finding, k.path)).join("\n\n");
      expect.fail(
        `${String(slot.count)} leak(s) found by "${check.name}", by kind:\n${list}\n\nthe first of each kind:\n\n${shown}`,
      );
    });
  }
});
