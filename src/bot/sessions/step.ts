// Driving the workshop within a step: an event goes to the session's stepper, and what it emitted
// is rendered into the step's deliveries.
import type { FlowEffect, WorkshopEvent, WorkshopRecord } from "../../flows/protocol.ts";
import type { StepOutcome } from "../../flows/stepper.ts";
import { privatelyAskedNotice, renderEffect } from "../render.ts";
import type { HostContext, LiveSession, Step } from "./live.ts";
import { renderContext } from "./notices.ts";

/** Sends the live session's workshop one event in this step (nothing once its machine failed). */
export function send(h: HostContext, step: Step, session: LiveSession, event: WorkshopEvent): void {
  step.touched = true;
  if (session.failed) return;
  took(h, step, session, session.stepper.step(event));
}

/**
 * Takes what the workshop did into the step: its state for the commit, its effects rendered into
 * deliveries. A machine that failed takes no more events (the commit keeps the last good state).
 */
export function took(h: HostContext, step: Step, session: LiveSession, outcome: StepOutcome): void {
  if (!outcome.ok) {
    session.failed = true;
    h.o.logger.error("workshop machine failed", { session: session.record.id, err: outcome.error });
    return;
  }
  step.stepped = outcome.value;
  render(h, step, session, outcome.value.effects);
}

/** Renders what the workshop emitted into the step's deliveries. */
function render(h: HostContext, step: Step, session: LiveSession, effects: readonly FlowEffect[]): void {
  const ctx = renderContext(h, step, session);
  // The ground rules are one message: each rule is added to the introduction posted just before.
  let rulesDraft: number | null = null;
  for (const effect of effects) {
    if (effect.type === "summary") {
      step.meta = { ...step.meta, record: effect.record satisfies WorkshopRecord };
    }
    try {
      const drafts = renderEffect(effect, ctx);
      const [only] = drafts;
      const host = rulesDraft === null ? undefined : step.drafts[rulesDraft];
      if (
        effect.type === "say" &&
        effect.key === "groundRules.rule" &&
        drafts.length === 1 &&
        only?.kind === "say" &&
        host?.kind === "say" &&
        rulesDraft === step.drafts.length - 1 &&
        JSON.stringify(host.audience) === JSON.stringify(only.audience)
      ) {
        step.drafts[rulesDraft] = { ...host, body: [...host.body, { text: "\n" }, ...only.body] };
        continue;
      }
      step.drafts.push(...drafts);
      rulesDraft =
        effect.type === "say" && effect.key === "groundRules.intro" && drafts.length === 1
          ? step.drafts.length - 1
          : null;
    } catch (e) {
      h.o.logger.error("cannot render effect", {
        session: session.record.id,
        effect: effect.type,
        err: e,
      });
    }
  }
  const sentPrivately = privatelyAskedNotice(effects, ctx);
  if (sentPrivately !== null) step.drafts.push(sentPrivately);
}
