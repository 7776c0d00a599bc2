// Egress under Discord's real limits (issue 19): one bot runs many workshops at once. The real bot
// process (`node src/main.ts run`, SqliteStore, the Discord adapter on discord.js) against the
// Discord double (test/support/fake-discord: the global 50 requests a second, 5 messages per 5 s
// in each channel, X-RateLimit headers, 429s with retry_after), which runs in this process with
// the people: in every room 8 participants in two groups and a facilitator, in the bench flow
// (bench/flows/egress-turns.yaml: turns, everyone may post). Time is real (the limits are in real
// seconds): each participant posts once every 30 s and each facilitator moves the floor on
// (`/facilitate skip`) once every 60 s, each at a random phase, for `--seconds`.
//
// Measured per room: a participant's post → the bot's private answer ("Please wait: it is …'s
// turn", a direct message: a post out of turn is not an interaction, so it has no ephemeral reply),
// and a floor change → the room showing whose turn it is now. Plus the 429s the double answered,
// per bucket, and how evenly rooms are served.
//
// Run alone: `node bench/egress.ts [--rooms 100] [--seconds 180]` (one JSON line).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BotProcess } from "../test/discord/bot-process.ts";
import {
  FakeDiscordServer,
  type FakeUser,
  type RecordedRequest,
} from "../test/support/fake-discord/index.ts";
import { percentile } from "./common.ts";

export interface RoomFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly answered: number;
}

export interface EgressFigures {
  readonly rooms: number;
  readonly participantsPerRoom: number;
  readonly seconds: number;
  /** Participant posts made, and how many were answered privately (those out of turn). */
  readonly posts: number;
  readonly replies: number;
  /** Of those, ephemeral follow-ups (within a minute of the person's last interaction); the rest DMs. */
  readonly ephemeralReplies: number;
  readonly floorChanges: number;
  /** Every room's latencies together: post → private answer, skip → the room shows the new turn. */
  readonly replyP50Ms: number;
  readonly replyP99Ms: number;
  readonly floorP50Ms: number;
  readonly floorP99Ms: number;
  readonly allP50Ms: number;
  readonly allP99Ms: number;
  /** Per room (both kinds together): the worst room's p99, the median room's p99. */
  readonly worstRoomP99Ms: number;
  readonly medianRoomP99Ms: number;
  /** Jain's index over the rooms' mean latency (1 = every room served alike), and max/min of it. */
  readonly jainIndex: number;
  readonly maxOverMinMean: number;
  /** Rooms whose p99 is within the 2 s target; the lowest share of a room's events answered within 2 s. */
  readonly roomsWithinTarget: number;
  readonly worstRoomShareWithinTarget: number;
  /** 429s answered while measuring, and in all (set-up included); beyond the first of each bucket. */
  readonly rateLimited: number;
  readonly rateLimitedTotal: number;
  readonly rateLimitedBeyondFirstProbe: number;
  readonly rateLimitedByRoute: Record<string, number>;
  /** Bot requests a second while measuring (global-limit ones; interactions and webhooks apart). */
  readonly requestsPerSecond: number;
  readonly interactionRequestsPerSecond: number;
  /** Events that got no answer within the drain time (out of turn posts only). */
  readonly unanswered: number;
  readonly perRoom: readonly RoomFigures[];
}

const repo = resolve(import.meta.dirname, "..");
/** Issue 19's target: p99 from a message to the bot's answer. */
const targetMs = 2000;

interface Room {
  readonly channelId: string;
  readonly people: readonly FakeUser[];
  latencies: number[];
}

interface Sent {
  readonly room: Room;
  readonly kind: "post" | "floor";
  readonly user: FakeUser;
  readonly at: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * A message's text as people read it: its content and, for a live stage card (an embed, edited
 * in place), the card's title, body and fields (the latest turn, who joined).
 */
function textOf(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const m = body as { content?: unknown; embeds?: unknown };
  const parts = [str(m.content)];
  for (const e of Array.isArray(m.embeds) ? (m.embeds as Record<string, unknown>[]) : []) {
    parts.push(str(e["title"]), str(e["description"]));
    for (const f of Array.isArray(e["fields"]) ? (e["fields"] as Record<string, unknown>[]) : [])
      parts.push(str(f["name"]), str(f["value"]));
  }
  return parts.join("\n");
}

function jain(xs: readonly number[]): number {
  const sum = xs.reduce((a, b) => a + b, 0);
  const squares = xs.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (xs.length * squares);
}

export interface EgressOptions {
  readonly rooms?: number | undefined;
  readonly participants?: number | undefined;
  readonly seconds?: number | undefined;
  readonly postEverySec?: number | undefined;
  readonly floorEverySec?: number | undefined;
}

export async function egressBench(options: EgressOptions): Promise<EgressFigures> {
  const roomCount = options.rooms ?? 100;
  const participants = options.participants ?? 8;
  const seconds = options.seconds ?? 180;
  const postEvery = (options.postEverySec ?? 30) * 1000;
  const floorEvery = (options.floorEverySec ?? 60) * 1000;
  const server = new FakeDiscordServer();
  await server.start();
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-egress-"));
  const facilitator = server.addUser("fatima");
  const rooms: Room[] = [];
  for (let r = 0; r < roomCount; r++) {
    const channel = server.addTextChannel(`workshop-${r}`);
    const people = Array.from({ length: participants }, (_, p) => server.addUser(`p${r}x${p}`));
    rooms.push({ channelId: channel.id, people, latencies: [] });
  }
  const config = {
    store: { kind: "sqlite", path: join(dir, "parley.sqlite") },
    locale: "en",
    flows: { dirs: [join(repo, "bench/flows")] },
    rooms: Object.fromEntries(
      rooms.map((r) => [
        `discord:${r.channelId}`,
        { facilitators: [facilitator.id], locale: "en", languages: ["en"] },
      ]),
    ),
    discord: {
      guildId: server.guildId,
      channels: rooms.map((r) => r.channelId),
      restApi: server.restApi,
      groups: ["group-a", "group-b"],
      replyGraceMs: 1000,
    },
  };
  const configPath = join(dir, "parley.json");
  writeFileSync(configPath, JSON.stringify(config));
  const bot = new BotProcess(configPath, server.token);
  try {
    bot.start();
    await server.waitUntil(() => server.guildCommands.length > 0, 60_000, "the bot's commands");
    const turnShown = (r: Room) => server.botMessages(r.channelId).some((m) => textOf(m).includes("'s turn"));
    // Set-up, a room at a time a little apart: open, 8 joins, begin; every room shows a turn.
    for (const [n, r] of rooms.entries()) {
      void (async () => {
        await sleep(n * 150);
        server.command(facilitator.id, r.channelId, "facilitate", "start", { flow: "egress-turns" });
        await server.waitUntil(() => server.botMessages(r.channelId).length > 0, 60_000, "the lobby");
        for (const [k, p] of r.people.entries()) {
          server.command(p.id, r.channelId, "parley", "join", { group: k % 2 === 0 ? "group-a" : "group-b" });
          await sleep(100);
        }
        // Each join is a line of the lobby card (or a post of its own without live cards).
        await server.waitUntil(
          () =>
            server
              .botMessages(r.channelId)
              .reduce((n, m) => n + (textOf(m).match(/has joined/g) ?? []).length, 0) >= participants,
          120_000,
          "every join",
        );
        server.command(facilitator.id, r.channelId, "facilitate", "start", {});
      })();
    }
    await server.waitUntil(() => rooms.every(turnShown), 300_000, "a turn in every room");
    await sleep(6000); // the channel buckets of the set-up's bursts reset
    const from = server.requests.length;
    const startedAt = Date.now();
    const sent: Sent[] = [];
    const timers: NodeJS.Timeout[] = [];
    const every = (ms: number, phase: number, fn: () => void) => {
      timers.push(
        setTimeout(() => {
          fn();
          timers.push(setInterval(fn, ms));
        }, phase),
      );
    };
    let count = 0;
    for (const r of rooms) {
      for (const p of r.people) {
        every(postEvery, Math.random() * postEvery, () => {
          count++;
          sent.push({ room: r, kind: "post", user: p, at: Date.now() });
          server.post(p.id, r.channelId, `message ${count} from ${p.username}`);
        });
      }
      every(floorEvery, Math.random() * floorEvery, () => {
        sent.push({ room: r, kind: "floor", user: facilitator, at: Date.now() });
        server.command(facilitator.id, r.channelId, "facilitate", "skip", {});
      });
    }
    await sleep(seconds * 1000);
    for (const t of timers) clearTimeout(t);
    const endedAt = Date.now();
    await sleep(15_000); // answers still on their way
    const requests = server.requests.slice(from);
    return figures(server, rooms, sent, requests, server.requests, {
      seconds,
      startedAt,
      endedAt,
      participants,
    });
  } finally {
    await bot.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function figures(
  server: FakeDiscordServer,
  rooms: readonly Room[],
  sent: readonly Sent[],
  measured: readonly RecordedRequest[],
  all: readonly RecordedRequest[],
  run: { seconds: number; startedAt: number; endedAt: number; participants: number },
): EgressFigures {
  const ok = measured.filter((q) => q.status >= 200 && q.status < 300);
  // Message requests per channel, in the order they were answered.
  const byChannel = new Map<string, RecordedRequest[]>();
  for (const q of ok) {
    const m = /^\/api\/v10\/channels\/(\d+)\/messages/.exec(q.path);
    if (m === null || (q.method !== "POST" && q.method !== "PATCH")) continue;
    const list = byChannel.get(m[1] ?? "") ?? [];
    list.push(q);
    byChannel.set(m[1] ?? "", list);
  }
  // What each person was sent privately: an ephemeral follow-up on one of their interactions (no
  // channel message, outside the global limit) or a direct message.
  const ownerOf = new Map<string, string>();
  for (const i of server.interactions.values())
    ownerOf.set(`/api/v10/webhooks/${server.applicationId}/${i.token}`, i.userId);
  for (const r of rooms)
    for (const p of r.people) {
      const dm = server.dmChannelOf(p.id);
      if (dm !== undefined) ownerOf.set(`/api/v10/channels/${dm.id}/messages`, p.id);
    }
  const privateTo = new Map<string, RecordedRequest[]>();
  for (const q of ok) {
    const owner = ownerOf.get(
      /^\/api\/v10\/(webhooks\/\d+\/[^/]+|channels\/\d+\/messages)/.exec(q.path)?.[0] ?? "",
    );
    if (owner === undefined) continue;
    const list = privateTo.get(owner) ?? [];
    list.push(q);
    privateTo.set(owner, list);
  }
  const firstAfter = (
    list: readonly RecordedRequest[] | undefined,
    at: number,
    match: (q: RecordedRequest) => boolean,
  ) => (list ?? []).find((q) => (q.answeredAt ?? 0) >= at && match(q));
  const replies: number[] = [];
  const floors: number[] = [];
  let unanswered = 0;
  let posts = 0;
  let ephemeral = 0;
  for (const s of sent) {
    if (s.kind === "post") {
      posts++;
      // The private answer to an out-of-turn post: a direct message asking to wait. The speaker's
      // own post is answered by nothing (it is their turn).
      const next = sent.find((o) => o.user === s.user && o.at > s.at)?.at ?? Number.POSITIVE_INFINITY;
      const q = firstAfter(privateTo.get(s.user.id), s.at, (x) => textOf(x.body).includes("Please wait"));
      if (q !== undefined && (q.answeredAt ?? 0) < next) {
        if (q.path.includes("/webhooks/")) ephemeral++;
        const ms = (q.answeredAt ?? 0) - s.at;
        replies.push(ms);
        s.room.latencies.push(ms);
      }
    } else {
      const q = firstAfter(byChannel.get(s.room.channelId), s.at, (x) => textOf(x.body).includes("'s turn"));
      if (q === undefined) unanswered++;
      else {
        const ms = (q.answeredAt ?? 0) - s.at;
        floors.push(ms);
        s.room.latencies.push(ms);
      }
    }
  }
  const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
  const both = sorted([...replies, ...floors]);
  const perRoom = rooms.map((r) => {
    const xs = sorted(r.latencies);
    return { p50Ms: percentile(xs, 50), p99Ms: percentile(xs, 99), answered: xs.length };
  });
  const means = rooms.map((r) => r.latencies.reduce((a, b) => a + b, 0) / Math.max(1, r.latencies.length));
  const limited = (qs: readonly RecordedRequest[]) => qs.filter((q) => q.status === 429);
  const byBucket = new Map<string, number>();
  const byRoute: Record<string, number> = {};
  for (const q of limited(all)) {
    const major = /\/(channels|webhooks|interactions|guilds)\/(\d+)/.exec(q.path)?.[2] ?? "";
    // The global limit is one bucket of its own.
    const bucket = q.limitedBy === "global" ? "global" : `${q.method} ${q.route} ${major}`;
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + 1);
    const route = `${q.method} ${q.route} (${q.limitedBy ?? "?"})`;
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  const window = (run.endedAt - run.startedAt) / 1000;
  const exempt = (q: RecordedRequest) => /^\/api\/v10\/(interactions|webhooks)\//.test(q.path);
  const during = measured.filter((q) => (q.answeredAt ?? 0) <= run.endedAt);
  const roomP99 = sorted(perRoom.map((r) => r.p99Ms));
  return {
    rooms: rooms.length,
    participantsPerRoom: run.participants,
    seconds: run.seconds,
    posts,
    replies: replies.length,
    ephemeralReplies: ephemeral,
    floorChanges: floors.length,
    replyP50Ms: percentile(sorted(replies), 50),
    replyP99Ms: percentile(sorted(replies), 99),
    floorP50Ms: percentile(sorted(floors), 50),
    floorP99Ms: percentile(sorted(floors), 99),
    allP50Ms: percentile(both, 50),
    allP99Ms: percentile(both, 99),
    worstRoomP99Ms: roomP99[roomP99.length - 1] ?? Number.NaN,
    medianRoomP99Ms: percentile(roomP99, 50),
    jainIndex: jain(means),
    maxOverMinMean: Math.max(...means) / Math.max(1e-9, Math.min(...means)),
    roomsWithinTarget: perRoom.filter((r) => r.p99Ms <= targetMs).length,
    worstRoomShareWithinTarget: Math.min(
      ...rooms.map(
        (r) => r.latencies.filter((ms) => ms <= targetMs).length / Math.max(1, r.latencies.length),
      ),
    ),
    rateLimited: limited(measured).length,
    rateLimitedTotal: limited(all).length,
    rateLimitedBeyondFirstProbe: [...byBucket.values()].reduce((a, n) => a + n - 1, 0),
    rateLimitedByRoute: byRoute,
    requestsPerSecond: during.filter((q) => !exempt(q)).length / window,
    interactionRequestsPerSecond: during.filter(exempt).length / window,
    unanswered,
    perRoom,
  };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const num = (name: string): number | undefined => (opt(name) === undefined ? undefined : Number(opt(name)));
  const f = await egressBench({
    rooms: num("--rooms"),
    seconds: num("--seconds"),
    participants: num("--participants"),
  });
  console.log(JSON.stringify(f));
}
