// Plain-text columns for the CLI's listings (`flows list`, `sessions`): each cell padded to its column.

/** The rows as lines, columns separated by two spaces; the last column is not padded. */
export function padColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => Array.from(r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) =>
        i === r.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - Array.from(cell).length),
      )
      .join("  "),
  );
}
