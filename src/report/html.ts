// The evaluation report as one self-contained HTML page: inline CSS and server-rendered SVG charts,
// no script and nothing fetched when it is opened, so it can be mailed to a funder. Every chart has
// its figures in a table beside it; the page takes its direction from the report's locale and each
// participant-written text its own (dir="auto"), so Arabic and Hebrew read right to left.
import { directionOf } from "../bot/i18n/index.ts";
import { escapeHtml, neutraliseUserText } from "../bot/neutralise.ts";
import { airtimeChart, changeChart, changeRows, ideasChart, renderSvg } from "./charts.ts";
import type { EvaluationReport } from "./schema.ts";
import {
  attendanceTable,
  ideasTable,
  needsTable,
  participationTable,
  prePostTable,
  sessionsTable,
  type Cell,
  type Table,
} from "./tables.ts";
import type { ReportText } from "./text.ts";

/** Participant-written or flow-authored text: neutralised, escaped, with its own direction. */
const userText = (text: string) => `<bdi dir="auto">${escapeHtml(neutraliseUserText(text, 500))}</bdi>`;
const plain = (text: string) => escapeHtml(text);

function cell(c: Cell): string {
  if (typeof c === "string") return plain(c);
  if ("users" in c) return c.users.map(userText).join(", ");
  if ("html" in c) return c.html;
  return c.role === undefined ? userText(c.user) : `<span class="${c.role}">${userText(c.user)}</span>`;
}

function table(caption: string, { header, rows }: Table): string {
  return `<table><caption>${plain(caption)}</caption><thead><tr>${header.map((h) => `<th scope="col">${cell(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cell(c)}</th>` : `<td>${cell(c)}</td>`)).join("")}</tr>`,
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
  if (report.sessions.length > 1)
    parts.push(`<h2>${plain(t.heading.sessions)}</h2>`, table(t.heading.sessions, sessionsTable(report, t)));
  parts.push(`<h2>${plain(t.heading.prePost)}</h2>`, `<p class="note">${plain(t.method)}</p>`);
  if (report.pairs.length === 0) parts.push(`<p>${plain(t.noPairs)}</p>`);
  for (const [i, p] of report.pairs.entries()) {
    const tableHtml = table(`${t.col.tableOf}. ${t.scale(p)}`, prePostTable(report, p, t));
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
  parts.push(
    figure(
      "airtime",
      t.col.chartAirtime,
      await renderSvg(airtimeChart(report, t), t.col.chartAirtime),
      table(t.col.tableOf, participationTable(report, t)),
    ),
  );
  parts.push(`<h2>${plain(t.heading.attendance)}</h2>`);
  parts.push(table(t.heading.attendance, attendanceTable(report, t)));
  parts.push(`<h2>${plain(t.heading.ideas)}</h2>`);
  if (report.ideas.length === 0) parts.push(`<p>${plain(t.noIdeas)}</p>`);
  else
    parts.push(
      figure(
        "ideas",
        t.col.chartIdeas,
        await renderSvg(ideasChart(report, t), t.col.chartIdeas),
        table(t.col.tableOf, ideasTable(report, t)),
      ),
    );
  parts.push(`<h2>${plain(t.heading.needs)}</h2>`);
  if (report.needs.length === 0) parts.push(`<p>${plain(t.noNeeds)}</p>`);
  else parts.push(table(t.heading.needs, needsTable(report, t)));
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
