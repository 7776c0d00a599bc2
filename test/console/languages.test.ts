// Languages arriving mid-workshop in the terminal room (issue 14): someone who joins reading a
// language the room had not shown gets the current stage's card in it at once, not at the next
// stage; and `language <locale>` asks a question still waiting for an answer again in it.
import { describe, expect, it } from "vitest";
import { consoleWorkshop } from "../support/console.ts";

describe("languages arriving mid-workshop in the terminal room", () => {
  it("shows the current stage's card in the language of someone who joins reading a new one", async () => {
    const t = consoleWorkshop();
    await t.runtime.start();
    await t.type("/start perspective-exchange", "/join amal group-a", "/join ben group-b", "/start");
    expect(t.printed()).toContain("Stage 1 of 5: Ground rules");
    const before = t.printed().length;
    await t.type("/join dalia group-a ar");
    const after = t.printed().slice(before);
    // The heading and the rules in Arabic, in the room, while stage 1 runs; like every room
    // post, in each language present, English first.
    expect(after).toMatch(/\[room\] \[en\] Stage 1 of 5: Ground rules\n {4}\[ar\] المرحلة 1 من 5/);
    expect(after).toMatch(/\[room\] \[en\] Before we begin[^]*\[ar\] قبل أن نبدأ[^]*5\. يحق لأي شخص/);
    expect(t.printed()).not.toMatch(/المرحلة 2 من 5/);
    await t.runtime.stop();
  });

  it("asks the evaluation's consent again in the language a participant then chooses", async () => {
    const t = consoleWorkshop();
    await t.runtime.start();
    await t.type("/start youth-dialogue-circle", "/join amal group-a");
    expect(t.printed()).toMatch(/\[→ amal \(private\)\] May your survey answers be used/);
    const before = t.printed().length;
    await t.type("/as amal language he");
    const after = t.printed().slice(before);
    expect(after).toMatch(/\[→ amal \(private\)\] מעכשיו Parley יכתוב לך/);
    expect(after).toMatch(/\[→ amal \(private\)\] האם אפשר להשתמש בתשובות שלך לשאלון/);
    // Answered now, it counts once and is not asked again.
    await t.type("/press amal 1");
    const answered = t.printed().length;
    await t.type("/as amal language en");
    expect(t.printed().slice(answered)).not.toMatch(/May your survey answers be used/);
    await t.runtime.stop();
  });

  it("asks the open survey questions not yet answered again in the language a participant then chooses", async () => {
    const t = consoleWorkshop();
    await t.runtime.start();
    await t.type("/start youth-dialogue-circle", "/join amal group-a", "/join ben group-b");
    await t.type("/press amal 1", "/press ben 1", "/start");
    // The terminal takes answers in the room unseen: the questions are asked there.
    expect(t.printed()).toMatch(/\[room\] How much do I know[^]*\(\/press <name> <n> q3\)/);
    // amal answers the first question; the others stay open.
    await t.type("/press amal 4 q3");
    const before = t.printed().length;
    await t.type("/as amal language he");
    const after = t.printed().slice(before);
    // The four still open, in Hebrew, to amal alone, in the order they were asked; not the one
    // answered.
    const asked = [
      /עד כמה יהיה לי קל לדבר/,
      /עד כמה אני סומך\/ת/,
      /כמה חום או קור/,
      /דבר אחד שאני מקווה/,
    ].map((re) => after.search(re));
    expect(asked.every((at) => at >= 0)).toBe(true);
    expect([...asked].sort((a, b) => a - b)).toEqual(asked);
    expect(after).not.toMatch(/עד כמה מוכרים לי/);
    expect(after).not.toMatch(/\[→ ben/);
    expect(after).not.toMatch(/How easy would it be/);
    // The question asked again takes the answer (its hint's tag names it): back in English, only
    // the three after it are asked again.
    const tag = /עד כמה יהיה לי קל לדבר[^]*?\(\/press amal <n> (q\d+)\)/.exec(after)?.[1];
    await t.type(`/press amal 2 ${String(tag)}`);
    const answered = t.printed().length;
    await t.type("/as amal language en");
    const again = t.printed().slice(answered);
    expect(again).toMatch(/\[→ amal \(private\)\] How much do I trust/);
    expect(again).toMatch(/\[→ amal \(private\)\] How warm or cold/);
    expect(again).toMatch(/\[→ amal \(private\)\] One thing I hope for/);
    expect(again).not.toMatch(/How easy would it be|How much do I know/);
    await t.runtime.stop();
  });
});
