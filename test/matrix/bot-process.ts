// Runs the real Parley bot (`node src/main.ts run --config <file>`) as a child process, so the
// end-to-end tests can kill it mid-workshop (SIGKILL: no clean shutdown) and start it again.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

/** How a bot process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const repo = resolve(import.meta.dirname, "../..");
const node = join(repo, "node_modules", ".bin", "node");

export class BotProcess {
  readonly #configFile: string;
  readonly #env: NodeJS.ProcessEnv;
  #child: ChildProcess | undefined;
  #output = "";
  readonly #exitHandler = (): void => {
    this.#child?.kill("SIGKILL");
  };

  private constructor(configFile: string, env: NodeJS.ProcessEnv) {
    this.#configFile = configFile;
    this.#env = env;
  }

  /** Writes the configuration (JSON is valid YAML) and returns a stopped bot. */
  static async prepare(dir: string, config: unknown, secrets: NodeJS.ProcessEnv): Promise<BotProcess> {
    const configFile = join(dir, "parley.config.json");
    await writeFile(configFile, JSON.stringify(config, null, 2));
    return new BotProcess(configFile, secrets);
  }

  get output(): string {
    return this.#output;
  }

  /** How the process ended by itself (undefined while it runs or before it started). */
  get exit(): Exit | undefined {
    const child = this.#child;
    if (child === undefined || (child.exitCode === null && child.signalCode === null)) return undefined;
    return { code: child.exitCode, signal: child.signalCode };
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error("the bot is already running");
    const child = spawn(node, [join(repo, "src", "main.ts"), "run", "--config", this.#configFile], {
      cwd: repo,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...this.#env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
    this.#child = child;
    process.once("exit", this.#exitHandler);
  }

  /** Kills the process without warning, as a crash or a power cut would. */
  async kill(): Promise<void> {
    await this.#end("SIGKILL");
  }

  /**
   * Asks the process to shut down cleanly (SIGTERM; SIGKILL if it is still running 15 s later)
   * and says how it ended: `{ code: 0, signal: null }` when it stopped by itself.
   */
  async stop(): Promise<Exit | undefined> {
    return this.#end("SIGTERM");
  }

  async #end(signal: NodeJS.Signals): Promise<Exit | undefined> {
    const child = this.#child;
    process.removeListener("exit", this.#exitHandler);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return undefined;
    const exited = new Promise<Exit>((done) =>
      child.once("exit", (code, exitSignal) => {
        done({ code, signal: exitSignal });
      }),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  }
}
