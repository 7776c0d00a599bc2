// Conformance scenarios in end-to-end encrypted Matrix rooms (Element's default for private
// rooms): the built-in perspective exchange from `start` to the pinned summary and a SIGKILL while
// people post, with every client and the bot running Rust crypto and the bot's keys in its store.
// Answers go as numbers in encrypted direct rooms, never as reactions.
import { matrixPlatform } from "./drivers/matrix.ts";
import { runConformance } from "./run.ts";
import { scenarios } from "./scenarios/index.ts";

const chosen = scenarios
  .filter((s) => /perspective exchange|while the bot is down/.test(s.name))
  .map((s) => s.name);

runConformance(
  "Matrix, end-to-end encrypted rooms (real Synapse, Rust crypto)",
  () => matrixPlatform(scenarios.length, 4, { encrypted: true }),
  chosen,
);
