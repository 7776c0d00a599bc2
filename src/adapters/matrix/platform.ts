// MatrixPlatform: Parley's workshops in Matrix rooms, a thin facade over the parts of this folder
// (see README.md for the file map). It translates both ways and holds no workshop logic.
import type {
  Capabilities,
  ChatPlatform,
  CryptoStateStore,
  CursorStore,
  Delivery,
  DeliveryResult,
  InboundEvent,
  InboundSink,
  Logger,
} from "../../bot/ports.ts";
import { splitWords } from "../../bot/commands.ts";
import { PrivateAnswers } from "./answers.ts";
import type { MatrixApi } from "./api.ts";
import { Asking } from "./ask.ts";
import { MatrixCards } from "./cards.ts";
import { Audiences } from "./audiences.ts";
import { byNumbers } from "./choices/numbers.ts";
import { byPolls } from "./choices/polls.ts";
import { byReactions } from "./choices/reactions.ts";
import { Collecting } from "./collect.ts";
import { Commands } from "./commands.ts";
import type { MatrixConfig, MatrixCredentials } from "./config.ts";
import type { MatrixContext } from "./context.ts";
import { Countdowns } from "./countdown.ts";
import { forRoom } from "../shared/room-context.ts";
import { Deliveries } from "./deliver.ts";
import { DirectRooms } from "./direct-rooms.ts";
import type { BotDevice } from "./crypto/device.ts";
import { EncryptionNotices } from "./encryption.ts";
import { FacilitatorsByDirectMessage } from "./facilitators/direct.ts";
import { FacilitatorsRoom } from "./facilitators/room.ts";
import { PinnedHelp } from "./help.ts";
import { FileSending } from "./files.ts";
import { Floors } from "./floor.ts";
import { redactedBy } from "./inbound.ts";
import { answerInvite } from "./invites.ts";
import { InFlight } from "../shared/in-flight.ts";
import { connect } from "./login.ts";
import { Names } from "./names.ts";
import { Posting } from "./post.ts";
import { failed } from "./send.ts";
import { AdapterState } from "./state.ts";
import { SyncLoop } from "./sync.ts";
import { Translator } from "./translate.ts";

export interface MatrixPlatformOptions {
  readonly config: MatrixConfig;
  readonly credentials: MatrixCredentials;
  readonly cursors: CursorStore;
  /** Keeps the end-to-end encryption keys; without it encrypted rooms get a notice instead. */
  readonly cryptoState?: CryptoStateStore;
  /** The room's configured facilitators (rooms[…].facilitators), told about unreadable messages. */
  readonly facilitatorsOf?: (roomId: string) => readonly string[];
  readonly logger: Logger;
  /** Events per room per sync response; a larger gap is backfilled through /messages. */
  readonly timelineLimit?: number;
  /** Long-poll timeout of /sync (ms). */
  readonly syncTimeoutMs?: number;
  /** Splits a command line into words; the runtime's shared grammar (src/bot/commands.ts) by default. */
  readonly splitCommandLine?: (line: string) => string[];
  /**
   * The locale of a Matrix room's public text (rooms[…].locale, else the configured locale), for
   * the adapter's own notices; English when absent.
   */
  readonly localeOf?: (roomId: string) => string | undefined;
}

const CAPABILITIES: Capabilities = {
  buttons: false,
  modals: false,
  directMessages: true,
  threads: false,
  strictFloor: true,
  // Reactions, poll answers and replies are room events every member sees.
  privateAnswersInRoom: false,
  maxMessageLength: 8000,
};

export class MatrixPlatform implements ChatPlatform {
  readonly name = "matrix";
  readonly capabilities: Capabilities;

  readonly #options: MatrixPlatformOptions;
  readonly #ctx: MatrixContext;
  #api: MatrixApi | undefined;
  #sink: InboundSink | undefined;
  readonly #names: Names;
  readonly #commands: Commands;
  readonly #directRooms: DirectRooms;
  readonly #answers: PrivateAnswers;
  readonly #encryption: EncryptionNotices;
  readonly #translator: Translator;
  readonly #floors: Floors;
  readonly #cards: MatrixCards;
  readonly #deliveries: Deliveries;
  readonly #sync: SyncLoop;
  #device: BotDevice | undefined;

  constructor(options: MatrixPlatformOptions) {
    this.#options = options;
    // Instructions name the command as it is typed here (the prefix is configurable).
    this.capabilities = {
      ...CAPABILITIES,
      commandPrefix: `${options.config.commandPrefix} `,
      liveCards: options.config.liveCards,
    };
    const ctx: MatrixContext = {
      config: options.config,
      logger: options.logger,
      state: new AdapterState(options.cursors),
      localeOf: options.localeOf ?? (() => undefined),
      crypto: () => (this.#encryption.active === undefined ? undefined : this.#encryption),
      api: () => {
        if (this.#api === undefined) throw new Error("MatrixPlatform used before start()");
        return this.#api;
      },
    };
    this.#ctx = ctx;
    const emit = (event: InboundEvent): Promise<void> => this.#emit(event);
    const inFlight = new InFlight();
    this.#names = new Names(ctx);
    this.#commands = new Commands(ctx, options.splitCommandLine ?? splitWords, emit);
    this.#directRooms = new DirectRooms(ctx);
    this.#answers = new PrivateAnswers(ctx, this.#names, this.#commands, emit, inFlight);
    const facilitatorsRoom = options.config.facilitatorsRoom;
    const facilitators =
      facilitatorsRoom === undefined
        ? new FacilitatorsByDirectMessage(this.#directRooms)
        : new FacilitatorsRoom(facilitatorsRoom, this.#names);
    this.#encryption = new EncryptionNotices(ctx, {
      names: this.#names,
      directRooms: this.#directRooms,
      facilitators,
      facilitatorsOf: options.facilitatorsOf ?? (() => []),
    });
    this.#translator = new Translator(ctx, {
      names: this.#names,
      commands: this.#commands,
      answers: this.#answers,
      directRooms: this.#directRooms,
      encryption: this.#encryption,
      emit,
    });

    const audiences = new Audiences(this.#directRooms, facilitators);
    const choices = { numbers: byNumbers, reactions: byReactions, polls: byPolls }[options.config.choices];
    this.#floors = new Floors(ctx);
    const countdowns = new Countdowns(ctx);
    this.#cards = new MatrixCards(ctx, this.#names, this.#directRooms);
    this.#deliveries = new Deliveries(
      ctx,
      {
        posting: new Posting(ctx, audiences, this.#answers, countdowns),
        asking: new Asking(ctx, audiences, this.#answers, choices),
        collecting: new Collecting(ctx, audiences, this.#directRooms, this.#answers, countdowns),
        floors: this.#floors,
        help: new PinnedHelp(ctx, this.#names),
        cards: this.#cards,
        files: new FileSending(ctx, audiences),
      },
      inFlight,
    );
    this.#sync = new SyncLoop(
      ctx,
      {
        invited: (roomId, inviteState) => answerInvite(ctx, roomId, inviteState),
        present: async (roomId, events) => {
          this.#names.remember(roomId, events);
          await this.#encryption.ifEncrypted(roomId, events);
        },
        members: (roomId, stateEvents) => {
          this.#names.remember(roomId, stateEvents);
        },
        joined: (roomId, events) => this.#encryption.ifEncrypted(roomId, events),
        event: async (roomId, event) => {
          // The bot's own messages are never read back; one that an earlier device of the bot
          // encrypted (its keys lost since) must not be held and reported as unreadable.
          if (event.type === "m.room.encrypted" && event.sender === ctx.config.userId) return;
          // A redaction (never encrypted) may take the room's live card: it is posted again.
          const redacts = redactedBy(event);
          if (redacts !== undefined && event.sender !== ctx.config.userId)
            await this.#deliveries.redactionSeen(roomId, redacts);
          const readable = await this.#encryption.inbound(roomId, event);
          if (readable !== undefined) await this.#translator.event(roomId, readable);
        },
        crypto: async (changes) => {
          await this.#encryption.active?.receiveSync(changes);
        },
        settled: () => this.#encryption.retryHeld((roomId, event) => this.#translator.event(roomId, event)),
        left: async (roomId, timeline) => {
          await this.#directRooms.closed(roomId);
          const kicked = timeline.find(
            (e) => e.type === "m.room.member" && e.state_key === ctx.config.userId,
          );
          ctx.logger.info("matrix: the bot is no longer in a room", { roomId, by: kicked?.sender });
        },
      },
      { timelineLimit: options.timelineLimit ?? 100, timeoutMs: options.syncTimeoutMs ?? 30_000 },
    );
  }

  get userId(): string {
    return this.#ctx.config.userId;
  }

  async start(sink: InboundSink): Promise<void> {
    const { config, credentials } = this.#options;
    // A device that replaced one whose keys were lost is used from then on (password logins).
    const remembered = credentials.password === undefined ? undefined : await this.#ctx.state.cryptoDevice();
    const connected = await this.#connect(remembered ?? config.deviceId);
    this.#api = connected.api;
    this.#sink = sink;
    await this.#startCrypto(connected.deviceId);
    await this.#commands.learnBotNames();
    await this.#sync.start();
  }

  #connect(deviceId: string): ReturnType<typeof connect> {
    const { config, credentials } = this.#options;
    // Each /sync waits until the crypto state is committed to the store.
    return connect({ ...config, deviceId }, credentials, this.#ctx.logger, () =>
      this.#device === undefined
        ? Promise.resolve()
        : (this.#encryption.active?.flushed() ?? Promise.resolve()),
    );
  }

  /**
   * Opens the device's encryption keys from the store and uploads its keys (crypto/device.ts).
   * Without a crypto store or with `matrix.encryption: false` the bot stays out of encrypted
   * rooms (it tells them why).
   */
  async #startCrypto(deviceId: string): Promise<void> {
    const { config, credentials, cryptoState } = this.#options;
    const logger = this.#ctx.logger;
    if (!config.encryption) {
      this.#encryption.off("disabled");
      return;
    }
    if (cryptoState === undefined) {
      this.#encryption.off("unavailable");
      logger.warn("matrix: no store for encryption keys; encrypted rooms are not read");
      return;
    }
    const { BotDevice } = await import("./crypto/device.ts");
    const device = new BotDevice({
      config,
      credentials,
      store: cryptoState,
      logger,
      relogin: (replacement) => this.#connect(replacement),
      rememberDevice: (replacement) => this.#ctx.state.setCryptoDevice(replacement),
      onLeaseLost: () => this.#sync.stop(),
      leaseMs: config.deviceLeaseSeconds * 1000,
    });
    this.#device = device;
    const started = await device.start(this.#ctx.api(), deviceId);
    if (started.kind === "lost") {
      this.#encryption.off("unavailable");
      return;
    }
    this.#api = started.api;
    this.#encryption.use(started.e2ee);
    logger.info("matrix: end-to-end encryption ready", {
      restored: started.e2ee.restored,
      ed25519: started.e2ee.identityKeys().ed25519,
    });
    if (started.replaced !== undefined) await this.#encryption.deviceReplaced();
  }

  async stop(): Promise<void> {
    await this.#sync.stop();
    await this.#deliveries.inFlight.settled();
    await this.#device?.stop();
  }

  deliver(delivery: Delivery): Promise<DeliveryResult> {
    if (this.#api === undefined) {
      return Promise.resolve(
        failed({ code: "unavailable", message: "the Matrix platform is not started", retryAfterMs: 1000 }),
      );
    }
    // Its writes wait as the workshop room's (the rate limit's turns: send-gate.ts).
    return forRoom(delivery.roomId, () => this.#deliveries.deliver(delivery));
  }

  retract(roomId: string, messageId: string): Promise<DeliveryResult> {
    if (this.#api === undefined)
      return Promise.resolve(
        failed({ code: "unavailable", message: "the Matrix platform is not started", retryAfterMs: 1000 }),
      );
    return forRoom(roomId, () => this.#deliveries.retract(roomId, messageId));
  }

  /**
   * Drops what the adapter keeps about a forgotten user: their direct room (which the bot also
   * leaves), what is open there, their entries in saved floors, and their display names.
   */
  async forgetUser(userId: string): Promise<void> {
    this.#names.forgetUser(userId);
    await this.#answers.forgetUser(userId);
    await this.#ctx.state.forgetCountdownHosts();
    await this.#cards.forgetNames();
    const directRoom = await this.#directRooms.forgetUser(userId);
    // Before start (no homeserver yet) only the adapter's own records can be dropped.
    if (this.#api === undefined) return;
    if (directRoom !== undefined) await this.#directRooms.leave(directRoom);
    await this.#floors.forgetUser(userId);
  }

  /** Retention removed the room's last session: its stored room keys go too. */
  async forgetRoom(roomId: string): Promise<void> {
    await this.#encryption.forgetRoomKeys(roomId);
  }

  async #emit(event: InboundEvent): Promise<void> {
    const sink = this.#sink;
    if (sink === undefined) throw new Error("MatrixPlatform: no sink (start() was not called)");
    await sink(event);
  }
}
