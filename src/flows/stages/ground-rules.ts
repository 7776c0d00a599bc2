// Ground rules: the rules are shown and every participant present consents individually before
// any substantive stage opens. A proposed rule is added and everyone consents again. A refusal, or
// no answer in time, reaches the facilitators (the workshop tells them) and the stage waits for
// their decision: `next` to go on, removing someone, or the missing consent arriving.
import type { Audience, FlowEffect, VarValue } from "../protocol.ts";
import type { StageOf } from "../spec.ts";
import {
  act,
  atDeadline,
  baseContext,
  clearTimer,
  consentPrompt,
  effect,
  facilitators,
  isConsentPrompt,
  room,
  say,
  setTimer,
  stageOutput,
  stageSetup,
  commonHandlers,
  authorsVar,
  onBehalf,
  showOnBehalf,
  shownId,
  type Step,
  type FlowFacts,
  type StageContext,
  type StageEvent,
} from "./common.ts";

/**
 * The rules proposed here are kept by the workshop (late joiners read them; forget-me deletes them);
 * the stage keeps only proposals held for the facilitators' review (absent in older snapshots;
 * forget-me deletes these too).
 */
interface GroundRulesContext extends StageContext {
  readonly proposals?: readonly { readonly id: string; readonly author: string; readonly text: string }[];
}

export const proposeRulePrompt = "propose-rule";

/** The rules as one message: their introduction, then each rule continuing it. */
export function rulesMessage(audience: Audience, rules: readonly VarValue[]): FlowEffect[] {
  return [
    { type: "say", key: "groundRules.intro", audience, vars: { count: rules.length } },
    ...rules.map((rule, i): FlowEffect => ({
      type: "say",
      key: "groundRules.rule",
      audience,
      vars: { number: i + 1, rule },
      continues: true,
    })),
  ];
}

function everyoneConsented({ context }: { context: GroundRulesContext }): boolean {
  const { participants, consented } = context.view;
  return participants.length > 0 && participants.every((p) => consented.includes(p.id));
}

const refused = ({ event }: { event: StageEvent }): boolean =>
  event.type === "participant.choose" && isConsentPrompt(event.promptId) && event.value === "no";

export function createGroundRulesMachine(stage: StageOf<"ground-rules">, facts: FlowFacts) {
  /** A rule proposed where the flow invites proposals (a text sent to that question anyway is not). */
  const proposal = ({ event }: { event: StageEvent }): boolean =>
    stage.allowProposals &&
    event.type === "participant.submit" &&
    event.promptId === proposeRulePrompt &&
    event.text.trim() !== "";
  /** A proposed rule is shown, added, and everyone consents again. */
  const addRule = (s: Step<GroundRulesContext>, id: string, author: string, text: string) => {
    // Only an open workshop names the proposer (Chatham House keeps what was said, not who said it).
    showOnBehalf(
      s,
      id,
      "groundRules.proposedRule",
      facts.confidentiality === "open"
        ? { named: "yes", participant: { participant: author }, rule: { userText: text } }
        : { named: "no", rule: { userText: text } },
    );
    // The question about the rules as they were is closed, not left clickable beside the new one.
    effect(s, { type: "close", promptId: `consent:${String(s.ctx.view.consentRound)}` });
    const round = s.ctx.view.consentRound + 1;
    s.ctx = { ...s.ctx, view: { ...s.ctx.view, consented: [], consentRound: round } };
    s.reports.push({ type: "stage.consentReset", rule: { text, author } });
    effect(s, consentPrompt(round, room));
    setTimer(s, stage.consentSeconds);
  };
  const propose = act<GroundRulesContext>((s, e) => {
    if (e.type !== "participant.submit") return;
    const id = shownId(s, "p");
    onBehalf(s, id, e.participantId, e.text);
    // Under review the rule waits for a facilitator's approval before anyone sees it.
    if (stage.review === "facilitators")
      s.ctx = {
        ...s.ctx,
        proposals: [...(s.ctx.proposals ?? []), { id, author: e.participantId, text: e.text }],
      };
    else addRule(s, id, e.participantId, e.text);
  });
  const approvedProposal = ({ context, event }: { context: GroundRulesContext; event: StageEvent }) =>
    event.type === "review.approved" && (context.proposals ?? []).some((p) => p.id === event.contribution);
  const approve = act<GroundRulesContext>((s, e) => {
    if (e.type !== "review.approved") return;
    const proposal = (s.ctx.proposals ?? []).find((p) => p.id === e.contribution);
    if (proposal === undefined) return;
    s.ctx = { ...s.ctx, proposals: (s.ctx.proposals ?? []).filter((p) => p.id !== e.contribution) };
    addRule(s, proposal.id, proposal.author, proposal.text);
  });
  const proposalsUnderReview = stage.review === "facilitators";
  const allConsented = {
    guard: everyoneConsented,
    target: "done" as const,
    actions: act<GroundRulesContext>((s) => {
      say(s, "groundRules.allConsented", room);
    }),
  };
  return stageSetup<GroundRulesContext>().createMachine({
    output: stageOutput,
    id: "ground-rules",
    context: ({ input }) => baseContext(input),
    entry: act<GroundRulesContext>((s) => {
      for (const e of rulesMessage(
        room,
        stage.rules.map((rule) => ({ text: rule })),
      ))
        effect(s, e);
      effect(s, consentPrompt(s.ctx.view.consentRound, room));
      if (stage.allowProposals)
        effect(s, {
          type: "collect",
          key: "groundRules.proposeRule",
          audience: room,
          promptId: proposeRulePrompt,
          vars: { authors: authorsVar(facts) },
        });
      setTimer(s, stage.consentSeconds);
    }),
    initial: "consent",
    on: {
      ...commonHandlers<GroundRulesContext>(),
      // Forget-me: a rule of theirs still held for review goes with their contributions.
      "participant.forget": {
        actions: act<GroundRulesContext>((s, e) => {
          if (e.type !== "participant.forget") return;
          s.ctx = {
            ...s.ctx,
            contributions: s.ctx.contributions.filter((c) => c.author !== e.participantId),
            proposals: (s.ctx.proposals ?? []).filter((p) => p.author !== e.participantId),
          };
        }),
      },
      "stage.next": { target: ".done" },
    },
    states: {
      consent: {
        always: allConsented,
        on: {
          "participant.choose": { guard: refused, target: "decision", actions: act(clearTimer) },
          "participant.submit": { guard: proposal, actions: propose },
          "review.approved": { guard: approvedProposal, actions: approve },
          "timer.fired": {
            guard: atDeadline,
            target: "decision",
            actions: act<GroundRulesContext>((s) => {
              const missing = s.ctx.view.participants.filter((p) => !s.ctx.view.consented.includes(p.id));
              clearTimer(s);
              say(s, "groundRules.noAnswer", facilitators, {
                count: missing.length,
                participants: { list: missing.map((p) => ({ participant: p.id })) },
              });
              say(s, "groundRules.decisionNeeded", facilitators);
            }),
          },
        },
      },
      /** Waiting for the facilitators: no timer runs here. */
      decision: {
        always: allConsented,
        on: {
          // Under review a proposal only counts once approved; then the rules go back to consent.
          "participant.submit": proposalsUnderReview
            ? { guard: proposal, actions: propose }
            : { guard: proposal, target: "consent", actions: propose },
          "review.approved": { guard: approvedProposal, target: "consent", actions: approve },
        },
      },
      done: { type: "final", entry: act(clearTimer) },
    },
  });
}
