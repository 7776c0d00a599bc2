// `parley programme …`: check a programme file, print its schedule, show where it stands, and act on
// a cohort's rooms (open, pause, end, broadcast) through the store's inbox, which the running bot
// (or the next `parley run`) applies in order with the rooms' other events.
import { randomUUID, scrypt as scryptCb, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { defaultConfig, flowDirs, loadConfig, type Config } from "../bot/config.ts";
import { flowLibrary } from "../bot/flow-library.ts";
import type { InboxPayload, Store } from "../bot/store.ts";
import { loadProgramme, programmeFileOf, type LoadedProgramme } from "../programme/load.ts";
import { nextStarts, plan } from "../programme/plan.ts";
import { readProgrammeState, startCommand } from "../programme/runner.ts";
import { formatLocal } from "../programme/time.ts";
import { parseArgs, wantsHelp, type ParsedArgs } from "./args.ts";
import type { CliIo } from "./io.ts";
import { parseSince } from "./sessions.ts";
import { openStoreFromArgs, storeOptions } from "./store-option.ts";
import { padColumns } from "./table.ts";

export const programmeUsage = `usage: parley programme validate [<programme file>] [--config <file>]
       parley programme plan [<programme file>] [--from <YYYY-MM-DD>] [--days N] [--config <file>]
       parley programme status [<programme file>] [--config <file>] [--store <sqlite file>]
       parley programme open|pause|end <cohort> [--config <file>] [--store <sqlite file>]
       parley programme broadcast <cohort> <text> [--config <file>] [--store <sqlite file>]
       parley programme hash-password          reads a password on stdin, prints a dashboard account's hash
The programme file is the configuration's "programme" unless given.`;

const scrypt = promisify(scryptCb) as (p: string, s: Buffer, n: number, o: object) => Promise<Buffer>;

/** `scrypt$N$r$p$salt$hash` (base64), for the configuration's dashboard accounts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const [N, r, p] = [32768, 8, 1];
  const key = await scrypt(password, salt, 32, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

async function loadFromArgs(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  fileAt: number,
): Promise<{ loaded: LoadedProgramme; config: Config } | null> {
  const fromEnv = env["PARLEY_CONFIG"] === "" ? undefined : env["PARLEY_CONFIG"];
  const configFile = args.values.get("--config") ?? fromEnv ?? null;
  const read = configFile === null ? null : await loadConfig(configFile);
  if (read?.ok === false) {
    io.err(read.error.message);
    return null;
  }
  const conf = { value: { config: read?.value ?? defaultConfig, file: configFile } };
  const file = args.positional[fileAt] ?? programmeFileOf(conf.value.config, conf.value.file);
  if (file === undefined) {
    io.err('parley programme: name the programme file, or set "programme" in the configuration');
    return null;
  }
  const { config } = conf.value;
  const loaded = await loadProgramme(file, config, conf.value.file, flowLibrary(flowDirs(config)), {
    withConsole: conf.value.file === null,
  });
  if (!loaded.ok) {
    for (const line of loaded.error) io.err(line);
    return null;
  }
  return { loaded: loaded.value, config };
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export async function runProgrammeCommand(
  rawArgs: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [sub, ...rest] = rawArgs;
  if (sub === undefined || wantsHelp(rawArgs)) {
    io.out(programmeUsage);
    return sub === undefined ? 2 : 0;
  }
  if (sub === "hash-password") {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const password = Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
    if (password.length < 10) {
      io.err("parley programme hash-password: use a password of at least 10 characters");
      return 2;
    }
    io.out(await hashPassword(password));
    return 0;
  }
  const parsed = parseArgs(rest, { values: [...storeOptions, "--from", "--days"] });
  if (!parsed.ok) {
    io.err(`parley programme: ${parsed.error}\n${programmeUsage}`);
    return 2;
  }
  const args = parsed.value;
  switch (sub) {
    case "validate": {
      const got = await loadFromArgs(args, env, io, 0);
      if (got === null) return 1;
      const p = got.loaded.programme;
      const rooms = p.cohorts.reduce((n, c) => n + c.rooms.length, 0);
      io.out(`${got.loaded.file}: valid programme "${p.id}": ${p.cohorts.length} cohorts, ${rooms} rooms`);
      return 0;
    }
    case "plan": {
      const got = await loadFromArgs(args, env, io, 0);
      if (got === null) return 1;
      const fromText = args.values.get("--from");
      const from = fromText === undefined ? Date.now() : parseSince(fromText);
      const days = Number(args.values.get("--days") ?? "14");
      if (from === null || !Number.isInteger(days) || days < 1 || days > 366) {
        io.err(
          "parley programme plan: --from expects a date such as 2027-03-01, --days a number from 1 to 366",
        );
        return 2;
      }
      const starts = plan(got.loaded.programme, from, from + days * 86_400_000);
      if (starts.length === 0) {
        io.out("no starts in that period");
        return 0;
      }
      const rows = [["LOCAL TIME", "ZONE", "UTC", "COHORT", "ROOM", "FLOW"]];
      for (const o of starts) rows.push([o.local, o.timeZone, utc(o.at), o.cohort, o.roomKey, o.flow]);
      for (const line of padColumns(rows)) io.out(line);
      return 0;
    }
    case "status":
      return withStore(args, env, io, 0, async (store, loaded) => {
        const p = loaded.programme;
        const state = await readProgrammeState(store, p.id);
        const now = Date.now();
        const next = nextStarts(p, now);
        const decided = Object.entries(state?.starts ?? {});
        const rows = [["COHORT", "ROOM", "SESSION", "NEXT START", "LAST SCHEDULED START"]];
        for (const cohort of p.cohorts)
          for (const room of cohort.rooms) {
            const session = await store.findSession(room);
            const last = decided
              .filter(([key]) => key.startsWith(`${p.id}/${cohort.id}/${room}/`))
              .map(
                ([key, v]) =>
                  `${key.slice(key.lastIndexOf("/") + 1, key.lastIndexOf("/") + 17).replace("T", " ")} UTC ${v.state}`,
              )
              .sort()
              .pop();
            const o = next.get(room);
            rows.push([
              cohort.id,
              room,
              session === undefined ? "-" : `${session.id} ${session.status}`,
              o === undefined ? "-" : `${formatLocal(o.at, o.timeZone)} ${o.timeZone}`,
              last ?? "-",
            ]);
          }
        for (const line of padColumns(rows)) io.out(line);
        const missed = decided.filter(([, v]) => v.state === "missed").map(([key]) => key);
        if (missed.length > 0) {
          io.out(`missed starts (the bot was not running within ${p.graceMinutes} minutes of them):`);
          for (const key of missed.sort()) io.out(`  ${key}`);
        }
        return 0;
      });
    case "open":
    case "pause":
    case "end":
    case "broadcast":
      return withStore(args, env, io, 1, async (store, loaded) => {
        const cohortId = args.positional[0];
        const cohort = loaded.programme.cohorts.find((c) => c.id === cohortId);
        if (cohort === undefined) {
          io.err(`parley programme ${sub}: no cohort "${cohortId ?? ""}" in ${loaded.file}`);
          return 2;
        }
        const text = args.positional.slice(1).join(" ");
        if (sub === "broadcast" && text.trim() === "") {
          io.err("parley programme broadcast: give the text to send");
          return 2;
        }
        const batch = randomUUID();
        for (const room of cohort.rooms)
          await store.appendInbox(
            room,
            `coordinator:${batch}:${room}`,
            bulkPayload(sub, loaded, cohort.id, room, text),
          );
        io.out(
          `${sub}: queued for ${cohort.rooms.length} rooms of cohort ${cohort.id} (applied by the running bot, or at its next start)`,
        );
        return 0;
      });
    default:
      io.err(`parley programme: unknown subcommand "${sub}"\n${programmeUsage}`);
      return 2;
  }
}

/** The inbox entry of a bulk action on one room: a facilitator's command, or the broadcast. */
export function bulkPayload(
  action: "open" | "pause" | "end" | "broadcast",
  loaded: LoadedProgramme,
  cohortId: string,
  roomKey: string,
  text: string,
): InboxPayload {
  if (action === "broadcast") return { source: "programme", action: "broadcast", text };
  const p = loaded.programme;
  const cohort = p.cohorts.find((c) => c.id === cohortId);
  const now = Date.now();
  const start = startCommand(
    {
      key: `bulk/${cohortId}/${roomKey}/${now}`,
      cohort: cohortId,
      roomKey,
      flow: cohort?.flow ?? "",
      at: now,
      local: "",
      timeZone: p.timeZone,
    },
    p,
    cohort?.facilitators[0] ?? "programme",
  );
  const event = action === "open" ? start : { ...start, name: action, args: [] as string[] };
  return { source: "platform", event, acceptedAt: now };
}

async function withStore(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  fileAt: number,
  fn: (store: Store, loaded: LoadedProgramme) => Promise<number>,
): Promise<number> {
  // The programme file is an option here when positional arguments name the cohort.
  const got = await loadFromArgs(args, env, io, fileAt === 0 ? 0 : Infinity);
  if (got === null) return 1;
  const opened = await openStoreFromArgs(args, env);
  if (!opened.ok) {
    io.err(opened.error);
    return 2;
  }
  try {
    return await fn(opened.value.store, got.loaded);
  } finally {
    await opened.value.store.close();
  }
}
