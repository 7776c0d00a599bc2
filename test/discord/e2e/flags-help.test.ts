// Safeguarding on Discord, end to end (the real bot process against the Discord double): the
// "Flag to facilitators" message command and the help button under a private prompt reach only
// the facilitators and the safeguarding lead; the flagger is never named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUser, Json } from "../../support/fake-discord/index.ts";
import { label } from "../../../src/adapters/discord/labels.ts";
import { content } from "../harness.ts";
import {
  buttonsOf,
  click,
  command,
  groupOf,
  privateTo,
  startE2E,
  waitRoom,
  writeTempFlow,
  type E2E,
} from "./driver.ts";
import { joinAll } from "./steps.ts";

const flow = {
  id: "flags-help",
  version: 1,
  title: { en: "Flags and help" },
  description: { en: "Ground rules, then a long discussion." },
  defaultLocale: "en",
  groups: [
    { id: groupOf.north, name: { en: "Group A" } },
    { id: groupOf.south, name: { en: "Group B" } },
  ],
  confidentiality: "chatham-house",
  stages: [
    { id: "rules", kind: "ground-rules", rules: [{ en: "We listen." }] },
    { id: "talk", kind: "discussion", prompt: { en: "Talk about the sea." }, seconds: 3600 },
  ],
};

describe("flags and help requests on Discord", () => {
  let e2e: E2E;
  let lead: FakeUser;
  beforeAll(async () => {
    e2e = await startE2E({}, {}, (world) => {
      lead = world.server.addUser("lena");
      return {
        safeguarding: {
          lead: { discord: lead.id },
          helpText: { en: "Call the Youth Line on 0800 111." },
        },
      };
    });
  }, 60_000);
  afterAll(async () => {
    await e2e.stop();
  });

  /** Everything `user` received that the room did not (ephemerals, DMs), as text. */
  const privateTexts = (user: FakeUser): string[] => privateTo(e2e, user).map(content);
  /** The facilitators' private thread, as text. */
  const facilitatorTexts = (): string[] => {
    const thread = e2e.world.server.threadsOf(e2e.room)[0];
    return thread === undefined ? [] : e2e.world.server.channelMessages(thread.id).map(content);
  };

  it("flags a message to the facilitators only, and a help button reaches them and the lead", async () => {
    const { world } = e2e;
    const { server } = world;
    const { amal, ben, carmen } = world;
    const seen = new Set<string>();
    await command(e2e, world.facilitator, "start", { flow: writeTempFlow(flow) });
    await waitRoom(e2e, /Flags and help/, seen, "welcome");
    await joinAll(e2e, [amal, ben, carmen]);
    await command(e2e, world.facilitator, "start");

    // The consent prompt carries the help button.
    const consent = await server.waitUntil(
      () =>
        server.botMessages(e2e.room).find((m: Json) => buttonsOf(m).some((b) => b["label"] === "I agree")),
      20_000,
      "the consent prompt",
    );
    const helpButton = buttonsOf(consent).find((b) => b["label"] === label("helpMe", "en"));
    expect(helpButton).toBeDefined();

    // amal writes something hurtful; ben flags it from the message's menu.
    const hurtful = server.post(amal.id, e2e.room, "you people are all liars");
    const roomBefore = server.channelMessages(e2e.room).length;
    const flagged = server.messageCommand(ben.id, hurtful, "Flag to facilitators");
    await server.waitUntil(() => flagged.callbackType !== null, 10_000, "the flag acknowledged");
    await server.waitUntil(
      () =>
        facilitatorTexts().some(
          (t) => t.includes("you people are all liars") && t.includes(String(hurtful["id"])),
        ),
      20_000,
      "the facilitators told of the flag",
    );
    await server.waitUntil(
      () => privateTexts(ben).some((t) => /without your name|sin tu nombre/.test(t)),
      20_000,
      "ben told privately",
    );
    // Nothing names ben to the facilitators, and nothing about it appears in the room.
    expect(
      facilitatorTexts()
        .filter((t) => t.includes("Flag 1"))
        .join("\n"),
    ).not.toContain("ben");
    expect(server.channelMessages(e2e.room).slice(roomBefore).map(content).join("\n")).not.toMatch(/flag/i);
    expect(privateTexts(lead)).toEqual([]);

    // carmen presses the help button: the facilitators and the lead learn it, with her name.
    click(e2e, carmen, consent, helpButton);
    await server.waitUntil(
      () => privateTexts(lead).some((t) => t.includes("carmen") && t.includes("asked for help")),
      20_000,
      "the lead told",
    );
    await server.waitUntil(
      () => facilitatorTexts().some((t) => t.includes("carmen") && t.includes("asked for help")),
      20_000,
      "the facilitators told",
    );
    await server.waitUntil(
      () => privateTexts(carmen).some((t) => t.includes("Youth Line")),
      20_000,
      "carmen given the help text",
    );
    for (const u of [amal, ben]) expect(privateTexts(u).join("\n")).not.toMatch(/carmen|Youth Line/);
    expect(server.channelMessages(e2e.room).slice(roomBefore).map(content).join("\n")).not.toMatch(
      /help|carmen/i,
    );
    expect(server.threadsOf(e2e.room)[0]?.threadMembers.has(lead.id)).toBe(false);
    await command(e2e, world.facilitator, "end");
  }, 120_000);

  it("sends the report as files to the facilitators' thread only; a participant is told it is theirs", async () => {
    const { world } = e2e;
    const { server } = world;
    const { amal } = world;
    const thread = (): Json[] => {
      const t = server.threadsOf(e2e.room)[0];
      return t === undefined ? [] : server.channelMessages(t.id);
    };
    const roomBefore = server.channelMessages(e2e.room).length;
    const withFiles = (): Json[] => thread().filter((m) => server.attachmentsOf(m).length > 0);
    await command(e2e, amal, "report", { format: "csv" });
    await server.waitUntil(
      () => privateTexts(amal).some((t) => t.includes("Only facilitators can use report")),
      20_000,
      "amal told report is the facilitators'",
    );
    await command(e2e, world.facilitator, "report", { format: "csv" });
    await command(e2e, world.facilitator, "report");
    const [csv, html] = await server.waitUntil(
      () => (withFiles().length >= 2 ? withFiles() : undefined),
      30_000,
      "the report's files in the facilitators' thread",
    );
    const csvFiles = server.attachmentsOf(csv ?? {});
    expect(csvFiles.length).toBeGreaterThan(1);
    expect(csvFiles.every((f) => f.filename.endsWith(".csv"))).toBe(true);
    expect(server.attachmentsOf(html ?? {}).map((f) => f.filename)).toEqual(["report.html"]);
    expect(content(html ?? {})).toMatch(/^The report of this workshop \(Flags and help, session s/);
    // chatham-house: no name of anyone taking part in any file.
    const text = [...csvFiles, ...server.attachmentsOf(html ?? {})]
      .map((f) => f.bytes.toString("utf8"))
      .join("\n");
    expect(text).toContain("<svg");
    expect(text).not.toMatch(/amal|ben|carmen|liars/);
    // Nothing reached the room, and no participant was sent a file.
    expect(server.channelMessages(e2e.room).slice(roomBefore).map(content).join("\n")).not.toMatch(/report/i);
    for (const u of e2e.users)
      expect(privateTo(e2e, u).filter((m) => server.attachmentsOf(m).length > 0)).toEqual([]);
  }, 120_000);
});
