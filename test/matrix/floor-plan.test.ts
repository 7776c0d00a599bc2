// The strict floor's rules without a homeserver: what planFloor sets, saves and restores.
import { describe, expect, it } from "vitest";
import {
  creatorsOf,
  floorIsUntouched,
  OPEN_DURING_FLOOR,
  planFloor,
  planForgetUser,
  planRestore,
  type FloorInput,
  type PowerLevels,
} from "../../src/adapters/matrix/floor-plan.ts";
import type { FloorRecord } from "../../src/adapters/matrix/state.ts";

const BOT = "@parley:hs";
const ALICE = "@alice:hs";
const BOB = "@bob:hs";
const CAROL = "@carol:hs";

/** Synapse's default levels for a room the bot administers. */
function roomLevels(): PowerLevels {
  return {
    users: { [BOT]: 100, [CAROL]: 50 },
    users_default: 0,
    events: { "m.room.power_levels": 100, "m.room.name": 50 },
    events_default: 0,
    state_default: 50,
    ban: 50,
  };
}

function input(overrides: Partial<FloorInput> = {}): FloorInput {
  return {
    roomId: "!room:hs",
    current: roomLevels(),
    saved: undefined,
    holders: [ALICE],
    facilitators: [],
    bot: BOT,
    creators: [],
    ...overrides,
  };
}

/** Applies a plan the way floor.ts does: the levels it sends become the room's. */
function applied(
  plan: ReturnType<typeof planFloor>,
  current: PowerLevels,
): { levels: PowerLevels; saved: FloorRecord | undefined } {
  if (!plan.ok) throw new Error(plan.error.message);
  return { levels: plan.value.apply ?? current, saved: plan.value.saved };
}

describe("planFloor", () => {
  it("raises events_default above users_default, raises the holders and keeps reactions and poll answers open", () => {
    const plan = planFloor(input());
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.value.apply?.events_default).toBe(1);
    expect(plan.value.apply?.users).toEqual({ [BOT]: 100, [CAROL]: 50, [ALICE]: 1 });
    for (const type of OPEN_DURING_FLOOR) expect(plan.value.apply?.events?.[type]).toBe(0);
    expect(plan.value.opens).toBe(false);
  });

  it("saves the original values, absent ones as null, before and after applying", () => {
    const plan = planFloor(input());
    if (!plan.ok) throw new Error(plan.error.message);
    const expected: FloorRecord = {
      eventsDefault: 0,
      events: Object.fromEntries(OPEN_DURING_FLOOR.map((type) => [type, null])),
      users: { [ALICE]: null },
    };
    expect(plan.value.saved).toEqual(expected);
    expect(plan.value.saveFirst).toEqual(expected);
  });

  it("restores the room exactly when the floor opens, and saves nothing", () => {
    const original = roomLevels();
    const restricted = applied(planFloor(input({ current: original })), original);
    const moved = applied(
      planFloor(input({ current: restricted.levels, saved: restricted.saved, holders: [BOB] })),
      restricted.levels,
    );
    const open = planFloor(input({ current: moved.levels, saved: moved.saved, holders: "everyone" }));
    if (!open.ok) throw new Error(open.error.message);
    expect(open.value.apply).toEqual(original);
    expect(open.value.saved).toBeUndefined();
    expect(open.value.opens).toBe(true);
  });

  it("moving the floor lowers the previous holder, and keeps both restorable while it changes", () => {
    const original = roomLevels();
    const first = applied(planFloor(input({ current: original })), original);
    const plan = planFloor(input({ current: first.levels, saved: first.saved, holders: [BOB] }));
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.apply?.users).toEqual({ [BOT]: 100, [CAROL]: 50, [BOB]: 1 });
    expect(plan.value.saved?.users).toEqual({ [BOB]: null });
    expect(plan.value.saveFirst?.users).toEqual({ [ALICE]: null, [BOB]: null });
  });

  it("raises the facilitators too, and an empty holder list raises nobody else", () => {
    const plan = planFloor(input({ holders: [], facilitators: [BOB] }));
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.apply?.users).toEqual({ [BOT]: 100, [CAROL]: 50, [BOB]: 1 });
    expect(plan.value.apply?.events_default).toBe(1);
  });

  it("leaves users already above the restriction (moderators) untouched and unsaved", () => {
    const plan = planFloor(input({ holders: [CAROL] }));
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.saved?.users).toEqual({});
    expect(plan.value.apply?.users?.[CAROL]).toBe(50);
  });

  it("applies nothing for an unchanged floor (a repeat or a reconciliation)", () => {
    const original = roomLevels();
    const first = applied(planFloor(input({ current: original })), original);
    const again = planFloor(input({ current: first.levels, saved: first.saved }));
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.apply).toBeUndefined();
    expect(again.value.saved).toEqual(first.saved);
  });

  it("never puts room version 12 creators in users, and counts a creator bot as above every level", () => {
    const current: PowerLevels = { users: {}, users_default: 0, events: {}, events_default: 0 };
    const plan = planFloor(input({ current, holders: [ALICE, CAROL], creators: [BOT, CAROL] }));
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.apply?.users).toEqual({ [ALICE]: 1 });
    expect(plan.value.saved?.users).toEqual({ [ALICE]: null });
  });

  it("refuses with missing_permission when the bot may not change the power levels", () => {
    const current = { ...roomLevels(), users: { [BOT]: 50 } };
    const plan = planFloor(input({ current }));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error.code).toBe("missing_permission");
  });

  it("refuses when the bot is not above the default level it would have to restrict to", () => {
    const current: PowerLevels = { ...roomLevels(), users: { [BOT]: 100 }, users_default: 100 };
    const plan = planFloor(input({ current }));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error.code).toBe("missing_permission");
  });

  it("needs no work to open a floor it never restricted", () => {
    expect(floorIsUntouched("everyone", undefined)).toBe(true);
    expect(floorIsUntouched([], undefined)).toBe(false);
    expect(floorIsUntouched("everyone", { eventsDefault: null, events: {}, users: {} })).toBe(false);
  });
});

describe("planRestore", () => {
  it("puts back absent keys as absent and present ones as they were", () => {
    const current: PowerLevels = { users: { [ALICE]: 1 }, events: { "m.reaction": 0 }, events_default: 1 };
    const saved: FloorRecord = { eventsDefault: null, events: { "m.reaction": 5 }, users: { [ALICE]: null } };
    expect(planRestore(current, saved)).toEqual({ users: {}, events: { "m.reaction": 5 } });
  });
});

describe("planForgetUser", () => {
  it("undoes a forgotten user's raise and drops them from what is saved", () => {
    const original = roomLevels();
    const restricted = applied(planFloor(input({ current: original, holders: [ALICE, BOB] })), original);
    if (restricted.saved === undefined) throw new Error("nothing saved");
    const plan = planForgetUser(restricted.levels, restricted.saved, ALICE);
    expect(plan.apply?.users).toEqual({ [BOT]: 100, [CAROL]: 50, [BOB]: 1 });
    expect(JSON.stringify(plan.saved)).not.toContain(ALICE);
    expect(plan.saved.users).toEqual({ [BOB]: null });
  });

  it("changes nothing for a user the floor never raised", () => {
    const saved: FloorRecord = { eventsDefault: 0, events: {}, users: { [BOB]: null } };
    expect(planForgetUser(roomLevels(), saved, ALICE)).toEqual({ apply: undefined, saved });
  });
});

describe("creatorsOf", () => {
  it("names no creator before room version 12, the sender and additional creators from 12 on", () => {
    expect(creatorsOf({ sender: CAROL, content: { room_version: "11" } })).toEqual([]);
    expect(creatorsOf({ sender: CAROL, content: {} })).toEqual([]);
    expect(
      creatorsOf({ sender: CAROL, content: { room_version: "12", additional_creators: [BOB, 7] } }),
    ).toEqual([CAROL, BOB]);
  });
});
