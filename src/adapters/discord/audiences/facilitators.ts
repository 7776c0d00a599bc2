// How the room's facilitators are told things privately: a strategy chosen by `discord.facilitators`.
import type { Parcel, Sent } from "../post.ts";

export interface FacilitatorsAudience {
  send(roomId: string, userIds: readonly string[], parcel: Parcel): Promise<Sent>;
  /** Forget-me: drop what the strategy remembers about this user. */
  forget(userId: string): void;
}
