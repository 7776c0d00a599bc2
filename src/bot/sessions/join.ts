// Joining a session: the group (named or from a role), look-alike names, and rejoining after a leave.
import type { Vars } from "../../flows/protocol.ts";
import { roomConfig } from "../config.ts";
import { disambiguate, type TakenName } from "../names.ts";
import type { Sender } from "../ports.ts";
import type { ParticipantRecord } from "../store.ts";
import {
  activeParticipantOf,
  participantOf,
  participantOfRecord,
  type HostContext,
  type LiveSession,
  type Step,
} from "./live.ts";
import { flowLocaleFor } from "../languages.ts";
import { chooseLanguage, unknownLanguage } from "./languages.ts";
import { facilitatorIds, notice, senderLocale, toUser } from "./notices.ts";
import { send } from "./step.ts";

/** The vars of a join confirmation: the participant's group, named in the flow's words. */
function groupVars(session: LiveSession, p: ParticipantRecord): Vars {
  const name = session.spec.groups?.find((g) => g.id === p.group)?.name;
  return name === undefined ? { hasGroup: "none", group: "" } : { hasGroup: "yes", group: { text: name } };
}

export function join(
  h: HostContext,
  step: Step,
  session: LiveSession,
  groupArg: string | null,
  sender: Sender,
  at: number,
  localeArg: string | null = null,
): void {
  const groups = (session.spec.groups ?? []).map((g) => g.id);
  // `join ar` names a language when "ar" is not one of the flow's groups (a flow without groups,
  // or a group the platform gives, as Matrix and Discord roles do).
  const languageOnly =
    localeArg === null &&
    groupArg !== null &&
    !groups.includes(groupArg) &&
    flowLocaleFor(session.spec, groupArg) !== undefined;
  const wanted = languageOnly ? groupArg : localeArg;
  const chosen = wanted === null ? undefined : flowLocaleFor(session.spec, wanted);
  if (wanted !== null && chosen === undefined) {
    // Asked for a language the flow does not have: say which it has, and let them join again.
    unknownLanguage(h, step, session, wanted, sender);
    return;
  }
  const chosenSender: Sender = chosen === undefined ? sender : { ...sender, locale: chosen };
  const locale = senderLocale(h, step, chosenSender);
  const existing = participantOf(session, sender.userId);
  if (existing !== undefined) {
    rejoin(h, step, session, existing, sender, at);
    if (chosen !== undefined) chooseLanguage(h, step, session, chosen, sender);
    return;
  }
  const rc = roomConfig(h.o.config, step.entry.roomKey);
  const fromRole = (sender.roles ?? []).map((r) => rc.groupRoles[r]).find((g) => g !== undefined);
  const group = fromRole ?? (languageOnly ? null : groupArg);
  if (groups.length > 0 && (group === null || !groups.includes(group))) {
    notice(
      h,
      step,
      group === null ? "join.groupRequired" : "join.unknownGroup",
      { group: group ?? "", groups: groups.join(", ") },
      toUser(sender),
      locale,
    );
    return;
  }
  const count = step.meta.participantCount + 1;
  step.meta = { ...step.meta, participantCount: count };
  const participantId = `p${count}`;
  // A name that reads like a facilitator's, another participant's or a reserved one is shown with
  // a number in the room, and the facilitators are told privately.
  const { label, confusedWith } = disambiguate(sender.displayName, takenNames(h, step, session, sender));
  const record: ParticipantRecord = {
    sessionId: session.record.id,
    platform: step.platform,
    userId: sender.userId,
    participantId,
    name: label,
    locale,
    group: groups.length > 0 ? group : null,
  };
  step.participants.push(record);
  // Rendering the join's effects needs the new participant.
  session.participants = [...session.participants, record];
  send(h, step, session, { type: "participant.join", participant: participantOfRecord(record), at });
  if (confusedWith !== undefined) {
    notice(
      h,
      step,
      "name.confusable",
      {
        id: participantId,
        kind: confusedWith.kind,
        other: { userText: confusedWith.name },
        label: { userText: label },
      },
      { to: "facilitators", userIds: facilitatorIds(h, step, session) },
      session.record.locale,
    );
  }
  notice(h, step, "join.confirmed", groupVars(session, record), toUser(sender), locale);
  if (roomConfig(h.o.config, step.entry.roomKey).youth) {
    notice(h, step, "guardian.pending", {}, toUser(sender), locale);
    notice(
      h,
      step,
      "guardian.needed",
      { participant: { participant: participantId }, id: participantId },
      { to: "facilitators", userIds: facilitatorIds(h, step, session) },
      session.record.locale,
    );
  }
}

/**
 * `join` from someone with a participant record. Taking part already: said so. Removed by a
 * facilitator: refused. Left (leave): they take part again as the same participant (same id,
 * name and group), so group figures and turn order count one person once, whatever group they
 * name now; what they contributed before stays theirs.
 */
export function rejoin(
  h: HostContext,
  step: Step,
  session: LiveSession,
  existing: ParticipantRecord,
  sender: Sender,
  at: number,
): void {
  const locale = senderLocale(h, step, sender);
  if (activeParticipantOf(session, sender.userId) !== undefined) {
    notice(h, step, "join.already", {}, toUser(sender), locale);
    return;
  }
  if ((step.meta.removed ?? []).includes(existing.participantId)) {
    notice(h, step, "join.removed", {}, toUser(sender), locale);
    return;
  }
  send(h, step, session, { type: "participant.join", participant: participantOfRecord(existing), at });
  notice(h, step, "join.rejoined", groupVars(session, existing), toUser(sender), existing.locale);
}

/** Names a joining participant must not be mistaken for: facilitators' and other participants'. */
export function takenNames(h: HostContext, step: Step, session: LiveSession, sender: Sender): TakenName[] {
  const facilitators = Object.entries(step.meta.facilitatorNames ?? {})
    .filter(([userId]) => userId !== sender.userId)
    .map(([, name]): TakenName => ({ name, kind: "facilitator" }));
  const participants = session.participants
    .filter((p) => p.userId !== sender.userId)
    .map((p): TakenName => ({ name: p.name, kind: "participant" }));
  return [...facilitators, ...participants];
}
