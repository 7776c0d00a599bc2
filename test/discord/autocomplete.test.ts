// `/parley start flow:` autocomplete: ids and titles from the flow library, never file paths.
import { describe, expect, it } from "vitest";
import { autocompleteChoices } from "../../src/adapters/discord/commands.ts";

const flows = [
  { id: "perspective-exchange", title: "Perspective exchange" },
  { id: "youth-dialogue-circle", title: "Youth dialogue circle" },
  { id: "our-flow", title: "our-flow" },
];

describe("autocompleteChoices", () => {
  it("matches ids and titles, shows the title with the id and sends the id", () => {
    expect(autocompleteChoices(flows, "persp")).toEqual([
      { name: "Perspective exchange (perspective-exchange)", value: "perspective-exchange" },
    ]);
    expect(autocompleteChoices(flows, "dialogue")).toEqual([
      { name: "Youth dialogue circle (youth-dialogue-circle)", value: "youth-dialogue-circle" },
    ]);
    expect(autocompleteChoices(flows, "our")).toEqual([{ name: "our-flow", value: "our-flow" }]);
  });

  it("keeps a long title within Discord's 100 characters, the id whole", () => {
    const [choice] = autocompleteChoices([{ id: "long-one", title: "x".repeat(150) }], "");
    expect(choice?.name.length).toBe(100);
    expect(choice?.name.endsWith("… (long-one)")).toBe(true);
    expect(choice?.value).toBe("long-one");
  });
});
