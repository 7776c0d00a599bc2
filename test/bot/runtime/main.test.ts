import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const node = join(root, "node_modules/.bin/node");
const parley = (...args: string[]) =>
  spawnSync(node, ["src/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PARLEY_CONFIG: "" },
  });

describe("parley command", () => {
  it("prints its usage with --help", () => {
    const r = parley("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/parley simulate <flow> --script <file>/);
  });

  it("refuses an unknown command with the usage", () => {
    const r = parley("dance");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "dance"/);
  });

  it("dispatches `flows` to the flow tools", () => {
    const r = parley("flows", "list");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/perspective-exchange/);
  });

  it("reports a bad configuration file by field and exits without starting", () => {
    const r = parley("run", "--config", join(root, "test/bot/runtime/fixtures/bad-config.yaml"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/retentionDays/);
  });
});
