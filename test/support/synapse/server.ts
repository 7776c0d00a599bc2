// Starts a real Synapse homeserver on 127.0.0.1 for the Matrix tests (or uses the one named by
// PARLEY_TEST_SYNAPSE_URL), registers users through shared-secret registration and lifts their
// rate limits through the admin API.

import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSynapse } from "./install.ts";

export interface RegisteredUser {
  readonly userId: string;
  readonly localpart: string;
  readonly password: string;
  readonly accessToken: string;
  readonly deviceId: string;
}

export interface RegisterOptions {
  readonly admin?: boolean;
  /** Lift the user's message rate limits (default true); false keeps `rc_message` in force. */
  readonly liftRateLimits?: boolean;
  readonly displayName?: string;
}

export interface Homeserver {
  readonly baseUrl: string;
  readonly serverName: string;
  /** Registers `<localpart>-<run suffix>` so runs against a shared homeserver never collide. */
  registerUser(localpart: string, options?: RegisterOptions): Promise<RegisteredUser>;
  liftRateLimits(userId: string): Promise<void>;
  /** Synapse's own SQLite database file (undefined for an external homeserver). */
  readonly databaseFile?: string;
  /** The homeserver's log so far (empty for an external homeserver), for failure messages. */
  logTail(lines?: number): Promise<string>;
  stop(): Promise<void>;
}

/** The message rate limit every user has unless lifted: low enough for a test to reach it. */
export const MESSAGE_RATE_LIMIT = { per_second: 0.5, burst_count: 5 } as const;

const generous = { per_second: 1000, burst_count: 1000 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function requestJson(
  url: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token !== undefined) headers["authorization"] = `Bearer ${init.token}`;
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: response.status, json };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child !== null && child.exitCode !== null) {
      throw new Error(`Synapse exited with code ${child.exitCode} before it was ready`);
    }
    try {
      const response = await fetch(`${baseUrl}/_matrix/client/versions`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Synapse did not answer /_matrix/client/versions within ${timeoutMs} ms`);
}

function logConfig(logFile: string): string {
  return JSON.stringify({
    version: 1,
    formatters: { precise: { format: "%(asctime)s - %(name)s - %(levelname)s - %(request)s - %(message)s" } },
    handlers: {
      file: { class: "logging.FileHandler", formatter: "precise", filename: logFile, encoding: "utf8" },
    },
    loggers: { "synapse.storage.SQL": { level: "WARNING" } },
    root: { level: "INFO", handlers: ["file"] },
    disable_existing_loggers: false,
  });
}

function makeHomeserver(
  baseUrl: string,
  serverName: string,
  sharedSecret: string,
  stopServer: () => Promise<void>,
  logTail: (lines?: number) => Promise<string>,
): Homeserver {
  const suffix = randomBytes(3).toString("hex");
  let admin: RegisteredUser | undefined;

  async function register(localpart: string, isAdmin: boolean): Promise<RegisteredUser> {
    const username = `${localpart}-${suffix}`.toLowerCase();
    const password = randomBytes(12).toString("hex");
    const url = `${baseUrl}/_synapse/admin/v1/register`;
    const nonce = await requestJson(url);
    if (typeof nonce.json["nonce"] !== "string") {
      throw new Error(`Shared-secret registration is not available: ${JSON.stringify(nonce.json)}`);
    }
    const mac = createHmac("sha1", sharedSecret)
      .update(`${nonce.json["nonce"]}\0${username}\0${password}\0${isAdmin ? "admin" : "notadmin"}`)
      .digest("hex");
    const result = await requestJson(url, {
      method: "POST",
      body: { nonce: nonce.json["nonce"], username, password, admin: isAdmin, mac },
    });
    const { user_id, access_token, device_id } = result.json;
    if (result.status !== 200 || typeof user_id !== "string" || typeof access_token !== "string") {
      throw new Error(`Registering ${username} failed (${result.status}): ${JSON.stringify(result.json)}`);
    }
    return {
      userId: user_id,
      localpart: username,
      password,
      accessToken: access_token,
      deviceId: typeof device_id === "string" ? device_id : "",
    };
  }

  async function adminUser(): Promise<RegisteredUser> {
    admin ??= await register("harness-admin", true);
    return admin;
  }

  async function liftRateLimits(userId: string): Promise<void> {
    const token = (await adminUser()).accessToken;
    const result = await requestJson(
      `${baseUrl}/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`,
      { method: "POST", token, body: { messages_per_second: 0, burst_count: 0 } },
    );
    if (result.status !== 200) {
      throw new Error(
        `Lifting rate limits for ${userId} failed (${result.status}): ${JSON.stringify(result.json)}`,
      );
    }
  }

  return {
    baseUrl,
    serverName,
    async registerUser(localpart, options = {}) {
      const user = await register(localpart, options.admin ?? false);
      if (options.liftRateLimits ?? true) await liftRateLimits(user.userId);
      if (options.displayName !== undefined) {
        const result = await requestJson(
          `${baseUrl}/_matrix/client/v3/profile/${encodeURIComponent(user.userId)}/displayname`,
          { method: "PUT", token: user.accessToken, body: { displayname: options.displayName } },
        );
        if (result.status !== 200)
          throw new Error(`Setting a display name failed: ${JSON.stringify(result.json)}`);
      }
      return user;
    },
    liftRateLimits,
    logTail,
    stop: stopServer,
  };
}

/**
 * Starts a fresh homeserver (a new database in a temporary directory) or, when
 * PARLEY_TEST_SYNAPSE_URL and PARLEY_TEST_SYNAPSE_SHARED_SECRET are set, connects to that one.
 */
export async function startHomeserver(
  env: NodeJS.ProcessEnv = process.env,
  /** `rc_message` for every user not lifted (bench/matrix-egress.ts: Synapse's own default). */
  messageRateLimit: { per_second: number; burst_count: number } = MESSAGE_RATE_LIMIT,
): Promise<Homeserver> {
  const externalUrl = env["PARLEY_TEST_SYNAPSE_URL"];
  if (externalUrl !== undefined && externalUrl !== "") {
    const secret = env["PARLEY_TEST_SYNAPSE_SHARED_SECRET"];
    if (secret === undefined || secret === "") {
      throw new Error(
        "PARLEY_TEST_SYNAPSE_URL is set: also set PARLEY_TEST_SYNAPSE_SHARED_SECRET (registration_shared_secret).",
      );
    }
    const baseUrl = externalUrl.replace(/\/+$/, "");
    await waitUntilReady(baseUrl, null, 30_000);
    const serverName = env["PARLEY_TEST_SYNAPSE_SERVER_NAME"] ?? new URL(baseUrl).hostname;
    return makeHomeserver(
      baseUrl,
      serverName,
      secret,
      () => Promise.resolve(),
      () => Promise.resolve(""),
    );
  }

  const install = await ensureSynapse(env);
  if (install.installMs > 0) {
    process.stderr.write(
      `Installed matrix-synapse ${install.version} in ${Math.round(install.installMs / 1000)} s (cached at ${install.venv})\n`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "parley-synapse-"));
  const serverName = "localhost";
  const sharedSecret = randomBytes(24).toString("hex");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(dir, "homeserver.log");

  // Synapse writes its signing key and a starting config; our overrides (a later -c) win.
  await runGenerate(install.python, dir, serverName);
  await writeFile(join(dir, "log.config.yaml"), logConfig(logFile));
  const overrides = {
    server_name: serverName,
    public_baseurl: `${baseUrl}/`,
    pid_file: join(dir, "homeserver.pid"),
    listeners: [
      {
        port,
        bind_addresses: ["127.0.0.1"],
        type: "http",
        tls: false,
        x_forwarded: false,
        resources: [{ names: ["client"], compress: false }],
      },
    ],
    database: { name: "sqlite3", args: { database: join(dir, "homeserver.db") } },
    media_store_path: join(dir, "media"),
    log_config: join(dir, "log.config.yaml"),
    registration_shared_secret: sharedSecret,
    enable_registration: false,
    report_stats: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    presence: { enabled: false },
    url_preview_enabled: false,
    rc_message: messageRateLimit,
    rc_login: { address: generous, account: generous, failed_attempts: generous },
    rc_registration: generous,
    rc_joins: { local: generous, remote: generous },
    rc_joins_per_room: generous,
    rc_invites: { per_room: generous, per_user: generous, per_issuer: generous },
    rc_room_creation: generous,
    rc_admin_redaction: generous,
  };
  await writeFile(join(dir, "overrides.yaml"), JSON.stringify(overrides, null, 2));

  const output = createWriteStream(join(dir, "stdout.log"));
  const child = spawn(
    install.python,
    ["-m", "synapse.app.homeserver", "-c", join(dir, "hs.yaml"), "-c", join(dir, "overrides.yaml")],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout.pipe(output);
  child.stderr.pipe(output);
  // If the test worker exits without calling stop(), do not leave a homeserver behind.
  const killOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const logTail = async (lines = 40): Promise<string> => {
    const parts = await Promise.all(
      [join(dir, "stdout.log"), logFile].map((file) => readFile(file, "utf8").catch(() => "")),
    );
    return parts.join("\n").split("\n").slice(-lines).join("\n");
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) =>
        child.once("exit", () => {
          resolve();
        }),
      );
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    output.end();
    if (env["PARLEY_TEST_KEEP_SYNAPSE"] === undefined) await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child, 120_000);
  } catch (error) {
    const tail = await logTail();
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- Synapse log ---\n${tail}`,
      {
        cause: error,
      },
    );
  }
  return {
    ...makeHomeserver(baseUrl, serverName, sharedSecret, stop, logTail),
    databaseFile: join(dir, "homeserver.db"),
  };
}

async function runGenerate(python: string, dir: string, serverName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      python,
      [
        "-m",
        "synapse.app.homeserver",
        "--server-name",
        serverName,
        "--config-path",
        join(dir, "hs.yaml"),
        "--data-directory",
        dir,
        "--generate-config",
        "--report-stats=no",
      ],
      { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`Generating the Synapse config failed (exit ${code}):\n${output}`));
    });
  });
}
