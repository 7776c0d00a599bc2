// Safeguarding in a step: flags and help requests from participants, time-out requests as alerts,
// acknowledgements (`ack <n>`), escalation to the safeguarding lead when nobody acknowledges in
// time (a durable deadline kept in the session's meta, armed with the workshop's own timer), the
// automatic pause when no facilitator is present, screening of what the bot shows on someone's
// behalf, and the audit trail (`recordAudit`, which other code calls too).
//
// Privacy: a flag reaches the facilitators with the flagged text and where it was posted, never the
// flagger's name unless they add `--name`; the audit trail keeps no content and names a
// participant only by participant id; the lead gets numbers, kinds and names of people who asked
// for help, never a flagger's name.
import type { Vars, WorkshopEvent } from "../../flows/protocol.ts";
import { noReview, reviewItems } from "../../flows/review.ts";
import { contributionsSoFar, takesRoomMessages } from "../../flows/workshop-view.ts";
import { safeguardingLead } from "../config.ts";
import type { ClassifierVerdict, ContentClassifier } from "../safeguarding/classifier.ts";
import { compileWordLists, type Screen } from "../safeguarding/match.ts";
import { decide, type ScreeningResult } from "../safeguarding/screening.ts";
import type { Sender } from "../ports.ts";
import type { AuditAction, NewAuditEntry, SafeguardingAlert, SessionMeta } from "../store.ts";
import { appended, type DeliveryDraft } from "../render.ts";
import { activeParticipantOf, type HostContext, type LiveSession, type Step } from "./live.ts";
import { facilitatorIds, notice, roomLocale, senderLocale, toUser } from "./notices.ts";
import { send } from "./step.ts";

const minuteMs = 60_000;

/**
 * Records an action in the audit trail, in the same transaction as the step. For facilitator and
 * safeguarding actions (hide, mute, remove, forget-me confirmations, exports, acknowledgements):
 * `actor` is a platform user id of a facilitator or the lead, a participant id for a participant's
 * own request, or null when they are not to be named; `subject` a reference ("contribution 7",
 * "participant p2", "alert 3"), never content.
 */
export function recordAudit(
  h: HostContext,
  step: Step,
  action: AuditAction,
  actor: string | null,
  subject: string | null,
): void {
  step.audit.push({
    at: h.o.now(),
    roomKey: step.entry.roomKey,
    sessionId: step.session?.record.id ?? step.finished?.held.record.id ?? null,
    action,
    actor,
    subject,
  } satisfies NewAuditEntry);
}

export function isSafeguardingLead(h: HostContext, step: Step, sender: Sender): boolean {
  return safeguardingLead(h.o.config, step.entry.roomKey) === sender.userId;
}

const openAlerts = (meta: SessionMeta) =>
  (meta.alerts ?? []).filter(
    (a): a is SafeguardingAlert & { escalateAt: number } =>
      a.acknowledged === undefined && a.escalated !== true && a.escalateAt !== null,
  );

/** The earliest escalation deadline among the session's open alerts (null: none). */
export function alertDeadline(meta: SessionMeta): number | null {
  const open = openAlerts(meta).map((a) => a.escalateAt);
  return open.length === 0 ? null : Math.min(...open);
}

/** The session's timer: the workshop's own deadline or an alert's escalation, whichever is first. */
export function combinedDeadline(machine: number | null, meta: SessionMeta): number | null {
  const alert = alertDeadline(meta);
  if (machine === null) return alert;
  return alert === null ? machine : Math.min(machine, alert);
}

/**
 * Whether a facilitator is here: one seen in this session (a command, joining the room) who has not
 * left the room since, or the platform's default facilitator (the terminal room's keyboard user).
 */
function facilitatorPresent(h: HostContext, step: Step): boolean {
  const away = new Set(step.meta.facilitatorsAway ?? []);
  return (
    step.meta.facilitators.some((id) => !away.has(id)) ||
    (h.o.defaultFacilitators?.(step.platform) ?? []).length > 0
  );
}

/**
 * Opens an alert (a time-out, flag, help request or screening hit): numbered, with its escalation
 * deadline. When no facilitator is present at all, the workshop is paused and the lead is told.
 */
function raiseAlert(
  h: HostContext,
  step: Step,
  session: LiveSession,
  kind: SafeguardingAlert["kind"],
  participantId: string | undefined,
  actor: string | null,
): number {
  const at = h.o.now();
  const n = (step.meta.alertCount ?? 0) + 1;
  const alert: SafeguardingAlert = {
    n,
    kind,
    raisedAt: at,
    // Screening hits are the facilitators' to review; time-outs, flags and help requests escalate.
    escalateAt:
      kind === "screening" ? null : at + h.o.config.safeguarding.acknowledgeWithinMinutes * minuteMs,
    ...(participantId === undefined ? {} : { participantId }),
  };
  step.meta = { ...step.meta, alertCount: n, alerts: [...(step.meta.alerts ?? []), alert] };
  step.touched = true;
  recordAudit(h, step, "alert.raised", actor, `alert ${n} (${kind})`);
  if (!facilitatorPresent(h, step)) {
    send(h, step, session, { type: "control", action: "pause", by: "safeguarding", at });
    recordAudit(h, step, "room.autopaused", null, `alert ${n} (${kind})`);
    tellLead(h, step, "safeguarding.autoPaused", { n, kind });
  }
  return n;
}

function tellLead(
  h: HostContext,
  step: Step,
  key: "safeguarding.autoPaused" | "safeguarding.escalated",
  vars: Vars,
): boolean {
  const lead = safeguardingLead(h.o.config, step.entry.roomKey);
  if (lead === undefined) {
    h.o.logger.warn("no safeguarding lead configured for this room", { room: step.entry.roomKey });
    return false;
  }
  notice(
    h,
    step,
    key,
    { ...vars, room: step.entry.roomKey },
    { to: "user", userId: lead },
    roomLocale(h, step),
  );
  return true;
}

const facilitatorsOf = (h: HostContext, step: Step, session: LiveSession) => ({
  to: "facilitators" as const,
  userIds: facilitatorIds(h, step, session),
});

/** A participant's time-out request is an alert too: unacknowledged, it goes to the lead. */
export function timeoutAlert(
  h: HostContext,
  step: Step,
  session: LiveSession,
  participantId: string,
  from: number,
): void {
  const n = raiseAlert(h, step, session, "timeout", participantId, participantId);
  const mark = step.drafts.length;
  notice(
    h,
    step,
    "safeguarding.alertOpened",
    { n, minutes: h.o.config.safeguarding.acknowledgeWithinMinutes },
    facilitatorsOf(h, step, session),
    roomLocale(h, step),
  );
  // One message for the facilitators: the alert's number goes under the workshop's own notice of
  // the request (drafted since `from`) to the same facilitators (one per language), when there is one.
  const same = (a: DeliveryDraft, b: DeliveryDraft) =>
    JSON.stringify(a.audience) === JSON.stringify(b.audience);
  for (const added of step.drafts.slice(mark)) {
    const request = step.drafts
      .slice(from, mark)
      .findLast((d) => d.audience.to === "facilitators" && d.kind === "say" && same(d, added));
    if (added.kind !== "say" || request?.kind !== "say") continue;
    step.drafts.splice(step.drafts.indexOf(request), 1, appended(request, added));
    step.drafts.splice(step.drafts.indexOf(added), 1);
  }
}

/** What a flag is about: the message the command was given on (context menu, reply), if any. */
export interface FlagTarget {
  readonly text: string;
  readonly link?: string;
}

export function flag(
  h: HostContext,
  step: Step,
  session: LiveSession,
  sender: Sender,
  reason: string | null,
  named: boolean,
  target: FlagTarget | undefined,
): void {
  const locale = senderLocale(h, step, sender);
  if (reason === null && target === undefined) {
    notice(h, step, "safeguarding.flagEmpty", {}, toUser(sender), locale);
    return;
  }
  const me = activeParticipantOf(session, sender.userId);
  // The flagger is named in the trail only when they chose to give their name.
  const n = raiseAlert(
    h,
    step,
    session,
    "flag",
    undefined,
    named ? (me?.participantId ?? sender.userId) : null,
  );
  notice(
    h,
    step,
    "safeguarding.flagged",
    {
      n,
      hasTarget: target === undefined ? "none" : "yes",
      text: { userText: target?.text ?? "" },
      hasLink: target?.link === undefined ? "none" : "yes",
      link: { userText: target?.link ?? "" },
      hasReason: reason === null ? "none" : "yes",
      reason: { userText: reason ?? "" },
      named: named ? "yes" : "none",
      by: named ? { userText: sender.displayName } : "",
      minutes: h.o.config.safeguarding.acknowledgeWithinMinutes,
    },
    facilitatorsOf(h, step, session),
    roomLocale(h, step),
  );
  notice(h, step, "safeguarding.flagReceived", { named: named ? "yes" : "none" }, toUser(sender), locale);
}

/** `help-me`: also outside a workshop (no alert to acknowledge then, but the same people are told). */
export function helpMe(
  h: HostContext,
  step: Step,
  session: LiveSession | null,
  sender: Sender,
  text: string | null,
): void {
  const me = session === null ? undefined : activeParticipantOf(session, sender.userId);
  const n =
    session === null ? 0 : raiseAlert(h, step, session, "help", me?.participantId, me?.participantId ?? null);
  if (session === null) recordAudit(h, step, "alert.raised", null, "help request outside a workshop");
  const lead = safeguardingLead(h.o.config, step.entry.roomKey);
  const vars: Vars = {
    n,
    // Whoever asks for help must be reachable: the facilitators and the lead get their name.
    participant: me === undefined ? { userText: sender.displayName } : { participant: me.participantId },
    hasText: text === null ? "none" : "yes",
    text: { userText: text ?? "" },
    minutes: h.o.config.safeguarding.acknowledgeWithinMinutes,
  };
  const facilitators = { to: "facilitators" as const, userIds: facilitatorIds(h, step, session) };
  notice(h, step, "safeguarding.helpRequested", vars, facilitators, roomLocale(h, step));
  if (lead !== undefined && !facilitators.userIds.includes(lead))
    notice(h, step, "safeguarding.helpRequested", vars, { to: "user", userId: lead }, roomLocale(h, step));
  const helpText = h.o.config.safeguarding.helpText;
  notice(
    h,
    step,
    "safeguarding.helpReceived",
    {
      lead: lead === undefined ? "none" : "yes",
      hasText: Object.keys(helpText).length === 0 ? "none" : "yes",
      text: Object.keys(helpText).length === 0 ? "" : { text: helpText },
    },
    toUser(sender),
    senderLocale(h, step, sender),
  );
}

export function acknowledge(
  h: HostContext,
  step: Step,
  session: LiveSession,
  sender: Sender,
  n: number,
): void {
  const alert = (step.meta.alerts ?? []).find((a) => a.n === n);
  if (alert === undefined || alert.acknowledged !== undefined) {
    notice(h, step, "safeguarding.ackUnknown", { n }, toUser(sender), senderLocale(h, step, sender));
    return;
  }
  const at = h.o.now();
  step.meta = {
    ...step.meta,
    alerts: (step.meta.alerts ?? []).map((a) =>
      a.n === n ? { ...a, acknowledged: { by: sender.userId, at } } : a,
    ),
  };
  step.touched = true;
  recordAudit(h, step, "alert.acknowledged", sender.userId, `alert ${n} (${alert.kind})`);
  const audience = facilitatorsOf(h, step, session);
  const vars: Vars = { n, by: { userText: sender.displayName } };
  notice(h, step, "safeguarding.acknowledged", vars, audience, roomLocale(h, step));
  // The lead (or a facilitator by role, not listed) is answered privately, not added to the
  // facilitators' channel.
  if (!audience.userIds.includes(sender.userId))
    notice(h, step, "safeguarding.acknowledged", vars, toUser(sender), senderLocale(h, step, sender));
}

/** Escalates the alerts whose time has come (a timer step), to the lead; the facilitators are told. */
export function escalateDue(h: HostContext, step: Step, session: LiveSession, at: number): void {
  const due = openAlerts(step.meta).filter((a) => a.escalateAt <= at);
  if (due.length === 0) return;
  const escalated = new Set(due.map((a) => a.n));
  step.meta = {
    ...step.meta,
    alerts: (step.meta.alerts ?? []).map((a) => (escalated.has(a.n) ? { ...a, escalated: true } : a)),
  };
  step.touched = true;
  for (const a of due) {
    recordAudit(h, step, "alert.escalated", null, `alert ${a.n} (${a.kind})`);
    const vars: Vars = {
      n: a.n,
      kind: a.kind,
      minutes: h.o.config.safeguarding.acknowledgeWithinMinutes,
      // The lead needs to know who asked for help or a time-out; a flagger stays unnamed.
      hasParticipant: a.participantId === undefined || a.kind === "flag" ? "none" : "yes",
      participant: a.participantId === undefined ? "" : { participant: a.participantId },
    };
    const told = tellLead(h, step, "safeguarding.escalated", vars);
    notice(
      h,
      step,
      "safeguarding.escalatedFacilitators",
      { n: a.n, lead: told ? "yes" : "none" },
      facilitatorsOf(h, step, session),
      roomLocale(h, step),
    );
  }
}

/** `audit`: the session's trail, privately, to a facilitator or the lead. */
export async function auditCommand(h: HostContext, step: Step, sender: Sender): Promise<void> {
  const entries = await h.o.store.auditTrail({ roomKey: step.entry.roomKey });
  const recent = entries.slice(-30);
  recordAudit(h, step, "audit.read", sender.userId, null);
  notice(
    h,
    step,
    "safeguarding.audit",
    { count: entries.length, shown: recent.length, items: recent.map(auditLine).join("\n") },
    toUser(sender),
    senderLocale(h, step, sender),
  );
}

export function auditLine(e: Pick<NewAuditEntry, "at" | "action" | "actor" | "subject">): string {
  const when = new Date(e.at).toISOString().slice(0, 16).replace("T", " ");
  return `${when} UTC · ${e.action}${e.actor === null ? "" : ` · ${e.actor}`}${e.subject === null ? "" : ` · ${e.subject}`}`;
}

/** The programme's screen (word lists), compiled once per configuration object. */
const screens = new WeakMap<object, Screen>();
function screenOf(h: HostContext): Screen {
  const words = h.o.config.safeguarding.screening.words;
  let s = screens.get(words);
  if (s === undefined) {
    s = compileWordLists(words);
    screens.set(words, s);
  }
  return s;
}

/** Screens texts: the programme's lists and, when configured, the classifier (all at once). */
async function screenTexts(h: HostContext, texts: readonly string[]): Promise<ScreeningResult[]> {
  const screening = h.o.config.safeguarding.screening;
  const classifier: ContentClassifier | undefined = h.o.classifier;
  // The texts of one step (a list of ideas) are classified together, not one timeout after another.
  const useClassifier = classifier !== undefined && screening.classifier !== undefined;
  const verdicts: (ClassifierVerdict | null)[] = await Promise.all(
    texts.map((text) => (useClassifier ? classifier.classify(text) : Promise.resolve(null))),
  );
  return texts.map((text, i) => {
    const verdict = verdicts[i] ?? null;
    if (verdict !== null && !verdict.ok)
      h.o.logger.warn("content classifier did not answer", { code: verdict.code, message: verdict.message });
    return decide(screenOf(h).match(text), verdict, {
      onHit: screening.onHit,
      whenClassifierDown: screening.classifier?.whenDown ?? "flag",
    });
  });
}

/** Tells the facilitators of a screening hit: content, terms and alert number, never the author. */
function screeningAlert(
  h: HostContext,
  step: Step,
  session: LiveSession,
  text: string,
  result: ScreeningResult,
  heldAs: number | undefined,
): void {
  const n = raiseAlert(h, step, session, "screening", undefined, null);
  recordAudit(
    h,
    step,
    heldAs === undefined ? "screening.flagged" : "screening.held",
    null,
    heldAs === undefined ? `alert ${n}` : `alert ${n}, contribution ${heldAs}`,
  );
  notice(
    h,
    step,
    "safeguarding.screened",
    {
      n,
      action: heldAs === undefined ? "flag" : "held",
      ref: heldAs ?? 0,
      text: { userText: text },
      hasTerms: result.terms.length === 0 ? "none" : "yes",
      terms: { list: result.terms.map((t) => t.term) },
      hasCategories: result.categories.length === 0 ? "none" : "yes",
      categories: { list: [...result.categories] },
      down: result.classifierDown === undefined ? "none" : "yes",
      minutes: h.o.config.safeguarding.acknowledgeWithinMinutes,
    },
    facilitatorsOf(h, step, session),
    roomLocale(h, step),
  );
  if (heldAs !== undefined) intoReviewQuestion(step, heldAs);
}

/**
 * One message for the facilitators about a held hit: the screening notice just drafted (text,
 * number, terms, alert) becomes the text of the review question drafted for it in this step, which
 * keeps its approve / hide controls; the question's own text would only repeat it.
 */
function intoReviewQuestion(step: Step, ref: number): void {
  const notice = step.drafts.at(-1);
  const question = step.drafts.find(
    (d) => d.kind === "ask" && d.audience.to === "facilitators" && d.promptId === `review:${String(ref)}`,
  );
  if (notice?.kind !== "say" || question?.kind !== "ask") return;
  const { languages: _drop, ...rest } = question;
  step.drafts.splice(step.drafts.indexOf(question), 1, {
    ...rest,
    body: notice.body,
    ...(notice.languages === undefined ? {} : { languages: notice.languages }),
  });
  step.drafts.pop();
}

type ParticipantText = Extract<WorkshopEvent, { type: "participant.say" | "participant.submit" }>;

/**
 * Sends the workshop a participant's text, screened at intake, before the workshop takes it: a
 * `hold` result goes with the event, so whatever the stage shows of it on their behalf waits for a
 * facilitator's approval (on any stage, with or without `review: facilitators`). The facilitators
 * are told of a hit only when the workshop took the text as something it will show on the author's
 * behalf; room talk no stage echoes raises nothing (everyone already read it from its author) and
 * is not sent to the classifier.
 *
 * Durable: the decision is part of the event whose result the step commits (the workshop keeps the
 * item held in its stored state). A step that did not commit showed nothing, so a replay deciding
 * anew (the classifier may answer differently) contradicts nothing anyone saw.
 */
export async function sendScreened(
  h: HostContext,
  step: Step,
  session: LiveSession,
  event: ParticipantText,
): Promise<void> {
  const expected =
    event.type === "participant.submit" || takesRoomMessages(session.spec, session.stepper.current());
  const atIntake = expected ? await screenOne(h, event.text) : null;
  const before = reviewItems(session.stepper.current().context.review ?? noReview).length;
  send(h, step, session, atIntake?.action === "hold" ? { ...event, hold: true } : event);
  if (session.failed) return;
  const now = session.stepper.current();
  const mine = reviewItems(now.context.review ?? noReview)
    .slice(before)
    .filter((i) => i.author === event.participantId);
  // An item refers to its contribution by id (the text is kept once, in the contribution); one
  // shown under an id of its own (a proposed rule, an echo) is this event's when it is the only one.
  const texts = new Map(contributionsSoFar(now).map((c) => [c.id, c.text]));
  const item = mine.find((i) => {
    const text = texts.get(i.contribution);
    return text === undefined ? mine.length === 1 : text === event.text;
  });
  if (item === undefined) return;
  // A room message a stage took unexpectedly is still screened (and flagged: too late to hold).
  const result = atIntake ?? (await screenOne(h, event.text));
  if (result.action === "pass") return;
  screeningAlert(h, step, session, event.text, result, item.status === "held" ? item.ref : undefined);
}

async function screenOne(h: HostContext, text: string): Promise<ScreeningResult> {
  const [result] = await screenTexts(h, [text]);
  return result ?? { action: "pass", terms: [], categories: [] };
}

/**
 * Screens what this step is about to show on someone's behalf that intake did not screen
 * (collected while rendering) and tells the facilitators privately of each hit. Such a text was
 * not a participant's own contribution taken at intake, so it cannot be held: it is flagged.
 */
export async function screenStep(h: HostContext, step: Step): Promise<void> {
  const session = step.session;
  if (session === null || step.screened.length === 0) return;
  const items = [...step.screened];
  const results = await screenTexts(
    h,
    items.map((i) => i.text),
  );
  for (const [i, item] of items.entries()) {
    const result = results[i];
    if (result === undefined || result.action === "pass") continue;
    screeningAlert(h, step, session, item.text, result, undefined);
  }
}
