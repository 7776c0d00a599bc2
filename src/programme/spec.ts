// A programme file (programme.yaml): many workshop rooms at once, grouped in cohorts that each run
// one flow on a weekly schedule, with their facilitators and group mapping. Pure: no I/O, no clock.
import { z } from "zod";
import { flowIdPattern } from "../bot/flow-library.ts";
import { parseLocated, type LocatedError, type Locate } from "../flows/load.ts";
import { err, ok, type Result } from "../result.ts";
import { isTimeZone, localDateTimePattern, zonedToUtc } from "./time.ts";

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, "expected an id of lowercase letters, digits and dashes, such as north-1");

const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a locale tag such as en or ar");

const timeZone = z
  .string()
  .refine(isTimeZone, "expected an IANA time zone such as Europe/Berlin, Asia/Jerusalem or UTC");

/** `<platform>:<room id>`: a Discord channel id, a Matrix room id, or a terminal room's name. */
export const programmeRoomPattern =
  /^(discord:\d{17,20}|matrix:![^\s:]+:[^\s]+|console:[A-Za-z0-9._-]{1,64})$/;

const roomKey = z
  .string()
  .regex(
    programmeRoomPattern,
    'expected a room such as "discord:<channel id>", "matrix:!<room id>:<server>" or "console:<name>"',
  );

const localDateTime = z
  .string()
  .regex(localDateTimePattern, 'expected a local date and time such as "2027-03-02 17:00"');

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as "2027-05-25"');

const slotSchema = z.strictObject({
  /** Local date and time of the first start, in the cohort's (or programme's) time zone. */
  at: localDateTime,
  /** Once (the default) or every week at the same local time. */
  repeat: z.enum(["once", "weekly"]).default("once"),
  /** The last date a weekly start may fall on (inclusive); absent: `count` or the plan's horizon. */
  until: localDate.optional(),
  /** How many weekly starts in all. */
  count: z.number().int().min(1).max(520).optional(),
});
export type ProgrammeSlot = z.output<typeof slotSchema>;

const cohortSchema = z.strictObject({
  id: slug,
  title: z.string().min(1).max(200).optional(),
  /** The flow each room of the cohort runs, by id (the configured flow directories and the built-in flows). */
  flow: z.string().regex(flowIdPattern, "expected a flow id such as perspective-exchange"),
  rooms: z.array(roomKey).min(1).max(500),
  /** Platform user ids of the facilitators of every room of the cohort. */
  facilitators: z.array(z.string().min(1).max(200)).min(1),
  /** Platform role ids whose holders facilitate. */
  facilitatorRoles: z.array(z.string().min(1)).default([]),
  /** Platform role id → the flow's group id. */
  groupRoles: z.record(z.string().min(1), z.string().min(1)).default({}),
  locale: locale.optional(),
  /** Overrides the programme's time zone for this cohort's schedule. */
  timeZone: timeZone.optional(),
  schedule: z.array(slotSchema).min(1).max(100),
});
export type Cohort = z.output<typeof cohortSchema>;

export const programmeSchema = z
  .strictObject({
    id: slug,
    title: z.string().min(1).max(200),
    timeZone,
    /** A start that fell due while the bot was down still happens this long after its time; later, it is missed. */
    graceMinutes: z.number().int().min(0).max(1440).default(30),
    /** Facilitators are told privately this long before their room opens (0: not told). */
    notifyMinutesBefore: z.number().int().min(0).max(10_080).default(15),
    cohorts: z.array(cohortSchema).min(1).max(500),
  })
  .superRefine((p, ctx) => {
    const cohortIds = new Map<string, number>();
    const roomAt = new Map<string, string>();
    p.cohorts.forEach((cohort, i) => {
      const first = cohortIds.get(cohort.id);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["cohorts", i, "id"],
          message: `the cohort id "${cohort.id}" is already used by cohorts[${first}]; give each cohort its own id`,
          params: { code: "programme.duplicate_id" },
        });
      else cohortIds.set(cohort.id, i);
      cohort.rooms.forEach((room, j) => {
        const where = `cohorts[${i}].rooms[${j}]`;
        const before = roomAt.get(room);
        if (before !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["cohorts", i, "rooms", j],
            message: `the room "${room}" is already listed at ${before}; a room belongs to one cohort`,
            params: { code: "programme.duplicate_room" },
          });
        else roomAt.set(room, where);
      });
      const zone = cohort.timeZone ?? p.timeZone;
      cohort.schedule.forEach((slot, j) => {
        const path = ["cohorts", i, "schedule", j];
        if (isTimeZone(zone) && zonedToUtc(slot.at, zone) === null)
          ctx.addIssue({
            code: "custom",
            path: [...path, "at"],
            message: `${slot.at} does not exist in ${zone} (the clocks go forward then); choose another time`,
            params: { code: "programme.invalid_value" },
          });
        if (slot.repeat === "once" && (slot.until !== undefined || slot.count !== undefined))
          ctx.addIssue({
            code: "custom",
            path: [...path, slot.until !== undefined ? "until" : "count"],
            message: "until and count only apply to repeat: weekly; add it or remove this field",
            params: { code: "programme.inconsistent" },
          });
        if (slot.until !== undefined && slot.until < slot.at.slice(0, 10))
          ctx.addIssue({
            code: "custom",
            path: [...path, "until"],
            message: `until ${slot.until} is before the first start ${slot.at}`,
            params: { code: "programme.inconsistent" },
          });
      });
    });
  });
export type Programme = z.output<typeof programmeSchema>;

export type ProgrammeParseResult = Result<{ programme: Programme; locate: Locate }, LocatedError[]>;

/** Validates a programme file's text; every error is `file:line:column path: message`. */
export function parseProgramme(source: string, fileName: string): ProgrammeParseResult {
  const parsed = parseLocated(source, fileName, programmeSchema, {
    prefix: "programme",
    what: "programme",
    empty: "the file is empty; expected a programme with id, title, timeZone and cohorts",
    notAMapping: "expected a programme: a mapping of fields such as id, title, timeZone and cohorts",
  });
  return parsed.ok ? ok({ programme: parsed.value.value, locate: parsed.value.locate }) : err(parsed.error);
}

/** What the programme is checked against besides itself: the configuration and the flows. */
export interface ProgrammeContext {
  /** Flow ids that can be started by id. */
  readonly flowIds: ReadonlySet<string>;
  /** Platforms the configuration runs ("console" when the terminal room is on). */
  readonly platforms: ReadonlySet<string>;
  /** The configuration's own rooms, each with where it is written (for a conflict naming both places). */
  readonly configRooms: ReadonlyMap<string, ConfiguredRoom>;
}

export interface ConfiguredRoom {
  readonly facilitators: readonly string[];
  readonly facilitatorRoles: readonly string[];
  readonly groupRoles: Readonly<Record<string, string>>;
  /** `parley.yaml:12:3 rooms["discord:1234"]` */
  readonly where: string;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

const sameRecord = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  sameList(
    Object.entries(a).map(([k, v]) => `${k}=${v}`),
    Object.entries(b).map(([k, v]) => `${k}=${v}`),
  );

/**
 * Checks a valid programme against the configuration and the flows: unknown flows, rooms on
 * platforms the configuration does not run, and rooms the configuration also sets up differently
 * (the programme file is the source of truth for its rooms; the error names both places).
 */
export function checkProgramme(
  programme: Programme,
  locate: Locate,
  context: ProgrammeContext,
): LocatedError[] {
  const errors: LocatedError[] = [];
  const add = (code: string, path: (string | number)[], message: string) =>
    errors.push({ code, ...locate(path), message });
  programme.cohorts.forEach((cohort, i) => {
    if (!context.flowIds.has(cohort.flow))
      add(
        "programme.unknown_flow",
        ["cohorts", i, "flow"],
        `no flow with the id "${cohort.flow}" (see parley flows list)`,
      );
    cohort.rooms.forEach((room, j) => {
      const platform = room.slice(0, room.indexOf(":"));
      if (!context.platforms.has(platform))
        add(
          "programme.platform_not_configured",
          ["cohorts", i, "rooms", j],
          `the configuration does not run ${platform === "console" ? "the terminal room (console: true)" : platform}`,
        );
      const configured = context.configRooms.get(room);
      if (configured === undefined) return;
      const differs = [
        sameList(configured.facilitators, cohort.facilitators) ? null : "facilitators",
        sameList(configured.facilitatorRoles, cohort.facilitatorRoles) ? null : "facilitatorRoles",
        sameRecord(configured.groupRoles, cohort.groupRoles) ? null : "groupRoles",
      ].filter((d): d is string => d !== null);
      if (differs.length > 0)
        add(
          "programme.conflict",
          ["cohorts", i, "rooms", j],
          `"${room}" is also configured at ${configured.where} with other ${differs.join(" and ")}; ` +
            "the programme file decides its rooms: remove the room there or make both agree",
        );
    });
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return errors;
}

/** The room settings a programme gives its rooms (merged into the configuration's rooms by `parley run`). */
export function programmeRooms(programme: Programme): Map<
  string,
  {
    facilitators: string[];
    facilitatorRoles: string[];
    groupRoles: Record<string, string>;
    locale?: string;
  }
> {
  const rooms = new Map<
    string,
    {
      facilitators: string[];
      facilitatorRoles: string[];
      groupRoles: Record<string, string>;
      locale?: string;
    }
  >();
  for (const cohort of programme.cohorts)
    for (const room of cohort.rooms)
      rooms.set(room, {
        facilitators: [...cohort.facilitators],
        facilitatorRoles: [...cohort.facilitatorRoles],
        groupRoles: { ...cohort.groupRoles },
        ...(cohort.locale === undefined ? {} : { locale: cohort.locale }),
      });
  return rooms;
}
