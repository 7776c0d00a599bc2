// matrix-js-sdk's logger, routed into Parley's: its chatter goes to debug, and any secret it might
// echo (the access token, the password) is redacted first.
import type { createClient } from "matrix-js-sdk";
import type { Logger } from "../../bot/ports.ts";

export type SdkLogger = NonNullable<Parameters<typeof createClient>[0]["logger"]>;

export function sdkLogger(logger: Logger, secrets: () => readonly string[]): SdkLogger {
  const scrub = (parts: unknown[]): string => {
    let text = parts
      .map((part) =>
        typeof part === "string" ? part : part instanceof Error ? part.message : JSON.stringify(part),
      )
      .join(" ");
    for (const secret of secrets()) if (secret !== "") text = text.split(secret).join("[redacted]");
    return text;
  };
  const make = (): SdkLogger => ({
    trace: () => undefined,
    debug: (...parts: unknown[]) => {
      logger.debug(`matrix-js-sdk: ${scrub(parts)}`);
    },
    info: (...parts: unknown[]) => {
      logger.debug(`matrix-js-sdk: ${scrub(parts)}`);
    },
    warn: (...parts: unknown[]) => {
      logger.warn(`matrix-js-sdk: ${scrub(parts)}`);
    },
    error: (...parts: unknown[]) => {
      logger.error(`matrix-js-sdk: ${scrub(parts)}`);
    },
    getChild: () => make(),
  });
  return make();
}
