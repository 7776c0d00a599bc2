// Strict turns: only the floor holder can post (where the platform enforces it; the terminal shows
// the floor), a participant without the floor still reaches the facilitators privately, the
// facilitator moves the floor, and ending the workshop gives the room back exactly as it was.
import { expect } from "vitest";
import type { Person, Scenario } from "../driver.ts";
import { groups, openAndStart, Progress } from "../steps.ts";

const strictFlow = {
  id: "strict-turns",
  version: 1,
  title: { en: "Strict turns" },
  description: { en: "One round of strict turns." },
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
      // Long enough never to run out during the scenario: timers are not what this checks.
      turnSeconds: 1200,
      warningSeconds: 0,
    },
  ],
};

const keys = (people: readonly Person[]): string[] => people.map((p) => p.key).sort();

export const strictTurns: Scenario = {
  name: "strict turns: only the floor holder posts, and a private time-out still works",
  timeoutMs: 180_000,
  async run(d) {
    const w = new Progress(d);
    const enforced = d.capabilities.floor === "enforced";
    await openAndStart(w, await d.flow(strictFlow), "Strict turns");
    const speaker = w.personIn(await w.room(/turn\. Everyone else, please listen/));
    const others = d.people.filter((p) => p.key !== speaker.key);
    const other = others.find((p) => p.group !== speaker.group);
    if (other === undefined) throw new Error("no one from the other group");

    // The platform lets the speaker post, and nobody else.
    await d.until(() => keys(d.mayPost()).join() === speaker.key, `the floor given to ${speaker.name}`);
    expect(await d.say(speaker, "I speak when it is my turn.")).toBe("accepted");
    if (enforced) for (const p of others) expect(await d.say(p, "Let me interrupt.")).toBe("refused");
    // Reactions stay open to everyone, where the platform has them.
    if (d.react !== undefined) expect(await d.react(other)).toBe("accepted");

    // Someone without the floor asks for a time-out: only the facilitators hear of it.
    await d.askTimeout(other, "I need a minute");
    await d.until(
      () => d.privateTexts("facilitator").find((t) => t.includes(`${other.name} asked for a time-out`)),
      "the facilitators told of the time-out",
    );
    await d.until(
      () => d.privateTexts(other).find((t) => /Your request for a time-out reached the facilitators/.test(t)),
      "the time-out acknowledged",
    );
    // The facilitator keeps their voice under the floor.
    await d.command("facilitator", "status");
    await d.until(
      () => d.privateTexts("facilitator").find((t) => /^Strict turns, stage 1 of 1: Sharing/.test(t)),
      "the status, privately",
    );

    // The facilitator gives the floor to someone else, who can then post; the speaker no longer can.
    await d.command("facilitator", "floor", other);
    await w.room(new RegExp(`It is ${other.name}'s turn`));
    await d.until(() => keys(d.mayPost()).join() === other.key, `the floor moved to ${other.name}`);
    expect(await d.say(other, "Thank you for the floor.")).toBe("accepted");
    if (enforced) expect(await d.say(speaker, "One more thing.")).toBe("refused");

    // Ending the workshop restores exactly the posting rights the room had.
    await d.command("facilitator", "end");
    await w.room(/^The workshop has ended/);
    await d.until(() => keys(d.mayPost()).join() === keys(d.people).join(), "the room open to everyone");
    expect(await d.postingRestored()).toBe(true);
    for (const p of d.people) expect(await d.say(p, "Bye.")).toBe("accepted");

    // Nobody but the facilitators learnt of the time-out, in the room or privately.
    for (const t of d.roomTexts()) {
      expect(t).not.toContain(`${other.name} asked for a time-out`);
      expect(t).not.toContain("I need a minute");
    }
    for (const p of d.people)
      for (const t of d.privateTexts(p)) expect(t).not.toContain(`${other.name} asked for a time-out`);
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
