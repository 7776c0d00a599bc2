// The strict floor's rules as pure functions: which power levels to set for a set of holders,
// what to save so the room can be restored exactly, and how to restore it. No I/O: floor.ts reads
// the room's power levels, asks here, saves what the plan says and applies it.
import { isDeepStrictEqual } from "node:util";
import type { PlatformFailure } from "../../bot/ports.ts";
import type { FloorRecord } from "./state.ts";
import { err, ok, type Result } from "../../result.ts";

/** The content of a room's m.room.power_levels state event (the keys the floor touches). */
export interface PowerLevels {
  users?: Record<string, number>;
  users_default?: number;
  events?: Record<string, number>;
  events_default?: number;
  state_default?: number;
  [key: string]: unknown;
}

/** Participants may still react and answer polls while someone else holds the floor. */
export const OPEN_DURING_FLOOR = ["m.reaction", "m.poll.response", "org.matrix.msc3381.poll.response"];

export interface FloorInput {
  readonly roomId: string;
  /** The room's power levels as they are now. */
  readonly current: PowerLevels;
  /** What an earlier restriction changed (undefined: the room is open as far as the bot knows). */
  readonly saved: FloorRecord | undefined;
  /** Who may speak; "everyone" opens the floor. An empty list raises nobody. */
  readonly holders: readonly string[] | "everyone";
  /** The room's facilitators keep their voice under every floor. */
  readonly facilitators: readonly string[];
  readonly bot: string;
  /** Creators of a room version 12+ room (see creatorsOf): above every level, never in `users`. */
  readonly creators: readonly string[];
}

export type FloorPlan = Result<
  {
    /** The power levels to send; undefined when they would not change (no event at all). */
    readonly apply: PowerLevels | undefined;
    /** Saved before applying, so a crash in between can still restore both old and new raises. */
    readonly saveFirst: FloorRecord | undefined;
    /** Saved once applied: what to restore later (undefined: nothing, the room is open). */
    readonly saved: FloorRecord | undefined;
    /** True when the plan opens the floor. */
    readonly opens: boolean;
  },
  PlatformFailure
>;

/** Opening a floor the bot never restricted needs no reading and no writing at all. */
export function floorIsUntouched(
  holders: readonly string[] | "everyone",
  saved: FloorRecord | undefined,
): boolean {
  return holders === "everyone" && saved === undefined;
}

function setOrDelete(target: Record<string, number>, key: string, value: number | null): void {
  if (value === null) Reflect.deleteProperty(target, key);
  else target[key] = value;
}

function copyOf(
  current: PowerLevels,
): PowerLevels & { users: Record<string, number>; events: Record<string, number> } {
  const levels = structuredClone(current);
  return { ...levels, users: { ...(levels.users ?? {}) }, events: { ...(levels.events ?? {}) } };
}

/** The levels with every change in `saved` undone: the room as it was before the floor. */
export function planRestore(current: PowerLevels, saved: FloorRecord): PowerLevels {
  const levels = copyOf(current);
  for (const [user, level] of Object.entries(saved.users)) setOrDelete(levels.users, user, level);
  for (const [type, level] of Object.entries(saved.events)) setOrDelete(levels.events, type, level);
  if (saved.eventsDefault === null) delete levels.events_default;
  else levels.events_default = saved.eventsDefault;
  return levels;
}

/**
 * Restricts posting to the holders plus the room's facilitators (who keep their voice, like the
 * bot), or restores the room. A change that would not alter the power levels (a repeated or
 * reconciled floor) applies nothing.
 */
export function planFloor(input: FloorInput): FloorPlan {
  const { current, saved, holders, roomId } = input;
  const levels = copyOf(current);
  const usersDefault = levels.users_default ?? 0;
  const botLevel = input.creators.includes(input.bot)
    ? Number.POSITIVE_INFINITY
    : (levels.users[input.bot] ?? usersDefault);
  const needed = levels.events["m.room.power_levels"] ?? levels.state_default ?? 50;
  if (botLevel < needed) {
    return refused(
      `strict turn-taking needs power level ${needed} for the bot in ${roomId} to change m.room.power_levels; it has ${botLevel}`,
    );
  }

  if (holders === "everyone") {
    const restored = saved === undefined ? levels : planRestore(current, saved);
    return ok({
      apply: changed(current, restored),
      saveFirst: undefined,
      saved: undefined,
      opens: true,
    });
  }

  // Undo the previous restriction's raises first, so each floor is computed from the original.
  if (saved !== undefined) {
    for (const [user, level] of Object.entries(saved.users)) setOrDelete(levels.users, user, level);
  }
  const eventsDefault = levels.events_default ?? 0;
  const restricted = Math.max(eventsDefault, usersDefault + 1);
  if (botLevel < restricted) {
    return refused(`strict turn-taking needs the bot above the default power level in ${roomId}`);
  }
  const events: Record<string, number | null> = { ...(saved?.events ?? {}) };
  for (const type of OPEN_DURING_FLOOR) {
    if (!(type in events)) events[type] = levels.events[type] ?? null;
    levels.events[type] = Math.min(levels.events[type] ?? usersDefault, usersDefault);
  }
  levels.events_default = restricted;
  const users: Record<string, number | null> = {};
  for (const holder of new Set([...holders, ...input.facilitators])) {
    // Creators of room version 12+ rooms outrank every level and must not appear in `users`.
    if (input.creators.includes(holder)) continue;
    const level = levels.users[holder] ?? usersDefault;
    if (level >= restricted) continue;
    users[holder] = levels.users[holder] ?? null;
    levels.users[holder] = restricted;
  }
  const next: FloorRecord = {
    eventsDefault: saved?.eventsDefault ?? current.events_default ?? null,
    events,
    users,
  };
  return ok({
    apply: changed(current, levels),
    saveFirst: merged(saved, next),
    saved: next,
    opens: false,
  });
}

/**
 * A forgotten user leaves no trace in the saved floor: their raise is undone now (they lose the
 * voice the floor gave them) and their entry dropped, so nothing saved names them.
 */
export function planForgetUser(
  current: PowerLevels,
  saved: FloorRecord,
  userId: string,
): { readonly apply: PowerLevels | undefined; readonly saved: FloorRecord } {
  if (!(userId in saved.users)) return { apply: undefined, saved };
  const levels = copyOf(current);
  setOrDelete(levels.users, userId, saved.users[userId] ?? null);
  const users = Object.fromEntries(Object.entries(saved.users).filter(([user]) => user !== userId));
  return { apply: changed(current, levels), saved: { ...saved, users } };
}

/** Room versions from 12 on give their creators unlimited power outside the power levels. */
export function creatorsOf(createEvent: { sender?: string; content?: Record<string, unknown> }): string[] {
  const content = createEvent.content ?? {};
  const version = typeof content["room_version"] === "string" ? content["room_version"] : "1";
  if (/^([1-9]|1[01])$/.test(version)) return [];
  const additional = Array.isArray(content["additional_creators"]) ? content["additional_creators"] : [];
  return [createEvent.sender ?? "", ...additional.filter((c): c is string => typeof c === "string")];
}

function changed(current: PowerLevels, levels: PowerLevels): PowerLevels | undefined {
  return isDeepStrictEqual(current, levels) ? undefined : levels;
}

function refused(message: string): FloorPlan {
  return err({ code: "missing_permission", message });
}

/** During a change both the old and the new raises must be restorable. */
function merged(previous: FloorRecord | undefined, next: FloorRecord): FloorRecord {
  if (previous === undefined) return next;
  return {
    eventsDefault: next.eventsDefault,
    events: { ...previous.events, ...next.events },
    users: { ...previous.users, ...next.users },
  };
}
