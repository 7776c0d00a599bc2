// The port to an external content classifier a programme runs (no classifier ships with Parley).
// It receives only the text: no author, participant id, room, session or platform; the request is
// `POST <url>` with the JSON body `{"text": "…"}` and no other identifying header. The answer is
// `{"flagged": boolean, "categories"?: string[]}`. A slow, failing or malformed answer is a value
// (never an exception), and the caller applies the programme's safe default.

export interface ClassifierConfig {
  readonly url: string;
  /** How long to wait for an answer (ms). */
  readonly timeoutMs: number;
}

export type ClassifierVerdict =
  | { readonly ok: true; readonly flagged: boolean; readonly categories: readonly string[] }
  | {
      readonly ok: false;
      readonly code: "classifier.timeout" | "classifier.unavailable" | "classifier.malformed";
      readonly message: string;
    };

export interface ContentClassifier {
  classify(text: string): Promise<ClassifierVerdict>;
}

const maxCategories = 20;

export function httpClassifier(config: ClassifierConfig): ContentClassifier {
  return {
    async classify(text) {
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(config.timeoutMs),
          redirect: "error",
        });
      } catch (e) {
        const timedOut = e instanceof DOMException && e.name === "TimeoutError";
        return timedOut
          ? { ok: false, code: "classifier.timeout", message: `no answer within ${config.timeoutMs} ms` }
          : {
              ok: false,
              code: "classifier.unavailable",
              message: e instanceof Error ? e.message : String(e),
            };
      }
      let body: unknown;
      try {
        if (!response.ok) {
          await response.body?.cancel();
          return { ok: false, code: "classifier.unavailable", message: `HTTP ${response.status}` };
        }
        body = await response.json();
      } catch (e) {
        const timedOut = e instanceof DOMException && e.name === "TimeoutError";
        return timedOut
          ? { ok: false, code: "classifier.timeout", message: `no answer within ${config.timeoutMs} ms` }
          : { ok: false, code: "classifier.malformed", message: "the answer is not JSON" };
      }
      return verdictOf(body);
    },
  };
}

/** Reads a classifier's JSON answer; anything but `{flagged: boolean, categories?: string[]}` is malformed. */
export function verdictOf(body: unknown): ClassifierVerdict {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, code: "classifier.malformed", message: "the answer is not a JSON object" };
  const { flagged, categories } = body as { flagged?: unknown; categories?: unknown };
  if (typeof flagged !== "boolean")
    return { ok: false, code: "classifier.malformed", message: '"flagged" is not true or false' };
  if (
    categories !== undefined &&
    (!Array.isArray(categories) || !categories.every((c) => typeof c === "string"))
  )
    return { ok: false, code: "classifier.malformed", message: '"categories" is not a list of strings' };
  return {
    ok: true,
    flagged,
    // Categories are the classifier's words, shown to facilitators: bounded.
    categories: (categories ?? []).slice(0, maxCategories).map((c) => c.slice(0, 60)),
  };
}
