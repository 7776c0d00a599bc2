// Consent with a refusal, a survey and an anonymous brainstorm; then an ordinary member reads the
// room's whole history back from the platform: no answer, vote, refusal or author anywhere.
import { expect } from "vitest";
import type { Person, Scenario } from "../driver.ts";
import { groups, openAndStart, Progress } from "../steps.ts";

const anonymousFlow = {
  id: "anonymous-ideas",
  version: 1,
  title: { en: "Anonymous ideas" },
  description: { en: "Ground rules, a check-in survey and an anonymous brainstorm." },
  defaultLocale: "en",
  groups,
  confidentiality: "anonymous",
  turnEnforcement: "soft",
  stages: [
    {
      id: "rules",
      kind: "ground-rules",
      title: { en: "Ground rules" },
      rules: [{ en: "What is said here stays here." }],
    },
    {
      id: "check-in",
      kind: "survey",
      title: { en: "Check-in" },
      seconds: 600,
      questions: [{ id: "hope", type: "likert", text: { en: "How hopeful are you today?" } }],
    },
    {
      id: "ideas",
      kind: "brainstorm",
      title: { en: "Ideas" },
      prompt: { en: "What could our two communities do together?" },
      divergeSeconds: 600,
      maxIdeasPerPerson: 2,
      clusterSeconds: 300,
      voting: { method: "dots", dots: 2, maxPerIdea: 1, seconds: 600 },
      shortlist: 3,
    },
  ],
};

const ideas = [
  "a shared garden by the river",
  "a choir singing in both languages",
  "a library swap between the schools",
  "a weekend market for both towns",
] as const;

export const anonymousBrainstorm: Scenario = {
  name: "an anonymous brainstorm read back by an ordinary member names no author",
  timeoutMs: 240_000,
  async run(d) {
    const w = new Progress(d);
    const [zephyrine, oswin, ludmila, teodor] = d.people as [Person, Person, Person, Person];
    const [garden, choir, library, market] = ideas;
    const ideaOf = new Map([
      [zephyrine.key, garden],
      [oswin.key, choir],
      [ludmila.key, library],
      [teodor.key, market],
    ]);

    await openAndStart(w, await d.flow(anonymousFlow), "Anonymous ideas");
    await w.room(/^Stage 1 of 3: Ground rules/);
    // The first participant refuses at first (only the facilitators hear of it), then agrees.
    const consent = new Map<string, Awaited<ReturnType<typeof w.prompt>>>();
    for (const p of d.people) consent.set(p.key, await w.prompt(p, /^I agree$/));
    const firstConsent = consent.get(zephyrine.key);
    if (firstConsent === undefined) throw new Error("no consent prompt");
    await d.answer(zephyrine, firstConsent, ["I do not agree"]);
    await d.until(
      () => d.privateTexts("facilitator").find((t) => /did not agree to the ground rules/.test(t)),
      "the facilitators told of the refusal",
    );
    for (const p of [...d.people].reverse()) {
      const c = consent.get(p.key);
      if (c !== undefined) await d.answer(p, c, ["I agree"]);
    }
    await w.room(/Everyone has agreed to the ground rules/);

    // The survey question reaches each participant privately.
    await w.room(/^Stage 2 of 3: Check-in/);
    const hope = new Map([
      [zephyrine.key, 5],
      [oswin.key, 1],
      [ludmila.key, 4],
      [teodor.key, 2],
    ]);
    for (const p of d.people) {
      const q = await w.prompt(p, /How hopeful are you today\?/);
      const label = q.options[(hope.get(p.key) ?? 3) - 1];
      if (label === undefined) throw new Error(`no option ${String(hope.get(p.key))}: ${q.text}`);
      await d.answer(p, q, [label]);
    }
    await d.command("facilitator", "next");

    // Each participant writes an idea privately.
    await w.room(/^Stage 3 of 3: Ideas/);
    for (const p of d.people) {
      const request = await d.until(
        () => w.newPrompts(p).find((x) => x.write && /Write an idea/.test(x.text)),
        `the idea request for ${p.name}`,
      );
      w.consumePrompt(p, request);
      await d.write(p, request, ideaOf.get(p.key) ?? "");
    }

    // The ideas are shown for clustering, then put to a vote: two dots each. The garden is backed
    // by both groups, the choir and the market by one group each.
    await d.command("facilitator", "next");
    for (const idea of ideas) await w.room(new RegExp(idea), `the idea "${idea}" listed`);
    await d.command("facilitator", "next");
    const votes: [Person, string[]][] = [
      [zephyrine, [garden, choir]],
      [oswin, [garden, library]],
      [ludmila, [choir, market]],
      [teodor, [garden, market]],
    ];
    for (const [p, chosen] of votes) {
      const ballot = await w.prompt(p, new RegExp(ideas.join("|")), `the ballot for ${p.name}`);
      const labels = chosen.map((idea) => {
        const label = ballot.options.find((o) => o.includes(idea));
        if (label === undefined)
          throw new Error(`"${idea}" is not on the ballot: ${ballot.options.join(" | ")}`);
        return label;
      });
      await d.answer(p, ballot, labels);
    }
    for (const p of d.people)
      await d.until(() => d.privateTexts(p).find((t) => /vote/i.test(t)), `${p.name}'s votes confirmed`);
    await d.command("facilitator", "next");

    await w.room(/^The ideas with the broadest support across groups/);
    await w.room(/^The workshop has ended/);
    const summary = (await d.until(() => d.pinned(), "the pinned summary")).text;
    // The votes were counted. Groups of two are below the anonymous minimum group size (3):
    // totals only, no group's share.
    expect(summary).toContain("Summary of the workshop: Anonymous ideas");
    expect(summary).toContain("a group had fewer than 3 people");
    expect(summary).toMatch(new RegExp(`1\\. ${garden}: 3 votes`));
    expect(summary).toMatch(new RegExp(`${choir}: 2 votes`));
    expect(summary).toMatch(new RegExp(`${market}: 2 votes`));
    expect(summary).toMatch(new RegExp(`${library}: 1 vote\\b`));
    expect(summary).not.toMatch(/% across groups/u);

    // Only the facilitators heard of the refusal.
    for (const p of d.people)
      for (const t of d.privateTexts(p)) expect(t).not.toMatch(/did not agree to the ground rules/);

    // Oswin, an ordinary member (not the bot, not a facilitator), reads the room's whole history
    // back from the platform.
    const history = await d.history(oswin);
    const people = new Map(d.people.map((p) => [p.key, p]));
    // Participants did nothing in the room but join: no post, reaction, answer or vote there.
    for (const e of history.filter((x) => people.has(x.by)))
      expect(
        e.kind === "membership" || (e.kind === "command" && /join/.test(e.text)),
        `${e.kind} ${e.text}`,
      ).toBe(true);
    expect(history.filter((e) => e.kind === "reaction")).toEqual([]);
    // Nobody else wrote there, and the facilitator only set the room up and steered.
    expect(history.filter((e) => e.by === "other")).toEqual([]);
    for (const e of history.filter((x) => x.by === "facilitator"))
      expect(["command", "membership", "state"], `${e.kind} ${e.text}`).toContain(e.kind);
    const fromBot = history.filter((e) => e.by === "bot");
    expect(fromBot.filter((e) => e.kind === "message").length).toBeGreaterThan(10);
    // The history was read back from the room's start.
    expect(fromBot.some((e) => e.text.includes("Welcome to Anonymous ideas"))).toBe(true);
    for (const e of fromBot) {
      // No refusal and no answer was ever shown in the room.
      expect(e.text).not.toMatch(/did not agree/);
      // Where questions are asked only privately, none was posted in the room, nor a list of options.
      if (!d.capabilities.questionsInRoom) {
        expect(e.text).not.toMatch(/I agree|I do not agree|How hopeful|Vote for the ideas/);
        expect(e.text).not.toMatch(/\n\d+\. /);
      }
      // Nothing the bot did in the room (posts, pins, permissions) names or identifies anyone.
      if (e.kind !== "membership")
        for (const p of d.people) for (const id of p.identifiers) expect(e.text).not.toContain(id);
    }
    // Every idea reached the room, and only through the bot.
    for (const idea of ideas) {
      const carriers = history.filter((e) => e.text.includes(idea));
      expect(carriers.length, idea).toBeGreaterThan(0);
      expect(carriers.every((e) => e.by === "bot")).toBe(true);
    }
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
