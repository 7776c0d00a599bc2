// Encrypted Matrix rooms, end to end: the real bot process (`node src/main.ts run`) with its Rust
// crypto kept in its SQLite store, against a real Synapse, with real matrix-js-sdk clients (Rust
// crypto) as the facilitator and participants. A workshop in an encrypted room is started by an
// encrypted `!parley start`, its private input goes through encrypted direct rooms, the bot is
// killed (SIGKILL) while participants keep posting, and after the restart every message is
// processed once, the bot's identity keys are the same and nothing failed to decrypt. Synapse's
// own database is then read for any participant or bot text in the clear. A message whose key
// never comes gets a private answer and the facilitators a count.
import { readdir, readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { webcrypto, type JsonWebKey } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { Method } from "matrix-js-sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHuman, type Human, type SeenEvent } from "../support/synapse/human.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../support/synapse/server.ts";
import { BotProcess } from "./bot-process.ts";
import { RecordingLogger } from "./helpers.ts";
import { SqliteStore } from "../../src/bot/store/sqlite.ts";
import { E2ee } from "../../src/adapters/matrix/crypto/e2ee.ts";
import { partCipher, passphraseKey } from "../../src/adapters/matrix/crypto/cipher.ts";
import { writeFile, mkdir } from "node:fs/promises";
import { stringify as stringifyYaml } from "yaml";

const flow = {
  id: "sealed-circle",
  version: 1,
  title: { en: "Lighthouse circle" },
  description: { en: "One discussion about the harbour." },
  defaultLocale: "en",
  groups: [
    { id: "group-a", name: { en: "Group A" } },
    { id: "group-b", name: { en: "Group B" } },
  ],
  confidentiality: "chatham-house",
  stages: [
    { id: "talk", kind: "discussion", prompt: { en: "Speak about the quayside lanterns." }, seconds: 3600 },
  ],
};

const PASSPHRASE = "correct horse battery staple";
const PG_URL = process.env["PARLEY_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

const plain = (text: string): string => text.replace(/[\u2066-\u2069]/g, "");
const bodyOf = (e: SeenEvent): string =>
  plain(typeof e.content["body"] === "string" ? e.content["body"] : "");

describe("encrypted Matrix rooms", () => {
  let hs: Homeserver;
  let dir: string;
  let botUser: RegisteredUser;
  let carol: Human;
  let amal: Human;
  let dana: Human;
  let bot: BotProcess;
  let roomId: string;
  let storeFile: string;

  function configFor(): Record<string, unknown> {
    return {
      store: { kind: "sqlite", path: storeFile },
      locale: "en",
      flows: { dirs: [join(dir, "flows")] },
      rooms: {
        [`matrix:${roomId}`]: {
          facilitators: [carol.userId],
          groupRoles: { north: "group-a", south: "group-b" },
        },
      },
      matrix: {
        homeserverUrl: hs.baseUrl,
        userId: botUser.userId,
        deviceId: botUser.deviceId,
        allowedInviters: [carol.userId],
        groups: { north: [amal.userId], south: [dana.userId] },
      },
    };
  }
  function secrets(): NodeJS.ProcessEnv {
    return {
      MATRIX_ACCESS_TOKEN: botUser.accessToken,
      MATRIX_CRYPTO_PASSPHRASE: PASSPHRASE,
      PARLEY_LOG_LEVEL: "info",
    };
  }

  beforeAll(async () => {
    hs = await startHomeserver();
    dir = await mkdtemp(join(tmpdir(), "parley-e2ee-"));
    botUser = await hs.registerUser("parley", { displayName: "Parley" });
    const autoJoinFrom = [botUser.userId];
    carol = await connectHuman(hs.baseUrl, await hs.registerUser("carol", { displayName: "Carol" }), {
      autoJoinFrom,
      crypto: true,
    });
    amal = await connectHuman(hs.baseUrl, await hs.registerUser("amal", { displayName: "Amal Nour" }), {
      autoJoinFrom,
      crypto: true,
    });
    dana = await connectHuman(hs.baseUrl, await hs.registerUser("dana", { displayName: "Dana Levi" }), {
      autoJoinFrom,
      crypto: true,
    });
    roomId = await carol.createRoom({
      name: "Sealed room",
      encrypted: true,
      powerLevels: { [botUser.userId]: 50 },
    });
    for (const h of [amal, dana]) {
      await carol.client.invite(roomId, h.userId);
      await h.client.joinRoom(roomId);
    }
    await mkdir(join(dir, "flows"));
    await writeFile(join(dir, "flows", `${flow.id}.yaml`), stringifyYaml(flow));
    storeFile = join(dir, "bot.sqlite");
    bot = await BotProcess.prepare(dir, configFor(), secrets());
    bot.start();
    await waitUntil(() => identityKeys().length === 1, "the bot's crypto ready", 60_000);
    await carol.client.invite(roomId, botUser.userId);
    await carol.waitFor(
      (e) =>
        e.roomId === roomId &&
        e.type === "m.room.member" &&
        e.stateKey === botUser.userId &&
        e.content["membership"] === "join",
      60_000,
      "the bot joining",
    );
  }, 300_000);

  afterAll(async () => {
    await bot.stop();
    for (const h of [carol, amal, dana]) h.stop();
    await hs.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The ed25519 keys the bot reported at each start. */
  function identityKeys(): string[] {
    return [...bot.output.matchAll(/end-to-end encryption ready.*?"ed25519":"([^"]+)"/g)].map(
      (m) => m[1] ?? "",
    );
  }

  async function waitUntil(probe: () => boolean, what: string, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`waited for ${what}\n${bot.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function inbox(): { event_id: string; processed: number }[] {
    const db = new DatabaseSync(storeFile, { readOnly: true });
    try {
      return db.prepare("SELECT event_id, processed FROM inbox").all() as {
        event_id: string;
        processed: number;
      }[];
    } finally {
      db.close();
    }
  }

  const fromBot = (h: Human, re: RegExp, inRoom?: string) => (e: SeenEvent) =>
    e.sender === botUser.userId &&
    e.type === "m.room.message" &&
    (inRoom === undefined ? e.roomId !== roomId : e.roomId === inRoom) &&
    re.test(bodyOf(e));

  it("runs a workshop in an encrypted room across a SIGKILL, with nothing in the clear on the homeserver", async () => {
    // The command is encrypted by carol's client; the bot reads it and answers encrypted.
    await carol.say(roomId, `!parley start ${flow.id}`);
    await carol.waitFor(fromBot(carol, /Lighthouse circle/, roomId), 45_000, "the workshop announced");
    for (const h of [amal, dana]) {
      await h.say(roomId, "!parley join");
      await h.waitFor(fromBot(h, /You have joined/), 45_000, `${h.userId} confirmed privately`);
    }
    const direct = amal.seen.find(fromBot(amal, /You have joined/));
    expect(direct).toBeDefined();
    // The direct room the bot opened is encrypted.
    expect(amal.client.getRoom(direct?.roomId ?? "")?.hasEncryptionStateEvent()).toBe(true);

    await carol.say(roomId, "!parley start");
    await carol.waitFor(fromBot(carol, /quayside lanterns/, roomId), 45_000, "the discussion open");

    const sent: string[] = [];
    sent.push(await amal.say(roomId, "marmalade-harbour-one"));
    await waitUntil(
      () => inbox().some((r) => r.event_id === `matrix:${sent[0] ?? ""}`),
      "the first message stored",
    );
    await bot.kill();
    // Posted while the bot is down: new room keys reach its device by Olm to-device messages.
    sent.push(await dana.say(roomId, "marmalade-harbour-two"));
    sent.push(await amal.say(roomId, "marmalade-harbour-three"));
    bot.start();
    await waitUntil(() => identityKeys().length === 2, "the bot's crypto ready again", 60_000);
    sent.push(await dana.say(roomId, "marmalade-harbour-four"));
    await waitUntil(
      () => sent.every((id) => inbox().some((r) => r.event_id === `matrix:${id}` && r.processed === 1)),
      "every message processed",
    );
    const keys = identityKeys();
    expect(keys[0]).toBe(keys[1]);
    // Each message processed exactly once, none held back as undecryptable.
    for (const id of sent) expect(inbox().filter((r) => r.event_id === `matrix:${id}`)).toHaveLength(1);
    expect(bot.output).not.toMatch(/holding an event|could not decrypt/);

    // A reply is read too (its relation travels beside the ciphertext): a flag by reply reaches
    // the facilitator with the flagged message's decrypted text.
    await amal.reply(roomId, sent[1] ?? "", `<${dana.userId}> marmalade-harbour-two`, "!parley flag unkind");
    await carol.waitFor(
      fromBot(carol, /^Flag 1[\s\S]*marmalade-harbour-two/),
      45_000,
      "the flag with its text",
    );

    // A second process on the same store (the same device) refuses to start.
    const second = await BotProcess.prepare(await mkdtemp(join(dir, "second-")), configFor(), secrets());
    second.start();
    await waitUntil(() => !second.running, "the second process to stop", 60_000);
    expect(second.output).toMatch(/another Parley process is running on the store/);

    await carol.say(roomId, "!parley next");
    await carol.waitFor(fromBot(carol, /Summary of the workshop/, roomId), 60_000, "the summary");

    // The facilitator's report in chat: its files reach her encrypted direct room as encrypted
    // attachments (the key only inside the encrypted event), so the media store holds ciphertext.
    await carol.say(roomId, "!parley report csv");
    await carol.waitFor(
      (e) => e.sender === botUser.userId && e.content["msgtype"] === "m.file" && e.roomId !== roomId,
      60_000,
      "the report's files",
    );
    const files = carol.seen.filter((e) => e.sender === botUser.userId && e.content["msgtype"] === "m.file");
    for (const e of files) {
      expect(e.content["url"], "no plain media address").toBeUndefined();
      expect(e.content["file"]).toMatchObject({ v: "v2", key: { alg: "A256CTR" } });
    }

    // Synapse's own database holds no participant text and no bot text in the clear.
    const file = hs.databaseFile;
    if (file === undefined) return; // an external homeserver: its database is not ours to read
    const bytes = Buffer.concat(
      await Promise.all(
        [file, `${file}-wal`, `${file}-journal`].map((f) => readFile(f).catch(() => Buffer.alloc(0))),
      ),
    );
    for (const secret of [
      "marmalade-harbour",
      "quayside lanterns",
      "Lighthouse circle",
      "You have joined",
      flow.id,
    ])
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    // The check can fail: the room's name is a state event, kept in the clear.
    expect(bytes.includes(Buffer.from("Sealed room"))).toBe(true);
    // Nor does its media store: every report file there is ciphertext. The check can fail: the
    // first file decrypts, with the event's key, to a report naming the flow.
    const media = await readTree(join(dirname(file), "media"));
    expect(media.length).toBeGreaterThan(0);
    for (const m of media)
      for (const secret of [flow.id, "marmalade-harbour"]) expect(m.includes(secret)).toBe(false);
    const first = files[0]?.content["file"] as { url: string; key: JsonWebKey; iv: string } | undefined;
    expect(first).toBeDefined();
    const key = await webcrypto.subtle.importKey("jwk", first?.key ?? {}, "AES-CTR", false, ["decrypt"]);
    const plains = await Promise.all(
      media.map(async (m) =>
        Buffer.from(
          await webcrypto.subtle.decrypt(
            { name: "AES-CTR", counter: Buffer.from(first?.iv ?? "", "base64"), length: 64 },
            key,
            m,
          ),
        ),
      ),
    );
    expect(plains.some((p) => p.includes(flow.id))).toBe(true);
  }, 300_000);

  it("answers a message it cannot decrypt privately, and tells the facilitators the count", async () => {
    // A client that withholds the key: an encrypted event whose session never reaches the bot.
    const bogus = {
      algorithm: "m.megolm.v1.aes-sha2",
      sender_key: "k".repeat(43),
      device_id: dana.user.deviceId,
      session_id: "s".repeat(43),
      ciphertext: "AwgAEiB".padEnd(120, "A"),
    };
    await dana.client.http.authedRequest(
      Method.Put,
      `/rooms/${encodeURIComponent(roomId)}/send/m.room.encrypted/withheld-${Date.now()}`,
      undefined,
      bogus,
    );
    // Later traffic lets the bot's sync come round and give up on the key.
    for (let n = 0; n < 3; n++) {
      await new Promise((r) => setTimeout(r, 5000));
      await amal.say(roomId, `nudge ${n}`);
    }
    await dana.waitFor(fromBot(dana, /could not read your last message/), 60_000, "dana told privately");
    await carol.waitFor(
      fromBot(carol, /could not read 1 encrypted message/),
      60_000,
      "the facilitator told the count",
    );
    // Nobody else hears of it.
    expect(amal.seen.some(fromBot(amal, /could not read/))).toBe(false);
  }, 180_000);

  it("counts a message it cannot decrypt in a direct room to the facilitators too", async () => {
    const direct = dana.seen.find(fromBot(dana, /You have joined/))?.roomId ?? "";
    const told = (h: Human): number => h.seen.filter(fromBot(h, /could not read/)).length;
    const [danaBefore, carolBefore] = [told(dana), told(carol)];
    // The same withheld key, this time on a private answer in dana's encrypted direct room.
    await dana.client.http.authedRequest(
      Method.Put,
      `/rooms/${encodeURIComponent(direct)}/send/m.room.encrypted/withheld-direct-${Date.now()}`,
      undefined,
      {
        algorithm: "m.megolm.v1.aes-sha2",
        sender_key: "q".repeat(43),
        device_id: dana.user.deviceId,
        session_id: "r".repeat(43),
        ciphertext: "AwgAEiB".padEnd(120, "B"),
      },
    );
    for (let n = 0; n < 3; n++) {
      await new Promise((r) => setTimeout(r, 5000));
      await amal.say(roomId, `nudge direct ${n}`);
    }
    await waitUntil(() => told(dana) > danaBefore, "dana told privately", 60_000);
    await waitUntil(() => told(carol) > carolBefore, "the facilitator told the count", 60_000);
    const count = carol.seen.filter(fromBot(carol, /could not read/)).at(-1);
    expect(bodyOf(count ?? ({ content: {} } as SeenEvent))).toMatch(
      /could not read 1 encrypted message\(s\) that participants of this room sent it privately/,
    );
    // In the facilitator's own direct room, never in the workshop room.
    expect(count?.roomId).not.toBe(roomId);
    expect(amal.seen.filter(fromBot(amal, /could not read/))).toHaveLength(0);
  }, 180_000);

  it("deletes the stored keys of a room whose sessions are gone (retention)", async () => {
    await bot.stop();
    const store = new SqliteStore(storeFile);
    const owner = E2ee.owner(botUser.userId, botUser.deviceId);
    /** Whether any stored group-session part names the room (opened with the passphrase). */
    const namesRoom = async (): Promise<boolean> => {
      const parts = await store.loadCryptoState(owner);
      const cipher = partCipher(passphraseKey(PASSPHRASE, parts.get("salt") ?? new Uint8Array()));
      return [...parts].some(
        ([part, data]) =>
          /group_sessions/.test(part) && Buffer.from(cipher.open(data)).includes(Buffer.from(roomId)),
      );
    };
    try {
      expect(await namesRoom()).toBe(true);
      const e2ee = await E2ee.open({
        userId: botUser.userId,
        deviceId: botUser.deviceId,
        store,
        logger: new RecordingLogger(),
        passphrase: PASSPHRASE,
        previousPassphrase: undefined,
      });
      await e2ee.forgetRoomKeys(roomId);
      await e2ee.close();
      expect(await namesRoom()).toBe(false);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("with PostgreSQL, one process holds the device and another takes over when its lease lapses", async () => {
    const pgBot = await hs.registerUser("parleypg", { displayName: "Parley" });
    const schema = `e2ee_${Date.now().toString(36)}`;
    const base = configFor();
    const config = {
      ...base,
      store: { kind: "postgres", schema },
      matrix: {
        ...(base["matrix"] as Record<string, unknown>),
        userId: pgBot.userId,
        deviceId: pgBot.deviceId,
        deviceLeaseSeconds: 5,
      },
    };
    const env = {
      ...secrets(),
      MATRIX_ACCESS_TOKEN: pgBot.accessToken,
      PARLEY_DATABASE_URL: PG_URL,
    };
    const first = await BotProcess.prepare(await mkdtemp(join(dir, "pg1-")), config, env);
    const second = await BotProcess.prepare(await mkdtemp(join(dir, "pg2-")), config, env);
    const readyKeys = (p: BotProcess): string[] =>
      [...p.output.matchAll(/end-to-end encryption ready.*?"ed25519":"([^"]+)"/g)].map((m) => m[1] ?? "");
    try {
      first.start();
      await waitUntil(() => readyKeys(first).length === 1, "the first process ready", 60_000);
      second.start();
      await waitUntil(
        () => /another process holds the bot's device/.test(second.output),
        "the second process waiting for the device",
        60_000,
      );
      expect(readyKeys(second)).toEqual([]);
      await carol.client.invite(roomId, pgBot.userId);
      await carol.waitFor(
        (e) =>
          e.roomId === roomId &&
          e.type === "m.room.member" &&
          e.stateKey === pgBot.userId &&
          e.content["membership"] === "join",
        60_000,
        "the PostgreSQL bot joining",
      );
      await first.kill();
      await waitUntil(() => readyKeys(second).length === 1, "the second process taking over", 60_000);
      expect(readyKeys(second)).toEqual(readyKeys(first));
      // It reads an encrypted command sent after the takeover and answers it.
      await carol.say(roomId, "!parley help");
      // The answer is private: it comes in a new (encrypted) direct room from this bot account.
      let invited: string | undefined;
      await waitUntil(() => {
        invited = carol.client
          .getRooms()
          .find((r) => r.getMyMembership() === "invite" && r.getDMInviter() === pgBot.userId)?.roomId;
        return invited !== undefined;
      }, "carol invited to the new holder's direct room");
      await carol.client.joinRoom(invited ?? "");
      await carol.waitFor(
        (e) =>
          e.sender === pgBot.userId && e.type === "m.room.message" && /Commands for everyone/.test(bodyOf(e)),
        60_000,
        "the new holder answering",
      );
      expect(second.output).not.toMatch(/holding an event/);
    } catch (error) {
      throw new Error(`${String(error)}\n--- the second process ---\n${second.output.slice(-5000)}`, {
        cause: error,
      });
    } finally {
      await first.kill();
      await second.stop();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }, 240_000);
});

/** Every file under a folder, read whole (Synapse's media store). */
async function readTree(root: string): Promise<Buffer[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name))));
}
