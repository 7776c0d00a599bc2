// The Rust crypto's IndexedDB, kept in Parley's store. matrix-js-sdk has no persistent crypto
// store in Node (matrix-js-sdk#4769), so the Rust crypto runs on fake-indexeddb, and this file
// (1) restores that IndexedDB from the store before the crypto opens it, and (2) writes through:
// every read-write transaction that completes marks its object stores dirty, and the dirty stores
// are copied into the store (each one a part, encrypted with the operator's passphrase) in order.
// `flushed()` resolves once every completed transaction is committed there; the /sync loop waits
// for it before acknowledging anything to the homeserver (see gate.ts).
import { serialize, deserialize } from "node:v8";
import type { CryptoStateStore, Logger } from "../../../bot/ports.ts";
import { errorMessage } from "../../shared/errors.ts";
import { sleep } from "../../shared/sleep.ts";
import type { PartCipher } from "./cipher.ts";

// Minimal shapes of the IndexedDB API used here (the project compiles without the DOM library).
interface Req<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface OpenReq extends Req<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
  transaction: IdbTransaction | null;
}
interface IdbIndex {
  readonly name: string;
  readonly keyPath: string | string[];
  readonly unique: boolean;
  readonly multiEntry: boolean;
}
interface IdbStore {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexNames: ArrayLike<string>;
  index(name: string): IdbIndex;
  getAll(): Req<unknown[]>;
  getAllKeys(): Req<unknown[]>;
  put(value: unknown, key?: unknown): Req<unknown>;
  delete(key: unknown): Req<unknown>;
  createIndex(
    name: string,
    keyPath: string | string[],
    options: { unique: boolean; multiEntry: boolean },
  ): void;
}
interface IdbTransaction {
  readonly mode: string;
  readonly objectStoreNames: ArrayLike<string>;
  readonly db: IdbDatabase;
  objectStore(name: string): IdbStore;
  addEventListener(type: "complete", listener: () => void): void;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbDatabase {
  readonly name: string;
  readonly version: number;
  readonly objectStoreNames: ArrayLike<string>;
  transaction(stores: string | string[], mode?: string): IdbTransaction;
  createObjectStore(
    name: string,
    options: { keyPath: string | string[] | null; autoIncrement: boolean },
  ): IdbStore;
  close(): void;
  onversionchange: (() => void) | null;
}
interface IdbFactory {
  open(name: string, version?: number): OpenReq;
  databases(): Promise<{ name?: string; version?: number }[]>;
}

interface StoreSchema {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly {
    name: string;
    keyPath: string | string[];
    unique: boolean;
    multiEntry: boolean;
  }[];
}
interface DatabaseSchema {
  readonly version: number;
  readonly stores: readonly StoreSchema[];
}

const SCHEMA = "schema/";
const STORE = "store/";

function request<T>(req: Req<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error instanceof Error ? req.error : new Error(String(req.error)));
    };
  });
}

function names(list: ArrayLike<string>): string[] {
  return Array.from(list);
}

/** Installs fake-indexeddb as the global IndexedDB (once per process) and returns it. */
async function installFakeIndexedDb(): Promise<{ factory: IdbFactory; databaseProto: IdbDatabase }> {
  const fake = await import("fake-indexeddb");
  const globals: Record<string, unknown> = {
    indexedDB: fake.indexedDB,
    IDBCursor: fake.IDBCursor,
    IDBCursorWithValue: fake.IDBCursorWithValue,
    IDBDatabase: fake.IDBDatabase,
    IDBFactory: fake.IDBFactory,
    IDBIndex: fake.IDBIndex,
    IDBKeyRange: fake.IDBKeyRange,
    IDBObjectStore: fake.IDBObjectStore,
    IDBOpenDBRequest: fake.IDBOpenDBRequest,
    IDBRequest: fake.IDBRequest,
    IDBTransaction: fake.IDBTransaction,
    IDBVersionChangeEvent: fake.IDBVersionChangeEvent,
  };
  for (const [name, value] of Object.entries(globals))
    if (!(name in globalThis))
      Object.defineProperty(globalThis, name, {
        value,
        enumerable: false,
        configurable: true,
        writable: true,
      });
  const g = globalThis as unknown as { indexedDB: IdbFactory; IDBDatabase: { prototype: IdbDatabase } };
  return { factory: g.indexedDB, databaseProto: g.IDBDatabase.prototype };
}

export class PersistedIndexedDb {
  readonly #store: CryptoStateStore;
  readonly #owner: string;
  readonly #cipher: PartCipher;
  readonly #logger: Logger;
  #factory: IdbFactory | undefined;
  /** Database name → object stores changed since they were last written ("*": the schema too). */
  readonly #dirty = new Map<string, Set<string>>();
  #writing: Promise<void> | undefined;
  readonly #connections = new Map<string, IdbDatabase>();
  #closed = false;

  constructor(store: CryptoStateStore, owner: string, cipher: PartCipher, logger: Logger) {
    this.#store = store;
    this.#owner = owner;
    this.#cipher = cipher;
    this.#logger = logger;
  }

  /**
   * Restores every database from the store into a fresh fake-indexeddb, then starts watching
   * read-write transactions. Returns false when nothing was stored (a new device).
   */
  async restore(): Promise<boolean> {
    const { factory, databaseProto } = await installFakeIndexedDb();
    this.#factory = factory;
    const parts = await this.#store.loadCryptoState(this.#owner);
    const decoded = new Map<string, unknown>();
    for (const [part, data] of parts) {
      if (part.startsWith(SCHEMA) || part.startsWith(STORE))
        decoded.set(part, deserialize(this.#cipher.open(data)));
    }
    let restored = false;
    for (const [part, value] of decoded) {
      if (!part.startsWith(SCHEMA)) continue;
      const dbName = part.slice(SCHEMA.length);
      await this.#restoreDatabase(dbName, value as DatabaseSchema, decoded);
      restored = true;
    }
    this.#watch(databaseProto);
    return restored;
  }

  async #restoreDatabase(dbName: string, schema: DatabaseSchema, parts: Map<string, unknown>): Promise<void> {
    const factory = this.#requireFactory();
    const req = factory.open(dbName, schema.version);
    req.onupgradeneeded = () => {
      const db = req.result;
      const tx = req.transaction;
      if (tx === null) return;
      for (const s of schema.stores) {
        const store = db.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const index of s.indexes)
          store.createIndex(index.name, index.keyPath, {
            unique: index.unique,
            multiEntry: index.multiEntry,
          });
        const rows = (parts.get(`${STORE}${dbName}/${s.name}`) ?? []) as [unknown, unknown][];
        for (const [key, value] of rows) {
          if (s.keyPath === null) store.put(value, key);
          else store.put(value);
        }
      }
    };
    const db = await request(req);
    db.close();
  }

  #requireFactory(): IdbFactory {
    if (this.#factory === undefined) throw new Error("PersistedIndexedDb used before restore()");
    return this.#factory;
  }

  /** Every completed read-write (or upgrade) transaction marks what it touched as dirty. */
  #watch(proto: IdbDatabase): void {
    const marker = Symbol.for("parley.persisted-idb");
    const patched = proto as unknown as Record<symbol, PersistedIndexedDb | undefined>;
    // One watcher per process (a restarted platform in the same process takes over).
    const already = patched[marker] !== undefined;
    patched[marker] = this;
    if (already) return;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the database as `this` below
    const original = proto.transaction;
    proto.transaction = function (this: IdbDatabase, stores: string | string[], mode?: string) {
      const tx = original.call(this, stores, mode);
      if (mode === "readwrite") {
        const db = this.name;
        const touched = names(tx.objectStoreNames);
        tx.addEventListener("complete", () => {
          patched[marker]?.changed(db, touched);
        });
      }
      return tx;
    };
    // Upgrades (a new schema) go through open(): watch those too.
    const factory = this.#requireFactory();
    const open = factory.open.bind(factory);
    factory.open = (name: string, version?: number) => {
      const req = version === undefined ? open(name) : open(name, version);
      const upgrade = { seen: false };
      (req as unknown as { addEventListener(t: string, l: () => void): void }).addEventListener(
        "upgradeneeded",
        () => {
          upgrade.seen = true;
        },
      );
      (req as unknown as { addEventListener(t: string, l: () => void): void }).addEventListener(
        "success",
        () => {
          if (upgrade.seen) patched[marker]?.changed(name, ["*"]);
        },
      );
      return req;
    };
  }

  /** Called when a read-write transaction completed: its stores are written to the store soon. */
  changed(dbName: string, stores: readonly string[]): void {
    if (this.#closed) return;
    const dirty = this.#dirty.get(dbName) ?? new Set<string>();
    for (const store of stores) dirty.add(store);
    this.#dirty.set(dbName, dirty);
    this.#writing ??= this.#writeAll();
  }

  /** Resolves once every transaction completed so far is committed to the store. */
  async flushed(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  /** Whether some completed transaction is not yet in the store. */
  get pending(): boolean {
    return this.#writing !== undefined;
  }

  async #writeAll(): Promise<void> {
    let backoff = 200;
    while (this.#dirty.size > 0 && !this.#closed) {
      const batch = new Map(this.#dirty);
      this.#dirty.clear();
      try {
        const parts = new Map<string, Uint8Array | null>();
        for (const [dbName, stores] of batch) await this.#dump(dbName, stores, parts);
        await this.#store.saveCryptoState(this.#owner, parts);
        backoff = 200;
      } catch (error) {
        // Put the batch back (newer marks merge in) and retry: the /sync gate holds meanwhile,
        // so nothing the crypto processed is acknowledged to the homeserver before it is stored.
        for (const [dbName, stores] of batch) {
          const dirty = this.#dirty.get(dbName) ?? new Set<string>();
          for (const s of stores) dirty.add(s);
          this.#dirty.set(dbName, dirty);
        }
        this.#logger.error("matrix: could not store the encryption state; retrying", {
          error: errorMessage(error),
        });
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
    this.#writing = undefined;
  }

  async #connection(dbName: string): Promise<IdbDatabase> {
    const known = this.#connections.get(dbName);
    if (known !== undefined) return known;
    const db = await request(this.#requireFactory().open(dbName));
    db.onversionchange = () => {
      db.close();
      this.#connections.delete(dbName);
    };
    this.#connections.set(dbName, db);
    return db;
  }

  /** Copies the given object stores (all of them, with the schema, for "*") into `parts`. */
  async #dump(dbName: string, stores: Set<string>, parts: Map<string, Uint8Array | null>): Promise<void> {
    const db = await this.#connection(dbName);
    const all = names(db.objectStoreNames);
    const wanted = stores.has("*") ? all : [...stores].filter((s) => all.includes(s));
    if (stores.has("*")) {
      // Object stores an upgrade removed leave no part behind.
      for (const part of (await this.#store.loadCryptoState(this.#owner)).keys())
        if (part.startsWith(`${STORE}${dbName}/`) && !all.includes(part.slice(`${STORE}${dbName}/`.length)))
          parts.set(part, null);
    }
    if (stores.has("*") && all.length === 0) {
      parts.set(`${SCHEMA}${dbName}`, this.#cipher.seal(serialize({ version: db.version, stores: [] })));
    } else if (stores.has("*")) {
      const tx = db.transaction(all, "readonly");
      const schema: DatabaseSchema = {
        version: db.version,
        stores: all.map((name) => {
          const store = tx.objectStore(name);
          return {
            name,
            keyPath: store.keyPath,
            autoIncrement: store.autoIncrement,
            indexes: names(store.indexNames).map((indexName) => {
              const index = store.index(indexName);
              return {
                name: index.name,
                keyPath: index.keyPath,
                unique: index.unique,
                multiEntry: index.multiEntry,
              };
            }),
          };
        }),
      };
      parts.set(`${SCHEMA}${dbName}`, this.#cipher.seal(serialize(schema)));
    }
    if (wanted.length === 0) return;
    const tx = db.transaction(wanted, "readonly");
    const dumps = await Promise.all(
      wanted.map(async (name) => {
        const store = tx.objectStore(name);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        return [name, keys.map((key, i) => [key, values[i]])] as const;
      }),
    );
    for (const [name, rows] of dumps)
      parts.set(`${STORE}${dbName}/${name}`, this.#cipher.seal(serialize(rows)));
  }

  /**
   * Deletes the stored room keys of `roomId` (inbound and outbound group sessions whose key or
   * record names the room), in every database, and writes the change through.
   */
  async deleteRoomKeys(roomId: string): Promise<number> {
    let deleted = 0;
    const needle = Buffer.from(roomId);
    for (const info of await this.#requireFactory().databases()) {
      if (info.name === undefined) continue;
      const db = await this.#connection(info.name);
      const stores = names(db.objectStoreNames).filter((n) => /group_sessions/.test(n));
      if (stores.length === 0) continue;
      const tx = db.transaction(stores, "readwrite");
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => {
          resolve();
        };
        tx.onerror = () => {
          reject(new Error("deleting room keys failed"));
        };
      });
      for (const name of stores) {
        const store = tx.objectStore(name);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        keys.forEach((key, i) => {
          const names = JSON.stringify(key).includes(JSON.stringify(roomId).slice(1, -1));
          if (names || Buffer.from(serialize(values[i])).includes(needle)) {
            store.delete(key);
            deleted++;
          }
        });
      }
      await done;
    }
    await this.flushed();
    return deleted;
  }

  /** Marks every database as changed (a passphrase rotation writes every part again). */
  async rewriteAll(): Promise<void> {
    for (const db of await this.#requireFactory().databases())
      if (db.name !== undefined) this.changed(db.name, ["*"]);
    await this.flushed();
  }

  /** Writes what is pending, then stops watching (the platform stops). */
  async close(): Promise<void> {
    await this.flushed();
    this.#closed = true;
    for (const db of this.#connections.values()) db.close();
    this.#connections.clear();
  }
}
