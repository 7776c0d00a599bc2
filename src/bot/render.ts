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
import { neutraliseName, neutraliseUserText } from "./neutralise.ts";
import type { Delivery, DeliveryAudience, Segment } from "./ports.ts";

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
  const texts = items.map((i) => (typeof i === "number" ? new Intl.NumberFormat(locale).format(i) : i.text));
  const joined = new Intl.ListFormat(locale, { type: "conjunction", style: "long" }).format(texts);
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
      return { audience: { to: "room" }, locale: ctx.roomLocale };
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
  const count = effects.filter((e) => asksPrivately(e, ctx)).length;
  if (count === 0 || (ctx.present ?? []).length === 0) return null;
  return renderNotice("prompt.sentPrivately", { count }, { to: "room" }, ctx.roomLocale, ctx.roomId);
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
    // The runtime, not the adapter, decides the audience: one private ask per participant.
    return (ctx.present ?? []).flatMap((participantId) =>
      renderEffect({ ...effect, audience: { to: "participant", participantId } }, ctx),
    );
  }
  switch (effect.type) {
    case "say":
    case "prompt":
    case "collect": {
      const target = audienceOf(effect.audience, ctx);
      if (target === null) return [];
      const body = renderMessage(
        effect.key,
        withCommandPrefix(withStageName(effect, target.locale, ctx.flow), ctx.commandPrefix),
        target.locale,
        scope,
      );
      if (effect.type === "say") return [{ kind: "say", roomId, audience: target.audience, body }];
      if (effect.type === "collect")
        return [{ kind: "collect", roomId, audience: target.audience, body, promptId: effect.promptId }];
      return [
        {
          kind: "ask",
          roomId,
          audience: target.audience,
          body,
          promptId: effect.promptId,
          options: effect.options.map((o) => ({
            value: o.value,
            label: optionLabel(o, target.locale, scope),
          })),
          maxChoices: effect.maxChoices ?? 1,
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
          body: renderMessage(
            effect.deadline === null ? "timer.cleared" : "timer.running",
            {},
            ctx.roomLocale,
          ),
        },
      ];
    case "summary":
      return [
        {
          kind: "pin",
          roomId,
          audience: { to: "room" },
          body: renderRecord(effect.record, ctx.roomLocale, ctx.flow),
        },
      ];
  }
}

export interface NoticeOptions {
  readonly flow?: FlowSpec | null;
  readonly participants?: RenderContext["participants"];
  /** How commands are typed on the platform the notice goes to. */
  readonly commandPrefix?: string;
}

/**
 * Adds `{cmd}`, the platform's command form ("/parley ", "!parley ", "/"), to a message's vars:
 * instructions then name a command as it is typed where they are read.
 */
function withCommandPrefix(vars: Vars | undefined, prefix: string | undefined): Vars {
  return { ...vars, cmd: { text: { und: prefix ?? "" } } };
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
    body: renderMessage(key, withCommandPrefix(v, options.commandPrefix), locale, scope),
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
    if (r.type === "likert") {
      const counts = Object.entries(r.counts ?? {})
        .map(([point, n]) => `${point}: ${new Intl.NumberFormat(locale).format(n)}`)
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

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\n/g, " ");
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
  options: { flow: FlowSpec | null; locale: Locale } | Locale,
  flowArg: FlowSpec | null = null,
): string {
  // Both call shapes are in use: (record, { flow, locale }) and (record, locale, flow).
  const { flow, locale } = typeof options === "string" ? { flow: flowArg, locale: options } : options;
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
        { text: { userText: c.text }, ...(author === undefined ? {} : { author }) },
        locale,
        { flow },
      );
      lines.push(`- ${markdownOf(line)}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
