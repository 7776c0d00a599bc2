// Forget-me and my-data on a workshop's state: what a participant's data is, and the state
// without it. Pure functions over snapshots; sessions/privacy-requests.ts decides when they apply.
import type { Confidentiality, Vars, WorkshopRecord } from "../flows/protocol.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { readSnapshot } from "../flows/stepper.ts";
import type { Contribution } from "../flows/stages/common.ts";
import { withoutParticipant, type WorkshopContext, type WorkshopSnapshot } from "../flows/workshop.ts";
import { contributionsSoFar, workshopRecord } from "../flows/workshop-view.ts";
import type { ParticipantRecord, SessionRecord } from "./store.ts";

/** The workshop snapshot a stored (finished) session holds, readable without starting it. */
export function storedSnapshot(spec: FlowSpec, session: SessionRecord): WorkshopSnapshot | null {
  return readSnapshot(spec, session.snapshot, session.seed);
}

/**
 * A finished session's stored snapshot and record without one participant. A final machine takes
 * no more events, so the participant is removed from its context directly, and the record (what
 * reports read) is rebuilt from that context, exactly as the machine built it at the end.
 */
export function finishedWithout(
  spec: FlowSpec,
  session: SessionRecord,
  participantId: string,
): { snapshot: unknown; record: WorkshopRecord | null } {
  if (session.snapshot === null) return { snapshot: null, record: null };
  const stored = session.snapshot as { context: WorkshopContext };
  const snapshot = { ...stored, context: withoutParticipant(stored.context, participantId) };
  const restored = storedSnapshot(spec, { ...session, snapshot });
  return { snapshot, record: restored === null ? null : workshopRecord(restored) };
}

/** The confidentiality mode as a catalogue select value (ICU select keys cannot hold "-"). */
export function modeVar(confidentiality: Confidentiality): string {
  return confidentiality === "chatham-house" ? "chatham" : confidentiality;
}

/** The vars of a `privacy.myData` answer: the participant's record and what they contributed. */
export function myDataVars(spec: FlowSpec, p: ParticipantRecord, snapshot: WorkshopSnapshot | null): Vars {
  const all: readonly Contribution[] = snapshot === null ? [] : contributionsSoFar(snapshot);
  const byId = new Map(all.map((c) => [c.id, c]));
  const mine = all.filter((c) => c.author === p.participantId);
  // A vote or a recognition holds the id of what it backs: show that text.
  const lines = mine.map((c) => {
    const about = c.kind === "vote" || c.kind === "recognition" ? byId.get(c.text)?.text : undefined;
    return `- ${c.stageId} (${c.kind}): ${about ?? c.text}`;
  });
  const group = spec.groups?.find((g) => g.id === p.group);
  return {
    flow: spec.id,
    name: { userText: p.name },
    userId: { userText: p.userId },
    id: p.participantId,
    locale: p.locale,
    hasGroup: group === undefined ? "none" : "yes",
    group: group === undefined ? "" : { text: group.name },
    count: mine.length,
    items: { userText: lines.join("\n") },
  };
}
