// Crash-test hooks. With PARLEY_TEST_KILL_AT=<label>:<n> the process kills itself with SIGKILL the
// n-th time it reaches `label` (e.g. between the inbox write and the snapshot commit), so crash
// tests can stop it at exactly the points that matter. Without the variable this does nothing.

const spec = process.env["PARLEY_TEST_KILL_AT"];
const [killLabel, killCount] = ((): [string | null, number] => {
  if (spec === undefined || spec === "") return [null, 0];
  const i = spec.lastIndexOf(":");
  return [spec.slice(0, i), Number(spec.slice(i + 1))];
})();
let hits = 0;

export const killPointLabels = [
  "inbox.appended",
  "step.before-commit",
  "step.after-commit",
  "delivery.before-send",
  "delivery.after-send",
  // A contribution post accepted by the platform, its message ids not yet stored (issue 13).
  "delivery.contribution-posted",
] as const;
export type KillPointLabel = (typeof killPointLabels)[number];

export function killPoint(label: KillPointLabel): void {
  if (killLabel !== label) return;
  hits += 1;
  if (hits === killCount) process.kill(process.pid, "SIGKILL");
}
