// Small plumbing the Matrix adapter needs and that is not about Matrix: per-key serial queues,
// in-flight tracking, a bounded "seen" set, sleep, error messages. Kept together so they can be
// swapped for the shared adapter kit (src/adapters/shared) in one place.

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Work is run one at a time per key, in the order it was queued. */
export class SerialQueues {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.#tails.set(key, next);
    const release = (): void => {
      if (this.#tails.get(key) === next) this.#tails.delete(key);
    };
    void next.then(release, release);
    return next;
  }
}

/** Concurrent callers for one key share the running work instead of starting it twice. */
export class SingleFlight<T> {
  readonly #pending = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const started = work();
    this.#pending.set(key, started);
    void started.finally(() => this.#pending.delete(key)).catch(() => undefined);
    return started;
  }
}

/** Promises still running (deliveries), so a stop or a lookup can wait for them to settle. */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work)).catch(() => undefined);
    return work;
  }

  get size(): number {
    return this.#running.size;
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }
}

/** Recently seen ids, forgetting the oldest half once it holds more than `limit`. */
export class BoundedSeen {
  readonly #ids = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    this.#ids.add(id);
    if (this.#ids.size > this.#limit) {
      for (const old of [...this.#ids].slice(0, Math.floor(this.#limit / 2))) this.#ids.delete(old);
    }
  }
}
