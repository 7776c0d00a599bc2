// A restored session's card keeps the stage's title and introduction it showed; once parsed from
// the store, those are made the flow's own objects instead of a copy in every session (issue 19).
import { describe, expect, it } from "vitest";
import { shareSpecTexts } from "../../../src/bot/sessions/host.ts";
import { flow, stages } from "../../flows/machines/harness.ts";

describe("shareSpecTexts", () => {
  it("makes a parsed card's flow texts the spec's objects, and leaves participants' texts as they are", () => {
    const title = { en: "Joint ideas", ar: "أفكار مشتركة", he: "רעיונות משותפים", es: "Ideas conjuntas" };
    const spec = flow([{ ...stages.brainstorm(), title }]);
    const specTitle = spec.stages[0]?.title;
    if (specTitle === undefined) throw new Error("no title");
    const stored = JSON.stringify({
      key: "s1:stage:1",
      parts: [
        {
          slot: "title",
          effect: { type: "say", key: "workshop.stageOpens", vars: { stage: { text: title } } },
        },
        { slot: "event", effect: { type: "say", key: "x", vars: { idea: { userText: "Ideas conjuntas" } } } },
      ],
    });
    const card = JSON.parse(stored) as {
      parts: { effect: { vars: Record<string, { text?: unknown; userText?: unknown }> } }[];
    };
    expect(card.parts[0]?.effect.vars["stage"]?.text).not.toBe(specTitle);
    shareSpecTexts(spec, card);
    expect(card.parts[0]?.effect.vars["stage"]?.text).toBe(specTitle);
    expect(JSON.stringify(card)).toBe(stored);
  });
});
