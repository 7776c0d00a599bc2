// The bot's Matrix device and its encryption keys: one process at a time holds the device (a lease
// in a shared store; a SQLite store already admits one bot process), its keys are opened from the
// store, and a device whose keys were lost (the homeserver knows other identity keys for it, or
// the operator declared them lost) is replaced: with a password the bot logs in as a new device
// and tells its encrypted rooms; with only an access token it stays out of encrypted rooms and
// logs how to recover. A passphrase that does not open the keys stops the bot at start, changing
// nothing: it is most often a deployment typo, and replacing the device cannot be undone.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { CryptoStateStore, Logger } from "../../../bot/ports.ts";
import { MatrixError } from "matrix-js-sdk";
import { toFailure, type MatrixApi } from "../api.ts";
import type { MatrixConfig, MatrixCredentials } from "../config.ts";
import { WrongPassphraseError } from "./cipher.ts";
import { E2ee } from "./e2ee.ts";

/** How long a process holds the bot's device without renewing it (a shared store). */
export const DEVICE_LEASE_MS = 60_000;

export interface DeviceOptions {
  readonly config: MatrixConfig;
  readonly credentials: MatrixCredentials;
  readonly store: CryptoStateStore;
  readonly logger: Logger;
  /** Logs in again as another device (password credentials only). */
  readonly relogin: (deviceId: string) => Promise<{ api: MatrixApi; deviceId: string }>;
  /** Where the replacement device's id is remembered across restarts. */
  readonly rememberDevice: (deviceId: string) => Promise<void>;
  /** The lease was lost to another process: stop using the device. */
  readonly onLeaseLost: () => Promise<void>;
  readonly leaseMs?: number;
}

export type DeviceStart =
  | { readonly kind: "ready"; readonly e2ee: E2ee; readonly api: MatrixApi; readonly replaced?: string }
  | { readonly kind: "lost" };

export class BotDevice {
  readonly #options: DeviceOptions;
  readonly #holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  #timer: NodeJS.Timeout | undefined;
  #e2ee: E2ee | undefined;

  constructor(options: DeviceOptions) {
    this.#options = options;
  }

  /** Holds the device, opens its keys and uploads them; replaces a device whose keys were lost. */
  async start(api: MatrixApi, deviceId: string): Promise<DeviceStart> {
    const { config, credentials, store, logger } = this.#options;
    // One lease per bot account, whichever device it uses now: a process that starts with a
    // replacement device must still wait for one that started with the configured one.
    await this.#hold(`matrix-device:${config.userId}`);
    let e2ee: E2ee;
    try {
      e2ee = await this.#open(deviceId);
    } catch (error) {
      if (!(error instanceof WrongPassphraseError)) throw error;
      if (credentials.cryptoKeysLost !== true) throw new Error(wrongPassphrase, { cause: error });
      if (credentials.password === undefined) throw new Error(lostWithoutPassword, { cause: error });
      // Declared lost: sealed keys nobody can open are of no use, so they go, as from a wiped store.
      await clear(store, E2ee.owner(config.userId, deviceId));
      return this.#replace(deviceId, "declared lost (MATRIX_CRYPTO_KEYS_LOST)");
    }
    if (credentials.cryptoKeysLost === true)
      logger.warn(
        "matrix: MATRIX_CRYPTO_KEYS_LOST is set but the stored encryption keys open with this passphrase; it was ignored (remove it)",
        { deviceId },
      );
    if (!e2ee.restored && (await this.#serverKnowsOtherKeys(api, deviceId, e2ee))) {
      // The store lost this device's keys: the homeserver (and every member's client) knows it by
      // other keys, so it can never be this device again.
      await e2ee.close();
      await clear(store, E2ee.owner(config.userId, deviceId));
      if (credentials.password === undefined) {
        logger.error(
          "matrix: the stored encryption keys of this device are lost; encrypted rooms are not read. Log the bot in as a new device (a new access token with another device id in matrix.deviceId), or set MATRIX_PASSWORD so it does so itself",
          { deviceId },
        );
        return { kind: "lost" };
      }
      return this.#replace(deviceId, "they are gone from the store");
    }
    await e2ee.start(api);
    this.#e2ee = e2ee;
    return { kind: "ready", e2ee, api };
  }

  /** Logs in as a new device (password credentials), remembered from then on, with new keys. */
  async #replace(lost: string, why: string): Promise<DeviceStart> {
    const replacement = `${this.#options.config.deviceId}_${randomBytes(3).toString("hex").toUpperCase()}`;
    const again = await this.#options.relogin(replacement);
    await this.#options.rememberDevice(again.deviceId);
    this.#options.logger.error(
      "matrix: the stored encryption keys were lost; the bot logged in as a new device",
      { lost, deviceId: again.deviceId, why },
    );
    await this.#forget(again.api, lost);
    const fresh = await this.#open(again.deviceId);
    await fresh.start(again.api);
    this.#e2ee = fresh;
    return { kind: "ready", e2ee: fresh, api: again.api, replaced: lost };
  }

  /**
   * Deletes the lost device on the homeserver (password authentication), so members' clients
   * stop sharing room keys with a device nobody can use and stop listing it as the bot's.
   */
  async #forget(api: MatrixApi, lost: string): Promise<void> {
    const { config, credentials, logger } = this.#options;
    const auth = {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: config.userId },
      password: credentials.password ?? "",
    };
    try {
      await api.client.deleteDevice(lost).catch(async (error: unknown) => {
        // User-interactive authentication: the first refusal names the session to answer in.
        const session: unknown = error instanceof MatrixError ? error.data["session"] : undefined;
        if (typeof session !== "string") throw error;
        await api.client.deleteDevice(lost, { ...auth, session });
      });
    } catch (error) {
      logger.warn(
        "matrix: could not delete the lost device on the homeserver; members' clients still list it",
        {
          lost,
          error: toFailure(error).message,
        },
      );
    }
  }

  #open(deviceId: string): Promise<E2ee> {
    const { config, credentials, store, logger } = this.#options;
    return E2ee.open({
      userId: config.userId,
      deviceId,
      store,
      logger,
      passphrase: credentials.cryptoPassphrase,
      previousPassphrase: credentials.previousCryptoPassphrase,
    });
  }

  async #serverKnowsOtherKeys(api: MatrixApi, deviceId: string, e2ee: E2ee): Promise<boolean> {
    const userId = this.#options.config.userId;
    const query = await api.post<{
      device_keys?: Record<string, Record<string, { keys?: Record<string, string> }>>;
    }>("/keys/query", { device_keys: { [userId]: [deviceId] } });
    if (!query.ok) throw new Error(`could not read the bot's device keys: ${query.error.message}`);
    const known = query.value.device_keys?.[userId]?.[deviceId]?.keys?.[`ed25519:${deviceId}`];
    return known !== undefined && known !== e2ee.identityKeys().ed25519;
  }

  /** Takes the device's lease (waiting for another process's to lapse) and keeps renewing it. */
  async #hold(device: string): Promise<void> {
    const { store, logger } = this.#options;
    const leaseMs = this.#options.leaseMs ?? DEVICE_LEASE_MS;
    const claim = () => store.claimRoom(device, this.#holder, Date.now(), Date.now() + leaseMs);
    while (!(await claim())) {
      logger.warn("matrix: another process holds the bot's device; waiting for its lease to lapse", {
        device,
      });
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 4));
    }
    this.#timer = setInterval(() => {
      void claim().then(
        async (held) => {
          if (held) return;
          logger.error("matrix: the lease on the bot's device was lost; this process stops syncing");
          await this.#options.onLeaseLost();
        },
        (error: unknown) => {
          logger.warn("matrix: could not renew the device lease", { error: String(error) });
        },
      );
    }, leaseMs / 3);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#e2ee?.close();
    await this.#options.store.releaseRooms(this.#holder);
  }
}

const wrongPassphrase =
  "the stored Matrix encryption state does not open with this passphrase; nothing was changed. " +
  "Put the right passphrase back in MATRIX_CRYPTO_PASSPHRASE; or, to change it, start once with the new one " +
  "in MATRIX_CRYPTO_PASSPHRASE and the old one in MATRIX_CRYPTO_PASSPHRASE_PREVIOUS; or, only if the old " +
  "passphrase is truly lost, start once with MATRIX_CRYPTO_KEYS_LOST=1: the bot then deletes the stored keys, " +
  "signs in as a new device (needs MATRIX_PASSWORD) and tells its encrypted rooms it cannot read what was sent before";

const lostWithoutPassword =
  "MATRIX_CRYPTO_KEYS_LOST is set but the bot can only make a new device with MATRIX_PASSWORD; nothing was changed. " +
  "Set MATRIX_PASSWORD, or log the bot in as a new device yourself (a new access token with another device id in matrix.deviceId)";

/** Deletes every stored part of one device's crypto state. */
async function clear(store: CryptoStateStore, owner: string): Promise<void> {
  const parts = await store.loadCryptoState(owner);
  await store.saveCryptoState(owner, new Map([...parts.keys()].map((part) => [part, null])));
}
