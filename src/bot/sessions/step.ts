// Driving the workshop within a step: an event goes to the session's stepper, and what it emitted
// is rendered into the step's deliveries.
import type { FlowEffect, VarValue, Vars, WorkshopEvent, WorkshopRecord } from "../../flows/protocol.ts";
import type { StepOutcome } from "../../flows/stepper.ts";
import { contributionShownBy, nextRef, refGivenBy, withReference } from "../contribution-refs.ts";
import { cardOpenedBy, joinCardParts, markCardParts } from "../cards.ts";
import { roomConfig } from "../config.ts";
import {
  firstRoomLanguage,
  pickText,
  privatelyAskedNotice,
  renderEffect,
  type RenderContext,
} from "../render.ts";
import type { Segment } from "../ports.ts";
import type { HostContext, LiveSession, Step } from "./live.ts";
import { renderContext } from "./notices.ts";

/** Sends the live session's workshop one event in this step (nothing once its machine failed). */
export function send(h: HostContext, step: Step, session: LiveSession, event: WorkshopEvent): void {
  step.touched = true;
  if (session.failed) return;
  const outcome = session.stepper.step(event);
  if (outcome.ok) step.events.push(event);
  took(h, step, session, outcome);
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

/** Participant-written text among a message's variables (lists included). */
function participantTexts(vars: Vars | undefined): string[] {
  const out: string[] = [];
  const visit = (v: VarValue) => {
    if (typeof v !== "object") return;
    if ("userText" in v) out.push(v.userText);
    else if ("list" in v) v.list.forEach(visit);
  };
  Object.values(vars ?? {}).forEach(visit);
  return out;
}

/** The workshop's title in the room's first language (plain text). */
function workshopTitle(ctx: RenderContext): string | undefined {
  if (ctx.flow === null) return undefined;
  const title = pickText(ctx.flow.title, firstRoomLanguage(ctx), ctx.flow).replace(/\s+/g, " ").trim();
  return title === "" ? undefined : title;
}

/** Renders what the workshop emitted into the step's deliveries. */
function render(h: HostContext, step: Step, session: LiveSession, effects: readonly FlowEffect[]): void {
  const ctx = renderContext(h, step, session);
  // The ground rules are one message: each rule is added to the introduction posted just before.
  let rulesDraft: number | null = null;
  // The room's live card: the lobby's, then each stage's (cards.ts).
  let card = step.meta.card;
  const first = step.drafts.length;
  const ping = roomConfig(h.o.config, step.entry.roomKey).pingSpeaker;
  for (const effect of effects) {
    // What the bot shows in the room on someone's behalf is screened before the step commits; a
    // numbered contribution (the workshop's `ref`) was screened at intake, when it was taken.
    if (effect.type === "say" && effect.audience.to === "room" && refGivenBy(effect) === undefined)
      for (const text of participantTexts(effect.vars)) step.screened.push({ text });
    if (effect.type === "summary") {
      step.meta = { ...step.meta, record: effect.record satisfies WorkshopRecord };
    }
    try {
      const opened = cardOpenedBy(effect, session.record.id);
      card = opened ?? card;
      // The card's opening part carries the workshop's title (Matrix shows it in the room's topic).
      const title = opened === undefined || ctx.flow === null ? undefined : workshopTitle(ctx);
      const drafts = markCardParts(effect, renderEffect(effect, ctx), card, {
        ctx,
        ping,
        ...(title === undefined ? {} : { title }),
      });
      const shown = contributionShownBy(effect);
      const [only] = drafts;
      const host = rulesDraft === null ? undefined : step.drafts[rulesDraft];
      if (
        shown === null &&
        effect.type === "say" &&
        effect.key === "groundRules.rule" &&
        drafts.length === 1 &&
        only?.kind === "say" &&
        host?.kind === "say" &&
        rulesDraft === step.drafts.length - 1 &&
        JSON.stringify(host.audience) === JSON.stringify(only.audience) &&
        (host.languages?.length ?? 0) === (only.languages?.length ?? 0)
      ) {
        // The ground rules are one message: each rule joins the introduction (in every language).
        const joined = (a: readonly Segment[], b: readonly Segment[]) => [...a, { text: "\n" }, ...b];
        const languages = host.languages?.map((block, k) => ({
          ...block,
          body: joined(block.body, only.languages?.[k]?.body ?? []),
        }));
        step.drafts[rulesDraft] = {
          ...host,
          body: joined(host.body, only.body),
          ...(languages === undefined ? {} : { languages }),
        };
        continue;
      }
      if (shown === null) step.drafts.push(...drafts);
      else {
        // Numbered so people can point at it (an interpreter's translate <n>). A number the
        // workshop gave the post itself (safeguarding's review and hide) is the one used.
        const numbered = step.meta.contributions ?? [];
        const given = refGivenBy(effect);
        const ref = given ?? nextRef(numbered);
        if (numbered.every((c) => c.ref !== ref))
          step.meta = { ...step.meta, contributions: [...numbered, { ref, text: shown }] };
        step.drafts.push(...(given === undefined ? drafts.map((d) => withReference(d, ref)) : drafts));
        const languages = ctx.roomLanguages ?? [];
        if (h.o.machineTranslation === true && languages.length > 1)
          step.toTranslate.push({ ref, text: shown, targets: languages });
      }
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
  // One delivery per card and step where the platform edits cards (drafts marked to be dropped
  // after delivery are never card parts, but their indexes must not move).
  if (h.o.liveCards?.(step.platform) === true && ![...step.dropWhenDone].some((i) => i >= first))
    joinCardParts(step.drafts, first);
  if (card !== step.meta.card) step.meta = { ...step.meta, ...(card === undefined ? {} : { card }) };
  const sentPrivately = privatelyAskedNotice(effects, ctx);
  if (sentPrivately !== null) step.drafts.push(sentPrivately);
}
