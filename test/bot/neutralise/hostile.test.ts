import { describe, expect, it } from "vitest";
import { ellipsis, neutraliseUserText } from "../../../src/bot/neutralise.ts";

const unpaired = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("neutraliseUserText with hostile input", () => {
  it("does not let a long run of stripped characters push the message out of the excerpt", () => {
    const text = "\u202E".repeat(20_000) + "the real message";
    expect(neutraliseUserText(text)).toBe("the real message");
  });

  it("never returns unpaired surrogates, also when cutting next to an emoji", () => {
    expect(neutraliseUserText("a\uD800b\uDC00c")).toBe("a\uFFFDb\uFFFDc");
    for (let n = 0; n < 6; n++) {
      const out = neutraliseUserText("x".repeat(n) + "😀".repeat(40), 10);
      expect(out, `n=${String(n)}`).not.toMatch(unpaired);
      expect(Array.from(out).length).toBeLessThanOrEqual(10);
    }
    const huge = neutraliseUserText("\u202A".repeat(40_000) + "😀".repeat(10_000), 50);
    expect(huge).not.toMatch(unpaired);
    expect(huge.endsWith(ellipsis)).toBe(true);
  });
});
