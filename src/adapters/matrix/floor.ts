// The strict floor in a room: read the power levels → plan (floor-plan.ts) → save what restores
// them → apply. The saved record is written before the change, so a crash in between can still
// restore the room.
import type { DeliveryResult } from "../../bot/ports.ts";
import { path, type ApiResult } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import { creatorsOf, floorIsUntouched, planFloor, planForgetUser, type PowerLevels } from "./floor-plan.ts";
import { failed } from "./send.ts";
import { ok } from "../../result.ts";

function levelsPath(roomId: string): string {
  return path("/rooms/$room/state/m.room.power_levels/", roomId);
}

export class Floors {
  readonly #ctx: MatrixContext;
  /** Room creators never change, so they are read once per room. */
  readonly #creators = new Map<string, string[]>();

  constructor(ctx: MatrixContext) {
    this.#ctx = ctx;
  }

  /** Restricts posting to `holders` plus the facilitators, or ("everyone") restores the room. */
  async set(
    roomId: string,
    holders: readonly string[] | "everyone",
    facilitators: readonly string[],
  ): Promise<DeliveryResult> {
    const { state, logger, config } = this.#ctx;
    const saved = await state.floor(roomId);
    if (floorIsUntouched(holders, saved)) return ok();
    const current = await this.#ctx.api().get<PowerLevels>(levelsPath(roomId));
    if (!current.ok) return failed(current.error);
    const creators = await this.#creatorsOf(roomId);
    const plan = planFloor({
      roomId,
      current: current.value,
      saved,
      holders,
      facilitators,
      bot: config.userId,
      creators,
    });
    if (!plan.ok) return failed(plan.error);
    if (plan.value.saveFirst !== undefined) await state.setFloor(roomId, plan.value.saveFirst);
    const applied = await this.#apply(roomId, plan.value.apply);
    if (!applied.ok) return failed(applied.error);
    await state.setFloor(roomId, plan.value.saved);
    if (plan.value.opens) logger.info("matrix: restored the room's power levels (open floor)", { roomId });
    else logger.info("matrix: restricted posting to the floor holders", { roomId, holders: holders.length });
    return ok();
  }

  /** Undoes the floor's raise of a forgotten user in every room, so no saved floor names them. */
  async forgetUser(userId: string): Promise<void> {
    const { state, logger } = this.#ctx;
    for (const roomId of await state.floorRooms()) {
      const saved = await state.floor(roomId);
      if (saved === undefined || !(userId in saved.users)) continue;
      const current = await this.#ctx.api().get<PowerLevels>(levelsPath(roomId));
      if (!current.ok) {
        logger.warn("matrix: could not read a room's power levels to forget a user", {
          roomId,
          code: current.error.code,
        });
        continue;
      }
      const plan = planForgetUser(current.value, saved, userId);
      const applied = await this.#apply(roomId, plan.apply);
      if (!applied.ok)
        logger.warn("matrix: could not lower a forgotten user's floor power level", {
          roomId,
          code: applied.error.code,
        });
      // Forgetting comes first: at worst the user keeps a raised level, not a saved trace.
      await state.setFloor(roomId, plan.saved);
    }
  }

  #apply(roomId: string, levels: PowerLevels | undefined): Promise<ApiResult<unknown>> {
    if (levels === undefined) return Promise.resolve(ok(undefined));
    return this.#ctx.api().put(levelsPath(roomId), levels);
  }

  async #creatorsOf(roomId: string): Promise<string[]> {
    const cached = this.#creators.get(roomId);
    if (cached !== undefined) return cached;
    const create = await this.#ctx
      .api()
      .get<{ sender?: string; content?: Record<string, unknown> }>(
        path("/rooms/$room/state/m.room.create/", roomId),
        {
          format: "event",
        },
      );
    if (!create.ok) return [];
    const creators = creatorsOf(create.value);
    this.#creators.set(roomId, creators);
    return creators;
  }
}
