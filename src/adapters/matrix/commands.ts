// Reading a command out of a message: `!parley …` or the bot addressed by any of its names, a
// person picked as a pill (a display name) kept as one argument.
import type { InboundEvent, Sender } from "../../bot/ports.ts";
import { path } from "./api.ts";
import type { MatrixContext } from "./context.ts";
import { commandIn, withPillsQuoted, type CommandLine } from "./inbound.ts";
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

  /** Hands on the command in `text` as the workshop room's; false if there is none. */
  async handOn(
    text: string,
    content: Record<string, unknown>,
    roomId: string,
    sender: Sender,
    base: EventBase,
  ): Promise<boolean> {
    const command = this.in(text, content);
    if (command === undefined) return false;
    await this.#emit({ ...base, roomId, sender, kind: "command", name: command.name, args: command.args });
    return true;
  }
}
