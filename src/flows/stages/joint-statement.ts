// Joint statement: amend (participants propose adding, deleting, rewording or translating numbered
// sentences) → review (facilitators merge duplicate amendments) → vote (each amendment decided by
// the flow's rule, group by group) → ratify: consent sentence by sentence, per group, with a
// sharing scope → closed (results shown; facilitators may withdraw a group's consent) → done.
//
// Everything that names a participant (amendments, votes, consents, scope choices) is a
// contribution with its author, so forget-me removes it. The outcome is a contribution with no
// author: once consented, a sentence is the groups' text and stays.
import type { LocalizedText, StatementRecord, VarValue, Vars } from "../protocol.ts";
import type { StageOf, StatementScope } from "../spec.ts";
import { statementScopes } from "../spec.ts";
import {
  act,
  atDeadline,
  authorsVar,
  baseContext,
  clearTimer,
  commonHandlers,
  contribute,
  contributionsOf,
  effect,
  facilitators,
  room,
  say,
  seededOrder,
  setTimer,
  stageOutput,
  stageSeed,
  stageSetup,
  to,
  shownToRoom,
  type Contribution,
  type FlowFacts,
  type StageContext,
  type Step,
} from "./common.ts";
import { collectingEnds, privateOrRoomInput } from "./collect.ts";

export type AmendmentAction = "add" | "delete" | "reword" | "translate";

interface Sentence {
  readonly id: string;
  /** Raised when a version is added during the consent round: consents to earlier text lapse. */
  readonly rev: number;
  /**
   * Who wrote each version (a seed idea's author, an accepted amendment's, a translation's); the
   * facilitators' draft has none. Until the results, forget-me takes those versions out.
   */
  readonly origins: Readonly<Record<string, string>>;
  /** One version per language (a reword keeps only the new one: the others must be translated again). */
  readonly text: LocalizedText;
  /**
   * The brainstorm idea it was seeded from, until a reword replaces that text: hidden by the
   * facilitators later, the sentence leaves the statement's outcome with it.
   */
  readonly source?: string;
}

interface Amendment {
  /** The id of its contribution (which holds the author). */
  readonly id: string;
  readonly action: AmendmentAction;
  /** The sentence it changes (null for an addition). */
  readonly sentence: string | null;
  readonly locale: string;
  readonly text: string;
  readonly status: "open" | "merged" | "accepted" | "rejected";
}

/** What the consent round found when it closed (per group key; "" when the flow has no groups). */
interface Closing {
  readonly languages: readonly string[];
  readonly groups: readonly string[];
  /** Sentence id → the groups that consented to it by the threshold. */
  readonly consentedBy: Readonly<Record<string, readonly string[]>>;
  readonly scopeByGroup: Readonly<Record<string, StatementScope>>;
}

interface JointStatementContext extends StageContext {
  readonly sentences: readonly Sentence[];
  readonly amendments: readonly Amendment[];
  /** Amendment ids in the order they were shown for review and vote: their numbers. */
  readonly shown: readonly string[];
  readonly closing: Closing | null;
  /** Groups whose consent a facilitator withdrew at their request. */
  readonly withdrawn: readonly string[];
}

export const amendmentKind = "amendment";
export const statementKind = "statement";
/** Ballots of this stage: never listed in the record (only their outcome is). */
export const statementBallotKinds = new Set(["amendment-vote", "statement-consent", "statement-scope"]);

/** A list variable, left out when empty (the catalogue's `has<Name>` then reads "none"). */
const listVar = (name: string, items: VarValue[]): Vars =>
  items.length === 0 ? {} : { [name]: { list: items } };

/** An amendment written by a participant: `+ text`, `- 3`, `3: text`, `3 ar: text`. */
export function parseAmendment(
  raw: string,
): { action: AmendmentAction; number: number | null; locale: string | null; text: string } | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > 2000) return null;
  const add = /^\+\s*(\S[\s\S]*)$/u.exec(text);
  if (add) return { action: "add", number: null, locale: null, text: (add[1] ?? "").trim() };
  const del = /^[-\u2212]\s*(\d{1,3})$/u.exec(text);
  if (del) return { action: "delete", number: Number(del[1]), locale: null, text: "" };
  const tr = /^(\d{1,3})\s+([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*:\s*(\S[\s\S]*)$/u.exec(text);
  if (tr)
    return { action: "translate", number: Number(tr[1]), locale: tr[2] ?? null, text: (tr[3] ?? "").trim() };
  const rw = /^(\d{1,3})\s*:\s*(\S[\s\S]*)$/u.exec(text);
  if (rw) return { action: "reword", number: Number(rw[1]), locale: null, text: (rw[2] ?? "").trim() };
  return null;
}

/** Narrowest first: the most restrictive of several scopes is the one with the lowest index. */
export const narrowest = (scopes: readonly StatementScope[], otherwise: StatementScope): StatementScope =>
  scopes.reduce<StatementScope>(
    (a, b) => (statementScopes.indexOf(b) < statementScopes.indexOf(a) ? b : a),
    otherwise,
  );

/** A seed sentence from an earlier stage's idea: the language its author reads, else the default. */
export interface SeedIdea {
  /** The idea's contribution id. */
  readonly id?: string;
  readonly text: string;
  readonly locale: string;
  readonly author?: string;
}

export function createJointStatementMachine(stage: StageOf<"joint-statement">, facts: FlowFacts) {
  const amendPrompt = `amend:${stage.id}`;
  const votePrompt = (amendmentId: string) => `amend-vote:${stage.id}:${amendmentId}`;
  const translatePrompt = `translate:${stage.id}`;
  /** A sentence's consent question and answers, for its current text (`rev`). */
  const consentKey = (x: Sentence) => `${x.id}:${String(x.rev)}`;
  const consentPromptId = (x: Sentence) => `statement:${stage.id}:${consentKey(x)}`;
  const scopePrompt = `scope:${stage.id}`;
  const grouped = facts.groups.length > 0;
  const offeredScopes = statementScopes.slice(0, statementScopes.indexOf(stage.proposedScope) + 1);

  const initialSentences = (seedIdeas: readonly SeedIdea[]): Sentence[] => {
    const seeds: { text: LocalizedText; origins: Record<string, string>; source?: string }[] =
      stage.seed.from === "draft"
        ? stage.seed.sentences.map((text) => ({ text, origins: {} }))
        : stage.seed.from === "brainstorm"
          ? seedIdeas.map((idea) => ({
              text: { [idea.locale]: idea.text },
              origins: idea.author === undefined ? {} : { [idea.locale]: idea.author },
              ...(idea.id === undefined ? {} : { source: idea.id }),
            }))
          : [];
    return seeds.map((seed, i) => ({ id: `s${String(i + 1)}`, rev: 0, ...seed }));
  };

  const groupKey = (ctx: StageContext, participantId: string) =>
    ctx.view.participants.find((p) => p.id === participantId)?.group ?? "";
  const presentGroups = (ctx: StageContext) => [...new Set(ctx.view.participants.map((p) => p.group ?? ""))];
  const groupVar = (key: string) => {
    const g = facts.groups.find((x) => x.id === key);
    return g === undefined ? key : { text: g.name };
  };
  /** The languages each sentence must be consented to in: those of the participants present. */
  const languagesNow = (ctx: StageContext) => {
    const langs = ctx.view.participants.map((p) =>
      facts.locales.includes(p.locale) ? p.locale : facts.defaultLocale,
    );
    return facts.locales.filter((l) => langs.includes(l));
  };

  /** Each participant's latest answer to one question (`<key>=<answer>` contributions of a kind). */
  const latestAnswers = (ctx: StageContext, kind: string, key: string): Map<string, string> => {
    const out = new Map<string, string>();
    for (const c of contributionsOf(ctx, kind))
      if (c.text.startsWith(`${key}=`)) out.set(c.author, c.text.slice(key.length + 1));
    return out;
  };

  /**
   * The groups present whose members said yes by the rule: "all" (every member present) or
   * "majority" (more than half of those present). Never the room as a whole.
   */
  const groupsSayingYes = (ctx: StageContext, kind: string, key: string, rule: "all" | "majority") => {
    const answers = latestAnswers(ctx, kind, key);
    return presentGroups(ctx).filter((g) => {
      const members = ctx.view.participants.filter((p) => (p.group ?? "") === g);
      const yes = members.filter((p) => answers.get(p.id) === "yes").length;
      return rule === "all" ? yes === members.length : yes * 2 > members.length;
    });
  };

  const number = (ctx: JointStatementContext, sentenceId: string | null) =>
    sentenceId === null ? 0 : ctx.sentences.findIndex((x) => x.id === sentenceId) + 1;
  const openAmendments = (ctx: JointStatementContext) =>
    ctx.shown
      .map((id) => ctx.amendments.find((a) => a.id === id))
      .filter((a): a is Amendment => a !== undefined && a.status === "open");

  const amendmentVars = (ctx: JointStatementContext, a: Amendment, n: number): Vars => ({
    number: n,
    action: a.action,
    sentence: number(ctx, a.sentence),
    language: a.locale,
    text: { userText: a.text },
  });

  const showSentences = (s: Step<JointStatementContext>, languages: readonly string[]) => {
    if (s.ctx.sentences.length === 0) say(s, "jointStatement.empty", room);
    s.ctx.sentences.forEach((sentence, i) => {
      for (const language of languages) {
        const version = sentence.text[language];
        if (version !== undefined)
          say(s, "jointStatement.sentence", room, { number: i + 1, language, text: { userText: version } });
      }
    });
  };

  const propose = (s: Step<JointStatementContext>, participantId: string, raw: string) => {
    const mine = contributionsOf(s.ctx, amendmentKind).filter((c) => c.author === participantId).length;
    if (mine >= stage.maxAmendmentsPerPerson) {
      say(s, "jointStatement.amendmentRefused", to(participantId), {
        reason: "cap",
        max: stage.maxAmendmentsPerPerson,
      });
      return;
    }
    const parsed = parseAmendment(raw);
    if (parsed === null) {
      say(s, "jointStatement.amendmentRefused", to(participantId), { reason: "form", max: 0 });
      return;
    }
    const sentence = parsed.number === null ? null : (s.ctx.sentences[parsed.number - 1]?.id ?? null);
    if (parsed.number !== null && sentence === null) {
      say(s, "jointStatement.amendmentRefused", to(participantId), { reason: "number", max: 0 });
      return;
    }
    const own = s.ctx.view.participants.find((p) => p.id === participantId)?.locale ?? facts.defaultLocale;
    const locale = parsed.locale ?? (facts.locales.includes(own) ? own : facts.defaultLocale);
    if (!facts.locales.includes(locale)) {
      say(s, "jointStatement.amendmentRefused", to(participantId), { reason: "language", max: 0 });
      return;
    }
    const c = contribute(
      s,
      { stageId: stage.id, kind: amendmentKind, text: raw.trim(), author: participantId, category: "open" },
      "a",
    );
    s.ctx = {
      ...s.ctx,
      amendments: [
        ...s.ctx.amendments,
        { id: c.id, action: parsed.action, sentence, locale, text: parsed.text, status: "open" },
      ],
    };
    say(s, "jointStatement.amendmentReceived", to(participantId), {
      remaining: stage.maxAmendmentsPerPerson - mine - 1,
    });
  };

  /** The status of an amendment, in context and on its contribution (the record reads the latter). */
  const setStatus = (s: Step<JointStatementContext>, id: string, status: Amendment["status"]) => {
    s.ctx = {
      ...s.ctx,
      amendments: s.ctx.amendments.map((a) => (a.id === id ? { ...a, status } : a)),
      contributions: s.ctx.contributions.map((c) => (c.id === id ? { ...c, category: status } : c)),
    };
  };

  const apply = (sentences: readonly Sentence[], a: Amendment, id: string, author: string): Sentence[] => {
    switch (a.action) {
      case "add":
        return [...sentences, { id, rev: 0, text: { [a.locale]: a.text }, origins: { [a.locale]: author } }];
      case "delete":
        return sentences.filter((x) => x.id !== a.sentence);
      case "reword":
        return sentences.map((x) =>
          x.id === a.sentence
            ? { id: x.id, rev: x.rev, text: { [a.locale]: a.text }, origins: { [a.locale]: author } }
            : x,
        );
      case "translate":
        return sentences.map((x) =>
          x.id === a.sentence
            ? {
                ...x,
                text: { ...x.text, [a.locale]: a.text },
                origins: { ...x.origins, [a.locale]: author },
              }
            : x,
        );
    }
  };

  const decideAmendments = act<JointStatementContext>((s) => {
    clearTimer(s);
    const rule = stage.amendmentRule === "consensus-of-each-group" ? "all" : "majority";
    const groups = presentGroups(s.ctx);
    // Pooled (a group below the minimum size): results only for the room as a whole.
    const perGroup = grouped && !s.ctx.view.pooled;
    openAmendments(s.ctx).forEach((a) => {
      const yes = groupsSayingYes(s.ctx, "amendment-vote", a.id, rule);
      // A change to a sentence an earlier accepted amendment deleted has nothing left to change.
      const target = a.sentence === null || s.ctx.sentences.some((x) => x.id === a.sentence);
      const accepted = groups.length > 0 && yes.length === groups.length && target;
      const n = s.ctx.shown.indexOf(a.id) + 1;
      if (accepted)
        s.ctx = {
          ...s.ctx,
          sentences: apply(
            s.ctx.sentences,
            a,
            `s${String(s.ctx.run)}.${a.id}`,
            s.ctx.contributions.find((c) => c.id === a.id)?.author ?? "",
          ),
        };
      setStatus(s, a.id, accepted ? "accepted" : "rejected");
      say(s, "jointStatement.amendmentResult", room, {
        number: n,
        accepted: accepted ? "yes" : "no",
        grouped: perGroup ? "yes" : "no",
        ...(perGroup ? listVar("passed", yes.map(groupVar)) : {}),
        ...(perGroup ? listVar("failed", groups.filter((g) => !yes.includes(g)).map(groupVar)) : {}),
      });
    });
  });

  const consentable = (ctx: JointStatementContext) => {
    const languages = languagesNow(ctx);
    return ctx.sentences.filter((x) => languages.every((l) => x.text[l] !== undefined));
  };

  const voteComplete = ({ context }: { context: JointStatementContext }) =>
    context.view.participants.length > 0 &&
    context.view.participants.every((p) =>
      openAmendments(context).every((a) => latestAnswers(context, "amendment-vote", a.id).has(p.id)),
    );
  const consentComplete = ({ context }: { context: JointStatementContext }) => {
    const scopes = new Set(contributionsOf(context, "statement-scope").map((c) => c.author));
    // A sentence still missing a version keeps the round open (for a translation) until its
    // deadline or the facilitators' next.
    return (
      consentable(context).length === context.sentences.length &&
      context.view.participants.length > 0 &&
      context.view.participants.every(
        (p) =>
          scopes.has(p.id) &&
          consentable(context).every((x) =>
            latestAnswers(context, "statement-consent", consentKey(x)).has(p.id),
          ),
      )
    );
  };

  /** The outcome (no participant in it), from what the consent round found and any withdrawal. */
  const outcome = (ctx: JointStatementContext, closing: Closing): StatementRecord => {
    const consenting = (sentenceId: string) =>
      (closing.consentedBy[sentenceId] ?? []).filter((g) => !ctx.withdrawn.includes(g));
    // A sentence still holding an idea the facilitators hid is left out (the others keep their numbers).
    const kept = ctx.sentences.filter((x) => x.source === undefined || shownToRoom(ctx.view, x.source));
    const sentences = ctx.sentences.flatMap((x, i) => {
      if (!kept.includes(x)) return [];
      const missing = closing.languages.filter((l) => x.text[l] === undefined);
      const text = Object.fromEntries(
        closing.languages.flatMap((l) => (x.text[l] === undefined ? [] : [[l, x.text[l]]])),
      ) as LocalizedText;
      const consented =
        missing.length === 0 &&
        closing.groups.length > 0 &&
        closing.groups.every((g) => consenting(x.id).includes(g));
      // Only consented text leaves the stage: a sentence the groups did not consent to is nobody's
      // agreed text, and its words may be a forgotten participant's.
      return [
        {
          number: i + 1,
          text: consented ? text : {},
          consented,
          missing,
          ...(x.source === undefined ? {} : { source: x.source }),
        },
      ];
    });
    const perGroup = closing.groups.map((g) => ({
      group: g === "" ? null : g,
      consented:
        !ctx.withdrawn.includes(g) && kept.length > 0 && kept.every((x) => consenting(x.id).includes(g)),
      withdrawn: ctx.withdrawn.includes(g),
    }));
    // Pooled (a group below the minimum size): one row for all groups, since a small group's
    // "consented or not" is its members' answers.
    const groups = ctx.view.pooled
      ? [
          {
            group: null,
            consented: perGroup.length > 0 && perGroup.every((g) => g.consented),
            withdrawn: perGroup.some((g) => g.withdrawn),
          },
        ]
      : perGroup;
    return {
      stageId: stage.id,
      passed: sentences.length > 0 && sentences.every((x) => x.consented),
      scope: narrowest(Object.values(closing.scopeByGroup), stage.proposedScope),
      languages: closing.languages,
      sentences,
      groups,
    };
  };

  /** Records the outcome as the stage's authorless statement and tells the room. */
  const publish = (s: Step<JointStatementContext>) => {
    if (s.ctx.closing === null) return;
    const result = outcome(s.ctx, s.ctx.closing);
    const perGroup = grouped && !s.ctx.view.pooled;
    const id = `st${String(s.ctx.run)}`;
    const record: Contribution = {
      id,
      stageId: stage.id,
      kind: statementKind,
      // The record's structured outcome, kept as one contribution so it travels (and persists)
      // with the stage's other items; author "" is nobody, so forget-me never removes it.
      text: JSON.stringify(result),
      author: "",
      group: null,
    };
    s.ctx = { ...s.ctx, contributions: [...s.ctx.contributions.filter((c) => c.id !== id), record] };
    for (const x of result.sentences)
      say(s, "jointStatement.sentenceResult", room, {
        number: x.number,
        passed: x.consented ? "yes" : "no",
        missing: x.missing.length,
        languages: x.missing.join(", "),
      });
    say(s, "jointStatement.result", room, {
      passed: result.passed ? "yes" : "no",
      scope: result.scope,
      grouped: perGroup ? "yes" : "no",
      ...(perGroup
        ? {
            ...listVar(
              "consented",
              result.groups.filter((g) => g.consented).map((g) => groupVar(g.group ?? "")),
            ),
            ...listVar(
              "notConsented",
              result.groups.filter((g) => !g.consented).map((g) => groupVar(g.group ?? "")),
            ),
          }
        : {}),
    });
  };

  const closeConsent = act<JointStatementContext>((s) => {
    clearTimer(s);
    const threshold = stage.consentThreshold;
    const groups = presentGroups(s.ctx);
    const consentedBy = Object.fromEntries(
      consentable(s.ctx).map((x) => [
        x.id,
        groupsSayingYes(s.ctx, "statement-consent", consentKey(x), threshold),
      ]),
    );
    const chosen = new Map<string, StatementScope[]>();
    for (const c of contributionsOf(s.ctx, "statement-scope")) {
      if (!s.ctx.view.participants.some((p) => p.id === c.author)) continue;
      const g = groupKey(s.ctx, c.author);
      const scope = statementScopes.find((x) => x === c.text) ?? "room";
      chosen.set(g, [...(chosen.get(g) ?? []), scope]);
    }
    // A group's scope is the narrowest any of its members chose (no answer: the proposal).
    const scopeByGroup = Object.fromEntries(
      groups.map((g) => [g, narrowest(chosen.get(g) ?? [], stage.proposedScope)]),
    );
    s.ctx = { ...s.ctx, closing: { languages: languagesNow(s.ctx), groups, consentedBy, scopeByGroup } };
    publish(s);
    say(s, "jointStatement.closedPhase", facilitators);
    if (stage.withdrawSeconds > 0) setTimer(s, stage.withdrawSeconds);
  });

  /** A sentence's consent question, or why it cannot be consented to yet (a missing version). */
  const missingIn = (x: Sentence, languages: readonly string[]) =>
    languages.filter((l) => x.text[l] === undefined);
  /** Why a sentence cannot be consented to yet: a version is missing. */
  const noteMissing = (
    s: Step<JointStatementContext>,
    x: Sentence,
    n: number,
    languages: readonly string[],
  ) => {
    const missing = missingIn(x, languages);
    if (missing.length > 0)
      say(s, "jointStatement.missingVersion", room, { number: n, languages: missing.join(", ") });
  };
  /** A sentence's consent question, when it has every version needed. */
  const askConsent = (
    s: Step<JointStatementContext>,
    x: Sentence,
    n: number,
    languages: readonly string[],
  ) => {
    if (missingIn(x, languages).length > 0) return;
    effect(s, {
      type: "prompt",
      key: "jointStatement.consentPrompt",
      audience: room,
      promptId: consentPromptId(x),
      vars: { number: n },
      options: [
        { value: "yes", label: { key: "jointStatement.yes" } },
        { value: "no", label: { key: "jointStatement.no" } },
      ],
    });
  };

  /**
   * A translation proposed during the consent round (`3 ar: text`): the version joins the
   * sentence at once, and everyone is asked again, since consent is to every version shown.
   */
  const translate = (s: Step<JointStatementContext>, participantId: string, raw: string) => {
    const parsed = parseAmendment(raw);
    const n = parsed?.number ?? 0;
    const x = s.ctx.sentences[n - 1];
    const mine = contributionsOf(s.ctx, amendmentKind).filter((c) => c.author === participantId).length;
    const refusal =
      mine >= stage.maxAmendmentsPerPerson
        ? "cap"
        : parsed?.action !== "translate" || parsed.locale === null
          ? "form"
          : x === undefined
            ? "number"
            : !facts.locales.includes(parsed.locale)
              ? "language"
              : null;
    if (refusal !== null || parsed === null || parsed.locale === null || x === undefined) {
      say(s, "jointStatement.amendmentRefused", to(participantId), {
        reason: refusal ?? "form",
        max: stage.maxAmendmentsPerPerson,
      });
      return;
    }
    contribute(
      s,
      {
        stageId: stage.id,
        kind: amendmentKind,
        text: raw.trim(),
        author: participantId,
        category: "translation",
      },
      "a",
    );
    const updated: Sentence = {
      ...x,
      rev: x.rev + 1,
      text: { ...x.text, [parsed.locale]: parsed.text },
      origins: { ...x.origins, [parsed.locale]: participantId },
    };
    s.ctx = { ...s.ctx, sentences: s.ctx.sentences.map((y) => (y.id === x.id ? updated : y)) };
    say(s, "jointStatement.translated", room, { number: n, language: parsed.locale });
    const languages = languagesNow(s.ctx);
    for (const language of languages) {
      const version = updated.text[language];
      if (version !== undefined)
        say(s, "jointStatement.sentence", room, { number: n, language, text: { userText: version } });
    }
    noteMissing(s, updated, n, languages);
    askConsent(s, updated, n, languages);
  };

  const amendments = privateOrRoomInput<JointStatementContext>(facts, {
    key: "jointStatement.collect",
    promptId: amendPrompt,
    take: propose,
    fromRoom: (text) => parseAmendment(text) !== null,
  });

  const hasAmendments = ({ context }: { context: JointStatementContext }) =>
    context.amendments.some((a) => a.status === "open");
  const stopTimer = act<JointStatementContext>(clearTimer);
  const common = commonHandlers<JointStatementContext>();

  return stageSetup<JointStatementContext>().createMachine({
    output: stageOutput,
    id: "joint-statement",
    context: ({ input }) => ({
      ...baseContext(input),
      sentences: initialSentences(input.seedIdeas ?? []),
      amendments: [],
      shown: [],
      closing: null,
      withdrawn: [],
    }),
    initial: "amend",
    on: {
      ...common,
      // Forget-me: their amendments not yet decided go with their contributions (decided ones have
      // already become, or not become, the groups' text).
      "participant.forget": {
        actions: act<JointStatementContext>((s, e) => {
          if (e.type !== "participant.forget") return;
          const contributions = s.ctx.contributions.filter((c) => c.author !== e.participantId);
          const kept = new Set(contributions.map((c) => c.id));
          s.ctx = {
            ...s.ctx,
            contributions,
            amendments: s.ctx.amendments.filter((a) => a.status !== "open" || kept.has(a.id)),
          };
          // Until the results, the versions they wrote go too (and a sentence left with none);
          // a changed sentence is asked again. After the results only consented text is kept,
          // and that is the groups' text.
          if (s.ctx.closing === null)
            s.ctx = {
              ...s.ctx,
              sentences: s.ctx.sentences.flatMap((x) => {
                const theirs = Object.keys(x.origins).filter((l) => x.origins[l] === e.participantId);
                if (theirs.length === 0) return [x];
                const keep = (l: string) => !theirs.includes(l);
                const text = Object.fromEntries(Object.entries(x.text).filter(([l]) => keep(l)));
                if (Object.keys(text).length === 0) return [];
                const origins = Object.fromEntries(Object.entries(x.origins).filter(([l]) => keep(l)));
                return [{ ...x, rev: x.rev + 1, text, origins }];
              }),
            };
        }),
      },
      "control.withdraw": {
        actions: act<JointStatementContext>((s, e) => {
          if (e.type !== "control.withdraw") return;
          if (!facts.groups.some((g) => g.id === e.group) || s.ctx.withdrawn.includes(e.group)) {
            say(s, "jointStatement.withdrawRefused", facilitators, { group: { userText: e.group } });
            return;
          }
          s.ctx = { ...s.ctx, withdrawn: [...s.ctx.withdrawn, e.group] };
          // Pooled, no room post names a group: only the facilitators are told.
          say(s, "jointStatement.withdrawn", s.ctx.view.pooled ? facilitators : room, {
            group: groupVar(e.group),
          });
          publish(s);
        }),
      },
    },
    states: {
      amend: {
        entry: act((s) => {
          say(s, "jointStatement.intro", room, {
            count: s.ctx.sentences.length,
            minutes: Math.round(stage.amendSeconds / 60),
            max: stage.maxAmendmentsPerPerson,
          });
          showSentences(s, facts.locales);
          amendments.ask(s);
          setTimer(s, stage.amendSeconds);
        }),
        on: {
          // Only an open workshop takes amendments written in the room (they carry a name there).
          ...amendments.on,
          ...collectingEnds(hasAmendments, "review", "ratify"),
        },
      },
      review: {
        entry: act((s) => {
          // A seeded order, not arrival order: one person's consecutive amendments do not sit together.
          const order = seededOrder(
            s.ctx.amendments.filter((a) => a.status === "open"),
            stageSeed(s.ctx),
          );
          s.ctx = { ...s.ctx, shown: order.map((a) => a.id) };
          order.forEach((a, i) => {
            say(s, "jointStatement.amendment", room, amendmentVars(s.ctx, a, i + 1));
          });
          say(s, "jointStatement.reviewPhase", facilitators);
          if (stage.reviewSeconds > 0) setTimer(s, stage.reviewSeconds);
        }),
        on: {
          // `cluster 2 5 as duplicate`: the first stays on the ballot, the others are merged into it.
          "control.cluster": {
            actions: act((s, e) => {
              if (e.type !== "control.cluster") return;
              const ids = e.ideaIds.map((ref) =>
                /^\d{1,3}$/u.test(ref) ? s.ctx.shown[Number(ref) - 1] : undefined,
              );
              const known = ids.filter(
                (id): id is string =>
                  id !== undefined && s.ctx.amendments.some((a) => a.id === id && a.status === "open"),
              );
              if (known.length !== ids.length || new Set(known).size < 2) {
                say(s, "jointStatement.mergeRefused", facilitators, {
                  amendments: { userText: e.ideaIds.join(", ") },
                });
                return;
              }
              for (const id of known.slice(1)) setStatus(s, id, "merged");
              say(s, "jointStatement.merged", room, { amendments: { userText: e.ideaIds.join(", ") } });
            }),
          },
          "timer.fired": { guard: atDeadline, target: "vote", actions: stopTimer },
          "stage.next": { target: "vote", actions: stopTimer },
        },
      },
      vote: {
        entry: act((s) => {
          for (const a of openAmendments(s.ctx))
            effect(s, {
              type: "prompt",
              key: "jointStatement.votePrompt",
              audience: room,
              promptId: votePrompt(a.id),
              vars: {
                ...amendmentVars(s.ctx, a, s.ctx.shown.indexOf(a.id) + 1),
                rule: stage.amendmentRule === "consensus-of-each-group" ? "consensus" : "majority",
                grouped: grouped ? "yes" : "no",
              },
              options: [
                { value: "yes", label: { key: "jointStatement.yes" } },
                { value: "no", label: { key: "jointStatement.no" } },
              ],
            });
          setTimer(s, stage.voteSeconds);
        }),
        always: { guard: voteComplete, target: "ratify", actions: decideAmendments },
        on: {
          "participant.choose": {
            actions: act((s, e) => {
              if (e.type !== "participant.choose") return;
              const a = openAmendments(s.ctx).find((x) => votePrompt(x.id) === e.promptId);
              if (a === undefined || (e.value !== "yes" && e.value !== "no")) return;
              contribute(
                s,
                {
                  stageId: stage.id,
                  kind: "amendment-vote",
                  text: `${a.id}=${e.value}`,
                  author: e.participantId,
                },
                "v",
              );
              say(s, "jointStatement.answerRecorded", to(e.participantId));
            }),
          },
          "timer.fired": { guard: atDeadline, target: "ratify", actions: decideAmendments },
          "stage.next": { target: "ratify", actions: decideAmendments },
        },
      },
      /** The consent round ("consent" is the ground rules' phase in `status`). */
      ratify: {
        entry: act((s) => {
          const languages = languagesNow(s.ctx);
          say(s, "jointStatement.consentIntro", room, {
            count: s.ctx.sentences.length,
            minutes: Math.round(stage.consentSeconds / 60),
          });
          showSentences(s, languages);
          // The notes first, then every question together: a platform that shows consecutive
          // questions as one set (the terminal) keeps them all open.
          s.ctx.sentences.forEach((x, i) => {
            noteMissing(s, x, i + 1, languages);
          });
          s.ctx.sentences.forEach((x, i) => {
            askConsent(s, x, i + 1, languages);
          });
          effect(s, {
            type: "prompt",
            key: "jointStatement.scopePrompt",
            audience: room,
            promptId: scopePrompt,
            vars: { proposed: stage.proposedScope },
            options: offeredScopes.map((scope) => ({
              value: scope,
              label: { key: "jointStatement.scope", vars: { scope } },
            })),
          });
          effect(s, {
            type: "collect",
            key: "jointStatement.translatePrompt",
            audience: room,
            promptId: translatePrompt,
            vars: { authors: authorsVar(facts) },
          });
          setTimer(s, stage.consentSeconds);
        }),
        always: { guard: consentComplete, target: "closed", actions: closeConsent },
        on: {
          "participant.submit": {
            guard: ({ event }) => event.promptId === translatePrompt,
            actions: act((s, e) => {
              if (e.type === "participant.submit") translate(s, e.participantId, e.text);
            }),
          },
          "participant.choose": {
            actions: act((s, e) => {
              if (e.type !== "participant.choose") return;
              if (e.promptId === scopePrompt) {
                if (!offeredScopes.some((x) => x === e.value)) return;
                contribute(
                  s,
                  { stageId: stage.id, kind: "statement-scope", text: e.value, author: e.participantId },
                  "v",
                );
              } else {
                const x = consentable(s.ctx).find((y) => consentPromptId(y) === e.promptId);
                if (x === undefined || (e.value !== "yes" && e.value !== "no")) return;
                contribute(
                  s,
                  {
                    stageId: stage.id,
                    kind: "statement-consent",
                    text: `${consentKey(x)}=${e.value}`,
                    author: e.participantId,
                  },
                  "v",
                );
              }
              say(s, "jointStatement.answerRecorded", to(e.participantId));
            }),
          },
          "timer.fired": { guard: atDeadline, target: "closed", actions: closeConsent },
          "stage.next": { target: "closed", actions: closeConsent },
        },
      },
      /** Results shown; facilitators may still withdraw a group's consent (time-boxed, or until next). */
      closed: {
        on: {
          "stage.next": { target: "done" },
          "timer.fired": { guard: atDeadline, target: "done" },
        },
      },
      done: { type: "final", entry: stopTimer },
    },
  });
}

/** The statements in a list of contributions (the record's), by their stage. */
/** A statement without the sentences that still hold a hidden idea, and without its sources. */
export function withoutHiddenSeeds(st: StatementRecord, hidden: ReadonlySet<string>): StatementRecord {
  return {
    ...st,
    sentences: st.sentences.flatMap(({ source, ...x }) =>
      source !== undefined && hidden.has(source) ? [] : [x],
    ),
  };
}

export function statementsOf(contributions: readonly Contribution[]): StatementRecord[] {
  return contributions
    .filter((c) => c.kind === statementKind)
    .map((c) => JSON.parse(c.text) as StatementRecord);
}
