// Deliveries → Discord: what each kind of delivery becomes (a post, a post with choices, a
// button for private input, a countdown panel, a pinned summary, the strict floor). Repeats of a
// delivered key are skipped; failures come back as values and are logged.
import { DiscordAPIError, Routes } from "discord.js";
import type { Delivery, DeliveryResult, PlatformFailure } from "../../bot/ports.ts";
import { BoundedSet } from "../shared/bounded-set.ts";
import type { Audiences } from "./audiences/index.ts";
import { Cards } from "./cards.ts";
import { choiceRows, collectRow, disabledRows } from "./components.ts";
import type { Parcel, Rows } from "./post.ts";
import type { DiscordContext } from "./context.ts";
import { toFailure } from "./failures.ts";
import type { Floor } from "./floor/enforce.ts";
import type { Replies } from "./replies.ts";
import { maxContentLength, relativeTimestamp, renderDeliveryText } from "./text.ts";
import { askedKey, editAsked, rememberAsked } from "./revise-ask.ts";
import { helpRow, timeoutRow } from "./timeout-card.ts";
import { err, ok, type Result } from "../../result.ts";

/**
 * Every prompt answered privately carries the help button (help-me) in one more row, when Discord's
 * five rows leave room for it: pressing it is an interaction only the presser and the bot see.
 */
async function withHelp(ctx: DiscordContext, d: Delivery, rows: Rows): Promise<Rows> {
  // Facilitators' own questions (review: approve / hide) are not a participant's prompt.
  if (d.audience.to === "facilitators" || rows.length >= 5) return rows;
  return [...rows, ...(await helpRow(ctx, d.roomId))];
}

/**
 * The channel's countdown host: the bot's latest plain announcement ("It is amal's turn…"), or the
 * countdown it posted on its own. A countdown is shown on it (an edit: its text, a blank line, the
 * time left, the time-out button) instead of a post of its own, and later timer changes (extend,
 * pause, resume, stopped) edit it again (issue 14: a third of the posts). Kept as a cursor, so a
 * restarted bot edits the same message.
 */
const hostKey = (roomId: string): string => `countdown-host:${roomId}`;

interface CountdownHost {
  readonly id: string;
  /** The announcement's own text ("" for a countdown posted alone). */
  readonly base: string;
}

export class Deliveries {
  /** Keys delivered by this process (Discord's nonces cover the rest, across restarts). */
  private readonly delivered = new BoundedSet(5000);

  private readonly ctx: DiscordContext;
  private readonly audiences: Audiences;
  private readonly floor: Floor;
  private readonly replies: Replies;
  private readonly cards: Cards;

  constructor(ctx: DiscordContext, audiences: Audiences, floor: Floor, replies: Replies) {
    this.ctx = ctx;
    this.cards = new Cards(ctx);
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
      // A contribution post's ids go back to the runtime, which keeps them for `hide`.
      const ids =
        delivery.kind === "say" && delivery.contributionRef !== undefined ? result.value : undefined;
      return Array.isArray(ids) && ids.every((id) => typeof id === "string") ? ok({ messageIds: ids }) : ok();
    }
    this.ctx.logger.warn("discord delivery failed", {
      kind: delivery.kind,
      room: delivery.roomId,
      code: result.error.code,
      message: result.error.message,
    });
    return result;
  }

  /** Deletes one of the bot's own messages (safeguarding `hide`); one already gone counts as done. */
  async retract(roomId: string, messageId: string): Promise<DeliveryResult> {
    try {
      await this.ctx.inFlight.track(
        this.ctx.mustClient().rest.delete(Routes.channelMessage(roomId, messageId)),
      );
      return ok();
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === 10008) return ok();
      const failure = toFailure(e);
      this.ctx.logger.warn("discord retract failed", {
        room: roomId,
        code: failure.code,
        message: failure.message,
      });
      return err(failure);
    }
  }

  private async setHost(roomId: string, host: CountdownHost | null): Promise<void> {
    await this.ctx.cursors.setCursor("discord", hostKey(roomId), host === null ? "" : JSON.stringify(host));
  }

  /**
   * Shows a countdown on the channel's host message (an edit); the host's id, or null when there is
   * no host, the text would not fit, or the host is gone (then the countdown is posted).
   */
  private async showOnHost(roomId: string, parts: readonly string[], rows: Rows): Promise<string | null> {
    const stored = await this.ctx.cursors.getCursor("discord", hostKey(roomId));
    if (stored === undefined || stored === "") return null;
    const host = JSON.parse(stored) as CountdownHost;
    const content = [host.base, ...parts].filter((p) => p !== "").join("\n\n");
    if (content.length > maxContentLength) return null;
    try {
      await this.ctx.mustClient().rest.patch(Routes.channelMessage(roomId, host.id), {
        body: { content, components: rows.map((r) => r.toJSON()), allowed_mentions: { parse: [] } },
      });
      return host.id;
    } catch (e) {
      if (e instanceof DiscordAPIError && e.code === 10008) return null;
      throw e;
    }
  }

  /** Forget-me: delivery keys that name the user are dropped. */
  forget(userId: string): void {
    this.delivered.deleteWhere((key) => key.includes(userId));
  }

  /**
   * Forget-me: the texts kept to edit messages (the live cards' turn and join lines, the countdown
   * host's announcement) may carry the person's name; they are dropped.
   */
  async forgetTexts(): Promise<void> {
    const rooms = this.ctx.workshopChannelIds();
    await this.cards.forgetNames(rooms);
    for (const roomId of rooms) await this.setHost(roomId, null);
  }

  /** A card part to show on the room's live card (the `liveCards` option), else null. */
  private async onCard(d: Delivery): Promise<Result<unknown, PlatformFailure> | null> {
    if (d.card === undefined || d.audience.to !== "room" || !this.ctx.config.liveCards) return null;
    if (d.kind !== "say" && d.kind !== "timer") return null;
    // The card is not a countdown host: a countdown goes on the card.
    await this.setHost(d.roomId, null);
    return ok([await this.cards.show(d, d.card)]);
  }

  /** A message with controls posted in the channel: disabled when the card's stage ends. */
  private async underCard(d: Delivery, sent: Result<string[], PlatformFailure>): Promise<void> {
    const last = sent.ok ? sent.value.at(-1) : undefined;
    if (d.audience.to === "room" && last !== undefined) await this.cards.addControl(d.roomId, last);
  }

  /**
   * A question sent privately that lands in a direct message: kept with the room's card, so its
   * controls are disabled when it closes or the stage ends (an ephemeral answer cannot be edited
   * later, and needs no tracking: it vanishes on reload).
   */
  private direct(d: Delivery & { kind: "ask" | "collect" }): Parcel["onDirect"] {
    return async (channel, ids) => {
      const id = ids.at(-1);
      if (id !== undefined) await this.cards.addDirect(d.roomId, { channel, id, prompt: d.promptId });
    };
  }

  /** Succeeds with what was sent (message ids, or nothing), which `deliver` does not need. */
  private async deliverNow(d: Delivery): Promise<Result<unknown, PlatformFailure>> {
    const { cursors, config } = this.ctx;
    const carded = await this.onCard(d);
    if (carded !== null) return carded;
    switch (d.kind) {
      case "say": {
        const parts = renderDeliveryText(d);
        const sent = await this.audiences.send(d, parts, []);
        if (sent.ok && d.closedPrompt !== undefined && d.audience.to === "user")
          await this.replies.disableClosed(d.roomId, d.audience.userId, d.closedPrompt);
        // A participant's contribution never hosts a countdown: hiding it would take the timer too.
        if (sent.ok && d.audience.to === "room") {
          const [id] = sent.value;
          const [base] = parts;
          await this.setHost(
            d.roomId,
            sent.value.length === 1 && parts.length === 1 && d.contributionRef === undefined && id && base
              ? { id, base }
              : null,
          );
        }
        return sent;
      }
      case "ask": {
        const rows = await choiceRows(cursors, config.locale, d.roomId, d.promptId, d.options, d.maxChoices);
        if (!rows.ok) return rows;
        const parts = renderDeliveryText(d);
        const components = await withHelp(this.ctx, d, rows.value);
        if (d.revises === true && (await editAsked(this.ctx, d, parts, components))) return ok();
        const sent = await this.audiences.send(d, parts, components, [], this.direct(d));
        if (d.audience.to === "room") await this.setHost(d.roomId, null);
        // A question may close or be corrected before its stage ends: where it is, is remembered.
        if (sent.ok) await rememberAsked(this.ctx, d, sent.value);
        await this.underCard(d, sent);
        return sent;
      }
      case "close": {
        // Asked privately: each direct message that carries it; asked in the channel: that message.
        await this.cards.closePrompt(d.roomId, d.promptId);
        const messageId = await cursors.getCursor("discord", askedKey(d.roomId, d.promptId));
        if (messageId === undefined || messageId === "") return ok();
        const channel = await this.ctx.textChannel(d.roomId);
        if (!channel) return err({ code: "not_found", message: `No text channel ${d.roomId}` });
        const message = await channel.messages.fetch(messageId);
        await message.edit({ components: disabledRows(message.components) });
        await cursors.setCursor("discord", askedKey(d.roomId, d.promptId), "");
        return ok();
      }
      case "collect": {
        if (d.audience.to === "room") await this.setHost(d.roomId, null);
        const sent = await this.audiences.send(
          d,
          renderDeliveryText(d),
          await withHelp(this.ctx, d, await collectRow(cursors, config.locale, d.roomId, d.promptId)),
          [],
          this.direct(d),
        );
        await this.underCard(d, sent);
        return sent;
      }
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
        if (d.audience.to !== "room") return this.audiences.send(d, parts, rows);
        const shown = await this.showOnHost(d.roomId, parts, rows);
        if (shown !== null) return ok([shown]);
        const sent = await this.audiences.send(d, parts, rows);
        const [id] = sent.ok ? sent.value : [];
        if (sent.ok && sent.value.length === 1 && id !== undefined)
          await this.setHost(d.roomId, { id, base: "" });
        return sent;
      }
      case "pin": {
        if (d.audience.to === "room") await this.setHost(d.roomId, null);
        // The summary closes the workshop: the last stage's controls are disabled.
        if (d.audience.to === "room") await this.cards.close(d.roomId);
        const sent = await this.audiences.send(d, renderDeliveryText(d), []);
        if (!sent.ok || d.audience.to !== "room" || sent.value.length === 0) return sent;
        const first = sent.value[0] ?? "";
        await this.ctx.mustClient().rest.put(Routes.channelMessagesPin(d.roomId, first));
        return ok();
      }
      case "floor":
        return this.floor.set(d.roomId, d.holders);
      case "retract":
        // The dispatcher turns a retract into `retract` calls with the stored message ids.
        return err({ code: "unsupported", message: "retract is not a post" });
      case "report":
        // The dispatcher turns a report into a `files` delivery, made from the store.
        return err({ code: "unsupported", message: "a report is delivered as files" });
      case "files":
        // Files (a report) reach the facilitators' private thread or their direct messages only.
        if (d.audience.to !== "facilitators")
          return err({ code: "unsupported", message: "files go to the facilitators only" });
        return this.audiences.send(d, renderDeliveryText(d), [], d.files);
    }
  }
}
