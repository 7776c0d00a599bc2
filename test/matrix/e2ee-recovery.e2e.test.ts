// Recovery of the bot's encryption keys, end to end: the real bot process (`node src/main.ts run`,
// password login) against a real Synapse, with real matrix-js-sdk clients (Rust crypto) as the
// facilitator and a participant. When its stored crypto state is gone (rows deleted from the
// store), or cannot be opened (the passphrase changed) and the operator declares it lost, the bot
// signs in as a new device, tells the encrypted room, and both directions of encryption work
// again with the new device. A passphrase that does not open the keys alone changes nothing.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { stringify as stringifyYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHuman, type Human, type SeenEvent } from "../support/synapse/human.ts";
import { startHomeserver, type Homeserver, type RegisteredUser } from "../support/synapse/server.ts";
import { BotProcess } from "./bot-process.ts";

const flow = {
  id: "harbour-circle",
  version: 1,
  title: { en: "Harbour circle" },
  description: { en: "One discussion about the harbour." },
  defaultLocale: "en",
  groups: [
    { id: "group-a", name: { en: "Group A" } },
    { id: "group-b", name: { en: "Group B" } },
  ],
  confidentiality: "chatham-house",
  stages: [
    { id: "talk", kind: "discussion", prompt: { en: "Speak about the breakwater gulls." }, seconds: 3600 },
  ],
};

const DEVICE = "PARLEYBOT";
const NEW_DEVICE = /signed in as a new device/;

const plain = (text: string): string => text.replace(/[\u2066-\u2069]/g, "");
const bodyOf = (e: SeenEvent): string =>
  plain(typeof e.content["body"] === "string" ? e.content["body"] : "");

describe("the bot's encryption keys lost", () => {
  let hs: Homeserver;
  let dir: string;
  let botUser: RegisteredUser;
  let carol: Human;
  let amal: Human;
  let roomId: string;
  let storeFile: string;
  let bot: BotProcess;

  async function botWith(passphrase: string, env: NodeJS.ProcessEnv = {}): Promise<BotProcess> {
    return BotProcess.prepare(
      dir,
      {
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
          deviceId: DEVICE,
          allowedInviters: [carol.userId],
          groups: { north: [amal.userId] },
        },
      },
      {
        MATRIX_PASSWORD: botUser.password,
        MATRIX_CRYPTO_PASSPHRASE: passphrase,
        PARLEY_LOG_LEVEL: "info",
        ...env,
      },
    );
  }

  /** The ed25519 key the bot reported at each start of its crypto. */
  const identityKeys = (): string[] =>
    [...bot.output.matchAll(/end-to-end encryption ready.*?"ed25519":"([^"]+)"/g)].map((m) => m[1] ?? "");

  async function waitUntil(probe: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`waited for ${what}\n${bot.output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The bot's devices as the facilitator's client knows them (fresh from the homeserver). */
  async function botDevices(): Promise<string[]> {
    const crypto = carol.client.getCrypto();
    if (crypto === undefined) throw new Error("carol has no crypto");
    const info = await crypto.getUserDeviceInfo([botUser.userId], true);
    return [...(info.get(botUser.userId)?.keys() ?? [])];
  }

  const fromBot = (re: RegExp, where: "room" | "direct") => (e: SeenEvent) =>
    e.sender === botUser.userId &&
    e.type === "m.room.message" &&
    (where === "room" ? e.roomId === roomId : e.roomId !== roomId) &&
    re.test(bodyOf(e));
  /** `h.waitFor`, with the bot's own output when it does not come. */
  async function see(h: Human, predicate: (e: SeenEvent) => boolean, what: string): Promise<void> {
    await h.waitFor(predicate, 45_000, what).catch((error: unknown) => {
      const heard = h.seen.filter((e) => e.sender === botUser.userId).map((e) => `${e.type} ${bodyOf(e)}`);
      throw new Error(`${String(error)}\nheard: ${heard.join("\n")}\n${bot.output.slice(-4000)}`, {
        cause: error,
      });
    });
  }
  const count = (h: Human, predicate: (e: SeenEvent) => boolean): number => h.seen.filter(predicate).length;

  /** Every earlier process's output, so identity keys compare across restarts. */
  const earlier: string[] = [];
  const allKeys = (): string[] =>
    [...earlier, bot.output].flatMap((o) =>
      [...o.matchAll(/end-to-end encryption ready.*?"ed25519":"([^"]+)"/g)].map((m) => m[1] ?? ""),
    );

  /** Stops the bot, applies `change`, and starts it with `passphrase` until its crypto is ready. */
  async function restart(passphrase: string, change?: () => void, env?: NodeJS.ProcessEnv): Promise<void> {
    await bot.stop();
    earlier.push(bot.output);
    change?.();
    bot = await botWith(passphrase, env);
    bot.start();
    await waitUntil(() => identityKeys().length === 1, "the bot's crypto ready again");
  }

  beforeAll(async () => {
    hs = await startHomeserver();
    dir = await mkdtemp(join(tmpdir(), "parley-e2ee-recovery-"));
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
    roomId = await carol.createRoom({
      name: "Harbour room",
      encrypted: true,
      powerLevels: { [botUser.userId]: 50 },
    });
    await carol.client.invite(roomId, amal.userId);
    await amal.client.joinRoom(roomId);
    await mkdir(join(dir, "flows"));
    await writeFile(join(dir, "flows", `${flow.id}.yaml`), stringifyYaml(flow));
    storeFile = join(dir, "bot.sqlite");
    bot = await botWith("first passphrase");
    bot.start();
    await waitUntil(() => identityKeys().length === 1, "the bot's crypto ready");
    await carol.client.invite(roomId, botUser.userId);
    await see(
      carol,
      (e) =>
        e.roomId === roomId &&
        e.type === "m.room.member" &&
        e.stateKey === botUser.userId &&
        e.content["membership"] === "join",
      "the bot joining",
    );
  }, 300_000);

  afterAll(async () => {
    await bot.stop();
    for (const h of [carol, amal]) h.stop();
    await hs.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("signs in as a new device when its stored keys are deleted, tells the room, and works encrypted", async () => {
    await carol.say(roomId, `!parley start ${flow.id}`);
    await see(carol, fromBot(/Harbour circle/, "room"), "the workshop announced");
    expect(await botDevices()).toEqual([DEVICE]);

    await restart("first passphrase", () => {
      const db = new DatabaseSync(storeFile);
      try {
        db.exec("DELETE FROM crypto_state");
      } finally {
        db.close();
      }
    });
    const keys = allKeys();
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
    // The room hears it (encrypted by the new device, decrypted by the facilitator's client).
    await see(carol, fromBot(NEW_DEVICE, "room"), "the new-device notice");
    // The lost device is gone from the homeserver: members' clients list only the new one.
    const devices = await botDevices();
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatch(new RegExp(`^${DEVICE}_`));

    // A participant's new encrypted message is read, and the private answer is readable.
    await amal.say(roomId, "!parley join");
    await see(amal, fromBot(/You have joined/, "direct"), "amal confirmed privately");
    await carol.say(roomId, "!parley start");
    await see(carol, fromBot(/breakwater gulls/, "room"), "the discussion open");
    await see(amal, fromBot(/breakwater gulls/, "room"), "amal reading the discussion");
    expect(bot.output).not.toMatch(/could not decrypt/);

    // A normal restart keeps the new device: same keys, no second notice.
    await restart("first passphrase");
    const again = allKeys();
    expect(again[2]).toBe(again[1]);
    await amal.say(roomId, "!parley help");
    await see(amal, fromBot(/Commands for everyone/, "direct"), "amal's help answered");
    expect(count(carol, fromBot(NEW_DEVICE, "room"))).toBe(1);
  }, 300_000);

  it("refuses a passphrase that does not open its keys, changing nothing, until they are declared lost", async () => {
    /** Every stored crypto part, by owner and part name. */
    const stored = (): Map<string, string> => {
      const db = new DatabaseSync(storeFile, { readOnly: true });
      try {
        const rows = db.prepare("SELECT owner, part, data FROM crypto_state").all() as {
          owner: string;
          part: string;
          data: Uint8Array;
        }[];
        return new Map(rows.map((r) => [`${r.owner}|${r.part}`, Buffer.from(r.data).toString("hex")]));
      } finally {
        db.close();
      }
    };
    const owners = (rows: Map<string, string>): Set<string> =>
      new Set([...rows.keys()].map((key) => key.slice(0, key.indexOf("|"))));
    const devicesBefore = await botDevices();
    const noticesBefore = count(carol, fromBot(NEW_DEVICE, "room"));
    const LOST = { MATRIX_CRYPTO_KEYS_LOST: "1" };

    // Another passphrase (most often a typo in a deployment): the bot stops at start, says the
    // three ways out, and changes nothing: same rows, same device, no notice.
    await bot.stop();
    earlier.push(bot.output);
    const before = stored(); // once the old process has stopped writing
    expect(before.size).toBeGreaterThan(0);
    bot = await botWith("another passphrase");
    bot.start();
    await waitUntil(() => bot.exit !== undefined, "the bot refusing to start");
    expect(bot.exit).toEqual({ code: 1, signal: null });
    expect(bot.output).toMatch(/does not open with this passphrase; nothing was changed/);
    expect(bot.output).toContain("MATRIX_CRYPTO_PASSPHRASE_PREVIOUS");
    expect(bot.output).toContain("MATRIX_CRYPTO_KEYS_LOST=1");
    expect(identityKeys()).toEqual([]);
    expect(stored()).toEqual(before);
    expect(await botDevices()).toEqual(devicesBefore);

    // Declared lost: the unopenable keys are deleted, a new device signs in, the lost one is
    // deleted on the homeserver, and the room is told.
    await restart("another passphrase", undefined, LOST);
    expect(new Set(allKeys()).size).toBe(3);
    await see(
      carol,
      (e) => count(carol, fromBot(NEW_DEVICE, "room")) > noticesBefore && fromBot(NEW_DEVICE, "room")(e),
      "a second new-device notice",
    );
    const after = stored();
    expect(after.size).toBeGreaterThan(0);
    expect([...owners(after)].filter((owner) => owners(before).has(owner))).toEqual([]);
    const devices = await botDevices();
    expect(devices).toHaveLength(1);
    expect(devicesBefore).not.toContain(devices[0]);

    // Encrypted both ways: the participant's encrypted command is read, the encrypted answer too.
    const helps = (): number => count(amal, fromBot(/Commands for everyone/, "direct"));
    const helpsBefore = helps();
    await amal.say(roomId, "!parley help");
    await see(amal, () => helps() > helpsBefore, "amal's help answered by the newest device");
    expect(bot.output).not.toMatch(/could not decrypt/);

    // Left set while the keys open: ignored with a warning; same keys, same device, no notice.
    await restart("another passphrase", undefined, LOST);
    expect(bot.output).toMatch(/MATRIX_CRYPTO_KEYS_LOST is set but .*it was ignored/);
    const keys = allKeys();
    expect(keys.at(-1)).toBe(keys.at(-2));
    expect(await botDevices()).toEqual(devices);
    const helpsThen = helps();
    await amal.say(roomId, "!parley help");
    await see(amal, () => helps() > helpsThen, "amal's help answered after the ignored switch");
    expect(count(carol, fromBot(NEW_DEVICE, "room"))).toBe(noticesBefore + 1);
    expect(bot.output).not.toMatch(/could not decrypt/);
  }, 300_000);
});
