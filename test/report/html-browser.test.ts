// The HTML report in a real headless Chromium (the Debian package, driven by playwright-core):
// no console errors, every chart an inline SVG with the expected number of marks, right-to-left
// text laid out right to left; screenshots go to test-output/. Without /usr/bin/chromium the test
// is skipped with a message, except under CI, where it must run (.ci/run installs chromium).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEvaluationHtml } from "../../src/report/html.ts";
import { evaluationReportSchema, reportSchemaId, type EvaluationReport } from "../../src/report/schema.ts";
import { reportText } from "../../src/report/text.ts";
import { buildReport } from "../../src/report/index.ts";
import { intervalCell } from "../../src/report/tables.ts";
import { simulateYouthSession, youthFlow, type SimPerson } from "./support.ts";

const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
const ci = process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false";
if (!available && !ci)
  console.warn(
    `html-browser.test.ts skipped: no Chromium at ${executablePath} (apt-get install -y chromium); under CI it runs`,
  );
const outDir = resolve("test-output");

const figures = (n: number, change: number, ci95: number | null) => ({
  n,
  preMean: 2.5,
  postMean: 2.5 + change,
  meanChange: change,
  ciLow: ci95 === null ? null : change - ci95,
  ciHigh: ci95 === null ? null : change + ci95,
  sdChange: ci95 === null ? null : 0.8,
  dz: ci95 === null ? null : change / 0.8,
  up: 0.5,
  down: 0.25,
  unchanged: 0.25,
  suppressed: false,
});

/** An Arabic report with Arabic and Hebrew participant text (ideas, needs) and hostile markup. */
function arabicReport(): EvaluationReport {
  const spec = youthFlow();
  return evaluationReportSchema.parse({
    schema: reportSchemaId,
    kind: "programme",
    locale: "ar",
    flow: {
      id: spec.id,
      title: "حلقة حوار شبابية",
      confidentiality: "chatham-house",
      minGroupSize: 3,
      groups: [
        { id: "group-a", name: "المجموعة أ" },
        { id: "group-b", name: "المجموعة ب" },
      ],
    },
    merged: false,
    method: "",
    sessions: [
      {
        id: "s1",
        flowId: spec.id,
        startedAt: "2026-01-05T15:00:00.000Z",
        ended: true,
        joined: 6,
        stayed: 6,
        respondents: 6,
        excluded: 0,
        airtimeSeconds: 120,
        meanChange: { "trust-other": 0.5 },
      },
      {
        id: "s2",
        flowId: spec.id,
        startedAt: "2026-01-06T15:00:00.000Z",
        ended: true,
        joined: 6,
        stayed: 5,
        respondents: 5,
        excluded: 1,
        airtimeSeconds: 100,
        meanChange: { "trust-other": null },
      },
    ],
    pairs: [
      {
        questionId: "trust-other",
        question: "إلى أي حد أثق بالشباب من المجموعة الأخرى؟",
        type: "likert",
        scaleMin: 1,
        scaleMax: 5,
        before: "before",
        after: "after",
        byGroup: [
          { ...figures(6, 0.5, 0.4), group: "group-a", groupName: "المجموعة أ" },
          { ...figures(5, 0.2, 0.6), group: "group-b", groupName: "المجموعة ب" },
        ],
        pooled: figures(11, 0.36, 0.3),
      },
    ],
    participation: [
      {
        group: "group-a",
        groupName: "المجموعة أ",
        participants: 6,
        turns: 6,
        passes: 0,
        words: 300,
        airtimeSeconds: 90,
        airtimeShare: 0.41,
        participantShare: 0.5,
        balance: 0.82,
        reflections: 3,
        feltHeard: 2,
        notQuite: 1,
      },
      {
        group: "group-b",
        groupName: "المجموعة ب",
        participants: 6,
        turns: 5,
        passes: 1,
        words: 420,
        airtimeSeconds: 130,
        airtimeShare: 0.59,
        participantShare: 0.5,
        balance: 1.18,
        reflections: 3,
        feltHeard: 3,
        notQuite: 0,
      },
    ],
    attendance: [
      { group: "group-a", groupName: "المجموعة أ", joined: 6, stayed: 6, contributed: 6 },
      { group: "group-b", groupName: "المجموعة ب", joined: 6, stayed: 5, contributed: 5 },
    ],
    ideas: [
      {
        rank: 1,
        session: "s1",
        text: "دوري كرة قدم مشترك للشباب",
        totalSupport: 5,
        crossGroupSupport: 0.6,
        supportByGroup: { "group-a": 2, "group-b": 3 },
      },
      {
        rank: 2,
        session: "s1",
        text: "ניקיון משותף של הפארק",
        totalSupport: 4,
        crossGroupSupport: 0.3,
        supportByGroup: { "group-a": 3, "group-b": 1 },
      },
      {
        rank: 3,
        session: "s2",
        text: '<script>alert("x")</script> @everyone **bold**',
        totalSupport: 2,
        crossGroupSupport: 0,
        supportByGroup: { "group-a": 2, "group-b": 0 },
      },
    ],
    needs: [
      {
        session: "s1",
        text: "أن نشعر بالأمان في الطريق إلى المدرسة",
        group: "group-a",
        recognisedByGroups: ["group-b"],
      },
    ],
  });
}

function youthProgramme() {
  const spec = youthFlow();
  const sessions = Array.from({ length: 8 }, (_, k) =>
    simulateYouthSession(
      spec,
      ["a", "a", "a", "b", "b", "b"].map((g, j): SimPerson => ({
        id: `${g}${String(j)}`,
        name: `n${String(j)}`,
        group: `group-${g}`,
        answers: {
          "trust-other": [1 + ((j + k) % 3), 2 + ((j + 2 * k) % 4)],
          "warmth-other": [35 + ((j * 9 + k * 5) % 30), 45 + ((j * 7 + k * 3) % 40)],
        },
        declines: false,
        leaves: j === 4 && k % 3 === 0,
        airtime: 20 + 6 * j + k,
      })),
      {
        id: `s00000000${String(k).padStart(2, "0")}`,
        roomKey: `discord:circle-${String(k)}`,
        seed: k + 11,
        start: Date.UTC(2026, 0, 10 + k, 16),
      },
    ),
  );
  const built = buildReport(sessions, { kind: "programme" });
  if (built === null) throw new Error("no report");
  return built;
}

describe.skipIf(!available && !ci)("the HTML report in headless Chromium", () => {
  let browser: Browser;
  const errors: string[] = [];
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  });
  afterAll(async () => {
    await browser.close();
  });

  async function open(html: string, name: string): Promise<Page> {
    const file = join(outDir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${name}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`${name}: ${e.message}`));
    // Nothing may be fetched: the page is self-contained.
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) errors.push(`${name}: fetched ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
    return page;
  }

  /** Marks Vega drew for the data (not axes or legends), in one figure's SVG. */
  const marks = (page: Page, figure: string, mark: "rect" | "rule") =>
    page.evaluate(
      `document.querySelectorAll("#${figure} svg g.role-mark.mark-${mark} > path, #${figure} svg g.role-mark.mark-${mark} > line").length`,
    );
  const count = (page: Page, selector: string) =>
    page.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`);
  // Evaluated in the page (strings, since the tests are type-checked without the DOM library).
  const direction = (page: Page) => page.evaluate("getComputedStyle(document.documentElement).direction");

  it("an Arabic report: charts as SVG with one mark per figure, text right to left, no errors", async () => {
    const report = arabicReport();
    const html = await renderEvaluationHtml(report, reportText(youthFlow(), "ar", 3));
    const page = await open(html, "report-ar");
    expect(errors).toEqual([]);
    expect(await count(page, "figure.chart svg")).toBe(3);
    // Pre/post: a bar per group plus all groups together, each with its interval.
    expect(await marks(page, "change-1", "rect")).toBe(3);
    expect(await marks(page, "change-1", "rule")).toBe(3);
    expect(await marks(page, "airtime", "rect")).toBe(2);
    // Ideas: one stacked segment per group that voted for it (5 non-zero).
    expect(await marks(page, "ideas", "rect")).toBe(5);
    // Every chart has its table beside it.
    expect(await count(page, "figure.chart .table table")).toBe(3);
    // Right to left: the page, and an Arabic idea inside it.
    expect(await direction(page)).toBe("rtl");
    const layout = await page.evaluate<{
      ideaRtl: boolean;
      firstRightOfLast: boolean;
      h1Right: number;
      h1Left: number;
    }>(`(() => {
      const h1 = document.querySelector("h1 bdi");
      const idea = document.querySelector(".idea bdi");
      const text = idea.firstChild;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 1);
      const first = range.getBoundingClientRect();
      range.setStart(text, text.length - 1);
      range.setEnd(text, text.length);
      const last = range.getBoundingClientRect();
      return {
        ideaRtl: idea.matches(":dir(rtl)"),
        firstRightOfLast: first.left > last.left,
        h1Right: document.documentElement.clientWidth - h1.getBoundingClientRect().right,
        h1Left: h1.getBoundingClientRect().left,
      };
    })()`);
    expect(layout).toMatchObject({ ideaRtl: true, firstRightOfLast: true });
    // The title sits at the right edge, not the left.
    expect(layout.h1Right).toBeLessThan(layout.h1Left);
    // An interval reads low … high from left to right on a right-to-left page (issue 15), as HTML
    // and as the plain text Markdown and CSV readers get, also where an end is 0 (no sign, no mark).
    const cells = [
      intervalCell(0, 0.5, "ar"),
      intervalCell(-0.25, 0, "he"),
      intervalCell(-1.5, -0.5, "ar"),
      intervalCell(0.1, 2, "he"),
    ];
    const ends = (c: (typeof cells)[number]) =>
      typeof c === "object" && "html" in c ? c : { html: "", text: "" };
    const cellHtml = cells.map((c) => ends(c).html);
    const cellText = cells.map((c) => ends(c).text);
    const laidOut = await page.evaluate<boolean[]>(`(() => {
      const cases = ${JSON.stringify([...cellHtml.map((h) => ({ html: h })), ...cellText.map((t) => ({ text: t }))])};
      return cases.map((c) => {
        const p = document.createElement("p");
        p.dir = "rtl";
        if (c.html !== undefined) p.innerHTML = c.html; else p.textContent = c.text;
        document.body.appendChild(p);
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const texts = [];
        for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) texts.push(n);
        const first = texts[0];
        const last = texts[texts.length - 1];
        // The first and last visible characters: the low end's first digit, the high end's last.
        const firstAt = first.data.search(/[0-9]/);
        const lastAt = last.data.length - 1 - [...last.data].reverse().join("").search(/[0-9]/);
        const range = document.createRange();
        range.setStart(first, firstAt);
        range.setEnd(first, firstAt + 1);
        const low = range.getBoundingClientRect().left;
        range.setStart(last, lastAt);
        range.setEnd(last, lastAt + 1);
        const high = range.getBoundingClientRect().left;
        return low < high;
      });
    })()`);
    expect(laidOut).toEqual(cases(8));
    // Hostile text is text, not markup.
    expect(await count(page, "script")).toBe(0);
    expect(await page.getByText('<script>alert("x")</script>', { exact: false }).count()).toBeGreaterThan(0);
  });

  it("a programme of youth circles: the trust change per group with intervals, and airtime", async () => {
    const built = youthProgramme();
    const page = await open(await renderEvaluationHtml(built.report, built.text), "report-programme");
    expect(errors).toEqual([]);
    const rows = (q: string) => {
      const pair = built.report.pairs.find((p) => p.questionId === q);
      return pair === undefined ? [] : [...pair.byGroup, pair.pooled].filter((r) => r.meanChange !== null);
    };
    const trustIndex = built.report.pairs.findIndex((p) => p.questionId === "trust-other") + 1;
    expect(await marks(page, `change-${String(trustIndex)}`, "rect")).toBe(rows("trust-other").length);
    expect(await marks(page, `change-${String(trustIndex)}`, "rule")).toBe(
      rows("trust-other").filter((r) => r.ciLow !== null).length,
    );
    expect(await marks(page, "airtime", "rect")).toBe(2);
    expect(await direction(page)).toBe("ltr");
  });
});

function cases(n: number): boolean[] {
  return Array.from({ length: n }, () => true);
}
