// Who is who: display names of members (remembered from membership events, else asked for) and
// of rooms, and the Sender the runtime sees.
import type { Sender } from "../../bot/ports.ts";
import { path } from "./api.ts";
import { groupsOf } from "./config.ts";
import type { MatrixContext } from "./context.ts";
import { contentOf, type RawEvent } from "./inbound.ts";

export function localpart(userId: string): string {
  return userId.slice(1, userId.includes(":") ? userId.indexOf(":") : undefined);
}

export class Names {
  readonly #ctx: MatrixContext;
  /** Display names by `roomId|userId`. */
  readonly #members = new Map<string, string>();

  constructor(ctx: MatrixContext) {
    this.#ctx = ctx;
  }

  /** Remembers the display names the membership events among `events` carry. */
  remember(roomId: string, events: readonly RawEvent[]): void {
    for (const event of events) {
      if (event.type !== "m.room.member" || event.state_key === undefined) continue;
      const name = contentOf(event)["displayname"];
      if (typeof name === "string" && name !== "") this.#members.set(`${roomId}|${event.state_key}`, name);
    }
  }

  async sender(roomId: string, userId: string): Promise<Sender> {
    const key = `${roomId}|${userId}`;
    let name = this.#members.get(key);
    if (name === undefined) {
      const member = await this.#ctx
        .api()
        .get<{ displayname?: string }>(path("/rooms/$room/state/m.room.member/$user", roomId, userId));
      name =
        member.ok && typeof member.value.displayname === "string" && member.value.displayname !== ""
          ? member.value.displayname
          : localpart(userId);
      this.#members.set(key, name);
    }
    // Matrix has no roles: the configured group names a user matches, and the user id itself, stand
    // in for them (so rooms[…].groupRoles / facilitatorRoles can name either).
    return { userId, displayName: name, roles: [...groupsOf(this.#ctx.config, userId), userId] };
  }

  async roomName(roomId: string): Promise<string> {
    const result = await this.#ctx
      .api()
      .get<{ name?: string }>(path("/rooms/$room/state/m.room.name/", roomId));
    return result.ok && typeof result.value.name === "string" && result.value.name !== ""
      ? result.value.name
      : roomId;
  }

  forgetUser(userId: string): void {
    for (const key of [...this.#members.keys()]) if (key.endsWith(`|${userId}`)) this.#members.delete(key);
  }
}
