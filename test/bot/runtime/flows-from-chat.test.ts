// `start <flow>` from a chat room names a flow by id only (issue 10, finding 10): a path is refused
// without reading it, and no answer carries a file's content, values, key names or a hint that a
// path exists. The same flow id from a configured flow directory starts.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { flowDirs, parseConfig } from "../../../src/bot/config.ts";
import { builtinFlowsDir, flowLibrary } from "../../../src/bot/flow-library.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, shortFlow } from "./harness.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-chat-flows-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const secret = "SECRET-ID-VALUE-XYZ";
// A flow directory with one good flow and one JSON file that is not a flow.
const flowsDir = join(tmp, "flows");
mkdirSync(flowsDir);
copyFileSync(shortFlow, join(flowsDir, "our-flow.yaml"));
writeFileSync(join(flowsDir, "settings.json"), JSON.stringify({ db_password: secret, id: secret }));
// A file outside it, that a facilitator in chat must not be able to read.
const outside = join(tmp, "private");
mkdirSync(outside);
const secretFile = join(outside, "secrets.json");
writeFileSync(secretFile, JSON.stringify({ db_password: secret, api: { token: secret } }));
writeFileSync(join(outside, "not-json.yaml"), `${secret}: [unclosed\n`);

const config = {
  rooms: { "test:room": { facilitators: ["fac"] } },
  flows: { dirs: [flowsDir] },
};

async function chatAnswers(...refs: string[]): Promise<string[]> {
  const h = await harness({ config, flowPaths: false });
  const answers: string[] = [];
  for (const ref of refs) {
    const before = h.platform.to("fac").length;
    await h.platform.command("fac", "start", ref);
    await h.settle();
    answers.push(
      h.platform
        .to("fac")
        .slice(before)
        .map((d) => textOf(d))
        .join("\n"),
    );
  }
  expect(await h.store.liveSession(h.roomKey)).toBeUndefined();
  expect(h.platform.room()).toEqual([]);
  await h.runtime.stop();
  return answers;
}

function expectNoLeak(text: string): void {
  expect(text).not.toContain(secret);
  expect(text).not.toMatch(/db_password|token|unclosed|api/);
  expect(text).not.toContain(tmp);
}

describe("start <flow> from a chat room", () => {
  it("refuses absolute, ../ and other path forms without reading them, the same answer whether the file exists or not", async () => {
    const fromCwd = relative(process.cwd(), secretFile);
    expect(fromCwd.startsWith("../")).toBe(true);
    const answers = await chatAnswers(
      secretFile,
      fromCwd,
      join(outside, "not-json.yaml"),
      join(outside, "missing.yaml"),
      "../../etc/passwd.yaml",
      "./flows/perspective-exchange.yaml",
      "C:\\flows\\x.yaml",
    );
    for (const a of answers) {
      expectNoLeak(a);
      expect(a).toMatch(/Only a flow id is accepted here/);
      // Every path form gets the same answer: nothing tells an existing file from a missing one.
      expect(a).toBe(answers[0]);
    }
    // The answer offers the ids that can be started.
    expect(answers[0]).toMatch(/our-flow/);
    expect(answers[0]).toMatch(/perspective-exchange/);
  });

  it("names a flow of the flow directory that is not valid and counts its problems, without its content", async () => {
    const [unusable, unknown] = await chatAnswers("settings", "no-such-flow");
    expectNoLeak(unusable ?? "");
    expect(unusable).toMatch(/The flow settings cannot be used: it has \d+ problems?\./);
    expect(unusable).toMatch(/parley flows validate/);
    expectNoLeak(unknown ?? "");
    expect(unknown).toMatch(/There is no flow no-such-flow\. Flows: .*our-flow/);
  });

  it("starts the same flow by id from a configured flow directory, and a built-in flow by id", async () => {
    const h = await harness({ config, flowPaths: false });
    await h.platform.command("fac", "start", "our-flow");
    await h.settle();
    expect((await h.store.liveSession(h.roomKey))?.flowId).toBe("short-test");
    await h.platform.command("fac", "end");
    await h.settle();
    await h.platform.command("fac", "start", "perspective-exchange");
    await h.settle();
    expect((await h.store.liveSession(h.roomKey))?.flowId).toBe("perspective-exchange");
    await h.runtime.stop();
  });

  it("still takes a path where the operator types (the terminal room, simulations), with the full errors", async () => {
    const h = await harness({ config, flowPaths: true });
    await h.platform.command("fac", "start", join(outside, "not-json.yaml"));
    await h.settle();
    expect(h.platform.to("fac").map(textOf).join("\n")).toMatch(/not-json\.yaml:\d+:\d+ : invalid YAML/);
    await h.platform.command("fac", "start", shortFlow);
    await h.settle();
    expect((await h.store.liveSession(h.roomKey))?.flowId).toBe("short-test");
    await h.runtime.stop();
  });
});

describe("the flow library", () => {
  it("lists ids and titles, never paths; a configured directory's id hides a built-in one", async () => {
    const dir = join(tmp, "shadow");
    mkdirSync(dir);
    copyFileSync(shortFlow, join(dir, "perspective-exchange.yaml"));
    const library = flowLibrary([dir]);
    const choices = await library.choices();
    expect(choices).toContainEqual({ id: "perspective-exchange", title: "Short test" });
    expect(choices.map((c) => c.id)).toEqual([...new Set(choices.map((c) => c.id))]);
    expect(JSON.stringify(choices)).not.toContain("/");
    const loaded = await library.load("perspective-exchange", { paths: false });
    expect(loaded.ok && loaded.value.spec.id).toBe("short-test");
  });

  it("defaults flows.dirs to ./flows of the working directory when it exists", () => {
    const parsed = parseConfig({});
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(flowDirs(parsed.value, outside)).toEqual([]);
    expect(flowDirs(parsed.value, tmp)).toEqual([flowsDir]);
    const configured = parseConfig({ flows: { dirs: ["flows", "/srv/parley-flows"] } });
    if (!configured.ok) throw new Error(configured.error.message);
    expect(flowDirs(configured.value, outside)).toEqual([join(outside, "flows"), "/srv/parley-flows"]);
    // From Parley's own checkout, ./flows is the built-in directory: listed once.
    expect(builtinFlowsDir).toMatch(/flows\/?$/);
  });
});
