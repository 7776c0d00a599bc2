// A mixed-language room on Matrix, end to end (the bot process against a real Synapse): Matrix
// tells no locale, so participants choose theirs with `!parley join <language>` or
// `!parley language <locale>`; private text comes in that language only, and the room's shared
// posts carry one `<div dir lang>` block per language present.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, editedId, startWorld, Workshop, type Person, type World } from "./workshop-driver.ts";

const arabic = /[\u0600-\u06FF]/u;
const hebrew = /[\u0590-\u05FF]/u;

let world: World;
let workshop: Workshop | undefined;

beforeAll(async () => {
  // The second bot account runs the survey's workshop: its direct rooms hold no earlier questions.
  world = await startWorld(2);
}, 900_000);

afterAll(async () => {
  await workshop?.bot.stop();
  await world.stop();
});

describe("a mixed-language Matrix room", () => {
  it("gives one Arabic, one Hebrew and two English readers the room in their languages and private text only in theirs", async () => {
    // Strict turn-taking (youth-dialogue-circle) needs the level of m.room.power_levels.
    const w = await Workshop.open(world, "languages", { bot: 0, botPower: 100 });
    workshop = w;
    const [zephyrine, oswin, ludmila, teodor] = world.people as [Person, Person, Person, Person];

    await w.command("start youth-dialogue-circle");
    await w.waitRoom(/^Welcome to Youth dialogue circle/);
    // A language with join (the group comes from the room's configuration), or later on request.
    await zephyrine.human.say(w.roomId, "!parley join ar");
    // (The evaluation's consent question may arrive first, in Arabic too.)
    const zJoined = bodyOf(await w.waitPrivate(zephyrine.human, /المجموعة أ/, "zephyrine's join, in Arabic"));
    expect(zJoined).not.toMatch(/You have joined/);
    await oswin.human.say(w.roomId, "!parley join group-b");
    await w.waitPrivate(oswin.human, /You have joined as part of Group B/);
    await oswin.human.say(w.roomId, "!parley language fr");
    const list = bodyOf(await w.waitPrivate(oswin.human, /Languages you can choose/));
    expect(list).toContain("he (עברית)");
    await oswin.human.say(w.roomId, "!parley language he");
    await w.waitPrivate(oswin.human, /מעכשיו Parley יכתוב לך/);
    await ludmila.human.say(w.roomId, "!parley join");
    await w.waitPrivate(ludmila.human, /You have joined as part of Group A/);
    await teodor.human.say(w.roomId, "!parley join");
    await w.waitPrivate(teodor.human, /You have joined as part of Group B/);

    await w.command("start");
    const stage = await w.waitRoom(/Stage 1 of \d+: Before we start/);
    const html = String(stage.content["formatted_body"]);
    // The room's default first, then each other language present, each in its own direction;
    // no Spanish block, since nobody present reads Spanish.
    const blocks = [...html.matchAll(/<div dir="(ltr|rtl)" lang="([a-z-]+)">/g)].map(
      (m) => `${String(m[2])}:${String(m[1])}`,
    );
    expect(blocks).toEqual(["en:ltr", "ar:rtl", "he:rtl"]);
    expect(String(stage.content["body"])).toContain("\u2067"); // right-to-left isolates in the plain body
    expect(bodyOf(stage)).toContain("قبل أن نبدأ");
    expect(bodyOf(stage)).toContain("לפני שמתחילים");
    expect(bodyOf(stage)).not.toContain("Antes de empezar");

    // The first survey question reaches each one privately, in their language only.
    const question = (p: Person, re: RegExp) =>
      w.waitPrivate(p.human, re, `${p.displayName}'s survey question`);
    const zq = bodyOf(await question(zephyrine, /كم أعرف/));
    expect(zq).not.toMatch(hebrew);
    expect(zq).not.toMatch(/How much/);
    const oq = bodyOf(await question(oswin, /עד כמה מוכרים לי/));
    expect(oq).not.toMatch(arabic);
    expect(oq).not.toMatch(/How much/);
    for (const p of [ludmila, teodor]) {
      const q = bodyOf(await question(p, /How much do I know/));
      expect(q).not.toMatch(arabic);
      expect(q).not.toMatch(hebrew);
    }
  }, 600_000);

  it("gives a stage's card the language of someone who joins mid-stage at once, and asks a pending question again in a language chosen later", async () => {
    // One bot process per account at a time: the first workshop's bot goes first.
    await workshop?.bot.stop();
    const w = await Workshop.open(world, "languages-late", { bot: 0, botPower: 100 });
    workshop = w;
    const [zephyrine, oswin, ludmila, teodor] = world.people as [Person, Person, Person, Person];
    await w.command("start youth-dialogue-circle");
    await w.waitRoom(/^Welcome to Youth dialogue circle/);
    for (const p of [zephyrine, oswin]) {
      await p.human.say(w.roomId, "!parley join");
      await w.waitPrivate(p.human, /You have joined/);
    }
    await w.command("start");
    const stage = await w.waitRoom(/Stage 1 of \d+: Before we start/);
    const cardId = stage.eventId.split("#")[0] ?? "";
    expect(String(stage.content["formatted_body"])).not.toMatch(/lang="ar"/);

    // Ludmila joins reading Arabic while stage 1 runs: the card is edited to carry its heading in
    // Arabic too, without waiting for the next stage.
    await ludmila.human.say(w.roomId, "!parley join ar");
    const arabicCard = await world.carol.waitFor(
      (e) => {
        if (e.roomId !== w.roomId || e.sender !== w.botUserId || editedId(e) !== cardId) return false;
        const html = String(
          (e.content["m.new_content"] as Record<string, unknown> | undefined)?.["formatted_body"],
        );
        const arabic = /<div dir="rtl" lang="ar">([^]*?)<\/div>/.exec(html)?.[1] ?? "";
        return /المرحلة 1 من/.test(arabic);
      },
      60_000,
      "the stage's card with an Arabic heading",
    );
    const html = String((arabicCard.content["m.new_content"] as Record<string, unknown>)["formatted_body"]);
    expect([...html.matchAll(/<div dir="(?:ltr|rtl)" lang="([a-z-]+)">/g)].map((m) => m[1])).toEqual([
      "en",
      "ar",
    ]);
    expect(html).toContain("قبل أن نبدأ");

    // Teodor joins reading English and is asked the evaluation's consent; having chosen Hebrew,
    // he is asked it again, in Hebrew only.
    await teodor.human.say(w.roomId, "!parley join");
    await w.waitPrivate(teodor.human, /May your survey answers be used/);
    await teodor.human.say(w.roomId, "!parley language he");
    await w.waitPrivate(teodor.human, /מעכשיו Parley יכתוב לך/);
    const again = bodyOf(await w.waitPrivate(teodor.human, /האם אפשר להשתמש בתשובות שלך לשאלון/));
    expect(again).not.toMatch(/May your survey answers/);
    expect(again).not.toMatch(arabic);
  }, 600_000);

  it("asks a running survey's open questions again in a language chosen mid-survey, and a typed number still answers the first one not yet answered", async () => {
    await workshop?.bot.stop();
    const w = await Workshop.open(world, "languages-survey", { bot: 1, botPower: 100 });
    workshop = w;
    const [zephyrine, oswin] = world.people as [Person, Person];
    const z = zephyrine.human;
    await w.command("start youth-dialogue-circle");
    await w.waitRoom(/^Welcome to Youth dialogue circle/);
    for (const p of [zephyrine, oswin]) {
      await p.human.say(w.roomId, "!parley join");
      await w.waitPrivate(p.human, /You have joined/);
    }
    await w.choose(z, await w.waitPrivate(z, /May your survey answers be used/), 1);
    await w.waitPrivate(z, /Thank you: your answers will count/);
    await w.command("start");
    await w.waitRoom(/Stage 1 of \d+: Before we start/);
    const know = await w.waitPrivate(z, /How much do I know/);
    const trust = await w.waitPrivate(z, /How much do I trust/);
    await w.waitPrivate(z, /One thing I hope for/);
    const direct = know.roomId;
    // A typed number answers the first question: how much she knows.
    await w.sayDurably(z, direct, "4");
    await w.waitPrivate(z, /Answer recorded/);

    // In Hebrew, the four still open are asked again, in order; not the one answered.
    await z.say(w.roomId, "!parley language he");
    await w.waitPrivate(z, /מעכשיו Parley יכתוב לך/);
    for (const re of [/עד כמה יהיה לי קל לדבר/, /עד כמה אני סומך/, /כמה חום או קור/, /דבר אחד שאני מקווה/])
      expect(bodyOf(await w.waitPrivate(z, re))).not.toMatch(/How /);
    expect(w.privateNotices(z).some((e) => /עד כמה מוכרים לי/.test(bodyOf(e)))).toBe(false);

    // She answers the English trust question still shown above (a reaction), then types: "2"
    // answers the ease of talking (the first not yet answered), and "5" is then no second answer
    // to trust but the thermometer's.
    await w.choose(z, trust, 3);
    await w.waitPrivate(z, /התשובה נרשמה/);
    await w.sayDurably(z, direct, "2");
    await w.waitPrivate(z, /התשובה נרשמה/);
    await w.sayDurably(z, direct, "5");
    await w.waitPrivate(z, /התשובה נרשמה/);

    // Back in English, only the hope is still open: it alone is asked again.
    await z.say(w.roomId, "!parley language en");
    await w.waitPrivate(z, /From now on Parley writes to you in English/);
    await w.waitPrivate(z, /One thing I hope for/);
    expect(
      w
        .privateNotices(z)
        .filter((e) => /How easy would it be|How much do I trust|How warm or cold/.test(bodyOf(e))),
    ).toHaveLength(3); // of the first asking only
  }, 600_000);
});
