import { describe, expect, it } from "vitest";
import type { FlowEffect, Participant, WorkshopRecord } from "../../../src/flows/protocol.ts";
import type { FlowSpec } from "../../../src/flows/spec.ts";
import {
  privatelyAskedNotice,
  renderEffect,
  renderNotice,
  renderReportMarkdown,
  segmentsToPlainText,
  type DeliveryDraft,
  type RenderContext,
} from "../../../src/bot/render.ts";

const flow = {
  id: "demo",
  version: 1,
  title: { en: "Demo workshop", ar: "ورشة تجريبية", es: "Taller de prueba" },
  description: { en: "A demo." },
  defaultLocale: "en",
  groups: [
    { id: "north", name: { en: "North", ar: "الشمال" } },
    { id: "south", name: { en: "South", ar: "الجنوب" } },
  ],
  confidentiality: "anonymous",
  turnEnforcement: "soft",
  stages: [{ id: "hello", kind: "message", text: { en: "Hello" } }],
} as unknown as FlowSpec;

function person(
  id: string,
  name: string,
  locale: string,
  group: string,
): [string, { participant: Participant; userId: string }] {
  return [id, { participant: { id, name, locale, group }, userId: `u-${id}` }];
}

const ctx: RenderContext = {
  roomId: "room-1",
  roomLocale: "en",
  flow,
  participants: new Map([person("p1", "Amal", "ar", "south"), person("p2", "@everyone", "es", "north")]),
  facilitators: ["fac-1", "fac-2"],
};

const text = (d: DeliveryDraft | undefined) =>
  d !== undefined && "body" in d ? segmentsToPlainText(d.body) : "";

describe("room prompts with private answers (issue 10, finding 1)", () => {
  const consent: FlowEffect = {
    type: "prompt",
    key: "groundRules.consentPrompt",
    audience: { to: "room" },
    promptId: "consent:1",
    options: [
      { value: "yes", label: { key: "groundRules.consentYes" } },
      { value: "no", label: { key: "groundRules.consentNo" } },
    ],
  };
  const survey: FlowEffect = { ...consent, key: "survey.likert", promptId: "survey:s:q1" };

  it("asks each present participant privately, in their language, where the room cannot take private answers", () => {
    const matrixLike: RenderContext = { ...ctx, privateAnswersInRoom: false, present: ["p2", "p1"] };
    const asks = renderEffect(consent, matrixLike);
    expect(asks.map((d) => [d.kind, d.audience])).toEqual([
      ["ask", { to: "user", userId: "u-p2" }],
      ["ask", { to: "user", userId: "u-p1" }],
    ]);
    expect(asks.map((d) => (d.kind === "ask" ? d.promptId : ""))).toEqual(["consent:1", "consent:1"]);
    expect(asks.map((d) => (d.kind === "ask" ? d.options[0]?.label : ""))).toEqual(["Acepto", "أوافق"]);
    // One short note in the room for the whole step, however many questions went out.
    const note = privatelyAskedNotice([consent, survey, { type: "timer", deadline: 1 }], matrixLike);
    expect(note?.audience).toEqual({ to: "room" });
    expect(text(note ?? undefined)).toMatch(/^2 questions have been sent to each participant privately/);
    // Nobody present: nobody to ask, nothing to announce.
    expect(renderEffect(consent, { ...matrixLike, present: [] })).toEqual([]);
    expect(privatelyAskedNotice([consent], { ...matrixLike, present: [] })).toBeNull();
  });

  it("keeps the question in the room where the platform answers it privately in place, and by default asks privately", () => {
    const discordLike: RenderContext = { ...ctx, privateAnswersInRoom: true, present: ["p1", "p2"] };
    expect(renderEffect(consent, discordLike).map((d) => d.audience)).toEqual([{ to: "room" }]);
    expect(privatelyAskedNotice([consent], discordLike)).toBeNull();
    // A context that does not say (an unknown platform) takes the private path.
    expect(renderEffect(consent, { ...ctx, present: ["p1"] }).map((d) => d.audience)).toEqual([
      { to: "user", userId: "u-p1" },
    ]);
  });
});

describe("renderEffect", () => {
  it("renders room text in the room's locale with names and flow text", () => {
    const [d, ...rest] = renderEffect(
      {
        type: "say",
        key: "workshop.participantJoined",
        audience: { to: "room" },
        vars: { participant: { participant: "p1" }, group: { text: { en: "South", ar: "الجنوب" } } },
      },
      ctx,
    );
    expect(rest).toEqual([]);
    expect(d?.audience).toEqual({ to: "room" });
    expect(d?.roomId).toBe("room-1");
    expect(text(d)).toBe("Amal has joined (South).");
  });

  it("renders private text in the participant's locale, to their user id", () => {
    const [d] = renderEffect(
      {
        type: "say",
        key: "workshop.timeoutAcknowledged",
        audience: { to: "participant", participantId: "p1" },
      },
      ctx,
    );
    expect(d?.audience).toEqual({ to: "user", userId: "u-p1" });
    expect(text(d)).toMatch(/[\u0600-\u06FF]/);
    // Flow text in the audience's locale, falling back to the flow's default.
    const [es] = renderEffect(
      {
        type: "say",
        key: "message.text",
        audience: { to: "participant", participantId: "p2" },
        vars: { text: { text: { en: "Only English", ar: "عربي" } } },
      },
      ctx,
    );
    expect(text(es)).toBe("Only English");
  });

  it("sends facilitator text to the facilitators' user ids, and drops text for someone who left", () => {
    const [d] = renderEffect(
      {
        type: "say",
        key: "workshop.timeoutRequested",
        audience: { to: "facilitators" },
        vars: { participant: { participant: "p1" }, reason: { userText: "I need a *break*" } },
      },
      ctx,
    );
    expect(d?.audience).toEqual({ to: "facilitators", userIds: ["fac-1", "fac-2"] });
    expect(text(d)).toBe("Amal asked for a time-out: I need a *break*");
    expect(
      d !== undefined && "body" in d && d.body.find((s) => s.text === "I need a *break*")?.fromParticipant,
    ).toBe(true);
    expect(
      renderEffect(
        { type: "say", key: "needs.received", audience: { to: "participant", participantId: "gone" } },
        ctx,
      ),
    ).toEqual([]);
  });

  it("keeps hostile names and text as neutralised participant segments", () => {
    const [d] = renderEffect(
      {
        type: "say",
        key: "perspective.contribution",
        audience: { to: "room" },
        vars: {
          participant: { participant: "p2" },
          text: { userText: "@everyone <@&123> **bold** {x} \u202Eevil\u202C" },
        },
      },
      ctx,
    );
    const body = d !== undefined && "body" in d ? d.body : [];
    const name = body.find((s) => s.text === "@everyone");
    const said = body.find((s) => s.text.includes("<@&123>"));
    expect(name?.fromParticipant).toBe(true);
    expect(said?.fromParticipant).toBe(true);
    // ICU syntax in participant text is not interpreted, bidi overrides are gone.
    expect(said?.text).toBe("@everyone <@&123> **bold** {x} evil");
  });

  it("renders prompts with option labels, collects, floors, timers", () => {
    const prompt: FlowEffect = {
      type: "prompt",
      key: "groundRules.consentPrompt",
      audience: { to: "participant", participantId: "p2" },
      promptId: "consent-1",
      options: [
        { value: "yes", label: { key: "groundRules.consentYes" } },
        { value: "no", label: { key: "groundRules.consentNo" } },
        { value: "x", label: { text: { en: "Other", es: "Otra" } } },
      ],
    };
    const [ask] = renderEffect(prompt, ctx);
    expect(ask).toMatchObject({
      kind: "ask",
      promptId: "consent-1",
      maxChoices: 1,
      audience: { to: "user", userId: "u-p2" },
    });
    expect(ask?.kind === "ask" ? ask.options : []).toEqual([
      { value: "yes", label: "Acepto" },
      { value: "no", label: "No acepto" },
      { value: "x", label: "Otra" },
    ]);
    const [collect] = renderEffect(
      { type: "collect", key: "brainstorm.collect", audience: { to: "room" }, promptId: "ideas" },
      ctx,
    );
    expect(collect).toMatchObject({ kind: "collect", promptId: "ideas", audience: { to: "room" } });
    const strict: RenderContext = { ...ctx, flow: { ...flow, turnEnforcement: "strict" } };
    expect(renderEffect({ type: "floor", holders: ["p1", "p2", "nobody"] }, strict)).toEqual([
      {
        kind: "floor",
        roomId: "room-1",
        audience: { to: "room" },
        holders: ["u-p1", "u-p2"],
        facilitators: ["fac-1", "fac-2"],
      },
    ]);
    // Nobody holds the floor (an anonymous stage): the room is read-only for every participant.
    expect(renderEffect({ type: "floor", holders: [] }, strict)[0]).toMatchObject({ holders: [] });
    expect(renderEffect({ type: "floor", holders: "everyone" }, strict)[0]).toMatchObject({
      holders: "everyone",
    });
    // Soft enforcement never restricts who may post.
    expect(
      renderEffect(
        { type: "floor", holders: ["p1"] },
        { ...ctx, flow: { ...flow, turnEnforcement: "soft" } },
      ),
    ).toEqual([]);
    expect(renderEffect({ type: "timer", deadline: 1000 }, ctx)[0]).toMatchObject({
      kind: "timer",
      deadline: 1000,
    });
    expect(renderEffect({ type: "timer", deadline: null }, ctx)[0]).toMatchObject({
      kind: "timer",
      deadline: null,
    });
  });
});

const record: WorkshopRecord = {
  flowId: "demo",
  confidentiality: "anonymous",
  stagesRun: ["hello", "ideas"],
  participation: [
    { group: "north", participants: 2, turns: 3, words: 120, passes: 1 },
    { group: "south", participants: 1, turns: 1, words: 1, passes: 0 },
  ],
  ideas: [
    {
      id: "i1",
      text: "Shared football league",
      cluster: "Sport",
      crossGroupSupport: 0.5,
      totalSupport: 4,
      supportByGroup: { north: 2, south: 2 },
    },
    {
      id: "i2",
      text: "A bus",
      cluster: null,
      crossGroupSupport: 0,
      totalSupport: 3,
      supportByGroup: { north: 3 },
    },
  ],
  recognisedNeeds: [{ text: "Safety on the road", group: "south", recognisedByGroups: ["north"] }],
  contributions: [
    { stageId: "ideas", kind: "idea", text: "Shared football league", author: null, group: null },
  ],
};

describe("the workshop record", () => {
  it("pins a summary with ranked ideas, recognised needs and participation per group", () => {
    const [pin] = renderEffect({ type: "summary", record }, ctx);
    expect(pin?.kind).toBe("pin");
    const t = text(pin);
    expect(t).toContain("Summary of the workshop: Demo workshop");
    expect(t.indexOf("Shared football league")).toBeLessThan(t.indexOf("A bus"));
    expect(t).toContain("50% across groups");
    expect(t).toContain("Safety on the road (South), recognised by North");
    expect(t).toContain("North: 2 participants, 3 turns, 120 words, 1 pass");
    expect(t).not.toContain("Amal");
  });

  it("renders an anonymous record without authors, and an open one with them, as Markdown", () => {
    const md = renderReportMarkdown(record, { flow, locale: "en" });
    expect(md).toMatch(/^# Summary of the workshop: Demo workshop/);
    expect(md).toContain("## Ideas, ranked by support across groups");
    expect(md).toContain("- Shared football league");
    const open: WorkshopRecord = {
      ...record,
      confidentiality: "open",
      contributions: [{ stageId: "ideas", kind: "idea", text: "A *bus*", author: "Ben", group: "north" }],
    };
    const anonymous: WorkshopRecord = { ...open, confidentiality: "anonymous" };
    expect(renderReportMarkdown(open, { flow, locale: "en" })).toContain("- Ben: A \\*bus\\*");
    expect(renderReportMarkdown(anonymous, { flow, locale: "en" })).not.toContain("Ben");
    expect(renderReportMarkdown(record, { flow, locale: "ar" })).toContain("الجنوب");
  });
});

describe("lists", () => {
  it("joins lists per locale", () => {
    const effect: FlowEffect = {
      type: "say",
      key: "groundRules.noAnswer",
      audience: { to: "participant", participantId: "p2" },
      vars: { count: 2, participants: { list: [{ participant: "p1" }, { participant: "p2" }] } },
    };
    expect(text(renderEffect(effect, ctx)[0])).toBe(
      "2 personas no han respondido sobre las normas: Amal y @everyone.",
    );
    const en = renderEffect({ ...effect, audience: { to: "room" } }, ctx)[0];
    expect(text(en)).toBe("2 people have not answered the ground rules: Amal and @everyone.");
    expect(
      en !== undefined &&
        "body" in en &&
        en.body.some((s) => s.text === "Amal and @everyone" && s.fromParticipant === true),
    ).toBe(true);
  });
});

describe("renderNotice", () => {
  it("renders runtime messages with usage filled in, user input kept as participant text", () => {
    const d = renderNotice(
      "command.badArguments",
      { command: "extend" },
      { to: "user", userId: "u1" },
      "es",
      "room-1",
    );
    expect(d).toMatchObject({ kind: "say", roomId: "room-1", audience: { to: "user", userId: "u1" } });
    expect(text(d)).toBe("Así no se usa extend. Uso: extend <minutes>");
    const unknown = renderNotice(
      "participant.unknown",
      { participant: "@here" },
      { to: "user", userId: "u1" },
      "en",
      "r",
    );
    expect(unknown.kind === "say" && unknown.body.find((s) => s.text === "@here")?.fromParticipant).toBe(
      true,
    );
    const status = renderNotice(
      "session.status",
      {
        flow: "demo",
        stage: 2,
        stages: 5,
        stageTitle: "Ideas",
        phase: "collect",
        paused: "yes",
        hasLeft: "yes",
        left: "4:05",
        hasSpeaker: "no",
        grouped: "no",
        participants: 1,
      },
      { to: "user", userId: "u1" },
      "en",
      "r",
    );
    expect(text(status)).toBe(
      "demo, stage 2 of 5: Ideas, writing privately (paused). Time left: 4:05. 1 person is taking part.",
    );
  });
});
