// Every conformance scenario, in the order each platform's test file runs them.
import type { Scenario } from "../driver.ts";
import { anonymousBrainstorm } from "./anonymous-brainstorm.ts";
import { downtime } from "./downtime.ts";
import { mixedLanguages } from "./mixed-languages.ts";
import { perspectiveExchange } from "./perspective-exchange.ts";
import { review } from "./review.ts";
import { strictCrash } from "./strict-crash.ts";
import { strictTurns } from "./strict-turns.ts";
import { surveyOneByOne } from "./survey-one-by-one.ts";

export const scenarios: readonly Scenario[] = [
  perspectiveExchange,
  downtime,
  strictTurns,
  strictCrash,
  anonymousBrainstorm,
  surveyOneByOne,
  review,
  mixedLanguages,
];
