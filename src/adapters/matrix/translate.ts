// Matrix events → Parley's InboundEvents: membership, reactions and poll answers to private
// questions, messages and commands in workshop rooms; direct messages go on to answers.ts. The
// bot's own events and events already handled are skipped.
import type { PrivateAnswers } from "./answers.ts";
import type { Commands, Emit, EventBase } from "./commands.ts";
import type { MatrixContext } from "./context.ts";
import type { DirectRooms } from "./direct-rooms.ts";
import type { EncryptionNotices } from "./encryption.ts";
import { contentOf, pollAnswers, relation, stripReplyFallback, type RawEvent } from "./inbound.ts";
import { BoundedSet } from "../shared/bounded-set.ts";
import type { Names } from "./names.ts";
import { notice, optionIndexOfKey } from "./render.ts";
import { send, transactionId } from "./send.ts";
import { reactionNotPrivateText } from "./texts.ts";
import { anyEncrypted } from "./choices/encrypted.ts";
import { ok } from "../../result.ts";

const POLL_RESPONSE_TYPES = new Set(["m.poll.response", "org.matrix.msc3381.poll.response"]);

export interface TranslatorParts {
  readonly names: Names;
  readonly commands: Commands;
  readonly answers: PrivateAnswers;
  readonly directRooms: DirectRooms;
  readonly encryption: EncryptionNotices;
  readonly emit: Emit;
}

export class Translator {
  readonly #ctx: MatrixContext;
  readonly #parts: TranslatorParts;
  /** Recently handled event ids (the runtime's inbox deduplicates durably; this spares it). */
  readonly #seen = new BoundedSet(20_000);

  constructor(ctx: MatrixContext, parts: TranslatorParts) {
    this.#ctx = ctx;
    this.#parts = parts;
  }

  async event(roomId: string, event: RawEvent): Promise<void> {
    const eventId = event.event_id;
    if (eventId === undefined || this.#seen.has(eventId)) return;
    this.#parts.names.remember(roomId, [event]);
    const sender = event.sender ?? "";
    if (sender !== this.#ctx.config.userId) {
      const base: EventBase = { platform: "matrix", eventId, at: event.origin_server_ts ?? Date.now() };
      await this.#translate(roomId, event, event.type ?? "", sender, base);
    }
    this.#seen.add(eventId);
  }

  async #translate(
    roomId: string,
    event: RawEvent,
    type: string,
    sender: string,
    base: EventBase,
  ): Promise<void> {
    const { names, directRooms, answers, emit } = this.#parts;
    const content = contentOf(event);
    const directUser = await directRooms.userOf(roomId);

    if (type === "m.room.encryption") {
      await this.#parts.encryption.enabled(roomId);
      return;
    }
    if (type === "m.room.encrypted") {
      // Still encrypted here: the bot has no crypto running (with it, events arrive decrypted).
      await this.#parts.encryption.tell(roomId);
      return;
    }

    if (type === "m.room.member") {
      await this.#membership(roomId, event, directUser, base);
      return;
    }

    if (type === "m.reaction") {
      const rel = relation(content);
      if (rel?.relType !== "m.annotation" || rel.key === undefined) return;
      const prompt = await answers.answerable(rel.eventId, roomId);
      const index = optionIndexOfKey(rel.key);
      const value = prompt === undefined || index === undefined ? undefined : prompt.values[index];
      if (prompt === undefined || value === undefined) return;
      // Matrix never encrypts reactions: where an encrypted room is involved one is not taken as
      // an answer (nor kept); its sender is told privately to reply with the number instead.
      if (await anyEncrypted(this.#ctx, [prompt.workshopRoomId, roomId])) {
        await this.#reactionRefused(roomId, sender, directUser, prompt.workshopRoomId, base.eventId);
        return;
      }
      await emit({
        ...base,
        roomId: prompt.workshopRoomId,
        sender: await names.sender(roomId, sender),
        kind: "choice",
        promptId: prompt.promptId,
        value,
      });
      if (directUser === sender) await answers.reacted(sender, rel.eventId);
      return;
    }

    if (POLL_RESPONSE_TYPES.has(type)) {
      const rel = relation(content);
      const chosen = pollAnswers(type, content);
      if (rel === undefined || chosen === undefined) return;
      const prompt = await answers.answerable(rel.eventId, roomId);
      if (prompt === undefined) return;
      const who = await names.sender(roomId, sender);
      let n = 0;
      for (const answer of chosen) {
        const value = prompt.values[Number(answer) - 1];
        if (value === undefined) continue;
        await emit({
          ...base,
          eventId: n === 0 ? base.eventId : `${base.eventId}#${n}`,
          roomId: prompt.workshopRoomId,
          sender: who,
          kind: "choice",
          promptId: prompt.promptId,
          value,
        });
        n++;
      }
      return;
    }

    if (type !== "m.room.message") return;
    const msgtype = content["msgtype"];
    const body = content["body"];
    // Notices are other bots talking (answering them invites loops); edits are not new turns.
    if ((msgtype !== "m.text" && msgtype !== "m.emote") || typeof body !== "string") return;
    if (relation(content)?.relType === "m.replace") return;
    const text = stripReplyFallback(body);

    if (directUser !== undefined) {
      if (sender === directUser) await answers.message(roomId, sender, text, content, base);
      return;
    }

    const who = await names.sender(roomId, sender);
    if (await this.#parts.commands.handOn(text, content, roomId, who, base, true)) return;
    // No question is ever asked in a shared room, so a number there is just a message.
    await emit({ ...base, roomId, sender: who, kind: "message", text });
  }

  /** Tells `sender`, in their direct room, that their reaction in an encrypted room was no answer. */
  async #reactionRefused(
    roomId: string,
    sender: string,
    directUser: string | undefined,
    workshopRoomId: string,
    eventId: string,
  ): Promise<void> {
    const { logger, localeOf } = this.#ctx;
    const target =
      directUser === sender ? ok(roomId) : await this.#parts.directRooms.open(sender, workshopRoomId);
    const told = target.ok
      ? await send(
          this.#ctx,
          target.value,
          "m.room.message",
          notice([{ text: reactionNotPrivateText(localeOf(workshopRoomId)) }]),
          transactionId(`reaction-refused:${eventId}`, "sender"),
        )
      : target;
    if (!told.ok)
      logger.error("matrix: could not tell a participant their reaction was not taken as an answer", {
        code: told.error.code,
      });
  }

  /** Joins and leaves of a workshop room; the user leaving their direct room closes it. */
  async #membership(
    roomId: string,
    event: RawEvent,
    directUser: string | undefined,
    base: EventBase,
  ): Promise<void> {
    const { names, directRooms, emit } = this.#parts;
    const content = contentOf(event);
    const member = event.state_key ?? "";
    const membership = content["membership"];
    const previous = event.unsigned?.prev_content?.["membership"];
    if (directUser !== undefined) {
      if (member === directUser && (membership === "leave" || membership === "ban")) {
        await directRooms.closed(roomId);
      }
      return;
    }
    if (member === this.#ctx.config.userId || member === "") return;
    if (membership === "join" && previous !== "join") {
      await emit({ ...base, roomId, sender: await names.sender(roomId, member), kind: "join" });
    } else if ((membership === "leave" || membership === "ban") && previous === "join") {
      await emit({ ...base, roomId, sender: await names.sender(roomId, member), kind: "leave" });
    }
  }
}
