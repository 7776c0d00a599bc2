// A mixed-language room on Discord, end to end: the interaction locale sets a participant's
// language (ben's Spanish client), `/parley language` sets it on request (Discord has no Arabic or
// Hebrew locale), and the room's shared posts show one section per language present.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUser, Json } from "../../support/fake-discord/index.ts";
import { content } from "../harness.ts";
import {
  buttonsOf,
  click,
  command,
  groupOf,
  privateTo,
  roomMessages,
  roomTexts,
  waitRoom,
  type E2E,
  startE2E,
} from "./driver.ts";

const arabic = /[\u0600-\u06FF]/u;
const hebrew = /[\u0590-\u05FF]/u;

describe("a mixed-language room on Discord", () => {
  let e2e: E2E;
  /** A second facilitator, who reads Arabic. */
  let faris: FakeUser | undefined;
  beforeAll(async () => {
    // No fixed languages: the room follows who is present. Two facilitators.
    e2e = await startE2E(
      {},
      {},
      (world) => {
        faris = world.server.addUser("faris");
        return {
          rooms: {
            [`discord:${world.channel.id}`]: {
              facilitators: [world.facilitator.id, faris.id],
              facilitatorRoles: [],
              locale: "en",
              groupRoles: { [world.northRole]: groupOf.north, [world.southRole]: groupOf.south },
            },
          },
        };
      },
      null,
    );
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  /** The newest private message of `user` matching `re`. */
  async function privately(user: FakeUser, re: RegExp, what: string): Promise<string> {
    const m = await e2e.world.server.waitUntil(
      () =>
        privateTo(e2e, user)
          .filter((x) => re.test(content(x)))
          .at(-1),
      20_000,
      what,
    );
    return content(m);
  }

  it("writes each participant privately in their language and the room in every language present", async () => {
    const { world } = e2e;
    const { amal, ben, carmen, dana } = world;
    const seen = new Set<string>();
    await command(e2e, world.facilitator, "start", { flow: "perspective-exchange" });
    await waitRoom(e2e, /Perspective exchange/, seen, "welcome");

    // ben's Discord client is Spanish: the interaction locale is his language.
    await command(e2e, ben, "join");
    expect(await privately(ben, /Te uniste/, "ben's join confirmation")).toMatch(/Te uniste/);
    await command(e2e, amal, "join");
    await privately(amal, /joined/, "amal's join confirmation");
    // Discord offers no Arabic or Hebrew interface: these two ask for their language.
    await command(e2e, carmen, "join");
    await command(e2e, carmen, "language", { language: "ar" });
    expect(await privately(carmen, arabic, "carmen's language confirmation")).toContain("العربية");
    await command(e2e, dana, "join");
    await command(e2e, dana, "language", { language: "he" });
    expect(await privately(dana, hebrew, "dana's language confirmation")).toContain("עברית");

    await command(e2e, world.facilitator, "start");
    const stage = await waitRoom(e2e, /Stage 1 of 5: Ground rules/, seen, "the first stage");
    // The stage card: one embed per language present, English first (the room's default), each
    // headed by its language's own name and holding only that language's text.
    // (the others in the flow's order of locales).
    expect(stage["authors"]).toEqual(["English", "العربية", "עברית", "español"]);
    const [en, ar, he, es] = stage["languages"] as string[];
    expect(en).toContain("Stage 1 of 5");
    expect(es).toContain("Etapa 1 de 5");
    expect(ar).toContain("قواعد الحوار");
    expect(he).toContain("כללי השיח");
    expect(`${en ?? ""}${es ?? ""}`).not.toMatch(arabic);
    expect(ar).not.toMatch(hebrew);
    // Each section's lines are isolated in their direction (RLI for Arabic and Hebrew).
    expect(ar).toContain("\u2067");

    // Private answers stay in each reader's language only.
    const hasAgree = (m: Json): boolean => buttonsOf(m).some((b) => String(b["label"]).includes("I agree"));
    const consent = await world.server.waitUntil(
      () => world.server.botMessages(e2e.room).filter(hasAgree).at(-1),
      20_000,
      "the consent prompt",
    );
    const agree = buttonsOf(consent).find((b) => String(b["label"]).includes("I agree"));
    // One button serves every reader: its label carries each language's wording.
    expect(String(agree?.["label"])).toContain("أوافق");
    for (const u of [amal, ben, carmen, dana]) click(e2e, u, consent, agree);
    const thanks = {
      amal: await privately(amal, /ground rules is recorded/, "amal's thanks"),
      ben: await privately(ben, /normas/, "ben's thanks"),
      carmen: await privately(carmen, /قواعد الحوار/, "carmen's thanks"),
      dana: await privately(dana, /כללי השיח/, "dana's thanks"),
    };
    expect(thanks.amal).not.toMatch(arabic);
    expect(thanks.carmen).not.toMatch(hebrew);
    expect(thanks.dana).not.toMatch(arabic);
    expect(thanks.ben).not.toMatch(/recorded/);
    // Every section in the room, and every embed of a card, is in a language someone present reads.
    for (const t of roomTexts(e2e)) {
      for (const h of t.match(/^-# .+$/gm) ?? [])
        expect(["-# English", "-# español", "-# العربية", "-# עברית"]).toContain(h);
    }
    for (const m of roomMessages(e2e))
      for (const a of ((m["authors"] as string[] | undefined) ?? []).filter((x) => x !== ""))
        expect(["English", "español", "العربية", "עברית"]).toContain(a);
  }, 120_000);

  it("posts a notice once in the facilitators' thread, in each of their languages", async () => {
    const { world } = e2e;
    const arabicReader = faris;
    if (arabicReader === undefined) throw new Error("no second facilitator");
    await command(e2e, arabicReader, "language", { language: "ar" });
    await privately(arabicReader, arabic, "faris's language confirmation");
    await command(e2e, world.amal, "timeout", { reason: "I need a minute" });
    const thread = (): Json[] =>
      world.server.threadsOf(e2e.room).flatMap((t) => world.server.botMessages(t.id));
    // Both languages' versions have arrived (in one post or in two).
    await world.server.waitUntil(
      () =>
        thread().some((m) => /Alert 1:/.test(content(m))) && thread().some((m) => /تنبيه 1:/.test(content(m)))
          ? true
          : undefined,
      20_000,
      "the time-out request in the facilitators' thread, in English and Arabic",
    );
    const about = thread().filter((m) => /time-out|تنبيه|Alert/.test(content(m)));
    expect(about).toHaveLength(1);
    const request = about[0] ?? {};
    // One post: an English section and an Arabic one, the alert's number in each.
    const text = content(request);
    expect(text).toMatch(/^-# English$/m);
    expect(text).toMatch(/^-# العربية$/m);
    expect(text).toMatch(/Alert 1:/);
    expect(text).toMatch(/تنبيه 1:/);
  }, 60_000);

  it("restates the stage card in place with the language of someone who joins mid-stage reading a new one", async () => {
    const { world } = e2e;
    const { amal, ben } = world;
    const seen = new Set<string>(roomMessages(e2e).map((m) => String(m["id"])));
    const earlier = new Set(world.server.botMessages(e2e.room).map((m) => String(m["id"])));
    await command(e2e, world.facilitator, "end");
    await command(e2e, world.facilitator, "start", { flow: "perspective-exchange" });
    await waitRoom(e2e, /Perspective exchange/, seen, "the second welcome");
    await command(e2e, amal, "join");
    await command(e2e, world.facilitator, "start");
    const shown = await waitRoom(
      e2e,
      /Stage 1 of 5: Ground rules/,
      seen,
      "the second workshop's first stage",
    );
    // A card's entry names the message it is a change of.
    const cardId = String(shown["card"]);
    /** The stage card as the channel holds it now (edits applied), read back by its id. */
    const card = (): Json | undefined => world.server.botMessages(e2e.room).find((m) => m["id"] === cardId);
    const authors = (m: Json | undefined): string[] =>
      ((m?.["embeds"] as Json[] | undefined) ?? []).map((x) =>
        String((x["author"] as Json | undefined)?.["name"]),
      );
    const titled = (m: Json | undefined): string =>
      ((m?.["embeds"] as Json[] | undefined) ?? []).map((x) => JSON.stringify(x)).join("\n");
    expect(authors(card())).not.toContain("español");
    const posts = world.server.botMessages(e2e.room).length;

    // ben's client is Spanish: he joins while stage 1 runs, and the same card gains a Spanish
    // block (its heading and rules), without a new post for it.
    await command(e2e, ben, "join");
    const restated = await world.server.waitUntil(
      () => (authors(card()).includes("español") ? card() : undefined),
      20_000,
      "the stage card edited with a Spanish block",
    );
    expect(authors(restated)[0]).toBe("English");
    expect(titled(restated)).toContain("Etapa 1 de 5");
    // The one message of this workshop with the Spanish heading is the card.
    expect(
      world.server
        .botMessages(e2e.room)
        .filter((m) => !earlier.has(String(m["id"])) && /Etapa 1 de 5/.test(JSON.stringify(m)))
        .map((m) => m["id"]),
    ).toEqual([cardId]);
    // No second card: nothing posted since names the stage.
    const since = world.server.botMessages(e2e.room).slice(posts);
    expect(since.filter((m) => /Stage 1 of 5|Etapa 1 de 5/.test(JSON.stringify(m)))).toEqual([]);
  }, 60_000);
});
