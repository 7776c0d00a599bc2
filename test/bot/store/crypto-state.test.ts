// The crypto_state table every store keeps for the Matrix adapter's encryption keys: parts are
// written, replaced and deleted together, per owner, and survive reopening the store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../../../src/bot/store/memory.ts";
import { PostgresStore } from "../../../src/bot/store/postgres.ts";
import { SqliteStore } from "../../../src/bot/store/sqlite.ts";
import type { Store } from "../../../src/bot/store/types.ts";
import { pgUrl } from "./dump.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-crypto-state-"));
const schema = `t_crypto_${process.pid}_${Date.now()}`;
const opened: Store[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
  rmSync(tmp, { recursive: true, force: true });
  await PostgresStore.dropSchema(pgUrl, schema);
});

const memory = new MemoryStore();
const kinds: [string, () => Promise<Store>][] = [
  ["MemoryStore", () => Promise.resolve(memory)],
  ["SqliteStore", () => Promise.resolve(new SqliteStore(join(tmp, "s.sqlite")))],
  ["PostgresStore", () => PostgresStore.open({ connectionString: pgUrl, schema })],
];

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const texts = (parts: Map<string, Uint8Array>): Record<string, string> =>
  Object.fromEntries([...parts].map(([k, v]) => [k, new TextDecoder().decode(v)]));

describe.each(kinds)("%s", (_name, open) => {
  it("writes, replaces and deletes parts per owner, and keeps them across a reopen", async () => {
    const store = await open();
    opened.push(store);
    await store.saveCryptoState(
      "a",
      new Map([
        ["salt", bytes("s")],
        ["store/x", bytes("one")],
      ]),
    );
    await store.saveCryptoState("b", new Map([["store/x", bytes("other owner")]]));
    await store.saveCryptoState(
      "a",
      new Map([
        ["store/x", bytes("two")],
        ["salt", null],
        ["store/y", bytes("y")],
      ]),
    );
    expect(texts(await store.loadCryptoState("a"))).toEqual({ "store/x": "two", "store/y": "y" });
    expect(texts(await store.loadCryptoState("b"))).toEqual({ "store/x": "other owner" });
    expect((await store.loadCryptoState("nobody")).size).toBe(0);
    const again = await open();
    opened.push(again);
    expect(texts(await again.loadCryptoState("a"))).toEqual({ "store/x": "two", "store/y": "y" });
  });
});
