// Issue 10, finding 10, end to end on Discord (the bot process against the Discord double): the
// `/parley start flow:` autocomplete offers ids and titles, never a path, and a path typed into it
// is refused without its file being read.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { content } from "../harness.ts";
import { command, privateTo, roomTexts, startE2E, writeTempFlow, type E2E } from "./driver.ts";

const secret = "SECRET-ID-VALUE-XYZ";

describe("flows from a Discord channel, end to end", () => {
  let e2e: E2E;
  const outside = mkdtempSync(join(tmpdir(), "parley-outside-"));
  beforeAll(async () => {
    e2e = await startE2E();
  }, 120_000);
  afterAll(async () => {
    await e2e.stop();
    rmSync(outside, { recursive: true, force: true });
  });

  it("autocompletes ids and titles of the flow directory and the built-in flows, never a path", async () => {
    const id = writeTempFlow({
      id: "autocomplete-check",
      version: 1,
      title: { en: "Autocomplete check" },
      description: { en: "One message." },
      defaultLocale: "en",
      confidentiality: "open",
      stages: [{ id: "hello", kind: "message", text: { en: "Hello." } }],
    });
    const { server, facilitator, channel } = e2e.world;
    const typed = (text: string) =>
      server.autocomplete(facilitator.id, channel.id, "facilitate", "start", "flow", text);
    expect(await typed("autocomplete")).toEqual([
      { name: "Autocomplete check (autocomplete-check)", value: id },
    ]);
    const all = await typed("");
    expect(all.map((c) => c["value"])).toEqual(expect.arrayContaining(["perspective-exchange", id]));
    for (const c of all)
      expect(`${String(c["name"])} ${String(c["value"])}`).not.toMatch(/[/\\]|\.ya?ml|\.json/);
  });

  it("refuses a path to a file on the server without reading it", async () => {
    const file = join(outside, "secrets.json");
    writeFileSync(file, JSON.stringify({ db_password: secret }));
    const { server, facilitator } = e2e.world;
    const before = privateTo(e2e, facilitator).length;
    await command(e2e, facilitator, "start", { flow: file });
    const answer = await server.waitUntil(
      () =>
        privateTo(e2e, facilitator)
          .slice(before)
          .map(content)
          .find((t) => /flow id/.test(t)),
      20_000,
      "the refusal",
    );
    expect(answer).toMatch(/Only a flow id is accepted here, not a file path/);
    const everything = [...privateTo(e2e, facilitator).map(content), ...roomTexts(e2e)].join("\n");
    expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/db_password|secrets\.json/);
    expect(roomTexts(e2e)).toEqual([]);
  });

  it("offers soft or strict turn-taking at /facilitate start, refusing privately what the flow does not offer", async () => {
    const soft = writeTempFlow({
      id: "soft-only",
      version: 1,
      title: { en: "Soft only" },
      description: { en: "One message." },
      defaultLocale: "en",
      confidentiality: "open",
      stages: [{ id: "hello", kind: "message", text: { en: "Hello." } }],
    });
    const { server, facilitator, channel } = e2e.world;
    // A fixed choice list: Discord's client offers only these two.
    expect(() =>
      server.command(facilitator.id, channel.id, "facilitate", "start", {
        flow: soft,
        "turn-taking": "sideways",
      }),
    ).toThrow(/not one of its choices/);
    const before = privateTo(e2e, facilitator).length;
    await command(e2e, facilitator, "start", { flow: soft, "turn-taking": "strict" });
    const refusal = await server.waitUntil(
      () =>
        privateTo(e2e, facilitator)
          .slice(before)
          .map(content)
          .find((t) => /turn-taking/.test(t)),
      20_000,
      "the refusal",
    );
    expect(refusal).toMatch(/soft-only runs with soft turn-taking .*only, so it cannot start with strict/);
    expect(server.ephemeralsFor(facilitator.id).map(content)).toContain(refusal);
    expect(roomTexts(e2e)).toEqual([]);

    // perspective-exchange offers both: it opens, and runs its turns strictly.
    await command(e2e, facilitator, "start", { flow: "perspective-exchange", "turn-taking": "strict" });
    const spec = await server.waitUntil(
      () => {
        const db = new DatabaseSync(e2e.dbPath, { readOnly: true });
        try {
          const row = db
            .prepare("SELECT spec FROM sessions WHERE flow_id = ?")
            .get("perspective-exchange") as { spec: string } | undefined;
          return row === undefined ? undefined : (JSON.parse(row.spec) as { turnEnforcement: string });
        } finally {
          db.close();
        }
      },
      20_000,
      "the session",
    );
    expect(spec.turnEnforcement).toBe("strict");
  });
});
