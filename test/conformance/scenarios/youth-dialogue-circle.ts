// The built-in youth dialogue circle (flows/youth-dialogue-circle.yaml), unchanged, from `start`
// to the summary: a survey before, a check-in, ground rules, two strict turn rounds (the second
// with reflect-back), an open conversation, a closing round and the survey again. Every answer and
// every contribution is a distinctive text, so the summary can be checked for each one exactly
// once, and the platform's servers (where the driver can read them: an end-to-end encrypted
// Matrix room) for any of them in the clear. Issue 17's "done when".
import { expect } from "vitest";
import type { Person, Prompt, Scenario } from "../driver.ts";
import { catalogues } from "../../../src/bot/i18n/index.ts";
import { consentAll, openAndStart, playTurnStage, Progress } from "../steps.ts";

const en = catalogues.en;

/** A word no server, name or bot text holds by chance: every secret carries it. */
const MARK = "quokka";

/** The questions of the survey before (and, with the last two, after), as the prompt shows them. */
const likert = {
  know: /everyday life of young people in the other group\?/,
  ease: /How easy would it be for me to talk/,
  trust: /How much do I trust young people/,
  again: /take part in another circle like this\?/,
};
const warmth = /How warm or cold do I feel/;
const hope = /One thing I hope for from today's circle:/;
const forFacilitators = /Anything I want the facilitators to know/;

export const youthDialogueCircle: Scenario = {
  name: "the built-in youth dialogue circle, from start to the summary, nothing in the clear",
  timeoutMs: 420_000,
  async run(d) {
    const w = new Progress(d);
    const index = (p: Person): number => d.people.findIndex((x) => x.key === p.key);
    /** Texts only the workshop should ever read: none may be stored in the clear by a server. */
    // The bot's own texts are as confidential as anyone's: the flow's title and a stage's prompt.
    const secrets: string[] = ["Youth dialogue circle", "Tell us about a place, a person or a moment"];
    const secret = (text: string): string => {
      secrets.push(text);
      return text;
    };

    const answer = (tag: string, p: Person): string => `${MARK} ${tag} of participant ${String(index(p))}`;
    const arrival = (p: Person): string => `${MARK} arrives curious ${String(index(p))}`;

    await openAndStart(w, "youth-dialogue-circle", "Youth dialogue circle");

    /**
     * Answers a survey one question at a time, each acknowledged before the next. `typed`: the
     * scales' numbers are written as messages in the direct room, in the order asked (what people
     * do where no reaction may answer: a plain number, or a reply where the question says typed
     * numbers answer another one first), rather than pressed (Matrix: a reply to each).
     */
    const survey = async (
      likerts: readonly RegExp[],
      text: RegExp,
      tag: string,
      typed = false,
    ): Promise<void> => {
      for (const p of d.people) {
        const i = index(p);
        const asked: [RegExp, (q: Prompt) => Promise<void>][] = [
          ...likerts.map((re, n): [RegExp, (q: Prompt) => Promise<void>] => [
            re,
            (q) => {
              const value = String(((i + n) % 5) + 1);
              return typed ? d.write(p, q, value) : d.answer(p, q, [value]);
            },
          ]),
          [warmth, (q) => d.write(p, q, String(40 + 10 * i))],
          [text, (q) => d.write(p, q, secret(answer(tag, p)))],
        ];
        for (const [re, answer] of asked) {
          const q = await w.prompt(p, re);
          const before = d.privateTexts(p).filter((t) => /^Answer recorded/.test(t)).length;
          await answer(q);
          await d.until(
            () => d.privateTexts(p).filter((t) => /^Answer recorded/.test(t)).length > before,
            `${p.name}'s answer to ${String(re)} recorded`,
          );
        }
      }
      await w.room(/^Thank you for answering the survey/);
    };

    await w.room(/^Stage 1 of 8: Before we start/);
    // The evaluation's consent, asked of each participant alone: all but the last agree.
    const declines = d.people.at(-1);
    for (const p of d.people) {
      const consent = await w.prompt(p, new RegExp(`^${en["evaluation.consentYes"]}$`));
      const choice = p === declines ? en["evaluation.consentNo"] : en["evaluation.consentYes"];
      await d.answer(p, consent, [choice]);
      await d.until(
        () =>
          d
            .privateTexts(p)
            .some((t) => /^(Thank you: your answers will count|Understood: your answers)/.test(t)),
        `${p.name}'s consent to the evaluation recorded`,
      );
    }
    await survey([likert.know, likert.ease, likert.trust], hope, "hopes");

    // The check-in: everyone says one thing in the room (not recorded), and it ends by itself.
    await w.room(/^Stage 2 of 8: Hello/);
    await d.until(() => d.mayPost().length === d.people.length, "the room open to everyone");
    for (const p of d.people) expect(await d.say(p, secret(arrival(p)))).toBe("accepted");
    await w.room(/^Thank you, everyone\. Let's begin\./);

    await w.room(/^Stage 3 of 8: Our rules/);
    await consentAll(w);

    await w.room(/^Stage 4 of 8: My world/);
    const world = (p: Person): string => `${MARK} my world ${String(index(p))} is the bakery corner`;
    const worldOrder = await playTurnStage(w, { say: (p) => secret(world(p)) });

    await w.room(/^Stage 5 of 8: What I wish you knew/);
    const wish = (p: Person): string => `${MARK} I wish you knew ${String(index(p))} about the buses`;
    const reflected = (p: Person): string => `${MARK} I heard you ${String(index(p))}`;
    const wishOrder = await playTurnStage(w, {
      say: (p) => secret(wish(p)),
      reflect: (p) => secret(reflected(p)),
    });

    await w.room(/^Stage 6 of 8: Talking together/);
    await d.until(() => d.mayPost().length === d.people.length, "the room open to everyone");
    const talk = (p: Person): string => `${MARK} together ${String(index(p))} we both like football`;
    for (const p of d.people) expect(await d.say(p, secret(talk(p)))).toBe("accepted");
    await d.received();
    await d.command("facilitator", "next");

    await w.room(/^Stage 7 of 8: One word to take home/);
    const word = (p: Person): string => `${MARK} leaving ${String(index(p))} hopeful`;
    const wordOrder = await playTurnStage(w, { say: (p) => secret(word(p)) });

    await w.room(/^Stage 8 of 8: Before we go/);
    await survey([likert.know, likert.ease, likert.trust, likert.again], forFacilitators, "notes", true);

    await w.room(/^The workshop has ended/);
    const summary = await d.until(
      () => d.roomTexts().find((t) => t.includes("Summary of the workshop: Youth dialogue circle")),
      "the summary",
    );

    // Every stage in order, and one turn each in every round.
    expect(d.roomTexts().filter((t) => /^Stage \d of 8:/.test(t))).toEqual([
      "Stage 1 of 8: Before we start",
      "Stage 2 of 8: Hello",
      "Stage 3 of 8: Our rules",
      "Stage 4 of 8: My world",
      "Stage 5 of 8: What I wish you knew",
      "Stage 6 of 8: Talking together",
      "Stage 7 of 8: One word to take home",
      "Stage 8 of 8: Before we go",
    ]);
    for (const order of [worldOrder, wishOrder, wordOrder])
      expect(order.map((p) => p.key).sort()).toEqual(d.people.map((p) => p.key).sort());

    // The summary counts each participant's three turns once, and names nobody (Chatham House).
    expect(summary).toContain("Group A: 2 participants, 6 turns");
    expect(summary).toContain("Group B: 2 participants, 6 turns");
    for (const p of d.people) for (const id of p.identifiers) expect(summary).not.toContain(id);
    // The facilitators' report holds every contribution exactly once, and every written answer
    // of those who agreed to the evaluation (none of the one who did not), without its author;
    // what the check-in heard is not kept at all.
    if (d.report !== undefined) {
      const report = await d.report();
      const count = (text: string): number => report.split(text).length - 1;
      for (const p of d.people) {
        for (const text of [world(p), wish(p), talk(p), word(p)])
          expect(count(text), `${text} in\n${report}`).toBe(1);
        for (const text of [answer("hopes", p), answer("notes", p)])
          expect(count(text), `${text} in\n${report}`).toBe(p === declines ? 0 : 1);
        expect(count(arrival(p)), arrival(p)).toBe(0);
        for (const id of p.identifiers) expect(report).not.toContain(id);
      }
      // Every scale answered by the three who agreed, before and after: each typed number reached
      // its own question (a number taken for another one leaves a question short).
      for (const q of ["know about the everyday life", "easy would it be", "trust young people"])
        expect(report.match(new RegExp(`${q}[^\\n]*: 3 answers`, "g")), q).toHaveLength(2);
      expect(report).toMatch(/take part in another circle like this\?: 3 answers/);
      expect(report).toContain("One thing I hope for from today's circle:: 3 answers");
    }

    // The bot read everything it was sent: nobody was asked to send a message again.
    for (const who of ["facilitator" as const, ...d.people])
      for (const t of d.privateTexts(who)) expect(t).not.toMatch(/could not read/);
    // Nothing anyone wrote or said is stored in the clear where the platform keeps it.
    if (d.storedInClear !== undefined) expect(await d.storedInClear(secrets)).toEqual([]);
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
