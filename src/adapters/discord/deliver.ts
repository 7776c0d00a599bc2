// Deliveries → Discord: what each kind of delivery becomes (a post, a post with choices, a
// button for private input, a countdown panel, a pinned summary, the strict floor). Repeats of a
// delivered key are skipped; failures come back as values and are logged.
import { Routes } from "discord.js";
import type { Delivery, DeliveryResult, PlatformFailure } from "../../bot/ports.ts";
import { BoundedSet } from "../shared/bounded-set.ts";
import type { Audiences } from "./audiences/index.ts";
import { choiceRows, collectRow } from "./components.ts";
import type { DiscordContext } from "./context.ts";
import { toFailure } from "./failures.ts";
import type { Floor } from "./floor/enforce.ts";
import type { Replies } from "./replies.ts";
import { maxContentLength, relativeTimestamp, renderDeliveryText } from "./text.ts";
import { timeoutRow } from "./timeout-card.ts";
import { err, ok, type Result } from "../../result.ts";

export class Deliveries {
  /** Keys delivered by this process (Discord's nonces cover the rest, across restarts). */
  private readonly delivered = new BoundedSet(5000);

  private readonly ctx: DiscordContext;
  private readonly audiences: Audiences;
  private readonly floor: Floor;
  private readonly replies: Replies;

  constructor(ctx: DiscordContext, audiences: Audiences, floor: Floor, replies: Replies) {
    this.ctx = ctx;
    this.audiences = audiences;
    this.floor = floor;
    this.replies = replies;
  }

  async deliver(delivery: Delivery): Promise<DeliveryResult> {
    if (this.delivered.has(delivery.idempotencyKey)) return ok();
    const result = await this.ctx.inFlight.track(
      this.deliverNow(delivery).catch((e: unknown) => err(toFailure(e))),
    );
    if (result.ok) {
      this.delivered.add(delivery.idempotencyKey);
      return ok();
    }
    this.ctx.logger.warn("discord delivery failed", {
      kind: delivery.kind,
      room: delivery.roomId,
      code: result.error.code,
      message: result.error.message,
    });
    return result;
  }

  /** Forget-me: delivery keys that name the user are dropped. */
  forget(userId: string): void {
    this.delivered.deleteWhere((key) => key.includes(userId));
  }

  /** Succeeds with what was sent (message ids, or nothing), which `deliver` does not need. */
  private async deliverNow(d: Delivery): Promise<Result<unknown, PlatformFailure>> {
    const { cursors, config } = this.ctx;
    switch (d.kind) {
      case "say": {
        const sent = await this.audiences.send(d, renderDeliveryText(d), []);
        if (sent.ok && d.closedPrompt !== undefined && d.audience.to === "user")
          await this.replies.disableClosed(d.roomId, d.audience.userId, d.closedPrompt);
        return sent;
      }
      case "ask": {
        const rows = await choiceRows(cursors, config.locale, d.roomId, d.promptId, d.options, d.maxChoices);
        if (!rows.ok) return rows;
        return this.audiences.send(d, renderDeliveryText(d), rows.value);
      }
      case "collect":
        return this.audiences.send(
          d,
          renderDeliveryText(d),
          await collectRow(cursors, config.locale, d.roomId, d.promptId),
        );
      case "timer": {
        const parts = renderDeliveryText(d);
        if (d.deadline !== null) {
          const stamp = relativeTimestamp(d.deadline);
          const last = parts.at(-1);
          if (last !== undefined && last.length + stamp.length + 1 <= maxContentLength)
            parts[parts.length - 1] = `${last} ${stamp}`;
          else parts.push(stamp);
        }
        if (parts.length === 0) return ok();
        // A running countdown is a turn panel: it carries the time-out button.
        const rows =
          d.deadline !== null && d.audience.to === "room" ? await timeoutRow(this.ctx, d.roomId) : [];
        return this.audiences.send(d, parts, rows);
      }
      case "pin": {
        const sent = await this.audiences.send(d, renderDeliveryText(d), []);
        if (!sent.ok || d.audience.to !== "room" || sent.value.length === 0) return sent;
        const first = sent.value[0] ?? "";
        await this.ctx.mustClient().rest.put(Routes.channelMessagesPin(d.roomId, first));
        return ok();
      }
      case "floor":
        return this.floor.set(d.roomId, d.holders);
    }
  }
}
