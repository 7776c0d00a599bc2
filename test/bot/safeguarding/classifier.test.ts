// The classifier port against a small local HTTP server on 127.0.0.1: it answers, is slow, fails,
// answers with something malformed, or is not there at all.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClassifier } from "../../../src/bot/safeguarding/classifier.ts";

interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
/** Answers held back by the slow endpoint, released when the test ends. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const path = req.url ?? "";
      seen.push({ path, headers: req.headers, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(typeof value === "string" ? value : JSON.stringify(value));
      };
      const text = (JSON.parse(body) as { text: string }).text;
      if (path === "/ok") json(200, { flagged: text.includes("terror"), categories: ["violence"] });
      else if (path === "/slow") held.push(res);
      else if (path === "/fail") json(503, { error: "down" });
      else if (path === "/not-json") json(200, "<html>oops</html>");
      else if (path === "/wrong-shape") json(200, { flagged: "yes" });
      else if (path === "/bad-categories") json(200, { flagged: true, categories: [1, 2] });
      else if (path === "/array") json(200, [true]);
      else json(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const classifier = (path: string, timeoutMs = 2000) => httpClassifier({ url: `${base}${path}`, timeoutMs });

describe("the classifier port", () => {
  it("sends only the text, and reads the verdict", async () => {
    seen.length = 0;
    expect(await classifier("/ok").classify("you are all terrorists")).toEqual({
      ok: true,
      flagged: true,
      categories: ["violence"],
    });
    expect(await classifier("/ok").classify("we need a bridge")).toMatchObject({ ok: true, flagged: false });
    const first = seen[0];
    expect(first?.path).toBe("/ok");
    expect(JSON.parse(first?.body ?? "")).toEqual({ text: "you are all terrorists" });
    // No cookie, authorisation, referrer or any header of ours that could carry who or where.
    const headers = Object.keys(first?.headers ?? {}).filter(
      (k) => k.startsWith("x-") || k === "cookie" || k === "authorization" || k === "referer",
    );
    expect(headers).toEqual([]);
  });

  it("gives up on a slow classifier at its timeout", async () => {
    const verdict = await classifier("/slow", 150).classify("hello");
    expect(verdict).toMatchObject({ ok: false, code: "classifier.timeout" });
  });

  it("reports a failing classifier as unavailable", async () => {
    expect(await classifier("/fail").classify("hello")).toMatchObject({
      ok: false,
      code: "classifier.unavailable",
    });
  });

  it("reports a classifier that is not there as unavailable", async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const verdict = await httpClassifier({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }).classify("x");
    expect(verdict).toMatchObject({ ok: false, code: "classifier.unavailable" });
  });

  it("reports malformed answers", async () => {
    for (const path of ["/not-json", "/wrong-shape", "/bad-categories", "/array"]) {
      expect(await classifier(path).classify("hello"), path).toMatchObject({
        ok: false,
        code: "classifier.malformed",
      });
    }
  });
});
