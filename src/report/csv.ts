// The evaluation report as tidy CSV tables (one observation per row, one variable per column,
// machine-readable ids beside the titles) for R or pandas: one file each. Text cells that a
// spreadsheet would run as a formula (=, +, -, @ first) are prefixed with an apostrophe.
import { neutraliseUserText } from "../bot/neutralise.ts";
import type { EvaluationReport } from "./schema.ts";

type Cell = string | number | boolean | null;

function cell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = neutraliseUserText(value, 4000);
  if (/^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\n\r]/u.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\r\n") + "\r\n";
}

/** File name → CSV text. */
export function renderEvaluationCsv(report: EvaluationReport): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    "sessions.csv",
    csvTable(
      [
        "session",
        "flow",
        "started_at",
        "ended",
        "joined",
        "stayed",
        "respondents",
        "excluded",
        "airtime_seconds",
        ...report.pairs.map((p) => `mean_change_${p.questionId}`),
      ],
      report.sessions.map((s) => [
        s.id,
        s.flowId,
        s.startedAt,
        s.ended,
        s.joined,
        s.stayed,
        s.respondents,
        s.excluded,
        s.airtimeSeconds,
        ...report.pairs.map((p) => s.meanChange[p.questionId] ?? null),
      ]),
    ),
  );
  files.set(
    "participation.csv",
    csvTable(
      [
        "group",
        "group_name",
        "participants",
        "turns",
        "passes",
        "words",
        "airtime_seconds",
        "airtime_share",
        "participant_share",
        "balance",
        "reflections",
        "felt_heard",
        "not_quite",
      ],
      report.participation.map((r) => [
        r.group,
        r.groupName,
        r.participants,
        r.turns,
        r.passes,
        r.words,
        r.airtimeSeconds,
        r.airtimeShare,
        r.participantShare,
        r.balance,
        r.reflections,
        r.feltHeard,
        r.notQuite,
      ]),
    ),
  );
  files.set(
    "attendance.csv",
    csvTable(
      ["group", "group_name", "joined", "stayed", "contributed"],
      report.attendance.map((r) => [r.group, r.groupName, r.joined, r.stayed, r.contributed]),
    ),
  );
  files.set(
    "survey-pairs.csv",
    csvTable(
      [
        "question_id",
        "question",
        "type",
        "scale_min",
        "scale_max",
        "group",
        "group_name",
        "n",
        "pre_mean",
        "post_mean",
        "mean_change",
        "ci95_low",
        "ci95_high",
        "sd_change",
        "d_z",
        "share_up",
        "share_down",
        "share_unchanged",
        "suppressed",
      ],
      report.pairs.flatMap((p) =>
        [
          ...p.byGroup,
          ...(p.byGroup.length > 1 || p.byGroup[0]?.group !== null
            ? [{ ...p.pooled, group: "all", groupName: "" }]
            : []),
        ].map((r) => [
          p.questionId,
          p.question,
          p.type,
          p.scaleMin,
          p.scaleMax,
          r.group,
          r.groupName,
          r.n,
          r.preMean,
          r.postMean,
          r.meanChange,
          r.ciLow,
          r.ciHigh,
          r.sdChange,
          r.dz,
          r.suppressed ? null : r.up,
          r.suppressed ? null : r.down,
          r.suppressed ? null : r.unchanged,
          r.suppressed,
        ]),
      ),
    ),
  );
  const groupIds = report.flow.groups.map((g) => g.id);
  files.set(
    "ideas.csv",
    csvTable(
      ["session", "rank", "idea", "votes", "cross_group_support", ...groupIds.map((g) => `votes_${g}`)],
      report.ideas.map((i) => [
        i.session,
        i.rank,
        i.text,
        i.totalSupport,
        i.crossGroupSupport,
        ...groupIds.map((g) => i.supportByGroup[g] ?? null),
      ]),
    ),
  );
  files.set(
    "needs.csv",
    csvTable(
      ["session", "need", "group", "recognised_by_groups"],
      report.needs.map((n) => [n.session, n.text, n.group, n.recognisedByGroups.join(";")]),
    ),
  );
  if (report.respondents !== undefined)
    files.set(
      "respondents.csv",
      csvTable(
        ["session", "pseudonym", "group", "question_id", "before", "after"],
        report.respondents.map((r) => [r.session, r.pseudonym, r.group, r.questionId, r.before, r.after]),
      ),
    );
  if (report.people !== undefined)
    files.set(
      "people.csv",
      csvTable(
        ["session", "pseudonym", "group", "turns", "passes", "words", "airtime_seconds", "stayed"],
        report.people.map((p) => [
          p.session,
          p.pseudonym,
          p.group,
          p.turns,
          p.passes,
          p.words,
          p.airtimeSeconds,
          p.stayed,
        ]),
      ),
    );
  return files;
}
