// Safeguarding (issue 13): ideas held for the facilitators (`review: facilitators`), who see each
// one numbered and without its author; approved ones are shown, a hidden one never, and its author
// alone is told privately; `hide` after the fact takes the post back from the room (removed where
// the platform can, marked hidden on a terminal), so an ordinary member reading the history back
// no longer finds it; the summary leaves both hidden ideas out.
import { expect } from "vitest";
import { catalogues } from "../../../src/bot/i18n/index.ts";
import type { Person, Scenario } from "../driver.ts";
import { reviewedIdeasFlow } from "../../support/fixtures.ts";
import { openAndStart, Progress } from "../steps.ts";

const garden = "a shared garden by the river";
const hostile = "you people are all liars and terrorists, shut up";
const library = "a library swap between the schools";
const notShown = catalogues.en["review.notShown"];

export const review: Scenario = {
  name: "hold for review: facilitators approve or hide, hide after the fact takes the post back",
  timeoutMs: 240_000,
  async run(d) {
    const w = new Progress(d);
    const [zephyrine, oswin, ludmila] = d.people as [Person, Person, Person, Person];
    await openAndStart(w, await d.flow(reviewedIdeasFlow), "Reviewed ideas");
    await w.room(/^Stage 1 of 1: Ideas/);
    for (const [p, idea] of [
      [zephyrine, garden],
      [oswin, hostile],
      [ludmila, library],
    ] as const) {
      const request = await d.until(
        () => w.newPrompts(p).find((x) => x.write && /Write an idea/.test(x.text)),
        `the idea request for ${p.name}`,
      );
      w.consumePrompt(p, request);
      await d.write(p, request, idea);
    }

    // Each idea reaches the facilitators privately, numbered, without its author; the room sees none.
    const refOf = (idea: string) =>
      d.until(
        () =>
          d
            .privateTexts("facilitator")
            .flatMap((t) => (t.includes(idea) ? (/Held for review, \\?#(\d+)/.exec(t)?.[1] ?? []) : []))[0],
        `"${idea}" held for the facilitators`,
      );
    const [gardenRef, hostileRef, libraryRef] = [
      await refOf(garden),
      await refOf(hostile),
      await refOf(library),
    ];
    for (const t of d.privateTexts("facilitator").filter((x) => /Held for review/.test(x)))
      for (const p of d.people) for (const id of p.identifiers) expect(t).not.toContain(id);
    for (const idea of [garden, hostile, library])
      expect(d.roomTexts().some((t) => t.includes(idea))).toBe(false);

    await d.command("facilitator", "approve", gardenRef);
    await d.command("facilitator", "approve", libraryRef);
    await d.command("facilitator", "hide", hostileRef);
    // Only the hidden idea's author is told, privately and in neutral words.
    await d.until(() => d.privateTexts(oswin).some((t) => t === notShown), "oswin told privately");
    for (const p of [zephyrine, ludmila]) expect(d.privateTexts(p)).not.toContain(notShown);

    // Approved ideas are listed with their numbers; the hidden one never reaches the room.
    await d.command("facilitator", "next");
    await w.room(new RegExp(`${garden}.*#${gardenRef}`), "the garden listed");
    await w.room(new RegExp(`${library}.*#${libraryRef}`), "the library listed");
    expect(d.roomTexts().some((t) => t.includes(hostile))).toBe(false);

    // Hidden after the fact: the bot takes its own post back. An ordinary member reading the room
    // back no longer gets it (deleted, or redacted to nothing); a terminal marks it hidden.
    await d.command("facilitator", "hide", libraryRef);
    if (d.capabilities.hide === "removes") {
      // The room is read back from the platform (fetched, not pushed): asked again until it is gone.
      const deadline = Date.now() + 30_000;
      while ((await d.readBack(oswin)).some((t) => t.includes(library))) {
        if (Date.now() > deadline) throw new Error(`#${libraryRef} is still in the room\n${d.context()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } else await w.room(new RegExp(`\\(#${libraryRef} hidden\\)`), "the post marked hidden");
    expect((await d.readBack(oswin)).some((t) => t.includes(garden))).toBe(true);

    await d.command("facilitator", "end");
    await w.room(/^The workshop has ended/);
    const summary = (await d.until(() => d.pinned(), "the pinned summary")).text;
    expect(summary).toContain("Summary of the workshop: Reviewed ideas");
    expect(summary).not.toContain(hostile);
    expect(summary).not.toContain(library);
    // The idea hidden before it was shown never reached the room, not even for a moment.
    expect((await d.history(oswin)).some((e) => e.text.includes(hostile))).toBe(false);
    expect(await d.close()).toEqual({ cleanExit: true, errors: [] });
  },
};
