// The strict-floor rules as pure functions: given the channel's overwrites as Discord holds them
// and what Parley saved before changing any, which overwrites to put, which to restore, and what to
// save first. No I/O: enforce.ts reads, saves and applies.
//
// Only the holders (and the bot, the room's facilitators and exempt roles) may send messages:
// @everyone is denied SEND_MESSAGES and the others get overwrites that allow it. Every overwrite's
// original value is saved before it is changed, so opening the floor restores the channel exactly,
// also after a crash.
import { PermissionFlagsBits } from "discord.js";

export interface Overwrite {
  readonly allow: bigint;
  readonly deny: bigint;
}

/** Overwrite type: 0 a role, 1 a member. */
export type OverwriteType = 0 | 1;

export interface SavedOverwrite {
  readonly type: OverwriteType;
  /** What the overwrite was before Parley changed it (null: there was none). Bigints as strings (JSON). */
  readonly original: { readonly allow: string; readonly deny: string } | null;
}

/** The floor state kept in the cursor store (`floor:<channel>`), as JSON. */
export interface SavedFloor {
  /** Overwrites Parley changed, with what they were before. */
  readonly touched: Readonly<Record<string, SavedOverwrite>>;
}

export type OverwriteWrite =
  | {
      readonly op: "put";
      readonly id: string;
      readonly type: OverwriteType;
      readonly allow: bigint;
      readonly deny: bigint;
    }
  | { readonly op: "delete"; readonly id: string };

/** Putting one overwrite back as it was; `write` is null when it never changed (nothing to do). */
export interface RestoreStep {
  readonly id: string;
  readonly write: OverwriteWrite | null;
}

export interface FloorInput {
  /** The channel's overwrites now, by role or member id. */
  readonly current: ReadonlyMap<string, Overwrite>;
  readonly saved: SavedFloor;
  readonly holders: readonly string[] | "everyone";
  readonly botId: string;
  /** The guild id, which is also the id of its @everyone role. */
  readonly everyoneId: string;
  /** The room's configured facilitators: they keep their voice, and with it their slash commands. */
  readonly facilitators: { readonly users: readonly string[]; readonly roles: readonly string[] };
  readonly exemptRoles: readonly string[];
}

export interface FloorPlan {
  /** The state to save before any write: `saved` plus the originals of what `apply` changes. */
  readonly saved: SavedFloor;
  /** Whether `saved` differs from the input's (so it must be written). */
  readonly savedChanged: boolean;
  /** Writes that set the floor. */
  readonly apply: readonly OverwriteWrite[];
  /** Overwrites no longer wanted, @everyone first; after each, its id leaves the saved state. */
  readonly restore: readonly RestoreStep[];
}

export const emptyFloor: SavedFloor = { touched: {} };

const SEND = PermissionFlagsBits.SendMessages;
const VIEW = PermissionFlagsBits.ViewChannel;

export function parseSavedFloor(raw: string | undefined): SavedFloor {
  return raw !== undefined && raw !== "" ? (JSON.parse(raw) as SavedFloor) : emptyFloor;
}

export function planFloor(input: FloorInput): FloorPlan {
  const { current, saved, holders, everyoneId } = input;
  const desired = new Map<string, { type: OverwriteType; allow: bigint; deny: bigint }>();
  if (holders !== "everyone") {
    // The value to build on is the one before Parley's first change, not Parley's own.
    const original = (id: string): Overwrite => {
      const s = saved.touched[id];
      if (s) return s.original ? toOverwrite(s.original) : { allow: 0n, deny: 0n };
      return current.get(id) ?? { allow: 0n, deny: 0n };
    };
    const grant = (id: string, type: OverwriteType, extra: bigint): void => {
      const o = original(id);
      desired.set(id, { type, allow: o.allow | SEND | extra, deny: o.deny & ~(SEND | extra) });
    };
    // The bot first, so it never loses its own voice; then the room's facilitators, who keep
    // theirs (and with it their slash commands, which Discord hides from whoever may not post).
    grant(input.botId, 1, VIEW);
    for (const role of new Set([...input.exemptRoles, ...input.facilitators.roles]))
      if (isSnowflake(role)) grant(role, 0, 0n);
    for (const userId of [...input.facilitators.users, ...holders])
      if (isSnowflake(userId)) grant(userId, 1, 0n);
    const everyone = original(everyoneId);
    desired.set(everyoneId, { type: 0, allow: everyone.allow & ~SEND, deny: everyone.deny | SEND });
  }
  const touched: Record<string, SavedOverwrite> = { ...saved.touched };
  let savedChanged = false;
  const apply: OverwriteWrite[] = [];
  for (const [id, want] of desired) {
    const now = current.get(id);
    if (!(id in touched)) {
      touched[id] = { type: want.type, original: now ? fromOverwrite(now) : null };
      savedChanged = true;
    }
    if (now && now.allow === want.allow && now.deny === want.deny) continue;
    apply.push({ op: "put", id, ...want });
  }
  const restore = Object.keys(saved.touched)
    .filter((id) => !desired.has(id))
    .sort((a, b) => (a === everyoneId ? -1 : b === everyoneId ? 1 : 0))
    .map((id) => restoreStep(id, saved, current));
  return { saved: { touched }, savedChanged, apply, restore };
}

/** How to put one saved overwrite back (null write when it is as it was, e.g. after a refused write). */
export function restoreStep(
  id: string,
  saved: SavedFloor,
  current: ReadonlyMap<string, Overwrite>,
): RestoreStep {
  const s = saved.touched[id];
  if (!s) return { id, write: null };
  const now = current.get(id);
  const unchanged =
    s.original === null
      ? now === undefined
      : now !== undefined &&
        now.allow.toString() === s.original.allow &&
        now.deny.toString() === s.original.deny;
  if (unchanged) return { id, write: null };
  if (s.original) return { id, write: { op: "put", id, type: s.type, ...toOverwrite(s.original) } };
  return { id, write: { op: "delete", id } };
}

/** The saved state once an overwrite is restored (or forgotten). */
export function withoutOverwrite(saved: SavedFloor, id: string): SavedFloor {
  return { touched: Object.fromEntries(Object.entries(saved.touched).filter(([k]) => k !== id)) };
}

function toOverwrite(o: { readonly allow: string; readonly deny: string }): Overwrite {
  return { allow: BigInt(o.allow), deny: BigInt(o.deny) };
}

function fromOverwrite(o: Overwrite): { allow: string; deny: string } {
  return { allow: o.allow.toString(), deny: o.deny.toString() };
}

function isSnowflake(id: string): boolean {
  return /^\d{15,21}$/.test(id);
}
