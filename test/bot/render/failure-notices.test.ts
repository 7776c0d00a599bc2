import { describe, expect, it } from "vitest";
import { supportedLocales } from "../../../src/bot/i18n/index.ts";
import { renderNotice, segmentsToPlainText } from "../../../src/bot/render.ts";

const facilitators = { to: "facilitators", userIds: ["f1", "f2"] } as const;

function text(d: ReturnType<typeof renderNotice>): string {
  return d.kind === "say" ? segmentsToPlainText(d.body) : "";
}

describe("failure notices to facilitators", () => {
  it("explain a delivery failure by its code, in every locale", () => {
    const d = renderNotice("delivery.failed", { code: "missing_permission" }, facilitators, "en", "r");
    expect(d).toMatchObject({ kind: "say", roomId: "r", audience: facilitators });
    expect(text(d)).toBe(
      "A message could not be delivered: the bot is missing a permission in this room. Participants may not have seen it.",
    );
    const unknownCode = renderNotice("delivery.failed", { code: "rate_limited" }, facilitators, "en", "r");
    expect(text(unknownCode)).toBe("A message could not be delivered. Participants may not have seen it.");
    for (const locale of supportedLocales) {
      const t = text(renderNotice("delivery.failed", { code: "too_large" }, facilitators, locale, "r"));
      expect(t, locale).not.toMatch(/[{}…]/);
      expect(t, locale).not.toContain("too_large");
    }
  });

  it("announce the fall-back from strict to soft turn-taking, in every locale", () => {
    const d = renderNotice(
      "floor.strictUnavailable",
      { code: "missing_permission" },
      facilitators,
      "en",
      "r",
    );
    expect(text(d)).toBe(
      "Strict turn-taking is unavailable because the bot is missing a permission. Falling back to soft turn-taking: the bot announces whose turn it is but cannot stop others from writing.",
    );
    const texts = supportedLocales.map((l) =>
      text(renderNotice("floor.strictUnavailable", { code: "unsupported" }, facilitators, l, "r")),
    );
    expect(new Set(texts).size).toBe(supportedLocales.length);
    for (const t of texts) expect(t).not.toMatch(/[{}…]|unsupported/);
  });
});
