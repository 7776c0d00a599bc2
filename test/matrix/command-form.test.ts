// Instructions name commands as they are typed on Matrix: the adapter tells the runtime its
// command form, from its configured prefix (issue 12). No homeserver is needed to read it.
import { describe, expect, it } from "vitest";
import { createMatrixPlatform } from "../../src/adapters/matrix/index.ts";
import { MemoryCursors, RecordingLogger } from "./helpers.ts";

function platform(extra: Record<string, unknown>) {
  const made = createMatrixPlatform(
    { homeserverUrl: "http://127.0.0.1:1", userId: "@parley:localhost", ...extra },
    { MATRIX_ACCESS_TOKEN: "not-a-real-token" },
    { cursors: new MemoryCursors(), logger: new RecordingLogger() },
  );
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

describe("the Matrix command form", () => {
  it("is !parley by default, and follows a configured prefix", () => {
    expect(platform({}).capabilities.commandPrefix).toBe("!parley ");
    expect(platform({ commandPrefix: "!dialogue" }).capabilities.commandPrefix).toBe("!dialogue ");
  });
});
