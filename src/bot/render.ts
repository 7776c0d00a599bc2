// Rendering: semantic effects and runtime notices → localised Delivery drafts made of segments.
// Public text is in the room's locale, private text in the participant's. Participant-written
// text and names stay separate `fromParticipant` segments, neutralised, never parsed as ICU.
import type {
  ChoiceOption,
  FlowEffect,
  Locale,
  LocalizedText,
  StatementRecord,
  Participant,
  VarValue,
  Vars,
  WorkshopRecord,
} from "../flows/protocol.ts";
import type { FlowSpec } from "../flows/spec.ts";
import {
  directionOf,
  formatSegments,
  resolveLocale,
  type CatalogueKey,
  type RuntimeMessageKey,
  type SupportedLocale,
  type TextValue,
} from "./i18n/index.ts";
import { allUsages, usageOf } from "./commands.ts";
import { togetherInOnePost } from "./facilitators-together.ts";
import { neutraliseName, neutraliseUserText } from "./neutralise.ts";
import type { NumberedContribution } from "./contribution-refs.ts";
import type { Delivery, DeliveryAudience, LanguageBlock, Segment } from "./ports.ts";
import { listFormat, numberFormat } from "./formatters.ts";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type DeliveryDraft = DistributiveOmit<Delivery, "idempotencyKey">;

export interface RenderContext {
  readonly roomId: string;
  readonly roomLocale: Locale;
  readonly flow: FlowSpec | null;
  readonly participants: ReadonlyMap<string, { participant: Participant; userId: string }>;
  /** Platform user ids. */
  readonly facilitators: readonly string[];
  /**
   * The platform's `privateAnswersInRoom` capability. Unless it is true, a room prompt (its
   * answers are private: consent, votes, survey answers) goes to each of `present` privately.
   */
  readonly privateAnswersInRoom?: boolean;
  /** The participants taking part now (ids), in the workshop's order. */
  readonly present?: readonly string[];
  /** How commands are typed on this platform (`{cmd}` in messages: "type {cmd}join"). */
  readonly commandPrefix?: string;
  /** How facilitators' commands are typed (`{fcmd}`: "type {fcmd}start"); absent, `commandPrefix`. */
  readonly facilitatorCommandPrefix?: string;
  /**
   * The languages room posts are written in (languages.ts: the present participants' languages
   * the flow has, default first, or the room's fixed set); absent: the room's locale only.
   */
  readonly roomLanguages?: readonly Locale[];
  /** The language a facilitator reads their notices in (undefined: the room's). */
  readonly facilitatorLocale?: (userId: string) => Locale | undefined;
  /** The facilitators read their notices together (one thread): one post, a block per language. */
  readonly facilitatorsTogether?: boolean;
}

/** A room post's body in each of the room's languages (`languages` only when there are several). */
function inRoomLanguages(
  ctx: Pick<RenderContext, "roomLocale" | "roomLanguages">,
  make: (locale: Locale) => Segment[],
): { body: Segment[]; languages?: LanguageBlock[] } {
  const locales =
    ctx.roomLanguages !== undefined && ctx.roomLanguages.length > 0 ? ctx.roomLanguages : [ctx.roomLocale];
  const blocks = locales.map((locale) => ({ locale, dir: directionOf(locale), body: make(locale) }));
  const body = blocks[0]?.body ?? [];
  return blocks.length > 1 ? { body, languages: blocks } : { body };
}

/** The room's first language: what a single-language room post and the facilitators read. */
export function firstRoomLanguage(ctx: Pick<RenderContext, "roomLocale" | "roomLanguages">): Locale {
  return ctx.roomLanguages?.[0] ?? ctx.roomLocale;
}

/** What vars need to be resolved: names and flow texts. */
interface VarScope {
  readonly flow: FlowSpec | null;
  readonly participants?: RenderContext["participants"];
}

/** Flow-authored text in a locale: exact, then the language, then the flow's default, then any. */
export function pickText(text: LocalizedText, locale: Locale, flow: FlowSpec | null): string {
  const language = locale.split("-")[0] ?? locale;
  return (
    text[locale] ??
    text[language] ??
    (flow === null ? undefined : text[flow.defaultLocale]) ??
    text["en"] ??
    Object.values(text)[0] ??
    ""
  );
}

function participantName(id: string, scope: VarScope): string {
  const p = scope.participants?.get(id);
  return p === undefined ? id : neutraliseName(p.participant.name);
}

// Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
const rtlLetters = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;

/**
 * Wraps participant text in first-strong isolates (FSI … PDI) where its direction may differ from
 * the message around it: an Arabic name inside an English sentence, or any name inside Arabic or
 * Hebrew text. Without it, the bidi algorithm can carry neighbouring words and punctuation into
 * the name's direction and misorder the sentence. Each line is isolated on its own, as a line
 * break ends an isolate anyway. Participants' own isolates were stripped by neutralisation.
 */
function isolate(text: string, locale: SupportedLocale): string {
  if (directionOf(locale) !== "rtl" && !rtlLetters.test(text)) return text;
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `\u2068${line}\u2069`))
    .join("\n");
}

/** A var as a segment (text values) or number. */
function resolveVar(value: VarValue, locale: SupportedLocale, scope: VarScope): Segment | number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    // Machine strings are ids and labels; they may still echo something a person typed.
    return { text: isolate(neutraliseUserText(value), locale), fromParticipant: true };
  }
  if ("participant" in value)
    return { text: isolate(participantName(value.participant, scope), locale), fromParticipant: true };
  if ("userText" in value)
    return { text: isolate(neutraliseUserText(value.userText), locale), fromParticipant: true };
  if ("text" in value) return { text: pickText(value.text, locale, scope.flow) };
  const items = value.list.map((v) => resolveVar(v, locale, scope));
  const texts = items.map((i) => (typeof i === "number" ? numberFormat(locale).format(i) : i.text));
  const joined = listFormat(locale).format(texts);
  const fromParticipant = items.some((i) => typeof i !== "number" && i.fromParticipant === true);
  return fromParticipant ? { text: joined, fromParticipant } : { text: joined };
}

/** Renders a catalogue message with protocol vars into segments in `locale`. */
export function renderMessage(
  key: CatalogueKey,
  vars: Vars | undefined,
  locale: Locale,
  scope: VarScope = { flow: null },
): Segment[] {
  const loc = resolveLocale(locale);
  const text = new Map<string, TextValue>();
  const numbers = new Map<string, number>();
  const selects = new Map<string, string>();
  for (const [name, value] of Object.entries(vars ?? {})) {
    if (typeof value === "string") selects.set(name, value);
    if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) numbers.set(name, Number(value));
    if ((typeof value === "object" && "list" in value) || typeof value === "number")
      numbers.set(name, typeof value === "number" ? value : value.list.length);
    const r = resolveVar(value, loc, scope);
    if (typeof r !== "number") text.set(name, r);
  }
  return formatSegments(loc, key, { text, numbers, selects });
}

function audienceOf(
  audience: FlowEffect extends infer E ? (E extends { audience: infer A } ? A : never) : never,
  ctx: RenderContext,
): { audience: DeliveryAudience; locale: Locale } | null {
  switch (audience.to) {
    case "room":
      return { audience: { to: "room" }, locale: firstRoomLanguage(ctx) };
    case "facilitators":
      return { audience: { to: "facilitators", userIds: [...ctx.facilitators] }, locale: ctx.roomLocale };
    case "participant": {
      const p = ctx.participants.get(audience.participantId);
      // A participant who left (or was forgotten) has nobody to deliver to.
      if (p === undefined) return null;
      return { audience: { to: "user", userId: p.userId }, locale: p.participant.locale };
    }
  }
}

function optionLabel(option: ChoiceOption, locale: Locale, scope: VarScope): string {
  const label = option.label;
  const text =
    "key" in label
      ? segmentsToPlainText(renderMessage(label.key, label.vars, locale, scope))
      : pickText(label.text, locale, scope.flow);
  return neutraliseUserText(text, 80).replace(/\s+/g, " ");
}

/**
 * An option's label for a room question in several languages: each distinct wording once,
 * joined by " / " (one button or line serves every reader), within the 80 characters a label has.
 */
function multilingualLabel(option: ChoiceOption, locales: readonly Locale[], scope: VarScope): string {
  const labels = [...new Set(locales.map((l) => optionLabel(option, l, scope)))];
  const joined = labels.join(" / ");
  return joined.length <= 80 ? joined : (labels[0] ?? "");
}

/**
 * Whether a room prompt is sent to each present participant privately: every machine prompt to
 * the room collects private answers, and the platform cannot take them in the room unseen.
 */
function asksPrivately(effect: FlowEffect, ctx: RenderContext): boolean {
  return effect.type === "prompt" && effect.audience.to === "room" && ctx.privateAnswersInRoom !== true;
}

/**
 * The room's note that questions went to each participant privately (null when none did): one
 * per step, however many questions it sent, so a survey does not fill the room.
 */
export function privatelyAskedNotice(
  effects: readonly FlowEffect[],
  ctx: RenderContext,
): DeliveryDraft | null {
  // A shortcut is no question to answer; a corrected question replaces one the room was told of.
  const count = effects.filter(
    (e) => asksPrivately(e, ctx) && !(e.type === "prompt" && (e.shortcut || e.revises)),
  ).length;
  if (count === 0 || (ctx.present ?? []).length === 0) return null;
  return renderRoomNotice("prompt.sentPrivately", { count }, ctx);
}

/** A runtime message to the room, in each of the room's languages. */
export function renderRoomNotice(
  key: RuntimeMessageKey,
  vars: Vars,
  ctx: Pick<RenderContext, "roomId" | "roomLocale" | "roomLanguages" | "flow" | "participants">,
): DeliveryDraft {
  const scope: VarScope = { flow: ctx.flow, participants: ctx.participants };
  const text = inRoomLanguages(ctx, (locale) => renderMessage(key, vars, locale, scope));
  return { kind: "say", roomId: ctx.roomId, audience: { to: "room" }, ...text };
}

/**
 * What people read as a stage's name: its title in their language, else its kind's translated
 * name ("Brainstorm"), never its id.
 */
export function stageName(
  stage: { readonly kind: string; readonly title?: LocalizedText | undefined },
  locale: Locale,
  flow: FlowSpec | null,
): string {
  return stage.title === undefined
    ? // ICU select keys take no dashes: ground-rules → ground_rules.
      segmentsToPlainText(renderMessage("stage.kindName", { kind: stage.kind.replace(/-/gu, "_") }, locale))
    : pickText(stage.title, locale, flow);
}

/** A stage card's vars: a stage without a title is named by its kind, in the reader's language. */
function withStageName(effect: FlowEffect, locale: Locale, flow: FlowSpec | null): Vars | undefined {
  if (!("vars" in effect)) return undefined;
  const vars = effect.vars;
  const kind = vars["kind"];
  if (effect.type !== "say" || effect.key !== "workshop.stageOpens" || vars["stage"] !== undefined)
    return vars;
  if (typeof kind !== "string") return vars;
  return { ...vars, stage: { text: { und: stageName({ kind }, locale, flow) } } };
}

/** Renders one machine effect into the deliveries it needs (none for a vanished participant). */
export function renderEffect(effect: FlowEffect, ctx: RenderContext): DeliveryDraft[] {
  const scope: VarScope = { flow: ctx.flow, participants: ctx.participants };
  const roomId = ctx.roomId;
  if (effect.type === "prompt" && asksPrivately(effect, ctx)) {
    // A one-click form of a command (the hand buttons) is not worth a private message each:
    // where the room cannot take it privately, people type the command.
    if (effect.shortcut === true) return [];
    // The runtime, not the adapter, decides the audience: one private ask per participant.
    return (ctx.present ?? []).flatMap((participantId) =>
      renderEffect({ ...effect, audience: { to: "participant", participantId } }, ctx),
    );
  }
  if (
    (effect.type === "say" || effect.type === "prompt" || effect.type === "collect") &&
    effect.audience.to === "facilitators" &&
    ctx.facilitatorLocale !== undefined
  ) {
    // Each facilitator reads the workshop's notices in their own language: one per language.
    const byLocale = new Map<Locale, string[]>();
    for (const id of ctx.facilitators) {
      const locale = ctx.facilitatorLocale(id) ?? ctx.roomLocale;
      byLocale.set(locale, [...(byLocale.get(locale) ?? []), id]);
    }
    if (byLocale.size > 1 || [...byLocale.keys()].some((l) => l !== ctx.roomLocale)) {
      const { facilitatorLocale: _each, ...one } = ctx;
      const versions = [...byLocale].map(([roomLocale, facilitators]) => ({
        locale: roomLocale,
        drafts: renderEffect(effect, { ...one, roomLocale, facilitators }),
      }));
      // Where they read together (one thread), one post with each of their languages.
      const together =
        ctx.facilitatorsTogether === true
          ? togetherInOnePost(versions, ctx.facilitators, ctx.roomLocale)
          : null;
      return together === null ? versions.flatMap((v) => v.drafts) : [together];
    }
  }
  switch (effect.type) {
    case "say":
    case "prompt":
    case "collect": {
      const target = audienceOf(effect.audience, ctx);
      if (target === null) return [];
      // Room text is written in every language of the room; private text in its reader's.
      const varsIn = (locale: Locale) =>
        withCommandPrefix(
          withStageName(effect, locale, ctx.flow),
          ctx.commandPrefix,
          ctx.facilitatorCommandPrefix,
        );
      const locales = target.audience.to === "room" ? (ctx.roomLanguages ?? []) : [];
      const text =
        target.audience.to === "room"
          ? inRoomLanguages(ctx, (locale) => renderMessage(effect.key, varsIn(locale), locale, scope))
          : { body: renderMessage(effect.key, varsIn(target.locale), target.locale, scope) };
      if (effect.type === "say") {
        if (effect.ref === undefined) return [{ kind: "say", roomId, audience: target.audience, ...text }];
        // A post on someone's behalf carries its number (in every language block), for a
        // facilitator to hide it by and an interpreter to translate it by.
        const mark = (body: readonly Segment[]): Segment[] => [
          ...body,
          { text: ` [#${String(effect.ref)}]` },
        ];
        return [
          {
            kind: "say",
            roomId,
            audience: target.audience,
            body: mark(text.body),
            ...(text.languages === undefined
              ? {}
              : { languages: text.languages.map((b) => ({ ...b, body: mark(b.body) })) }),
            contributionRef: effect.ref,
          },
        ];
      }
      if (effect.type === "collect")
        return [{ kind: "collect", roomId, audience: target.audience, ...text, promptId: effect.promptId }];
      return [
        {
          kind: "ask",
          roomId,
          audience: target.audience,
          ...text,
          promptId: effect.promptId,
          options: effect.options.map((o) => ({
            value: o.value,
            label: multilingualLabel(o, locales.length > 1 ? locales : [target.locale], scope),
          })),
          maxChoices: effect.maxChoices ?? 1,
          ...(effect.revises === true ? { revises: true as const } : {}),
        },
      ];
    }
    case "floor": {
      // Soft enforcement never restricts the room: out-of-turn posts get a private reminder instead.
      if (ctx.flow?.turnEnforcement !== "strict") return [];
      const holders =
        effect.holders === "everyone"
          ? "everyone"
          : effect.holders.flatMap((id) => {
              const p = ctx.participants.get(id);
              return p === undefined ? [] : [p.userId];
            });
      return [
        { kind: "floor", roomId, audience: { to: "room" }, holders, facilitators: [...ctx.facilitators] },
      ];
    }
    case "timer":
      return [
        {
          kind: "timer",
          roomId,
          audience: { to: "room" },
          deadline: effect.deadline,
          ...inRoomLanguages(ctx, (locale) =>
            renderMessage(effect.deadline === null ? "timer.cleared" : "timer.running", {}, locale),
          ),
        },
      ];
    case "close":
      return [{ kind: "close", roomId, audience: { to: "room" }, promptId: effect.promptId }];
    case "retract":
      return [{ kind: "retract", roomId, audience: { to: "room" }, contributionRef: effect.ref }];
    case "summary":
      return [
        {
          kind: "pin",
          roomId,
          audience: { to: "room" },
          ...inRoomLanguages(ctx, (locale) => renderRecord(effect.record, locale, ctx.flow)),
        },
      ];
  }
}

export interface NoticeOptions {
  readonly flow?: FlowSpec | null;
  readonly participants?: RenderContext["participants"];
  /** How commands are typed on the platform the notice goes to. */
  readonly commandPrefix?: string;
  readonly facilitatorCommandPrefix?: string;
}

/**
 * Adds `{cmd}`, the platform's command form ("/parley ", "!parley ", "/"), to a message's vars:
 * instructions then name a command as it is typed where they are read.
 */
function withCommandPrefix(
  vars: Vars | undefined,
  prefix: string | undefined,
  facilitatorPrefix: string | undefined,
): Vars {
  return {
    ...vars,
    cmd: { text: { und: prefix ?? "" } },
    fcmd: { text: { und: facilitatorPrefix ?? prefix ?? "" } },
  };
}

/** A runtime message (refusal, usage, status, confirmation) to one audience. */
export function renderNotice(
  key: RuntimeMessageKey,
  vars: Vars,
  audience: DeliveryAudience,
  locale: Locale,
  roomId: string,
  options: NoticeOptions = {},
): DeliveryDraft {
  let v = vars;
  // Usage is language-neutral syntax; fill it in when the caller named only the command.
  if ((key === "command.badArguments" || key === "command.unknown") && v["usage"] === undefined) {
    const command = typeof v["command"] === "string" ? v["command"] : "";
    v = { ...v, usage: key === "command.unknown" ? allUsages() : (usageOf(command) ?? allUsages()) };
  }
  const scope: VarScope = {
    flow: options.flow ?? null,
    ...(options.participants === undefined ? {} : { participants: options.participants }),
  };
  return {
    kind: "say",
    roomId,
    audience,
    body: renderMessage(
      key,
      withCommandPrefix(v, options.commandPrefix, options.facilitatorCommandPrefix),
      locale,
      scope,
    ),
  };
}

/** Plain text of segments (console, tests, logs); quotes become indented lines. */
export function segmentsToPlainText(segments: readonly Segment[]): string {
  return segments.map((s) => s.text).join("");
}

/** An adapter's own wording (e.g. a countdown) as plain text, in `locale` (unknown: English). */
export function catalogueText(
  locale: string | undefined,
  key: CatalogueKey,
  text: Readonly<Record<string, string>> = {},
): string {
  return segmentsToPlainText(
    formatSegments(resolveLocale(locale), key, {
      text: new Map(Object.entries(text)),
      numbers: new Map(),
      selects: new Map(),
    }),
  );
}

// --- the workshop record ---------------------------------------------------------------------

function groupName(group: string | null, locale: Locale, flow: FlowSpec | null): string {
  if (group === null) return "—";
  const g = flow?.groups?.find((x) => x.id === group);
  return g === undefined ? group : pickText(g.name, locale, flow);
}

function recordLines(
  record: WorkshopRecord,
  locale: Locale,
  flow: FlowSpec | null,
): { heading: Segment[]; lines: Segment[][] }[] {
  const msg = (key: CatalogueKey, vars: Vars = {}) => renderMessage(key, vars, locale, { flow });
  const groupsText = (ids: readonly string[]): VarValue => ({
    list: ids.map((g) => groupName(g, locale, flow)),
  });
  const sections: { heading: Segment[]; lines: Segment[][] }[] = [];
  // Pooled (a group below the minimum size): one row for all groups, no per-group figure.
  const pooled = record.pooled === true;
  sections.push({
    heading: msg("report.participation"),
    lines: record.participation.map((p) =>
      msg("report.participationRow", {
        group:
          pooled && p.group === null
            ? segmentsToPlainText(msg("report.allGroups"))
            : groupName(p.group, locale, flow),
        participants: p.participants,
        turns: p.turns,
        words: p.words,
        passes: p.passes,
      }),
    ),
  });
  sections.push({
    heading: msg("report.ideas"),
    lines:
      record.ideas.length === 0
        ? [msg("report.noIdeas")]
        : record.ideas.map((idea, i) => {
            const common = {
              rank: i + 1,
              text: { userText: idea.text },
              ...(idea.cluster === null ? {} : { cluster: { userText: idea.cluster } }),
              votes: idea.totalSupport,
            };
            const line =
              idea.crossGroupSupport === null
                ? msg("report.ideaPooled", common)
                : msg("report.idea", { ...common, support: idea.crossGroupSupport });
            // Ideas folded into this one's cluster stay in the record, under it.
            const folded = idea.folded ?? [];
            return folded.length === 0
              ? line
              : [
                  ...line,
                  ...msg("report.foldedIdea", { ideas: { list: folded.map((t) => ({ userText: t })) } }),
                ];
          }),
  });
  sections.push({
    heading: msg("report.needs"),
    lines:
      record.recognisedNeeds.length === 0
        ? [msg("report.noNeeds")]
        : record.recognisedNeeds.map((n) =>
            msg("report.need", {
              text: { userText: n.text },
              group: groupName(n.group, locale, flow),
              groups: groupsText(n.recognisedByGroups),
            }),
          ),
  });
  for (const st of record.statements ?? []) sections.push(statementSection(st, locale, flow, false));
  return sections;
}

/** A joint statement: the scope that applies, the groups that consented, each sentence per language. */
function statementSection(
  st: StatementRecord,
  locale: Locale,
  flow: FlowSpec | null,
  consentedOnly: boolean,
): { heading: Segment[]; lines: Segment[][] } {
  const msg = (key: CatalogueKey, vars: Vars = {}) => renderMessage(key, vars, locale, { flow });
  const lines: Segment[][] = [
    msg("report.statement", {
      passed: st.passed ? "yes" : "no",
      scope: st.scope,
      // Left out when empty: the catalogue's `hasConsented` then reads "none".
      ...(st.groups.some((g) => g.consented)
        ? {
            consented: {
              list: st.groups.filter((g) => g.consented).map((g) => groupName(g.group, locale, flow)),
            },
          }
        : {}),
    }),
  ];
  const sentences = consentedOnly ? st.sentences.filter((x) => x.consented) : st.sentences;
  for (const language of st.languages)
    sentences.forEach((x, i) => {
      const text = x.text[language];
      if (text !== undefined)
        lines.push(
          msg("report.statementSentence", {
            number: consentedOnly ? i + 1 : x.number,
            language,
            text: { userText: text },
            consented: x.consented ? "yes" : "no",
          }),
        );
    });
  return { heading: msg("report.statements"), lines };
}

/**
 * `parley report --statement`: only the consented sentences of each joint statement, in each of
 * its languages, with the sharing scope that applies: what the facilitators may hand on.
 */
export function renderStatementExport(
  record: WorkshopRecord,
  options: { flow: FlowSpec | null; locale: Locale },
): string {
  const { flow, locale } = options;
  const [title] = headerLines(record, locale, flow);
  const lines: string[] = [`# ${markdownOf(title ?? [])}`, ""];
  for (const st of record.statements ?? []) {
    const section = statementSection(st, locale, flow, true);
    lines.push(`## ${markdownOf(section.heading)}`, "");
    for (const l of section.lines) lines.push(`- ${markdownOf(l)}`);
    lines.push("");
  }
  return lines.join("\n");
}

function headerLines(record: WorkshopRecord, locale: Locale, flow: FlowSpec | null): Segment[][] {
  const title: VarValue = flow === null ? record.flowId : { text: flow.title };
  return [
    renderMessage("summary.title", { title }, locale, { flow }),
    renderMessage(
      "report.confidentiality",
      // ICU selectors cannot contain "-".
      { mode: record.confidentiality === "chatham-house" ? "chathamHouse" : record.confidentiality },
      locale,
      { flow },
    ),
    renderMessage(
      "report.stages",
      {
        // Titles (or the kinds' names), never ids; a stage no longer in the flow keeps its id.
        stages: {
          list: record.stagesRun.map((id) => {
            const stage = flow?.stages.find((st) => st.id === id);
            return stage === undefined ? id : { text: { und: stageName(stage, locale, flow) } };
          }),
        },
      },
      locale,
      { flow },
    ),
    ...(record.pooled === true
      ? [renderMessage("report.pooled", { min: record.minGroupSize ?? 0 }, locale, { flow })]
      : []),
  ];
}

/**
 * Survey results as aggregates (for the report only, never the room): counts per scale point, and
 * free-text answers in the record's seeded order, one question at a time.
 */
function surveyLines(record: WorkshopRecord, locale: Locale, flow: FlowSpec | null): Segment[][] {
  const lines: Segment[][] = [];
  for (const r of record.surveys ?? []) {
    const stage = flow?.stages.find((st) => st.id === r.stageId);
    const q = stage?.kind === "survey" ? stage.questions.find((x) => x.id === r.questionId) : undefined;
    const question: VarValue = q === undefined ? r.questionId : { text: q.text };
    if (r.type === "thermometer") {
      const mean = r.mean === undefined ? "–" : numberFormat(locale, 1).format(r.mean);
      lines.push(
        renderMessage("report.surveyMean", { question, respondents: r.respondents, mean }, locale, { flow }),
      );
    } else if (r.type === "likert" || r.type === "choice") {
      // Choice options by their label, not their id.
      const label = (value: string) => {
        const option = q?.type === "choice" ? q.options.find((o) => o.id === value) : undefined;
        return option === undefined ? value : pickText(option.label, locale, flow);
      };
      const counts = Object.entries(r.counts ?? {})
        .map(([point, n]) => `${label(point)}: ${numberFormat(locale).format(n)}`)
        .join(" · ");
      lines.push(
        renderMessage("report.surveyLikert", { question, respondents: r.respondents, counts }, locale, {
          flow,
        }),
      );
    } else {
      lines.push(
        renderMessage("report.surveyText", { question, respondents: r.respondents }, locale, { flow }),
      );
      for (const answer of r.answers ?? [])
        lines.push([
          { text: "  - " },
          ...renderMessage("report.contribution", { text: { userText: answer } }, locale, { flow }),
        ]);
    }
  }
  return lines;
}

/** The summary pinned in the room: header, participation, ranked ideas, recognised needs (no authors). */
export function renderRecord(record: WorkshopRecord, locale: Locale, flow: FlowSpec | null): Segment[] {
  const out: Segment[] = [];
  const [title, ...rest] = headerLines(record, locale, flow);
  out.push(...(title ?? []).map((s) => ({ ...s, style: "strong" as const })), { text: "\n" });
  for (const line of rest) out.push(...line, { text: "\n" });
  for (const section of recordLines(record, locale, flow)) {
    out.push({ text: "\n" }, ...section.heading.map((s) => ({ ...s, style: "strong" as const })), {
      text: "\n",
    });
    for (const line of section.lines) out.push({ text: "• " }, ...line, { text: "\n" });
  }
  return mergePlain(out);
}

function mergePlain(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    const plain = (x: Segment) => x.style === undefined && x.fromParticipant !== true;
    if (last !== undefined && plain(last) && plain(s)) out[out.length - 1] = { text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

/** A survey answer as "question: answer" (the stored form is `survey:<stage>:<question>=<answer>`). */
function surveyAnswerText(c: { kind: string; text: string }, locale: Locale, flow: FlowSpec | null): string {
  const match = c.kind === "survey" ? /^survey:([^:]+):([^=]+)=(.*)$/su.exec(c.text) : null;
  if (match === null) return c.text;
  const [, stageId, questionId, answer = ""] = match;
  const stage = flow?.stages.find((st) => st.id === stageId);
  const q = stage?.kind === "survey" ? stage.questions.find((x) => x.id === questionId) : undefined;
  if (q === undefined) return c.text;
  const option = q.type === "choice" ? q.options.find((o) => o.id === answer) : undefined;
  return `${pickText(q.text, locale, flow)}: ${option === undefined ? answer : pickText(option.label, locale, flow)}`;
}

/**
 * Participant text inline in a Markdown list item: only what would start markup is escaped
 * (emphasis, code, links, HTML, tables), so ordinary punctuation reads as written.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/\n/g, " ");
}

function markdownOf(segments: readonly Segment[]): string {
  return segments.map((s) => (s.fromParticipant === true ? escapeMarkdown(s.text) : s.text)).join("");
}

/**
 * The record as Markdown for `parley report`. Contributions are listed with authors only when the
 * record carries them (open confidentiality); an anonymous record has none to show.
 */
export function renderReportMarkdown(
  record: WorkshopRecord,
  options:
    | {
        flow: FlowSpec | null;
        locale: Locale;
        /** Numbered contributions with their translations (session meta), listed in both languages. */
        translated?: readonly NumberedContribution[] | undefined;
      }
    | Locale,
  flowArg: FlowSpec | null = null,
): string {
  // Both call shapes are in use: (record, { flow, locale }) and (record, locale, flow).
  const { flow, locale } = typeof options === "string" ? { flow: flowArg, locale: options } : options;
  const translated = typeof options === "string" ? [] : (options.translated ?? []);
  const [title, ...rest] = headerLines(record, locale, flow);
  const lines: string[] = [`# ${markdownOf(title ?? [])}`, ""];
  for (const l of rest) lines.push(markdownOf(l), "");
  for (const section of recordLines(record, locale, flow)) {
    lines.push(`## ${markdownOf(section.heading)}`, "");
    for (const l of section.lines) lines.push(`- ${markdownOf(l)}`);
    lines.push("");
  }
  const surveys = surveyLines(record, locale, flow);
  if (surveys.length > 0) {
    lines.push(`## ${markdownOf(renderMessage("report.surveys", {}, locale, { flow }))}`, "");
    for (const l of surveys) {
      const text = markdownOf(l);
      lines.push(text.startsWith("  - ") ? text : `- ${text}`);
    }
    lines.push("");
  }
  // Records written before survey aggregates existed still list answers one by one: outside open
  // workshops those are left out (the aggregates above, when present, stand for them).
  const listed = record.contributions.filter((c) => record.confidentiality === "open" || c.kind !== "survey");
  if (listed.length > 0) {
    lines.push(`## ${markdownOf(renderMessage("report.contributions", {}, locale, { flow }))}`, "");
    for (const c of listed) {
      const author =
        record.confidentiality === "open" && c.author !== null ? { userText: c.author } : undefined;
      const line = renderMessage(
        "report.contribution",
        {
          text: { userText: surveyAnswerText(c, locale, flow) },
          ...(author === undefined ? {} : { author }),
        },
        locale,
        { flow },
      );
      lines.push(`- ${markdownOf(line)}`);
    }
    lines.push("");
  }
  // Interpreters' and machine translations beside their original (never an author).
  const withTranslations = translated.filter((c) => (c.translations ?? []).length > 0);
  if (withTranslations.length > 0) {
    lines.push(`## ${markdownOf(renderMessage("report.translations", {}, locale, { flow }))}`, "");
    for (const c of withTranslations)
      for (const t of c.translations ?? [])
        lines.push(
          `- ${markdownOf(
            renderMessage(
              "report.translation",
              { ref: c.ref, original: { userText: c.text }, kind: t.by, text: { userText: t.text } },
              locale,
              { flow },
            ),
          )}`,
        );
    lines.push("");
  }
  return lines.join("\n");
}

/**
 * A post with another one appended on a new line (the alert's number under a time-out request, a
 * ground rule under the introduction): each language block gets its own language's text.
 */
export function appended(
  request: DeliveryDraft & { kind: "say" },
  added: DeliveryDraft & { kind: "say" },
): DeliveryDraft & { kind: "say" } {
  const newline = { text: "\n" };
  const languages = request.languages?.map((b) => {
    const more = added.languages?.find((a) => a.locale === b.locale)?.body ?? added.body;
    return { ...b, body: [...b.body, newline, ...more] };
  });
  return {
    ...request,
    body: [...request.body, newline, ...added.body],
    ...(languages === undefined ? {} : { languages }),
  };
}
