// The `matrix:` section of Parley's configuration. Secrets never live here: the access token or
// password comes from the environment (MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD).
import { z } from "zod";
import { configIssues } from "../shared/config-issues.ts";
import { err, ok, type Problem, type Result } from "../../result.ts";

const userId = z.string().regex(/^@[^:\s]+:[^\s]+$/, "expected a Matrix user id such as @parley:example.org");
const roomId = z
  .string()
  .regex(/^![^:\s]+(:[^\s]+)?$/, "expected a Matrix room id such as !abc123:example.org");
/** A server name (example.org, localhost:8448) standing for every user on that server. */
const serverName = z
  .string()
  .regex(
    /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/,
    "expected a server name such as example.org",
  );
const userOrServer = z.union([userId, serverName], {
  error: "expected a Matrix user id (@name:server) or a server name (example.org)",
});

export const matrixConfigSchema = z.strictObject({
  /** Client-server API base URL, e.g. https://matrix.example.org */
  homeserverUrl: z.url({
    protocol: /^https?$/,
    error: "expected an http(s) URL such as https://matrix.example.org",
  }),
  /** The bot's account. */
  userId,
  /** Kept stable so message transaction ids stay deduplicated across restarts and password logins. */
  deviceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default("PARLEY"),
  /** Invites to the bot are accepted only from these users or from every user of these servers. */
  allowedInviters: z.array(userOrServer).default([]),
  /** Commands start with this word (`!parley start`); mentioning the bot works too. */
  commandPrefix: z
    .string()
    .regex(/^\S{1,32}$/, "expected one word such as !parley")
    .default("!parley"),
  /** Where facilitators are told things privately; without it they get direct messages. */
  facilitatorsRoom: roomId.optional(),
  /**
   * End-to-end encryption: read and write encrypted rooms (needs a store that keeps the keys;
   * MATRIX_CRYPTO_PASSPHRASE seals them there). false: the bot only tells encrypted rooms it cannot read them.
   */
  encryption: z.boolean().default(true),
  /**
   * With a shared store (PostgreSQL), how long the process holding the bot's device keeps it
   * without renewing; another process takes over after that.
   */
  deviceLeaseSeconds: z.number().int().min(5).max(3600).default(60),
  /**
   * How choices are offered: a numbered list answered by a reply or a keycap reaction (every
   * client, one event), the list plus the bot's own number reactions, or a Matrix poll.
   */
  choices: z.enum(["numbers", "reactions", "polls"]).default("numbers"),
  /**
   * One live card per stage, edited in place (issue 14, cards.ts): the stage's heading, what
   * happens in it, whose turn it is, who joined and the time left are `m.replace` edits of one
   * notice instead of posts. False: each is a notice of its own, as before.
   */
  liveCards: z.boolean().default(true),
  /**
   * Group mapping: a name → the users (or whole servers) it covers. The names a sender matches
   * reach the runtime as the sender's roles; rooms[…].groupRoles maps them to a flow's groups.
   */
  groups: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), z.array(userOrServer)).default({}),
});

export type MatrixConfig = z.infer<typeof matrixConfigSchema>;

export interface MatrixCredentials {
  readonly accessToken?: string;
  readonly password?: string;
  /** Seals the stored encryption keys (MATRIX_CRYPTO_PASSPHRASE); never logged. */
  readonly cryptoPassphrase?: string;
  /** The passphrase before a rotation (MATRIX_CRYPTO_PASSPHRASE_PREVIOUS). */
  readonly previousCryptoPassphrase?: string;
  /**
   * MATRIX_CRYPTO_KEYS_LOST=1: the operator declares that no passphrase opens the stored keys any
   * more, so the bot may delete them and sign in as a new device (crypto/device.ts). Not a secret,
   * but an environment setting like the rest: it is meant for one start, not for the config file.
   */
  readonly cryptoKeysLost?: true;
}

export type ParsedMatrixConfig = Result<
  { readonly config: MatrixConfig; readonly credentials: MatrixCredentials },
  Problem<"invalid_config" | "missing_credentials">
>;

export function parseMatrixConfig(input: unknown, env: NodeJS.ProcessEnv): ParsedMatrixConfig {
  const parsed = matrixConfigSchema.safeParse(input);
  if (!parsed.success) {
    return err({ code: "invalid_config", message: configIssues("matrix", parsed.error) });
  }
  const accessToken = env["MATRIX_ACCESS_TOKEN"];
  const password = env["MATRIX_PASSWORD"];
  if ((accessToken === undefined || accessToken === "") && (password === undefined || password === "")) {
    return err({
      code: "missing_credentials",
      message: "Set MATRIX_ACCESS_TOKEN (or MATRIX_PASSWORD) in the environment for the Matrix bot account.",
    });
  }
  const passphrase = env["MATRIX_CRYPTO_PASSPHRASE"];
  const previous = env["MATRIX_CRYPTO_PASSPHRASE_PREVIOUS"];
  const keysLost = (env["MATRIX_CRYPTO_KEYS_LOST"] ?? "").trim().toLowerCase();
  // A destructive switch: a value we cannot read as yes or no is refused, never guessed.
  if (!["", "0", "false", "no", "1", "true", "yes"].includes(keysLost)) {
    return err({
      code: "invalid_config",
      message: "MATRIX_CRYPTO_KEYS_LOST must be 1 (the stored keys are lost) or unset.",
    });
  }
  const credentials: MatrixCredentials = {
    ...(accessToken !== undefined && accessToken !== "" ? { accessToken } : { password: password ?? "" }),
    ...(passphrase === undefined || passphrase === "" ? {} : { cryptoPassphrase: passphrase }),
    ...(previous === undefined || previous === "" ? {} : { previousCryptoPassphrase: previous }),
    ...(["1", "true", "yes"].includes(keysLost) ? { cryptoKeysLost: true } : {}),
  };
  return ok({ config: parsed.data, credentials });
}

/** The group ids a user belongs to under the configured mapping. */
export function groupsOf(config: MatrixConfig, user: string): string[] {
  const server = user.slice(user.indexOf(":") + 1);
  return Object.entries(config.groups)
    .filter(([, members]) => members.some((member) => member === user || member === server))
    .map(([group]) => group);
}

/** Whether an invite from `inviter` may be accepted. */
export function mayInvite(config: MatrixConfig, inviter: string): boolean {
  const server = inviter.slice(inviter.indexOf(":") + 1);
  return config.allowedInviters.some((allowed) => allowed === inviter || allowed === server);
}
