// The dashboard in a real headless Chromium (Debian's package, driven by playwright-core): refused
// without signing in, a wrong password and a missing CSRF token refused, 30 live terminal sessions
// updating as they progress (server-sent events), a report opened from the page, an observer who
// sees aggregates only; a screenshot goes to test-output/. Without /usr/bin/chromium the test is
// skipped with a message, except under CI (.ci/run installs chromium).
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorPassword, liveProgramme, observerPassword, type Live } from "./support.ts";

const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
const ci = process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false";
if (!available && !ci)
  console.warn(
    `dashboard browser test skipped: no Chromium at ${executablePath} (apt-get install -y chromium)`,
  );
const outDir = resolve("test-output");

describe.runIf(available || ci)("dashboard in a real browser", () => {
  let browser: Browser;
  let live: Live;
  beforeAll(async () => {
    live = await liveProgramme(30);
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await live.close();
  });

  it("refuses everything without signing in", async () => {
    const page = await browser.newPage();
    await page.goto(live.dashboard.url);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.locator("table").count()).toBe(0);
    const events = await page.request.get(`${live.dashboard.url}/events`);
    expect(events.status()).toBe(401);
    await page.goto(`${live.dashboard.url}/report/s0123456789.html`);
    expect(new URL(page.url()).pathname).toBe("/login");
    const action = await page.request.post(`${live.dashboard.url}/cohort/north/pause`, {
      form: { csrf: "x" },
    });
    expect(action.status()).toBe(401);
    await page.close();
  });

  it("refuses a wrong password, and a sign-in without the form's token", async () => {
    const page = await browser.newPage();
    await page.goto(`${live.dashboard.url}/login`);
    await page.fill("input[name=name]", "coord");
    await page.fill("input[name=password]", "not the password");
    await page.click("button[type=submit]");
    await page.waitForSelector("#error");
    expect(await page.textContent("#error")).toContain("Wrong name or password");
    const forged = await page.request.post(`${live.dashboard.url}/login`, {
      form: { name: "coord", password: coordinatorPassword, csrf: "forged" },
    });
    expect(forged.status()).toBe(403);
    await page.close();
  });

  it("shows 30 live sessions updating as they progress, opens a report, refuses an action without its CSRF token", async () => {
    await live.command("start", ["perspective-exchange"]);
    for (const [i, room] of live.rooms.entries())
      await live.join(room, `p${String(i)}`, i % 2 === 0 ? "group-a" : "group-b");
    await live.dashboard.refresh();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${live.dashboard.url}/login`);
    await page.fill("input[name=name]", "coord");
    await page.fill("input[name=password]", coordinatorPassword);
    await page.click("button[type=submit]");
    await page.waitForSelector("tr[data-session]");
    expect(await page.locator("tr[data-session]").count()).toBe(30);
    const before = await page.locator("td.stage").allTextContents();
    // The live stream is connected once the first update arrived. Polled from the test, not with
    // page.waitForFunction: its string predicates poll through eval, which the page's CSP forbids.
    await expect.poll(() => page.evaluate("Number(document.body.dataset.updates ?? 0) >= 1")).toBe(true);

    // Every room moves on a stage: the page shows it without a reload.
    await live.command("next");
    expect(await live.dashboard.refresh()).toBe(true);
    await expect
      .poll(
        () =>
          page.evaluate(`(() => {
            const old = ${JSON.stringify(before)};
            const now = [...document.querySelectorAll("td.stage")].map((td) => td.textContent);
            return now.length === 30 && now.every((s, i) => s !== old[i]);
          })()`),
        { timeout: 20_000 },
      )
      .toBe(true);
    const after = await page.locator("td.stage").allTextContents();
    expect(after).not.toEqual(before);

    // An action without the page's CSRF token is refused, even signed in.
    const forged = await page.request.post(`${live.dashboard.url}/cohort/north/pause`, {
      form: { csrf: "nope" },
    });
    expect(forged.status()).toBe(403);

    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: resolve(outDir, "dashboard.png"), fullPage: false });

    // A session's report, from its link.
    const first = page.locator("tr[data-session] a", { hasText: "HTML" }).first();
    const href = await first.getAttribute("href");
    await first.click();
    await page.waitForLoadState();
    expect(page.url()).toBe(`${live.dashboard.url}${href ?? ""}`);
    expect(await page.locator("svg, table").count()).toBeGreaterThan(0);
    const json = await page.request.get(`${live.dashboard.url}${(href ?? "").replace(".html", ".json")}`);
    expect(json.status()).toBe(200);
    expect((await json.json()) as unknown).toMatchObject({ kind: "session" });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows an observer aggregates only: no names, no rooms, no reports", async () => {
    const page = await browser.newPage();
    await page.goto(`${live.dashboard.url}/login`);
    await page.fill("input[name=name]", "watcher");
    await page.fill("input[name=password]", observerPassword);
    await page.click("button[type=submit]");
    await page.waitForSelector("#count");
    const text = await page.textContent("body");
    expect(text).toContain("30 sessions");
    expect(text).not.toContain("group-001");
    expect(text).not.toContain("p0");
    expect(await page.locator("tr[data-session]").count()).toBe(0);
    const report = await page.request.get(`${live.dashboard.url}/report/s0123456789.html`);
    expect(report.status()).toBe(403);
    await page.close();
  });
});
