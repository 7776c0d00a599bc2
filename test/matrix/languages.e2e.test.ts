// A mixed-language room on Matrix, end to end (the bot process against a real Synapse): Matrix
// tells no locale, so participants choose theirs with `!parley join <language>` or
// `!parley language <locale>`; private text comes in that language only, and the room's shared
// posts carry one `<div dir lang>` block per language present.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, startWorld, Workshop, type Person, type World } from "./workshop-driver.ts";

const arabic = /[\u0600-\u06FF]/u;
const hebrew = /[\u0590-\u05FF]/u;

let world: World;
let workshop: Workshop | undefined;

beforeAll(async () => {
  world = await startWorld(1);
}, 900_000);

afterAll(async () => {
  await workshop?.bot.stop();
  await world.stop();
});

describe("a mixed-language Matrix room", () => {
  it("writes each participant privately in the language they chose and the room in every language present", async () => {
    const w = await Workshop.open(world, "languages", 0);
    workshop = w;
    const [zephyrine, oswin, ludmila, teodor] = world.people as [Person, Person, Person, Person];

    await w.command("start perspective-exchange");
    await w.waitRoom(/^Welcome to Perspective exchange/);
    // A language with join (the group comes from the room's configuration), or later on request.
    await zephyrine.human.say(w.roomId, "!parley join ar");
    const zJoined = bodyOf(await w.waitPrivate(zephyrine.human, arabic, "zephyrine's join, in Arabic"));
    expect(zJoined).toContain("المجموعة أ");
    await oswin.human.say(w.roomId, "!parley join group-b he");
    expect(bodyOf(await w.waitPrivate(oswin.human, hebrew, "oswin's join, in Hebrew"))).toContain("קבוצה ב׳");
    await ludmila.human.say(w.roomId, "!parley join");
    await w.waitPrivate(ludmila.human, /You have joined as part of Group A/);
    await teodor.human.say(w.roomId, "!parley join");
    await w.waitPrivate(teodor.human, /You have joined/);
    await teodor.human.say(w.roomId, "!parley language fr");
    const list = bodyOf(await w.waitPrivate(teodor.human, /Languages you can choose/));
    expect(list).toContain("es (español)");
    await teodor.human.say(w.roomId, "!parley language es");
    await w.waitPrivate(teodor.human, /A partir de ahora Parley te escribe en español/);

    await w.command("start");
    const stage = await w.waitRoom(/Stage 1 of 5: Ground rules/);
    const html = String(stage.content["formatted_body"]);
    // The room's default first, then each other language present, each in its own direction.
    const blocks = [...html.matchAll(/<div dir="(ltr|rtl)" lang="([a-z-]+)">/g)].map(
      (m) => `${m[2]}:${m[1]}`,
    );
    expect(blocks).toEqual(["en:ltr", "ar:rtl", "he:rtl", "es:ltr"]);
    const body = String(stage.content["body"]);
    expect(body).toContain("\u2067"); // right-to-left isolates in the plain body
    expect(bodyOf(stage)).toContain("قواعد الحوار");
    expect(bodyOf(stage)).toContain("כללי השיח");
    expect(bodyOf(stage)).toContain("Normas del diálogo");

    // The consent question reaches each one privately, in their language only.
    const zConsent = bodyOf(await w.waitPrivate(zephyrine.human, /1\./, "zephyrine's consent question"));
    expect(zConsent).toMatch(arabic);
    expect(zConsent).not.toMatch(hebrew);
    expect(zConsent).not.toContain("Do you agree");
    const oConsent = bodyOf(await w.waitPrivate(oswin.human, /1\./, "oswin's consent question"));
    expect(oConsent).toMatch(hebrew);
    expect(oConsent).not.toMatch(arabic);
    const tConsent = bodyOf(await w.waitPrivate(teodor.human, /1\./, "teodor's consent question"));
    expect(tConsent).toContain("¿Aceptas");
    const lConsent = bodyOf(await w.waitPrivate(ludmila.human, /1\./, "ludmila's consent question"));
    expect(lConsent).toContain("Do you agree to follow these ground rules?");
    expect(lConsent).not.toMatch(arabic);
  }, 600_000);
});
