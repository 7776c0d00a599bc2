// Private asks and numbered replies: per user, which workshop their direct room is about and what
// is open there (a question, a request for text), the prompts answers may relate to, and a
// direct message turned into a choice, a private contribution or a command.
import type { PromptRecord, PrivateContext } from "./state.ts";
import type { MatrixContext } from "./context.ts";
import type { Commands, Emit, EventBase } from "./commands.ts";
import type { Names } from "./names.ts";
import type { InFlight } from "../shared/in-flight.ts";
import { numberIn, repliedTo } from "./inbound.ts";

export interface PrivateUpdate {
  readonly collect?: { readonly promptId: string; readonly at: number };
  readonly ask?: { readonly eventId: string; readonly at: number };
}

export class PrivateAnswers {
  readonly #ctx: MatrixContext;
  readonly #names: Names;
  readonly #commands: Commands;
  readonly #emit: Emit;
  readonly #deliveries: InFlight;

  constructor(ctx: MatrixContext, names: Names, commands: Commands, emit: Emit, deliveries: InFlight) {
    this.#ctx = ctx;
    this.#names = names;
    this.#commands = commands;
    this.#emit = emit;
    this.#deliveries = deliveries;
  }

  /** Remembers a prompt posted as `eventId`, so answers relating to it can be mapped. */
  addPrompt(eventId: string, record: PromptRecord): Promise<void> {
    return this.#ctx.state.addPrompt(eventId, record);
  }

  /** The user's direct room is now about `workshopRoomId`, with what `update` opens there. */
  async note(user: string, workshopRoomId: string, update: PrivateUpdate): Promise<void> {
    const state = this.#ctx.state;
    const previous = await state.privateContext(user);
    const same = previous?.workshopRoomId === workshopRoomId ? previous : undefined;
    const collect = update.collect ?? same?.collect;
    const ask = update.ask ?? same?.ask;
    await state.setPrivateContext(user, {
      workshopRoomId,
      ...(collect === undefined ? {} : { collect }),
      ...(ask === undefined ? {} : { ask }),
    });
  }

  /** A reaction by `user` in their direct room answered the question `eventId`. */
  async reacted(user: string, eventId: string): Promise<void> {
    const context = await this.#ctx.state.privateContext(user);
    if (context?.ask?.eventId === eventId) await this.#answered(user, context);
  }

  async #answered(user: string, context: PrivateContext): Promise<void> {
    if (context.ask === undefined || context.ask.answered === true) return;
    await this.#ctx.state.setPrivateContext(user, { ...context, ask: { ...context.ask, answered: true } });
  }

  /**
   * The prompt `eventId` if it may be answered from `roomId`: only where it was asked (a direct
   * room, or the facilitators' room), never by a reaction or reply relating to it from elsewhere.
   */
  async answerable(eventId: string, roomId: string): Promise<PromptRecord | undefined> {
    const prompt = await this.#promptFor(eventId);
    return prompt?.postedIn === roomId ? prompt : undefined;
  }

  /** A prompt record; if a delivery is still in flight, its record may be about to be written. */
  async #promptFor(eventId: string): Promise<PromptRecord | undefined> {
    const found = await this.#ctx.state.prompt(eventId);
    if (found !== undefined || this.#deliveries.size === 0) return found;
    await this.#deliveries.settled();
    return this.#ctx.state.prompt(eventId);
  }

  /** A message `userId` wrote in their direct room. */
  async message(
    directRoomId: string,
    userId: string,
    text: string,
    content: Record<string, unknown>,
    base: EventBase,
  ): Promise<void> {
    const { logger, state } = this.#ctx;
    const context = await state.privateContext(userId);
    if (context === undefined) {
      logger.debug("matrix: a direct message with no workshop to relate it to", { roomId: directRoomId });
      return;
    }
    const roomId = context.workshopRoomId;
    const who = await this.#names.sender(roomId, userId);
    if (await this.#commands.handOn(text, content, roomId, who, base)) return;
    const number = numberIn(text);
    // A bare number answers the latest question while it is open: when a question and a request
    // for text arrive together (consent, and an invitation to propose a rule), "1" is the answer,
    // not a proposal. Once answered, numbers go to the newer request for text.
    const askIsOpen =
      context.ask !== undefined &&
      (context.collect === undefined ||
        context.ask.at >= context.collect.at ||
        context.ask.answered !== true);
    if (number !== undefined && (askIsOpen || repliedTo(content) !== undefined)) {
      const target = repliedTo(content) ?? context.ask?.eventId;
      const prompt = target === undefined ? undefined : await this.answerable(target, directRoomId);
      const value = prompt?.values[number - 1];
      if (prompt !== undefined && value !== undefined) {
        await this.#emit({
          ...base,
          roomId: prompt.workshopRoomId,
          sender: who,
          kind: "choice",
          promptId: prompt.promptId,
          value,
        });
        if (target === context.ask?.eventId) await this.#answered(userId, context);
        return;
      }
    }
    if (context.collect !== undefined) {
      await this.#emit({
        ...base,
        roomId,
        sender: who,
        kind: "private",
        promptId: context.collect.promptId,
        text,
      });
      return;
    }
    // Nothing is being collected here: handed on without a prompt, so the runtime can say so
    // (it keeps no text nothing asked for) instead of leaving the person talking to silence.
    await this.#emit({ ...base, roomId, sender: who, kind: "private", promptId: "", text });
  }

  /** Drops what is open for a forgotten user. */
  forgetUser(userId: string): Promise<void> {
    return this.#ctx.state.setPrivateContext(userId, undefined);
  }
}
