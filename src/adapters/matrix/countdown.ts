// Countdowns edited in place (issue 14): the bot's latest plain announcement in a workshop room
// ("It is Amal's turn…"), or a countdown it posted alone, hosts the room's countdown. A timer
// delivery becomes an edit (`m.replace`) of that host, its text followed by the time left, so
// extend, pause, resume and "stopped" change one message instead of posting. Kept in the
// adapter's state, so a restarted bot edits the same message. A contribution shown on someone's
// behalf never hosts a countdown: hiding it would take the countdown with it.
import type { Delivery, DeliveryResult, LanguageBlock, Segment } from "../../bot/ports.ts";
import type { MatrixContext } from "./context.ts";
import { notice, replacement } from "./render.ts";
import { send, transactionId } from "./send.ts";
import type { CountdownHost } from "./state.ts";
import { ok } from "../../result.ts";

const BREAK: Segment = { text: "\n\n" };

/** The host's text followed by the countdown's, per language; undefined when the languages differ. */
function combined(
  host: CountdownHost,
  body: readonly Segment[],
  languages: readonly LanguageBlock[] | undefined,
): { body: readonly Segment[]; languages?: readonly LanguageBlock[] } | undefined {
  if (host.body.length === 0) return languages === undefined ? { body } : { body, languages };
  const joined = [...host.body, BREAK, ...body];
  const hostBlocks = host.languages ?? [];
  const blocks = languages ?? [];
  if (hostBlocks.length <= 1 && blocks.length <= 1) return { body: joined };
  if (hostBlocks.length !== blocks.length || hostBlocks.some((b, i) => b.locale !== blocks[i]?.locale))
    return undefined;
  return {
    body: joined,
    languages: hostBlocks.map((b, i) => ({ ...b, body: [...b.body, BREAK, ...(blocks[i]?.body ?? [])] })),
  };
}

export class Countdowns {
  readonly #ctx: MatrixContext;

  constructor(ctx: MatrixContext) {
    this.#ctx = ctx;
  }

  /**
   * Shows the countdown on the room's host by an edit. Undefined when there is none, its languages
   * differ or the edit would be too large: then the caller posts the countdown (`posted`).
   */
  async show(
    delivery: Extract<Delivery, { kind: "timer" }>,
    body: readonly Segment[],
    languages: readonly LanguageBlock[] | undefined,
  ): Promise<DeliveryResult | undefined> {
    const host = await this.#ctx.state.countdownHost(delivery.roomId);
    if (host === undefined) return undefined;
    const text = combined(host, body, languages);
    if (text === undefined) return undefined;
    const content = replacement(notice(text.body, [], text.languages), host.eventId);
    const key = transactionId(delivery.idempotencyKey, `timer-edit:${host.eventId}`);
    const sent = await send(this.#ctx, delivery.roomId, "m.room.message", content, key);
    if (!sent.ok && sent.error.code === "too_large") return undefined;
    return sent.ok ? ok() : sent;
  }

  /** A room post: a plain announcement becomes the host, a contribution's post ends hosting. */
  posted(delivery: Delivery, eventId: string, body: readonly Segment[]): Promise<void> {
    const plain = delivery.kind === "say" ? delivery.contributionRef === undefined : delivery.kind !== "pin";
    if (!plain) return this.#ctx.state.setCountdownHost(delivery.roomId, undefined);
    const languages = delivery.languages;
    return this.#ctx.state.setCountdownHost(delivery.roomId, {
      eventId,
      body: delivery.kind === "timer" ? [] : body,
      ...(languages === undefined || delivery.kind === "timer" ? {} : { languages }),
    });
  }
}
