// Where an audience reads: the workshop room, a user's direct room, or the facilitators (reached
// by the configured strategy: their shared room or direct messages).
import type { Delivery, DeliveryAudience, Segment } from "../../bot/ports.ts";
import type { ApiResult } from "./api.ts";
import type { DirectRooms } from "./direct-rooms.ts";
import { ok } from "../../result.ts";

/** A Matrix room to post in; `user` when it is that user's direct room. */
export interface Target {
  readonly roomId: string;
  readonly user?: string;
}

/** How the facilitators are reached (facilitators/room.ts, facilitators/direct.ts). */
export interface FacilitatorRoute {
  /** `workshopRoomId`: private rooms opened for an encrypted workshop are encrypted. */
  targets(userIds: readonly string[], workshopRoomId: string): Promise<ApiResult<Target[]>>;
  /** The body as the facilitators see it (a room shared by several workshops names the workshop). */
  frame(workshopRoomId: string, body: readonly Segment[]): Promise<readonly Segment[]>;
}

export class Audiences {
  readonly #directRooms: DirectRooms;
  readonly #facilitators: FacilitatorRoute;

  constructor(directRooms: DirectRooms, facilitators: FacilitatorRoute) {
    this.#directRooms = directRooms;
    this.#facilitators = facilitators;
  }

  async targets(delivery: Delivery, audience: DeliveryAudience): Promise<ApiResult<Target[]>> {
    switch (audience.to) {
      case "room":
        return ok([{ roomId: delivery.roomId }]);
      case "user": {
        const direct = await this.#directRooms.open(audience.userId, delivery.roomId);
        if (!direct.ok) return direct;
        return ok([{ roomId: direct.value, user: audience.userId }]);
      }
      case "facilitators":
        return this.#facilitators.targets(audience.userIds, delivery.roomId);
    }
  }

  /** The body as the delivery's audience sees it. */
  framed(delivery: Delivery, body: readonly Segment[]): Promise<readonly Segment[]> {
    if (delivery.audience.to !== "facilitators") return Promise.resolve(body);
    return this.#facilitators.frame(delivery.roomId, body);
  }
}
