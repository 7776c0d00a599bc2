// The Translator port: machine translation by a self-hosted service a programme runs (Parley
// ships no translation engine). One implementation speaks LibreTranslate's HTTP API:
// POST <url>/translate {q, source, target, format} → {translatedText, detectedLanguage?}.
// Off unless configured. What leaves Parley when it is on: the text of each contribution shown in
// the room on someone's behalf and the target language, nothing else (no author, id or room).

import { err, ok, type Problem, type Result } from "../result.ts";

export interface TranslationRequest {
  readonly text: string;
  /** "auto": the service detects it (Parley does not tell the author's language). */
  readonly source: string;
  readonly target: string;
}

export interface Translation {
  readonly text: string;
  /** The language the service detected ("auto" sources), if it said. */
  readonly detected?: string;
}

export type TranslationResult = Result<
  Translation,
  Problem<"translator.timeout" | "translator.unavailable" | "translator.bad_response">
>;

export interface Translator {
  translate(request: TranslationRequest): Promise<TranslationResult>;
}

export interface LibreTranslateOptions {
  /** The service's base URL (http://127.0.0.1:5000); `/translate` is appended. */
  readonly url: string;
  /** Some deployments require a key (PARLEY_TRANSLATOR_API_KEY; never in the config file). */
  readonly apiKey?: string;
  /** How long one request may take before it counts as failed. */
  readonly timeoutMs?: number;
}

/** Longest translation accepted back (a runaway service must not flood the room). */
const maxTranslationLength = 4000;

export function libreTranslate(options: LibreTranslateOptions): Translator {
  const endpoint = `${options.url.replace(/\/+$/, "")}/translate`;
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async translate(request) {
      const timedOut = (e: unknown): boolean =>
        e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      const timeout = err({
        code: "translator.timeout" as const,
        message: `no answer within ${String(timeoutMs)} ms`,
      });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            q: request.text,
            source: request.source,
            target: request.target,
            format: "text",
            ...(options.apiKey === undefined ? {} : { api_key: options.apiKey }),
          }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "error",
        });
      } catch (e) {
        if (timedOut(e)) return timeout;
        return err({
          code: "translator.unavailable" as const,
          message: e instanceof Error ? e.message : String(e),
        });
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (e) {
        if (timedOut(e)) return timeout;
        return err({
          code: "translator.bad_response" as const,
          message: `HTTP ${String(response.status)}: not JSON`,
        });
      }
      if (!response.ok) {
        const error = typeof body === "object" && body !== null && "error" in body ? String(body.error) : "";
        return err({
          code: "translator.unavailable" as const,
          message: `HTTP ${String(response.status)}${error === "" ? "" : `: ${error.slice(0, 200)}`}`,
        });
      }
      const text =
        typeof body === "object" && body !== null && "translatedText" in body
          ? body.translatedText
          : undefined;
      if (typeof text !== "string" || text.trim() === "" || text.length > maxTranslationLength)
        return err({
          code: "translator.bad_response" as const,
          message: "expected {translatedText: string}",
        });
      const detected =
        typeof body === "object" &&
        body !== null &&
        "detectedLanguage" in body &&
        typeof body.detectedLanguage === "object" &&
        body.detectedLanguage !== null &&
        "language" in body.detectedLanguage &&
        typeof body.detectedLanguage.language === "string"
          ? body.detectedLanguage.language
          : undefined;
      return ok(detected === undefined ? { text } : { text, detected });
    },
  };
}

/** The configured service (config `translator`; the key from the environment). */
export function translatorFrom(
  config: { readonly url: string; readonly timeoutMs: number },
  apiKey: string | undefined,
): Translator {
  return libreTranslate({
    url: config.url,
    timeoutMs: config.timeoutMs,
    ...(apiKey === undefined || apiKey === "" ? {} : { apiKey }),
  });
}
