// `parley programme validate|plan`: what an operator reads, and the exit codes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/dashboard/server.ts";
import { hashPassword, runProgrammeCommand } from "../../src/cli/programme.ts";

const dir = mkdtempSync(join(tmpdir(), "parley-programme-cli-"));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const programme = write(
  "programme.yaml",
  `id: spring
title: Spring
timeZone: America/New_York
cohorts:
  - id: north
    flow: perspective-exchange
    facilitators: [alice]
    rooms: [console:a]
    schedule:
      - { at: 2027-03-09 18:00, repeat: weekly, count: 2 }
`,
);

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runProgrammeCommand(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, {});
  return { code, out, err };
}

describe("parley programme", () => {
  it("validates a programme, and refuses a broken one with its located errors", async () => {
    expect(await cli(["validate", programme])).toEqual({
      code: 0,
      out: [`${programme}: valid programme "spring": 1 cohorts, 1 rooms`],
      err: [],
    });
    const broken = write("broken.yaml", "id: spring\ntitle: Spring\ntimeZone: Mars/Olympus\ncohorts: []\n");
    const r = await cli(["validate", broken]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `${broken}:3:11 timeZone: expected an IANA time zone such as Europe/Berlin, Asia/Jerusalem or UTC`,
      `${broken}:4:10 cohorts: expected at least 1 items, got an empty list`,
    ]);
  });

  it("plans starts in local time and UTC (New York moves to summer time between them)", async () => {
    const r = await cli(["plan", programme, "--from", "2027-03-01", "--days", "30"]);
    expect(r.out).toEqual([
      "LOCAL TIME        ZONE              UTC               COHORT  ROOM       FLOW",
      "2027-03-09 18:00  America/New_York  2027-03-09 23:00  north   console:a  perspective-exchange",
      "2027-03-16 18:00  America/New_York  2027-03-16 22:00  north   console:a  perspective-exchange",
    ]);
  });

  it("hashes dashboard passwords with scrypt (salted: two hashes differ, both verify)", async () => {
    const a = await hashPassword("a long passphrase");
    const b = await hashPassword("a long passphrase");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("a long passphrase", a)).toBe(true);
    expect(await verifyPassword("a long passphrase!", a)).toBe(false);
  });
});
