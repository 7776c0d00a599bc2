// Number formatting shared by the report outputs (Markdown, HTML): locale-aware, fixed digits.
export function fmt(value: number | null, locale: string, digits = 2): string {
  if (value === null) return "–";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(
    value,
  );
}

export function pct(value: number | null, locale: string): string {
  if (value === null) return "–";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value);
}

/** A signed change ("+0.5", "−0.2"). */
export function signed(value: number | null, locale: string, digits = 2): string {
  if (value === null) return "–";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, signDisplay: "exceptZero" }).format(
    value,
  );
}
