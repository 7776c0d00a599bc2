// What every part of the Matrix adapter shares: its configuration, logger, persisted state, the
// room's locale and (once started) the homeserver API.
import type { Logger } from "../../bot/ports.ts";
import type { ApiResult, MatrixApi } from "./api.ts";
import type { MatrixConfig } from "./config.ts";
import type { RawEvent } from "./inbound.ts";
import type { AdapterState } from "./state.ts";

/** Encrypts what goes to an encrypted room (anything else is returned as it is). */
export interface Sealer {
  isEncrypted(roomId: string): Promise<boolean>;
  /** The room has just been made encrypted (by the bot). */
  enabled(roomId: string): Promise<void>;
  /** An event fetched from the homeserver, decrypted if it can be (otherwise as it is). */
  readable(roomId: string, event: RawEvent): Promise<RawEvent>;
  seal(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
  ): Promise<ApiResult<{ type: string; content: Record<string, unknown> }>>;
}

export interface MatrixContext {
  readonly config: MatrixConfig;
  readonly logger: Logger;
  readonly state: AdapterState;
  /** The locale of a room's public text, for the adapter's own notices (English when undefined). */
  readonly localeOf: (roomId: string) => string | undefined;
  /** End-to-end encryption, once started with a crypto store; undefined: rooms are not encrypted to. */
  crypto(): Sealer | undefined;
  /** The homeserver API; throws before start(). */
  api(): MatrixApi;
}
