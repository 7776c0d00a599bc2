// End-to-end encryption for the bot's own /sync loop, with matrix-js-sdk's Rust crypto
// (@matrix-org/matrix-sdk-crypto-wasm's OlmMachine, the engine behind initRustCrypto). The adapter
// runs its own /sync (to store the sync position only after the runtime stored a batch), so it
// drives the OlmMachine directly: each sync's to-device events, device-list changes and key counts
// go in before the batch's room events are decrypted; outgoing key requests go out through the
// same API; a send to an encrypted room shares the room key with every joined or invited member's
// devices (verified or not: see the README's trust policy) and is encrypted. The machine's
// IndexedDB is fake-indexeddb, persisted write-through into Parley's store (persisted-idb.ts).
import * as wasm from "@matrix-org/matrix-sdk-crypto-wasm";
import { Method } from "matrix-js-sdk";
import type { CryptoStateStore, Logger } from "../../../bot/ports.ts";
import { err, ok, type Result } from "../../../result.ts";
import { path, type ApiResult, type MatrixApi } from "../api.ts";
import type { RawEvent } from "../inbound.ts";
import { SerialQueues } from "../../shared/serial-queues.ts";
import { errorMessage } from "../../shared/errors.ts";
import { partCipher, passphraseKey } from "./cipher.ts";
import { PersistedIndexedDb } from "./persisted-idb.ts";
import { randomBytes } from "node:crypto";

export interface SyncCryptoChanges {
  readonly to_device?: { readonly events?: readonly unknown[] };
  readonly device_lists?: { readonly changed?: readonly string[]; readonly left?: readonly string[] };
  readonly device_one_time_keys_count?: Readonly<Record<string, number>>;
  readonly device_unused_fallback_key_types?: readonly string[];
}

export type Decrypted = Result<RawEvent, { readonly code: "undecryptable"; readonly reason: string }>;

export interface E2eeOptions {
  readonly userId: string;
  readonly deviceId: string;
  readonly store: CryptoStateStore;
  readonly logger: Logger;
  /** MATRIX_CRYPTO_PASSPHRASE; undefined stores the state unsealed (a warning is logged). */
  readonly passphrase: string | undefined;
  /** MATRIX_CRYPTO_PASSPHRASE_PREVIOUS during a rotation: the state is re-sealed with the new one. */
  readonly previousPassphrase: string | undefined;
}

const SALT = "salt";

export class E2ee {
  readonly #machine: wasm.OlmMachine;
  readonly #persisted: PersistedIndexedDb;
  readonly #logger: Logger;
  #api: MatrixApi | undefined;
  /** One outgoing-requests round at a time; one room's key share at a time. */
  readonly #queues = new SerialQueues();
  /** Whether the device existed in the store before this start (false: a new device). */
  readonly restored: boolean;

  private constructor(
    machine: wasm.OlmMachine,
    persisted: PersistedIndexedDb,
    logger: Logger,
    restored: boolean,
  ) {
    this.#machine = machine;
    this.#persisted = persisted;
    this.#logger = logger;
    this.restored = restored;
  }

  /** The store's name for one device's crypto state. */
  static owner(userId: string, deviceId: string): string {
    return `matrix:${userId}/${deviceId}`;
  }

  static async open(options: E2eeOptions): Promise<E2ee> {
    const owner = E2ee.owner(options.userId, options.deviceId);
    const parts = await options.store.loadCryptoState(owner);
    let salt = parts.get(SALT);
    if (salt === undefined) {
      salt = randomBytes(16);
      await options.store.saveCryptoState(owner, new Map([[SALT, salt]]));
    }
    if (options.passphrase === undefined)
      options.logger.warn(
        "matrix: MATRIX_CRYPTO_PASSPHRASE is not set; the bot's encryption keys are stored unsealed in its store",
      );
    const key = options.passphrase === undefined ? undefined : passphraseKey(options.passphrase, salt);
    const older =
      options.previousPassphrase === undefined ? [] : [passphraseKey(options.previousPassphrase, salt)];
    const persisted = new PersistedIndexedDb(options.store, owner, partCipher(key, older), options.logger);
    const restored = await persisted.restore();
    // A rotation: every part is written again under the new passphrase.
    if (options.previousPassphrase !== undefined) await persisted.rewriteAll();
    await wasm.initAsync();
    const handle = await wasm.StoreHandle.open(storePrefix(options.userId, options.deviceId), undefined);
    const machine = await wasm.OlmMachine.initFromStore(
      new wasm.UserId(options.userId),
      new wasm.DeviceId(options.deviceId),
      handle,
    );
    handle.free();
    const e2ee = new E2ee(machine, persisted, options.logger, restored);
    return e2ee;
  }

  /** The device's identity keys (they must never change for a device). */
  identityKeys(): { ed25519: string; curve25519: string } {
    const keys = this.#machine.identityKeys;
    return { ed25519: keys.ed25519.toBase64(), curve25519: keys.curve25519.toBase64() };
  }

  /** Binds the homeserver API and uploads the device's keys if they are not there yet. */
  async start(api: MatrixApi): Promise<void> {
    this.#api = api;
    await this.#outgoing();
  }

  /** Resolves when every crypto change so far is committed to Parley's store. */
  flushed(): Promise<void> {
    return this.#persisted.flushed();
  }

  /** One sync's to-device events, device-list changes and key counts (before its room events). */
  async receiveSync(sync: SyncCryptoChanges): Promise<void> {
    const counts = new Map<string, number>(Object.entries(sync.device_one_time_keys_count ?? {}));
    const fallback =
      sync.device_unused_fallback_key_types === undefined
        ? undefined
        : new Set<string>(sync.device_unused_fallback_key_types);
    const lists = new wasm.DeviceLists(
      (sync.device_lists?.changed ?? []).map((u) => new wasm.UserId(u)),
      (sync.device_lists?.left ?? []).map((u) => new wasm.UserId(u)),
    );
    await this.#machine.receiveSyncChanges(
      JSON.stringify(sync.to_device?.events ?? []),
      lists,
      counts,
      fallback,
    );
    await this.#outgoing();
  }

  /** Decrypts an `m.room.encrypted` event into the event it carries. */
  async decrypt(roomId: string, event: RawEvent): Promise<Decrypted> {
    try {
      const decrypted = await this.#machine.decryptRoomEvent(
        JSON.stringify(event),
        new wasm.RoomId(roomId),
        new wasm.DecryptionSettings(wasm.TrustRequirement.Untrusted),
      );
      const inner = JSON.parse(decrypted.event) as { type?: string; content?: Record<string, unknown> };
      decrypted.free();
      // Relations (replies, edits, threads) travel beside the ciphertext, where servers can
      // aggregate them: put them back where the rest of the adapter reads them.
      const content = { ...(inner.content ?? {}) };
      const relation = event.content?.["m.relates_to"];
      if (relation !== undefined && content["m.relates_to"] === undefined) content["m.relates_to"] = relation;
      return ok({ ...event, type: inner.type ?? "", content });
    } catch (error) {
      const reason =
        error instanceof wasm.MegolmDecryptionError
          ? `${wasm.DecryptionErrorCode[error.code]}: ${error.description}`
          : errorMessage(error);
      return err({ code: "undecryptable", reason });
    }
  }

  /**
   * Encrypts `content` for the room: the room key is shared first with every device of `members`
   * (joined and invited users) that does not have it yet.
   */
  encrypt(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
    members: readonly string[],
  ): Promise<ApiResult<Record<string, unknown>>> {
    return this.#queues.run(`room:${roomId}`, async () => {
      try {
        const users = members.map((m) => new wasm.UserId(m));
        await this.#machine.updateTrackedUsers(users.map((u) => u.clone()));
        await this.#outgoing();
        const claim = await this.#machine.getMissingSessions(users.map((u) => u.clone()));
        if (claim !== null) {
          const sent = await this.#send(claim);
          if (!sent.ok) return sent;
        }
        const settings = new wasm.EncryptionSettings();
        const shares = await this.#machine.shareRoomKey(new wasm.RoomId(roomId), users, settings);
        for (const share of shares) {
          const sent = await this.#send(share);
          if (!sent.ok) return sent;
        }
        const encrypted = await this.#machine.encryptRoomEvent(
          new wasm.RoomId(roomId),
          type,
          JSON.stringify(content),
        );
        await this.#outgoing();
        return ok(JSON.parse(encrypted) as Record<string, unknown>);
      } catch (error) {
        return err({
          code: "unavailable",
          message: `encryption failed: ${errorMessage(error)}`,
          retryAfterMs: 5000,
        });
      }
    });
  }

  /** Forgets the room keys this device holds for a room (retention): its messages stay unreadable. */
  async forgetRoomKeys(roomId: string): Promise<void> {
    await this.#machine.invalidateGroupSession(new wasm.RoomId(roomId));
    await this.#persisted.deleteRoomKeys(roomId);
  }

  /** Sends what the machine wants sent (key uploads, key queries, to-device messages). */
  #outgoing(): Promise<void> {
    return this.#queues.run("outgoing", async () => {
      for (let round = 0; round < 5; round++) {
        const requests = await this.#machine.outgoingRequests();
        if (requests.length === 0) return;
        for (const request of requests) {
          const sent = await this.#send(request);
          if (!sent.ok)
            this.#logger.warn("matrix: an encryption request failed; it is retried later", {
              code: sent.error.code,
              message: sent.error.message,
            });
        }
      }
    });
  }

  async #send(request: OutgoingRequest): Promise<ApiResult<void>> {
    const api = this.#api;
    if (api === undefined) return err({ code: "unavailable", message: "not started", retryAfterMs: 1000 });
    const target = requestTarget(request);
    if (target === undefined) return ok(undefined);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    const response = await api.request<unknown>(target.method, target.path, {
      body,
      prefix: "/_matrix/client/v3",
      ...(target.query === undefined ? {} : { query: target.query }),
    });
    if (!response.ok) return response;
    if (request.id !== undefined)
      await this.#machine.markRequestAsSent(request.id, request.type, JSON.stringify(response.value));
    return ok(undefined);
  }

  async close(): Promise<void> {
    await this.#queues.run("outgoing", () => Promise.resolve());
    await this.#persisted.close();
    this.#machine.close();
  }
}

type OutgoingRequest =
  | wasm.KeysUploadRequest
  | wasm.KeysQueryRequest
  | wasm.KeysClaimRequest
  | wasm.ToDeviceRequest
  | wasm.SignatureUploadRequest
  | wasm.RoomMessageRequest
  | wasm.KeysBackupRequest;

function requestTarget(
  request: OutgoingRequest,
): { method: Method; path: string; query?: Record<string, string> } | undefined {
  if (request instanceof wasm.KeysUploadRequest) return { method: Method.Post, path: "/keys/upload" };
  if (request instanceof wasm.KeysQueryRequest) return { method: Method.Post, path: "/keys/query" };
  if (request instanceof wasm.KeysClaimRequest) return { method: Method.Post, path: "/keys/claim" };
  if (request instanceof wasm.SignatureUploadRequest)
    return { method: Method.Post, path: "/keys/signatures/upload" };
  if (request instanceof wasm.ToDeviceRequest)
    return { method: Method.Put, path: path("/sendToDevice/$type/$txn", request.event_type, request.txn_id) };
  if (request instanceof wasm.RoomMessageRequest)
    return {
      method: Method.Put,
      path: path("/rooms/$room/send/$type/$txn", request.room_id, request.event_type, request.txn_id),
    };
  if (request instanceof wasm.KeysBackupRequest)
    return { method: Method.Put, path: "/room_keys/keys", query: { version: request.version } };
  return undefined;
}

/** The IndexedDB prefix of one device's crypto store. */
function storePrefix(userId: string, deviceId: string): string {
  return `parley:${userId}:${deviceId}`;
}
