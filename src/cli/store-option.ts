// The store a read-side command works on: the configuration's (--config or PARLEY_CONFIG), or the
// SQLite file --store names. Shared by report, sessions and forget.
import { defaultConfig, loadConfig, type Config } from "../bot/config.ts";
import { Redactor } from "../bot/log.ts";
import type { Store } from "../bot/store.ts";
import { openStore } from "../bot/store/open.ts";
import type { ParsedArgs } from "./args.ts";
import { err, ok, type Result } from "../result.ts";

export const storeOptions = ["--config", "--store"] as const;

export async function openStoreFromArgs(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv,
): Promise<Result<{ store: Store; config: Config }, string>> {
  const fromEnv = env["PARLEY_CONFIG"] === "" ? undefined : env["PARLEY_CONFIG"];
  const configFile = args.values.get("--config") ?? fromEnv;
  let config = defaultConfig;
  if (configFile !== undefined) {
    const loaded = await loadConfig(configFile);
    if (!loaded.ok) return err(loaded.error.message);
    config = loaded.value;
  }
  const storePath = args.values.get("--store");
  if (storePath !== undefined) config = { ...config, store: { kind: "sqlite", path: storePath } };
  const opened = await openStore(config, env);
  if (!opened.ok) return err(new Redactor(env).text(opened.error.message));
  return ok({ store: opened.value, config });
}
