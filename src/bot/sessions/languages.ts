// Each participant's language (`language <locale>`, `join <group> <locale>`) and interpreters'
// translations of numbered contributions (`translate <n> <text>`).
import type { Vars } from "../../flows/protocol.ts";
import { numberedContribution } from "../contribution-refs.ts";
import { roomConfig } from "../config.ts";
import { flowLocaleFor, flowLocales, languageName } from "../languages.ts";
import type { Sender } from "../ports.ts";
import { renderEffect, renderNotice, renderRoomNotice } from "../render.ts";
import type { InboxPayload, ParticipantRecord } from "../store.ts";
import { participantOf, type HostContext, type LiveSession, type Step } from "./live.ts";
import { restateCard } from "./step.ts";
import { pendingPrompts } from "../../flows/workshop-view.ts";
import { facilitatorIds, notice, notJoined, renderContext, senderLocale, toUser } from "./notices.ts";

/** The languages a participant can choose in this session ("ar (العربية)", …) and an example. */
function choices(session: LiveSession): Vars {
  const locales = flowLocales(session.spec);
  return {
    locales: { list: locales.map((l) => `${l} (${languageName(l)})`) },
    example: locales.find((l) => l !== session.record.locale) ?? locales[0] ?? "en",
  };
}

/** Tells the sender which languages they can choose (`typed`: what they asked for, if anything). */
export function unknownLanguage(
  h: HostContext,
  step: Step,
  session: LiveSession,
  typed: string | null,
  sender: Sender,
): void {
  const vars: Vars = { ...choices(session), locale: typed ?? "" };
  notice(h, step, "language.unknown", vars, toUser(sender), senderLocale(h, step, sender));
}

/** `language <locale>`: the participant reads private text in it from now on, and the room adds it. */
export function chooseLanguage(
  h: HostContext,
  step: Step,
  session: LiveSession,
  typed: string | null,
  sender: Sender,
): void {
  const chosen = typed === null ? undefined : flowLocaleFor(session.spec, typed);
  if (chosen === undefined) {
    unknownLanguage(h, step, session, typed, sender);
    return;
  }
  const p = participantOf(session, sender.userId);
  const facilitator = facilitatorIds(h, step, session).includes(sender.userId);
  if (p === undefined && !facilitator) {
    notJoined(h, step, sender);
    return;
  }
  const changed = p !== undefined && p.locale !== chosen;
  if (changed) setLocale(step, session, p, chosen);
  // A facilitator's notices follow their language too.
  if (facilitator && step.meta.facilitatorLocales?.[sender.userId] !== chosen) {
    step.meta = {
      ...step.meta,
      facilitatorLocales: { ...step.meta.facilitatorLocales, [sender.userId]: chosen },
    };
    step.touched = true;
  }
  notice(h, step, "language.set", { language: languageName(chosen) }, toUser(sender), chosen);
  if (!changed) return;
  // The room's card gains the new language at once, and what the participant has still to
  // answer privately is asked again in it.
  restateCard(h, step, session);
  askAgain(h, step, session, p.participantId);
}

/** The private questions still waiting for this participant's answer, asked again in their language. */
function askAgain(h: HostContext, step: Step, session: LiveSession, participantId: string): void {
  // Only while they take part (pendingPrompts asks nothing of someone who left).
  const ctx = renderContext(h, step, session);
  for (const effect of pendingPrompts(session.stepper.current(), participantId)) {
    try {
      step.drafts.push(...renderEffect(effect, ctx));
    } catch (e) {
      h.o.logger.error("cannot ask again", { session: session.record.id, err: e });
    }
  }
}

function setLocale(step: Step, session: LiveSession, p: ParticipantRecord, locale: string): void {
  const updated: ParticipantRecord = { ...p, locale };
  // Upserted by the commit; rendering in this step already reads the new language.
  const i = step.participants.findIndex((x) => x.participantId === p.participantId);
  if (i >= 0) step.participants[i] = updated;
  else step.participants.push(updated);
  session.participants = session.participants.map((x) => (x.participantId === p.participantId ? updated : x));
  step.touched = true;
}

/**
 * `translate <n> <text>` from an interpreter named in the room's configuration: posted in the
 * room beside the original's number, as "translated by an interpreter", and kept with the
 * numbered contribution (the record lists both). It never names the original's author, so an
 * interpreter in an anonymous stage sees the text, not who wrote it.
 */
export function translate(
  h: HostContext,
  step: Step,
  session: LiveSession,
  ref: number,
  text: string,
  sender: Sender,
): void {
  const locale = senderLocale(h, step, sender);
  const interpreters = roomConfig(h.o.config, step.entry.roomKey).interpreters;
  if (!interpreters.includes(sender.userId)) {
    notice(h, step, "interpreter.only", {}, toUser(sender), locale);
    return;
  }
  const numbered = step.meta.contributions ?? [];
  const original = numberedContribution(numbered, ref);
  if (original === undefined) {
    notice(h, step, "interpreter.unknownRef", { ref }, toUser(sender), locale);
    return;
  }
  step.meta = {
    ...step.meta,
    contributions: numbered.map((c) =>
      c.ref === ref
        ? { ...c, translations: [...(c.translations ?? []), { text, by: "interpreter" as const }] }
        : c,
    ),
  };
  step.touched = true;
  step.drafts.push(
    renderRoomNotice(
      "interpreter.translation",
      { ref, text: { userText: text } },
      renderContext(h, step, session),
    ),
  );
}

/**
 * A machine translation the service returned: kept with the numbered contribution and posted in
 * the room for readers of its language, labelled "machine translation". A contribution gone
 * since (forget-me) takes nothing, and the entry's text is not kept.
 */
export function machineTranslation(
  h: HostContext,
  step: Step,
  session: LiveSession | null,
  payload: Extract<InboxPayload, { source: "translation" }>,
): void {
  const numbered = step.meta.contributions ?? [];
  if (
    session === null ||
    session.record.id !== payload.sessionId ||
    numberedContribution(numbered, payload.ref) === undefined
  ) {
    step.discard = true;
    return;
  }
  const translation = { text: payload.text, by: "machine" as const, target: payload.target };
  step.meta = {
    ...step.meta,
    contributions: numbered.map((c) =>
      c.ref === payload.ref ? { ...c, translations: [...(c.translations ?? []), translation] } : c,
    ),
  };
  step.touched = true;
  step.drafts.push(
    renderNotice(
      "translation.machine",
      { ref: payload.ref, target: languageName(payload.target), text: { userText: payload.text } },
      { to: "room" },
      payload.target,
      step.roomId,
      { flow: session.spec },
    ),
  );
}
