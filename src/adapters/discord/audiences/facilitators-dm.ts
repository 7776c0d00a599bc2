// Facilitators by direct message, each their own copy. Delivered when at least one got it.
import type { PlatformFailure } from "../../../bot/ports.ts";
import type { Parcel, Sent } from "../post.ts";
import type { FacilitatorsAudience } from "./facilitators.ts";
import type { UserAudience } from "./user.ts";
import { err, ok } from "../../../result.ts";

export class FacilitatorsByDm implements FacilitatorsAudience {
  private readonly user: UserAudience;

  constructor(user: UserAudience) {
    this.user = user;
  }

  async send(roomId: string, userIds: readonly string[], parcel: Parcel): Promise<Sent> {
    const ids: string[] = [];
    let lastFailure: PlatformFailure | null = null;
    for (const userId of userIds) {
      // Not the room's key: a facilitator's own pending interaction must not carry another's notice.
      const r = await this.user.send(`dm:${roomId}`, userId, { ...parcel, key: `${parcel.key}:${userId}` });
      if (r.ok) ids.push(...r.value);
      else lastFailure = r.error;
    }
    if (ids.length === 0 && lastFailure) return err(lastFailure);
    return ok(ids);
  }

  forget(): void {
    // Nothing kept.
  }
}
