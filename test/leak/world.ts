// The leak oracle's world: the flows it runs (every built-in flow and a fixture per stage kind, each
// in every confidentiality mode with soft and strict turn-taking), the people who take part
// (distinctive names, user ids and texts, so a match is unambiguous), and a seeded random walk over
// what participants and the facilitator can do, driven through the real runtime with a real SQLite
// store and the recording platform. A run is reproducible from its scenario key.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../../src/bot/config.ts";
import { builtinFlowsDir } from "../../src/bot/flow-library.ts";
import { MemoryLogger } from "../../src/bot/log.ts";
import type { Delivery, Sender } from "../../src/bot/ports.ts";
import { createRuntime, type Runtime } from "../../src/bot/runtime.ts";
import { SimulatedClock } from "../../src/bot/scheduler.ts";
import { SqliteStore } from "../../src/bot/store.ts";
import { runReportCommand } from "../../src/cli/report.ts";
import { flowSpecSchema, type FlowSpec } from "../../src/flows/spec.ts";
import { ok } from "../../src/result.ts";
import { RecordingPlatform, textOf } from "../support/recording-platform.ts";

// --- flows -----------------------------------------------------------------------------------

export type Mode = FlowSpec["confidentiality"];
export type Enforcement = FlowSpec["turnEnforcement"];
export const modes: readonly Mode[] = ["open", "chatham-house", "anonymous"];
export const enforcements: readonly Enforcement[] = ["soft", "strict"];

export interface FlowVariant {
  /** `<flow id>` as shipped, or `<flow id>/<mode>/<enforcement>`. */
  readonly label: string;
  /** null: the flow's validation refused this combination (then there is nothing to run). */
  readonly spec: FlowSpec | null;
  readonly refusal?: string;
}

const fixturesDir = fileURLToPath(new URL("../fixtures/flows/leak/", import.meta.url));
const everyStageKind = fileURLToPath(
  new URL("../fixtures/flows/good/every-stage-kind.yaml", import.meta.url),
);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

const reviewable = new Set([
  "ground-rules",
  "perspective-sharing",
  "needs-articulation",
  "brainstorm",
  "reflection",
]);
function reviewed(raw: Record<string, unknown>): unknown[] {
  const stages = Array.isArray(raw["stages"]) ? (raw["stages"] as Record<string, unknown>[]) : [];
  return stages.map((st) => (reviewable.has(String(st["kind"])) ? { ...st, review: "facilitators" } : st));
}

function variant(label: string, raw: Record<string, unknown>): FlowVariant {
  const parsed = flowSpecSchema.safeParse(raw);
  if (parsed.success) return { label, spec: parsed.data };
  return { label, spec: null, refusal: parsed.error.issues.map((i) => i.message).join("; ") };
}

/**
 * Every built-in flow as shipped and in every mode × enforcement, and every fixture (one per stage
 * kind, plus the flow with one stage of every kind and no groups) in every mode × enforcement.
 */
export function flowVariants(): FlowVariant[] {
  const out: FlowVariant[] = [];
  const builtins = yamlFiles(builtinFlowsDir);
  for (const file of [...builtins, ...yamlFiles(fixturesDir), everyStageKind]) {
    const raw = parseYaml(readFileSync(file, "utf8")) as Record<string, unknown>;
    const id = typeof raw["id"] === "string" ? raw["id"] : basename(file);
    if (builtins.includes(file)) out.push(variant(id, raw));
    for (const mode of modes)
      for (const enforcement of enforcements)
        out.push(
          variant(`${id}/${mode}/${enforcement}`, {
            ...raw,
            confidentiality: mode,
            turnEnforcement: enforcement,
          }),
        );
    // Safeguarding review (issue 13): every stage that shows contributions on someone's behalf
    // holds them for the facilitators, who approve, hide (button or command) and hide after the fact.
    if (file === everyStageKind)
      for (const mode of modes)
        out.push(
          variant(`${id}/${mode}/soft/review`, { ...raw, confidentiality: mode, stages: reviewed(raw) }),
        );
  }
  return out;
}

/**
 * The smallest group that may be shown on its own. Read defensively: the flow spec may carry
 * `minGroupSize` (top level, or inside a nested settings object) once issue 10's anonymity work
 * lands; the default is 3 under anonymous, and none (groups always shown) otherwise.
 */
export function minGroupSize(spec: FlowSpec): number | null {
  const find = (v: unknown, depth: number): number | undefined => {
    if (typeof v !== "object" || v === null || depth > 2) return undefined;
    const own = (v as Record<string, unknown>)["minGroupSize"];
    if (typeof own === "number") return own;
    for (const child of Object.values(v)) {
      const found = find(child, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(spec, 0) ?? (spec.confidentiality === "anonymous" ? 3 : null);
}

// --- people ----------------------------------------------------------------------------------

export interface Person {
  readonly key: string;
  /** Display name: a made-up word that appears nowhere else. */
  readonly name: string;
  readonly userId: string;
}

const names = ["Zarvela", "Quintaro", "Bexmoor", "Ulvesk", "Orrindel", "Taviqua", "Mirrowen", "Kelzabar"];
export const cast: readonly Person[] = names.map((name, i) => ({
  key: name.toLowerCase(),
  name,
  userId: `U${String(7310 + i * 97)}`,
}));
export const facilitator: Sender = { userId: "F0442", displayName: "Hollisfac" };
/** The programme's safeguarding lead (not in the room): flags escalate and help requests go there. */
export const safeguardingLead = "L0913";

/** Group sizes, in the flow's group order; the flow's groups beyond the list stay empty. */
export const groupShapes: readonly (readonly number[])[] = [
  [1, 3],
  [2, 2],
  [1, 1],
  [3, 3],
  [2, 3],
];

// --- what a run produced ---------------------------------------------------------------------

export type Purpose =
  | "consent"
  | "vote"
  | "likert"
  | "survey-text"
  | "recognise"
  | "felt-heard"
  | "turn"
  | "reflect"
  | "need"
  | "idea"
  | "rule"
  /** A joint statement's amendment or proposed translation. */
  | "amendment"
  | "timeout"
  /** A facilitator's private reply to this person (`by`): only they may read it. */
  | "reply"
  | "flag"
  | "help"
  | "room-say"
  | "private";

/** Answers a flow calls private: only the author and the facilitators may ever see them. */
export const privateChoices: ReadonlySet<Purpose> = new Set([
  "consent",
  "vote",
  "likert",
  "recognise",
  "felt-heard",
]);

export function purposeOf(promptId: string, kind: "ask" | "collect"): Purpose {
  if (promptId.startsWith("consent:")) return "consent";
  if (promptId.startsWith("vote:")) return "vote";
  // A joint statement's ballots: on amendments, on each sentence, on the sharing scope.
  if (/^(amend-vote|statement|scope):/u.test(promptId)) return "vote";
  if (promptId.startsWith("amend:") || promptId.startsWith("translate:")) return "amendment";
  if (promptId.startsWith("survey:")) return kind === "ask" ? "likert" : "survey-text";
  if (promptId.startsWith("recognise:")) return "recognise";
  if (promptId.includes(":heard:")) return "felt-heard";
  if (promptId.includes(":turn:")) return "turn";
  if (promptId.includes(":reflect:")) return "reflect";
  if (promptId.startsWith("needs:")) return "need";
  if (promptId.startsWith("idea:")) return "idea";
  if (promptId === "propose-rule") return "rule";
  return "private";
}

/** Something a participant did that carries their authorship (a token when it carries text). */
export interface Act {
  readonly step: number;
  readonly by: Person;
  readonly purpose: Purpose;
  readonly token?: string;
  /** Through a private channel (a choice, a private submission, a command answered privately). */
  readonly private: boolean;
  /** A flag given with `--name`: the flagger chose to be named to the facilitators. */
  readonly named?: boolean;
}

/** A delivery as a reader sees it, with where in the run it happened. */
export interface Seen {
  readonly step: number;
  readonly delivery: Delivery;
  /** Rendered text a reader sees: body and option labels (floor: the holders). */
  readonly text: string;
}

export interface Presence {
  /** Person key → group id (null without groups). */
  readonly members: ReadonlyMap<string, string | null>;
  /** Person key of the floor holder(s), when turn-taking. */
  readonly floor: readonly string[];
  /** Person key → the participant ids they are present under (a rejoin adds a new one). */
  readonly ids: ReadonlyMap<string, readonly string[]>;
}

export interface StepRecord {
  readonly n: number;
  /** What happened, for the printed path. */
  readonly action: string;
  /** The person whose act this step was (a participant action), if any. */
  readonly actor: Person | null;
  readonly act: Act | null;
  readonly seen: readonly Seen[];
  readonly before: Presence;
  readonly after: Presence;
  /** Persons forgotten in this step (a confirmed forget-me). */
  readonly forgotten: readonly Person[];
  /** Stage kind and phase after the step (`brainstorm:vote`), null once the workshop ended. */
  readonly stage: string | null;
}

export interface RunRecord {
  readonly key: string;
  readonly scenario: Scenario;
  readonly spec: FlowSpec;
  readonly steps: readonly StepRecord[];
  readonly acts: readonly Act[];
  /** Every participant id a person held (a rejoin gives a new one). */
  readonly participantIds: ReadonlyMap<string, ReadonlySet<string>>;
  /** Person key → group id they joined with (latest). */
  readonly groupOf: ReadonlyMap<string, string | null>;
  /** `parley report` for the session, as src/cli/report.ts prints it. */
  readonly report: string | null;
  readonly facilitators: readonly string[];
  readonly lead: string;
  readonly deliveries: number;
  /** Tokens of contributions a facilitator hid (held, or after the fact): never in a record. */
  readonly hidden: readonly string[];
}

// --- scenarios -------------------------------------------------------------------------------

export type Policy = "diligent" | "chaotic";

export interface Scenario {
  readonly flow: FlowVariant;
  readonly groups: readonly number[];
  /** false: a platform without buttons (Matrix): answers to a room question are public. */
  readonly buttons: boolean;
  readonly policy: Policy;
  readonly seed: number;
}

export function scenarioKey(s: Scenario): string {
  return `${s.flow.label}|${s.groups.join("+")}|${s.buttons ? "buttons" : "no-buttons"}|${s.policy}|${String(s.seed)}`;
}

export function parseScenarioKey(key: string, flows: readonly FlowVariant[]): Scenario | null {
  const [label, groups, buttons, policy, seed] = key.split("|");
  const flow = flows.find((f) => f.label === label);
  if (flow === undefined || groups === undefined || seed === undefined) return null;
  return {
    flow,
    groups: groups.split("+").map(Number),
    buttons: buttons !== "no-buttons",
    policy: policy === "chaotic" ? "chaotic" : "diligent",
    seed: Number(seed),
  };
}

/** FNV-1a: a stable number from a scenario key. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A small deterministic PRNG (mulberry32): every run replays from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- the driver ------------------------------------------------------------------------------

interface OpenPrompt {
  readonly promptId: string;
  readonly kind: "ask" | "collect";
  readonly options: readonly string[];
  readonly maxChoices: number;
  readonly purpose: Purpose;
  readonly step: number;
}

const start = Date.UTC(2026, 5, 1, 9, 0, 0);
const roomKey = "test:room";

/**
 * A delivery's text as a reader sees it: body (every language block of a mixed room's post) and
 * option labels; a floor lists its holders.
 */
export function readerText(d: Delivery): string {
  const strip = (s: string) => s.replace(/[\u2066-\u2069]/g, "");
  const blocks = (d.languages ?? []).map((b) => b.body.map((s) => s.text).join(""));
  const text = [textOf(d), ...blocks].join("\n");
  switch (d.kind) {
    case "floor":
      return `floor: ${d.holders === "everyone" ? "everyone" : d.holders.join(", ")}`;
    case "ask":
      return strip(`${text}\n${d.options.map((o) => o.label).join("\n")}`);
    default:
      return strip(text);
  }
}

const maxSteps = 160;

/** Runs one scenario to the end of its workshop and returns everything the oracle looks at. */
export async function runScenario(scenario: Scenario): Promise<RunRecord> {
  const spec = scenario.flow.spec;
  if (spec === null) throw new Error(`flow ${scenario.flow.label} is refused: nothing to run`);
  const dir = mkdtempSync(join(tmpdir(), "parley-leak-"));
  const file = join(dir, "leak.sqlite");
  const clock = new SimulatedClock(start);
  const parsed = parseConfig({
    rooms: { [roomKey]: { facilitators: [facilitator.userId] } },
    safeguarding: { lead: { test: safeguardingLead }, acknowledgeWithinMinutes: 2 },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const platform = new RecordingPlatform({
    name: "test",
    roomId: "room",
    now: () => clock.now(),
    // Without buttons (Matrix) a room question cannot be answered privately in place.
    capabilities: { buttons: scenario.buttons, privateAnswersInRoom: scenario.buttons, strictFloor: true },
  });
  const runtime: Runtime = createRuntime({
    store: new SqliteStore(file),
    platforms: [platform],
    config: parsed.value,
    logger: new MemoryLogger(),
    clock,
    seed: hash(scenarioKey(scenario)) % 1_000_000,
    flows: {
      load: (name: string) => Promise.resolve(ok({ spec, file: name })),
      list: () => Promise.resolve([]),
      choices: () => Promise.resolve([]),
    },
    flowPaths: () => true,
  });
  await runtime.start();
  try {
    return await walk(scenario, runtime, clock, platform, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The seeded walk over one workshop; stops the runtime and reads the report at the end. */
async function walk(
  scenario: Scenario,
  runtime: Runtime,
  clock: SimulatedClock,
  platform: RecordingPlatform,
  file: string,
): Promise<RunRecord> {
  const spec = scenario.flow.spec as FlowSpec;
  const key = scenarioKey(scenario);
  // Seeded by the whole key: the same seed number walks differently in every scenario.
  const random = prng(hash(key));
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const settle = () => runtime.idle();

  const groupIds = (spec.groups ?? []).map((g) => g.id);
  // Who starts in which group; the rest of the cast can join late.
  const initial: { person: Person; group: string | null }[] = [];
  let next = 0;
  scenario.groups.forEach((size, g) => {
    for (let i = 0; i < size && next < cast.length - 1; i++) {
      const person = cast[next++] as Person;
      initial.push({ person, group: groupIds.length === 0 ? null : (groupIds[g % groupIds.length] ?? null) });
    }
  });
  const reserve = cast.slice(next);

  const steps: StepRecord[] = [];
  const acts: Act[] = [];
  const participantIds = new Map<string, Set<string>>();
  const groupOf = new Map<string, string | null>();
  const prompts = new Map<string, Map<string, OpenPrompt>>();
  const answered = new Map<string, Set<string>>();
  const pendingForget = new Set<string>();
  let tokens = 0;
  let seenCount = 0;
  const sender = (p: Person): Sender => ({ userId: p.userId, displayName: p.name });
  const byUser = new Map(cast.map((p) => [p.userId, p]));
  const byName = new Map(cast.map((p) => [p.name, p]));

  const presence = (): Presence => {
    const status = runtime.sessions.status(roomKey);
    const members = new Map<string, string | null>();
    const pidOwner = new Map<string, string>();
    const ids = new Map<string, string[]>();
    for (const participant of status?.participants ?? []) {
      const person = byName.get(participant.name);
      if (person === undefined) continue;
      members.set(person.key, participant.group ?? null);
      pidOwner.set(participant.id, person.key);
      ids.set(person.key, [...(ids.get(person.key) ?? []), participant.id]);
      let all = participantIds.get(person.key);
      if (all === undefined) participantIds.set(person.key, (all = new Set()));
      all.add(participant.id);
    }
    const floor = status === null || status.floor === "everyone" ? [] : status.floor;
    return { members, floor: floor.flatMap((id) => pidOwner.get(id) ?? []), ids };
  };

  const token = (): string => {
    tokens += 1;
    // Fixed width, so no token is a prefix of another.
    return `tq${tokens.toString(36).padStart(4, "0")}x`;
  };

  async function step(
    action: string,
    actor: Person | null,
    act: Omit<Act, "step"> | null,
    run: () => Promise<void>,
    forgetting: Person | null = null,
  ) {
    const before = presence();
    const from = platform.deliveries.length;
    const n = steps.length + 1;
    await run();
    await settle();
    const after = presence();
    const fresh = platform.deliveries.slice(from);
    seenCount += fresh.length;
    const seen = fresh.map((delivery) => ({ step: n, delivery, text: readerText(delivery) }));
    for (const s of seen) notePrompt(s.delivery, n, after);
    // Confirmed when the person was told their contributions are gone (a delivery to them).
    const forgotten =
      forgetting !== null &&
      fresh.some((d) => d.audience.to === "user" && d.audience.userId === forgetting.userId)
        ? [forgetting]
        : [];
    const full = act === null ? null : { ...act, step: n };
    if (full !== null) acts.push(full);
    const status = runtime.sessions.status(roomKey);
    const stage = status === null ? null : `${status.stageKind ?? "lobby"}:${status.phase}`;
    steps.push({ n, action, actor, act: full, seen, before, after, forgotten, stage });
  }

  function notePrompt(d: Delivery, n: number, now: Presence): void {
    if (d.kind !== "ask" && d.kind !== "collect") return;
    const open: OpenPrompt = {
      promptId: d.promptId,
      kind: d.kind,
      options: d.kind === "ask" ? d.options.map((o) => o.value) : [],
      maxChoices: d.kind === "ask" ? d.maxChoices : 1,
      purpose: purposeOf(d.promptId, d.kind),
      step: n,
    };
    const who =
      d.audience.to === "room"
        ? [...now.members.keys()]
        : d.audience.to === "user"
          ? [byUser.get(d.audience.userId)?.key ?? ""]
          : [];
    // A newer prompt of the same family (consent:3 after consent:2, a new turn) replaces the older.
    const family = (id: string) => id.replace(/:\d+$/, "");
    for (const k of who) {
      let mine = prompts.get(k);
      if (mine === undefined) prompts.set(k, (mine = new Map<string, OpenPrompt>()));
      for (const id of [...mine.keys()]) if (family(id) === family(d.promptId)) mine.delete(id);
      mine.set(d.promptId, open);
      answered.get(k)?.delete(d.promptId);
    }
  }

  const textFor = (purpose: Purpose, t: string): string => {
    const lead: Partial<Record<Purpose, string>> = {
      need: "We need",
      idea: "Idea:",
      rule: "New rule:",
      "survey-text": "My answer:",
      turn: "My story:",
      reflect: "I heard:",
      timeout: "I need a pause,",
      reply: "Take your time,",
      flag: "Something hurt:",
      help: "I am not okay,",
      "room-say": "I think",
    };
    // Amendments in the statement's syntax: an added sentence (a translation of sentence 1 when
    // the prompt asks for one, which the stage also takes as its form).
    if (purpose === "amendment") return `+ Amendment ${t} matters`;
    return `${lead[purpose] ?? "Note:"} ${t} matters`;
  };

  /** A message in the room: public by the person's own doing (the platform shows its author). */
  function sayInRoom(person: Person): Promise<void> {
    const t = token();
    return step(
      `${person.name} says ${t} in the room`,
      person,
      { by: person, purpose: "room-say", token: t, private: false },
      () => platform.say(sender(person), textFor("room-say", t)),
    );
  }

  /** One participant answers one of their open prompts. */
  async function answer(person: Person, prompt: OpenPrompt): Promise<void> {
    let done = answered.get(person.key);
    if (done === undefined) answered.set(person.key, (done = new Set()));
    done.add(prompt.promptId);
    if (prompt.kind === "collect") {
      const t = token();
      const text = textFor(prompt.purpose, t);
      await step(
        `${person.name} submits ${prompt.purpose} ${t} to ${prompt.promptId}`,
        person,
        {
          by: person,
          purpose: prompt.purpose,
          token: t,
          private: true,
        },
        () => platform.submit(sender(person), prompt.promptId, text),
      );
      return;
    }
    if (prompt.purpose === "turn" && chance(0.7)) {
      // A turn under soft or strict enforcement outside anonymous: the story is told in the room.
      await sayInRoom(person);
    }
    const count = prompt.purpose === "vote" ? 1 + Math.floor(random() * prompt.maxChoices) : 1;
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      // Mostly yes to consent, so workshops get past the ground rules.
      const value =
        prompt.purpose === "consent" ? (chance(0.9) ? "yes" : "no") : (pick(prompt.options) ?? "");
      values.push(value);
    }
    await step(
      `${person.name} chooses ${values.join(",")} on ${prompt.promptId}`,
      person,
      { by: person, purpose: prompt.purpose, private: true },
      async () => {
        for (const v of values) await platform.choose(sender(person), prompt.promptId, v);
      },
    );
  }

  const present = () => [...presence().members.keys()].map((k) => cast.find((p) => p.key === k) as Person);
  const unanswered = (p: Person): OpenPrompt[] =>
    [...(prompts.get(p.key)?.values() ?? [])]
      .filter((o) => !(answered.get(p.key)?.has(o.promptId) ?? false))
      .sort((a, b) => b.step - a.step);
  const left: Person[] = [];

  async function advance(): Promise<void> {
    const deadline = runtime.sessions.status(roomKey)?.deadline ?? null;
    const ms = deadline === null ? 60_000 : Math.max(1, deadline - clock.now());
    await step(`time +${String(Math.round(ms / 1000))}s`, null, null, () => clock.advanceBy(ms, settle));
  }
  // Safeguarding review: held contributions the facilitator has not decided yet, and what was hidden.
  const decided = new Set<string>();
  const hidden: string[] = [];
  const tokenIn = (text: string) => /tq[0-9a-z]{4}x/.exec(text)?.[0];
  const undecided = () =>
    platform.deliveries.filter(
      (d): d is Extract<Delivery, { kind: "ask" }> =>
        d.kind === "ask" &&
        d.audience.to === "facilitators" &&
        /^review:\d+$/.test(d.promptId) &&
        !decided.has(d.promptId),
    );
  /** Approves or hides a held contribution, by button or by command. */
  async function review(): Promise<boolean> {
    const held = pick(undecided());
    if (held === undefined) return false;
    decided.add(held.promptId);
    const ref = held.promptId.slice("review:".length);
    const hide = chance(0.3);
    const token = tokenIn(readerText(held));
    if (hide && token !== undefined) hidden.push(token);
    const action = hide ? "hide" : "approve";
    await step(`facilitator ${action} #${ref}`, null, null, () =>
      chance(0.5)
        ? platform.choose(facilitator, held.promptId, action)
        : platform.command(facilitator, action, ref),
    );
    return true;
  }
  /** Hides something already shown in the room, by the number its post carries. */
  function hideShown(): Promise<void> | undefined {
    const shown = pick(
      platform.deliveries.filter(
        (d): d is Extract<Delivery, { kind: "say" }> =>
          d.audience.to === "room" && d.kind === "say" && d.contributionRef !== undefined,
      ),
    );
    if (shown === undefined) return undefined;
    const token = tokenIn(readerText(shown));
    if (token !== undefined) hidden.push(token);
    return step(`facilitator hide #${String(shown.contributionRef)} after the fact`, null, null, () =>
      platform.command(facilitator, "hide", String(shown.contributionRef)),
    );
  }
  const fac = (...words: string[]) =>
    step(`facilitator ${words.join(" ")}`, null, null, () =>
      platform.command(facilitator, words[0] ?? "", ...words.slice(1)),
    );

  try {
    // Opening: the facilitator starts the flow, people join, the first stage opens.
    await fac("start", spec.id);
    for (const { person, group } of initial) {
      groupOf.set(person.key, group);
      await step(`${person.name} joins ${group ?? ""}`.trim(), person, null, () =>
        platform.command(sender(person), "join", ...(group === null ? [] : [group])),
      );
    }
    await fac("start");

    const ended = () => runtime.sessions.status(roomKey) === null;
    const disruptions: (() => Promise<void> | undefined)[] = [
      // A participant leaves (command or leaving the room), and may come back later.
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        left.push(p);
        return chance(0.5)
          ? step(`${p.name} leaves`, p, null, () => platform.command(sender(p), "leave"))
          : step(`${p.name} leaves the room`, p, null, () => platform.inject(sender(p), { kind: "leave" }));
      },
      // Late join: someone new, or someone who left, joins a random group.
      () => {
        const p = reserve.shift() ?? left.shift();
        if (p === undefined) return undefined;
        const group = pick(groupIds) ?? null;
        groupOf.set(p.key, group);
        return step(`${p.name} joins late ${group ?? ""}`.trim(), p, null, () =>
          platform.command(sender(p), "join", ...(group === null ? [] : [group])),
        );
      },
      () => fac("next"),
      () => fac("back"),
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        pendingForget.add(p.key);
        return step(`${p.name} asks forget-me`, p, null, () => platform.command(sender(p), "forget-me"));
      },
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        const t = token();
        return step(
          `${p.name} asks a time-out ${t}`,
          p,
          { by: p, purpose: "timeout", token: t, private: true },
          () => platform.command(sender(p), "timeout", ...textFor("timeout", t).split(" ")),
        );
      },
      // Safeguarding: a flag about a room message (named or not), a help request.
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        const t = token();
        const named = chance(0.3);
        return step(
          `${p.name} flags a message ${named ? "with their name " : ""}${t}`,
          p,
          { by: p, purpose: "flag", token: t, private: true, named },
          () =>
            platform.inject(sender(p), {
              kind: "command",
              name: "flag",
              args: [...(named ? ["--name"] : []), ...textFor("flag", t).split(" ")],
              target: { text: "a message in the room", link: "https://chat.example/room/1" },
            }),
        );
      },
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        const t = token();
        return step(
          `${p.name} asks for help ${t}`,
          p,
          { by: p, purpose: "help", token: t, private: true },
          () => platform.command(sender(p), "help-me", ...textFor("help", t).split(" ")),
        );
      },
      () => (chance(0.5) ? fac("ack", "1") : fac("ack", "2")),
      () => {
        const p = pick(present());
        return p === undefined ? undefined : sayInRoom(p);
      },
      () => {
        const p = pick(present());
        return p === undefined ? undefined : fac("floor", p.name);
      },
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        left.push(p);
        return fac("remove", p.name);
      },
      () => (chance(0.5) ? fac("pause") : fac("resume")),
      () => fac("extend", "1"),
      // Issue 12: the facilitator moves past missing consents, skips a speaker, serves raised
      // hands and answers someone privately.
      () => fac("next", "--force"),
      () => fac("skip"),
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        const down = chance(0.3);
        return step(`${p.name} ${down ? "lowers" : "raises"} a hand`, p, null, () =>
          platform.command(sender(p), "hand", ...(down ? ["down"] : [])),
        );
      },
      () => (chance(0.5) ? fac("queue") : fac("queue", "next")),
      () => {
        const p = pick(present());
        if (p === undefined) return undefined;
        const t = token();
        return step(
          `facilitator replies ${t} to ${p.name}`,
          null,
          { by: p, purpose: "reply", token: t, private: true },
          () => platform.command(facilitator, "reply", p.name, ...textFor("reply", t).split(" ")),
        );
      },
      () => fac("cluster", "1", "2", "as", "Shared"),
      hideShown,
      () => {
        const p = pick(present());
        return p === undefined ? undefined : fac(chance(0.7) ? "mute" : "unmute", p.name);
      },
      () => {
        const p = pick(present());
        return p === undefined
          ? undefined
          : step(`${p.name} asks status`, p, null, () => platform.command(sender(p), "status"));
      },
    ];
    const disruptionRate = scenario.policy === "diligent" ? 0.08 : 0.35;

    for (let i = 0; i < maxSteps && !ended(); i++) {
      // A pending forget-me is confirmed soon: forget-me mid-stage.
      const forget = [...pendingForget][0];
      if (forget !== undefined && chance(0.5)) {
        pendingForget.delete(forget);
        const ids = [...(participantIds.get(forget) ?? [])];
        const id = ids[ids.length - 1];
        const person = cast.find((p) => p.key === forget);
        if (id !== undefined && person !== undefined) {
          await step(
            `facilitator confirm-forget ${id} (${person.name})`,
            null,
            null,
            () => platform.command(facilitator, "confirm-forget", id),
            person,
          );
          // The forgotten person carries on as if nothing happened: what they send now must
          // not be kept, and they must not be named again.
          if (steps.at(-1)?.forgotten.includes(person) === true) {
            const open = unanswered(person).find((o) => o.kind === "collect");
            if (open !== undefined) await answer(person, open);
            await sayInRoom(person);
          }
          continue;
        }
      }
      if (chance(scenario.policy === "diligent" ? 0.004 : 0.012)) {
        await fac("end");
        break;
      }
      if (chance(disruptionRate)) {
        const run = pick(disruptions)?.();
        if (run !== undefined) {
          await run;
          continue;
        }
      }
      // A facilitator screening contributions decides on what is held, most of the time.
      if (undecided().length > 0 && chance(scenario.policy === "diligent" ? 0.8 : 0.4) && (await review()))
        continue;
      const waiting = present().flatMap((p) => unanswered(p).map((o) => ({ p, o })));
      const mine = scenario.policy === "diligent" ? waiting : waiting.filter(() => chance(0.5));
      const choice = pick(mine.slice(0, 6));
      if (choice !== undefined && (scenario.policy === "diligent" || chance(0.7))) {
        await answer(choice.p, choice.o);
        continue;
      }
      await advance();
    }
    if (!ended()) await fac("end");
  } finally {
    await runtime.stop();
  }

  const facilitators = [facilitator.userId];
  let report: string | null = null;
  const out: string[] = [];
  const code = await runReportCommand(
    [roomKey, "--store", file],
    { out: (s) => out.push(s), err: () => undefined },
    {},
  );
  if (code === 0) report = out.join("\n");
  return {
    key,
    scenario,
    spec,
    steps,
    acts,
    participantIds,
    groupOf,
    report,
    facilitators,
    lead: safeguardingLead,
    deliveries: seenCount,
    hidden,
  };
}
