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
