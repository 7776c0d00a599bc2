// The coordinators' dashboard under load: 100 live sessions (terminal rooms of one programme, the
// real runtime on SQLite, a simulated clock) with the dashboard open in headless Chromium (or, without
// /usr/bin/chromium, a server-sent-events client in this process). For each change (one session
// moves on a stage) it measures the server's cost of one update (reading the store and rendering
// both views) and the time from the change being committed to the page showing it.
// `node bench/dashboard.ts [--sessions 100] [--changes 50]`; run.ts runs it too.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../src/bot/store.ts";
import { coordinatorPassword, liveProgramme } from "../test/dashboard/support.ts";
import { percentile } from "./common.ts";

export interface DashboardFigures {
  readonly sessions: number;
  readonly changes: number;
  readonly client: "chromium" | "sse";
  readonly updateCostP50Ms: number;
  readonly updateCostP99Ms: number;
  readonly changeToPageP50Ms: number;
  readonly changeToPageP99Ms: number;
}

export async function benchDashboard(sessions = 100, changes = 50): Promise<DashboardFigures> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-dashboard-"));
  const live = await liveProgramme(sessions, { store: new SqliteStore(join(dir, "store.sqlite")) });
  try {
    await live.command("start", ["perspective-exchange"]);
    for (const [i, room] of live.rooms.entries())
      await live.join(room, `p${String(i)}`, i % 2 === 0 ? "group-a" : "group-b");
    await live.dashboard.refresh();
    const costs: number[] = [];
    const latencies: number[] = [];
    const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
    let waitForUpdate: (n: number) => Promise<void>;
    let close: () => Promise<void>;
    let client: "chromium" | "sse";
    if (existsSync(executablePath)) {
      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
      const page = await browser.newPage();
      await page.goto(`${live.dashboard.url}/login`);
      await page.fill("input[name=name]", "coord");
      await page.fill("input[name=password]", coordinatorPassword);
      await page.click("button[type=submit]");
      await page.waitForFunction("Number(document.body.dataset.updates ?? 0) >= 1");
      client = "chromium";
      waitForUpdate = async (n) => {
        type Doc = { document: { body: { dataset: { updates?: string } } } };
        await page.waitForFunction(
          (want) => Number((globalThis as unknown as Doc).document.body.dataset.updates ?? 0) >= want,
          n,
          { polling: "raf" },
        );
      };
      close = () => browser.close();
    } else {
      // An SSE client: signs in with fetch and counts update events.
      const base = live.dashboard.url;
      const login = await fetch(`${base}/login`);
      const csrfCookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
      const csrf = /name="csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? "";
      const signed = await fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf, name: "coord", password: coordinatorPassword }).toString(),
      });
      const cookie =
        (signed.headers.getSetCookie().find((c) => c.startsWith("parley_dashboard=")) ?? "").split(";")[0] ??
        "";
      const controller = new AbortController();
      const res = await fetch(`${base}/events`, { headers: { cookie }, signal: controller.signal });
      let seen = 0;
      const waiters: (() => void)[] = [];
      void (async () => {
        const decoder = new TextDecoder();
        try {
          for await (const chunk of res.body ?? []) {
            seen += (decoder.decode(chunk as Uint8Array).match(/event: update/g) ?? []).length;
            for (const w of waiters.splice(0)) w();
          }
        } catch {
          // aborted at the end
        }
      })();
      client = "sse";
      waitForUpdate = async (n) => {
        while (seen < n) await new Promise<void>((resolve) => waiters.push(resolve));
      };
      close = () => {
        controller.abort();
        return Promise.resolve();
      };
    }
    // The page has had its first update (the state when it opened).
    await waitForUpdate(1);
    for (let k = 0; k < changes; k++) {
      const room = live.rooms[k % live.rooms.length] ?? "";
      await live.command(k < live.rooms.length ? "next" : "extend", k < live.rooms.length ? [] : ["1"], [
        room,
      ]);
      const committed = performance.now();
      const started = performance.now();
      const changed = await live.dashboard.refresh();
      costs.push(performance.now() - started);
      if (!changed) continue;
      await waitForUpdate(k + 2);
      latencies.push(performance.now() - committed);
    }
    await close();
    return {
      sessions,
      changes: latencies.length,
      client,
      updateCostP50Ms: percentile(
        costs.sort((a, b) => a - b),
        50,
      ),
      updateCostP99Ms: percentile(costs, 99),
      changeToPageP50Ms: percentile(
        latencies.sort((a, b) => a - b),
        50,
      ),
      changeToPageP99Ms: percentile(latencies, 99),
    };
  } finally {
    await live.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const f = await benchDashboard(Number(opt("--sessions") ?? "100"), Number(opt("--changes") ?? "50"));
  printDashboard(f);
}

export function printDashboard(f: DashboardFigures): void {
  console.log(
    `\nDashboard: ${String(f.sessions)} live sessions, ${String(f.changes)} changes, page in ${f.client}`,
  );
  console.log(
    `  server cost per update (read store + render): p50 ${f.updateCostP50Ms.toFixed(1)} ms, p99 ${f.updateCostP99Ms.toFixed(1)} ms`,
  );
  console.log(
    `  change committed → page shows it:            p50 ${f.changeToPageP50Ms.toFixed(1)} ms, p99 ${f.changeToPageP99Ms.toFixed(1)} ms`,
  );
  console.log("  (parley run refreshes every second: add up to 1 s of polling to the second figure)");
}
