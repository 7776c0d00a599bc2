// The bot's crypto state in Parley's store, without a homeserver: a completed read-write
// IndexedDB transaction is committed to the store (sealed with the passphrase) before the next
// /sync request leaves the process; a wrong passphrase opens nothing; a rotation reseals; and a
// room's keys can be deleted (retention). MATRIX_CRYPTO_KEYS_LOST is read as yes or no, never guessed.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize } from "node:v8";
import { Method } from "matrix-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CryptoStateStore } from "../../src/bot/ports.ts";
import { SqliteStore } from "../../src/bot/store/sqlite.ts";
import { partCipher, passphraseKey, WrongPassphraseError } from "../../src/adapters/matrix/crypto/cipher.ts";
import { E2ee } from "../../src/adapters/matrix/crypto/e2ee.ts";
import { PersistedIndexedDb } from "../../src/adapters/matrix/crypto/persisted-idb.ts";
import { connect } from "../../src/adapters/matrix/login.ts";
import { matrixConfigSchema, parseMatrixConfig } from "../../src/adapters/matrix/config.ts";
import { RecordingLogger } from "./helpers.ts";

/** The real SQLite store, with its crypto writes held back until `release()` (to watch the order). */
class HeldStore implements CryptoStateStore {
  readonly shared = false;
  readonly inner: SqliteStore;
  #release: () => void = () => undefined;
  #held: Promise<void> = Promise.resolve();
  constructor(inner: SqliteStore) {
    this.inner = inner;
  }
  hold(): void {
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }
  release(): void {
    this.#release();
  }
  loadCryptoState(owner: string): Promise<Map<string, Uint8Array>> {
    return this.inner.loadCryptoState(owner);
  }
  async saveCryptoState(owner: string, parts: ReadonlyMap<string, Uint8Array | null>): Promise<void> {
    await this.#held;
    await this.inner.saveCryptoState(owner, parts);
  }
  claimRoom(): Promise<boolean> {
    return Promise.resolve(true);
  }
  releaseRooms(): Promise<void> {
    return Promise.resolve();
  }
}

interface Idb {
  open(
    name: string,
    version?: number,
  ): {
    result: IdbDb;
    onupgradeneeded: (() => void) | null;
    onsuccess: (() => void) | null;
  };
}
interface IdbDb {
  createObjectStore(name: string): unknown;
  transaction(
    stores: string[],
    mode: string,
  ): { objectStore(n: string): { put(v: unknown, k: unknown): unknown }; oncomplete: (() => void) | null };
}

async function openDb(name: string, store: string): Promise<IdbDb> {
  const factory = (globalThis as unknown as { indexedDB: Idb }).indexedDB;
  const req = factory.open(name, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(store);
  };
  await new Promise<void>(
    (resolve) =>
      (req.onsuccess = () => {
        resolve();
      }),
  );
  return req.result;
}

async function put(db: IdbDb, store: string, key: string, value: unknown): Promise<void> {
  const tx = db.transaction([store], "readwrite");
  tx.objectStore(store).put(value, key);
  await new Promise<void>(
    (resolve) =>
      (tx.oncomplete = () => {
        resolve();
      }),
  );
}

describe("the Matrix crypto state in the store", () => {
  let dir: string;
  let sqlite: SqliteStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "parley-crypto-"));
    sqlite = new SqliteStore(join(dir, "store.sqlite"));
  });
  afterAll(async () => {
    await sqlite.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("commits a completed transaction to the store before the next /sync request goes out", async () => {
    const held = new HeldStore(sqlite);
    const key = passphraseKey("pass one", Buffer.alloc(16, 1));
    const persisted = new PersistedIndexedDb(held, "owner-a", partCipher(key), new RecordingLogger());
    await persisted.restore();
    const db = await openDb("probe-a", "things");
    // A homeserver that records what the store held when each /sync arrived.
    const seenAtSync: boolean[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      res.setHeader("content-type", "application/json");
      if (url.pathname.endsWith("/account/whoami")) {
        res.end(JSON.stringify({ user_id: "@bot:localhost", device_id: "DEV" }));
        return;
      }
      void sqlite.loadCryptoState("owner-a").then((parts) => {
        seenAtSync.push(parts.has("store/probe-a/things"));
        res.end(JSON.stringify({ next_batch: "s1" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const config = matrixConfigSchema.parse({
        homeserverUrl: `http://127.0.0.1:${port}`,
        userId: "@bot:localhost",
      });
      const { api } = await connect(config, { accessToken: "t" }, new RecordingLogger(), () =>
        persisted.flushed(),
      );
      held.hold();
      await put(db, "things", "k", { text: "a to-device secret" });
      // The write is held; the /sync request must wait for it.
      const sync = api.request(Method.Get, "/sync");
      setTimeout(() => {
        held.release();
      }, 300);
      const answered = await sync;
      expect(answered.ok).toBe(true);
      expect(seenAtSync).toEqual([true]);
      // Sealed: the stored bytes do not carry the value in the clear, and open only with the key.
      const stored = (await sqlite.loadCryptoState("owner-a")).get("store/probe-a/things");
      expect(stored).toBeDefined();
      expect(Buffer.from(stored ?? new Uint8Array()).includes(Buffer.from("a to-device secret"))).toBe(false);
      expect(deserialize(partCipher(key).open(stored ?? new Uint8Array()))).toEqual([
        ["k", { text: "a to-device secret" }],
      ]);
      expect(() =>
        partCipher(passphraseKey("wrong", Buffer.alloc(16, 1))).open(stored ?? new Uint8Array()),
      ).toThrow(WrongPassphraseError);
    } finally {
      server.close();
      await persisted.close();
    }
  });

  it("refuses a wrong passphrase and reseals on a rotation", async () => {
    const logger = new RecordingLogger();
    const open = (passphrase: string, previousPassphrase?: string) =>
      E2ee.open({
        userId: "@bot:localhost",
        deviceId: "ROT",
        store: sqlite,
        logger,
        passphrase,
        previousPassphrase,
      });
    const first = await open("old secret");
    const keys = first.identityKeys();
    await first.close();
    await expect(open("new secret")).rejects.toThrow(WrongPassphraseError);
    const rotated = await open("new secret", "old secret");
    expect(rotated.identityKeys()).toEqual(keys);
    await rotated.close();
    const again = await open("new secret");
    expect(again.identityKeys()).toEqual(keys);
    await again.close();
    await expect(open("old secret")).rejects.toThrow(WrongPassphraseError);
    expect(logger.text()).not.toMatch(/old secret|new secret/);
  });

  it("reads MATRIX_CRYPTO_KEYS_LOST as yes or no, and refuses anything else", () => {
    const keysLost = (value: string | undefined) => {
      const parsed = parseMatrixConfig(
        { homeserverUrl: "https://matrix.example.org", userId: "@parley:example.org" },
        { MATRIX_PASSWORD: "pw", ...(value === undefined ? {} : { MATRIX_CRYPTO_KEYS_LOST: value }) },
      );
      return parsed.ok ? parsed.value.credentials.cryptoKeysLost : parsed.error.code;
    };
    for (const yes of ["1", "true", " YES "]) expect(keysLost(yes), yes).toBe(true);
    for (const no of [undefined, "", "0", "false", "no"]) expect(keysLost(no), String(no)).toBeUndefined();
    // A destructive switch with a value we cannot read must stop the bot, not be taken either way.
    for (const unclear of ["2", "lost", "y"]) expect(keysLost(unclear), unclear).toBe("invalid_config");
  });
});
