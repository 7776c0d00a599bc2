// Work in flight (deliveries, event hand-offs), so that stopping can wait for it to finish.
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = (): void => {
      this.running.delete(work);
    };
    void work.then(done, done);
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once everything tracked so far has settled (failures included). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
