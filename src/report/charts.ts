// Charts for the HTML report: Vega-Lite specs compiled to Vega and rendered to SVG here, on the
// server (no script, no CDN when the page is opened). Each chart's figures also appear in a table
// beside it. Text inside charts is escaped by Vega's SVG renderer.
import { View, parse } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { EvaluationReport, PairedQuestion } from "./schema.ts";
import type { ReportText } from "./text.ts";

const palette = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#a0a0a0"];

/** The same colour for a group in every chart (and the last one for "all groups together"). */
function groupColours(report: EvaluationReport, t: ReportText) {
  const names = [...report.flow.groups.map((g) => g.name), t.allGroups];
  const range = names.map((_, i) =>
    i === names.length - 1 ? "#6b6b6b" : (palette[i % (palette.length - 1)] ?? "#6b6b6b"),
  );
  return { domain: names, range };
}

const config = {
  font: "system-ui, 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', sans-serif",
  axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 220 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 0 },
  view: { stroke: null },
  background: "white",
};

export async function renderSvg(spec: TopLevelSpec, description: string): Promise<string> {
  const compiled = compile({ ...spec, description, config }).spec;
  const view = new View(parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Airtime per group: one bar per group (seconds holding the floor). */
export function airtimeChart(report: EvaluationReport, t: ReportText): TopLevelSpec {
  return {
    width: 360,
    height: 200,
    data: {
      values: report.participation.map((r) => ({ group: r.groupName, seconds: r.airtimeSeconds })),
    },
    mark: { type: "bar" },
    encoding: {
      x: { field: "group", type: "nominal", title: t.col.group, sort: null, axis: { labelAngle: 0 } },
      y: { field: "seconds", type: "quantitative", title: t.col.airtime },
      color: {
        field: "group",
        type: "nominal",
        title: t.col.group,
        legend: null,
        scale: groupColours(report, t),
      },
    },
  };
}

/** One bar per row (group, or all groups) of `pair` with a figure. */
export function changeRows(pair: PairedQuestion, t: ReportText) {
  const rows =
    pair.byGroup.length > 1 ? [...pair.byGroup, { ...pair.pooled, groupName: t.allGroups }] : pair.byGroup;
  return rows.filter((r) => r.meanChange !== null);
}

/** Mean change per group on one paired question, each with its 95% interval (a rule). */
export function changeChart(pair: PairedQuestion, report: EvaluationReport, t: ReportText): TopLevelSpec {
  const values = changeRows(pair, t).map((r) => ({
    group: r.groupName,
    change: r.meanChange,
    low: r.ciLow,
    high: r.ciHigh,
  }));
  const x = {
    field: "group",
    type: "nominal" as const,
    title: t.col.group,
    sort: null,
    axis: { labelAngle: 0 },
  };
  return {
    width: 360,
    height: 200,
    data: { values },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x,
          y: { field: "change", type: "quantitative", title: t.col.change },
          color: {
            field: "group",
            type: "nominal",
            title: t.col.group,
            legend: null,
            scale: groupColours(report, t),
          },
        },
      },
      {
        // Only rows with an interval (n ≥ 2 and some spread) draw one.
        transform: [{ filter: "datum.low !== null && datum.high !== null" }],
        mark: { type: "rule", strokeWidth: 2, color: "#222" },
        encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" } },
      },
    ],
  };
}

/** Ideas by votes, stacked by group (one bar per idea when the record is pooled). */
export function ideasChart(report: EvaluationReport, t: ReportText): TopLevelSpec {
  const top = report.ideas.slice(0, 10);
  const label = (i: (typeof top)[number]) =>
    `${String(i.rank)}. ${i.text.length > 60 ? `${i.text.slice(0, 57)}…` : i.text}${report.sessions.length > 1 ? ` (${i.session})` : ""}`;
  const values = top.flatMap((i) => {
    const groups = Object.entries(i.supportByGroup).filter(([, n]) => n > 0);
    return groups.length === 0
      ? [{ idea: label(i), group: t.allGroups, votes: i.totalSupport }]
      : groups.map(([g, n]) => ({ idea: label(i), group: t.groupName(g), votes: n }));
  });
  return {
    width: 360,
    height: { step: 24 },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      // No label limit: Vega measures text only roughly on the server, and cut short, an Arabic
      // or Hebrew label would lose its words; labels are already at most 60 characters.
      y: { field: "idea", type: "nominal", title: t.col.idea, sort: null, axis: { labelLimit: 0 } },
      x: { field: "votes", type: "quantitative", title: t.col.votes, stack: "zero" },
      color: { field: "group", type: "nominal", title: t.col.group, scale: groupColours(report, t) },
    },
  };
}
