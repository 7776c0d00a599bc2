// Privacy requests in a session: forget-me (confirmed by a facilitator, or the operator's word from
// the CLI), and my-data; on the live session or, once it ended, its finished one. The rules on the
// workshop's state are in ../privacy.ts.
import { namesParticipant } from "../cards.ts";
import type { FlowSpec } from "../../flows/spec.ts";
import { readSnapshot } from "../../flows/stepper.ts";
import { contributionsSoFar } from "../../flows/workshop-view.ts";
import { keepHeld } from "../contribution-refs.ts";
import type { Command } from "../commands.ts";
import { finishedWithout, modeVar, myDataVars, storedSnapshot } from "../privacy.ts";
import type { Sender } from "../ports.ts";
import type { ParticipantRecord } from "../store.ts";
import type { Held, HostContext, LiveSession, Step } from "./live.ts";
import { facilitatorIds, notice, notJoined, roomLocale, senderLocale, toUser } from "./notices.ts";
import { recordAudit } from "./safeguarding.ts";
import { send } from "./step.ts";

export function heldLive(session: LiveSession): Held {
  return { record: session.record, spec: session.spec, participants: session.participants, live: session };
}

/**
 * A finished session (kept until retention) for a privacy request: the room's latest one, or the
 * one the operator named.
 */
export async function finishedSession(h: HostContext, step: Step, sessionId?: string): Promise<Held | null> {
  const record = await h.o.store.findSession(sessionId ?? step.entry.roomKey);
  if (record !== undefined && record.roomKey !== step.entry.roomKey) return null;
  if (record?.status !== "done") return null;
  const held: Held = {
    record,
    spec: record.spec as FlowSpec,
    participants: await h.o.store.participants(record.id),
    live: null,
  };
  step.finished = { held, snapshot: record.snapshot };
  step.meta = record.meta;
  return held;
}

export function privacyCommand(
  h: HostContext,
  step: Step,
  held: Held,
  command: Extract<Command, { name: "forget-me" | "confirm-forget" | "my-data" }>,
  sender: Sender,
  at: number,
): void {
  const locale = senderLocale(h, step, sender);
  const mode = modeVar(held.spec.confidentiality);
  const me = held.participants.find((p) => p.userId === sender.userId);
  if (command.name !== "confirm-forget" && me === undefined) {
    if (held.live !== null) notJoined(h, step, sender);
    else notice(h, step, "privacy.nothingHeld", {}, toUser(sender), locale);
    return;
  }
  switch (command.name) {
    case "my-data": {
      if (me === undefined) return;
      const snapshot =
        held.live !== null
          ? held.live.stepper.current()
          : storedSnapshot(held.spec, {
              ...held.record,
              snapshot: step.finished?.snapshot ?? null,
            });
      step.dropWhenDone.add(step.drafts.length);
      notice(h, step, "privacy.myData", myDataVars(held.spec, me, snapshot), toUser(sender), locale);
      return;
    }
    case "forget-me": {
      if (me === undefined) return;
      if (!step.meta.pendingForget.includes(me.participantId)) {
        step.meta = { ...step.meta, pendingForget: [...step.meta.pendingForget, me.participantId] };
        step.touched = true;
      }
      notice(h, step, "forget.requested", { mode }, toUser(sender), locale);
      notice(
        h,
        step,
        "forget.confirmRequest",
        { participant: { participant: me.participantId }, id: me.participantId, mode },
        { to: "facilitators", userIds: facilitatorIds(h, step, held.live) },
        roomLocale(h, step),
      );
      return;
    }
    case "confirm-forget": {
      const ref = command.participant;
      const wanted = ref.toLowerCase().replace(/^@/, "");
      const p = held.participants.find(
        (q) =>
          q.participantId === ref ||
          q.name.toLowerCase() === wanted ||
          q.userId.toLowerCase().replace(/^@/, "") === wanted,
      );
      if (p === undefined || !step.meta.pendingForget.includes(p.participantId)) {
        notice(h, step, "forget.noRequest", { participant: ref }, toUser(sender), locale);
        return;
      }
      forgetParticipant(h, step, held, p, at);
      recordAudit(h, step, "forget.confirmed", sender.userId, `participant ${p.participantId}`);
      notice(h, step, "forget.confirmed", { id: p.participantId }, toUser(sender), locale);
      return;
    }
  }
}

/**
 * Forgets a participant in this step: the machine (or a finished session's stored state) drops
 * them, and the commit removes their traces from the store (Commit.forget). They are told, in
 * their language; the step's own notices are written after the store's clean-up.
 */
export function forgetParticipant(
  h: HostContext,
  step: Step,
  held: Held,
  p: ParticipantRecord,
  at: number,
): void {
  let heldTexts: readonly string[];
  if (held.live !== null) {
    send(h, step, held.live, { type: "participant.forget", participantId: p.participantId, at });
    heldTexts = contributionsSoFar(held.live.stepper.current()).map((c) => c.text);
  } else {
    const without = finishedWithout(held.spec, held.record, p.participantId);
    step.finished = { held, snapshot: without.snapshot };
    step.meta = { ...step.meta, record: without.record ?? step.meta.record };
    const snapshot = readSnapshot(held.spec, without.snapshot, held.record.seed);
    heldTexts = snapshot === null ? [] : contributionsSoFar(snapshot).map((c) => c.text);
  }
  // Numbered contributions the workshop no longer holds were theirs: those and their
  // translations go too (the store also removes posts and commands carrying the translations).
  const numbered = step.meta.contributions ?? [];
  const kept = keepHeld(numbered, heldTexts);
  const gone = numbered.filter((c) => !kept.includes(c));
  const alsoTexts = gone.flatMap((c) => (c.translations ?? []).map((t) => t.text));
  if (gone.length > 0) step.meta = { ...step.meta, contributions: kept };
  step.touched = true;
  step.meta = { ...step.meta, pendingForget: step.meta.pendingForget.filter((x) => x !== p.participantId) };
  // The live card is never restated with their turn or name (the platforms drop those lines too).
  const shown = step.meta.cardShown;
  if (shown?.parts.some((x) => namesParticipant(x.effect, p.participantId)) === true)
    step.meta = {
      ...step.meta,
      cardShown: { ...shown, parts: shown.parts.filter((x) => !namesParticipant(x.effect, p.participantId)) },
    };
  if (step.meta.guardianConsent?.[p.participantId] !== undefined)
    step.meta = {
      ...step.meta,
      guardianConsent: Object.fromEntries(
        Object.entries(step.meta.guardianConsent).filter(([id]) => id !== p.participantId),
      ),
    };
  step.forget = {
    sessionId: held.record.id,
    participantId: p.participantId,
    userId: p.userId,
    name: p.name,
    ...(alsoTexts.length === 0 ? {} : { alsoTexts }),
  };
  // Their user id would otherwise stay on this notice: it goes once delivered.
  step.dropWhenDone.add(step.drafts.length);
  notice(
    h,
    step,
    "forget.done",
    { mode: modeVar(held.spec.confidentiality) },
    { to: "user", userId: p.userId },
    p.locale,
  );
}

/** `parley forget <session> <participant>` from the CLI: the operator's word needs no confirmation. */
export async function operatorForget(
  h: HostContext,
  step: Step,
  sessionId: string,
  participantId: string,
): Promise<void> {
  const held =
    step.session?.record.id === sessionId
      ? heldLive(step.session)
      : await finishedSession(h, step, sessionId);
  const p =
    held?.record.id === sessionId
      ? held.participants.find((q) => q.participantId === participantId)
      : undefined;
  if (held === null || held.record.id !== sessionId || p === undefined) {
    h.o.logger.warn("operator forget: no such participant", {
      session: sessionId,
      participant: participantId,
    });
    return;
  }
  forgetParticipant(h, step, held, p, h.o.now());
  recordAudit(h, step, "forget.confirmed", "operator", `participant ${p.participantId}`);
  notice(
    h,
    step,
    "forget.confirmed",
    { id: p.participantId },
    { to: "facilitators", userIds: facilitatorIds(h, step, held.live) },
    roomLocale(h, step),
  );
}
