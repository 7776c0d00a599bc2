// The shared adapter kit: serial queues, in-flight tracking, bounded sets, sleep, config issues.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BoundedSet } from "../../../src/adapters/shared/bounded-set.ts";
import { configIssues } from "../../../src/adapters/shared/config-issues.ts";
import { errorMessage } from "../../../src/adapters/shared/errors.ts";
import { InFlight } from "../../../src/adapters/shared/in-flight.ts";
import { SerialQueues } from "../../../src/adapters/shared/serial-queues.ts";
import { sleep } from "../../../src/adapters/shared/sleep.ts";

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("SerialQueues", () => {
  it("runs one key's tasks in order, after a failed one too, and other keys meanwhile", async () => {
    const q = new SerialQueues();
    const log: string[] = [];
    const first = gate();
    const a1 = q.run("a", async () => {
      await first.promise;
      log.push("a1");
      throw new Error("a1 failed");
    });
    const a2 = q.run("a", () => {
      log.push("a2");
      return Promise.resolve(2);
    });
    await q.run("b", () => {
      log.push("b1");
      return Promise.resolve();
    });
    expect(log).toEqual(["b1"]);
    first.open();
    await expect(a1).rejects.toThrow("a1 failed");
    expect(await a2).toBe(2);
    expect(log).toEqual(["b1", "a1", "a2"]);
  });
});

describe("InFlight", () => {
  it("settles once everything tracked has settled, failures included", async () => {
    const f = new InFlight();
    const g = gate();
    let done = false;
    void f.track(g.promise.then(() => Promise.reject(new Error("x")))).catch(() => undefined);
    const settled = f.settled().then(() => {
      done = true;
    });
    expect(f.size).toBe(1);
    await Promise.resolve();
    expect(done).toBe(false);
    g.open();
    await settled;
    expect(done).toBe(true);
    expect(f.size).toBe(0);
  });
});

describe("BoundedSet", () => {
  it("forgets the oldest key beyond its bound, and whatever a predicate names", () => {
    const s = new BoundedSet(2);
    s.add("a");
    s.add("b");
    s.add("c");
    expect([s.has("a"), s.has("b"), s.has("c")]).toEqual([false, true, true]);
    s.deleteWhere((k) => k === "b");
    expect([s.has("b"), s.size]).toEqual([false, 1]);
  });
});

describe("sleep, errorMessage and configIssues", () => {
  it("returns at once when aborted", async () => {
    const abort = new AbortController();
    abort.abort();
    await sleep(60_000, abort.signal);
  });

  it("name the message and each field of a section", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
    const r = z.strictObject({ guildId: z.string(), n: z.number() }).safeParse({ guildId: 1, n: "x" });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(configIssues("discord", r.error)).toMatch(/^discord\.guildId: .+; discord\.n: .+$/);
  });
});
