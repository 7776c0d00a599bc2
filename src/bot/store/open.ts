// Opens the store the configuration names.
import type { Config } from "../config.ts";
import { MemoryStore } from "./memory.ts";
import { PostgresStore } from "./postgres.ts";
import { SqliteStore } from "./sqlite.ts";
import type { Store } from "./types.ts";

export async function openStore(
  config: Config,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; store: Store } | { ok: false; code: string; message: string }> {
  const s = config.store;
  try {
    switch (s.kind) {
      case "memory":
        return { ok: true, store: new MemoryStore() };
      case "sqlite":
        return { ok: true, store: new SqliteStore(s.path) };
      case "postgres": {
        const url = env["PARLEY_DATABASE_URL"];
        if (url === undefined || url === "") {
          return {
            ok: false,
            code: "store.no_url",
            message: "store.kind is postgres: set PARLEY_DATABASE_URL",
          };
        }
        return {
          ok: true,
          store: await PostgresStore.open({
            connectionString: url,
            ...(s.schema === undefined ? {} : { schema: s.schema }),
          }),
        };
      }
    }
  } catch (e) {
    // The message may carry the database URL: the caller prints it through the redactor.
    return {
      ok: false,
      code: "store.unavailable",
      message: `cannot open the store: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
