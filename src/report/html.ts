// The evaluation report as one self-contained HTML page: inline CSS and server-rendered SVG charts,
// no script and nothing fetched when it is opened, so it can be mailed to a funder. Every chart has
// its figures in a table beside it; the page takes its direction from the report's locale and each
// participant-written text its own (dir="auto"), so Arabic and Hebrew read right to left.
import { directionOf } from "../bot/i18n/index.ts";
import { neutraliseUserText } from "../bot/neutralise.ts";
import { airtimeChart, changeChart, changeRows, ideasChart, renderSvg } from "./charts.ts";
import { fmt, pct, signed } from "./format.ts";
import type { EvaluationReport } from "./schema.ts";
import type { ReportText } from "./text.ts";

/** The groups an idea's support is shown for: none once figures are merged (a group too small). */
const shownGroups = (report: EvaluationReport) => (report.merged ? [] : report.flow.groups);

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Participant-written or flow-authored text: neutralised, escaped, with its own direction. */
const userText = (text: string) => `<bdi dir="auto">${escapeHtml(neutraliseUserText(text, 500))}</bdi>`;
const plain = (text: string) => escapeHtml(text);

function table(caption: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><caption>${plain(caption)}</caption><thead><tr>${header.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
}

function figure(id: string, title: string, svg: string, tableHtml: string): string {
  // The SVG is described by the title; the table beside it carries the same figures as text.
  const labelled = svg.replace(/^<svg /u, `<svg role="img" aria-labelledby="${id}-title" `);
  return `<figure class="chart" id="${id}"><figcaption id="${id}-title">${plain(title)}</figcaption><div class="pair"><div class="svg">${labelled}</div><div class="table">${tableHtml}</div></div></figure>`;
}

const css = `
:root { color-scheme: light; font-family: system-ui, "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", sans-serif; }
body { margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .25rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.meta { color: #444; }
.note { background: #f4f6f8; border-inline-start: 4px solid #1b6ca8; padding: .5rem .8rem; }
figure.chart { margin: 1.2rem 0; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.svg svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .9rem; }
caption { text-align: start; font-size: .8rem; color: #555; padding-bottom: .2rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: start; vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
thead th { background: #f0f0f0; }
`;

export async function renderEvaluationHtml(report: EvaluationReport, t: ReportText): Promise<string> {
  const l = report.locale;
  const dir = directionOf(l);
  const parts: string[] = [];
  parts.push(`<h1>${userText(report.flow.title)}</h1>`);
  parts.push(
    `<p class="meta">${plain(t.summary(report))}</p>`,
    `<p class="meta">${plain(t.confidentiality)}</p>`,
  );
  if (report.merged) parts.push(`<p class="note">${plain(t.mergedNote)}</p>`);

  if (report.sessions.length > 1) {
    parts.push(`<h2>${plain(t.heading.sessions)}</h2>`);
    parts.push(
      table(
        t.heading.sessions,
        [
          t.col.session,
          t.col.started,
          t.col.joined,
          t.col.stayed,
          t.col.respondents,
          t.col.airtime,
          ...report.pairs.map((p) => userText(p.question)),
        ].map((h, i) => (i < 6 ? plain(h) : h)),
        report.sessions.map((s) => [
          plain(s.id),
          plain(s.startedAt.slice(0, 10)),
          fmt(s.joined, l),
          fmt(s.stayed, l),
          fmt(s.respondents, l),
          fmt(s.airtimeSeconds, l, 0),
          ...report.pairs.map((p) => signed(s.meanChange[p.questionId] ?? null, l)),
        ]),
      ),
    );
  }

  parts.push(`<h2>${plain(t.heading.prePost)}</h2>`, `<p class="note">${plain(t.method)}</p>`);
  if (report.pairs.length === 0) parts.push(`<p>${plain(t.noPairs)}</p>`);
  for (const [i, p] of report.pairs.entries()) {
    const rows = p.byGroup.length > 1 ? [...p.byGroup, { ...p.pooled, groupName: t.allGroups }] : p.byGroup;
    const tableHtml = table(
      `${t.col.tableOf}. ${t.scale(p)}`,
      [
        t.col.group,
        "n",
        t.col.before,
        t.col.after,
        t.col.change,
        t.col.ci,
        t.col.up,
        t.col.down,
        t.col.same,
        "d<sub>z</sub>",
      ].map((h, k) => (k === 9 ? h : plain(h))),
      rows.map((r) => [
        userText(r.groupName),
        fmt(r.n, l),
        fmt(r.preMean, l),
        fmt(r.postMean, l),
        signed(r.meanChange, l),
        r.ciLow === null || r.ciHigh === null ? "–" : `${signed(r.ciLow, l)} … ${signed(r.ciHigh, l)}`,
        r.suppressed ? "–" : pct(r.up, l),
        r.suppressed ? "–" : pct(r.down, l),
        r.suppressed ? "–" : pct(r.unchanged, l),
        fmt(r.dz, l),
      ]),
    );
    const svg =
      changeRows(p, t).length === 0
        ? ""
        : await renderSvg(changeChart(p, report, t), `${p.question}: ${t.col.chartPrePost}`);
    parts.push(
      `<h3>${userText(p.question)}</h3>`,
      figure(`change-${String(i + 1)}`, t.col.chartPrePost, svg, tableHtml),
    );
  }

  parts.push(`<h2>${plain(t.heading.participation)}</h2>`);
  const participationTable = table(
    t.col.tableOf,
    [
      t.col.group,
      t.col.participants,
      t.col.turns,
      t.col.passes,
      t.col.words,
      t.col.airtime,
      t.col.airShare,
      t.col.peopleShare,
      t.col.balance,
      t.col.reflections,
      t.col.feltHeard,
      t.col.notQuite,
    ].map(plain),
    report.participation.map((r) => [
      userText(r.groupName),
      fmt(r.participants, l),
      fmt(r.turns, l),
      fmt(r.passes, l),
      fmt(r.words, l),
      fmt(r.airtimeSeconds, l, 0),
      pct(r.airtimeShare, l),
      pct(r.participantShare, l),
      fmt(r.balance, l),
      fmt(r.reflections, l),
      fmt(r.feltHeard, l),
      fmt(r.notQuite, l),
    ]),
  );
  parts.push(
    figure(
      "airtime",
      t.col.chartAirtime,
      await renderSvg(airtimeChart(report, t), t.col.chartAirtime),
      participationTable,
    ),
  );

  parts.push(`<h2>${plain(t.heading.attendance)}</h2>`);
  parts.push(
    table(
      t.heading.attendance,
      [t.col.group, t.col.joined, t.col.stayed, t.col.contributed].map(plain),
      report.attendance.map((r) => [
        userText(r.groupName),
        fmt(r.joined, l),
        fmt(r.stayed, l),
        fmt(r.contributed, l),
      ]),
    ),
  );

  parts.push(`<h2>${plain(t.heading.ideas)}</h2>`);
  if (report.ideas.length === 0) parts.push(`<p>${plain(t.noIdeas)}</p>`);
  else {
    const groups = shownGroups(report);
    const ideasTable = table(
      t.col.tableOf,
      [plain(t.col.rank), plain(t.col.idea), plain(t.col.votes), ...groups.map((g) => userText(g.name))],
      report.ideas.map((i) => [
        fmt(i.rank, l),
        `<span class="idea">${userText(i.text)}</span>`,
        fmt(i.totalSupport, l),
        ...groups.map((g) => (g.id in i.supportByGroup ? fmt(i.supportByGroup[g.id] ?? 0, l) : "–")),
      ]),
    );
    parts.push(
      figure("ideas", t.col.chartIdeas, await renderSvg(ideasChart(report, t), t.col.chartIdeas), ideasTable),
    );
  }

  parts.push(`<h2>${plain(t.heading.needs)}</h2>`);
  if (report.needs.length === 0) parts.push(`<p>${plain(t.noNeeds)}</p>`);
  else
    parts.push(
      table(
        t.heading.needs,
        [t.col.need, t.col.group, t.col.recognisedBy].map(plain),
        report.needs.map((n) => [
          `<span class="need">${userText(n.text)}</span>`,
          userText(t.groupName(n.group)),
          n.recognisedByGroups.map((g) => userText(t.groupName(g))).join(", "),
        ]),
      ),
    );

  return `<!doctype html>
<html lang="${plain(l)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Parley (${plain(report.schema)})">
<title>${plain(report.flow.title)}</title>
<style>${css}</style>
</head>
<body>
${parts.join("\n")}
</body>
</html>
`;
}
