// The live card (issue 14): which room posts belong to the stage's card and in which part, and the
// card's stable key. The runtime only marks the deliveries (ports.ts CardPart); an adapter with
// `liveCards` edits one card per stage with them, the others post each one as before.
import type { FlowEffect, VarValue } from "../flows/protocol.ts";
import type { CardMore, CardPart, CardSlot } from "./ports.ts";
import type { DeliveryDraft, RenderContext } from "./render.ts";

/** The stage's (or the lobby's) own text: what it is and what happens in it. */
const slotOfKey: Readonly<Record<string, CardSlot>> = {
  "workshop.welcome": "body",
  "workshop.stageOpens": "title",
  // What happens now: replaced by the next one.
  "workshop.started": "status",
  // A remark under it, which leaves whose turn it is in view.
  "workshop.paused": "note",
  "workshop.resumed": "note",
  "workshop.extended": "note",
  "workshop.ended": "status",
  "groundRules.allConsented": "status",
  "perspective.turnOf": "status",
  "perspective.anonymousTurn": "status",
  "perspective.passed": "status",
  "perspective.skipped": "status",
  "perspective.timeUp": "status",
  "perspective.roundStarts": "status",
  "perspective.reflecting": "status",
  "perspective.anonymousReflecting": "status",
  "perspective.addMoment": "status",
  "perspective.waitingForConsent": "status",
  "discussion.floorTo": "status",
  // Who came and went: appended.
  "workshop.participantJoined": "log",
  "workshop.participantLeft": "log",
  "workshop.removed": "log",
};

/**
 * Joins consecutive card parts of one card, from `from` on, into the first of them (CardPart.more),
 * so a platform that edits cards makes one request for what a step changed on a card (a new turn:
 * its status and its countdown) instead of one per part.
 */
export function joinCardParts(drafts: DeliveryDraft[], from: number): void {
  for (let i = Math.max(0, from); i < drafts.length; i++) {
    const head = drafts[i];
    if (head?.card === undefined) continue;
    const more: CardMore[] = [...(head.card.more ?? [])];
    // The next parts of the same card, over private messages (whose order beside a card edit
    // nobody can see), up to the room's next post of another kind.
    for (let j = i + 1; j < drafts.length;) {
      const next = drafts[j];
      if (next === undefined) break;
      if (next.audience.to !== "room") {
        j++;
        continue;
      }
      if (next.card?.key !== head.card.key || (next.kind !== "say" && next.kind !== "timer")) break;
      more.push({
        slot: next.card.slot,
        body: next.body,
        ...(next.languages === undefined ? {} : { languages: next.languages }),
        ...(next.kind === "timer" ? { deadline: next.deadline } : {}),
        ...(next.card.ping === undefined ? {} : { ping: next.card.ping }),
      });
      drafts.splice(j, 1);
    }
    if (more.length > (head.card.more ?? []).length) drafts[i] = { ...head, card: { ...head.card, more } };
  }
}

/** The card part a room `say` effect fills, if any (a stage's introduction is its body). */
export function cardSlotOf(effect: FlowEffect): CardSlot | undefined {
  if (effect.type !== "say" || effect.audience.to !== "room" || effect.ref !== undefined) return undefined;
  return slotOfKey[effect.key] ?? (/^[a-zA-Z]+\.intro$/.test(effect.key) ? "body" : undefined);
}

/** The key of the card this effect opens, if it opens one (the lobby's welcome, a stage's heading). */
export function cardOpenedBy(effect: FlowEffect, sessionId: string): string | undefined {
  if (effect.type !== "say" || effect.audience.to !== "room") return undefined;
  if (effect.key === "workshop.welcome") return `${sessionId}:lobby`;
  if (effect.key !== "workshop.stageOpens") return undefined;
  const n = effect.vars?.["number"];
  return `${sessionId}:stage:${typeof n === "number" ? String(n) : "?"}`;
}

/** The platform user to notify when this effect starts their turn (a named turn only). */
function speakerOf(effect: FlowEffect, ctx: Pick<RenderContext, "participants">): string | undefined {
  if (effect.type !== "say" || effect.key !== "perspective.turnOf") return undefined;
  const v = effect.vars?.["participant"];
  if (typeof v !== "object" || !("participant" in v)) return undefined;
  return ctx.participants.get(v.participant)?.userId;
}

/**
 * Marks the drafts one effect rendered as parts of the card `key`: a room post of a card slot, or
 * the room's countdown. Anything else (a question, a contribution, a private message) is left as
 * it is. Returns the drafts (new objects where marked).
 */
export function markCardParts(
  effect: FlowEffect,
  drafts: readonly DeliveryDraft[],
  key: string | undefined,
  options: {
    readonly ctx: Pick<RenderContext, "participants">;
    readonly ping: boolean;
    /** The workshop's title, when this effect opens the card (CardPart.title). */
    readonly title?: string;
  },
): DeliveryDraft[] {
  if (key === undefined) return [...drafts];
  const slot: CardSlot | undefined = effect.type === "timer" ? "time" : cardSlotOf(effect);
  if (slot === undefined) return [...drafts];
  return drafts.map((d) => {
    if (d.audience.to !== "room" || (d.kind !== "say" && d.kind !== "timer")) return d;
    const ping = options.ping ? speakerOf(effect, options.ctx) : undefined;
    const card: CardPart = {
      key,
      slot,
      ...(ping === undefined ? {} : { ping }),
      ...(options.title === undefined ? {} : { title: options.title }),
    };
    return { ...d, card };
  });
}

/** A part the card shows now, as the workshop said it, and the languages it was shown in. */
export interface ShownPart {
  readonly slot: CardSlot;
  readonly effect: FlowEffect;
  /** Lines shown under it in the same post (the ground rules under their introduction). */
  readonly lines?: readonly FlowEffect[];
  readonly languages: readonly string[];
}

/**
 * What the room's live card shows now (SessionMeta.cardShown), kept to restate it when someone
 * reading a new language arrives mid-stage: the heading, what happens, the latest status with
 * the notes under it, the time. Who joined (the log) is appended by the platforms, so it is never
 * restated; a part holding participant-written text is never kept.
 */
export interface CardShown {
  readonly key: string;
  readonly parts: readonly ShownPart[];
}

/** The card part an effect fills: a room `say` of a card slot, or the countdown. */
export function cardSlotFor(effect: FlowEffect): CardSlot | undefined {
  return effect.type === "timer" ? "time" : cardSlotOf(effect);
}

/**
 * The card as shown after one more part (`afterStatus`: the part before it in the same step was
 * a status of this card, so the platforms show both).
 */
export function shownAfter(
  shown: CardShown | undefined,
  key: string,
  part: ShownPart,
  afterStatus: boolean,
): CardShown {
  const parts = shown?.key === key ? shown.parts : [];
  const slot = part.slot;
  if (slot === "log") return { key, parts };
  if (slot === "note" || (slot === "status" && afterStatus)) return { key, parts: [...parts, part] };
  const statusLike = (p: ShownPart) => p.slot === "status" || p.slot === "note";
  const kept = parts.filter((p) => (slot === "status" ? !statusLike(p) : p.slot !== slot));
  return { key, parts: [...kept, part] };
}

/** The parts to restate, in the order the platforms apply them (a status before its notes). */
export function restatedOrder(shown: CardShown): ShownPart[] {
  const rank = (p: ShownPart) => (p.slot === "title" ? 0 : p.slot === "body" ? 1 : p.slot === "time" ? 3 : 2);
  return [...shown.parts].sort((a, b) => rank(a) - rank(b));
}

/** Whether an effect names this participant (a forgotten person's turn is not restated). */
export function namesParticipant(effect: FlowEffect, participantId: string): boolean {
  const visit = (v: VarValue): boolean =>
    typeof v === "object" &&
    (("participant" in v && v.participant === participantId) || ("list" in v && v.list.some(visit)));
  return "vars" in effect && Object.values(effect.vars ?? {}).some(visit);
}
