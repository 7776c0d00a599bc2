// The terminal room's timer line is worded entirely in the room's locale, countdown included.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate.ts";
import { supportedLocales } from "../../src/bot/i18n/index.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-timer-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const expected: Record<(typeof supportedLocales)[number], string> = {
  en: "[room] Time remaining: ends in 5:00 (at 09:05)",
  he: "[room] הזמן שנותר: מסתיים בעוד 5:00 (בשעה 09:05)",
  ar: "ينتهي خلال 5:00 (الساعة 09:05)",
  es: "termina en 5:00 (a las 09:05)",
};

describe("the terminal room's timer line", () => {
  it.each(supportedLocales)("is fully translated in %s", async (locale) => {
    const script = join(tmp, "script");
    writeFileSync(script, "/join amal north\n/start\n");
    let transcript = "";
    let err = "";
    const code = await runSimulateCommand(
      ["test/fixtures/flows/good/minimal.yaml", "--script", script, "--fast", "--locale", locale],
      { out: (s) => (transcript += `${s}\n`), err: (s) => (err += s), write: (s) => (transcript += s) },
      {},
    );
    expect(code, err).toBe(0);
    const line = transcript.split("\n").find((l) => l.includes("5:00"));
    expect(line).toContain(expected[locale]);
    if (locale !== "en") expect(line).not.toMatch(/ends in|\bat\b/u);
  });
});
