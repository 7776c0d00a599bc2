// Catalogue keys: the machines' keys (protocol.ts) plus the runtime's own (commands, refusals,
// status, privacy requests, reports). A catalogue must define every one of them (type-checked).
import type { MessageKey } from "../../flows/protocol.ts";

export const runtimeMessageKeys = [
  "command.facilitatorOnly",
  "command.unknown",
  "command.badArguments",
  "command.help",
  "session.none",
  "session.alreadyRunning",
  "session.status",
  "flow.invalid",
  "participant.unknown",
  "participant.notJoined",
  "join.confirmed",
  "join.already",
  "join.groupRequired",
  "join.unknownGroup",
  "leave.confirmed",
  "forget.requested",
  "forget.confirmRequest",
  "forget.noRequest",
  "forget.done",
  "forget.confirmed",
  "error.internal",
  "timer.running",
  "timer.cleared",
  "delivery.failed",
  "floor.strictUnavailable",
  // Private answers (issue 10): room questions sent to each participant privately.
  "prompt.sentPrivately",
  // The countdown line an adapter may show beside a timer (issue 12).
  "timer.left",
  "report.confidentiality",
  "report.stages",
  "report.ideas",
  "report.idea",
  "report.noIdeas",
  "report.needs",
  "report.need",
  "report.noNeeds",
  "report.participation",
  "report.participationRow",
  "report.contributions",
  "report.contribution",
  // Issue 10 (runtime): flows named by id from chat, names and rejoining, failures facilitators must know.
  "flow.idsOnly",
  "flow.unknown",
  "flow.unusable",
  "join.rejoined",
  "join.removed",
  "name.confusable",
  "pin.failed",
  "delivery.privateFailed",
  "floor.restoreFailed",
  // Privacy requests (forget-me, my-data)
  "privacy.nothingHeld",
  "privacy.myData",
  // confidentiality: pooled group figures and survey aggregates in reports
  "report.pooled",
  "report.allGroups",
  "report.ideaPooled",
  "report.surveys",
  "report.surveyLikert",
  "report.surveyText",
  // Languages and interpreters (issue 14)
  "language.set",
  "language.unknown",
  "interpreter.translation",
  "interpreter.only",
  "interpreter.unknownRef",
  "translation.machine",
  "report.translations",
  "report.translation",
  // Closed questions and private messages nothing asked for (issue 12).
  "prompt.closed",
  "prompt.nothingCollected",
  // Issue 12 (protocol steps and what people read): folded ideas, start, status, join hints, check-in.
  "report.foldedIdea",
  // joint statement (issue 16)
  "report.statements",
  "report.statement",
  "report.statementSentence",
  "command.typedPlain",
  "session.opened",
  "stage.kindName",
  // evaluation reports (issue 15): pre/post change, airtime, attendance
  "report.surveyMean",
  "report.prePost",
  "report.noPairs",
  "report.method",
  "report.airtime",
  "report.attendance",
  "report.sessions",
  "report.excluded",
  "report.column",
  "report.summaryLine",
  "guardian.needed",
  "guardian.pending",
  "guardian.recorded",
  "guardian.confirmed",
  // Safeguarding (issue 13): flags, help requests, alerts and escalation, screening, audit trail.
  "safeguarding.alertOpened",
  "safeguarding.flagEmpty",
  "safeguarding.flagged",
  "safeguarding.flagReceived",
  "safeguarding.helpRequested",
  "safeguarding.helpReceived",
  "safeguarding.ackUnknown",
  "safeguarding.acknowledged",
  "safeguarding.escalated",
  "safeguarding.escalatedFacilitators",
  "safeguarding.autoPaused",
  "safeguarding.audit",
  "safeguarding.screened",
  // Programmes (issue 18): a scheduled room opens soon; the coordinators' broadcast.
  "programme.opensSoon",
  "programme.broadcast",
  // safeguarding (issue 13): a hide that could not take back every copy of a post
  "review.removeByHand",
  // The facilitators' `report` in chat (issue 15): the files' caption; nothing to report on.
  "report.files",
  "report.nothing",
  // Turn-taking chosen at start (issue 14): a flow that offers one mode only; a workshop already open.
  "flow.turnTakingFixed",
  "session.turnTakingSet",
] as const;

export type RuntimeMessageKey = (typeof runtimeMessageKeys)[number];
export type CatalogueKey = MessageKey | RuntimeMessageKey;

/** One ICU MessageFormat string per key; a missing or unknown key is a type error. */
export type Catalogue = { readonly [K in CatalogueKey]: string };
