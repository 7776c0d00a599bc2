// Egress under Matrix's limits (issue 19): the real bot process (`node src/main.ts run`, the
// Matrix adapter on matrix-js-sdk) against a real Synapse (the test homeserver of
// test/support/synapse), 20 workshops on one bot account, 8 participants each, the bench flow
// (bench/flows/egress-turns.yaml). Each facilitator opens the workshop, the participants join and
// then post once every 30 s, and the floor moves on (`!parley skip`) once every 60 s, all in real
// time, capped at `--seconds` from the first command.
//
// Two runs: the bot user under Synapse's default message limit (`rc_message`: 0.2 a second, a
// burst of 10: the homeserver is started with it), and the same limit lifted for the bot user
// (the admin API's override; what an application-service registration with `rate_limited: false`
// gives). The people's limits are lifted. People send through the
// client-server API without syncing clients; afterwards every room's timeline is read with the
// admin API, and latencies are between the events' `origin_server_ts` (one server clock): a
// participant's post → the bot's "Please wait" in their direct room, a skip → the room showing
// whose turn it is; plus how many of the bot's messages went out, and how many rooms got through
// their set-up, within the cap.
//
// Run alone: `node bench/matrix-egress.ts [--rooms 20] [--seconds 180] [--modes default,lifted]`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BotProcess } from "../test/matrix/bot-process.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../test/support/synapse/server.ts";
import { percentile } from "./common.ts";

const repo = resolve(import.meta.dirname, "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Synapse's default `rc_message` (a user's events a second, and the burst). */
export const synapseDefaultMessageLimit = { messagesPerSecond: 0.2, burst: 10 } as const;

export interface MatrixModeFigures {
  readonly mode: "default" | "lifted";
  readonly rooms: number;
  readonly seconds: number;
  /** Rooms whose first turn was shown within the cap (set-up: welcome, 8 joins, stage, turn). */
  readonly roomsSetUp: number;
  /** Seconds from the first `start` until the last room showed its first turn (NaN if not all did). */
  readonly setUpSeconds: number;
  /** The bot's messages (room and direct) within the cap, and per second. */
  readonly botMessages: number;
  readonly botMessagesPerSecond: number;
  /**
   * Every event the bot sent within the cap but its joins (messages, edits, state: pins, topics,
   * power levels; redactions, reactions): what Synapse's `rc_message` counts, with the direct
   * rooms it created.
   */
  readonly botEvents: number;
  readonly posts: number;
  readonly replies: number;
  readonly floorChanges: number;
  readonly floorAnswered: number;
  readonly replyP50Ms: number;
  readonly replyP99Ms: number;
  readonly floorP50Ms: number;
  readonly floorP99Ms: number;
  /** Times the bot logged a rate-limited send (M_LIMIT_EXCEEDED). */
  readonly rateLimitedLogLines: number;
}

interface TimelineEvent {
  readonly type: string;
  readonly sender: string;
  readonly ts: number;
  readonly body: string;
}

async function call(
  hs: Homeserver,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await fetch(`${hs.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status === 429) {
      await sleep(Number(json["retry_after_ms"] ?? 1000));
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
}

let txn = 0;
function send(hs: Homeserver, who: RegisteredUser, roomId: string, text: string): Promise<unknown> {
  txn++;
  return call(
    hs,
    who.accessToken,
    "PUT",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/bench${Date.now()}-${txn}`,
    { msgtype: "m.text", body: text },
  );
}

async function timeline(hs: Homeserver, admin: RegisteredUser, roomId: string): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];
  let from: string | undefined;
  for (;;) {
    const q = `dir=f&limit=500${from === undefined ? "" : `&from=${encodeURIComponent(from)}`}`;
    const page = await call(
      hs,
      admin.accessToken,
      "GET",
      `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages?${q}`,
    );
    const chunk = (page["chunk"] as Record<string, unknown>[] | undefined) ?? [];
    for (const e of chunk) {
      const content = (e["content"] ?? {}) as Record<string, unknown>;
      out.push({
        type: String(e["type"]),
        sender: String(e["sender"]),
        ts: Number(e["origin_server_ts"]),
        body: typeof content["body"] === "string" ? content["body"].replace(/[\u2066-\u2069]/g, "") : "",
      });
    }
    const end = page["end"];
    if (chunk.length === 0 || typeof end !== "string" || end === from) return out;
    from = end;
  }
}

async function runMode(
  hs: Homeserver,
  admin: RegisteredUser,
  mode: "default" | "lifted",
  roomCount: number,
  participants: number,
  seconds: number,
): Promise<MatrixModeFigures> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-matrix-"));
  // The homeserver's rc_message is Synapse's default; "lifted" exempts the bot as an application
  // service registration with `rate_limited: false` would (the admin API's override).
  const bot = await hs.registerUser(`parley-${mode}`, {
    liftRateLimits: mode === "lifted",
    displayName: "Parley",
  });
  const facilitator = await hs.registerUser(`fac-${mode}`);
  const rooms: { id: string; people: RegisteredUser[] }[] = [];
  const north: string[] = [];
  const south: string[] = [];
  for (let r = 0; r < roomCount; r++) {
    const people = await Promise.all(
      Array.from({ length: participants }, (_, p) => hs.registerUser(`p${r}x${p}-${mode}`)),
    );
    people.forEach((p, k) => (k % 2 === 0 ? north : south).push(p.userId));
    const created = await call(hs, facilitator.accessToken, "POST", "/_matrix/client/v3/createRoom", {
      preset: "private_chat",
      name: `workshop ${r}`,
      invite: people.map((p) => p.userId),
      power_level_content_override: { users: { [bot.userId]: 50 } },
    });
    const id = String(created["room_id"]);
    for (const p of people)
      await call(hs, p.accessToken, "POST", `/_matrix/client/v3/join/${encodeURIComponent(id)}`, {});
    rooms.push({ id, people });
  }
  const process = await BotProcess.prepare(
    dir,
    {
      store: { kind: "sqlite", path: join(dir, "parley.sqlite") },
      locale: "en",
      flows: { dirs: [join(repo, "bench/flows")] },
      rooms: Object.fromEntries(
        rooms.map((r) => [
          `matrix:${r.id}`,
          { facilitators: [facilitator.userId], groupRoles: { north: "group-a", south: "group-b" } },
        ]),
      ),
      matrix: {
        homeserverUrl: hs.baseUrl,
        userId: bot.userId,
        allowedInviters: [facilitator.userId],
        groups: { north, south },
      },
    },
    { MATRIX_ACCESS_TOKEN: bot.accessToken, PARLEY_LOG_LEVEL: "info" },
  );
  process.start();
  try {
    for (const r of rooms)
      await call(
        hs,
        facilitator.accessToken,
        "POST",
        `/_matrix/client/v3/rooms/${encodeURIComponent(r.id)}/invite`,
        {
          user_id: bot.userId,
        },
      );
    // The bot joins every room (joins are not messages: rc_joins, not rc_message).
    for (;;) {
      const joined = await call(
        hs,
        admin.accessToken,
        "GET",
        `/_synapse/admin/v1/users/${encodeURIComponent(bot.userId)}/joined_rooms`,
      );
      const ids = new Set((joined["joined_rooms"] as string[] | undefined) ?? []);
      if (rooms.every((r) => ids.has(r.id))) break;
      await sleep(500);
    }
    await sleep(3000);
    const t0 = Date.now();
    const end = t0 + seconds * 1000;
    const timers: NodeJS.Timeout[] = [];
    const at = (ms: number, fn: () => Promise<unknown>) => {
      if (t0 + ms < end) timers.push(setTimeout(() => void fn().catch(() => undefined), ms));
    };
    for (const [n, r] of rooms.entries()) {
      const base = n * 500;
      at(base, () => send(hs, facilitator, r.id, "!parley start egress-turns"));
      for (const [k, p] of r.people.entries())
        at(base + 5000 + k * 300, () => send(hs, p, r.id, "!parley join"));
      at(base + 10_000, () => send(hs, facilitator, r.id, "!parley start"));
      // Then the steady load, as on Discord: a post every 30 s each, a skip every 60 s.
      for (const [k, p] of r.people.entries()) {
        for (let t = 15_000 + Math.random() * 30_000; t < seconds * 1000; t += 30_000)
          at(t, () => send(hs, p, r.id, `message from p${n}x${k}`));
      }
      for (let t = 15_000 + Math.random() * 60_000; t < seconds * 1000; t += 60_000)
        at(t, () => send(hs, facilitator, r.id, "!parley skip"));
    }
    await sleep(seconds * 1000);
    for (const t of timers) clearTimeout(t);
    // What went out within the cap is what counts: read the timelines now.
    const joined = await call(
      hs,
      admin.accessToken,
      "GET",
      `/_synapse/admin/v1/users/${encodeURIComponent(bot.userId)}/joined_rooms`,
    );
    const all = (joined["joined_rooms"] as string[] | undefined) ?? [];
    const workshopIds = new Set(rooms.map((r) => r.id));
    const timelines = new Map<string, TimelineEvent[]>();
    for (const id of all) timelines.set(id, await timeline(hs, admin, id));
    // Direct rooms: which participant each is with.
    const dmOf = new Map<string, string>();
    for (const id of all) {
      if (workshopIds.has(id)) continue;
      // Invited or joined: a participant need not accept the invite for the bot to write there.
      const state = await call(
        hs,
        admin.accessToken,
        "GET",
        `/_synapse/admin/v1/rooms/${encodeURIComponent(id)}/state`,
      );
      const other = ((state["state"] as Record<string, unknown>[] | undefined) ?? [])
        .filter((e) => e["type"] === "m.room.member")
        .map((e) => String(e["state_key"]))
        .find((m) => m !== bot.userId);
      if (other !== undefined) dmOf.set(other, id);
    }
    const messages = (events: readonly TimelineEvent[]) => events.filter((e) => e.type === "m.room.message");
    let botMessages = 0;
    let botEvents = 0;
    for (const events of timelines.values()) {
      botMessages += messages(events).filter((e) => e.sender === bot.userId && e.ts <= end).length;
      botEvents += events.filter(
        (e) => e.sender === bot.userId && e.ts <= end && e.type !== "m.room.member",
      ).length;
    }
    const replies: number[] = [];
    const floors: number[] = [];
    let posts = 0;
    let floorChanges = 0;
    let roomsSetUp = 0;
    let lastSetUp = 0;
    for (const r of rooms) {
      const events = messages(timelines.get(r.id) ?? []).filter((e) => e.ts <= end);
      const firstTurn = events.find((e) => e.sender === bot.userId && e.body.includes("'s turn"));
      if (firstTurn !== undefined) {
        roomsSetUp++;
        lastSetUp = Math.max(lastSetUp, firstTurn.ts - t0);
      }
      for (const e of events) {
        if (e.sender === facilitator.userId && e.body === "!parley skip") {
          floorChanges++;
          const shown = events.find(
            (x) => x.sender === bot.userId && x.ts >= e.ts && x.body.includes("'s turn"),
          );
          if (shown !== undefined) floors.push(shown.ts - e.ts);
        }
        const author = r.people.find((p) => p.userId === e.sender);
        if (author !== undefined && e.body.startsWith("message from")) {
          posts++;
          const dm = messages(timelines.get(dmOf.get(author.userId) ?? "") ?? []);
          const next = events.find(
            (x) => x.sender === author.userId && x.ts > e.ts && x.body.startsWith("message from"),
          );
          const answer = dm.find(
            (x) => x.sender === bot.userId && x.ts >= e.ts && x.ts <= end && x.body.includes("Please wait"),
          );
          if (answer !== undefined && (next === undefined || answer.ts < next.ts))
            replies.push(answer.ts - e.ts);
        }
      }
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    return {
      mode,
      rooms: roomCount,
      seconds,
      roomsSetUp,
      setUpSeconds: roomsSetUp === roomCount ? lastSetUp / 1000 : Number.NaN,
      botMessages,
      botMessagesPerSecond: botMessages / seconds,
      botEvents,
      posts,
      replies: replies.length,
      floorChanges,
      floorAnswered: floors.length,
      replyP50Ms: percentile(sorted(replies), 50),
      replyP99Ms: percentile(sorted(replies), 99),
      floorP50Ms: percentile(sorted(floors), 50),
      floorP99Ms: percentile(sorted(floors), 99),
      rateLimitedLogLines: process.output.split("\n").filter((l) => /M_LIMIT_EXCEEDED|rate.limit/i.test(l))
        .length,
    };
  } finally {
    await process.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function matrixEgressBench(options: {
  rooms?: number | undefined;
  participants?: number | undefined;
  seconds?: number | undefined;
  modes?: readonly ("default" | "lifted")[] | undefined;
}): Promise<MatrixModeFigures[]> {
  const hs = await startHomeserver(process.env, {
    per_second: synapseDefaultMessageLimit.messagesPerSecond,
    burst_count: synapseDefaultMessageLimit.burst,
  });
  try {
    const admin = await hs.registerUser("benchadmin", { admin: true });
    const out: MatrixModeFigures[] = [];
    for (const mode of options.modes ?? ["default", "lifted"])
      out.push(
        await runMode(
          hs,
          admin,
          mode,
          options.rooms ?? 20,
          options.participants ?? 8,
          options.seconds ?? 180,
        ),
      );
    return out;
  } finally {
    await hs.stop();
  }
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const num = (name: string): number | undefined => (opt(name) === undefined ? undefined : Number(opt(name)));
  const modes = opt("--modes")
    ?.split(",")
    .filter((m): m is "default" | "lifted" => m === "default" || m === "lifted");
  const figures = await matrixEgressBench({
    rooms: num("--rooms"),
    seconds: num("--seconds"),
    participants: num("--participants"),
    modes,
  });
  console.log(JSON.stringify(figures));
}
