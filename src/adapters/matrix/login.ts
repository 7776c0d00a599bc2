// Logging in: an access token from the environment, or a password login with the configured
// device id; the token is then checked to belong to matrix.userId.
import { createClient, type MatrixClient } from "matrix-js-sdk";
import type { Logger } from "../../bot/ports.ts";
import { MatrixApi, toFailure } from "./api.ts";
import type { MatrixConfig, MatrixCredentials } from "./config.ts";
import { sdkLogger } from "./sdk-logger.ts";

/** Logs in and returns the API; throws (a start-up failure) when the homeserver refuses. */
export async function connect(
  config: MatrixConfig,
  credentials: MatrixCredentials,
  logger: Logger,
  /** Waits before each /sync request (the crypto state is stored before anything is acknowledged). */
  beforeSync: () => Promise<void> = () => Promise.resolve(),
): Promise<{ api: MatrixApi; deviceId: string }> {
  let accessToken = "";
  const logs = sdkLogger(logger, () => [
    accessToken,
    credentials.password ?? "",
    credentials.cryptoPassphrase ?? "",
    credentials.previousCryptoPassphrase ?? "",
  ]);
  let token = credentials.accessToken;
  if (token === undefined) {
    const loginClient = createClient({ baseUrl: config.homeserverUrl, logger: logs });
    try {
      const login = await loginClient.loginRequest({
        type: "m.login.password",
        identifier: { type: "m.id.user", user: config.userId },
        password: credentials.password ?? "",
        device_id: config.deviceId,
        initial_device_display_name: "Parley",
      });
      token = login.access_token;
    } catch (error) {
      throw new Error(`Matrix login as ${config.userId} failed: ${toFailure(error).message}`, {
        cause: error,
      });
    }
  }
  accessToken = token;
  const client: MatrixClient = createClient({
    baseUrl: config.homeserverUrl,
    accessToken: token,
    userId: config.userId,
    deviceId: config.deviceId,
    logger: logs,
    // Each /sync acknowledges the to-device messages of the one before: it waits until what the
    // crypto made of them is committed to the store.
    fetchFn: async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (new URL(url).pathname.endsWith("/sync")) await beforeSync();
      return fetch(input, init);
    },
  });
  const api = new MatrixApi(client, logger);
  const whoami = await api.get<{ user_id: string; device_id?: string }>("/account/whoami");
  if (!whoami.ok) throw new Error(`Matrix credentials were refused: ${whoami.error.message}`);
  if (whoami.value.user_id !== config.userId) {
    throw new Error(
      `The Matrix credentials belong to ${whoami.value.user_id}, not to matrix.userId ${config.userId}`,
    );
  }
  return { api, deviceId: whoami.value.device_id ?? config.deviceId };
}
