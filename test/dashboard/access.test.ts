// The dashboard over HTTP (no browser): sign-in is rate-limited per name, cookies are HttpOnly and
// SameSite=Strict, a coordinator's cohort broadcast reaches every room of the cohort once (hostile
// text neutralised), and an observer cannot act.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorPassword, liveProgramme, observerPassword, type Live } from "./support.ts";

/** A tiny cookie jar over fetch, following no redirects. */
class Client {
  private readonly jar = new Map<string, string>();
  private readonly base: string;
  constructor(base: string) {
    this.base = base;
  }
  lastSetCookie: string[] = [];
  async request(path: string, form?: Record<string, string>): Promise<Response> {
    const res = await fetch(`${this.base}${path}`, {
      method: form === undefined ? "GET" : "POST",
      redirect: "manual",
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const c of this.lastSetCookie) {
      const [pair] = c.split(";");
      const [k, v] = (pair ?? "").split("=");
      if (k !== undefined && v !== undefined) {
        if (v === "") this.jar.delete(k);
        else this.jar.set(k, v);
      }
    }
    return res;
  }
  async csrfFrom(path: string): Promise<string> {
    const html = await (await this.request(path)).text();
    return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  }
  async signIn(name: string, password: string): Promise<string | null> {
    const csrf = await this.csrfFrom("/login");
    const res = await this.request("/login", { csrf, name, password });
    return res.headers.get("location");
  }
}

describe("dashboard access", () => {
  let live: Live;
  beforeAll(async () => {
    live = await liveProgramme(3);
    await live.command("start", ["perspective-exchange"]);
  }, 60_000);
  afterAll(async () => {
    await live.close();
  });

  it("limits sign-in attempts per name, even with the right password after them", async () => {
    const c = new Client(live.dashboard.url);
    for (let i = 0; i < 5; i++)
      expect(await c.signIn("watcher", `wrong ${String(i)}`)).toBe("/login?failed=1");
    expect(await c.signIn("watcher", observerPassword)).toBe("/login?failed=limit");
    expect((await c.request("/")).headers.get("location")).toBe("/login");
    // Another name is not locked out by them.
    const other = new Client(live.dashboard.url);
    expect(await other.signIn("coord", coordinatorPassword)).toBe("/");
    const cookie = other.lastSetCookie.find((s) => s.startsWith("parley_dashboard="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it("broadcasts a coordinator's message to every room of the cohort once, neutralised", async () => {
    const c = new Client(live.dashboard.url);
    expect(await c.signIn("coord", coordinatorPassword)).toBe("/");
    const csrf = await c.csrfFrom("/");
    const res = await c.request("/cohort/north/broadcast", {
      csrf,
      text: "Break in 5 @everyone \u202Egnp.exe",
    });
    expect(res.status).toBe(303);
    await live.runtime.idle();
    const entries = (await Promise.all(live.rooms.map((r) => live.store.deliveredOutbox(r)))).map((ds) =>
      ds.filter((d) => d.kind === "say" && d.body.some((s) => s.text.includes("Break in 5"))),
    );
    expect(entries.map((e) => e.length)).toEqual([1, 1, 1]);
    const first = entries[0]?.[0];
    expect(first?.audience).toEqual({ to: "room" });
    const text = first?.kind === "say" ? first.body.map((s) => s.text).join("") : "";
    expect(text).toContain("From the programme coordinators");
    expect(text).not.toContain("\u202E");
    // The text is marked as written by someone, so adapters never let it mention anyone.
    expect(
      first?.kind === "say" &&
        first.body.some((s) => s.fromParticipant === true && s.text.includes("@everyone")),
    ).toBe(true);
  });

  it("lets an observer read aggregates but not act", async () => {
    // The first test's lock-out on this name lifts after its window (15 minutes).
    await live.clock.advanceBy(16 * 60_000, () => live.runtime.idle());
    const c = new Client(live.dashboard.url);
    expect(await c.signIn("watcher", observerPassword)).toBe("/");
    const csrf = await c.csrfFrom("/");
    expect((await c.request("/cohort/north/pause", { csrf })).status).toBe(403);
  });
});

describe("missed starts on the dashboard", () => {
  it("lists a start the bot missed to coordinators, not to observers", async () => {
    const { hashPassword } = await import("../../src/cli/programme.ts");
    const { startDashboard } = await import("../../src/dashboard/server.ts");
    const { MemoryStore } = await import("../../src/bot/store.ts");
    const { MemoryLogger } = await import("../../src/bot/log.ts");
    const key = "spring/north/console:r1/2026-03-08T11:00:00.000Z";
    const dashboard = await startDashboard({
      config: {
        enabled: true,
        host: "127.0.0.1",
        port: 0,
        accounts: [
          { name: "coord", role: "coordinator", passwordHash: await hashPassword(coordinatorPassword) },
          { name: "watcher", role: "observer", passwordHash: await hashPassword(observerPassword) },
        ],
      },
      store: new MemoryStore(),
      logger: new MemoryLogger(),
      programmeState: () => ({
        since: 0,
        notified: {},
        starts: { [key]: { state: "missed", decidedAt: 1 } },
      }),
      pollMs: 3_600_000,
    });
    try {
      const coordinator = new Client(dashboard.url);
      expect(await coordinator.signIn("coord", coordinatorPassword)).toBe("/");
      const page = await (await coordinator.request("/")).text();
      expect(page).toContain("Missed starts");
      expect(page).toContain(key);
      const observer = new Client(dashboard.url);
      expect(await observer.signIn("watcher", observerPassword)).toBe("/");
      expect(await (await observer.request("/")).text()).not.toContain("console:r1");
    } finally {
      await dashboard.close();
    }
  });
});
