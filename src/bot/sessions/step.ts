// Driving the workshop within a step: an event goes to the session's stepper, and what it emitted
// is rendered into the step's deliveries.
import type { FlowEffect, VarValue, Vars, WorkshopEvent, WorkshopRecord } from "../../flows/protocol.ts";
import type { StepOutcome } from "../../flows/stepper.ts";
import { contributionShownBy, nextRef, refGivenBy, withReference } from "../contribution-refs.ts";
import {
  cardOpenedBy,
  cardSlotFor,
  joinCardParts,
  markCardParts,
  restatedOrder,
  shownAfter,
  type ShownPart,
} from "../cards.ts";
import { roomConfig } from "../config.ts";
import {
  appended,
  firstRoomLanguage,
  pickText,
  privatelyAskedNotice,
  renderEffect,
  type DeliveryDraft,
  type RenderContext,
} from "../render.ts";
import type { CardSlot } from "../ports.ts";
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

/**
 * A line joined the card's body (a ground rule): it is restated with it. One with participant-written
 * text (a proposed rule) is not kept, so the body is then no longer restated (it would lack it).
 */
function keepLine(step: Step, effect: FlowEffect): void {
  const shown = step.meta.cardShown;
  if (shown === undefined || effect.type !== "say") return;
  const kept = participantTexts(effect.vars).length === 0;
  const parts = shown.parts.flatMap((p) =>
    p.slot !== "body" ? [p] : kept ? [{ ...p, lines: [...(p.lines ?? []), effect] }] : [],
  );
  step.meta = { ...step.meta, cardShown: { ...shown, parts } };
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
  // The draft a `say` that continues may join: the last one, posted by the message it continues.
  let head: number | null = null;
  // The room's live card: the lobby's, then each stage's (cards.ts).
  let card = step.meta.card;
  const first = step.drafts.length;
  const ping = roomConfig(h.o.config, step.entry.roomKey).pingSpeaker;
  // The slot of the card part rendered last in this step (a status after a status shows both).
  let cardSource: CardSlot | undefined;
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
      const title = opened === undefined ? undefined : workshopTitle(ctx);
      const drafts = markCardParts(effect, renderEffect(effect, ctx), card, {
        ctx,
        ping,
        ...(title === undefined ? {} : { title }),
      });
      cardSource = keptForRestating(step, effect, drafts, card, cardSource, ctx);
      const shown = contributionShownBy(effect);
      const [only] = drafts;
      const host = head === null ? undefined : step.drafts[head];
      if (
        shown === null &&
        effect.type === "say" &&
        effect.continues === true &&
        drafts.length === 1 &&
        only?.kind === "say" &&
        host?.kind === "say" &&
        head === step.drafts.length - 1 &&
        JSON.stringify(host.audience) === JSON.stringify(only.audience) &&
        (host.languages?.length ?? 0) === (only.languages?.length ?? 0)
      ) {
        // One message: the continuation joins the post before it (in every language).
        step.drafts[head] = appended(host, only);
        if (host.card !== undefined) keepLine(step, effect);
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
      head =
        effect.type === "say" && effect.continues !== true && shown === null && drafts.length === 1
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
  restate(h, step, session, ctx);
  joinCards(h, step, first);
  if (card !== step.meta.card) step.meta = { ...step.meta, ...(card === undefined ? {} : { card }) };
  const sentPrivately = privatelyAskedNotice(effects, ctx);
  if (sentPrivately !== null) step.drafts.push(sentPrivately);
}

/**
 * Keeps what a card part shows (SessionMeta.cardShown) so it can be restated in a language that
 * arrives later. Returns the slot it filled (undefined: no card part).
 */
function keptForRestating(
  step: Step,
  effect: FlowEffect,
  drafts: readonly DeliveryDraft[],
  card: string | undefined,
  before: CardSlot | undefined,
  ctx: RenderContext,
): CardSlot | undefined {
  const slot = cardSlotFor(effect);
  if (card === undefined || slot === undefined || !drafts.some((d) => d.card !== undefined)) return before;
  // Participant-written text is kept in the session's record only (forget-me removes it there).
  if (effect.type === "say" && participantTexts(effect.vars).length > 0) return slot;
  const part: ShownPart = { slot, effect, languages: [...(ctx.roomLanguages ?? [ctx.roomLocale])] };
  step.meta = {
    ...step.meta,
    card,
    cardShown: shownAfter(step.meta.cardShown, card, part, before === "status"),
  };
  return slot;
}

/**
 * Someone reading a language the live card is not shown in arrived (joined, or chose it): the
 * stage's card (or the lobby's, where cards are edited) gains that language at once instead of
 * at the next stage: every part again in all
 * the room's languages (one edit where the platform edits cards; posts, like every room post, in
 * every language present elsewhere). Nobody is mentioned again.
 */
function restate(h: HostContext, step: Step, session: LiveSession, ctx: RenderContext): void {
  const shown = step.meta.cardShown;
  const edits = h.o.liveCards?.(step.platform) === true;
  // A stage's card; the lobby's only where it is edited: its welcome is not posted again for
  // each language that joins.
  const restated =
    shown?.key.includes(":stage:") === true || (edits && shown?.key.endsWith(":lobby") === true);
  if (shown === undefined || shown.key !== step.meta.card || !restated) return;
  const now = ctx.roomLanguages ?? [ctx.roomLocale];
  const missing = (p: ShownPart) => now.filter((l) => !p.languages.includes(l));
  if (!shown.parts.some((p) => missing(p).length > 0)) return;
  const parts: ShownPart[] = [];
  for (const p of restatedOrder(shown)) {
    parts.push({ ...p, languages: now });
    // Where nothing is edited, a countdown is not posted again: the next one is in every language.
    if (!edits && p.slot === "time") continue;
    try {
      const drafts = renderEffect(p.effect, ctx).map((d) =>
        d.kind !== "say"
          ? d
          : (p.lines ?? []).reduce((host, line) => {
              const [one] = renderEffect(line, ctx);
              return one?.kind === "say" ? appended(host, one) : host;
            }, d),
      );
      step.drafts.push(...markCardParts(p.effect, drafts, shown.key, { ctx, ping: false }));
    } catch (e) {
      h.o.logger.error("cannot restate a card part", { session: session.record.id, err: e });
    }
  }
  step.meta = { ...step.meta, cardShown: { key: shown.key, parts } };
  step.touched = true;
}

/** Restates the live card after a change of languages outside the workshop (`language`). */
export function restateCard(h: HostContext, step: Step, session: LiveSession): void {
  const first = step.drafts.length;
  restate(h, step, session, renderContext(h, step, session));
  joinCards(h, step, first);
}

/**
 * One delivery per card and step where the platform edits cards, from draft `first` on (drafts
 * marked to be dropped after delivery are never card parts, but their indexes must not move).
 */
function joinCards(h: HostContext, step: Step, first: number): void {
  if (h.o.liveCards?.(step.platform) === true && ![...step.dropWhenDone].some((i) => i >= first))
    joinCardParts(step.drafts, first);
}
