// What every part of the Matrix adapter shares: its configuration, logger, persisted state, the
// room's locale and (once started) the homeserver API.
import type { Logger } from "../../bot/ports.ts";
import type { MatrixApi } from "./api.ts";
import type { MatrixConfig } from "./config.ts";
import type { AdapterState } from "./state.ts";

export interface MatrixContext {
  readonly config: MatrixConfig;
  readonly logger: Logger;
  readonly state: AdapterState;
  /** The locale of a room's public text, for the adapter's own notices (English when undefined). */
  readonly localeOf: (roomId: string) => string | undefined;
  /** The homeserver API; throws before start(). */
  api(): MatrixApi;
}
