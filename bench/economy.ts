// Message economy: how many platform requests one whole built-in `perspective-exchange` costs,
// with eight participants in two groups, on the Discord double (the real bot process and
// discord.js; test/conformance's driver plays the participants the way people would). Every REST
// request the bot makes from the facilitator's first `start` to the pinned summary is counted and
// sorted into room posts (new messages in the workshop channel), room edits, private messages
// (interaction replies and follow-ups, direct messages, the facilitators' thread), reactions and
// the rest (pins, permission overwrites, DM channels…).
//
// Run alone: `node bench/economy.ts` (prints one JSON line), or through `npm run bench`.
import { discordPlatform } from "../test/conformance/drivers/discord.ts";
import type { ConformanceDriver } from "../test/conformance/driver.ts";
import { consentAll, openAndStart, playTurnStage, Progress } from "../test/conformance/steps.ts";
import type { RecordedRequest } from "../test/support/fake-discord/server.ts";

export interface EconomyFigures {
  readonly platform: "discord";
  readonly participants: number;
  /** New messages the bot posted in the workshop channel. */
  readonly roomPosts: number;
  /** Edits of the bot's own messages in the workshop channel. */
  readonly roomEdits: number;
  /** Interaction replies, follow-ups and their edits, direct messages, facilitators' thread posts. */
  readonly privateMessages: number;
  readonly reactions: number;
  /** Everything else the bot asked of the API (pins, overwrites, opening DM channels, fetches…). */
  readonly other: number;
  readonly total: number;
  /** The bot's messages still in the channel at the end (what a member scrolls through). */
  readonly roomMessagesAtEnd: number;
}

type Kind = "roomPosts" | "roomEdits" | "privateMessages" | "reactions" | "other";

function kindOf(r: RecordedRequest, room: string): Kind {
  const p = r.path.replace(/^\/api\/v10/, "");
  if (/^\/interactions\/|^\/webhooks\//.test(p)) return r.method === "GET" ? "other" : "privateMessages";
  const m = /^\/channels\/(\d+)\/messages(?:\/(\d+))?(\/reactions\/.*)?$/.exec(p);
  if (m === null) return "other";
  if (m[3] !== undefined) return "reactions";
  const inRoom = m[1] === room;
  if (r.method === "POST" && m[2] === undefined) return inRoom ? "roomPosts" : "privateMessages";
  if (r.method === "PATCH") return inRoom ? "roomEdits" : "privateMessages";
  return "other";
}

/**
 * One whole built-in perspective exchange, played the way people would, from the facilitator's
 * `start` to the pinned summary (shared with the Matrix variant, bench/economy-matrix.ts).
 */
export async function playPerspectiveExchange(d: ConformanceDriver): Promise<void> {
  const w = new Progress(d);
  const [first] = d.people;
  await openAndStart(w, "perspective-exchange", "Perspective exchange");
  await w.room(/^Stage 1 of 5: Ground rules/);
  await consentAll(w);
  await w.room(/^Stage 2 of 5: Sharing experiences/);
  await playTurnStage(w, { say: (p) => `In my town, ${p.name} remembers.` });
  await w.room(/^Stage 3 of 5: Being heard/);
  await playTurnStage(w, {
    say: (p) => `What matters to ${p.name} is safety.`,
    reflect: () => "You said safety matters most to you.",
  });
  await w.room(/^Stage 4 of 5: Open conversation/);
  for (const p of d.people) await d.say(p, "I heard something new today.");
  await d.command("facilitator", "next");
  await w.room(/^Stage 5 of 5: Closing reflection/);
  await playTurnStage(w, { say: () => "I take away hope.", ...(first ? { pass: first } : {}) });
  await w.room(/^The workshop has ended/);
  await d.until(() => d.pinned(), "the pinned summary");
}

export async function measureDiscordEconomy(participants = 8): Promise<EconomyFigures> {
  const platform = await discordPlatform(participants);
  try {
    const d = await platform.open("economy");
    const room = [...platform.server.channels.values()].find((c) => c.name === "workshop-economy")?.id;
    if (room === undefined) throw new Error("no workshop channel");
    // The bot's own start-up (login, command registration) is not the workshop's cost.
    const from = platform.server.requests.length;
    await playPerspectiveExchange(d);
    const closed = await d.close();
    if (!closed.cleanExit || closed.errors.length > 0)
      throw new Error(`the bot logged errors: ${closed.errors.join("\n")}`);
    const counts: Record<Kind, number> = {
      roomPosts: 0,
      roomEdits: 0,
      privateMessages: 0,
      reactions: 0,
      other: 0,
    };
    const bot = platform.server.requests
      .slice(from)
      .filter((r) => r.status >= 200 && r.status < 300 && !r.path.includes("/gateway"));
    for (const r of bot) counts[kindOf(r, room)]++;
    return {
      platform: "discord",
      participants,
      ...counts,
      total: bot.length,
      roomMessagesAtEnd: platform.server.botMessages(room).length,
    };
  } finally {
    // ECONOMY_DUMP=1: the bot's messages left in the channel, one line each (to see what is posted).
    if (process.env["ECONOMY_DUMP"] === "1")
      for (const c of [...platform.server.channels.values()].filter((c) => c.name === "workshop-economy"))
        for (const m of platform.server.botMessages(c.id))
          console.error(`--- ${JSON.stringify(m["content"]).slice(0, 160)}`);
    await platform.stop();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const figures = await measureDiscordEconomy();
  console.log(JSON.stringify(figures));
}
