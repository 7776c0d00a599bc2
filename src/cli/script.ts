// Simulation scripts: console lines plus `wait <duration>` lines.
import { err, ok, type Result } from "../result.ts";

export type ScriptLine =
  | { readonly kind: "wait"; readonly ms: number; readonly line: number }
  | { readonly kind: "console"; readonly text: string; readonly line: number };

/** `2m`, `30s`, `1h`, `1h30m`, `500ms`, or a bare number of seconds. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  for (const m of t.matchAll(re)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === "h" ? n * 3_600_000 : unit === "m" ? n * 60_000 : unit === "s" ? n * 1000 : n;
    matched += m[0].length;
  }
  return matched === t.length && matched > 0 ? Math.round(total) : null;
}

export function parseScript(source: string): Result<ScriptLine[], string> {
  const lines: ScriptLine[] = [];
  const rows = source.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const text = (rows[i] ?? "").trim();
    if (text === "" || text.startsWith("#")) continue;
    const wait = /^wait\s+(.+)$/i.exec(text);
    if (wait !== null) {
      const ms = parseDuration(wait[1] ?? "");
      if (ms === null)
        return err(`line ${i + 1}: expected a duration such as 2m or 30s, got "${wait[1] ?? ""}"`);
      lines.push({ kind: "wait", ms, line: i + 1 });
    } else lines.push({ kind: "console", text, line: i + 1 });
  }
  return ok(lines);
}
