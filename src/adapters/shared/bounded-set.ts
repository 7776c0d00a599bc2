// A set of recently seen keys (event ids, delivery keys) that forgets the oldest beyond a bound,
// so a long-running process does not grow without end. The durable record is elsewhere (the
// runtime's inbox and outbox); this only spares them repeated work.
export class BoundedSet {
  private readonly keys = new Set<string>();

  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    while (this.keys.size > this.max) {
      const oldest = this.keys.values().next();
      if (oldest.done === true) break;
      this.keys.delete(oldest.value);
    }
  }

  /** Drops every key the predicate matches (e.g. all that mention a forgotten user). */
  deleteWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.keys]) if (matches(key)) this.keys.delete(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
