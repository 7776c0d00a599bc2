// Reading a command out of a message: `!parley …` or the bot addressed by any of its names, a
// person picked as a pill (a display name) kept as one argument.
import type { InboundEvent, Sender } from "../../bot/ports.ts";
import { path } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import {
  commandIn,
  repliedTo,
  stripReplyFallback,
  withPillsQuoted,
  type CommandLine,
  type RawEvent,
} from "./inbound.ts";
import { ok } from "../../result.ts";
import { localpart } from "./names.ts";

/** What every inbound event built from one Matrix event shares. */
export interface EventBase {
  readonly platform: string;
  readonly eventId: string;
  readonly at: number;
}

export type Emit = (event: InboundEvent) => Promise<void>;

export class Commands {
  readonly #ctx: MatrixContext;
  readonly #split: (line: string) => string[];
  readonly #emit: Emit;
  #botNames: string[] = [];

  constructor(ctx: MatrixContext, split: (line: string) => string[], emit: Emit) {
    this.#ctx = ctx;
    this.#split = split;
    this.#emit = emit;
  }

  /** Learns the names people address the bot by: its user id, localpart and display name. */
  async learnBotNames(): Promise<void> {
    const userId = this.#ctx.config.userId;
    const profile = await this.#ctx.api().get<{ displayname?: string }>(path("/profile/$user", userId));
    const displayName = profile.ok ? profile.value.displayname : undefined;
    this.#botNames = [userId, localpart(userId), ...(displayName === undefined ? [] : [displayName])];
  }

  /** The command a message carries, if any. */
  in(text: string, content: Record<string, unknown>): CommandLine | undefined {
    const { commandPrefix, userId } = this.#ctx.config;
    const command = commandIn(text, commandPrefix, this.#botNames, this.#split);
    if (command === undefined) return undefined;
    const quoted = withPillsQuoted(text, content, [userId]);
    return quoted === text ? command : commandIn(quoted, commandPrefix, this.#botNames, this.#split);
  }

  /**
   * Hands on the command in `text` as the workshop room's; false if there is none. `inRoom`: the
   * message was posted in the workshop room itself (not a direct room), where a `flag` sent as a
   * reply is about the message it replies to.
   */
  async handOn(
    text: string,
    content: Record<string, unknown>,
    roomId: string,
    sender: Sender,
    base: EventBase,
    inRoom = false,
  ): Promise<boolean> {
    const command = this.in(text, content);
    if (command === undefined) return false;
    const replied = inRoom && command.name === "flag" ? repliedTo(content) : undefined;
    const target = replied === undefined ? undefined : await this.#flagged(roomId, replied, base.eventId);
    await this.#emit({
      ...base,
      roomId,
      sender,
      kind: "command",
      name: command.name,
      args: command.args,
      ...(target === undefined ? {} : { target }),
    });
    return true;
  }

  /**
   * A `flag` replying to a message in the workshop room: the replied-to text and a link to it (never
   * its sender). The flag itself was posted in the room, so the bot redacts it at once to keep
   * who flagged from the room (others may have seen it before; the README says so).
   */
  async #flagged(
    roomId: string,
    eventId: string,
    flagEventId: string,
  ): Promise<{ text: string; link: string } | undefined> {
    const api = this.#ctx.api();
    const redacted = await api.put(
      path("/rooms/$room/redact/$event/$txn", roomId, flagEventId, `flag-${flagEventId}`),
      {},
    );
    if (!redacted.ok)
      this.#ctx.logger.warn("matrix: could not remove a flag from the room", {
        roomId,
        code: redacted.error.code,
        message: redacted.error.message,
      });
    const fetched = await api.get<RawEvent>(path("/rooms/$room/event/$event", roomId, eventId));
    // In an encrypted room the flagged message is read the way it arrived: decrypted.
    const sealer = this.#ctx.crypto();
    const event =
      fetched.ok && sealer !== undefined ? ok(await sealer.readable(roomId, fetched.value)) : fetched;
    const link = `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`;
    if (!event.ok) {
      this.#ctx.logger.warn("matrix: could not read a flagged message", { roomId, code: event.error.code });
      return { text: "…", link };
    }
    const body = event.value.content?.["body"];
    return { text: typeof body === "string" ? stripReplyFallback(body) : "…", link };
  }
}
