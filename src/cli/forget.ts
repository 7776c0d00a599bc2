// `parley forget <session-or-room> <participant>`: forget-me, by the operator. The request goes
// into the store's inbox as an operator entry, so the step that applies it is the same one a
// facilitator's `confirm-forget` runs (src/bot/sessions/privacy-requests.ts), live or after the workshop ended:
// - a bot drives the room (it holds the SQLite store's writer claim, or the room's PostgreSQL
//   lease): that process picks the entry up and applies it; this command waits for it;
// - no bot does: this command takes the writer claim (or the lease) itself and applies it, with
//   the room's earlier unprocessed entries first, so the order of steps is kept.
// Notices to the participant and the facilitators go to the outbox; a bot delivers them when it runs.
import { randomUUID } from "node:crypto";
import type { CliIo } from "./io.ts";
import { parseArgs, wantsHelp, type ParsedArgs } from "./args.ts";
import { openStoreFromArgs, storeOptions } from "./store-option.ts";
import { flowDirs, type Config } from "../bot/config.ts";
import { flowLibrary } from "../bot/flow-library.ts";
import { JsonLogger } from "../bot/log.ts";
import { consoleFacilitators } from "../adapters/console/index.ts";
import { SessionHost } from "../bot/sessions/host.ts";
import { MemoryStore, PostgresStore, SqliteStore, type InboxPayload, type Store } from "../bot/store.ts";
import { describeHolder } from "../bot/store/open.ts";

export const forgetUsage =
  "usage: parley forget <session-id-or-room-key> <participant-id-name-or-user-id> [--config <file>] [--store <sqlite file>] [--wait <seconds>]";

interface Args {
  readonly session: string;
  readonly participant: string;
  readonly waitMs: number;
}

function readArgs(parsed: ParsedArgs): Args | null {
  const [session, participant] = parsed.positional;
  const wait = Number(parsed.values.get("--wait") ?? 30);
  if (session === undefined || participant === undefined || parsed.positional.length !== 2 || !(wait > 0))
    return null;
  return { session, participant, waitMs: wait * 1000 };
}

export async function runForgetCommand(
  rawArgs: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (wantsHelp(rawArgs)) {
    io.out(forgetUsage);
    return 0;
  }
  const parsed = parseArgs(rawArgs, { values: [...storeOptions, "--wait"] });
  const args = parsed.ok ? readArgs(parsed.value) : null;
  if (!parsed.ok || args === null) {
    if (!parsed.ok) io.err(`parley forget: ${parsed.error}`);
    io.err(forgetUsage);
    return 2;
  }
  const opened = await openStoreFromArgs(parsed.value, env);
  if (!opened.ok) {
    io.err(opened.error);
    return 2;
  }
  const { store, config } = opened.value;
  try {
    return await forget(store, config, args, io, env);
  } finally {
    await store.close();
  }
}

async function forget(
  store: Store,
  config: Config,
  args: Args,
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (store instanceof MemoryStore) {
    io.err("the configured store is in memory: there is nothing stored to forget");
    return 2;
  }
  const session = await store.findSession(args.session);
  if (session === undefined) {
    io.err(`no session "${args.session}" (give a session id or a room key such as console:console)`);
    return 1;
  }
  const ref = args.participant.toLowerCase().replace(/^@/, "");
  const participants = await store.participants(session.id);
  const p = participants.find(
    (q) =>
      q.participantId === args.participant ||
      q.name.toLowerCase() === ref ||
      q.userId.toLowerCase().replace(/^@/, "") === ref,
  );
  if (p === undefined) {
    io.err(
      `session ${session.id} has no participant "${args.participant}" (already forgotten, or never joined)`,
    );
    return 1;
  }
  const payload: InboxPayload = {
    source: "operator",
    action: "forget",
    sessionId: session.id,
    participantId: p.participantId,
  };
  const { id } = await store.appendInbox(session.roomKey, `operator:forget:${randomUUID()}`, payload);

  // Who applies it: whoever may write the room's steps.
  const owner = `parley-forget-${randomUUID()}`;
  let applyHere: boolean;
  if (store instanceof SqliteStore) {
    const claim = store.claimWriter();
    applyHere = claim.ok;
    if (!claim.ok) io.err(`${describeHolder(store.path, claim.error)}: it applies the request`);
  } else {
    const now = Date.now();
    applyHere = await store.claimRoom(session.roomKey, owner, now, now + 60_000);
    if (!applyHere) io.err("a running Parley process drives this room: it applies the request");
  }
  if (applyHere) {
    const host = new SessionHost({
      store,
      config,
      logger: new JsonLogger({ env }),
      now: () => Date.now(),
      // A forget starts no workshop: neither flows nor paths are needed.
      flows: flowLibrary(flowDirs(config)),
      flowPaths: () => false,
      // A forget in the terminal room tells its keyboard user, as the running bot would.
      defaultFacilitators: consoleFacilitators(true),
      ...(store instanceof PostgresStore ? { owner } : {}),
    });
    try {
      for (const entry of await store.unprocessedInbox(session.roomKey)) {
        if (entry.id > id) break;
        await host.process(entry);
      }
    } finally {
      host.stopAll();
      if (store instanceof PostgresStore) await store.releaseRooms(owner);
    }
  } else {
    const deadline = Date.now() + args.waitMs;
    while ((await store.unprocessedInbox(session.roomKey)).some((e) => e.id === id)) {
      if (Date.now() > deadline) {
        io.err(
          `the request is queued (inbox entry ${id}) but was not applied within ${args.waitMs / 1000} s`,
        );
        return 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const still = (await store.participants(session.id)).some((q) => q.participantId === p.participantId);
  if (still) {
    io.err(`participant ${p.participantId} of session ${session.id} could not be forgotten (see the log)`);
    return 1;
  }
  io.out(`forgot participant ${p.participantId} of session ${session.id}`);
  return 0;
}
