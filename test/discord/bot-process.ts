// The real bot as a child process (`node src/main.ts run --config <file>`), pointed at a
// FakeDiscordServer running in the test process, so a test can kill it mid-workshop and restart it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { FakeDiscordServer } from "../support/fake-discord/index.ts";

const repo = resolve(import.meta.dirname, "../..");
const node = join(repo, "node_modules/.bin/node");

export interface BotConfigInput {
  readonly server: FakeDiscordServer;
  readonly channelId: string;
  readonly facilitators: readonly string[];
  readonly groupRoles: Readonly<Record<string, string>>;
  readonly discord?: Readonly<Record<string, unknown>>;
  /** More top-level configuration (e.g. `safeguarding`). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /**
   * The room's fixed languages. The end-to-end transcripts are read in English (ben's Spanish
   * interface would make the room bilingual), so English only unless a test says otherwise;
   * `null`: none fixed (every present participant's language, as in a real room).
   */
  readonly languages?: readonly string[] | null;
}

/** The flow directory every test bot is configured with. */
export const testFlowsDir: string = mkdtempSync(join(tmpdir(), "parley-discord-flows-"));

export function writeBotConfig(input: BotConfigInput): { dir: string; configPath: string } {
  const dir = mkdtempSync(join(tmpdir(), "parley-discord-e2e-"));
  const config = {
    store: { kind: "sqlite", path: join(dir, "parley.sqlite") },
    locale: "en",
    // Chat starts flows by id only: test flows are written here (writeTempFlow).
    flows: { dirs: [testFlowsDir] },
    rooms: {
      [`discord:${input.channelId}`]: {
        facilitators: input.facilitators,
        facilitatorRoles: [],
        locale: "en",
        groupRoles: input.groupRoles,
        ...(input.languages === null ? {} : { languages: input.languages ?? ["en"] }),
      },
    },
    discord: {
      guildId: input.server.guildId,
      channels: [input.channelId],
      restApi: input.server.restApi,
      groupRoles: input.groupRoles,
      replyGraceMs: 1000,
      ...input.discord,
    },
    ...input.extra,
  };
  const configPath = join(dir, "parley.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath };
}

export class BotProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  readonly output: string[] = [];
  private readonly configPath: string;
  private readonly token: string;

  constructor(configPath: string, token: string) {
    this.configPath = configPath;
    this.token = token;
  }

  start(): void {
    const child = spawn(node, ["src/main.ts", "run", "--config", this.configPath], {
      cwd: repo,
      env: { ...process.env, DISCORD_TOKEN: this.token },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.setEncoding("utf8").on("data", (d: string) => this.output.push(d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => this.output.push(d));
    this.exited = new Promise((resolveExit) => {
      child.on("exit", (code) => {
        resolveExit(code);
      });
    });
    this.child = child;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** kill -9: no chance to flush or close anything. */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child?.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(timer);
    this.child = null;
  }

  /** Resolves with the exit code once the process has exited by itself. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  get log(): string {
    return this.output.join("");
  }
}
