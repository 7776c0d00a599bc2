// Private asks and numbered replies: per user, which workshop their direct room is about and what
// is open there (a question, a request for text), the prompts answers may relate to, and a
// direct message turned into a choice, a private contribution or a command.
import type { OpenAsk, OpenRequest, PromptRecord, PrivateContext } from "./state.ts";
import type { MatrixContext } from "./context.ts";
import type { Commands, Emit, EventBase } from "./commands.ts";
import type { Names } from "./names.ts";
import type { InFlight } from "../shared/in-flight.ts";
import { numberIn, repliedTo } from "./inbound.ts";

export interface PrivateUpdate {
  readonly collect?: OpenRequest;
  readonly ask?: OpenAsk;
}

/**
 * The questions open in a direct room, in the order asked: the latest step's set (a record from
 * before sets has only its latest question). A question asked again (a retry) keeps its place.
 */
export function openAsks(context: PrivateContext | undefined): readonly OpenAsk[] {
  if (context === undefined) return [];
  return context.asks ?? (context.ask === undefined ? [] : [context.ask]);
}

function withAsk(open: readonly OpenAsk[], ask: OpenAsk): OpenAsk[] {
  if (open.some((a) => a.eventId === ask.eventId)) return [...open];
  return [...open.filter((a) => a.set !== undefined && a.set === ask.set), ask];
}

/** The requests for text open in a direct room, oldest first (a record from before sets has one). */
export function openRequests(context: PrivateContext | undefined): readonly OpenRequest[] {
  if (context === undefined) return [];
  return context.collects ?? (context.collect === undefined ? [] : [context.collect]);
}

/**
 * The requests open after `request` was asked: it joins the set it belongs to (a step's text
 * questions, asked together) or starts a new one, which closes the older set. A request still open
 * keeps its place: delivered again by the same step (a retry) it keeps whether it was answered;
 * asked again by a later step (an answer that was not a number) it is open for an answer again,
 * and the others stay open beside it.
 */
export function withRequest(open: readonly OpenRequest[], request: OpenRequest): OpenRequest[] {
  const again = open.find((r) => r.promptId === request.promptId);
  if (again === undefined)
    return [...open.filter((r) => r.set !== undefined && r.set === request.set), request];
  const answered = again.set === request.set && again.answered === true;
  return open.map((r) => (r === again ? { ...request, ...(answered ? { answered: true } : {}) } : r));
}

/**
 * The request a plain message answers: the first of the set not yet answered, in the order they
 * were asked; once all are, the latest (a request that takes several answers, such as ideas).
 */
export function requestForPlainMessage(open: readonly OpenRequest[]): OpenRequest | undefined {
  return open.find((r) => r.answered !== true) ?? open.at(-1);
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
    const before = openRequests(same);
    const collects = update.collect === undefined ? before : withRequest(before, update.collect);
    const ask = update.ask ?? same?.ask;
    const asks = update.ask === undefined ? openAsks(same) : withAsk(openAsks(same), update.ask);
    await state.setPrivateContext(user, {
      workshopRoomId,
      ...(collects.length === 0 ? {} : { collects }),
      ...(ask === undefined ? {} : { ask }),
      ...(asks.length === 0 ? {} : { asks }),
    });
  }

  /** How many requests of `set` are open for `user` about `workshopRoomId`, not counting `promptId`. */
  async openInSet(user: string, workshopRoomId: string, set: string, promptId: string): Promise<number> {
    const context = await this.#ctx.state.privateContext(user);
    if (context?.workshopRoomId !== workshopRoomId) return 0;
    return openRequests(context).filter((r) => r.set === set && r.promptId !== promptId).length;
  }

  /** A reaction by `user` in their direct room answered the question `eventId`. */
  async reacted(user: string, eventId: string): Promise<void> {
    const context = await this.#ctx.state.privateContext(user);
    if (context !== undefined) await this.#answered(user, context, eventId);
  }

  /**
   * Notes the question `eventId` answered, if it is one of those open: so is the same question
   * asked again since (in another language), whichever of the two was answered, or a typed number
   * would answer it a second time instead of the next question.
   */
  async #answered(user: string, context: PrivateContext, eventId: string): Promise<void> {
    const asks = openAsks(context);
    const promptId = (await this.#ctx.state.prompt(eventId))?.promptId;
    const isIt = (a: OpenAsk) => a.eventId === eventId || (promptId !== undefined && a.promptId === promptId);
    if (!asks.some((a) => isIt(a) && a.answered !== true)) return;
    const ask =
      context.ask !== undefined && isIt(context.ask) ? { ...context.ask, answered: true } : context.ask;
    await this.#ctx.state.setPrivateContext(user, {
      ...context,
      ...(ask === undefined ? {} : { ask }),
      asks: asks.map((a) => (isIt(a) ? { ...a, answered: true } : a)),
    });
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
    const replied = repliedTo(content);
    const repliedPrompt = replied === undefined ? undefined : await this.answerable(replied, directRoomId);
    // A reply to a request for text answers that very request, whatever else is open.
    if (repliedPrompt?.request === true) {
      await this.#submit(userId, context, repliedPrompt.promptId, repliedPrompt.workshopRoomId, text, base);
      return;
    }
    const number = numberIn(text);
    const requests = openRequests(context);
    const latestRequest = requests.reduce<number | undefined>(
      (at, r) => Math.max(at ?? r.at, r.at),
      undefined,
    );
    // A bare number answers the open questions in the order they were asked (a survey's scales;
    // in an encrypted room no reaction can name one), then the latest again: when a question and
    // a request for text arrive together (consent, and an invitation to propose a rule), "1" is
    // the answer, not a proposal. Once all are answered, numbers go to the newer request for text.
    const unanswered = openAsks(context).find((a) => a.answered !== true);
    const askIsOpen =
      context.ask !== undefined &&
      (latestRequest === undefined || context.ask.at >= latestRequest || unanswered !== undefined);
    if (number !== undefined && (askIsOpen || replied !== undefined)) {
      const target = replied ?? (unanswered ?? context.ask)?.eventId;
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
        if (target !== undefined) await this.#answered(userId, context, target);
        return;
      }
    }
    // Several requests open (a survey's text questions): plain messages answer them in turn.
    const request = requestForPlainMessage(requests);
    if (request !== undefined) {
      await this.#submit(userId, context, request.promptId, roomId, text, base);
      return;
    }
    // Nothing is being collected here: handed on without a prompt, so the runtime can say so
    // (it keeps no text nothing asked for) instead of leaving the person talking to silence.
    await this.#emit({ ...base, roomId, sender: who, kind: "private", promptId: "", text });
  }

  /** Hands on `text` as the answer to the request `promptId`, and notes it answered. */
  async #submit(
    userId: string,
    context: PrivateContext,
    promptId: string,
    roomId: string,
    text: string,
    base: EventBase,
  ): Promise<void> {
    const who = await this.#names.sender(roomId, userId);
    await this.#emit({ ...base, roomId, sender: who, kind: "private", promptId, text });
    const requests = openRequests(context);
    if (!requests.some((r) => r.promptId === promptId && r.answered !== true)) return;
    // Read again: the context may have changed while the event was handed on.
    const now = (await this.#ctx.state.privateContext(userId)) ?? context;
    await this.#ctx.state.setPrivateContext(userId, {
      ...now,
      collects: openRequests(now).map((r) => (r.promptId === promptId ? { ...r, answered: true } : r)),
    });
  }

  /** Drops what is open for a forgotten user. */
  forgetUser(userId: string): Promise<void> {
    return this.#ctx.state.setPrivateContext(userId, undefined);
  }
}
