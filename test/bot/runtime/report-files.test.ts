// `report` (facilitators): the session's report arrives as files, privately to the facilitator who
// asked, made at delivery from the store with the same builders as `parley report`; the outbox
// keeps no bytes; a participant is told it is the facilitators'; a room with no workshop is told so.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Delivery } from "../../../src/bot/ports.ts";
import { sessionReportFiles } from "../../../src/report/session-files.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, shortFlow, type Harness } from "./harness.ts";

const amal = { userId: "amal-id", displayName: "Amal Zed" };
type Files = Extract<Delivery, { kind: "files" }>;

function filesOf(h: Harness, from: number): Files[] {
  return h.platform.deliveries.slice(from).filter((d): d is Files => d.kind === "files");
}

async function workshop(flowFile: string): Promise<Harness> {
  const h = await harness();
  await h.platform.command("fac", "start", flowFile);
  await h.platform.command(amal, "join", "south");
  await h.platform.command("fac", "next");
  await h.platform.command("fac", "next");
  await h.platform.say(amal, "the weather at the harbour");
  await h.settle();
  return h;
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("report in chat", () => {
  it("delivers the HTML report to the facilitator only, as parley report writes it", async () => {
    const h = await workshop(shortFlow);
    const from = h.platform.deliveries.length;
    await h.platform.command("fac", "report");
    await h.settle();
    const [files, ...more] = filesOf(h, from);
    expect(more).toEqual([]);
    expect(files?.audience).toEqual({ to: "facilitators", userIds: ["fac"] });
    expect(textOf(files as Delivery)).toMatch(/^The report of this workshop \(Short test, session s/);
    expect(files?.files.map((f) => [f.name, f.mediaType])).toEqual([
      ["report.html", "text/html; charset=utf-8"],
    ]);
    // Nothing else was said to anyone, and nothing reached the room.
    expect(h.platform.deliveries.slice(from).filter((d) => d.kind !== "files")).toEqual([]);
    const session = await h.store.findSession(h.roomKey);
    if (session === undefined) throw new Error("no session");
    const expected = await sessionReportFiles(session, "html");
    expect(decode(files?.files[0]?.bytes ?? new Uint8Array())).toBe(expected?.get("report.html"));
    // The outbox keeps which report, never its bytes (regenerated at delivery).
    const kept = (await h.store.deliveredOutbox(h.roomKey)).filter((d) => d.kind === "report");
    expect(kept).toHaveLength(1);
    expect(JSON.stringify(kept)).not.toContain("harbour");
    expect(kept[0]).not.toHaveProperty("files");
    // Recorded in the audit trail: who asked, which format.
    const audit = await h.store.auditTrail({ roomKey: h.roomKey });
    expect(audit.map((e) => [e.action, e.actor, e.subject])).toContainEqual([
      "export",
      "fac",
      "report (html)",
    ]);
    await h.runtime.stop();
  });

  it("gives CSV tables, JSON and Markdown, also after the workshop ended", async () => {
    const h = await workshop(shortFlow);
    await h.platform.command("fac", "end");
    await h.settle();
    expect(await h.store.liveSession(h.roomKey)).toBeUndefined();
    for (const [format, names] of [
      ["csv", /^[a-z-]+\.csv$/],
      ["json", /^report\.json$/],
      ["md", /^report\.md$/],
    ] as const) {
      const from = h.platform.deliveries.length;
      await h.platform.command("fac", "report", format);
      await h.settle();
      const [files] = filesOf(h, from);
      expect(files?.files.length, format).toBeGreaterThan(0);
      for (const f of files?.files ?? []) expect(f.name, format).toMatch(names);
    }
    await h.runtime.stop();
  });

  it("keeps the flow's confidentiality: no name under chatham-house", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-report-files-"));
    const flow = join(dir, "chatham.yaml");
    writeFileSync(
      flow,
      readFileSync(shortFlow, "utf8").replace("confidentiality: open", "confidentiality: chatham-house"),
    );
    const h = await workshop(flow);
    for (const format of ["html", "csv", "json", "md"]) {
      const from = h.platform.deliveries.length;
      await h.platform.command("fac", "report", format);
      await h.settle();
      const [files] = filesOf(h, from);
      const text = (files?.files ?? []).map((f) => decode(f.bytes)).join("\n");
      expect(text.length, format).toBeGreaterThan(0);
      // No name, platform id or participant id (p1) in any format.
      expect(text, format).not.toMatch(/Amal|amal-id|\bp1\b/);
    }
    await h.runtime.stop();
  });

  it("makes the files when it sends them: a forget-me confirmed while a report waits leaves that person out", async () => {
    const h = await workshop(shortFlow);
    // Markdown carries the record: in an open workshop, who said what.
    let from = h.platform.deliveries.length;
    await h.platform.command("fac", "report", "md");
    await h.settle();
    const before = decode(filesOf(h, from)[0]?.files[0]?.bytes ?? new Uint8Array());
    expect(before).toContain("harbour");
    // The next report is held back by the platform (rate limited) while amal is forgotten.
    h.platform.failNext({ code: "rate_limited", message: "slow down", retryAfterMs: 60_000 });
    from = h.platform.deliveries.length;
    await h.platform.command("fac", "report", "md");
    await vi.waitFor(() => {
      expect(h.platform.attempts.at(-1)?.kind).toBe("files");
    });
    await h.platform.command(amal, "forget-me");
    await h.platform.command("fac", "confirm-forget", "p1");
    const session = await h.store.findSession(h.roomKey);
    await vi.waitFor(async () => {
      expect(await h.store.participants(session?.id ?? "")).toEqual([]);
    });
    // The retry comes due (the harness's `advance` would first wait for the held delivery).
    await h.clock.advanceBy(60_000);
    await h.settle();
    const [files] = filesOf(h, from);
    const after = decode(files?.files[0]?.bytes ?? new Uint8Array());
    expect(after).toContain("Short test");
    expect(after).not.toMatch(/harbour|Amal/);
    await h.runtime.stop();
  });

  it("tells the facilitator when there is nothing to report, and a participant that it is not theirs", async () => {
    const h = await harness();
    await h.platform.command("fac", "report");
    await h.settle();
    expect(h.platform.deliveries.map((d) => [d.kind, d.audience, textOf(d)])).toEqual([
      ["say", { to: "user", userId: "fac" }, "There is no workshop in this room to report on yet."],
    ]);
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.settle();
    const from = h.platform.deliveries.length;
    await h.platform.command(amal, "report", "csv");
    await h.settle();
    expect(h.platform.deliveries.slice(from).map((d) => [d.kind, d.audience, textOf(d)])).toEqual([
      ["say", { to: "user", userId: "amal-id" }, "Only facilitators can use report."],
    ]);
    const bad = h.platform.deliveries.length;
    await h.platform.command("fac", "report", "pdf");
    await h.settle();
    expect(h.platform.deliveries.slice(bad).map(textOf)).toEqual([
      "That is not how report works. Usage: report [html|csv|json|md]",
    ]);
    await h.runtime.stop();
  });
});
