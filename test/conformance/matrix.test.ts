// The conformance scenarios in Matrix: the real bot process against a real Synapse, with real
// matrix-js-sdk users; one homeserver for the whole file.
import { matrixPlatform } from "./drivers/matrix.ts";
import { runConformance } from "./run.ts";
import { scenarios } from "./scenarios/index.ts";

runConformance("Matrix (real Synapse, real matrix-js-sdk)", () => matrixPlatform(scenarios.length));
