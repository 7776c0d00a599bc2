// Facilitators reached through matrix.facilitatorsRoom: one room for every workshop, so each
// notice names its workshop first.
import type { Segment } from "../../../bot/ports.ts";
import type { ApiResult } from "../api.ts";
import type { FacilitatorRoute, Target } from "../audiences.ts";
import type { Names } from "../names.ts";
import { ok } from "../../../result.ts";

export class FacilitatorsRoom implements FacilitatorRoute {
  readonly #roomId: string;
  readonly #names: Names;

  constructor(roomId: string, names: Names) {
    this.#roomId = roomId;
    this.#names = names;
  }

  targets(): Promise<ApiResult<Target[]>> {
    return Promise.resolve(ok([{ roomId: this.#roomId }]));
  }

  async frame(workshopRoomId: string, body: readonly Segment[]): Promise<readonly Segment[]> {
    return [{ text: `[${await this.#names.roomName(workshopRoomId)}] `, style: "strong" }, ...body];
  }
}
