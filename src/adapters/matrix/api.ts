// Calls to the client-server API through matrix-js-sdk's authenticated HTTP layer, with
// M_LIMIT_EXCEEDED honoured (retry_after_ms; the bot's writes wait together and take turns
// between rooms: send-gate.ts) and failures turned into PlatformFailure values.
import { ConnectionError, MatrixError, Method, type IRequestOpts, type MatrixClient } from "matrix-js-sdk";
import type { Logger, PlatformFailure } from "../../bot/ports.ts";
import { roomInContext } from "../shared/room-context.ts";
import { sleep } from "../shared/sleep.ts";
import { SendGate, type GatePass } from "./send-gate.ts";
import { err, ok, type Result } from "../../result.ts";

export type ApiResult<T> = Result<T, PlatformFailure>;

/** Rate-limit waits up to this long are absorbed here; longer ones go back to the caller. */
const MAX_INLINE_WAIT_MS = 10_000;
const MAX_ATTEMPTS = 6;

export function path(template: string, ...parts: string[]): string {
  let index = 0;
  return template.replace(/\$\w+/g, () => encodeURIComponent(parts[index++] ?? ""));
}

export function toFailure(error: unknown): PlatformFailure {
  if (error instanceof MatrixError) {
    const code = error.errcode ?? "";
    const message = `${code || "HTTP " + String(error.httpStatus ?? "?")}: ${error.data.error ?? error.message}`;
    if (error.isRateLimitError()) {
      return { code: "rate_limited", message, retryAfterMs: error.getRetryAfterMs() ?? 1000 };
    }
    if (code === "M_FORBIDDEN" || error.httpStatus === 403) return { code: "missing_permission", message };
    if (code === "M_NOT_FOUND" || error.httpStatus === 404) return { code: "not_found", message };
    if (code === "M_TOO_LARGE" || error.httpStatus === 413) return { code: "too_large", message };
    if (code === "M_UNKNOWN_TOKEN" || code === "M_MISSING_TOKEN") return { code: "unauthorized", message };
    if ((error.httpStatus ?? 0) >= 500) return { code: "unavailable", message, retryAfterMs: 5000 };
    return { code: "rejected", message };
  }
  if (error instanceof ConnectionError || (error instanceof Error && error.name === "ConnectionError")) {
    return {
      code: "unavailable",
      message: `cannot reach the homeserver: ${error.message}`,
      retryAfterMs: 5000,
    };
  }
  if (error instanceof Error && error.name === "AbortError") return { code: "aborted", message: "aborted" };
  return {
    code: "unavailable",
    message: error instanceof Error ? error.message : String(error),
    retryAfterMs: 5000,
  };
}

/** The requests that create events, which Synapse counts against the user's `rc_message`. */
const eventWrite = /^\/(rooms\/[^/]+\/(send|state|redact)\/|createRoom$)/;

/** The room a write waits as: its delivery's workshop room, else the room it goes to. */
function gateKey(apiPath: string): string {
  return roomInContext() ?? /^\/rooms\/([^/]+)\//.exec(apiPath)?.[1] ?? apiPath;
}

export class MatrixApi {
  readonly client: MatrixClient;
  readonly #logger: Logger;
  /** The bot user's writes: one rate limit for every room. */
  readonly #gate = new SendGate();

  constructor(client: MatrixClient, logger: Logger) {
    this.client = client;
    this.#logger = logger;
  }

  async request<T>(
    method: Method,
    apiPath: string,
    options: {
      query?: Record<string, string>;
      body?: Record<string, unknown>;
      signal?: AbortSignal;
      timeoutMs?: number;
      prefix?: string;
    } = {},
  ): Promise<ApiResult<T>> {
    const gated = method !== Method.Get && eventWrite.test(apiPath);
    for (let attempt = 1; ; attempt++) {
      const pass: GatePass | undefined = gated
        ? await this.#gate.enter(gateKey(apiPath), attempt > 1)
        : undefined;
      try {
        // The SDK types `priority` (a browser fetch option) as required; it is not needed here.
        // The local timeout is an AbortSignal.timeout rather than the SDK's `localTimeoutMs`: the
        // SDK arms a plain setTimeout for that and never clears it, so every request would keep
        // the process alive for its whole timeout after a stop (a SIGTERM'd bot lingering ~60 s).
        const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
        const opts = {
          abortSignal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]),
        } as IRequestOpts;
        if (options.prefix !== undefined) opts.prefix = options.prefix;
        const value = await this.client.http.authedRequest<T>(
          method,
          apiPath,
          options.query,
          options.body,
          opts,
        );
        pass?.done();
        return ok(value);
      } catch (error) {
        const failure = toFailure(error);
        const wait = failure.retryAfterMs ?? 0;
        const refused = failure.code === "rate_limited";
        if (refused) pass?.limited(wait);
        else pass?.done();
        // A write waits in the gate, with every other write, until the homeserver's wait is over;
        // another request waits here, if the wait is short. A send carries its transaction id, so
        // retrying cannot duplicate it.
        if (refused && attempt < MAX_ATTEMPTS && (pass !== undefined || wait <= MAX_INLINE_WAIT_MS)) {
          this.#logger.info("matrix: rate limited, waiting as the homeserver asks", {
            path: apiPath.split("/")[1],
            waitMs: wait,
            attempt,
          });
          if (pass === undefined) await sleep(wait, options.signal);
          continue;
        }
        return err(failure);
      }
    }
  }

  get<T>(apiPath: string, query?: Record<string, string>): Promise<ApiResult<T>> {
    return this.request<T>(Method.Get, apiPath, query === undefined ? {} : { query });
  }

  put<T>(apiPath: string, body: object): Promise<ApiResult<T>> {
    return this.request<T>(Method.Put, apiPath, { body: body as Record<string, unknown> });
  }

  post<T>(apiPath: string, body: object): Promise<ApiResult<T>> {
    return this.request<T>(Method.Post, apiPath, { body: body as Record<string, unknown> });
  }
}
