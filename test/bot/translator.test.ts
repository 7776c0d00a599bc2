// The Translator port against a small LibreTranslate-shaped server on 127.0.0.1: what is sent,
// and a slow, failing or malformed service as failures with a stable code, never exceptions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { libreTranslate } from "../../src/bot/translator.ts";

type Handler = (body: Record<string, unknown>, res: ServerResponse) => void;

let server: Server;
let base = "";
let handler: Handler = () => undefined;
const received: Record<string, unknown>[] = [];
/** Responses held open (the slow service), ended when the test is over. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ ...body, path: req.url, contentType: req.headers["content-type"] });
      handler(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

const json = (res: ServerResponse, status: number, value: unknown): void => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
};

describe("libreTranslate", () => {
  it("posts {q, source, target, format} to /translate and returns the translation", async () => {
    handler = (body, res) => {
      json(res, 200, {
        translatedText: `[${String(body["target"])}] ${String(body["q"])}`,
        detectedLanguage: { confidence: 90, language: "en" },
      });
    };
    const t = libreTranslate({ url: `${base}/`, timeoutMs: 2000 });
    const r = await t.translate({ text: "My grandmother's garden", source: "auto", target: "ar" });
    expect(r).toEqual({ ok: true, value: { text: "[ar] My grandmother's garden", detected: "en" } });
    expect(received.at(-1)).toEqual({
      q: "My grandmother's garden",
      source: "auto",
      target: "ar",
      format: "text",
      path: "/translate",
      contentType: "application/json",
    });
  });

  it("sends the API key only when one is configured", async () => {
    handler = (_body, res) => {
      json(res, 200, { translatedText: "hola" });
    };
    await libreTranslate({ url: base, apiKey: "k-123" }).translate({
      text: "hi",
      source: "auto",
      target: "es",
    });
    expect(received.at(-1)?.["api_key"]).toBe("k-123");
  });

  it("gives up on a slow service after its timeout", async () => {
    handler = (_body, res) => held.push(res);
    const r = await libreTranslate({ url: base, timeoutMs: 150 }).translate({
      text: "hi",
      source: "auto",
      target: "he",
    });
    expect(r).toMatchObject({ ok: false, error: { code: "translator.timeout" } });
  });

  it("reports a failing service with its status and error", async () => {
    handler = (_body, res) => {
      json(res, 500, { error: "model not loaded" });
    };
    const r = await libreTranslate({ url: base }).translate({ text: "hi", source: "auto", target: "he" });
    expect(r).toEqual({
      ok: false,
      error: { code: "translator.unavailable", message: "HTTP 500: model not loaded" },
    });
  });

  it("reports a service that is not there", async () => {
    const r = await libreTranslate({ url: "http://127.0.0.1:9" }).translate({
      text: "hi",
      source: "auto",
      target: "he",
    });
    expect(r).toMatchObject({ ok: false, error: { code: "translator.unavailable" } });
  });

  it("rejects malformed answers: not JSON, no translatedText, an empty or huge one", async () => {
    const t = libreTranslate({ url: base });
    const ask = () => t.translate({ text: "hi", source: "auto", target: "ar" });
    handler = (_body, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>proxy error</html>");
    };
    expect(await ask()).toMatchObject({ ok: false, error: { code: "translator.bad_response" } });
    handler = (_body, res) => {
      json(res, 200, { translation: "مرحبا" });
    };
    expect(await ask()).toMatchObject({ ok: false, error: { code: "translator.bad_response" } });
    handler = (_body, res) => {
      json(res, 200, { translatedText: "  " });
    };
    expect(await ask()).toMatchObject({ ok: false, error: { code: "translator.bad_response" } });
    handler = (_body, res) => {
      json(res, 200, { translatedText: "x".repeat(100_000) });
    };
    expect(await ask()).toMatchObject({ ok: false, error: { code: "translator.bad_response" } });
  });
});
