// What forget-me and retention remove, decided in one place for every store: which inbox payloads
// and outbox rows carry a forgotten person's identity or text.
import { neutraliseName, neutraliseUserText } from "../neutralise.ts";
import type { Delivery } from "../ports.ts";
import type { InboxPayload } from "./types.ts";

export const forgottenText = "[forgotten]";

/**
 * What is left of an inbox entry whose content is gone: its event id stays in its row so the event
 * still deduplicates, nothing else (no text, no sender, no time).
 */
export const gonePayload: InboxPayload = { source: "gone" };

/** Who is being forgotten, as the stores need it to find their traces. */
export interface ForgetTarget {
  readonly sessionId: string;
  readonly participantId: string;
  /** Platform user id. */
  readonly userId: string;
  /** Display name as it was shown. */
  readonly name: string;
  /**
   * Texts derived from theirs that go with them: translations of their contributions (an
   * interpreter's `translate` command and its room post, machine translations).
   */
  readonly alsoTexts?: readonly string[];
}

/** Texts a person wrote, found in their own inbox entries (before those are removed). */
export function textsOf(payload: InboxPayload, userId: string): string[] {
  if (payload.source !== "platform" || payload.event.sender.userId !== userId) return [];
  const e = payload.event;
  switch (e.kind) {
    case "message":
    case "private":
      return [e.text];
    case "command":
      return e.args.length === 0 ? [] : [e.args.join(" ")];
    default:
      return [];
  }
}

/**
 * A name of no letter or digit (a blank one shows as "?") names nobody: taken for theirs, it would
 * blank every other row or argument with a lone "?" or "--" in it.
 */
const namesSomeone = (name: string): boolean => /[\p{L}\p{N}]/u.test(name);

/**
 * The inbox payload after forgetting `who` (null: unchanged). Their own entries lose everything
 * (text, user id, display name); a facilitator's command that named them (`floor Amal`,
 * `confirm-forget @amal:example.org`) loses that argument.
 */
export function redactPayload(payload: InboxPayload, who: ForgetTarget): InboxPayload | null {
  // A machine translation of their words goes with them.
  if (payload.source === "translation")
    return (who.alsoTexts ?? []).includes(payload.text) ? gonePayload : null;
  if (payload.source !== "platform") return null;
  const e = payload.event;
  if (e.sender.userId === who.userId) return gonePayload;
  if (e.kind !== "command") return null;
  // An interpreter's translation of their words goes with them (`translate <n> <text>`).
  const translated = e.args.slice(1).join(" ");
  if (e.name.toLowerCase() === "translate" && translated !== "" && (who.alsoTexts ?? []).includes(translated))
    return { ...payload, event: { ...e, args: [...e.args.slice(0, 1), forgottenText] } };
  const names = new Set(
    [who.userId, who.name].filter(namesSomeone).map((x) => x.toLowerCase().replace(/^@/, "")),
  );
  const args = e.args.map((a) => (names.has(a.toLowerCase().replace(/^@/, "")) ? forgottenText : a));
  return args.some((a, i) => a !== e.args[i]) ? { ...payload, event: { ...e, args } } : null;
}

/** Text shorter than this is matched only as a whole segment (a bare "yes" identifies nobody). */
const minProbe = 8;
/** Longer text is found by its start: option labels show 80 characters of it, whitespace collapsed. */
const probeLength = 60;
const isolates = /[\u2066-\u2069]/g;
const comparable = (text: string): string =>
  text.replace(isolates, "").replace(/\s+/g, " ").trim().toLowerCase();

/** Decides which outbox rows carry a forgotten person's identity or text. */
export function identityMatcher(who: ForgetTarget, texts: readonly string[]): (d: Delivery) => boolean {
  const name = neutraliseName(who.name).toLowerCase();
  // As a whole word ("Al" must not match every "also" in other people's text), and only a name
  // that can name someone.
  const nameWord = namesSomeone(name)
    ? new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u")
    : null;
  const probes = [...texts, ...(who.alsoTexts ?? [])]
    .flatMap((t) => neutraliseUserText(t).split("\n"))
    .map(comparable)
    .filter((line) => line !== "" && line !== forgottenText);
  const mentions = (raw: string): boolean => {
    const s = comparable(raw);
    if (nameWord?.test(s) === true) return true;
    if (s.includes(who.userId.toLowerCase())) return true;
    return probes.some((p) => (p.length >= minProbe ? s.includes(p.slice(0, probeLength)) : s === p));
  };
  return (d) => {
    if (d.audience.to === "user" && d.audience.userId === who.userId) return true;
    if (d.kind === "floor") return d.holders !== "everyone" && d.holders.includes(who.userId);
    // A closed question names nobody: only its prompt id.
    if (d.kind === "close") return false;
    if (d.kind === "retract") return false;
    // A live card's part names whom it mentions, and may carry more parts (ports.ts CardPart).
    const card = d.card;
    const more = card?.more ?? [];
    if ([card?.ping, ...more.map((m) => m.ping)].includes(who.userId)) return true;
    // A mixed room's post carries the same participant text in each language block.
    const bodies = [d.body, ...(d.languages ?? []).map((b) => b.body)].concat(
      more.flatMap((m) => [m.body, ...(m.languages ?? []).map((b) => b.body)]),
    );
    if (bodies.some((body) => body.some((seg) => seg.fromParticipant === true && mentions(seg.text))))
      return true;
    return d.kind === "ask" && d.options.some((o) => mentions(o.label));
  };
}
