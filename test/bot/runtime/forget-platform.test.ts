import { describe, expect, it } from "vitest";
import { harness, shortFlow } from "./harness.ts";

const amal = { userId: "amal-user-id", displayName: "Amal" };
const ben = { userId: "ben-user-id", displayName: "Ben" };

describe("a confirmed forget-me reaches the platform adapter", () => {
  it("asks the room's platform to drop its own traces of that user, and only after the confirmation", async () => {
    const h = await harness();
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command(ben, "join", "north");
    await h.platform.command("fac", "start");
    await h.platform.command(amal, "forget-me");
    await h.settle();
    // A request alone changes nothing on the platform.
    expect(h.platform.forgotten).toEqual([]);
    await h.platform.command("fac", "confirm-forget", "p1");
    await h.settle();
    expect(h.platform.forgotten).toEqual(["amal-user-id"]);
    await h.runtime.stop();
  });
});
