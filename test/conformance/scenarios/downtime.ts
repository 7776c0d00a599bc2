// Downtime: the bot killed (SIGKILL) mid-workshop while people keep posting; after the restart it
// handles each post exactly once, says nothing twice, and never goes back to posts from before it
// first ran.
import { expect } from "vitest";
import type { Scenario } from "../driver.ts";
import { groups, openAndStart, Progress, words } from "../steps.ts";

const talkFlow = {
  id: "crash-check",
  version: 1,
  title: { en: "Crash check" },
  description: { en: "An open conversation." },
  defaultLocale: "en",
  groups,
  confidentiality: "chatham-house",
  stages: [
    {
      id: "talk",
      kind: "discussion",
      title: { en: "Talk" },
      prompt: { en: "Say what is on your mind." },
      seconds: 1800,
    },
  ],
};

export const downtime: Scenario = {
  name: "posts made while the bot is down are handled exactly once after its restart",
  timeoutMs: 180_000,
  options: { postedBeforeBot: "ancient history from before the bot ever ran" },
  async run(d) {
    const w = new Progress(d);
    await openAndStart(w, await d.flow(talkFlow), "Crash check");
    await w.room(/^Stage 1 of 1: Talk/);
    for (const p of d.people) expect(await d.say(p, words(3))).toBe("accepted");

    await d.crash();
    // Where the platform holds posts while the bot is down, people go on talking; in the terminal
    // nobody can type into a stopped process, so they talk after the restart instead.
    if (d.capabilities.postsWhileDown)
      for (const p of d.people) expect(await d.say(p, words(5, "down"))).toBe("accepted");
    await d.restart();
    if (!d.capabilities.postsWhileDown)
      for (const p of d.people) expect(await d.say(p, words(5, "after"))).toBe("accepted");
    await d.received();

    await d.command("facilitator", "end");
    await w.room(/^The workshop has ended/);
    const summary = (await d.until(() => d.pinned(), "the pinned summary")).text;
    // Two participants per group, each counted once for 3 + 5 words; the post from before the bot
    // first ran is not counted.
    expect(summary).toContain("Group A: 2 participants, 0 turns, 16 words");
    expect(summary).toContain("Group B: 2 participants, 0 turns, 16 words");
    // Nothing the bot had said before the crash was said again.
    const texts = d.roomTexts();
    expect(texts.filter((t) => /^Stage 1 of 1: Talk/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /has joined/.test(t))).toHaveLength(4);
    expect(texts.filter((t) => /^The workshop has started/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /The workshop has ended/.test(t))).toHaveLength(1);
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
