// The flow spec: what a facilitator writes (YAML or JSON). Strict objects, so a typo is an error
// rather than a silently ignored setting. Durations are in seconds, as facilitators think of them.
import { z } from "zod";

const localePattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const localeTag = z
  .string({ error: "expected a locale tag such as en or ar" })
  .regex(localePattern, "expected a locale tag such as en or ar");

/** One string per locale; the flow checks that its default locale is present everywhere. */
export const localizedTextSchema = z
  .record(
    localeTag,
    z
      .string({ error: "expected text" })
      .trim()
      .min(1, "expected non-empty text")
      .max(4000, "expected at most 4000 characters"),
  )
  .refine((value) => Object.keys(value).length > 0, "expected text in at least one locale");

const seconds = (min: number, max: number) =>
  z
    .number({ error: `expected seconds between ${min} and ${max}` })
    .int(`expected whole seconds between ${min} and ${max}`)
    .min(min, `expected seconds between ${min} and ${max}`)
    .max(max, `expected seconds between ${min} and ${max}`);

const count = (min: number, max: number, noun: string) =>
  z
    .number({ error: `expected a whole number of ${noun} between ${min} and ${max}` })
    .int(`expected a whole number of ${noun} between ${min} and ${max}`)
    .min(min, `expected a whole number of ${noun} between ${min} and ${max}`)
    .max(max, `expected a whole number of ${noun} between ${min} and ${max}`);

const stageId = z
  .string({ error: "expected an id of lowercase letters, digits and dashes, such as needs-1" })
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "expected an id of lowercase letters, digits and dashes, such as needs-1");

const stageBase = {
  id: stageId,
  title: localizedTextSchema.optional(),
};

/**
 * Stages that show contributions on someone's behalf may hold each one for the facilitators:
 * nothing is shown until a facilitator approves it (safeguarding, issue 13).
 */
const review = z.enum(["facilitators"], { error: 'expected "facilitators"' }).optional();

export const groundRulesStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("ground-rules"),
  review,
  rules: z
    .array(localizedTextSchema)
    .min(1, "expected at least one rule")
    .max(20, "expected at most 20 rules"),
  /** How long each participant has to consent before the facilitators are told. */
  consentSeconds: seconds(30, 3600).default(300),
  allowProposals: z.boolean().default(true),
});

export const perspectiveSharingStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("perspective-sharing"),
  review,
  prompt: localizedTextSchema,
  turnSeconds: seconds(10, 3600),
  /** A warning this many seconds before a turn times out; 0 for none. */
  warningSeconds: seconds(0, 600).default(20),
  rounds: count(1, 10, "rounds").default(1),
  allowPass: z.boolean().default(true),
  reflectBack: z.boolean().default(false),
  /**
   * With reflectBack: after each reflection the speaker gets this long to add something, whatever
   * they answered to "felt heard?" (so taking it reveals nothing); 0 for no such moment.
   */
  addSeconds: seconds(0, 600).default(30),
});

export const needsArticulationStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("needs-articulation"),
  review,
  prompt: localizedTextSchema,
  categories: z
    .array(z.enum(["needs", "fears", "hopes"], { error: 'expected "needs", "fears" or "hopes"' }))
    .min(1, "expected at least one of needs, fears, hopes")
    .default(["needs", "fears", "hopes"]),
  collectSeconds: seconds(30, 7200),
  /** Each participant marks the other groups' needs they recognise. */
  recognition: z.boolean().default(true),
  recognitionSeconds: seconds(30, 3600).default(300),
});

export const brainstormStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("brainstorm"),
  review,
  prompt: localizedTextSchema,
  divergeSeconds: seconds(30, 7200),
  maxIdeasPerPerson: count(1, 50, "ideas").default(5),
  /** Facilitators merge duplicates and label clusters, then say `next`. */
  clusterSeconds: seconds(0, 3600).default(300),
  voting: z.discriminatedUnion("method", [
    z.strictObject({
      method: z.literal("dots"),
      dots: count(1, 20, "dots").default(3),
      maxPerIdea: count(1, 20, "dots").default(1),
      seconds: seconds(30, 3600),
    }),
    z.strictObject({
      method: z.literal("approval"),
      seconds: seconds(30, 3600),
    }),
  ]),
  /** How many ranked ideas the converge phase presents. */
  shortlist: count(1, 25, "ideas").default(5),
});

export const discussionStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("discussion"),
  prompt: localizedTextSchema,
  seconds: seconds(30, 7200),
});

/**
 * A check-in (icebreaker): a short, non-substantive round before the ground rules; everyone says
 * one thing in the room. It ends by itself once everyone present has spoken, or after `seconds`.
 */
export const checkInStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("check-in"),
  prompt: localizedTextSchema,
  seconds: seconds(30, 1800).default(180),
});

/** The author's words for the two ends of a scale, per locale ("not at all" ... "completely"). */
const scaleEnds = {
  lowLabel: localizedTextSchema.optional(),
  highLabel: localizedTextSchema.optional(),
};

export const surveyQuestionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      id: stageId,
      type: z.literal("likert"),
      text: localizedTextSchema,
      /** Points on the scale (1..points). */
      points: count(3, 7, "points").default(5),
      ...scaleEnds,
    }),
    /** A feeling thermometer: 0 (cold) to 100 (warm), answered privately with a number. */
    z.strictObject({ id: stageId, type: z.literal("thermometer"), text: localizedTextSchema, ...scaleEnds }),
    /** One answer from the listed options. */
    z.strictObject({
      id: stageId,
      type: z.literal("choice"),
      text: localizedTextSchema,
      options: z
        .array(z.strictObject({ id: stageId, label: localizedTextSchema }))
        .min(2, "expected at least two options")
        .max(10, "expected at most 10 options"),
    }),
    z.strictObject({ id: stageId, type: z.literal("text"), text: localizedTextSchema }),
  ],
  { error: 'expected a question type: "likert", "thermometer", "choice" or "text"' },
);

export type SurveyQuestionSpec = z.output<typeof surveyQuestionSchema>;

export const surveyStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("survey"),
  questions: z
    .array(surveyQuestionSchema)
    .min(1, "expected at least one question")
    .max(20, "expected at most 20 questions"),
  seconds: seconds(30, 3600),
});

export const reflectionStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("reflection"),
  review,
  prompt: localizedTextSchema,
  turnSeconds: seconds(10, 3600),
  allowPass: z.boolean().default(true),
});

export const messageStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("message"),
  text: localizedTextSchema,
});

export const breakStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("break"),
  seconds: seconds(60, 7200),
  text: localizedTextSchema.optional(),
});

/** Who may carry a joint statement beyond the room, narrowest first. */
export const statementScopes = ["room", "communities", "public"] as const;
export type StatementScope = (typeof statementScopes)[number];

/**
 * A joint statement: seeded (the facilitators' draft, an earlier brainstorm's shortlist, or empty),
 * amended by participants (each amendment decided by the rule, per group), then consented to
 * sentence by sentence, per group, with a sharing scope.
 */
export const jointStatementStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("joint-statement"),
  seed: z
    .discriminatedUnion(
      "from",
      [
        z.strictObject({
          from: z.literal("draft"),
          sentences: z
            .array(localizedTextSchema)
            .min(1, "expected at least one sentence")
            .max(30, "expected at most 30 sentences"),
        }),
        /** The shortlist of an earlier brainstorm stage (its ranked ideas), one sentence each. */
        z.strictObject({ from: z.literal("brainstorm"), stage: stageId }),
        z.strictObject({ from: z.literal("empty") }),
      ],
      { error: 'expected a seed from "draft", "brainstorm" or "empty"' },
    )
    .default({ from: "empty" }),
  amendSeconds: seconds(60, 7200),
  /** Facilitators merge duplicate amendments (`cluster`), then say `next`; 0: until they do. */
  reviewSeconds: seconds(0, 3600).default(120),
  voteSeconds: seconds(30, 3600).default(300),
  consentSeconds: seconds(30, 3600).default(600),
  /**
   * After the results: how long facilitators have to withdraw a group's consent at its request
   * before the stage ends by itself; 0: until they say `next`.
   */
  withdrawSeconds: seconds(0, 3600).default(120),
  maxAmendmentsPerPerson: count(1, 50, "amendments").default(5),
  /** Never a majority of the room alone: a rule is met group by group. */
  amendmentRule: z
    .enum(["majority-of-each-group", "consensus-of-each-group"], {
      error: 'expected "majority-of-each-group" or "consensus-of-each-group"',
    })
    .default("majority-of-each-group"),
  /** How many of a group's members present must consent to a sentence for the group to consent. */
  consentThreshold: z.enum(["all", "majority"], { error: 'expected "all" or "majority"' }).default("all"),
  /** The widest scope the facilitators propose; each participant may choose a narrower one. */
  proposedScope: z
    .enum(statementScopes, { error: 'expected "room", "communities" or "public"' })
    .default("room"),
});

export const stageSchema = z.discriminatedUnion("kind", [
  groundRulesStageSchema,
  checkInStageSchema,
  perspectiveSharingStageSchema,
  needsArticulationStageSchema,
  brainstormStageSchema,
  discussionStageSchema,
  surveyStageSchema,
  reflectionStageSchema,
  messageStageSchema,
  breakStageSchema,
  jointStatementStageSchema,
]);

export const groupSchema = z.strictObject({
  id: stageId,
  name: localizedTextSchema,
});

export const flowSpecSchema = z
  .strictObject({
    id: z
      .string({ error: "expected an id of lowercase letters, digits and dashes" })
      .regex(/^[a-z][a-z0-9-]{0,63}$/, "expected an id of lowercase letters, digits and dashes"),
    version: z
      .number({ error: "expected a whole number, 1 or more" })
      .int("expected a whole number, 1 or more")
      .min(1, "expected a whole number, 1 or more"),
    title: localizedTextSchema,
    description: localizedTextSchema,
    defaultLocale: localeTag,
    /**
     * The locales this flow is written in (optional). When present, every text must be given in each
     * of them, so a programme promising Arabic and Hebrew finds a missing translation before a session.
     */
    locales: z.array(localeTag).min(1, "expected at least one locale").optional(),
    groups: z
      .array(groupSchema)
      .min(2, "expected two or more groups, or no groups at all")
      .max(8, "expected at most 8 groups")
      .optional(),
    confidentiality: z.enum(["open", "chatham-house", "anonymous"]),
    /**
     * The smallest group whose contributions and figures may be shown as that group's. When any
     * group present is smaller, every group-level presentation and figure is pooled across all
     * groups. Default: 3 under anonymous; none otherwise (see `minGroupSizeOf`).
     */
    minGroupSize: count(1, 50, "people").optional(),
    turnEnforcement: z.enum(["soft", "strict"]).default("soft"),
    /**
     * The turn-taking modes a facilitator may choose from when starting the flow (`start <flow>
     * strict`); `turnEnforcement` is the one used when they choose none, and always allowed.
     * Absent: only `turnEnforcement`.
     */
    turnEnforcementChoices: z
      .array(z.enum(["soft", "strict"]))
      .min(1, "expected soft, strict or both")
      .max(2, "expected soft, strict or both")
      .optional(),
    stages: z.array(stageSchema).min(1, "expected at least one stage").max(50, "expected at most 50 stages"),
  })
  // Runs even when parts of the flow are invalid, so a facilitator sees every problem at once;
  // the checks therefore read the (possibly partial) value defensively.
  .superRefine(
    (value, ctx) => {
      for (const issue of consistencyIssues(value)) {
        ctx.addIssue({
          code: "custom",
          message: issue.message,
          path: issue.path,
          params: { code: issue.code },
        });
      }
    },
    { when: () => true },
  );

/** A flow spec after validation (defaults applied). */
export type FlowSpec = z.output<typeof flowSpecSchema>;

/** The turn-taking modes a facilitator may start a flow with: its own first, then those it offers. */
export function turnEnforcementsOf(
  spec: Pick<FlowSpec, "turnEnforcement" | "turnEnforcementChoices">,
): FlowSpec["turnEnforcement"][] {
  return [...new Set([spec.turnEnforcement, ...(spec.turnEnforcementChoices ?? [])])];
}
export type StageSpec = FlowSpec["stages"][number];
export type StageKind = StageSpec["kind"];
export type StageOf<K extends StageKind> = Extract<StageSpec, { kind: K }>;

/** The default minimum group size under anonymous confidentiality. */
export const anonymousMinGroupSize = 3;

/**
 * The minimum group size that applies to a flow, or null when group attribution is never pooled:
 * the flow's own `minGroupSize`, else 3 under anonymous; chatham-house and open keep group
 * attribution unless the flow sets one. Without groups there is nothing to pool.
 */
export function minGroupSizeOf(
  spec: Pick<FlowSpec, "minGroupSize" | "confidentiality" | "groups">,
): number | null {
  if ((spec.groups ?? []).length === 0) return null;
  return spec.minGroupSize ?? (spec.confidentiality === "anonymous" ? anonymousMinGroupSize : null);
}

/** A valid flow whose combination of settings is honoured in a way the author should know about. */
export interface FlowWarning {
  readonly code: "flow.anonymity";
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * What `flows validate` explains about a valid flow: combinations that Parley honours only in a
 * particular way (anonymous + strict turn-taking), or that cannot be as private as the
 * confidentiality setting suggests (an open discussion under anonymous, small groups).
 */
export function flowWarnings(spec: FlowSpec): FlowWarning[] {
  const warnings: FlowWarning[] = [];
  const anonymous = spec.confidentiality === "anonymous";
  const turnTaking = spec.stages.some((st) => st.kind === "perspective-sharing" || st.kind === "reflection");
  if (anonymous && spec.turnEnforcement === "strict" && turnTaking)
    warnings.push({
      code: "flow.anonymity",
      path: ["turnEnforcement"],
      message:
        "anonymous with strict turn-taking: during turns the room is read-only for every participant (giving the floor to the speaker would show who speaks); each speaker writes their turn privately and Parley posts it without a name",
    });
  if (anonymous)
    spec.stages.forEach((st, i) => {
      if (st.kind === "discussion" || st.kind === "check-in")
        warnings.push({
          code: "flow.anonymity",
          path: ["stages", i, "kind"],
          message: `a ${st.kind === "check-in" ? "check-in" : "discussion"} is an open floor: under anonymous confidentiality what participants write in the room still shows their platform name; use a brainstorm, needs or perspective-sharing stage for anonymous contributions`,
        });
    });
  if (spec.minGroupSize !== undefined && (spec.groups ?? []).length === 0)
    warnings.push({
      code: "flow.anonymity",
      path: ["minGroupSize"],
      message: "minGroupSize has no effect in a flow without groups",
    });
  else if (anonymous && spec.minGroupSize !== undefined && spec.minGroupSize < anonymousMinGroupSize)
    warnings.push({
      code: "flow.anonymity",
      path: ["minGroupSize"],
      message: `minGroupSize ${spec.minGroupSize} under anonymous confidentiality: a group of ${spec.minGroupSize === 1 ? "one" : "two"} can be shown as a group, so its members' needs, words and votes can be attributed; the default is ${anonymousMinGroupSize}`,
    });
  return warnings;
}

/** Codes of the cross-field checks (carried in a zod custom issue's `params.code`). */
export type ConsistencyCode =
  "flow.missing_locale" | "flow.duplicate_id" | "flow.inconsistent" | "flow.stage_order";

export interface ConsistencyIssue {
  readonly code: ConsistencyCode;
  readonly path: (string | number)[];
  readonly message: string;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const pathText = (path: readonly (string | number)[]): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

/** Every flow-authored text in a flow, with its path (works on partial, unvalidated values too). */
export function localizedTexts(flow: unknown): { path: (string | number)[]; text: unknown }[] {
  const out: { path: (string | number)[]; text: unknown }[] = [];
  if (!isObject(flow)) return out;
  const add = (path: (string | number)[], text: unknown) => {
    if (text !== undefined) out.push({ path, text });
  };
  add(["title"], flow["title"]);
  add(["description"], flow["description"]);
  asArray(flow["groups"]).forEach((g, i) => {
    if (isObject(g)) add(["groups", i, "name"], g["name"]);
  });
  asArray(flow["stages"]).forEach((stage, i) => {
    if (!isObject(stage)) return;
    for (const key of ["title", "prompt", "text"]) add(["stages", i, key], stage[key]);
    asArray(stage["rules"]).forEach((rule, r) => {
      add(["stages", i, "rules", r], rule);
    });
    asArray(stage["questions"]).forEach((q, n) => {
      if (!isObject(q)) return;
      for (const key of ["text", "lowLabel", "highLabel"]) add(["stages", i, "questions", n, key], q[key]);
      asArray(q["options"]).forEach((o, k) => {
        if (isObject(o)) add(["stages", i, "questions", n, "options", k, "label"], o["label"]);
      });
    });
    const seed = stage["seed"];
    if (isObject(seed))
      asArray(seed["sentences"]).forEach((sentence, n) => {
        add(["stages", i, "seed", "sentences", n], sentence);
      });
  });
  return out;
}

function duplicates(
  items: readonly unknown[],
  id: (item: unknown) => unknown,
  path: (index: number) => (string | number)[],
  what: string,
): ConsistencyIssue[] {
  const seen = new Map<string, number>();
  const issues: ConsistencyIssue[] = [];
  items.forEach((item, index) => {
    const value = id(item);
    if (typeof value !== "string") return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else
      issues.push({
        code: "flow.duplicate_id",
        path: path(index),
        message: `${what} "${value}" is used twice (first at ${pathText(path(first).slice(0, -1))}); ids must be unique`,
      });
  });
  return issues;
}

const substantiveKinds = new Set([
  "perspective-sharing",
  "needs-articulation",
  "brainstorm",
  "discussion",
  "reflection",
  "joint-statement",
]);

/** The cross-field checks a facilitator needs (beyond each field's own shape). */
export function consistencyIssues(flow: unknown): ConsistencyIssue[] {
  if (!isObject(flow)) return [];
  const issues: ConsistencyIssue[] = [];
  // An invalid defaultLocale is reported by the schema; checking texts against it would only add noise.
  const defaultLocale =
    typeof flow["defaultLocale"] === "string" && localePattern.test(flow["defaultLocale"])
      ? flow["defaultLocale"]
      : undefined;
  const declared = asArray(flow["locales"]).filter(
    (l): l is string => typeof l === "string" && localePattern.test(l),
  );
  const required = typeof defaultLocale === "string" ? [defaultLocale] : [];
  for (const l of declared) if (!required.includes(l)) required.push(l);
  if (typeof defaultLocale === "string" && declared.length > 0 && !declared.includes(defaultLocale)) {
    issues.push({
      code: "flow.missing_locale",
      path: ["locales"],
      message: `expected the defaultLocale "${defaultLocale}" to be one of the listed locales`,
    });
  }
  for (const { path, text } of localizedTexts(flow)) {
    if (!isObject(text)) continue;
    const missing = required.filter((l) => !(l in text));
    if (missing.length > 0) {
      const which = missing.map((l) => `"${l}"`).join(", ");
      const why =
        missing.length === 1 && missing[0] === defaultLocale
          ? " (the flow's defaultLocale)"
          : " (listed in locales)";
      issues.push({
        code: "flow.missing_locale",
        path,
        message: `missing the ${which} text${missing.length === 1 ? why : " (every listed locale is required)"}`,
      });
    }
  }
  const groups = asArray(flow["groups"]);
  issues.push(
    ...duplicates(
      groups,
      (g) => (isObject(g) ? g["id"] : undefined),
      (i) => ["groups", i, "id"],
      "group id",
    ),
  );
  const stages = asArray(flow["stages"]);
  issues.push(
    ...duplicates(
      stages,
      (s) => (isObject(s) ? s["id"] : undefined),
      (i) => ["stages", i, "id"],
      "stage id",
    ),
  );
  let firstSubstantive: number | null = null;
  /** Survey questions by id, as first asked: a later question with the same id is its pre/post pair. */
  const askedBefore = new Map<string, { question: Loose; path: (string | number)[] }>();
  stages.forEach((stage, i) => {
    if (!isObject(stage)) return;
    const kind = stage["kind"];
    if (typeof kind === "string" && substantiveKinds.has(kind) && firstSubstantive === null)
      firstSubstantive = i;
    if (kind === "ground-rules" && firstSubstantive !== null) {
      issues.push({
        code: "flow.stage_order",
        path: ["stages", i, "kind"],
        message: `ground rules must come before the first substantive stage (stages[${firstSubstantive}]), so everyone has agreed to them before speaking`,
      });
    }
    if (kind === "perspective-sharing") {
      const turn = stage["turnSeconds"];
      const warning = stage["warningSeconds"] ?? 20;
      // Only when turnSeconds itself is valid; otherwise the schema's error says enough.
      const validTurn = typeof turn === "number" && Number.isInteger(turn) && turn >= 10 && turn <= 3600;
      if (validTurn && typeof warning === "number" && warning > 0 && warning >= turn) {
        const isDefault = !("warningSeconds" in stage) || warning === 20;
        issues.push({
          code: "flow.inconsistent",
          path: ["stages", i, "warningSeconds"],
          message: `expected warningSeconds (${warning}${isDefault ? ", the default" : ""}) to be less than turnSeconds (${turn}), so the warning comes before the turn ends; use 0 for no warning`,
        });
      }
    }
    if (kind === "needs-articulation") {
      const categories = asArray(stage["categories"]);
      categories.forEach((c, n) => {
        if (typeof c === "string" && categories.indexOf(c) !== n) {
          issues.push({
            code: "flow.duplicate_id",
            path: ["stages", i, "categories", n],
            message: `category "${c}" is listed twice`,
          });
        }
      });
    }
    if (kind === "brainstorm") {
      const voting = stage["voting"];
      if (isObject(voting) && voting["method"] === "dots") {
        const dots = voting["dots"] ?? 3;
        const maxPerIdea = voting["maxPerIdea"] ?? 1;
        if (typeof dots === "number" && typeof maxPerIdea === "number" && maxPerIdea > dots) {
          issues.push({
            code: "flow.inconsistent",
            path: ["stages", i, "voting", "maxPerIdea"],
            message: `expected maxPerIdea (${maxPerIdea}) to be at most the number of dots each person has (${dots})`,
          });
        }
      }
    }
    if (kind === "joint-statement") {
      const seed = stage["seed"];
      const from = isObject(seed) ? seed["stage"] : undefined;
      if (isObject(seed) && seed["from"] === "brainstorm" && typeof from === "string") {
        const source = stages.findIndex((st) => isObject(st) && st["id"] === from);
        if (source < 0 || source >= i || !isObject(stages[source]) || stages[source]["kind"] !== "brainstorm")
          issues.push({
            code: "flow.inconsistent",
            path: ["stages", i, "seed", "stage"],
            message: `expected "${from}" to be the id of a brainstorm stage before this one (its shortlist seeds the statement)`,
          });
      }
    }
    if (kind === "survey") {
      const questions = asArray(stage["questions"]);
      issues.push(
        ...duplicates(
          questions,
          (q) => (isObject(q) ? q["id"] : undefined),
          (n) => ["stages", i, "questions", n, "id"],
          "question id",
        ),
      );
      questions.forEach((q, n) => {
        if (isObject(q)) issues.push(...questionIssues(q, ["stages", i, "questions", n], askedBefore));
      });
      // Only questions of earlier surveys pair up (a repeat within one survey is a duplicate).
      questions.forEach((q, n) => {
        if (isObject(q) && typeof q["id"] === "string" && !askedBefore.has(q["id"]))
          askedBefore.set(q["id"], { question: q, path: ["stages", i, "questions", n] });
      });
    }
  });
  return issues;
}

/**
 * One survey question's own consistency (both scale ends or neither, distinct option ids) and,
 * when an earlier survey asked the same id, that the pair measures the same thing the same way.
 */
function questionIssues(
  q: Loose,
  path: (string | number)[],
  askedBefore: ReadonlyMap<string, { question: Loose; path: (string | number)[] }>,
): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  if ((q["lowLabel"] === undefined) !== (q["highLabel"] === undefined))
    issues.push({
      code: "flow.inconsistent",
      path: [...path, q["lowLabel"] === undefined ? "lowLabel" : "highLabel"],
      message: "expected both lowLabel and highLabel (the words for the two ends of the scale), or neither",
    });
  const options = asArray(q["options"]);
  issues.push(
    ...duplicates(
      options,
      (o) => (isObject(o) ? o["id"] : undefined),
      (k) => [...path, "options", k, "id"],
      "option id",
    ),
  );
  const earlier = typeof q["id"] === "string" ? askedBefore.get(q["id"]) : undefined;
  if (earlier !== undefined) {
    const before = earlier.question;
    const where = pathText(earlier.path);
    if (before["type"] !== q["type"])
      issues.push({
        code: "flow.inconsistent",
        path: [...path, "type"],
        message: `question "${String(q["id"])}" is asked before (${where}) as ${String(before["type"])}: a pre/post pair must keep the same type`,
      });
    else if (q["type"] === "likert" && (before["points"] ?? 5) !== (q["points"] ?? 5))
      issues.push({
        code: "flow.inconsistent",
        path: [...path, "points"],
        message: `question "${String(q["id"])}" is asked before (${where}) with ${JSON.stringify(before["points"] ?? 5)} points: a pre/post pair must keep the same scale`,
      });
  }
  return issues;
}

/**
 * A rough length of a flow in seconds, counting every time-box at its full length and turn-based
 * stages for `participants` people (turns often end early, so real sessions tend to be shorter).
 */
export function estimateStageSeconds(stage: StageSpec, participants: number): number {
  switch (stage.kind) {
    case "ground-rules":
      // Reading the rules, then consent; most groups consent well inside consentSeconds.
      return stage.rules.length * 30 + Math.min(stage.consentSeconds, 120);
    case "perspective-sharing": {
      // A reflect-back (a listener restates what they heard) takes about half a turn.
      const perTurn = stage.turnSeconds + (stage.reflectBack ? Math.ceil(stage.turnSeconds / 2) : 0);
      return stage.rounds * participants * perTurn;
    }
    case "needs-articulation":
      return stage.collectSeconds + 60 + (stage.recognition ? stage.recognitionSeconds : 0);
    case "brainstorm":
      return stage.divergeSeconds + stage.clusterSeconds + stage.voting.seconds + 120;
    case "discussion":
    case "survey":
    case "break":
      return stage.seconds;
    case "check-in":
      // One short line each; a round ends well inside its time-box.
      return Math.min(stage.seconds, participants * 20);
    case "reflection":
      return participants * stage.turnSeconds;
    case "message":
      return 30;
    case "joint-statement":
      return (
        stage.amendSeconds +
        stage.reviewSeconds +
        stage.voteSeconds +
        stage.consentSeconds +
        stage.withdrawSeconds
      );
  }
}

export function estimateFlowSeconds(spec: FlowSpec, participants = 6): number {
  return spec.stages.reduce((sum, stage) => sum + estimateStageSeconds(stage, participants), 0);
}
