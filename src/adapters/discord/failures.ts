// Discord's errors → the port's failure values (stable codes; the runtime decides what to retry).
import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import type { PlatformFailure } from "../../bot/ports.ts";
import { errorMessage } from "../shared/errors.ts";

/** Missing Permissions (50013) or Missing Access (50001). */
export function isPermissionCode(code: number | string): boolean {
  return code === 50013 || code === 50001;
}

export function toFailure(e: unknown): PlatformFailure {
  if (e instanceof RateLimitError) {
    return {
      code: "rate_limited",
      message: `Discord rate limit on ${e.route}`,
      retryAfterMs: Math.max(e.retryAfter, 1),
    };
  }
  if (e instanceof DiscordAPIError) {
    if (isPermissionCode(e.code))
      return { code: "missing_permission", message: `Discord refused: ${e.message}` };
    if (e.code === 10003 || e.code === 10008 || e.code === 10013 || e.code === 10015 || e.code === 10062) {
      return { code: "not_found", message: `Discord: ${e.message}` };
    }
    // 40005: a file above Discord's upload limit.
    if (e.code === 50035 || e.code === 50006 || e.code === 40005)
      return { code: "too_large", message: `Discord rejected the payload: ${e.message}` };
    if (e.status === 429) return { code: "rate_limited", message: e.message, retryAfterMs: 1000 };
    if (e.status >= 500) return { code: "unavailable", message: e.message, retryAfterMs: 2000 };
    return { code: "rejected", message: `Discord: ${e.message} (${String(e.code)})` };
  }
  if (e instanceof HTTPError) {
    return { code: "unavailable", message: `Discord HTTP ${e.status}`, retryAfterMs: 2000 };
  }
  return { code: "unavailable", message: errorMessage(e), retryAfterMs: 2000 };
}
