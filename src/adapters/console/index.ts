export {
  ConsolePlatform,
  ConsoleState,
  formatDelivery,
  formatDuration,
  type ConsolePlatformOptions,
} from "./platform.ts";
export {
  consoleHelp,
  facilitatorUserId,
  parseConsoleLine,
  type ConsoleEvent,
  type ConsoleLineContext,
} from "./lines.ts";

import type { PlatformName } from "../../bot/ports.ts";
import { facilitatorUserId } from "./lines.ts";

/**
 * For the runtime's `defaultFacilitators`: the terminal room's keyboard user facilitates it unless
 * the configuration names facilitators (when the terminal room is on).
 */
export function consoleFacilitators(withConsole: boolean): (platform: PlatformName) => readonly string[] {
  return (platform) => (withConsole && platform === "console" ? [facilitatorUserId] : []);
}
