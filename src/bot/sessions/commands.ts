// Commands and platform events → workshop events: who may do what, the facilitator controls and
// the participants' own commands (joining is in join.ts, starting in start.ts, privacy requests in
// privacy-requests.ts).
import { commandNameOf, isFacilitatorCommandName, parseCommand, type Command } from "../commands.ts";
import { roomConfig } from "../config.ts";
import { flowLocaleFor } from "../languages.ts";
import type { InboundEvent, Sender } from "../ports.ts";
import type { InboxEntry, ParticipantRecord } from "../store.ts";
import { join } from "./join.ts";
import { chooseLanguage, translate } from "./languages.ts";
import { activeParticipantOf, type HostContext, type LiveSession, type Step } from "./live.ts";
import { defaultFacilitators, notice, notJoined, senderLocale, toUser } from "./notices.ts";
import { finishedSession, heldLive, privacyCommand } from "./privacy-requests.ts";
import {
  acknowledge,
  auditCommand,
  flag,
  helpMe,
  isSafeguardingLead,
  recordAudit,
  sendScreened,
  timeoutAlert,
} from "./safeguarding.ts";
import { reportCommand } from "./report.ts";
import { start } from "./start.ts";
import { send } from "./step.ts";
import { pickText, stageName } from "../render.ts";
import { numberFormat } from "../formatters.ts";

/** Handles an inbound platform event; returns a replacement step when it created a session. */
export async function handleInbound(h: HostContext, step: Step, event: InboundEvent): Promise<Step | null> {
  const session = step.session;
  const at = stampOf(step.entry, event);
  // Someone who left is no longer heard until they rejoin.
  const participant = session === null ? undefined : activeParticipantOf(session, event.sender.userId);
  if (
    participant !== undefined &&
    (event.kind === "message" || event.kind === "choice" || event.kind === "private") &&
    awaitsGuardian(h, step, participant)
  ) {
    // Youth rooms: nothing counts before a facilitator confirmed a guardian's consent is on file.
    step.discard = true;
    notice(h, step, "guardian.pending", {}, toUser(event.sender), senderLocale(h, step, event.sender));
    return null;
  }
  switch (event.kind) {
    case "command":
      return handleCommand(h, step, event, event.name, event.args, at);
    case "message":
      if (session !== null && participant !== undefined) {
        await sendScreened(h, step, session, {
          type: "participant.say",
          participantId: participant.participantId,
          text: event.text,
          at,
        });
      } else {
        step.discard = true;
        plainCommand(h, step, event.sender, event.text);
      }
      return null;
    case "choice":
      // A facilitator's approve / hide button on a held contribution (safeguarding review).
      if (
        session !== null &&
        reviewChoice(event.promptId, event.value) &&
        isFacilitator(h, step, event.sender)
      ) {
        rememberFacilitator(h, step, event.sender);
        send(h, step, session, {
          type: "control.review",
          action: event.value === "hide" ? "hide" : "approve",
          ref: Number(event.promptId.slice("review:".length)),
          by: event.sender.userId,
          at,
        });
        return null;
      }
      if (session !== null && participant !== undefined) {
        send(h, step, session, {
          type: "participant.choose",
          participantId: participant.participantId,
          promptId: event.promptId,
          value: event.value,
          at,
        });
        if (untaken(step, session)) closedNotice(h, step, event.sender, "prompt.closed", event.promptId);
      } else {
        step.discard = true;
        // A press after the workshop ended (no session) answers a question that is closed; only
        // in a running workshop is the presser someone who has not joined.
        if (session === null) closedNotice(h, step, event.sender, "prompt.closed", event.promptId);
        else notJoined(h, step, event.sender);
      }
      return null;
    case "private":
      if (session !== null && participant !== undefined) {
        await sendScreened(h, step, session, {
          type: "participant.submit",
          participantId: participant.participantId,
          promptId: event.promptId,
          text: event.text,
          at,
        });
        if (untaken(step, session)) {
          // Text nothing asked for is not kept.
          step.discard = true;
          closedNotice(h, step, event.sender, "prompt.nothingCollected");
        }
      } else {
        step.discard = true;
        if (session === null) closedNotice(h, step, event.sender, "prompt.nothingCollected");
        else notJoined(h, step, event.sender);
      }
      return null;
    case "leave":
      if (session !== null && isFacilitator(h, step, event.sender))
        facilitatorLeft(step, event.sender.userId);
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
      if (session !== null && isFacilitator(h, step, event.sender)) {
        rememberFacilitator(h, step, event.sender);
        return null;
      }
      step.discard = participant === undefined;
      return null;
  }
}

/**
 * The workshop took no notice of a participant's answer: it changed nothing and said nothing, so
 * the question it answers is closed (or nothing was being collected). Every answer a stage takes is
 * acknowledged or moves the workshop on, which emits something.
 */
function untaken(step: Step, session: LiveSession): boolean {
  return !session.failed && step.stepped !== null && step.stepped.effects.length === 0;
}

/** A short private answer instead of silence: the question is closed, or nothing is being collected. */
function closedNotice(
  h: HostContext,
  step: Step,
  sender: Sender,
  key: "prompt.closed" | "prompt.nothingCollected",
  closedPrompt?: string,
): void {
  const n = step.drafts.length;
  notice(h, step, key, {}, toUser(sender), senderLocale(h, step, sender));
  const draft = step.drafts[n];
  // The platform may disable the closed question's controls where it was pressed.
  if (closedPrompt !== undefined && draft?.kind === "say") step.drafts[n] = { ...draft, closedPrompt };
}

/**
 * Someone not taking part typed a command without the platform's command form ("join group-a"
 * in a Discord channel): they are told, privately, how to type it there, instead of silence.
 */
function plainCommand(h: HostContext, step: Step, sender: Sender, text: string): void {
  const prefix = h.o.commandPrefix?.(step.platform) ?? "";
  const words = text.trim().split(/\s+/u);
  const first = words[0] ?? "";
  if (prefix === "" || words.length > 4 || !/^[a-z-]+$/iu.test(first) || commandNameOf(first) === undefined)
    return;
  notice(
    h,
    step,
    "command.typedPlain",
    {
      command: { userText: words.join(" ").slice(0, 100) },
      audience: isFacilitatorCommandName(first) ? "facilitator" : "participant",
    },
    toUser(sender),
    senderLocale(h, step, sender),
  );
}

/** An answer to a held contribution's approve / hide question. */
function reviewChoice(promptId: string, value: string): boolean {
  return /^review:\d+$/.test(promptId) && (value === "approve" || value === "hide");
}

/** In a youth room, a participant whose guardian's consent no facilitator has recorded yet. */
export function awaitsGuardian(h: HostContext, step: Step, p: ParticipantRecord): boolean {
  return (
    roomConfig(h.o.config, step.entry.roomKey).youth &&
    step.meta.guardianConsent?.[p.participantId] === undefined
  );
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
  if (
    (command.name === "ack" || command.name === "audit") &&
    !facilitator &&
    !isSafeguardingLead(h, step, sender)
  ) {
    notice(
      h,
      step,
      "command.facilitatorOnly",
      { command: command.name },
      toUser(sender),
      senderLocale(h, step, sender),
    );
    return null;
  }
  if (command.name === "audit") {
    await auditCommand(h, step, sender);
    return null;
  }
  if (facilitator && step.session !== null) rememberFacilitator(h, step, sender);
  if (command.name === "start") return start(h, step, command, sender, at);
  if (command.name === "help") {
    notice(h, step, "command.help", {}, toUser(sender), senderLocale(h, step, sender));
    return null;
  }
  if (command.name === "report") {
    await reportCommand(h, step, command.format, sender);
    return null;
  }
  const session = step.session;
  if (session === null && command.name === "help-me") {
    helpMe(h, step, null, sender, command.text);
    return null;
  }
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
  if (command.name === "flag") {
    const target = event.kind === "command" ? event.target : undefined;
    flag(h, step, session, sender, command.reason, command.named, target);
    return null;
  }
  sessionCommand(h, step, session, command, sender, at);
  return null;
}

/** A facilitator left the room: if none is left, an alert pauses the workshop (safeguarding.ts). */
function facilitatorLeft(step: Step, userId: string): void {
  const away = step.meta.facilitatorsAway ?? [];
  if (away.includes(userId)) return;
  step.meta = { ...step.meta, facilitatorsAway: [...away, userId] };
  step.touched = true;
}

/**
 * A facilitator's language, from their platform (a Discord interaction's locale) when the flow has
 * it and they have not chosen one with `language`.
 */
function rememberFacilitatorLocale(step: Step, sender: Sender): void {
  const known = step.meta.facilitatorLocales ?? {};
  if (sender.locale === undefined || known[sender.userId] !== undefined) return;
  const locale = flowLocaleFor(step.session?.spec ?? null, sender.locale);
  if (locale === undefined) return;
  step.meta = { ...step.meta, facilitatorLocales: { ...known, [sender.userId]: locale } };
  step.touched = true;
}

/** A facilitator seen in this session: their id (for private notices) and name (for look-alikes). */
export function rememberFacilitator(h: HostContext, step: Step, sender: Sender): void {
  const names = step.meta.facilitatorNames ?? {};
  const away = step.meta.facilitatorsAway ?? [];
  if (away.includes(sender.userId)) {
    step.meta = { ...step.meta, facilitatorsAway: away.filter((id) => id !== sender.userId) };
    step.touched = true;
  }
  rememberFacilitatorLocale(step, sender);
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
    case "back":
    case "end":
    case "skip":
      send(h, step, session, { type: "control", action: command.name, by, at });
      return;
    case "next":
      send(h, step, session, {
        type: "control",
        action: "next",
        by,
        at,
        ...(command.force ? { force: true } : {}),
      });
      return;
    case "hand": {
      const p = activeParticipantOf(session, sender.userId);
      if (p === undefined) notJoined(h, step, sender);
      else
        send(h, step, session, {
          type: "participant.hand",
          participantId: p.participantId,
          raised: command.raised,
          at,
        });
      return;
    }
    case "queue":
      send(h, step, session, { type: "control.queue", action: command.next ? "next" : "show", by, at });
      return;
    case "reply": {
      const p = target(command.participant);
      if (p === undefined) return;
      // Someone who left reads nothing: the facilitator is told, rather than the reply vanishing.
      if (activeParticipantOf(session, p.userId) === undefined)
        notice(h, step, "participant.unknown", { participant: command.participant }, toUser(sender), locale);
      else
        send(h, step, session, {
          type: "control.reply",
          participantId: p.participantId,
          text: command.text,
          by,
          at,
        });
      return;
    }
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
        recordAudit(h, step, "remove", by, `participant ${p.participantId}`);
        step.meta = { ...step.meta, removed: [...(step.meta.removed ?? []), p.participantId] };
      }
      return;
    }
    case "guardian": {
      const p = target(command.participant);
      if (p === undefined) return;
      // Only that it was confirmed, by whom and when: no document is kept.
      step.meta = {
        ...step.meta,
        guardianConsent: { ...step.meta.guardianConsent, [p.participantId]: { by: sender.userId, at } },
      };
      step.touched = true;
      notice(
        h,
        step,
        "guardian.recorded",
        { participant: { participant: p.participantId } },
        toUser(sender),
        locale,
      );
      notice(h, step, "guardian.confirmed", {}, { to: "user", userId: p.userId }, p.locale);
      return;
    }
    case "withdraw":
      send(h, step, session, { type: "control.withdraw", group: command.group, by, at });
      return;
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
        const from = step.drafts.length;
        send(h, step, session, {
          type: "participant.timeout",
          participantId: p.participantId,
          ...(command.reason === null ? {} : { reason: command.reason }),
          at,
        });
        timeoutAlert(h, step, session, p.participantId, from);
      }
      return;
    }
    case "help-me":
      helpMe(h, step, session, sender, command.text);
      return;
    case "ack":
      acknowledge(h, step, session, sender, command.n);
      return;
    case "status":
      statusNotice(h, step, session, sender, locale);
      return;
    case "forget-me":
    case "confirm-forget":
    case "my-data":
      privacyCommand(h, step, heldLive(session), command, sender, at);
      return;
    case "approve":
    case "hide":
      send(h, step, session, { type: "control.review", action: command.name, ref: command.ref, by, at });
      return;
    case "mute":
    case "unmute": {
      const p = target(command.participant);
      if (p !== undefined)
        send(h, step, session, {
          type: "control.mute",
          participantId: p.participantId,
          muted: command.name === "mute",
          by,
          at,
        });
      return;
    }
    case "start":
    case "help":
    case "flag":
    case "audit":
    case "report":
      return;
  }
}

/**
 * `status` as a sentence: the stage by its name, the phase in words, the time left, who has the
 * floor (never in an anonymous workshop) and who takes part per group (one total when pooled).
 */
function statusNotice(
  h: HostContext,
  step: Step,
  session: LiveSession,
  sender: Sender,
  locale: string,
): void {
  const status = session.stepper.status();
  const spec = session.spec;
  const stage = spec.stages[status.stageIndex];
  const groups = spec.groups ?? [];
  const grouped = groups.length > 0 && !status.pooled;
  const count = (id: string) => status.participants.filter((p) => p.group === id).length;
  const number = numberFormat(locale);
  const left = status.deadline === null ? null : Math.max(0, status.deadline - h.o.now());
  const speaker = spec.confidentiality === "anonymous" ? null : status.speaker;
  notice(
    h,
    step,
    "session.status",
    {
      flow: { text: spec.title },
      stage: status.stageIndex + 1,
      stages: status.stageCount,
      stageTitle: { text: { und: stage === undefined ? "" : stageName(stage, locale, spec) } },
      phase: status.phase,
      paused: status.paused ? "yes" : "no",
      hasLeft: left === null ? "no" : "yes",
      left: { text: { und: clockTime(left ?? 0) } },
      hasSpeaker: speaker === null ? "no" : "yes",
      speaker: speaker === null ? "" : { participant: speaker },
      grouped: grouped ? "yes" : "no",
      groups: {
        list: groups.map((g) => ({
          text: { und: `${pickText(g.name, locale, spec)}: ${number.format(count(g.id))}` },
        })),
      },
      participants: status.participants.length,
    },
    toUser(sender),
    locale,
  );
}

/** "4:05", "1:02:03": time left as people read it. */
function clockTime(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return h > 0 ? `${String(h)}:${pad(m)}:${pad(total % 60)}` : `${String(m)}:${pad(total % 60)}`;
}

function isPrivacyCommand(
  c: Command,
): c is Extract<Command, { name: "forget-me" | "confirm-forget" | "my-data" }> {
  return c.name === "forget-me" || c.name === "confirm-forget" || c.name === "my-data";
}
