// The Synapse harness itself: a real homeserver, shared-secret registration, real clients.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHuman, type Human } from "../support/synapse/human.ts";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSynapse } from "../support/synapse/install.ts";
import { startHomeserver, type Homeserver } from "../support/synapse/server.ts";

describe("Synapse test harness", () => {
  let hs: Homeserver;
  const humans: Human[] = [];

  beforeAll(async () => {
    hs = await startHomeserver();
  }, 900_000);

  afterAll(async () => {
    for (const human of humans) human.stop();
    await hs.stop();
  });

  it("registers users who can talk to each other through the homeserver", async () => {
    const alice = await connectHuman(hs.baseUrl, await hs.registerUser("alice"));
    humans.push(alice);
    const bob = await connectHuman(hs.baseUrl, await hs.registerUser("bob"), {
      autoJoinFrom: [alice.userId],
    });
    humans.push(bob);
    expect(alice.userId).toMatch(/^@alice-[0-9a-f]+:localhost$/);
    const roomId = await alice.createRoom({ name: "harness", invite: [bob.userId] });
    await bob.waitFor(
      (e) =>
        e.roomId === roomId &&
        e.type === "m.room.member" &&
        e.stateKey === bob.userId &&
        e.content["membership"] === "join",
    );
    await alice.say(roomId, "hello bob");
    const seen = await bob.waitFor((e) => e.roomId === roomId && e.content["body"] === "hello bob");
    expect(seen.sender).toBe(alice.userId);
  });

  it("says what to install when no suitable Python is available, instead of skipping", async () => {
    const cache = await mkdtemp(join(tmpdir(), "parley-cache-"));
    try {
      await expect(
        ensureSynapse({ XDG_CACHE_HOME: cache, PARLEY_TEST_PYTHON: join(cache, "no-such-python") }),
      ).rejects.toThrow(/need Python 3\.10 or newer with the venv module and pip.*python3-venv/s);
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});
