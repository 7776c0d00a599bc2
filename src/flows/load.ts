// Turns a facilitator's flow file (YAML or JSON text) into a validated FlowSpec, or into errors that
// name the file, line, column and field in a sentence a facilitator understands. Pure: no I/O.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import { flowSpecSchema, flowWarnings, type FlowSpec } from "./spec.ts";
import { err, ok, type Result } from "../result.ts";

export type FlowErrorCode =
  | "flow.syntax"
  | "flow.duplicate_key"
  | "flow.too_large"
  | "flow.unknown_field"
  | "flow.missing_field"
  | "flow.invalid_value"
  | "flow.missing_locale"
  | "flow.duplicate_id"
  | "flow.inconsistent"
  | "flow.stage_order"
  /** A warning, not an error: a valid flow whose settings are honoured in a way worth knowing (anonymity). */
  | "flow.anonymity"
  /** Raised by the file loader (src/bot/flow-library.ts), with line 0: no position in the file. */
  | "flow.not_found"
  | "flow.unreadable"
  | "flow.unsupported_file";

export interface FlowError {
  readonly code: FlowErrorCode;
  readonly file: string;
  /** 1-based; 0 when the error concerns the whole file (not found, unreadable). */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
  /** Field path such as `stages[2].turnSeconds`; empty for whole-file (syntax) errors. */
  readonly path: string;
  readonly message: string;
}

/** A valid flow comes with its warnings (`flowWarnings`), located like errors. */
export type FlowParseResult = Result<{ spec: FlowSpec; warnings: FlowError[] }, FlowError[]>;

/** Larger than any real flow; keeps a pasted log or binary from being parsed at length. */
export const maxFlowSourceLength = 1_000_000;

/** `flows/intro.yaml:14:7 stages[2].turnSeconds: expected seconds between 10 and 3600, got "two minutes"` */
export function formatFlowError(e: LocatedError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
  return `${where}${e.path === "" ? "" : ` ${e.path}`}: ${e.message}`;
}

export type PathSegment = string | number;

export function parseFlowSpec(source: string, fileName: string): FlowParseResult {
  const parsed = parseLocated(source, fileName, flowSpecSchema, {
    prefix: "flow",
    what: "flow",
    empty:
      "the file is empty; expected a flow with id, version, title, description, defaultLocale, confidentiality and stages",
    notAMapping: "expected a flow: a mapping of fields such as id, version, title and stages",
  });
  if (!parsed.ok) return err(parsed.error as FlowError[]);
  const { value: spec, locate } = parsed.value;
  const warnings = flowWarnings(spec).map((w): FlowError => ({
    code: w.code,
    ...locate(w.path),
    message: w.message,
  }));
  return ok({ spec, warnings });
}

/** An error located in a YAML or JSON file; `code` is `<prefix>.<kind>` (flow.syntax, programme.unknown_field). */
export interface LocatedError {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

/** Where a path of a parsed file is: the value's node, or the mapping that would hold it when absent. */
export type Locate = (
  path: readonly PathSegment[],
  /** "key": the field's name rather than its value. */
  target?: "key",
) => Omit<LocatedError, "code" | "message">;

export interface LocatedOptions {
  /** Error code prefix: "flow" gives flow.syntax, flow.unknown_field, … */
  readonly prefix: string;
  /** What one file holds ("flow", "programme"), for the one-document-per-file message. */
  readonly what: string;
  /** The message for an empty file. */
  readonly empty: string;
  /** The message when the top level is not a mapping. */
  readonly notAMapping: string;
}

/**
 * Parses YAML or JSON text against a zod schema; every error names the file, line, column and
 * field. The flow loader and the programme loader share it. Pure: no I/O.
 */
export function parseLocated<T>(
  source: string,
  fileName: string,
  schema: z.ZodType<T>,
  options: LocatedOptions,
): Result<{ value: T; locate: Locate }, LocatedError[]> {
  // A byte-order mark is invisible in editors; dropping it keeps columns on line 1 as shown.
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const at = (offset: number) => positionAt(text, offset);
  const code = (kind: string) => `${options.prefix}.${kind}`;
  const fail = (kind: string, offset: number, path: string, message: string) =>
    err([{ code: code(kind), file: fileName, ...at(offset), path, message }]);
  if (text.length > maxFlowSourceLength) {
    return fail("too_large", 0, "", `the file is larger than ${maxFlowSourceLength} characters`);
  }
  const isJson = /\.json$/i.test(fileName);

  let data: unknown;
  if (isJson) {
    // YAML accepts things JSON does not (comments, trailing commas), so JSON.parse decides
    // what is valid JSON; the YAML parse below only supplies positions.
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /at position (\d+)/.exec(message);
      const offset = position?.[1] === undefined ? text.length : Number(position[1]);
      const reason = message.startsWith("Unexpected end of JSON input")
        ? "the file ends before the JSON is complete"
        : lowerFirst(message.replace(/ in JSON at position \d+.*$/, ""));
      return fail("syntax", offset, "", `invalid JSON: ${reason}`);
    }
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  // For JSON only duplicate keys matter here: JSON.parse has judged the syntax (and silently keeps
  // the last of two equal keys, which hides a mistake).
  const yamlErrors = isJson ? doc.errors.filter((e) => e.code === "DUPLICATE_KEY") : doc.errors;
  if (yamlErrors.length > 0) {
    const errors: LocatedError[] = [];
    // After the first syntax error the parser's further complaints are mostly echoes of it, so only
    // the first is reported (duplicate keys are independent of each other and all reported).
    const firstSyntax = yamlErrors.find((e) => e.code !== "DUPLICATE_KEY");
    for (const e of yamlErrors.filter((e) => e.code === "DUPLICATE_KEY" || e === firstSyntax)) {
      const duplicate = e.code === "DUPLICATE_KEY";
      errors.push({
        code: code(duplicate ? "duplicate_key" : "syntax"),
        file: fileName,
        ...at(e.pos[0]),
        path: "",
        message: duplicate
          ? `${quote(keyAt(text, e.pos[0]))} appears twice in the same mapping; give each field once`
          : `invalid YAML: ${yamlProblem(e.code, e.message, options.what)}`,
      });
    }
    return err(errors);
  }
  if (!isJson) {
    try {
      // maxAliasCount guards against alias bombs ("billion laughs").
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return fail("syntax", 0, "", `invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (data === null || data === undefined) return fail("invalid_value", 0, "", options.empty);

  const parsed = schema.safeParse(data, { error: defaultMessage });
  const root = doc.contents;
  if (parsed.success) {
    const locate: Locate = (path, target) => ({
      file: fileName,
      // An optional field left out (a default) has no node: point at the mapping that would hold it.
      ...at(offsetOf(root, path, valueAt(data, path).found ? (target ?? "value") : "parent")),
      path: formatPath(path),
    });
    return ok({ value: parsed.data, locate });
  }

  const errors: LocatedError[] = [];
  const suggested = new Set<string>();
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
    const located = (
      kind: string,
      where: PathSegment[],
      target: "value" | "key" | "parent",
      message: string,
    ) => {
      errors.push({
        code: kind.includes(".") ? kind : code(kind),
        file: fileName,
        ...at(offsetOf(root, where, target)),
        path: formatPath(where),
        message,
      });
    };
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeys(schema, data, path);
      for (const key of issue.keys) {
        const suggestion = allowed.length > 0 ? closest(key, allowed) : null;
        if (suggestion !== null) suggested.add(formatPath([...path, suggestion]));
        const hint =
          suggestion !== null
            ? `; did you mean "${suggestion}"?`
            : allowed.length > 0
              ? ` (expected one of: ${allowed.join(", ")})`
              : "";
        located("unknown_field", [...path, key], "key", `unknown field ${quote(key)}${hint}`);
      }
      continue;
    }
    const parentPath = path.slice(0, -1);
    const last = path[path.length - 1];
    const parent = valueAt(data, parentPath);
    if (
      issue.code !== "custom" &&
      typeof last === "string" &&
      isPlainObject(parent.value) &&
      parent.found &&
      !(last in parent.value)
    ) {
      located("missing_field", path, "parent", `missing required field; ${issue.message}`);
      continue;
    }
    if (issue.code === "custom") {
      const custom = (issue.params as { code?: string } | undefined)?.code ?? "invalid_value";
      located(custom, path, "value", issue.message);
      continue;
    }
    if (issue.code === "invalid_key") {
      const reason = issue.issues[0]?.message ?? issue.message;
      located("invalid_value", path, "key", `${reason}, got ${quote(String(last))}`);
      continue;
    }
    const value = valueAt(data, path);
    const expected = path.length === 0 && issue.code === "invalid_type" ? options.notAMapping : issue.message;
    located("invalid_value", path, "value", `${expected}, got ${describeValue(value.value)}`);
  }
  // A misspelt field is reported once, as the typo with its suggestion, not also as a missing field.
  const explained = errors.filter((e) => e.code !== code("missing_field") || !suggested.has(e.path));
  explained.sort((a, b) => a.line - b.line || a.column - b.column);
  return err(explained);
}

/** The YAML parser's complaint in a facilitator's words where we can say it better. */
function yamlProblem(code: string, message: string, what: string): string {
  switch (code) {
    case "TAB_AS_INDENT":
      return "tabs are not allowed for indentation; indent with spaces";
    case "BAD_INDENT":
      return message.startsWith("All mapping items")
        ? "this line's indentation does not line up with the fields around it"
        : lowerFirst(message.split("\n")[0] ?? message);
    case "MULTIPLE_DOCS":
      return `expected one ${what} per file, but a --- line starts a second document`;
    case "BLOCK_AS_IMPLICIT_KEY":
      // Almost always prose with a colon in it: `en: Tell us: why?` reads as a field inside a field.
      return 'a colon followed by a space inside text starts a new field; put the text in quotes, e.g. en: "Tell us: why?"';
    case "MULTILINE_IMPLICIT_KEY":
      return "a field name must fit on one line; is a colon missing, or text that needs quotes?";
    default:
      return lowerFirst(message.split("\n")[0] ?? message).replace('closing "quote', 'closing " (quote)');
  }
}

/** Messages for checks the schema does not word itself (the schema's own messages win). */
function defaultMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${typeName(issue.expected)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `expected ${quoteUnknown(issue.values[0])}`
        : `expected one of ${issue.values.map(quoteUnknown).join(", ")}`;
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      return Array.isArray(options) && options.length > 0
        ? `expected one of ${options.map(quoteUnknown).join(", ")}`
        : "expected a different shape of value";
    }
    case "too_small":
      return issue.origin === "array"
        ? `expected at least ${issue.minimum} items`
        : `expected at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array"
        ? `expected at most ${issue.maximum} items`
        : `expected at most ${issue.maximum}`;
    case "invalid_key":
      return "expected a valid key";
    default:
      return "expected a different value";
  }
}

function typeName(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
    case "int":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a mapping of fields";
    case "record":
      return "a text for each locale, such as en: …";
    default:
      return expected;
  }
}

// --- values and paths -------------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function valueAt(data: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let current = data;
  for (const segment of path) {
    if (typeof segment === "number" && Array.isArray(current) && segment < current.length) {
      current = current[segment] as unknown;
    } else if (typeof segment === "string" && isPlainObject(current) && segment in current) {
      current = current[segment];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: current };
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${quote(segment)}]`;
  }
  return out;
}

const maxShown = 60;

/** Quotes text from the file for a message: control and invisible (bidi) characters escaped, long text cut. */
export function quote(text: string): string {
  const chars = Array.from(text);
  const shown = chars.slice(0, maxShown).map((c) => {
    if (c === '"' || c === "\\") return `\\${c}`;
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    if (/\p{C}/u.test(c)) return `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;
    return c;
  });
  return `"${shown.join("")}${chars.length > maxShown ? "…" : ""}"`;
}

function quoteUnknown(v: unknown): string {
  return typeof v === "string" ? quote(v) : String(v);
}

export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v))
    return v.length === 0 ? "an empty list" : `a list of ${v.length} item${v.length === 1 ? "" : "s"}`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return "an empty mapping";
    const shown = keys.slice(0, 4).map(quote).join(", ");
    return `a mapping with ${keys.length === 1 ? "field" : "fields"} ${shown}${keys.length > 4 ? ", …" : ""}`;
  }
  return typeof v;
}

/** The key text starting at an offset (for naming a duplicate key). */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const match = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'|^([^:\s,{}[\]]+)/.exec(rest);
  return match?.[1] ?? match?.[2] ?? match?.[3] ?? rest.split(/\s/)[0] ?? "";
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/** 1-based line and column of a character offset (counts \n; a \r before it is part of the line end). */
function positionAt(text: string, offset: number): { line: number; column: number } {
  const bounded = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < bounded; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: bounded - lineStart + 1 };
}

// --- source positions -------------------------------------------------------------------------

/**
 * The character offset to report for a path: the value's node, the key's node (unknown fields),
 * or the containing mapping (missing fields). Falls back to the deepest node that exists.
 */
function offsetOf(
  root: Node | null,
  path: readonly PathSegment[],
  target: "value" | "key" | "parent",
): number {
  let node: unknown = root;
  let best = root?.range?.[0] ?? 0;
  const steps = target === "parent" ? path.slice(0, -1) : path;
  for (let i = 0; i < steps.length; i++) {
    const segment = steps[i];
    const isLast = i === steps.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (pair === undefined) return best;
      const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (isLast && target === "key" && keyStart !== undefined) return keyStart;
      const valueStart = (pair.value as Node | null)?.range?.[0];
      if (valueStart === undefined || pair.value === null) return keyStart ?? best;
      best = valueStart;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      const start = item?.range?.[0];
      if (item === undefined || start === undefined) return best;
      best = start;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

// --- unknown-field suggestions ----------------------------------------------------------------

/** The field names the schema allows for the object at `path` (choosing union members by the data). */
function allowedKeys(root: z.ZodType, data: unknown, path: readonly PathSegment[]): string[] {
  let schema: z.ZodType | undefined = root;
  let value = data;
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    let current = s;
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
      current = current.unwrap() as z.ZodType;
    }
    if (current instanceof z.ZodDiscriminatedUnion && isPlainObject(value)) {
      const discriminator = current.def.discriminator;
      const tag = value[discriminator];
      current = (current.options as z.ZodType[]).find(
        (option) =>
          option instanceof z.ZodObject &&
          (option.shape as Record<string, z.ZodType>)[discriminator] instanceof z.ZodLiteral &&
          ((option.shape as Record<string, z.ZodType>)[discriminator] as z.ZodLiteral).values.has(
            tag as never,
          ),
      );
    }
    return current;
  };
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject && typeof segment === "string") {
      schema = (schema.shape as Record<string, z.ZodType | undefined>)[segment];
    } else if (schema instanceof z.ZodArray && typeof segment === "number") {
      schema = schema.element as z.ZodType;
    } else {
      return [];
    }
    value = valueAt(value, [segment]).value;
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The allowed name closest to a typo, if it is close enough to be what was meant. */
function closest(word: string, candidates: readonly string[]): string | null {
  // A shortened or lengthened name ("reflect" for "reflectBack") is a likely slip too.
  const lower = word.toLowerCase();
  const byPrefix = candidates.filter((c) => {
    const l = c.toLowerCase();
    return Math.min(l.length, lower.length) >= 4 && (l.startsWith(lower) || lower.startsWith(l));
  });
  if (byPrefix.length === 1) return byPrefix[0] ?? null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
