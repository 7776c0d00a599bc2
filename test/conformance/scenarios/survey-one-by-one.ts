// A survey of every question type (likert with the author's end labels, a feeling thermometer, a
// single choice and two free-text questions) answered one question at a time, each participant in
// a different order, one of them with an answer that is not a number first. The survey ends by
// itself only once every participant has answered every question, so an answer taken for the
// wrong question keeps it open and the scenario fails (issue 12).
import { expect } from "vitest";
import type { Person, Prompt, Scenario } from "../driver.ts";
import { groups, openAndStart, Progress } from "../steps.ts";

const surveyFlow = {
  id: "survey-one-by-one",
  version: 1,
  title: { en: "Survey one by one" },
  description: { en: "One survey of every question type." },
  defaultLocale: "en",
  groups,
  confidentiality: "open",
  turnEnforcement: "soft",
  stages: [
    {
      id: "before",
      kind: "survey",
      title: { en: "Before we begin" },
      seconds: 1800,
      questions: [
        {
          id: "trust",
          type: "likert",
          points: 5,
          text: { en: "How much do you trust the other group?" },
          lowLabel: { en: "not at all" },
          highLabel: { en: "completely" },
        },
        { id: "warmth", type: "thermometer", text: { en: "How warm do you feel toward the other group?" } },
        {
          id: "activity",
          type: "choice",
          text: { en: "Which activity would you join?" },
          options: [
            { id: "football", label: { en: "Football" } },
            { id: "music", label: { en: "Music" } },
            { id: "cooking", label: { en: "Cooking" } },
          ],
        },
        { id: "hope", type: "text", text: { en: "In your own words: what do you hope for?" } },
        { id: "worry", type: "text", text: { en: "In your own words: what worries you?" } },
      ],
    },
  ],
};

type Question = "trust" | "warmth" | "activity" | "hope" | "worry";

const shown: Record<Question, RegExp> = {
  trust: /How much do you trust the other group\?/,
  warmth: /How warm do you feel toward the other group\?/,
  activity: /Which activity would you join\?/,
  hope: /what do you hope for\?/,
  worry: /what worries you\?/,
};

export const surveyOneByOne: Scenario = {
  name: "a survey of every question type is answered one question at a time, in any order",
  timeoutMs: 240_000,
  async run(d) {
    const w = new Progress(d);
    const [zephyrine, oswin, ludmila, teodor] = d.people as [Person, Person, Person, Person];
    await openAndStart(w, await d.flow(surveyFlow), "Survey one by one");
    await w.room(/^Stage 1 of 1: Before we begin/);

    // Every question reaches every participant, each answerable on its own.
    const asked = new Map<string, Map<Question, Prompt>>();
    for (const p of d.people) {
      const mine = new Map<Question, Prompt>();
      for (const q of Object.keys(shown) as Question[]) mine.set(q, await w.prompt(p, shown[q]));
      asked.set(p.key, mine);
    }
    const promptOf = (p: Person, q: Question): Prompt => {
      const found = asked.get(p.key)?.get(q);
      if (found === undefined) throw new Error(`${q} was not asked of ${p.name}`);
      return found;
    };
    // The scale is described once, with the author's end labels.
    const trust = promptOf(zephyrine, "trust");
    expect(trust.text).toContain("1 = not at all, 5 = completely");
    expect(trust.options).toEqual(["1", "2", "3", "4", "5"]);
    expect(promptOf(zephyrine, "activity").options).toEqual(["Football", "Music", "Cooking"]);
    for (const q of ["warmth", "hope", "worry"] as const) expect(promptOf(zephyrine, q).write).toBe(true);

    const answers: Record<Question, (p: Person) => Promise<void>> = {
      trust: (p) => d.answer(p, promptOf(p, "trust"), [p.group === "group-a" ? "4" : "2"]),
      warmth: (p) => d.write(p, promptOf(p, "warmth"), p.group === "group-a" ? "70" : "35"),
      activity: (p) => d.answer(p, promptOf(p, "activity"), ["Music"]),
      hope: (p) => d.write(p, promptOf(p, "hope"), `${p.name} hopes for a shared youth centre`),
      worry: (p) => d.write(p, promptOf(p, "worry"), `${p.name} worries about the checkpoints`),
    };
    const orders: [Person, Question[]][] = [
      [zephyrine, ["trust", "warmth", "activity", "hope", "worry"]],
      [oswin, ["worry", "hope", "activity", "warmth", "trust"]],
      [ludmila, ["hope", "trust", "worry", "warmth", "activity"]],
    ];
    for (const [p, order] of orders) {
      for (const q of order) {
        const before = d.privateTexts(p).filter((t) => /^Answer recorded/.test(t)).length;
        await answers[q](p);
        // Each answer is acknowledged privately before the next.
        await d.until(
          () => d.privateTexts(p).filter((t) => /^Answer recorded/.test(t)).length > before,
          `${p.name}'s answer to ${q} recorded`,
        );
      }
    }

    // Teodor first writes words where a number is asked: told so privately, and asked again.
    await d.write(teodor, promptOf(teodor, "warmth"), "quite warm");
    await d.until(
      () => d.privateTexts(teodor).find((t) => /Please answer with a whole number from 0 to 100/.test(t)),
      "teodor told the thermometer takes a number",
    );
    const again = await w.prompt(teodor, shown.warmth, "the thermometer asked of teodor again");
    expect(again.write).toBe(true);
    await d.write(teodor, again, "40");
    for (const q of ["hope", "worry", "trust", "activity"] as const) await answers[q](teodor);

    // Every question answered by everyone: the survey ends by itself, and so does the workshop.
    await w.room(/^Thank you for answering the survey/);
    await w.room(/^The workshop has ended/);
    for (const p of d.people)
      expect(
        d.privateTexts(p).filter((t) => /^Answer recorded/.test(t)),
        `${p.name}'s acknowledgements`,
      ).toHaveLength(5);
    // Nobody was told a question had closed or that nothing was being collected.
    for (const p of d.people)
      for (const t of d.privateTexts(p))
        expect(t).not.toMatch(/question is closed|Nothing is being collected/);
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
