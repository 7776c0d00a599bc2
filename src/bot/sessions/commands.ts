// Commands and platform events → workshop events: who may do what, the facilitator controls and
// the participants' own commands (joining is in join.ts, starting in start.ts, privacy requests in
// privacy-requests.ts).
import { commandNameOf, isFacilitatorCommandName, parseCommand, type Command } from "../commands.ts";
import { roomConfig } from "../config.ts";
import type { InboundEvent, Sender } from "../ports.ts";
import type { InboxEntry, ParticipantRecord } from "../store.ts";
import { join } from "./join.ts";
import { chooseLanguage, translate } from "./languages.ts";
import { activeParticipantOf, type HostContext, type LiveSession, type Step } from "./live.ts";
import { defaultFacilitators, notice, notJoined, senderLocale, toUser } from "./notices.ts";
import { finishedSession, heldLive, privacyCommand } from "./privacy-requests.ts";
import { start } from "./start.ts";
import { send } from "./step.ts";

/** Handles an inbound platform event; returns a replacement step when it created a session. */
export async function handleInbound(h: HostContext, step: Step, event: InboundEvent): Promise<Step | null> {
  const session = step.session;
  const at = stampOf(step.entry, event);
  // Someone who left is no longer heard until they rejoin.
  const participant = session === null ? undefined : activeParticipantOf(session, event.sender.userId);
  switch (event.kind) {
    case "command":
      return handleCommand(h, step, event, event.name, event.args, at);
    case "message":
      if (session !== null && participant !== undefined) {
        send(h, step, session, {
          type: "participant.say",
          participantId: participant.participantId,
          text: event.text,
          at,
        });
      } else step.discard = true;
      return null;
    case "choice":
      if (session !== null && participant !== undefined) {
        send(h, step, session, {
          type: "participant.choose",
          participantId: participant.participantId,
          promptId: event.promptId,
          value: event.value,
          at,
        });
      } else {
        step.discard = true;
        notJoined(h, step, event.sender);
      }
      return null;
    case "private":
      if (session !== null && participant !== undefined) {
        send(h, step, session, {
          type: "participant.submit",
          participantId: participant.participantId,
          promptId: event.promptId,
          text: event.text,
          at,
        });
      } else {
        step.discard = true;
        notJoined(h, step, event.sender);
      }
      return null;
    case "leave":
      if (session !== null && participant !== undefined) {
        send(h, step, session, {
          type: "participant.leave",
          participantId: participant.participantId,
          at,
        });
      } else step.discard = true;
      return null;
    case "join":
      // Joining the room is not joining the workshop: participants say `join` (and pick a group).
      step.discard = participant === undefined;
      return null;
  }
}

/** The event time: stamped when the event was accepted (kept in the inbox, so replays agree). */
export function stampOf(entry: InboxEntry, event: InboundEvent): number {
  return entry.payload.source === "platform" && entry.payload.acceptedAt !== undefined
    ? entry.payload.acceptedAt
    : event.at;
}

export function isFacilitator(h: HostContext, step: Step, sender: Sender): boolean {
  const roomKey = step.entry.roomKey;
  const rc = roomConfig(h.o.config, roomKey);
  if (rc.facilitators.includes(sender.userId)) return true;
  if ((sender.roles ?? []).some((r) => rc.facilitatorRoles.includes(r))) return true;
  // A platform's default facilitator (the terminal room's keyboard user) unless the configuration names some.
  return rc.facilitators.length === 0 && defaultFacilitators(h, step).includes(sender.userId);
}

export async function handleCommand(
  h: HostContext,
  step: Step,
  event: InboundEvent,
  name: string,
  args: readonly string[],
  at: number,
): Promise<Step | null> {
  const parsed = parseCommand(name, args);
  const sender = event.sender;
  // Whatever the arguments, a participant is first told the command is not theirs.
  if (isFacilitatorCommandName(name) && !isFacilitator(h, step, sender)) {
    notice(
      h,
      step,
      "command.facilitatorOnly",
      { command: commandNameOf(name) ?? name },
      toUser(sender),
      senderLocale(h, step, sender),
    );
    return null;
  }
  if (!parsed.ok) {
    notice(
      h,
      step,
      parsed.error.key,
      parsed.error.vars,
      { to: "user", userId: sender.userId },
      senderLocale(h, step, sender),
    );
    return null;
  }
  const command = parsed.value;
  const facilitator = isFacilitator(h, step, sender);
  if (facilitator && step.session !== null) rememberFacilitator(h, step, sender);
  if (command.name === "start") return start(h, step, command.flow, sender, at);
  if (command.name === "help") {
    notice(h, step, "command.help", {}, toUser(sender), senderLocale(h, step, sender));
    return null;
  }
  const session = step.session;
  if (session === null) {
    if (isPrivacyCommand(command)) {
      const held = await finishedSession(h, step);
      if (held !== null) {
        privacyCommand(h, step, held, command, sender, at);
        return null;
      }
    }
    notice(h, step, "session.none", {}, toUser(sender), senderLocale(h, step, sender));
    return null;
  }
  sessionCommand(h, step, session, command, sender, at);
  return null;
}

/** A facilitator seen in this session: their id (for private notices) and name (for look-alikes). */
export function rememberFacilitator(h: HostContext, step: Step, sender: Sender): void {
  const names = step.meta.facilitatorNames ?? {};
  if (step.meta.facilitators.includes(sender.userId) && names[sender.userId] === sender.displayName) return;
  step.meta = {
    ...step.meta,
    facilitators: step.meta.facilitators.includes(sender.userId)
      ? step.meta.facilitators
      : [...step.meta.facilitators, sender.userId],
    facilitatorNames: { ...names, [sender.userId]: sender.displayName },
  };
  step.touched = true;
}

export function sessionCommand(
  h: HostContext,
  step: Step,
  session: LiveSession,
  command: Command,
  sender: Sender,
  at: number,
): void {
  const by = sender.userId;
  const locale = senderLocale(h, step, sender);
  const target = (ref: string): ParticipantRecord | undefined => {
    // A participant id, a user id as the platform writes it (Matrix ids start with "@"), or a
    // name, with or without a leading "@".
    const exact = ref.toLowerCase();
    const wanted = exact.replace(/^@/, "");
    const found = session.participants.find((p) => {
      const userId = p.userId.toLowerCase();
      return (
        p.participantId === ref || userId === exact || userId === wanted || p.name.toLowerCase() === wanted
      );
    });
    if (found === undefined)
      notice(h, step, "participant.unknown", { participant: ref }, toUser(sender), locale);
    return found;
  };
  switch (command.name) {
    case "join":
      join(h, step, session, command.group, sender, at, command.locale);
      return;
    case "language":
      chooseLanguage(h, step, session, command.locale, sender);
      return;
    case "translate":
      translate(h, step, session, command.ref, command.text, sender);
      return;
    case "leave": {
      const p = activeParticipantOf(session, sender.userId);
      if (p === undefined) notJoined(h, step, sender);
      if (p !== undefined) {
        send(h, step, session, { type: "participant.leave", participantId: p.participantId, at });
        notice(h, step, "leave.confirmed", {}, toUser(sender), locale);
      }
      return;
    }
    case "pause":
    case "resume":
    case "next":
    case "back":
    case "end":
      send(h, step, session, { type: "control", action: command.name, by, at });
      return;
    case "extend":
      send(h, step, session, { type: "control.extend", minutes: command.minutes, by, at });
      return;
    case "floor": {
      const p = target(command.participant);
      if (p !== undefined)
        send(h, step, session, { type: "control.floor", participantId: p.participantId, by, at });
      return;
    }
    case "remove": {
      const p = target(command.participant);
      if (p !== undefined) {
        send(h, step, session, { type: "control.remove", participantId: p.participantId, by, at });
        step.meta = { ...step.meta, removed: [...(step.meta.removed ?? []), p.participantId] };
      }
      return;
    }
    case "cluster":
      send(h, step, session, {
        type: "control.cluster",
        ideaIds: command.ideaIds,
        label: command.label,
        by,
        at,
      });
      return;
    case "timeout": {
      const p = activeParticipantOf(session, sender.userId);
      if (p === undefined) notJoined(h, step, sender);
      if (p !== undefined) {
        send(h, step, session, {
          type: "participant.timeout",
          participantId: p.participantId,
          ...(command.reason === null ? {} : { reason: command.reason }),
          at,
        });
      }
      return;
    }
    case "status": {
      const status = session.stepper.status();
      notice(
        h,
        step,
        "session.status",
        {
          flow: session.record.flowId,
          stage: status.stageIndex + 1,
          stages: status.stageCount,
          stageId: status.stageId ?? "-",
          phase: status.phase,
          paused: status.paused ? "yes" : "no",
          participants: status.participants.length,
        },
        toUser(sender),
        locale,
      );
      return;
    }
    case "forget-me":
    case "confirm-forget":
    case "my-data":
      privacyCommand(h, step, heldLive(session), command, sender, at);
      return;
    case "start":
    case "help":
      return;
  }
}

function isPrivacyCommand(
  c: Command,
): c is Extract<Command, { name: "forget-me" | "confirm-forget" | "my-data" }> {
  return c.name === "forget-me" || c.name === "confirm-forget" || c.name === "my-data";
}
