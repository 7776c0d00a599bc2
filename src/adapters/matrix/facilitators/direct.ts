// Facilitators reached by direct messages (no matrix.facilitatorsRoom): each named facilitator in
// their direct room with the bot.
import type { Segment } from "../../../bot/ports.ts";
import type { ApiResult } from "../api.ts";
import type { FacilitatorRoute, Target } from "../audiences.ts";
import type { DirectRooms } from "../direct-rooms.ts";
import { err, ok } from "../../../result.ts";

export class FacilitatorsByDirectMessage implements FacilitatorRoute {
  readonly #directRooms: DirectRooms;

  constructor(directRooms: DirectRooms) {
    this.#directRooms = directRooms;
  }

  async targets(userIds: readonly string[], workshopRoomId: string): Promise<ApiResult<Target[]>> {
    if (userIds.length === 0) {
      return err({
        code: "not_found",
        message: "no facilitators to notify: set matrix.facilitatorsRoom or name facilitators",
      });
    }
    const targets: Target[] = [];
    for (const user of userIds) {
      const direct = await this.#directRooms.open(user, workshopRoomId);
      if (!direct.ok) return direct;
      targets.push({ roomId: direct.value, user });
    }
    return ok(targets);
  }

  frame(_workshopRoomId: string, body: readonly Segment[]): Promise<readonly Segment[]> {
    return Promise.resolve(body);
  }
}
