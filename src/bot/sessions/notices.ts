// Notices: the runtime's own messages in a step (refusals, confirmations, failures), rendered for
// their audience and language, and who the facilitators are that private notices reach.
import type { Vars } from "../../flows/protocol.ts";
import { roomConfig } from "../config.ts";
import { resolveLocale, type RuntimeMessageKey } from "../i18n/index.ts";
import { roomLanguages } from "../languages.ts";
import type { DeliveryAudience, Sender } from "../ports.ts";
import { togetherInOnePost } from "../facilitators-together.ts";
import { renderNotice, type NoticeOptions, type RenderContext } from "../render.ts";
import type { InboxEntry } from "../store.ts";
import { participantMap, type HostContext, type LiveSession, type Step } from "./live.ts";

export type FailedDelivery = Extract<InboxEntry["payload"], { source: "delivery-failed" }>;

/** The facilitators' notice for a delivery given up (other than a refused floor restriction). */
export function failureNotice(failed: FailedDelivery, roomKey: string): [RuntimeMessageKey, Vars] {
  const code = failed.code;
  // A hide that did not take back every copy: the facilitators remove it by hand, and are told where.
  if (failed.kind === "retract")
    return ["review.removeByHand", { code, ref: failed.ref ?? 0, room: roomKey }];
  if (failed.kind === "pin") return ["pin.failed", { code }];
  if (failed.kind === "floor" && failed.release === true) return ["floor.restoreFailed", { code }];
  if (failed.to === "user" && failed.participantId !== undefined)
    return ["delivery.privateFailed", { code, participant: { participant: failed.participantId } }];
  return ["delivery.failed", { code }];
}

/** Who facilitates a room whose configuration names nobody (the composition root says, per platform). */
export function defaultFacilitators(h: HostContext, step: Step): readonly string[] {
  return h.o.defaultFacilitators?.(step.platform) ?? [];
}

export function roomLocale(h: HostContext, step: Step): string {
  return roomConfig(h.o.config, step.entry.roomKey).locale ?? h.o.config.locale;
}

export function senderLocale(h: HostContext, step: Step, sender: Sender): string {
  // A participant's chosen language (join, language) first; then the sender's own locale when the
  // platform tells it and we speak it; else the room's.
  const chosen = step.session?.participants.find((p) => p.userId === sender.userId)?.locale;
  if (chosen !== undefined) return chosen;
  return resolveLocale(sender.locale, resolveLocale(roomLocale(h, step)));
}

export function toUser(sender: Sender): DeliveryAudience {
  return { to: "user", userId: sender.userId };
}

export function facilitatorIds(h: HostContext, step: Step, session: LiveSession | null): string[] {
  const rc = roomConfig(h.o.config, step.entry.roomKey);
  // Facilitators seen in the live session, or in the finished one a privacy request is about.
  const seen = session !== null || step.finished !== null ? step.meta.facilitators : [];
  const ids = new Set<string>([...rc.facilitators, ...seen]);
  if (ids.size === 0) for (const id of defaultFacilitators(h, step)) ids.add(id);
  return [...ids];
}

/**
 * The language a facilitator reads their notices in: the one they chose (`language`) or their
 * platform told, else the one they read as a participant; undefined: the room's.
 */
export function facilitatorLocale(step: Step, userId: string): string | undefined {
  return (
    step.meta.facilitatorLocales?.[userId] ??
    step.session?.participants.find((p) => p.userId === userId)?.locale
  );
}

/** Facilitators grouped by the language they read (`fallback`: the room's), in first-seen order. */
export function byFacilitatorLocale(
  step: Step,
  userIds: readonly string[],
  fallback: string,
): { locale: string; userIds: string[] }[] {
  const groups: { locale: string; userIds: string[] }[] = [];
  for (const id of userIds) {
    const locale = facilitatorLocale(step, id) ?? fallback;
    const group = groups.find((g) => g.locale === locale);
    if (group === undefined) groups.push({ locale, userIds: [id] });
    else group.userIds.push(id);
  }
  return groups;
}

export function renderContext(h: HostContext, step: Step, session: LiveSession): RenderContext {
  const participants = participantMap(session.participants);
  const status = session.stepper.status();
  const present = status.participants.map((p) => p.id);
  return {
    roomId: step.roomId,
    roomLocale: session.record.locale,
    flow: { ...session.spec, turnEnforcement: status.enforcement },
    participants,
    facilitators: facilitatorIds(h, step, session),
    privateAnswersInRoom: h.o.privateAnswersInRoom?.(step.platform) ?? false,
    present,
    roomLanguages: roomLanguages({
      roomLocale: session.record.locale,
      flow: session.spec,
      present: present.flatMap((id) => {
        const p = participants.get(id);
        return p === undefined ? [] : [p.participant.locale];
      }),
      fixed: roomConfig(h.o.config, step.entry.roomKey).languages,
    }),
    commandPrefix: h.o.commandPrefix?.(step.platform) ?? "",
    facilitatorCommandPrefix: h.o.facilitatorCommandPrefix?.(step.platform) ?? "",
    facilitatorLocale: (userId) => facilitatorLocale(step, userId),
    facilitatorsTogether: h.o.facilitatorsTogether?.(step.platform) === true,
  };
}

export function notice(
  h: HostContext,
  step: Step,
  key: RuntimeMessageKey,
  vars: Vars,
  audience: DeliveryAudience,
  locale: string,
  scope?: NoticeOptions,
): void {
  try {
    const session = step.session;
    const finished = step.finished?.held;
    const options =
      scope ??
      (session !== null
        ? { flow: session.spec, participants: renderContext(h, step, session).participants }
        : finished === undefined
          ? {}
          : { flow: finished.spec, participants: participantMap(finished.participants) });
    const commandPrefix = h.o.commandPrefix?.(step.platform) ?? "";
    const facilitatorCommandPrefix = h.o.facilitatorCommandPrefix?.(step.platform) ?? "";
    // Facilitators read their notices each in their own language: one notice per language.
    const groups =
      audience.to === "facilitators"
        ? byFacilitatorLocale(step, audience.userIds, locale).map((g) => ({
            audience: { to: "facilitators" as const, userIds: g.userIds },
            locale: g.locale,
          }))
        : [{ audience, locale }];
    const replyTo = answeredCommand(step, audience);
    const versions = (groups.length > 0 ? groups : [{ audience, locale }]).map((g) => ({
      locale: g.locale,
      drafts: [
        renderNotice(key, vars, g.audience, g.locale, step.roomId, {
          ...options,
          commandPrefix,
          facilitatorCommandPrefix,
        }),
      ],
    }));
    // Where the facilitators read together (one thread), one post with each of their languages.
    const together =
      audience.to === "facilitators" && h.o.facilitatorsTogether?.(step.platform) === true
        ? togetherInOnePost(versions, audience.userIds, locale)
        : null;
    for (const draft of together === null ? versions.flatMap((v) => v.drafts) : [together])
      step.drafts.push(replyTo === undefined ? draft : { ...draft, replyTo });
  } catch (e) {
    h.o.logger.error("cannot render notice", { key, err: e });
  }
}

/** The platform event id of the command a notice to its own sender answers (shown as a reply). */
function answeredCommand(step: Step, audience: DeliveryAudience): string | undefined {
  const payload = step.entry.payload;
  if (payload.source !== "platform" || payload.event.kind !== "command") return undefined;
  return audience.to === "user" && audience.userId === payload.event.sender.userId
    ? payload.event.eventId
    : undefined;
}

export function notJoined(h: HostContext, step: Step, sender: Sender): void {
  notice(h, step, "participant.notJoined", {}, toUser(sender), senderLocale(h, step, sender));
}
