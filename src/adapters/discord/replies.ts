// Interactions awaiting the runtime's private answer. A command, button or modal is acknowledged at
// once (Discord allows 3 seconds); the runtime's answer then goes into that interaction as an
// ephemeral reply while it is at hand, and a generic one settles it after a grace period if none came.
import { MessageFlags, type RepliableInteraction } from "discord.js";
import { disabledRows } from "./components.ts";
import { decodeControl } from "./ids.ts";
import { errorMessage } from "../shared/errors.ts";
import { sleep } from "../shared/sleep.ts";
import { noMentions, type DiscordContext } from "./context.ts";
import type { Parcel } from "./post.ts";

/**
 * A private answer goes into the user's interaction (ephemeral) only shortly after it; later ones
 * (e.g. "your turn" minutes afterwards) go to a DM, which the user can still find later.
 * Interaction tokens themselves live 15 minutes.
 */
const interactionAtHandMs = 60_000;

export interface PendingReply {
  readonly interaction: RepliableInteraction;
  /** deferred: an ephemeral "thinking…" reply awaits its content; open: follow-ups only. */
  state: "deferred" | "open";
  readonly createdAt: number;
  chain: Promise<void>;
}

const keyOf = (roomId: string, userId: string): string => `${roomId}:${userId}`;

export class Replies {
  private readonly pending = new Map<string, PendingReply>();

  private readonly ctx: DiscordContext;

  constructor(ctx: DiscordContext) {
    this.ctx = ctx;
  }

  register(roomId: string, i: RepliableInteraction, state: PendingReply["state"]): PendingReply {
    const p: PendingReply = { interaction: i, state, createdAt: Date.now(), chain: Promise.resolve() };
    this.pending.set(keyOf(roomId, i.user.id), p);
    return p;
  }

  /** The user's recent interaction in this room, if an answer can still go into it. */
  atHand(roomId: string, userId: string): PendingReply | undefined {
    const p = this.pending.get(keyOf(roomId, userId));
    return p && Date.now() - p.createdAt < interactionAtHandMs ? p : undefined;
  }

  drop(roomId: string, userId: string): void {
    this.pending.delete(keyOf(roomId, userId));
  }

  /** Forget-me: no interaction of this user is kept. */
  forget(userId: string): void {
    for (const [key, p] of this.pending) if (p.interaction.user.id === userId) this.pending.delete(key);
  }

  /** Posts the parts into the interaction: the deferred reply first, then ephemeral follow-ups. */
  answer(p: PendingReply, parcel: Parcel): Promise<string[]> {
    const { contents, rows } = parcel;
    const i = p.interaction;
    const run = p.chain.then(async () => {
      const ids: string[] = [];
      for (const [n, content] of contents.entries()) {
        const withRows = n === contents.length - 1 && rows.length > 0 ? { components: rows } : {};
        const body = { ...(content !== "" ? { content } : {}), allowedMentions: noMentions, ...withRows };
        if (p.state === "deferred") {
          p.state = "open";
          ids.push((await i.editReply(body)).id);
        } else {
          ids.push((await i.followUp({ ...body, flags: MessageFlags.Ephemeral })).id);
        }
      }
      return ids;
    });
    p.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * The question `promptId` has closed: if the user's press at hand was on its controls, they are
   * disabled on that message (in the channel for everyone, since the question is closed for all;
   * an ephemeral or direct message for that user only). Not fatal: the answer was already given.
   */
  async disableClosed(roomId: string, userId: string, promptId: string): Promise<void> {
    const p = this.atHand(roomId, userId);
    const i = p?.interaction;
    if (p === undefined || i === undefined || !i.isMessageComponent()) return;
    const ref = await decodeControl(i.customId, this.ctx.cursors);
    if (ref === null || !("promptId" in ref) || ref.promptId !== promptId) return;
    const components = disabledRows(i.message.components);
    if (components.length === 0) return;
    const run = p.chain.then(async () => {
      if (i.message.flags.has(MessageFlags.Ephemeral)) await i.editReply({ components });
      else await i.message.edit({ components });
    });
    p.chain = run.catch(() => undefined);
    await run.catch((e: unknown) => {
      this.ctx.logger.warn("could not disable a closed question's controls", { error: errorMessage(e) });
    });
  }

  /** After the grace period, settles a reply the runtime has not answered (`settle` edits or deletes it). */
  async settleAfterGrace(p: PendingReply, settle: () => Promise<void>): Promise<void> {
    await sleep(this.ctx.config.replyGraceMs);
    p.chain = p.chain.then(async () => {
      if (p.state !== "deferred") return;
      p.state = "open";
      await settle();
    });
    await p.chain.catch((e: unknown) => {
      this.ctx.logger.warn("could not settle an interaction reply", { error: errorMessage(e) });
    });
  }
}
