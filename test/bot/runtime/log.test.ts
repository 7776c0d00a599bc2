import { describe, expect, it } from "vitest";
import { JsonLogger, Redactor, parseLogLevel } from "../../../src/bot/log.ts";

const env = {
  DISCORD_TOKEN: "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123",
  MATRIX_ACCESS_TOKEN: "syt_cGFybGV5_abcdefghijklmnop_1a2b3c",
  MATRIX_PASSWORD: "correct horse battery",
  PARLEY_DATABASE_URL: "postgres://parley:s3cr3t-pw@db.example:5432/parley",
  MATRIX_CRYPTO_PASSPHRASE: "olive tree by the well",
  MATRIX_CRYPTO_PASSPHRASE_PREVIOUS: "fig tree by the gate",
};

function capture(level?: "debug" | "info" | "warn" | "error") {
  const lines: string[] = [];
  const logger = new JsonLogger({
    env: { ...env, PARLEY_LOG_LEVEL: level },
    write: (l) => lines.push(l),
    now: () => 0,
  });
  return { logger, lines };
}

describe("log redaction", () => {
  it("removes the configured secrets wherever they appear", () => {
    const { logger, lines } = capture();
    logger.error(`login failed with ${env.DISCORD_TOKEN}`, {
      detail: `password was ${env.MATRIX_PASSWORD}`,
      sealing: `keys sealed with ${env.MATRIX_CRYPTO_PASSPHRASE}, once ${env.MATRIX_CRYPTO_PASSPHRASE_PREVIOUS}`,
      url: env.PARLEY_DATABASE_URL,
      nested: { list: [env.MATRIX_ACCESS_TOKEN] },
      err: new Error(`connect ${env.PARLEY_DATABASE_URL} failed (s3cr3t-pw)`),
    });
    const out = lines.join("");
    for (const secret of [
      env.DISCORD_TOKEN,
      env.MATRIX_ACCESS_TOKEN,
      env.MATRIX_PASSWORD,
      "s3cr3t-pw",
      env.MATRIX_CRYPTO_PASSPHRASE,
      env.MATRIX_CRYPTO_PASSPHRASE_PREVIOUS,
    ]) {
      expect(out).not.toContain(secret);
    }
    const record = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(record["level"]).toBe("error");
    expect(record["url"]).toBe("[redacted]");
  });

  it("removes token-shaped values and secret-named fields it was not told about", () => {
    const r = new Redactor({});
    expect(r.value({ token: "abc", accessToken: "xyz", password: "hunter22", name: "Amal" })).toEqual({
      token: "[redacted]",
      accessToken: "[redacted]",
      password: "[redacted]",
      name: "Amal",
    });
    expect(
      r.text("Authorization: Bot NzkyNzE1NDU0MTk2MDg4ODQy.X-hvzA.Ovy4MCQywSkoMRRclStW4xAYK7I"),
    ).not.toContain("Ovy4MCQywSkoMRRclStW4xAYK7I");
    expect(r.text("GET /sync?access_token=syt_abcdefghijklmnopq&since=1")).toBe(
      "GET /sync?access_token=[redacted]&since=1",
    );
    expect(r.text("postgres://u:pw123456@h/db")).toBe("postgres://u:[redacted]@h/db");
    expect(r.text("an ordinary sentence. with dots. nothing secret")).toBe(
      "an ordinary sentence. with dots. nothing secret",
    );
  });

  it("honours the level", () => {
    const { logger, lines } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["w", "e"]);
    expect(parseLogLevel("DEBUG")).toBe("debug");
    expect(parseLogLevel("nonsense")).toBe("info");
  });
});
