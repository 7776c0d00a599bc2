// Opens the store the configuration names.
import type { Config } from "../config.ts";
import { MemoryStore } from "./memory.ts";
import { PostgresStore } from "./postgres.ts";
import { SqliteStore, type WriterHolder } from "./sqlite.ts";
import type { Store } from "./types.ts";
import { err, ok, type Result } from "../../result.ts";

/**
 * `writer`: this process drives workshops (a bot). A SQLite store then takes its one-writer claim
 * and is refused while another live process holds it; readers (reports) leave it alone.
 * PostgreSQL is shared by design: rooms are leased one by one.
 */
export async function openStore(
  config: Config,
  env: NodeJS.ProcessEnv,
  options: { readonly writer?: boolean } = {},
): Promise<Result<Store>> {
  const s = config.store;
  try {
    switch (s.kind) {
      case "memory":
        return ok(new MemoryStore());
      case "sqlite": {
        const store = new SqliteStore(s.path);
        const claim = options.writer === true ? store.claimWriter() : ok();
        if (claim.ok) return ok(store);
        await store.close();
        return err({ code: "store.locked", message: lockedMessage(s.path, claim.error) });
      }
      case "postgres": {
        const url = env["PARLEY_DATABASE_URL"];
        if (url === undefined || url === "") {
          return err({ code: "store.no_url", message: "store.kind is postgres: set PARLEY_DATABASE_URL" });
        }
        return ok(
          await PostgresStore.open({
            connectionString: url,
            ...(s.schema === undefined ? {} : { schema: s.schema }),
          }),
        );
      }
    }
  } catch (e) {
    // The message may carry the database URL: the caller prints it through the redactor.
    return err({
      code: "store.unavailable",
      message: `cannot open the store: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

/** Names the process that holds a SQLite store's writer claim. */
export function describeHolder(path: string, holder: WriterHolder): string {
  return (
    `another Parley process is running on the store ${path}: pid ${holder.pid} on ${holder.host}, ` +
    `started ${new Date(holder.startedAt).toISOString()}`
  );
}

export function lockedMessage(path: string, holder: WriterHolder): string {
  return (
    `${describeHolder(path, holder)}. Two bots on one SQLite file would lose each other's steps: ` +
    `stop that one first, or give this one another store.`
  );
}
