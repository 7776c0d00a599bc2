// A notice that answers a participant's command names that command's platform event (`replyTo`),
// so an adapter can show it as a reply (Matrix `m.in_reply_to`); nothing else does: not room posts,
// not the facilitators' notices, not what another person's act sends someone.
import { describe, expect, it } from "vitest";
import { harness, shortFlow } from "./harness.ts";

const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

describe("answers to commands as replies", () => {
  it("marks the sender's answers with the command's event id, and nothing else", async () => {
    const h = await harness();
    await h.platform.inject("fac", { kind: "command", name: "start", args: [shortFlow] }, "cmd-start");
    await h.platform.inject(amal, { kind: "command", name: "join", args: ["south"] }, "cmd-join");
    await h.platform.inject(amal, { kind: "command", name: "next", args: [] }, "cmd-refused");
    await h.platform.inject(amal, { kind: "command", name: "help", args: [] }, "cmd-help");
    await h.platform.inject(ben, { kind: "message", text: "hello" }, "msg-ben");
    await h.settle();
    const toAmal = h.platform.to("amal");
    expect(toAmal.length).toBeGreaterThanOrEqual(3);
    expect(toAmal.map((d) => d.replyTo)).toEqual(
      expect.arrayContaining(["cmd-join", "cmd-refused", "cmd-help"]),
    );
    // Only the command's own sender gets replies to it: room posts, facilitators' notices and
    // what a step that was no command sends are no replies.
    const senderOf: Record<string, string> = {
      "cmd-start": "fac",
      "cmd-join": "amal",
      "cmd-refused": "amal",
      "cmd-help": "amal",
    };
    const replies = h.platform.deliveries.filter((d) => d.replyTo !== undefined);
    for (const d of replies)
      expect(d.audience, JSON.stringify(d)).toEqual({ to: "user", userId: senderOf[d.replyTo ?? ""] });
    expect(h.platform.room().some((d) => d.replyTo !== undefined)).toBe(false);
    expect(h.platform.room().length).toBeGreaterThan(0);
    expect(h.platform.to("ben").every((d) => d.replyTo === undefined)).toBe(true);
  });
});
