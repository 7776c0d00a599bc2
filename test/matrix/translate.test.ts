// Pure translation helpers of the Matrix adapter (no homeserver needed).

import { describe, expect, it } from "vitest";
import {
  commandIn,
  numberIn,
  pollAnswers,
  stripReplyFallback,
  withPillsQuoted,
} from "../../src/adapters/matrix/inbound.ts";
import { notice, optionIndexOfKey, renderBody, timerSuffix } from "../../src/adapters/matrix/render.ts";

describe("Matrix rendering", () => {
  it("escapes every segment and defuses participant mentions, keeping web links whole", () => {
    const { body, html } = renderBody([
      { text: "Rules & <notes>", style: "strong" },
      { text: "\n" },
      { text: "@room see https://example.org/a?b=1. and @dana:example.org <script>", fromParticipant: true },
    ]);
    // The link stays usable (bot messages are m.notice: clients do not preview them).
    expect(html).toBe(
      "<strong>Rules &amp; &lt;notes&gt;</strong><br>" +
        "@\u2060room see https://example.org/a?b=1. and @\u2060dana:example\u2060.org &lt;script&gt;",
    );
    expect(body).not.toMatch(/@room|@dana/);
    expect(body).toContain("https://example.org/a?b=1.");
  });

  it("defuses links that would become pills (matrix.to, or naming a user)", () => {
    const { body } = renderBody([
      {
        text: "https://matrix.to/#/@dana:example.org https://x.example/@dana:example.org",
        fromParticipant: true,
      },
    ]);
    expect(body).not.toContain("https://");
    expect(body).not.toMatch(/@dana/u);
  });

  it("does not defuse the bot's own text", () => {
    expect(renderBody([{ text: "Use !parley help or visit docs.example.org" }]).body).toBe(
      "Use !parley help or visit docs.example.org",
    );
  });

  it("renders options as a numbered list, labels always treated as participant text", () => {
    const content = notice(
      [{ text: "Vote" }],
      [
        { value: "a", label: "<i>x</i> @room" },
        { value: "b", label: "Two" },
      ],
    );
    expect(content.body).toBe("Vote\n\n1. <i>x</i> @\u2060room\n2. Two");
    expect(content.formatted_body).toBe("Vote<ol><li>&lt;i&gt;x&lt;/i&gt; @\u2060room</li><li>Two</li></ol>");
    expect(content["m.mentions"]).toEqual({});
  });

  it("shows a timer's time left and its deadline in UTC", () => {
    const deadline = Date.UTC(2026, 10, 23, 14, 5, 0);
    expect(timerSuffix(deadline, deadline - 125_000)).toBe(" \u23F1 2:05 (14:05 UTC)");
    expect(timerSuffix(deadline, deadline + 1000)).toBe(" \u23F1 0:00 (14:05 UTC)");
  });

  it("words a timer in the room's language, digits unchanged, English for unknown languages", () => {
    const deadline = Date.UTC(2026, 10, 23, 14, 5, 0);
    expect(timerSuffix(deadline, deadline - 125_000, "es")).toBe(" \u23F1 2:05 (a las 14:05 UTC)");
    expect(timerSuffix(deadline, deadline - 125_000, "he")).toBe(" \u23F1 2:05 (בשעה 14:05 UTC)");
    expect(timerSuffix(deadline, deadline - 125_000, "ar")).toContain("2:05");
    expect(timerSuffix(deadline, deadline - 125_000, "ar")).toMatch(/[\u0600-\u06FF]/);
    expect(timerSuffix(deadline, deadline - 125_000, "fr")).toBe(" \u23F1 2:05 (14:05 UTC)");
  });

  it("reads keycap reactions with or without the variation selector", () => {
    expect(optionIndexOfKey("1\uFE0F\u20E3")).toBe(0);
    expect(optionIndexOfKey("3\u20E3")).toBe(2);
    expect(optionIndexOfKey("\u{1F51F}")).toBe(9);
    expect(optionIndexOfKey("👍")).toBeUndefined();
  });
});

describe("Matrix user pills in commands", () => {
  const pill = (userId: string, label: string): string =>
    `<a href="https://matrix.to/#/${encodeURIComponent(userId)}">${label}</a>`;
  const html = (formatted_body: string) => ({ format: "org.matrix.custom.html", formatted_body });

  it("keeps a picked person's display name together as one argument", () => {
    const content = html(`!parley floor ${pill("@oswin:example.org", "Oswin Marlowe")}`);
    expect(withPillsQuoted("!parley floor Oswin Marlowe", content)).toBe('!parley floor "Oswin Marlowe"');
    const line = withPillsQuoted("!parley floor Oswin Marlowe", content);
    expect(commandIn(line, "!parley", [])).toEqual({ name: "floor", args: ["Oswin Marlowe"] });
    // A name with a double quote in it is quoted with single quotes; HTML entities are read.
    expect(
      withPillsQuoted(
        '!parley remove Dana "D" K',
        html(`!parley remove ${pill("@d:x.org", "Dana &quot;D&quot; K")}`),
      ),
    ).toBe("!parley remove 'Dana \"D\" K'");
  });

  it("leaves the bot's own pill, room links and the quoted part of a reply alone", () => {
    const addressed = html(
      `${pill("@parley:example.org", "Parley")}: floor ${pill("@ben:example.org", "Ben Ode")}`,
    );
    expect(withPillsQuoted("Parley: floor Ben Ode", addressed, ["@parley:example.org"])).toBe(
      'Parley: floor "Ben Ode"',
    );
    expect(withPillsQuoted("!parley status", { body: "!parley status" })).toBe("!parley status");
    const roomLink = html('!parley status <a href="https://matrix.to/#/!room:example.org">status</a>');
    expect(withPillsQuoted("!parley status status", roomLink)).toBe("!parley status status");
    const reply = html(
      `<mx-reply><blockquote>${pill("@ben:example.org", "Ben")} said</blockquote></mx-reply>!parley floor Ben`,
    );
    expect(withPillsQuoted("!parley floor Ben", reply)).toBe("!parley floor Ben");
  });
});

describe("Matrix command reading", () => {
  const names = ["@parley:example.org", "parley", "Parley Bot"];
  it("reads the prefix, mentions by id, localpart and display name", () => {
    expect(commandIn("!parley start perspective-exchange", "!parley", names)).toEqual({
      name: "start",
      args: ["perspective-exchange"],
    });
    expect(commandIn("!PARLEY Next", "!parley", names)).toEqual({ name: "next", args: [] });
    expect(commandIn("@parley:example.org: extend 5", "!parley", names)).toEqual({
      name: "extend",
      args: ["5"],
    });
    expect(commandIn("Parley Bot, status", "!parley", names)).toEqual({ name: "status", args: [] });
    expect(commandIn("parley", "!parley", names)).toEqual({ name: "help", args: [] });
    expect(commandIn('!parley cluster 1 2 "Shared water"', "!parley", names)).toEqual({
      name: "cluster",
      args: ["1", "2", "Shared water"],
    });
  });
  it("leaves ordinary messages alone", () => {
    expect(commandIn("I think parleying is good", "!parley", names)).toBeUndefined();
    expect(commandIn("Parley is great", "!parley", names)).toBeUndefined();
    expect(commandIn("!parleyx start", "!parley", names)).toBeUndefined();
    expect(commandIn("we asked parley-bot", "!parley", names)).toBeUndefined();
  });
  it("reads numbered replies and strips reply fallbacks", () => {
    expect(numberIn(" 2 ")).toBe(2);
    expect(numberIn("#3")).toBe(3);
    expect(numberIn("2.")).toBe(2);
    expect(numberIn("0")).toBeUndefined();
    expect(numberIn("2 please")).toBeUndefined();
    expect(stripReplyFallback("> <@parley:example.org> Vote\n> 1. a\n\n2")).toBe("2");
  });
  it("reads stable and unstable poll responses", () => {
    expect(pollAnswers("m.poll.response", { "m.selections": ["1", 2] })).toEqual(["1"]);
    expect(
      pollAnswers("org.matrix.msc3381.poll.response", {
        "org.matrix.msc3381.poll.response": { answers: ["2"] },
      }),
    ).toEqual(["2"]);
    expect(pollAnswers("m.room.message", {})).toBeUndefined();
  });
});
