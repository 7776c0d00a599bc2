// Hostile participant text in the CSV and Markdown outputs: neutralised, never a formula or markup.
import { describe, expect, it } from "vitest";
import { csvTable } from "../../src/report/csv.ts";
import { markdownCell } from "../../src/report/markdown.ts";
import { escapeHtml } from "../../src/bot/neutralise.ts";

describe("report outputs with hostile text", () => {
  it("CSV: quotes, line breaks and formulas stay data", () => {
    const csv = csvTable(
      ["idea"],
      [['=HYPERLINK("http://x")'], ['a, "b"\nc'], ["\u202Eevil"], [-0.5], [null]],
    );
    // A line break inside a quoted cell stays in the cell (RFC 4180); rows end with CRLF.
    expect(csv.split("\r\n")).toEqual([
      "idea",
      `"'=HYPERLINK(""http://x"")"`,
      '"a, ""b""\nc"',
      "evil",
      "-0.5",
      "",
      "",
    ]);
  });

  it("Markdown: ordinary punctuation as written, markup escaped, on one line", () => {
    expect(markdownCell("Group A's idea (1-2). Done!")).toBe("Group A's idea (1-2). Done!");
    expect(markdownCell("**bold** <img src=x> | [link](u)\nnext")).toBe(
      "\\*\\*bold\\*\\* \\<img src=x\\> \\| \\[link\\](u) next",
    );
  });

  it("HTML: markup is text", () => {
    expect(escapeHtml(`<script>"x"&'y'</script>`)).toBe(
      "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;",
    );
  });
});
