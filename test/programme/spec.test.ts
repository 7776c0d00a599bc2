// The programme file: valid files pass; each malformed file is refused with its exact line and
// column, the field's path and a message; rooms also in the configuration are a conflict naming both.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/bot/config.ts";
import { flowLibrary } from "../../src/bot/flow-library.ts";
import { formatProgrammeError, loadProgramme, withProgrammeRooms } from "../../src/programme/load.ts";
import { parseProgramme } from "../../src/programme/spec.ts";

const valid = `id: spring
title: Spring dialogues
timeZone: Europe/Berlin
cohorts:
  - id: north
    flow: perspective-exchange
    facilitators: [alice]
    rooms: [console:north-1, console:north-2]
    schedule:
      - at: 2027-03-02 17:00
        repeat: weekly
        count: 6
`;

function errorsOf(text: string): string[] {
  const r = parseProgramme(text, "programme.yaml");
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.error.map(formatProgrammeError);
}

describe("programme file", () => {
  it("accepts a valid programme", () => {
    const r = parseProgramme(valid, "programme.yaml");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.programme.graceMinutes).toBe(30);
  });

  // Each case: the file, then the exact first error line.
  const cases: [string, string, string][] = [
    [
      "empty file",
      "",
      "programme.yaml:1:1: the file is empty; expected a programme with id, title, timeZone and cohorts",
    ],
    [
      "a list at the top",
      "- a\n- b\n",
      "programme.yaml:1:1: expected a programme: a mapping of fields such as id, title, timeZone and cohorts, got a list of 2 items",
    ],
    [
      "tab indentation",
      valid.replace("    flow:", "\tflow:"),
      "programme.yaml:6:1: invalid YAML: tabs are not allowed for indentation; indent with spaces",
    ],
    [
      "duplicate key",
      valid.replace("timeZone: Europe/Berlin\n", "timeZone: Europe/Berlin\ntimeZone: UTC\n"),
      'programme.yaml:4:1: "timeZone" appears twice in the same mapping; give each field once',
    ],
    [
      "misspelt field",
      valid.replace("    flow:", "    flows:"),
      'programme.yaml:6:5 cohorts[0].flows: unknown field "flows"; did you mean "flow"?',
    ],
    [
      "missing title",
      valid.replace("title: Spring dialogues\n", ""),
      "programme.yaml:1:1 title: missing required field; expected text",
    ],
    [
      "unknown time zone",
      valid.replace("Europe/Berlin", "CET"),
      "programme.yaml:3:11 timeZone: expected an IANA time zone such as Europe/Berlin, Asia/Jerusalem or UTC",
    ],
    [
      "bad room key",
      valid.replace("console:north-2", "discord:general"),
      'programme.yaml:8:30 cohorts[0].rooms[1]: expected a room such as "discord:<channel id>", "matrix:!<room id>:<server>" or "console:<name>", got "discord:general"',
    ],
    [
      "bad time",
      valid.replace("2027-03-02 17:00", "next tuesday"),
      'programme.yaml:10:13 cohorts[0].schedule[0].at: expected a local date and time such as "2027-03-02 17:00", got "next tuesday"',
    ],
    [
      "bad repeat",
      valid.replace("repeat: weekly", "repeat: daily"),
      'programme.yaml:11:17 cohorts[0].schedule[0].repeat: expected one of "once", "weekly", got "daily"',
    ],
    [
      "no facilitators",
      valid.replace("facilitators: [alice]", "facilitators: []"),
      "programme.yaml:7:19 cohorts[0].facilitators: expected at least 1 items, got an empty list",
    ],
    [
      "negative grace",
      valid.replace("cohorts:", "graceMinutes: -5\ncohorts:"),
      "programme.yaml:4:15 graceMinutes: expected at least 0, got -5",
    ],
    [
      "bad cohort id",
      valid.replace("id: north", "id: North Side"),
      'programme.yaml:5:9 cohorts[0].id: expected an id of lowercase letters, digits and dashes, such as north-1, got "North Side"',
    ],
    [
      "room twice",
      valid.replace("console:north-2", "console:north-1"),
      'programme.yaml:8:30 cohorts[0].rooms[1]: the room "console:north-1" is already listed at cohorts[0].rooms[0]; a room belongs to one cohort',
    ],
    [
      "time in the spring-forward gap",
      valid.replace("2027-03-02 17:00", "2027-03-28 02:30"),
      "programme.yaml:10:13 cohorts[0].schedule[0].at: 2027-03-28 02:30 does not exist in Europe/Berlin (the clocks go forward then); choose another time",
    ],
    [
      "until before the first start",
      valid.replace("count: 6", "until: 2027-01-01"),
      "programme.yaml:12:16 cohorts[0].schedule[0].until: until 2027-01-01 is before the first start 2027-03-02 17:00",
    ],
    [
      "until on a single start",
      valid.replace("        repeat: weekly\n        count: 6\n", "        until: 2027-05-01\n"),
      "programme.yaml:11:16 cohorts[0].schedule[0].until: until and count only apply to repeat: weekly; add it or remove this field",
    ],
    [
      "two documents",
      `${valid}---\nid: other\n`,
      "programme.yaml:13:1: invalid YAML: expected one programme per file, but a --- line starts a second document",
    ],
    [
      "unquoted colon in a title",
      valid.replace("title: Spring dialogues", "title: Spring: dialogues"),
      'programme.yaml:2:8: invalid YAML: a colon followed by a space inside text starts a new field; put the text in quotes, e.g. en: "Tell us: why?"',
    ],
    [
      "no cohorts",
      valid.slice(0, valid.indexOf("cohorts:")) + "cohorts: []\n",
      "programme.yaml:4:10 cohorts: expected at least 1 items, got an empty list",
    ],
    [
      "duplicate cohort id",
      valid +
        valid
          .slice(valid.indexOf("  - id: north"))
          .replace("north-1", "south-1")
          .replace("north-2", "south-2"),
      'programme.yaml:13:9 cohorts[1].id: the cohort id "north" is already used by cohorts[0]; give each cohort its own id',
    ],
  ];
  for (const [name, text, first] of cases)
    it(`refuses ${name} at its line`, () => {
      expect(errorsOf(text)[0]).toBe(first);
    });
});

describe("programme checked against the configuration and the flows", () => {
  const dir = mkdtempSync(join(tmpdir(), "parley-programme-"));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const flows = flowLibrary([]);

  it("names both places when the configuration sets up a programme room differently", async () => {
    const configText = `console: true
rooms:
  "console:north-2":
    facilitators: [bob]
`;
    const configFile = write("parley.yaml", configText);
    const config = parseConfig({ console: true, rooms: { "console:north-2": { facilitators: ["bob"] } } });
    if (!config.ok) throw new Error(config.error.message);
    const file = write("programme.yaml", valid);
    const r = await loadProgramme(file, config.value, configFile, flows);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual([
        `${file}:8:30 cohorts[0].rooms[1]: "console:north-2" is also configured at ${configFile}:3:3 rooms["console:north-2"] with other facilitators; the programme file decides its rooms: remove the room there or make both agree`,
      ]);
  });

  it("accepts a room the configuration sets up the same way, and refuses unknown flows and platforms", async () => {
    const config = parseConfig({ console: true, rooms: { "console:north-2": { facilitators: ["alice"] } } });
    if (!config.ok) throw new Error(config.error.message);
    const same = await loadProgramme(write("same.yaml", valid), config.value, null, flows);
    expect(same.ok).toBe(true);
    if (same.ok)
      expect(
        withProgrammeRooms(config.value, same.value.programme).rooms["console:north-1"]?.facilitators,
      ).toEqual(["alice"]);
    const other = write(
      "other.yaml",
      valid
        .replace("perspective-exchange", "no-such-flow")
        .replace("console:north-2", "discord:123456789012345678"),
    );
    const r = await loadProgramme(other, config.value, null, flows);
    expect(r.ok ? [] : r.error).toEqual([
      `${other}:6:11 cohorts[0].flow: no flow with the id "no-such-flow" (see parley flows list)`,
      `${other}:8:30 cohorts[0].rooms[1]: the configuration does not run discord`,
    ]);
  });
});
