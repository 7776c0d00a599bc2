// Structured logs: JSON lines to stderr, level from PARLEY_LOG_LEVEL. Everything passes through a
// redactor first, so tokens, passwords and database URL passwords never reach a log.
import type { Logger } from "./ports.ts";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function parseLogLevel(value: string | undefined, fallback: LogLevel = "info"): LogLevel {
  const v = value?.trim().toLowerCase();
  return v === "debug" || v === "info" || v === "warn" || v === "error" || v === "silent" ? v : fallback;
}

const secretEnvNames = [
  "DISCORD_TOKEN",
  "MATRIX_ACCESS_TOKEN",
  "MATRIX_PASSWORD",
  "MATRIX_CRYPTO_PASSPHRASE",
  "MATRIX_CRYPTO_PASSPHRASE_PREVIOUS",
  "PARLEY_DATABASE_URL",
  "PARLEY_TRANSLATOR_API_KEY",
];
/** Field names whose values are secrets whatever they look like. */
const secretField = /(token|password|passwd|secret|authorization|api[-_]?key|cookie|credential)/i;
/** Discord bot tokens: three base64url parts. */
const discordToken = /\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}\b/g;
/** Matrix access tokens (syt_…, mct_…) and bearer headers. */
const matrixToken = /\b(?:syt|mct|syr)_[A-Za-z0-9_=-]{10,}\b/g;
const bearer = /\b(Bearer|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/g;
/** user:password@ in URLs. */
const urlPassword = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)([^@/?#\s]+)@/gi;
const tokenQuery = /([?&](?:access_token|token|password)=)[^&\s#]+/gi;

export const redacted = "[redacted]";

export class Redactor {
  private readonly literals: string[];
  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.literals = [];
    for (const name of secretEnvNames) {
      const value = env[name];
      if (value !== undefined && value.length >= 4) {
        this.literals.push(value);
        // A database URL's password alone may appear elsewhere (driver errors).
        const pw = /:\/\/[^:/@]*:([^@]+)@/.exec(value)?.[1];
        if (pw !== undefined && pw.length >= 4) this.literals.push(decodeURIComponent(pw), pw);
      }
    }
    this.literals.sort((a, b) => b.length - a.length);
  }

  text(s: string): string {
    let out = s;
    for (const lit of this.literals) out = out.split(lit).join(redacted);
    return out
      .replace(urlPassword, `$1${redacted}@`)
      .replace(tokenQuery, `$1${redacted}`)
      .replace(bearer, `$1 ${redacted}`)
      .replace(discordToken, redacted)
      .replace(matrixToken, redacted);
  }

  value(v: unknown, key?: string, depth = 0): unknown {
    if (key !== undefined && secretField.test(key) && v !== undefined && v !== null && v !== "")
      return redacted;
    if (typeof v === "string") return this.text(v);
    if (depth > 6) return "[deep]";
    if (v instanceof Error) {
      return {
        name: v.name,
        message: this.text(v.message),
        ...(v.stack === undefined ? {} : { stack: this.text(v.stack) }),
      };
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x, undefined, depth + 1));
    if (typeof v === "object" && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.value(x, k, depth + 1);
      return out;
    }
    return v;
  }
}

export interface JsonLoggerOptions {
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
  readonly base?: Readonly<Record<string, unknown>>;
}

export class JsonLogger implements Logger {
  private readonly level: number;
  private readonly write: (line: string) => void;
  private readonly redactor: Redactor;
  private readonly now: () => number;
  private readonly base: Readonly<Record<string, unknown>>;

  constructor(options: JsonLoggerOptions = {}) {
    const env = options.env ?? process.env;
    this.level = order[options.level ?? parseLogLevel(env["PARLEY_LOG_LEVEL"])];
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.redactor = new Redactor(env);
    this.now = options.now ?? Date.now;
    this.base = options.base ?? {};
  }

  private log(
    level: Exclude<LogLevel, "silent">,
    message: string,
    fields?: Readonly<Record<string, unknown>>,
  ): void {
    if (order[level] < this.level) return;
    const record = this.redactor.value({ ...this.base, ...fields }) as Record<string, unknown>;
    const line = {
      time: new Date(this.now()).toISOString(),
      level,
      msg: this.redactor.text(message),
      ...record,
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log("debug", message, fields);
  }
  info(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log("info", message, fields);
  }
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log("warn", message, fields);
  }
  error(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log("error", message, fields);
  }
}

/** A logger that keeps records in memory (tests). */
export class MemoryLogger implements Logger {
  readonly records: { level: string; message: string; fields: Readonly<Record<string, unknown>> }[] = [];
  debug(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.records.push({ level: "debug", message, fields });
  }
  info(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.records.push({ level: "info", message, fields });
  }
  warn(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.records.push({ level: "warn", message, fields });
  }
  error(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.records.push({ level: "error", message, fields });
  }
}
