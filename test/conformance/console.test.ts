// The conformance scenarios in the terminal room: the real bot process typed at and read, as
// `npm start` is used.
import { consolePlatform } from "./drivers/console.ts";
import { runConformance } from "./run.ts";

runConformance("the terminal", () => Promise.resolve(consolePlatform()));
