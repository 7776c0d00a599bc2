// The report's wording in its locale, all from the message catalogue (src/bot/i18n).
import type { FlowSpec } from "../flows/spec.ts";
import type { Vars } from "../flows/protocol.ts";
import { pickText, renderMessage, segmentsToPlainText } from "../bot/render.ts";
import type { CatalogueKey } from "../bot/i18n/index.ts";
import type { EvaluationReport, PairedQuestion } from "./schema.ts";

const columns = [
  "session",
  "started",
  "joined",
  "stayed",
  "respondents",
  "airtime",
  "group",
  "before",
  "after",
  "change",
  "ci",
  "up",
  "down",
  "same",
  "participants",
  "turns",
  "passes",
  "words",
  "airShare",
  "peopleShare",
  "balance",
  "reflections",
  "feltHeard",
  "notQuite",
  "contributed",
  "rank",
  "idea",
  "votes",
  "need",
  "recognisedBy",
  "scale",
  "chartAirtime",
  "chartPrePost",
  "chartIdeas",
  "tableOf",
] as const;
export type Column = (typeof columns)[number];

export interface ReportText {
  readonly col: Readonly<Record<Column, string>>;
  readonly heading: {
    readonly sessions: string;
    readonly prePost: string;
    readonly participation: string;
    readonly attendance: string;
    readonly ideas: string;
    readonly needs: string;
  };
  readonly method: string;
  readonly noPairs: string;
  readonly noIdeas: string;
  readonly noNeeds: string;
  readonly allGroups: string;
  readonly confidentiality: string;
  readonly mergedNote: string;
  summary(report: EvaluationReport): string;
  scale(pair: PairedQuestion): string;
  groupName(id: string | null): string;
}

export function reportText(spec: FlowSpec, locale: string, minimum: number): ReportText {
  const m = (key: CatalogueKey, vars: Vars = {}) =>
    segmentsToPlainText(renderMessage(key, vars, locale, { flow: spec }));
  const col = Object.fromEntries(columns.map((c) => [c, m("report.column", { name: c })])) as Record<
    Column,
    string
  >;
  const groupName = (id: string | null) => {
    if (id === null) return m("report.allGroups");
    const g = spec.groups?.find((x) => x.id === id);
    return g === undefined ? id : pickText(g.name, locale, spec);
  };
  return {
    col,
    heading: {
      sessions: m("report.sessions"),
      prePost: m("report.prePost"),
      participation: m("report.airtime"),
      attendance: m("report.attendance"),
      ideas: m("report.ideas"),
      needs: m("report.needs"),
    },
    method: m("report.method"),
    noPairs: m("report.noPairs"),
    noIdeas: m("report.noIdeas"),
    noNeeds: m("report.noNeeds"),
    allGroups: m("report.allGroups"),
    confidentiality: m("report.confidentiality", {
      mode: spec.confidentiality === "chatham-house" ? "chathamHouse" : spec.confidentiality,
    }),
    mergedNote: m("report.pooled", { min: minimum }),
    summary: (report) =>
      `${m("report.summaryLine", {
        sessions: report.sessions.length,
        joined: report.sessions.reduce((n, s) => n + s.joined, 0),
        respondents: report.sessions.reduce((n, s) => n + s.respondents, 0),
      })} ${m("report.excluded", { count: report.sessions.reduce((n, s) => n + s.excluded, 0) })}`,
    scale: (pair) => {
      const stage = spec.stages.find((st) => st.id === pair.after);
      const q = stage?.kind === "survey" ? stage.questions.find((x) => x.id === pair.questionId) : undefined;
      const ends =
        q !== undefined && "lowLabel" in q && q.lowLabel !== undefined && q.highLabel !== undefined
          ? `${String(pair.scaleMin)} = ${pickText(q.lowLabel, locale, spec)}, ${String(pair.scaleMax)} = ${pickText(q.highLabel, locale, spec)}`
          : `${String(pair.scaleMin)}–${String(pair.scaleMax)}`;
      return `${col.scale}: ${ends}`;
    },
    groupName,
  };
}
