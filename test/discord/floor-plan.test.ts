// The strict-floor rules without a server: planFloor and restoreStep decide which overwrites to
// put, what to save first and how to put everything back exactly.
import { describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import {
  emptyFloor,
  planFloor,
  restoreStep,
  withoutOverwrite,
  type FloorInput,
  type Overwrite,
  type OverwriteWrite,
  type SavedFloor,
} from "../../src/adapters/discord/floor/plan.ts";

const SEND = PermissionFlagsBits.SendMessages;
const VIEW = PermissionFlagsBits.ViewChannel;
const ATTACH = PermissionFlagsBits.AttachFiles;

const guild = "100000000000000001";
const bot = "100000000000000002";
const amal = "100000000000000003";
const ben = "100000000000000004";
const fatima = "100000000000000005";
const exempt = "100000000000000006";
const facRole = "100000000000000007";

function input(over: Partial<FloorInput> = {}): FloorInput {
  return {
    current: new Map<string, Overwrite>(),
    saved: emptyFloor,
    holders: [amal],
    botId: bot,
    everyoneId: guild,
    facilitators: { users: [], roles: [] },
    exemptRoles: [],
    ...over,
  };
}

const put = (plan: { apply: readonly OverwriteWrite[] }, id: string): OverwriteWrite | undefined =>
  plan.apply.find((w) => w.id === id);

/** Applies writes to a copy of the overwrites, as Discord would. */
function applied(
  current: ReadonlyMap<string, Overwrite>,
  writes: readonly (OverwriteWrite | null)[],
): Map<string, Overwrite> {
  const next = new Map(current);
  for (const w of writes) {
    if (w === null) continue;
    if (w.op === "delete") next.delete(w.id);
    else next.set(w.id, { allow: w.allow, deny: w.deny });
  }
  return next;
}

describe("planFloor", () => {
  it("denies @everyone SEND_MESSAGES and lets the holder and the bot speak", () => {
    const plan = planFloor(input());
    expect(put(plan, guild)).toEqual({ op: "put", id: guild, type: 0, allow: 0n, deny: SEND });
    expect(put(plan, amal)).toEqual({ op: "put", id: amal, type: 1, allow: SEND, deny: 0n });
    expect(put(plan, bot)).toEqual({ op: "put", id: bot, type: 1, allow: SEND | VIEW, deny: 0n });
    expect(plan.restore).toEqual([]);
  });

  it("saves every original before changing it (none: null), and says the state changed", () => {
    const current = new Map([[guild, { allow: ATTACH, deny: 0n }]]);
    const plan = planFloor(input({ current }));
    expect(plan.savedChanged).toBe(true);
    expect(plan.saved.touched[guild]).toEqual({ type: 0, original: { allow: ATTACH.toString(), deny: "0" } });
    expect(plan.saved.touched[amal]).toEqual({ type: 1, original: null });
    // Other permissions of the original are kept.
    expect(put(plan, guild)).toMatchObject({ allow: ATTACH, deny: SEND });
  });

  it("keeps the room's facilitators, their roles and exempt roles speaking; skips ids that are no snowflakes", () => {
    const plan = planFloor(
      input({
        facilitators: { users: [fatima, "@console-user"], roles: [facRole] },
        exemptRoles: [exempt, facRole],
      }),
    );
    expect(put(plan, fatima)).toMatchObject({ type: 1, allow: SEND });
    expect(put(plan, facRole)).toMatchObject({ type: 0, allow: SEND });
    expect(put(plan, exempt)).toMatchObject({ type: 0, allow: SEND });
    expect(plan.apply.filter((w) => w.id === facRole)).toHaveLength(1);
    expect(put(plan, "@console-user")).toBeUndefined();
  });

  it("moves the floor: builds on the saved original, not on Parley's own change, and restores the former holder", () => {
    const first = planFloor(input({ current: new Map([[amal, { allow: ATTACH, deny: SEND }]]) }));
    const afterFirst = applied(new Map([[amal, { allow: ATTACH, deny: SEND }]]), first.apply);
    const second = planFloor(input({ current: afterFirst, saved: first.saved, holders: [ben] }));
    expect(second.restore).toEqual([
      { id: amal, write: { op: "put", id: amal, type: 1, allow: ATTACH, deny: SEND } },
    ]);
    expect(put(second, ben)).toMatchObject({ allow: SEND });
    // Already as wanted: nothing is put again.
    expect(put(second, guild)).toBeUndefined();
    expect(second.savedChanged).toBe(true);
  });

  it("grants on top of the saved original, whatever the channel holds meanwhile", () => {
    const saved: SavedFloor = {
      touched: { [amal]: { type: 1, original: { allow: "0", deny: ATTACH.toString() } } },
    };
    const current = new Map([[amal, { allow: SEND | ATTACH, deny: 0n }]]);
    expect(put(planFloor(input({ current, saved })), amal)).toEqual({
      op: "put",
      id: amal,
      type: 1,
      allow: SEND,
      deny: ATTACH,
    });
  });

  it("opens the floor: everything back exactly as it was, @everyone first, overwrites Parley created deleted", () => {
    const original = new Map([
      [guild, { allow: ATTACH, deny: 0n }],
      [bot, { allow: VIEW, deny: 0n }],
    ]);
    const closed = planFloor(input({ current: original, holders: [amal, ben] }));
    const now = applied(original, closed.apply);
    const open = planFloor(input({ current: now, saved: closed.saved, holders: "everyone" }));
    expect(open.apply).toEqual([]);
    expect(open.restore[0]?.id).toBe(guild);
    const back = applied(
      now,
      open.restore.map((s) => s.write),
    );
    expect([...back.entries()].sort()).toEqual([...original.entries()].sort());
    expect(open.restore.find((s) => s.id === amal)?.write).toEqual({ op: "delete", id: amal });
  });

  it("writes nothing back for an overwrite that never changed (a refused write)", () => {
    const saved: SavedFloor = { touched: { [amal]: { type: 1, original: null } } };
    expect(planFloor(input({ saved, holders: "everyone" })).restore).toEqual([{ id: amal, write: null }]);
  });

  it("puts nothing that already holds the wanted value, and saves nothing new on a repeat", () => {
    const first = planFloor(input());
    const now = applied(new Map(), first.apply);
    const again = planFloor(input({ current: now, saved: first.saved }));
    expect(again.apply).toEqual([]);
    expect(again.savedChanged).toBe(false);
    expect(again.restore).toEqual([]);
  });
});

describe("restoreStep and withoutOverwrite", () => {
  it("restore one member's overwrite and drop it from the saved state, the rest untouched", () => {
    const saved: SavedFloor = {
      touched: {
        [amal]: { type: 1, original: { allow: ATTACH.toString(), deny: "0" } },
        [guild]: { type: 0, original: null },
      },
    };
    const current = new Map([[amal, { allow: SEND, deny: 0n }]]);
    expect(restoreStep(amal, saved, current)).toEqual({
      id: amal,
      write: { op: "put", id: amal, type: 1, allow: ATTACH, deny: 0n },
    });
    expect(restoreStep(ben, saved, current)).toEqual({ id: ben, write: null });
    expect(withoutOverwrite(saved, amal)).toEqual({ touched: { [guild]: { type: 0, original: null } } });
  });
});
