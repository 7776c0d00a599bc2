// Conformance scenarios in end-to-end encrypted Matrix rooms (Element's default for private
// rooms): the built-in perspective exchange from `start` to the pinned summary, a SIGKILL while
// people post, and the built-in youth dialogue circle from `start` to the summary with Synapse's
// database, its media store and the bot's crypto state then read for anything in the clear; every
// client and the bot run Rust crypto, the bot's keys in its store. Answers go as replies with the
// number in encrypted direct rooms, never as reactions.
import { matrixPlatform } from "./drivers/matrix.ts";
import { runConformance } from "./run.ts";
import { scenarios } from "./scenarios/index.ts";
import { youthDialogueCircle } from "./scenarios/youth-dialogue-circle.ts";

const chosen = scenarios
  .filter((s) => /perspective exchange|while the bot is down/.test(s.name))
  .map((s) => s.name);

runConformance(
  "Matrix, end-to-end encrypted rooms (real Synapse, Rust crypto)",
  () => matrixPlatform(scenarios.length + 1, 4, { encrypted: true }),
  chosen,
  [youthDialogueCircle],
);
