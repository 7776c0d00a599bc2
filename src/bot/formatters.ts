// Intl formatters, made once per locale: building one costs far more than formatting with it
// (seen in the profile of `/parley status`, which made a new one per call).
const numbers = new Map<string, Intl.NumberFormat>();
const lists = new Map<string, Intl.ListFormat>();

/** Numbers as the locale writes them; `maximumFractionDigits` when given. */
export function numberFormat(locale: string, maximumFractionDigits?: number): Intl.NumberFormat {
  const key = `${locale}|${String(maximumFractionDigits)}`;
  let f = numbers.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, maximumFractionDigits === undefined ? {} : { maximumFractionDigits });
    numbers.set(key, f);
  }
  return f;
}

/** "a, b and c" as the locale writes it. */
export function listFormat(locale: string): Intl.ListFormat {
  let f = lists.get(locale);
  if (f === undefined) {
    f = new Intl.ListFormat(locale, { type: "conjunction", style: "long" });
    lists.set(locale, f);
  }
  return f;
}
