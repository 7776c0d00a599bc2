// Strict turns through a crash: the bot is killed (SIGKILL) in the middle of a turn and stays down
// past the turn's end. Restarted, it ends that turn by itself (its deadline was stored) and the
// floor moves to the next speaker, the platform letting only them post; ending gives the room back
// as it was. (That the deadline is the original one, not restarted, is checked on a simulated
// clock in test/bot/runtime/runtime.test.ts; here the bot is simply down past it.)
import { expect } from "vitest";
import type { Person, Scenario } from "../driver.ts";
import { groups, openAndStart, Progress } from "../steps.ts";

const turnSeconds = 15;

const strictFlow = {
  id: "strict-crash",
  version: 1,
  title: { en: "Strict crash" },
  description: { en: "Short strict turns, for a crash mid-turn." },
  defaultLocale: "en",
  groups,
  confidentiality: "open",
  turnEnforcement: "strict",
  stages: [
    {
      id: "share",
      kind: "perspective-sharing",
      title: { en: "Sharing" },
      prompt: { en: "What brought you here?" },
      turnSeconds,
      warningSeconds: 0,
    },
  ],
};

const keys = (people: readonly Person[]): string[] => people.map((p) => p.key).sort();
const announcement = /turn\. Everyone else, please listen/;

export const strictCrash: Scenario = {
  name: "strict turns through a crash: the turn ends after the restart and the floor moves",
  timeoutMs: 240_000,
  async run(d) {
    const w = new Progress(d);
    await openAndStart(w, await d.flow(strictFlow), "Strict crash");
    const speaker = w.personIn(await w.room(announcement));
    // The turn ends no earlier than this (it was announced before it was seen).
    const endsBy = Date.now() + turnSeconds * 1000;
    await d.until(() => keys(d.mayPost()).join() === speaker.key, `the floor given to ${speaker.name}`);

    // kill -9 mid-turn; the bot stays down until the turn is over.
    await d.crash();
    await d.until(() => Date.now() > endsBy, "the turn's end to pass while the bot is down", 60_000);
    await d.restart();

    // The overdue turn ends at once: the next speaker is announced and holds the floor alone.
    const nextTurn = new RegExp(`^(?!.*${speaker.name}).*${announcement.source}`, "su");
    const next = w.personIn(await w.room(nextTurn, "the next turn"));
    await d.until(() => keys(d.mayPost()).join() === next.key, `the floor moved to ${next.name}`);
    if (d.capabilities.floor === "enforced") expect(await d.say(speaker, "Still my turn?")).toBe("refused");
    expect(await d.say(next, "My turn now.")).toBe("accepted");

    await d.command("facilitator", "end");
    await w.room(/^The workshop has ended/);
    await d.until(() => keys(d.mayPost()).join() === keys(d.people).join(), "the room open to everyone");
    expect(await d.postingRestored()).toBe(true);
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
