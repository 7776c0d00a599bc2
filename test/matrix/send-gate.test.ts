// Issue 19: the bot user's writes under the homeserver's rate limit. After a refusal nothing goes
// before the homeserver's wait is over, then one write at a time, the rooms taking turns.
import { describe, expect, it } from "vitest";
import { SendGate, type GatePass } from "../../src/adapters/matrix/send-gate.ts";
import { HandClock } from "../support/hand-clock.ts";

describe("SendGate", () => {
  it("after a refusal, waits retry_after, then lets one write go at a time, rooms in turn", async () => {
    const clock = new HandClock();
    const gate = new SendGate(clock);
    const given: { key: string; pass: GatePass }[] = [];
    const enter = (key: string) =>
      void gate.enter(key).then((pass) => {
        given.push({ key, pass });
      });
    // Free flow: a write goes at once; the homeserver refuses it (wait 5 s).
    enter("a");
    await clock.advanceTo(0);
    expect(given.map((l) => l.key)).toEqual(["a"]);
    given[0]?.pass.limited(5000);
    // Room a has three more writes, b and c one each; the refused write comes back first.
    void gate.enter("a", true).then((pass) => {
      given.push({ key: "a (again)", pass });
    });
    enter("a");
    enter("a");
    enter("b");
    enter("c");
    await clock.advanceTo(4999);
    expect(given).toHaveLength(1);
    await clock.advanceTo(5000);
    expect(given.map((l) => l.key)).toEqual(["a", "a (again)"]);
    // Taken: the next write goes (b's turn), and only one at a time.
    for (const expected of ["b", "c", "a", "a"]) {
      given.at(-1)?.pass.done();
      await clock.advanceTo(clock.t);
      expect(given.at(-1)?.key).toBe(expected);
    }
    expect(gate.queued).toBe(0);
    // The last taken with nothing waiting: writes go at once again.
    given.at(-1)?.pass.done();
    enter("b");
    enter("c");
    await clock.advanceTo(clock.t);
    expect(given.slice(-2).map((l) => l.key)).toEqual(["b", "c"]);
  });
});
