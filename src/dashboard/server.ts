// The coordinators' dashboard: server-rendered HTML over the store (Hono on Node's http server),
// live updates by server-sent events. Nobody sees anything without signing in; coordinators act on
// cohorts (CSRF token on every form), observers read aggregates only.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import type { Config } from "../bot/config.ts";
import type { Logger } from "../bot/ports.ts";
import type { InboxPayload, SessionRecord, Store } from "../bot/store.ts";
import { buildReport, renderReport, type ReportFormat } from "../report/index.ts";
import type { Programme } from "../programme/spec.ts";
import type { ProgrammeState } from "../programme/runner.ts";
import { observerView, sessionRow, type SessionRow } from "./view.ts";

export type DashboardConfig = NonNullable<Config["dashboard"]>;
type Role = "coordinator" | "observer";

export interface DashboardOptions {
  readonly config: DashboardConfig;
  readonly store: Pick<Store, "listSessions" | "participants" | "findSession">;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly programme?: Programme;
  /** The programme runner's decisions (missed starts are shown). */
  readonly programmeState?: () => ProgrammeState | null;
  /** Appends to a room's inbox (bulk actions): Runtime.enqueue. */
  readonly enqueue?: (roomKey: string, eventId: string, payload: InboxPayload) => Promise<boolean>;
  /** Builds a cohort action's inbox entry for one room. */
  readonly bulkPayload?: (action: BulkAction, cohort: string, roomKey: string, text: string) => InboxPayload;
  /** How often the store is read for changes (ms). */
  readonly pollMs?: number;
}

export type BulkAction = "open" | "pause" | "end" | "broadcast";

export interface Dashboard {
  readonly url: string;
  /** Renders once and pushes to open pages if anything changed (tests and the bench call it). */
  refresh(): Promise<boolean>;
  /** Milliseconds spent building the last update, and how many were pushed. */
  readonly stats: { updates: number; buildMs: number };
  close(): Promise<void>;
}

const scrypt = (
  p: string,
  salt: Buffer,
  len: number,
  o: { N: number; r: number; p: number; maxmem: number },
) =>
  new Promise<Buffer>((resolve, reject) => {
    scryptCb(p, salt, len, o, (e, key) => {
      if (e === null) resolve(key);
      else reject(e);
    });
  });

/** Checks a password against a `scrypt$N$r$p$salt$hash` hash in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = hash.split("$");
  if (kind !== "scrypt" || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, "base64");
  const got = await scrypt(password, Buffer.from(salt, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 128 * 1024 * 1024,
  });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export function escapeHtml(s: string): string {
  return s.replace(
    // Markup characters, control characters and bidi overrides (shown as character references).
    /[&<>"']|\p{Cc}|[\u202a-\u202e\u2066-\u2069]/gu,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ??
      `&#${String(c.codePointAt(0) ?? 0)};`,
  );
}

const minutes = (ms: number) =>
  `${String(Math.floor(ms / 60_000))}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}s`;

function page(title: string, body: string, live = false): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:start}th{background:#f4f4f4}.alert{color:#a00;font-weight:600}
.muted{color:#777}form.inline{display:inline}.cohort{margin:.5rem 0}.missed{color:#a00}</style></head>
<body>${body}${
    live
      ? `<script>const es=new EventSource("/events");es.addEventListener("update",e=>{document.getElementById("live").innerHTML=JSON.parse(e.data);document.body.dataset.updates=String(Number(document.body.dataset.updates||0)+1)});</script>`
      : ""
  }</body></html>`;
}

function coordinatorTable(rows: readonly SessionRow[]): string {
  const head =
    "<tr><th>Room</th><th>Platform</th><th>Flow</th><th>Stage</th><th>Phase</th><th>Time left</th><th>Floor</th><th>Participants per group</th><th>Airtime per group</th><th>Open alerts and failures</th><th>Report</th></tr>";
  const body = rows
    .map((r) => {
      const groups = Object.entries(r.groups)
        .map(([g, n]) => `${escapeHtml(g)}: ${String(n)}`)
        .join(", ");
      const total = Object.values(r.airtime).reduce((a, b) => a + b, 0);
      const airtime =
        total === 0
          ? "-"
          : Object.entries(r.airtime)
              .map(([g, sec]) => `${escapeHtml(g)} ${String(Math.round((100 * sec) / total))}%`)
              .join(", ");
      const alerts = r.alerts
        .map((a) => `<span class="alert">#${String(a.n)} ${escapeHtml(a.kind)} ${minutes(a.ageMs)}</span>`)
        .join(" ");
      const failures = r.failures
        .map(
          (f) =>
            `<span class="alert">${escapeHtml(f.kind)} failed (${escapeHtml(f.code)}) ${minutes(f.ageMs)}</span>`,
        )
        .join(" ");
      const id = encodeURIComponent(r.id);
      return `<tr data-session="${escapeHtml(r.id)}" data-stage="${escapeHtml(r.stage)}"><td>${escapeHtml(r.room)}</td><td>${escapeHtml(r.platform)}</td><td>${escapeHtml(r.flow)}</td><td class="stage">${escapeHtml(r.stage)}</td><td>${escapeHtml(r.phase)}</td><td>${r.timeLeftMs === null ? "-" : minutes(r.timeLeftMs)}</td><td>${r.floor === null ? "-" : escapeHtml(r.floor)}</td><td>${groups === "" ? "-" : groups}</td><td>${airtime}</td><td>${alerts === "" && failures === "" ? "-" : `${alerts} ${failures}`}</td><td><a href="/report/${id}.html">HTML</a> <a href="/report/${id}.csv">CSV</a> <a href="/report/${id}.json">JSON</a></td></tr>`;
    })
    .join("");
  return `<p>Programme report (finished sessions): <a href="/report/programme.html">HTML</a> <a href="/report/programme.csv">CSV</a> <a href="/report/programme.json">JSON</a></p><p><span id="count">${String(rows.length)}</span> sessions, <span id="live-count">${String(rows.filter((r) => r.status === "live").length)}</span> live</p><table>${head}${body}</table>`;
}

interface SignedIn {
  readonly name: string;
  readonly role: Role;
  readonly csrf: string;
  readonly expires: number;
}

const sessionCookie = "parley_dashboard";
const loginCsrfCookie = "parley_login_csrf";
const sessionMs = 8 * 3_600_000;
const attemptsWindowMs = 15 * 60_000;
const maxAttempts = 5;

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { config, store, logger } = options;
  const now = options.now ?? Date.now;
  const loopback = config.host === "127.0.0.1" || config.host === "::1" || config.host === "localhost";
  const secure = config.secureCookies ?? !loopback;
  const signedIn = new Map<string, SignedIn>();
  const attempts = new Map<string, number[]>();
  const listeners = new Set<(html: string, role: Role) => void>();
  const stats = { updates: 0, buildMs: 0 };
  let last: { coordinator: string; observer: string } = { coordinator: "", observer: "" };

  async function render(): Promise<{ coordinator: string; observer: string }> {
    const sessions: SessionRecord[] = await store.listSessions();
    const rows: SessionRow[] = [];
    const t = now();
    for (const s of sessions)
      rows.push(sessionRow(s, s.status === "live" ? await store.participants(s.id) : [], t));
    const missed = Object.entries(options.programmeState?.()?.starts ?? {})
      .filter(([, v]) => v.state === "missed")
      .map(([key]) => `<li class="missed">${escapeHtml(key)}</li>`)
      .join("");
    const o = observerView(sessions, rows);
    const groups = Object.entries(o.groups)
      .map(([g, n]) => `<li>${escapeHtml(g)}: ${String(n)}</li>`)
      .join("");
    return {
      coordinator: `${missed === "" ? "" : `<h2>Missed starts</h2><ul>${missed}</ul>`}${coordinatorTable(rows)}`,
      observer: `<p><span id="count">${String(o.live + o.ended)}</span> sessions: ${String(o.live)} live, ${String(o.ended)} ended; ${String(o.openAlerts)} open alerts.</p><h2>Participants present per group</h2><ul>${groups}${o.pooled > 0 ? `<li>smaller groups together: ${String(o.pooled)}</li>` : ""}</ul>`,
    };
  }

  async function refresh(): Promise<boolean> {
    const started = performance.now();
    const next = await render();
    stats.buildMs = performance.now() - started;
    if (next.coordinator === last.coordinator && next.observer === last.observer) return false;
    last = next;
    stats.updates += 1;
    for (const l of listeners) {
      l(next.coordinator, "coordinator");
      l(next.observer, "observer");
    }
    return true;
  }

  function who(c: Context): SignedIn | null {
    const id = getCookie(c, sessionCookie);
    if (id === undefined) return null;
    const s = signedIn.get(id);
    if (s === undefined || s.expires < now()) {
      signedIn.delete(id);
      return null;
    }
    return s;
  }

  const cookieOptions = { httpOnly: true, secure, sameSite: "Strict" as const, path: "/" };

  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Frame-Options", "DENY");
    c.header(
      "Content-Security-Policy",
      "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
  });

  app.get("/login", (c) => {
    const token = randomBytes(24).toString("base64url");
    setCookie(c, loginCsrfCookie, token, { ...cookieOptions, maxAge: 3600 });
    const failed = c.req.query("failed");
    return c.html(
      page(
        "Sign in",
        `<h1>Parley programme dashboard</h1>${failed === undefined ? "" : `<p class="alert" id="error">${failed === "limit" ? "Too many attempts; wait a few minutes." : "Wrong name or password."}</p>`}
<form method="post" action="/login"><input type="hidden" name="csrf" value="${token}">
<label>Name <input name="name" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>`,
      ),
    );
  });

  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const token = getCookie(c, loginCsrfCookie);
    if (token === undefined || form["csrf"] !== token)
      return c.text("refused: the form is stale; reload the sign-in page", 403);
    const name = typeof form["name"] === "string" ? form["name"] : "";
    const password = typeof form["password"] === "string" ? form["password"] : "";
    const key = name.toLowerCase();
    const t = now();
    const recent = (attempts.get(key) ?? []).filter((a) => a > t - attemptsWindowMs);
    if (recent.length >= maxAttempts) {
      logger.warn("dashboard sign-in rate-limited", { name });
      return c.redirect("/login?failed=limit", 303);
    }
    const account = config.accounts.find((a) => a.name === name);
    // A hash is computed for unknown names too, so timing does not tell which names exist.
    const ok = await verifyPassword(
      password,
      account?.passwordHash ?? config.accounts[0]?.passwordHash ?? "scrypt$16384$8$1$AAAA$AAAA",
    );
    if (account === undefined || !ok) {
      attempts.set(key, [...recent, t]);
      logger.warn("dashboard sign-in refused", { name });
      return c.redirect("/login?failed=1", 303);
    }
    attempts.delete(key);
    const id = randomBytes(32).toString("base64url");
    signedIn.set(id, {
      name,
      role: account.role,
      csrf: randomBytes(24).toString("base64url"),
      expires: t + sessionMs,
    });
    deleteCookie(c, loginCsrfCookie, { path: "/" });
    setCookie(c, sessionCookie, id, { ...cookieOptions, maxAge: sessionMs / 1000 });
    logger.info("dashboard sign-in", { name, role: account.role });
    return c.redirect("/", 303);
  });

  app.post("/logout", async (c) => {
    const s = who(c);
    const form = await c.req.parseBody();
    if (s === null || form["csrf"] !== s.csrf) return c.text("refused", 403);
    const id = getCookie(c, sessionCookie);
    if (id !== undefined) signedIn.delete(id);
    deleteCookie(c, sessionCookie, { path: "/" });
    return c.redirect("/login", 303);
  });

  app.get("/", async (c) => {
    const s = who(c);
    if (s === null) return c.redirect("/login", 303);
    if (last.coordinator === "") await refresh();
    const programme = options.programme;
    const actions =
      s.role === "coordinator" && programme !== undefined
        ? `<h2>Cohorts</h2>${programme.cohorts
            .map(
              (k) =>
                `<div class="cohort"><strong>${escapeHtml(k.id)}</strong> (${String(k.rooms.length)} rooms, ${escapeHtml(k.flow)}) ${(
                  ["open", "pause", "end"] as const
                )
                  .map(
                    (a) =>
                      `<form class="inline" method="post" action="/cohort/${encodeURIComponent(k.id)}/${a}"><input type="hidden" name="csrf" value="${s.csrf}"><button>${a}</button></form>`,
                  )
                  .join(
                    " ",
                  )} <form class="inline" method="post" action="/cohort/${encodeURIComponent(k.id)}/broadcast"><input type="hidden" name="csrf" value="${s.csrf}"><input name="text" placeholder="message to every room" maxlength="1500"><button>broadcast</button></form></div>`,
            )
            .join("")}`
        : "";
    return c.html(
      page(
        "Programme dashboard",
        `<h1>${escapeHtml(programme?.title ?? "Parley sessions")}</h1><p class="muted">Signed in as ${escapeHtml(s.name)} (${s.role}). <form class="inline" method="post" action="/logout"><input type="hidden" name="csrf" value="${s.csrf}"><button>Sign out</button></form></p>${actions}<div id="live">${s.role === "coordinator" ? last.coordinator : last.observer}</div>`,
        true,
      ),
    );
  });

  app.get("/events", (c) => {
    const s = who(c);
    if (s === null) return c.text("sign in first", 401);
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | null = null;
      const queue: string[] = [];
      const listener = (html: string, role: Role) => {
        if (role !== s.role) return;
        queue.push(html);
        wake?.();
      };
      listeners.add(listener);
      stream.onAbort(() => {
        listeners.delete(listener);
        wake?.();
      });
      await stream.writeSSE({
        event: "update",
        data: JSON.stringify(s.role === "coordinator" ? last.coordinator : last.observer),
      });
      while (!stream.aborted) {
        const html = queue.splice(0).pop();
        if (html !== undefined) await stream.writeSSE({ event: "update", data: JSON.stringify(html) });
        else await new Promise<void>((resolve) => (wake = resolve));
      }
      listeners.delete(listener);
    });
  });

  app.get("/report/:file", async (c) => {
    const s = who(c);
    if (s === null) return c.redirect("/login", 303);
    if (s.role !== "coordinator") return c.text("observers see aggregates only", 403);
    const m = /^(s[0-9a-f]+|programme)\.(html|csv|json)$/.exec(c.req.param("file"));
    if (m === null) return c.text("no such session", 404);
    let sessions: SessionRecord[];
    if (m[1] === "programme") {
      // The programme's finished sessions together: pre/post results aggregate as sessions finish.
      const rooms = new Set(options.programme?.cohorts.flatMap((k) => k.rooms));
      sessions = (await store.listSessions()).filter(
        (s) => s.status === "done" && (rooms.size === 0 || rooms.has(s.roomKey)),
      );
    } else {
      const session = m[1] === undefined ? undefined : await store.findSession(m[1]);
      if (session === undefined) return c.text("no such session", 404);
      sessions = [session];
    }
    const built = buildReport(sessions, { kind: m[1] === "programme" ? "programme" : "session" });
    if (built === null) return c.text("nothing to report yet", 404);
    const format = m[2] as ReportFormat;
    const files = await renderReport(built, format);
    const type = {
      html: "text/html; charset=utf-8",
      json: "application/json",
      csv: "text/csv; charset=utf-8",
    }[format as "html" | "csv" | "json"];
    // CSV is several tables: one file each, joined with a blank line and the file's name.
    const body =
      format === "csv"
        ? [...files].map(([name, text]) => `# ${name}\n${text}`).join("\n")
        : ([...files.values()][0] ?? "");
    return c.body(body, 200, { "Content-Type": type });
  });

  app.post("/cohort/:cohort/:action", async (c) => {
    const s = who(c);
    if (s === null) return c.text("sign in first", 401);
    const form = await c.req.parseBody();
    if (form["csrf"] !== s.csrf) return c.text("refused: missing or wrong CSRF token", 403);
    if (s.role !== "coordinator") return c.text("observers cannot act", 403);
    const action = c.req.param("action") as BulkAction;
    const cohort = options.programme?.cohorts.find((k) => k.id === c.req.param("cohort"));
    if (
      !["open", "pause", "end", "broadcast"].includes(action) ||
      cohort === undefined ||
      options.enqueue === undefined ||
      options.bulkPayload === undefined
    )
      return c.text("no such cohort or action", 404);
    const text = typeof form["text"] === "string" ? form["text"].slice(0, 1500) : "";
    if (action === "broadcast" && text.trim() === "") return c.text("give the text to broadcast", 400);
    const batch = randomBytes(8).toString("hex");
    for (const room of cohort.rooms)
      await options.enqueue(
        room,
        `coordinator:${batch}:${room}`,
        options.bulkPayload(action, cohort.id, room, text),
      );
    logger.info("dashboard cohort action", { by: s.name, cohort: cohort.id, action });
    return c.redirect("/", 303);
  });

  const server: ServerType = await new Promise((resolve) => {
    const srv = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => {
      resolve(srv);
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const poll = setInterval(() => {
    refresh().catch((e: unknown) => {
      logger.error("dashboard refresh failed", { err: e });
    });
  }, options.pollMs ?? 1000);
  poll.unref();
  logger.info("dashboard listening", { host: address.address, port: address.port });
  return {
    url: `http://${host}:${String(address.port)}`,
    refresh,
    stats,
    async close() {
      clearInterval(poll);
      for (const l of [...listeners]) listeners.delete(l);
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
