// The Matrix adapter's crypto store (no homeserver): how long opening the bot's Rust crypto takes
// (a new device, then restoring it from the SQLite store), how large the stored state is, and how
// long one write-through of a read-write transaction takes. Run: npx node bench/matrix-crypto.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { E2ee } from "../src/adapters/matrix/crypto/e2ee.ts";
import { SqliteStore } from "../src/bot/store/sqlite.ts";

const dir = mkdtempSync(join(tmpdir(), "parley-bench-crypto-"));
const store = new SqliteStore(join(dir, "store.sqlite"));
const logger = { debug() {}, info() {}, warn() {}, error: console.error };
const open = () =>
  E2ee.open({
    userId: "@bench:localhost",
    deviceId: "BENCH",
    store,
    logger,
    passphrase: "bench",
    previousPassphrase: undefined,
  });

let t = performance.now();
const fresh = await open();
await fresh.flushed();
const freshMs = performance.now() - t;
await fresh.close();
const parts = await store.loadCryptoState(E2ee.owner("@bench:localhost", "BENCH"));
const bytes = [...parts.values()].reduce((n, p) => n + p.byteLength, 0);
t = performance.now();
const restored = await open();
const restoreMs = performance.now() - t;
// One read-write transaction written through (a tracked-users change), timed to flushed().
t = performance.now();
await restored.encrypt("!bench:localhost", "m.room.message", { body: "x" }, []).catch(() => undefined);
await restored.flushed();
const writeMs = performance.now() - t;
await restored.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
console.table({
  "open a new device (incl. wasm init), ms": Math.round(freshMs),
  "restore from the store, ms": Math.round(restoreMs),
  "stored parts": parts.size,
  "stored bytes (sealed)": bytes,
  "one encrypt + write-through, ms": Math.round(writeMs),
});
