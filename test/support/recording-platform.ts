// RecordingPlatform: a ChatPlatform test double. It records every delivery (optionally to an
// append-only JSON-lines file, so a crash test can read what a killed process delivered), lets a
// test inject inbound events as any user, and can be told to fail deliveries (rate limits, outages).
import { appendFileSync } from "node:fs";
import type {
  Capabilities,
  ChatPlatform,
  Delivery,
  DeliveryResult,
  InboundEvent,
  InboundSink,
  PlatformFailure,
  PlatformName,
  Sender,
} from "../../src/bot/ports.ts";
import { err, ok } from "../../src/result.ts";

export interface RecordingPlatformOptions {
  readonly name?: PlatformName;
  readonly roomId?: string;
  readonly capabilities?: Partial<Capabilities>;
  /** Append every delivery attempt that succeeded as a JSON line to this file. */
  readonly recordFile?: string;
  /** Clock for inbound timestamps. */
  readonly now?: () => number;
}

export interface RecordedDelivery {
  readonly attempt: number;
  readonly delivery: Delivery;
}

type SenderRef = string | Sender;

export class RecordingPlatform implements ChatPlatform {
  readonly name: PlatformName;
  readonly capabilities: Capabilities;
  readonly roomId: string;
  /** Every successful deliver() call, in order (re-sends of the same key included). */
  readonly deliveries: Delivery[] = [];
  /** Every deliver() call, failed ones included. */
  readonly attempts: Delivery[] = [];
  private sink: InboundSink | null = null;
  private readonly recordFile: string | undefined;
  private readonly now: () => number;
  private readonly failures: ((d: Delivery) => PlatformFailure | null)[] = [];
  private readonly refusals = new Map<Delivery["kind"], PlatformFailure>();
  private readonly conditions: { which: (d: Delivery) => boolean; failure: PlatformFailure }[] = [];
  private counter = 0;
  started = false;
  /** User ids the runtime asked this platform to forget (forgetUser), in order. */
  readonly forgotten: string[] = [];

  constructor(options: RecordingPlatformOptions = {}) {
    this.name = options.name ?? "test";
    this.roomId = options.roomId ?? "room";
    this.recordFile = options.recordFile;
    this.now = options.now ?? Date.now;
    this.capabilities = {
      buttons: true,
      modals: false,
      directMessages: true,
      threads: false,
      strictFloor: false,
      // Like Discord's buttons; pass false to get the runtime's private fan-out (as on Matrix).
      privateAnswersInRoom: true,
      maxMessageLength: 4000,
      ...options.capabilities,
    };
  }

  start(sink: InboundSink): Promise<void> {
    this.sink = sink;
    this.started = true;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.sink = null;
    this.started = false;
    return Promise.resolve();
  }

  /** The next deliveries fail with these failures, one each (then deliveries succeed again). */
  failNext(...failures: PlatformFailure[]): void {
    for (const f of failures) {
      let used = false;
      this.failures.push(() => {
        if (used) return null;
        used = true;
        return f;
      });
    }
  }

  /** Every delivery of this kind fails from now on (a platform missing a permission, say). */
  refuseKind(kind: Delivery["kind"], failure: PlatformFailure): void {
    this.refusals.set(kind, failure);
  }

  /** Every delivery matching `which` fails from now on (a user who cannot be messaged, say). */
  refuseWhere(which: (d: Delivery) => boolean, failure: PlatformFailure): void {
    this.conditions.push({ which, failure });
  }

  forgetUser(userId: string): Promise<void> {
    this.forgotten.push(userId);
    return Promise.resolve();
  }

  deliver(delivery: Delivery): Promise<DeliveryResult> {
    this.attempts.push(delivery);
    const refusal =
      this.refusals.get(delivery.kind) ?? this.conditions.find((c) => c.which(delivery))?.failure;
    if (refusal !== undefined) return Promise.resolve(err(refusal));
    while (this.failures.length > 0) {
      const f = this.failures.shift()?.(delivery) ?? null;
      if (f !== null) return Promise.resolve(err(f));
    }
    this.deliveries.push(delivery);
    if (this.recordFile !== undefined) appendFileSync(this.recordFile, `${JSON.stringify(delivery)}\n`);
    // A contribution post gets a message id, as a platform's post would, for `retract`.
    if (delivery.kind === "say" && delivery.contributionRef !== undefined)
      return Promise.resolve(ok({ messageIds: [`msg:${delivery.idempotencyKey}`] }));
    return Promise.resolve(ok());
  }

  /** Message ids taken back (safeguarding `hide`), in order. */
  readonly retracted: string[] = [];

  retract(_roomId: string, messageId: string): Promise<DeliveryResult> {
    this.retracted.push(messageId);
    return Promise.resolve(ok());
  }

  // --- inbound ---------------------------------------------------------------------------------

  private sender(ref: SenderRef): Sender {
    return typeof ref === "string" ? { userId: ref, displayName: ref } : ref;
  }

  /** Hands an event to the runtime (resolves once it is durable). */
  async inject(from: SenderRef, body: InboundBody, eventId?: string): Promise<void> {
    if (this.sink === null) throw new Error("RecordingPlatform is not started");
    this.counter += 1;
    const event = {
      platform: this.name,
      eventId: eventId ?? `e${this.counter}`,
      roomId: this.roomId,
      at: this.now(),
      sender: this.sender(from),
      ...body,
    } as InboundEvent;
    await this.sink(event);
  }
  command(from: SenderRef, name: string, ...args: string[]): Promise<void> {
    return this.inject(from, { kind: "command", name, args });
  }
  say(from: SenderRef, text: string): Promise<void> {
    return this.inject(from, { kind: "message", text });
  }
  choose(from: SenderRef, promptId: string, value: string): Promise<void> {
    return this.inject(from, { kind: "choice", promptId, value });
  }
  submit(from: SenderRef, promptId: string, text: string): Promise<void> {
    return this.inject(from, { kind: "private", promptId, text });
  }

  // --- queries ---------------------------------------------------------------------------------

  /** Deliveries addressed to one user (privately). */
  to(userId: string): Delivery[] {
    return this.deliveries.filter((d) => d.audience.to === "user" && d.audience.userId === userId);
  }
  /** Public deliveries. */
  room(): Delivery[] {
    return this.deliveries.filter((d) => d.audience.to === "room");
  }
  /** The latest prompt or collect request a user can answer (room-wide or private). */
  lastPromptFor(userId: string, kind: "ask" | "collect"): (Delivery & { promptId: string }) | undefined {
    for (let i = this.deliveries.length - 1; i >= 0; i--) {
      const d = this.deliveries[i];
      if (d === undefined || d.kind !== kind) continue;
      const forUser = d.audience.to === "room" || (d.audience.to === "user" && d.audience.userId === userId);
      if (forUser) return d;
    }
    return undefined;
  }
}

export type InboundBody =
  | { kind: "message"; text: string }
  | { kind: "command"; name: string; args: readonly string[] }
  | { kind: "choice"; promptId: string; value: string }
  | { kind: "private"; promptId: string; text: string }
  | { kind: "join" }
  | { kind: "leave" };

/** Plain text of a delivery's body (for assertions). */
export function textOf(d: Delivery): string {
  return "body" in d ? d.body.map((s) => s.text).join("") : "";
}
