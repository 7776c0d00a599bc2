// Concurrent callers for one key share the running work instead of starting it twice (e.g. two
// deliveries that both need the same direct room open one, not two).
export class SingleFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const pending = this.pending.get(key);
    if (pending !== undefined) return pending;
    const started = work();
    this.pending.set(key, started);
    const done = (): void => {
      this.pending.delete(key);
    };
    void started.then(done, done);
    return started;
  }
}
