// Notices to an audience (say, timer) and the pinned summary. A room's countdown is an edit of
// its latest announcement where there is one (countdown.ts).
import type { Delivery, DeliveryResult, LanguageBlock, Segment } from "../../bot/ports.ts";
import { path } from "./api.ts";
import type { PrivateAnswers } from "./answers.ts";
import type { Audiences, Target } from "./audiences.ts";
import type { MatrixContext } from "./context.ts";
import type { Countdowns } from "./countdown.ts";
import { notice, timerSuffix } from "./render.ts";
import { failed, send, transactionId } from "./send.ts";
import { ok } from "../../result.ts";

export class Posting {
  readonly #ctx: MatrixContext;
  readonly #audiences: Audiences;
  readonly #answers: PrivateAnswers;
  readonly #countdowns: Countdowns;

  constructor(ctx: MatrixContext, audiences: Audiences, answers: PrivateAnswers, countdowns: Countdowns) {
    this.#ctx = ctx;
    this.#audiences = audiences;
    this.#answers = answers;
    this.#countdowns = countdowns;
  }

  /** A timer notice carries the time left and the deadline, worded in the room's language. */
  async timer(delivery: Extract<Delivery, { kind: "timer" }>): Promise<DeliveryResult> {
    if (delivery.body.length === 0) return ok();
    const deadline = delivery.deadline;
    const now = Date.now();
    const suffixed = (body: readonly Segment[], locale: string | undefined): readonly Segment[] =>
      deadline === null ? body : [...body, { text: timerSuffix(deadline, now, locale) }];
    // A mixed room's countdown is worded in each block's language.
    const languages = delivery.languages?.map((b) => ({ ...b, body: suffixed(b.body, b.locale) }));
    const body = suffixed(delivery.body, this.#ctx.localeOf(delivery.roomId));
    if (delivery.audience.to === "room") {
      const shown = await this.#countdowns.show(delivery, body, languages);
      if (shown !== undefined) return shown;
    }
    return this.notice(delivery, body, "timer", languages);
  }

  /** Posts `body` to the delivery's audience; `part` keeps the transaction ids of kinds apart. */
  notice(
    delivery: Delivery,
    body: readonly Segment[],
    part: string,
    languages: readonly LanguageBlock[] | undefined = delivery.languages,
  ): Promise<DeliveryResult> {
    return this.#post(delivery, body, languages, part, async (target, eventId) => {
      if (target.user !== undefined) await this.#answers.note(target.user, delivery.roomId, {});
      else if (delivery.audience.to === "room") await this.#countdowns.posted(delivery, eventId, body);
    });
  }

  /** Posts the summary and pins it where it was posted in a shared room. */
  pin(delivery: Extract<Delivery, { kind: "pin" }>): Promise<DeliveryResult> {
    const api = this.#ctx.api();
    return this.#post(
      delivery,
      delivery.body,
      delivery.languages,
      "pin",
      async ({ roomId, user }, eventId) => {
        if (user !== undefined) return;
        if (delivery.audience.to === "room") await this.#countdowns.posted(delivery, eventId, delivery.body);
        const pinnedPath = path("/rooms/$room/state/m.room.pinned_events/", roomId);
        const current = await api.get<{ pinned?: string[] }>(pinnedPath);
        const pinned = current.ok && Array.isArray(current.value.pinned) ? current.value.pinned : [];
        if (pinned.includes(eventId)) return;
        const pin = await api.put(pinnedPath, { pinned: [...pinned, eventId] });
        // The summary itself was posted; a missing right to pin is worth a warning, not a resend.
        if (!pin.ok)
          this.#ctx.logger.warn("matrix: posted the summary but could not pin it", {
            roomId,
            code: pin.error.code,
          });
      },
    );
  }

  /**
   * An answer to a command is a reply to it (`m.in_reply_to`, no quoted fallback) where it is
   * posted in the command's own room: a command typed in the direct room is answered there as a
   * reply; one typed in the workshop room is answered privately without a relation, which could
   * not be shown across rooms. The homeserver tells whether the event is in the room.
   */
  async #replyIn(roomId: string, replyTo: string | undefined): Promise<Record<string, unknown>> {
    if (replyTo === undefined) return {};
    const found = await this.#ctx.api().get(path("/rooms/$room/event/$event", roomId, replyTo));
    return found.ok ? { "m.relates_to": { "m.in_reply_to": { event_id: replyTo } } } : {};
  }

  /** Sends the notice to each target of the audience in turn, then does `after` there. */
  async #post(
    delivery: Delivery,
    body: readonly Segment[],
    languages: readonly LanguageBlock[] | undefined,
    part: string,
    after: (target: Target, eventId: string) => Promise<void>,
  ): Promise<DeliveryResult> {
    const targets = await this.#audiences.targets(delivery, delivery.audience);
    if (!targets.ok) return failed(targets.error);
    const content = notice(await this.#audiences.framed(delivery, body), [], languages);
    const roomEvents: string[] = [];
    for (const target of targets.value) {
      const key = transactionId(delivery.idempotencyKey, `${part}:${target.roomId}`);
      const reply = await this.#replyIn(target.roomId, delivery.replyTo);
      const sent = await send(this.#ctx, target.roomId, "m.room.message", { ...content, ...reply }, key);
      if (!sent.ok) return failed(sent.error);
      if (target.user === undefined) roomEvents.push(sent.value);
      await after(target, sent.value);
    }
    // A contribution post's event ids go back to the runtime, which keeps them for `hide`.
    return delivery.kind === "say" && delivery.contributionRef !== undefined
      ? ok({ messageIds: roomEvents })
      : ok();
  }
}
