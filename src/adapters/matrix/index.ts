// Entry point of the Matrix adapter (see README.md in this folder for setting up the bot account).
import type { ChatPlatform, CryptoStateStore, CursorStore, Logger } from "../../bot/ports.ts";
import { ok, type Result } from "../../result.ts";
import { parseMatrixConfig } from "./config.ts";
import { MatrixPlatform } from "./platform.ts";

export { MatrixPlatform, type MatrixPlatformOptions } from "./platform.ts";
export { ENCRYPTED_ROOM_NOTICE, encryptedRoomNotice } from "./encryption.ts";
export { matrixConfigSchema, parseMatrixConfig, type MatrixConfig } from "./config.ts";

export function createMatrixPlatform(
  config: unknown,
  env: NodeJS.ProcessEnv,
  deps: {
    cursors: CursorStore;
    /** Keeps the end-to-end encryption keys (the bot's store); without it encrypted rooms get a notice. */
    cryptoState?: CryptoStateStore;
    /** A room's configured facilitators (told how many messages could not be decrypted). */
    facilitatorsOf?: (roomId: string) => readonly string[];
    logger: Logger;
    splitCommandLine?: (line: string) => string[];
    /** A room's locale for the adapter's own notices (English when absent). */
    localeOf?: (roomId: string) => string | undefined;
  },
): Result<ChatPlatform> {
  const parsed = parseMatrixConfig(config, env);
  if (!parsed.ok) return parsed;
  return ok(
    new MatrixPlatform({
      config: parsed.value.config,
      credentials: parsed.value.credentials,
      cursors: deps.cursors,
      logger: deps.logger,
      ...(deps.splitCommandLine === undefined ? {} : { splitCommandLine: deps.splitCommandLine }),
      ...(deps.localeOf === undefined ? {} : { localeOf: deps.localeOf }),
      ...(deps.cryptoState === undefined ? {} : { cryptoState: deps.cryptoState }),
      ...(deps.facilitatorsOf === undefined ? {} : { facilitatorsOf: deps.facilitatorsOf }),
    }),
  );
}
