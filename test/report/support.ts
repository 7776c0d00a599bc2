// Simulated youth-dialogue-circle sessions (the real workshop machine on a simulated clock),
// stored in a real SQLite store as the runtime stores them, for report tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { builtinFlowsDir } from "../../src/bot/flow-library.ts";
import { parseFlowSpec } from "../../src/flows/load.ts";
import type { FlowSpec } from "../../src/flows/spec.ts";
import type { FlowEffect } from "../../src/flows/protocol.ts";
import { emptyMeta, type ParticipantRecord, type SessionRecord, type Store } from "../../src/bot/store.ts";
import { SqliteStore } from "../../src/bot/store/sqlite.ts";
import { harness, type Harness } from "../flows/machines/harness.ts";

export function youthFlow(overrides: Partial<FlowSpec> = {}): FlowSpec {
  const file = join(builtinFlowsDir, "youth-dialogue-circle.yaml");
  const parsed = parseFlowSpec(readFileSync(file, "utf8"), file);
  if (!parsed.ok) throw new Error("the built-in youth flow does not parse");
  return { ...parsed.value.spec, ...overrides };
}

export interface SimPerson {
  id: string;
  name: string;
  group: string;
  /** question id → [before, after] */
  answers: Record<string, [number, number]>;
  declines: boolean;
  leaves: boolean;
  /** Seconds they speak in their first turn. */
  airtime: number;
}

function latestPrompt(
  h: Harness,
  key: string,
  to?: string,
): Extract<FlowEffect, { type: "prompt" | "collect" }> {
  const found = [...h.effects]
    .reverse()
    .find(
      (e) =>
        (e.type === "prompt" || e.type === "collect") &&
        e.key === key &&
        (to === undefined || (e.audience.to === "participant" && e.audience.participantId === to)),
    );
  if (found === undefined || (found.type !== "prompt" && found.type !== "collect"))
    throw new Error(`no ${key} prompt`);
  return found;
}

function answerSurvey(h: Harness, stageId: string, people: readonly SimPerson[], which: 0 | 1): void {
  for (const p of people) {
    if (which === 1 && p.leaves) continue;
    for (const [questionId, values] of Object.entries(p.answers)) {
      const promptId = `survey:${stageId}:${questionId}`;
      const value = String(values[which]);
      if (questionId === "warmth-other")
        h.send({ type: "participant.submit", participantId: p.id, promptId, text: value });
      else h.send({ type: "participant.choose", participantId: p.id, promptId, value });
    }
  }
}

/** Runs one session of the youth flow to its end; returns the stored session row. */
export function simulateYouthSession(
  spec: FlowSpec,
  people: readonly SimPerson[],
  options: { id: string; roomKey: string; seed: number; start: number },
): SessionRecord {
  const h = harness(spec, { seed: options.seed, now: options.start });
  for (const p of people)
    h.send({
      type: "participant.join",
      participant: { id: p.id, name: p.name, locale: "en", group: p.group },
    });
  for (const p of people)
    h.send({
      type: "participant.choose",
      participantId: p.id,
      promptId: "evaluation-consent",
      value: p.declines ? "no" : "yes",
    });
  h.send({ type: "control", action: "start", by: "f" });
  answerSurvey(h, "before", people, 0);
  h.now += 60_000;
  // On to the ground rules: the survey may have ended by itself once everyone answered, and the
  // check-in round is not part of what the report measures.
  for (let i = 0; i < 3 && h.status().stageId !== "ground-rules"; i++)
    h.send({ type: "control", action: "next", by: "f" });
  // Ground rules: everyone consents, and the stage moves on by itself.
  const consent = latestPrompt(h, "groundRules.consentPrompt");
  for (const p of people)
    h.send({ type: "participant.choose", participantId: p.id, promptId: consent.promptId, value: "yes" });
  if (h.status().stageId === "ground-rules") h.send({ type: "control", action: "next", by: "f" });
  // My world: each speaker talks for their airtime, then says they are done.
  for (let turn = 0; turn < people.length && h.status().stageId === "my-world"; turn++) {
    const speaker = h.status().speaker;
    const person = people.find((p) => p.id === speaker);
    if (person === undefined) break;
    h.now += person.airtime * 1000;
    h.send({ type: "participant.say", participantId: person.id, text: "Where I live the buses stop early." });
    const prompt = latestPrompt(h, "perspective.yourTurn", person.id);
    h.send({
      type: "participant.choose",
      participantId: person.id,
      promptId: prompt.promptId,
      value: "done",
    });
  }
  while (h.status().stageId !== "after" && !h.status().ended) {
    // Skipped at once: a turn given and ended in the same instant holds no airtime.
    h.send({ type: "control", action: "next", by: "f" });
  }
  for (const p of people) if (p.leaves) h.send({ type: "participant.leave", participantId: p.id });
  answerSurvey(h, "after", people, 1);
  h.now += 60_000;
  h.send({ type: "control", action: "end", by: "f" });
  const summary = [...h.effects].reverse().find((e) => e.type === "summary");
  const snapshot = h.actor.getPersistedSnapshot();
  h.stop();
  return {
    id: options.id,
    roomKey: options.roomKey,
    flowId: spec.id,
    spec,
    seed: options.seed,
    locale: "en",
    snapshot,
    meta: { ...emptyMeta, record: summary?.type === "summary" ? summary.record : null },
    seq: 1,
    status: "done",
    createdAt: options.start,
    updatedAt: h.now,
    endedAt: h.now,
  };
}

/**
 * Writes sessions into a real SQLite store, one commit each (as the runtime's first step does),
 * with their participants' platform identities when given.
 */
export async function storeSessions(
  path: string,
  sessions: readonly SessionRecord[],
  participants: (session: SessionRecord) => ParticipantRecord[] = () => [],
): Promise<void> {
  const store: Store = new SqliteStore(path);
  try {
    for (const [i, session] of sessions.entries()) {
      const { id } = await store.appendInbox(session.roomKey, `sim-${String(i)}`, { source: "gone" });
      await store.commit({
        inboxId: id,
        session,
        isNewSession: true,
        participants: participants(session),
        deliveries: [],
      });
    }
  } finally {
    await store.close();
  }
}
