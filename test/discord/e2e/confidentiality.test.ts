// Issue 10, end to end on Discord: an ordinary member of the channel (not the bot, not a
// facilitator) reads the whole channel back after a workshop (every message version, permission
// overwrite and pin the double recorded) and finds no private answer, vote, consent or refusal,
// and no author of an anonymous contribution, nor (finding 3) the speaker of an anonymous turn in
// a permission overwrite. Also finding 2: a ground rule proposed through the modal under Chatham
// House is shown to the room without its author, and the adapter's own labels promise no privacy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Perm, type FakeUser, type Json } from "../../support/fake-discord/index.ts";
import { label } from "../../../src/adapters/discord/labels.ts";
import { catalogues } from "../../../src/bot/i18n/index.ts";
import { content } from "../harness.ts";
import {
  buttonsOf,
  click,
  command,
  groupOf,
  privateTo,
  roomMessages,
  roomTexts,
  startE2E,
  waitRoom,
  writeTempFlow,
  type E2E,
} from "./driver.ts";
import { anonymousSpeaker, joinAll, playTurnStage, submitPrivately, writeButton } from "./steps.ts";

const en = (s: string) => ({ en: s });

const anonymousFlow = {
  id: "anonymous-readback",
  version: 1,
  title: en("Anonymous read-back"),
  description: en("Consent, a survey, needs and a brainstorm, all anonymous."),
  defaultLocale: "en",
  groups: [
    { id: groupOf.north, name: en("Group A") },
    { id: groupOf.south, name: en("Group B") },
  ],
  confidentiality: "anonymous",
  turnEnforcement: "soft",
  stages: [
    {
      id: "rules",
      kind: "ground-rules",
      title: en("Ground rules"),
      rules: [en("Speak for yourself")],
      consentSeconds: 600,
      allowProposals: false,
    },
    {
      id: "pulse",
      kind: "survey",
      title: en("Pulse"),
      questions: [
        { id: "trust", type: "likert", text: en("How much do you trust the other group?"), points: 5 },
        { id: "worry", type: "text", text: en("What worries you most?") },
      ],
      seconds: 600,
    },
    {
      id: "needs",
      kind: "needs-articulation",
      title: en("Needs"),
      prompt: en("What do you need?"),
      categories: ["needs"],
      collectSeconds: 600,
      recognition: false,
    },
    {
      id: "ideas",
      kind: "brainstorm",
      title: en("Ideas"),
      prompt: en("What could we do together?"),
      divergeSeconds: 600,
      maxIdeasPerPerson: 1,
      clusterSeconds: 300,
      voting: { method: "dots", dots: 2, maxPerIdea: 1, seconds: 600 },
      shortlist: 3,
    },
  ],
};

/** What only the person concerned (or the facilitators) may see, in the room's language. */
const privateTexts = [
  "did not agree to the ground rules",
  "your agreement to the ground rules is recorded",
  catalogues.en["survey.answerRecorded"],
  catalogues.en["needs.received"],
  "Vote recorded",
  "asked for a time-out",
];

function entryText(entry: Json): string {
  return JSON.stringify(entry);
}

/** A participant's traces: id, user name, global name and mention syntax. */
function tracesOf(u: FakeUser): string[] {
  return [u.id, u.username, ...(u.globalName === null ? [] : [u.globalName])];
}

describe("a member reads the channel back on Discord", () => {
  let e2e: E2E;
  let reader: FakeUser;
  beforeAll(async () => {
    e2e = await startE2E();
    // An ordinary member: no role, not a facilitator, never joins a workshop.
    reader = e2e.world.server.addUser("olga-reader");
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  it("finds no private answer, vote, consent, refusal or author after an anonymous workshop", async () => {
    const { world } = e2e;
    const { server } = world;
    const [amal, ben, carmen, dana] = e2e.users as [FakeUser, FakeUser, FakeUser, FakeUser];
    const active = [amal, ben, carmen];
    const seen = new Set<string>();
    // A card change (room-texts.ts) is as old as its card's message.
    const since = (m: Json | undefined) => (m === undefined ? 0n : BigInt(String(m["card"] ?? m["id"])));
    const newest = (pred: (m: Json) => boolean, after: Json | undefined): Json | undefined =>
      server
        .botMessages(e2e.room)
        .filter((m) => BigInt(String(m["id"])) > since(after) && pred(m))
        .at(-1);
    const write = label("write", "en");
    const withWrite = (text: RegExp) => (m: Json) =>
      text.test(content(m)) && buttonsOf(m).some((b) => b["label"] === write);

    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(anonymousFlow) });
    const welcome = await waitRoom(e2e, /Anonymous read-back/, seen, "welcome");
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");

    // Consent: three agree, dana refuses; the facilitator moves on.
    const consent = await server.waitUntil(
      () => newest((m) => buttonsOf(m).some((b) => b["label"] === "I agree"), welcome),
      20_000,
      "the consent prompt",
    );
    for (const u of active)
      click(
        e2e,
        u,
        consent,
        buttonsOf(consent).find((b) => b["label"] === "I agree"),
      );
    click(
      e2e,
      dana,
      consent,
      buttonsOf(consent).find((b) => b["label"] === "I do not agree"),
    );
    const thread = await server.waitUntil(
      () => server.threadsOf(e2e.room)[0],
      20_000,
      "the facilitators' thread",
    );
    await server.waitUntil(
      () => server.channelMessages(thread.id).some((m) => content(m).includes(dana.username)),
      20_000,
      "the refusal reaches the facilitators",
    );
    // Someone has not agreed: the facilitator confirms moving on (`next --force`).
    await command(e2e, world.facilitator, "next", { force: true });

    // Survey: a Likert answer by button, a free-text answer by modal.
    const stage2 = await waitRoom(e2e, /^Stage 2 of 4: Pulse/, seen);
    const likert = await server.waitUntil(
      () =>
        newest(
          (m) =>
            /trust the other group/.test(content(m)) &&
            buttonsOf(m).filter((b) => b["label"] !== label("helpMe", "en")).length === 5,
          stage2,
        ),
      20_000,
      "the Likert question",
    );
    const worry = await server.waitUntil(
      () => newest(withWrite(/worries you most/), stage2),
      20_000,
      "the text question",
    );
    const worries = new Map(active.map((u) => [u.id, `worry-${u.username}-qx${u.id.slice(-4)}`]));
    for (const [n, u] of active.entries()) {
      click(e2e, u, likert, buttonsOf(likert)[n + 1]);
      await submitPrivately(e2e, u, worry, buttonsOf(worry)[0] as Json, worries.get(u.id) as string);
    }
    await server
      .waitUntil(
        () =>
          active.every(
            (u) =>
              privateTo(e2e, u).filter((m) => /Answer recorded|Respuesta registrada/.test(content(m)))
                .length >= 2,
          ),
        20_000,
        "every survey answer confirmed privately",
      )
      .catch((e: unknown) => {
        throw new Error(
          `${String(e)}\n${active.map((u) => `${u.username}: ${privateTo(e2e, u).map(content).join(" | ")}`).join("\n")}\n${e2e.bot.log.slice(-3000)}`,
          { cause: e },
        );
      });
    // Everyone present answered every question: the survey ends by itself (no next needed).

    // Needs, shared privately through the modal.
    const stage3 = await waitRoom(e2e, /^Stage 3 of 4: Needs/, seen);
    const needsPrompt = await server.waitUntil(
      () => newest(withWrite(/./), stage3),
      20_000,
      "the needs prompt",
    );
    for (const u of active)
      await submitPrivately(
        e2e,
        u,
        needsPrompt,
        buttonsOf(needsPrompt)[0] as Json,
        `We need a safe bus route ${u.username.length}`,
      );
    await command(e2e, world.facilitator, "next");

    // Brainstorm: ideas by modal, then dot votes.
    const stage4 = await waitRoom(e2e, /^Stage 4 of 4: Ideas/, seen);
    const ideasPrompt = await server.waitUntil(
      () => newest(withWrite(/./), stage4),
      20_000,
      "the ideas prompt",
    );
    const ideas = ["a shared garden", "a joint choir", "a common library"];
    for (const [n, u] of active.entries())
      await submitPrivately(e2e, u, ideasPrompt, buttonsOf(ideasPrompt)[0] as Json, ideas[n] as string);
    await command(e2e, world.facilitator, "next");
    await waitRoom(e2e, /a common library/, seen, "the ideas listed");
    await command(e2e, world.facilitator, "next");
    const ballot = await server.waitUntil(
      () => newest((m) => buttonsOf(m).some((c) => c["type"] === 3), stage4),
      20_000,
      "the ballot",
    );
    const menu = buttonsOf(ballot).find((c) => c["type"] === 3) as Json;
    const values = (menu["options"] as Json[]).map((o) => String(o["value"]));
    for (const [n, u] of active.entries())
      server.select(u.id, ballot, String(menu["custom_id"]), [
        values[n % values.length] as string,
        values[(n + 1) % values.length] as string,
      ]);
    await server.waitUntil(
      () => active.every((u) => privateTo(e2e, u).some((m) => /vote|voto/i.test(content(m)))),
      20_000,
      "every vote confirmed privately",
    );
    await command(e2e, world.facilitator, "next");
    await waitRoom(e2e, /The workshop has ended/, seen);
    await server.waitUntil(
      () => server.botMessages(e2e.room).some((m) => m["pinned"] === true),
      20_000,
      "the pinned summary",
    );

    // The member reads everything back: every version of every message, every overwrite, every pin.
    const history = server.historyAs(reader.id, e2e.room);
    const texts = history.map(entryText);
    expect(history.some((h) => h["event"] === "CHANNEL_PINS_UPDATE")).toBe(true);
    for (const idea of ideas) expect(texts.some((t) => t.includes(idea))).toBe(true);
    for (const u of e2e.users)
      for (const trace of tracesOf(u))
        expect(
          texts.filter((t) => t.includes(trace)),
          `${u.username} traced by "${trace}"`,
        ).toEqual([]);
    for (const worryText of worries.values()) expect(texts.filter((t) => t.includes(worryText))).toEqual([]);
    for (const p of privateTexts)
      expect(
        texts.filter((t) => t.includes(p)),
        p,
      ).toEqual([]);
    // Only the bot wrote there; no interaction left a public trace of who pressed what.
    for (const h of history) {
      const m = h["message"] as Json | undefined;
      if (m === undefined) continue;
      expect((m["author"] as Json)["id"]).toBe(server.botUser.id);
      expect(m["interaction_metadata"]).toBeUndefined();
    }
    // The facilitators' thread, where the refusal went, is closed to the member.
    expect(() => server.historyAs(reader.id, thread.id)).toThrow(/Missing Access/);
  }, 240_000);

  it("finds no speaker of an anonymous turn under a strict floor, in messages or overwrites", async () => {
    const { world } = e2e;
    const { server } = world;
    const seen = new Set<string>(roomMessages(e2e).map((m) => String(m["id"])));
    const before = server.historyAs(reader.id, e2e.room).length;
    const anonymousStrict = {
      ...anonymousFlow,
      id: "anonymous-strict",
      title: en("Anonymous strict turns"),
      turnEnforcement: "strict",
      stages: [
        {
          id: "sharing",
          kind: "perspective-sharing",
          title: en("Sharing"),
          prompt: en("What brought you here?"),
          turnSeconds: 120,
          warningSeconds: 0,
        },
      ],
    };
    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(anonymousStrict) });
    await waitRoom(e2e, /Anonymous strict turns/, seen, "welcome");
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");
    await waitRoom(e2e, /^Stage 1 of 1: Sharing/, seen);
    const said = (u: FakeUser): string => `my story number ${String(e2e.users.indexOf(u) + 11)}`;
    const order = await playTurnStage(e2e, seen, new Set(), { say: said });
    expect(order.length).toBe(e2e.users.length);
    expect(order.every((u) => u === anonymousSpeaker)).toBe(true);
    await server.waitUntil(
      () =>
        roomMessages(e2e).some(
          (m) => !seen.has(String(m["id"])) && /The workshop has ended/.test(content(m)),
        ),
      20_000,
      "the end",
    );
    await server.waitUntil(
      () => e2e.users.every((u) => server.can(u.id, e2e.room, Perm.SendMessages)),
      20_000,
      "the channel restored",
    );

    const history = server.historyAs(reader.id, e2e.room).slice(before);
    const messages = history.filter((h) => h["message"] !== undefined).map(entryText);
    const overwrites = history.filter((h) => h["overwrite"] !== undefined).map(entryText);
    for (const u of e2e.users) expect(messages.some((t) => t.includes(said(u)))).toBe(true);
    expect(overwrites.length).toBeGreaterThan(0);
    for (const u of e2e.users)
      for (const trace of tracesOf(u)) {
        expect(
          messages.filter((t) => t.includes(trace)),
          `${u.username} in a message`,
        ).toEqual([]);
        expect(
          overwrites.filter((t) => t.includes(trace)),
          `${u.username} in an overwrite`,
        ).toEqual([]);
      }
  }, 180_000);

  it("shows a ground rule proposed under Chatham House without its author, behind labels that promise no privacy", async () => {
    const { world } = e2e;
    const { server } = world;
    const [amal] = e2e.users as [FakeUser];
    const seen = new Set<string>(roomMessages(e2e).map((m) => String(m["id"])));
    const before = server.historyAs(reader.id, e2e.room).length;
    await command(e2e, world.facilitator, "start", { flow: "perspective-exchange" });
    await waitRoom(e2e, /Perspective exchange/, seen, "welcome");
    await joinAll(e2e);
    await command(e2e, world.facilitator, "start");
    const { message: propose, button } = await writeButton(e2e, seen, "the proposal prompt");
    const opened = click(e2e, amal, propose, button);
    await server.waitUntil(() => opened.modal, 10_000, "the modal");
    // Neither the button nor the modal says "privately": the proposal is shown to the room.
    const modal = opened.modal ?? {};
    const parts = modal["components"] as Json[];
    expect(JSON.stringify([modal["title"], parts.slice(1)])).not.toMatch(/privat/i);
    // What the modal does say is the runtime's prompt, the one place that knows who will see it.
    expect(parts[0]).toMatchObject({ type: 10, content: content(propose) });
    expect(String(button["label"])).not.toMatch(/privat/i);
    const rule = "No phones while someone is sharing";
    server.submitModal(opened, { text: rule });
    await waitRoom(e2e, new RegExp(rule), seen, "the proposal in the room");
    const after = server.historyAs(reader.id, e2e.room).slice(before).map(entryText);
    const shown = after.filter((t) => t.includes(rule));
    expect(shown.length).toBeGreaterThan(0);
    for (const t of shown) for (const trace of tracesOf(amal)) expect(t).not.toContain(trace);
    await command(e2e, world.facilitator, "end");
    await waitRoom(e2e, /The workshop has ended/, seen).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${roomTexts(e2e).join("\n")}`, { cause: e });
    });
  }, 120_000);
});
