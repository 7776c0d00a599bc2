// Test doubles for the Matrix adapter tests: an in-memory cursor store, a recording sink and a
// recording logger (real implementations of the ports, kept in memory).
import type { CursorStore, InboundEvent, Logger, PlatformName } from "../../src/bot/ports.ts";

export class MemoryCursors implements CursorStore {
  readonly values = new Map<string, string>();
  getCursor(platform: PlatformName, key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(`${platform}|${key}`));
  }
  setCursor(platform: PlatformName, key: string, value: string): Promise<void> {
    this.values.set(`${platform}|${key}`, value);
    return Promise.resolve();
  }
}

export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: "debug", message, fields });
  }
  info(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: "info", message, fields });
  }
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: "warn", message, fields });
  }
  error(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: "error", message, fields });
  }
  text(): string {
    return this.entries
      .map((entry) => `${entry.level} ${entry.message} ${JSON.stringify(entry.fields ?? {})}`)
      .join("\n");
  }
}

/** Collects what the adapter hands to the runtime. */
export class RecordingSink {
  readonly events: InboundEvent[] = [];
  readonly #waiters = new Set<() => void>();

  readonly sink = (event: InboundEvent): Promise<void> => {
    this.events.push(event);
    for (const waiter of this.#waiters) waiter();
    return Promise.resolve();
  };

  waitFor(
    predicate: (event: InboundEvent) => boolean,
    timeoutMs = 20_000,
    what = "a matching event",
  ): Promise<InboundEvent> {
    const found = this.events.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(
          new Error(
            `the adapter did not produce ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.events, null, 1)}`,
          ),
        );
      }, timeoutMs);
      const check = (): void => {
        const match = this.events.find(predicate);
        if (match === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(match);
      };
      this.#waiters.add(check);
    });
  }
}

export function textOf(event: InboundEvent | undefined): string | undefined {
  return event !== undefined && (event.kind === "message" || event.kind === "private")
    ? event.text
    : undefined;
}
