import { expect, test } from "vitest";

// The project's own install step provides Node 24; node:sqlite and type stripping depend on it.
test("tests run on the Node the project installs (>= 22.18)", () => {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  expect(major > 22 || (major === 22 && minor >= 18)).toBe(true);
});
