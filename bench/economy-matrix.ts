// Message economy on Matrix: the same whole built-in `perspective-exchange` as bench/economy.ts,
// with eight participants in two groups, played by real matrix-js-sdk clients against a real
// Synapse (installed and cached by the test setup) with the real bot process. Every event the bot
// sends from the facilitator's first `start` to the pinned summary, as its readers' clients saw
// it, is sorted into room posts (new messages in the workshop room), room edits (`m.replace`),
// private messages (direct rooms, the facilitators' direct rooms), reactions (anywhere) and the
// rest in the workshop room (state events such as power levels, pins and the topic; redactions).
//
// Run alone: `node bench/economy-matrix.ts` (prints one JSON line), or `npm run bench -- --matrix`.
import { Direction } from "matrix-js-sdk";
import type { Human, SeenEvent } from "../test/support/synapse/human.ts";
import { matrixPlatform } from "../test/conformance/drivers/matrix.ts";
import { editedId, withEdits } from "../test/matrix/workshop-driver.ts";
import { playPerspectiveExchange, type EconomyFigures } from "./economy.ts";

export interface MatrixEconomyFigures extends Omit<EconomyFigures, "platform"> {
  readonly platform: "matrix";
}

type Kind = "roomPosts" | "roomEdits" | "privateMessages" | "reactions" | "other";

const messageTypes = /^(m\.room\.message|m\.poll\.start|org\.matrix\.msc3381\.poll\.start)$/;

function kindOf(e: SeenEvent, room: string): Kind | undefined {
  if (e.type === "m.reaction") return "reactions";
  if (messageTypes.test(e.type)) {
    if (e.roomId !== room) return "privateMessages";
    return editedId(e) === undefined ? "roomPosts" : "roomEdits";
  }
  // The bot's joins and the set-up of its direct rooms are not the workshop's room traffic.
  if (e.roomId !== room || e.type === "m.room.member") return undefined;
  return "other";
}

interface RawEvent {
  readonly event_id: string;
  readonly type: string;
  readonly sender: string;
  readonly origin_server_ts: number;
  readonly content: Record<string, unknown>;
  readonly state_key?: string;
}

/** Every event of a room as `reader` reads it back from the server, oldest first. */
async function history(reader: Human, roomId: string): Promise<RawEvent[]> {
  const events: RawEvent[] = [];
  let from: string | null = null;
  for (;;) {
    const page = await reader.client.createMessagesRequest(roomId, from, 500, Direction.Backward);
    events.push(...(page.chunk as unknown as RawEvent[]));
    if (page.chunk.length === 0 || page.end === undefined || page.end === from) break;
    from = page.end;
  }
  return events.reverse();
}

export async function measureMatrixEconomy(participants = 8): Promise<MatrixEconomyFigures> {
  const platform = await matrixPlatform(1, participants);
  const { world } = platform;
  const humans = [world.carol, ...world.people.map((p) => p.human)];
  const bot = world.bots[0]?.userId;
  try {
    const d = await platform.open("economy");
    // Only what the bot sent from here on counts (its join, the readers' rooms before, do not).
    const since = Date.now();
    await playPerspectiveExchange(d);
    const closed = await d.close();
    if (!closed.cleanExit || closed.errors.length > 0)
      throw new Error(`the bot logged errors: ${closed.errors.join("\n")}`);
    // Read back from the server (/messages), not from the readers' sync, which may skip a burst.
    const events = new Map<string, SeenEvent>();
    for (const h of humans)
      for (const room of h.client.getRooms())
        for (const e of await history(h, room.roomId))
          if (e.sender === bot && e.origin_server_ts >= since)
            events.set(e.event_id, {
              roomId: room.roomId,
              eventId: e.event_id,
              type: e.type,
              sender: e.sender,
              content: e.content,
              stateKey: e.state_key,
            });
    const room = [...events.values()].find((e) => e.type === "m.room.pinned_events")?.roomId;
    if (room === undefined) throw new Error("no pinned summary in the workshop room");
    const counts: Record<Kind, number> = {
      roomPosts: 0,
      roomEdits: 0,
      privateMessages: 0,
      reactions: 0,
      other: 0,
    };
    for (const e of events.values()) {
      const kind = kindOf(e, room);
      if (kind !== undefined) counts[kind]++;
    }
    const inRoom = [...events.values()].filter((e) => e.roomId === room && messageTypes.test(e.type));
    if (process.env["ECONOMY_DUMP"] === "1")
      for (const e of withEdits(inRoom))
        console.error(`--- ${JSON.stringify(e.content["body"]).slice(0, 160)}`);
    return {
      platform: "matrix",
      participants,
      ...counts,
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      roomMessagesAtEnd: withEdits(inRoom).length,
    };
  } finally {
    await platform.stop();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const figures = await measureMatrixEconomy();
  console.log(JSON.stringify(figures));
}
