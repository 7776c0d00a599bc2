// Discord's documented limits on message, interaction-response and modal payloads, checked the way
// Discord checks them: a 400 with code 50035 ("Invalid Form Body") and per-field `_errors`, or
// 50006 for an empty message. Only what a bot can get wrong is checked.

export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface DiscordErrorBody {
  readonly code: number;
  readonly message: string;
  readonly errors?: Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strLen(value: unknown): number {
  return typeof value === "string" ? Array.from(value).length : 0;
}

/** Builds Discord's nested `errors` object from flat paths such as `components.0.components.1.custom_id`. */
export function formBodyError(errors: readonly FieldError[]): DiscordErrorBody {
  const root: Record<string, unknown> = {};
  for (const e of errors) {
    let node = root;
    for (const part of e.path.split(".")) {
      const next = node[part];
      if (isRecord(next)) node = next;
      else {
        const created: Record<string, unknown> = {};
        node[part] = created;
        node = created;
      }
    }
    const list = Array.isArray(node["_errors"]) ? (node["_errors"] as unknown[]) : [];
    list.push({ code: e.code, message: e.message });
    node["_errors"] = list;
  }
  return { code: 50035, message: "Invalid Form Body", errors: root };
}

function maxLength(errors: FieldError[], path: string, value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== "string") {
    errors.push({ path, code: "BASE_TYPE_STRING", message: "Must be a string." });
    return;
  }
  if (strLen(value) > max) {
    errors.push({ path, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` });
  }
}

const customIdMax = 100;

function checkButton(errors: FieldError[], path: string, c: Record<string, unknown>, ids: Set<string>): void {
  const style = c["style"];
  if (typeof style !== "number" || style < 1 || style > 6) {
    errors.push({
      path: `${path}.style`,
      code: "BASE_TYPE_CHOICES",
      message: "Value must be one of {1, 2, 3, 4, 5, 6}.",
    });
  }
  maxLength(errors, `${path}.label`, c["label"], 80);
  if (style === 5) {
    if (typeof c["url"] !== "string") {
      errors.push({ path: `${path}.url`, code: "BASE_TYPE_REQUIRED", message: "This field is required" });
    }
    return;
  }
  checkCustomId(errors, `${path}.custom_id`, c["custom_id"], ids);
}

function checkCustomId(errors: FieldError[], path: string, id: unknown, ids: Set<string>): void {
  if (typeof id !== "string" || id.length === 0) {
    errors.push({ path, code: "BASE_TYPE_REQUIRED", message: "This field is required" });
    return;
  }
  maxLength(errors, path, id, customIdMax);
  if (ids.has(id)) {
    errors.push({
      path,
      code: "COMPONENT_CUSTOM_ID_DUPLICATED",
      message: "Component custom id cannot be duplicated",
    });
  }
  ids.add(id);
}

function checkSelect(errors: FieldError[], path: string, c: Record<string, unknown>, ids: Set<string>): void {
  checkCustomId(errors, `${path}.custom_id`, c["custom_id"], ids);
  maxLength(errors, `${path}.placeholder`, c["placeholder"], 150);
  const min = typeof c["min_values"] === "number" ? c["min_values"] : 1;
  const max = typeof c["max_values"] === "number" ? c["max_values"] : 1;
  if (min < 0 || min > 25) {
    errors.push({
      path: `${path}.min_values`,
      code: "NUMBER_TYPE_MAX",
      message: "int value should be less than or equal to 25.",
    });
  }
  if (max < 1 || max > 25) {
    errors.push({
      path: `${path}.max_values`,
      code: "NUMBER_TYPE_MAX",
      message: "int value should be less than or equal to 25.",
    });
  }
  if (c["type"] === 3) {
    const options = arr(c["options"]);
    if (options.length < 1 || options.length > 25) {
      errors.push({
        path: `${path}.options`,
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 25 in length.",
      });
    }
    if (max > options.length) {
      errors.push({
        path: `${path}.max_values`,
        code: "SELECT_COMPONENT_MAX_VALUES_TOO_LARGE",
        message: "max_values must be less than or equal to the number of options",
      });
    }
    const values = new Set<string>();
    options.forEach((o, i) => {
      const op = isRecord(o) ? o : {};
      maxLength(errors, `${path}.options.${i}.label`, op["label"], 100);
      maxLength(errors, `${path}.options.${i}.value`, op["value"], 100);
      maxLength(errors, `${path}.options.${i}.description`, op["description"], 100);
      const v = op["value"];
      if (typeof v === "string") {
        if (values.has(v)) {
          errors.push({
            path: `${path}.options.${i}.value`,
            code: "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
            message: "Select component option values cannot be duplicated",
          });
        }
        values.add(v);
      }
    });
  }
}

/** Classic (non-"components v2") message components: ≤ 5 action rows of ≤ 5 buttons or 1 select. */
export function checkComponents(errors: FieldError[], components: unknown): void {
  if (components === undefined || components === null) return;
  const rows = arr(components);
  if (rows.length > 5) {
    errors.push({
      path: "components",
      code: "BASE_TYPE_MAX_LENGTH",
      message: "Must be 5 or fewer in length.",
    });
  }
  const ids = new Set<string>();
  rows.forEach((r, i) => {
    const row = isRecord(r) ? r : {};
    const path = `components.${i}`;
    if (row["type"] !== 1) {
      errors.push({
        path: `${path}.type`,
        code: "UNION_TYPE_CHOICES",
        message: 'Value of field "type" must be one of (1,).',
      });
      return;
    }
    const children = arr(row["components"]);
    if (children.length < 1 || children.length > 5) {
      errors.push({
        path: `${path}.components`,
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 5 in length.",
      });
    }
    const hasSelect = children.some(
      (c) =>
        isRecord(c) && typeof c["type"] === "number" && c["type"] >= 3 && c["type"] <= 8 && c["type"] !== 4,
    );
    if (hasSelect && children.length > 1) {
      errors.push({
        path: `${path}.components`,
        code: "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
        message: "The specified component exceeds the maximum width",
      });
    }
    children.forEach((c, j) => {
      const comp = isRecord(c) ? c : {};
      const cpath = `${path}.components.${j}`;
      if (comp["type"] === 2) checkButton(errors, cpath, comp, ids);
      else if (typeof comp["type"] === "number" && [3, 5, 6, 7, 8].includes(comp["type"]))
        checkSelect(errors, cpath, comp, ids);
      else
        errors.push({ path: `${cpath}.type`, code: "UNION_TYPE_CHOICES", message: "Invalid component type" });
    });
  });
}

export function checkEmbeds(errors: FieldError[], embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  const list = arr(embeds);
  if (list.length > 10) {
    errors.push({ path: "embeds", code: "BASE_TYPE_MAX_LENGTH", message: "Must be 10 or fewer in length." });
  }
  let total = 0;
  list.forEach((e, i) => {
    const embed = isRecord(e) ? e : {};
    const path = `embeds.${i}`;
    maxLength(errors, `${path}.title`, embed["title"], 256);
    maxLength(errors, `${path}.description`, embed["description"], 4096);
    total += strLen(embed["title"]) + strLen(embed["description"]);
    const footer = isRecord(embed["footer"]) ? embed["footer"] : {};
    maxLength(errors, `${path}.footer.text`, footer["text"], 2048);
    total += strLen(footer["text"]);
    const author = isRecord(embed["author"]) ? embed["author"] : {};
    maxLength(errors, `${path}.author.name`, author["name"], 256);
    total += strLen(author["name"]);
    const fields = arr(embed["fields"]);
    if (fields.length > 25) {
      errors.push({
        path: `${path}.fields`,
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 25 or fewer in length.",
      });
    }
    fields.forEach((f, j) => {
      const field = isRecord(f) ? f : {};
      maxLength(errors, `${path}.fields.${j}.name`, field["name"], 256);
      maxLength(errors, `${path}.fields.${j}.value`, field["value"], 1024);
      total += strLen(field["name"]) + strLen(field["value"]);
    });
  });
  if (total > 6000) {
    errors.push({
      path: "embeds",
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: "Embed size exceeds maximum size of 6000",
    });
  }
}

export function checkAllowedMentions(errors: FieldError[], am: unknown): void {
  if (am === undefined || am === null) return;
  if (!isRecord(am)) {
    errors.push({
      path: "allowed_mentions",
      code: "DICT_TYPE_CONVERT",
      message: "Only dictionaries may be used in a DictType",
    });
    return;
  }
  const parse = arr(am["parse"]);
  for (const p of parse) {
    if (p !== "users" && p !== "roles" && p !== "everyone") {
      errors.push({
        path: "allowed_mentions.parse",
        code: "BASE_TYPE_CHOICES",
        message: "Value must be one of ('roles', 'users', 'everyone').",
      });
    }
  }
  if (parse.includes("users") && arr(am["users"]).length > 0) {
    errors.push({
      path: "allowed_mentions",
      code: "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
      message: 'parse:["users"] and users: [ids...] are mutually exclusive.',
    });
  }
  if (parse.includes("roles") && arr(am["roles"]).length > 0) {
    errors.push({
      path: "allowed_mentions",
      code: "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
      message: 'parse:["roles"] and roles: [ids...] are mutually exclusive.',
    });
  }
}

/**
 * A message body (channel message, webhook/follow-up, interaction response data). Returns the
 * error Discord would answer, or null.
 */
export function checkMessageBody(
  body: Record<string, unknown>,
  opts: { requireContent: boolean },
): DiscordErrorBody | null {
  const errors: FieldError[] = [];
  maxLength(errors, "content", body["content"], 2000);
  checkEmbeds(errors, body["embeds"]);
  checkComponents(errors, body["components"]);
  checkAllowedMentions(errors, body["allowed_mentions"]);
  const nonce = body["nonce"];
  if (nonce !== undefined && nonce !== null) {
    if (typeof nonce === "string") maxLength(errors, "nonce", nonce, 25);
    else if (typeof nonce !== "number" || !Number.isInteger(nonce)) {
      errors.push({ path: "nonce", code: "BASE_TYPE_STRING", message: "Must be a string or an integer." });
    }
  }
  if (errors.length > 0) return formBodyError(errors);
  if (opts.requireContent) {
    const empty =
      strLen(body["content"]) === 0 &&
      arr(body["embeds"]).length === 0 &&
      arr(body["components"]).length === 0 &&
      arr(body["sticker_ids"]).length === 0 &&
      body["poll"] === undefined;
    if (empty) return { code: 50006, message: "Cannot send an empty message" };
  }
  return null;
}

/** Modal (interaction callback type 9): title ≤ 45, 1–5 top-level components, text inputs. */
export function checkModal(data: Record<string, unknown>): DiscordErrorBody | null {
  const errors: FieldError[] = [];
  const ids = new Set<string>();
  if (typeof data["title"] !== "string" || data["title"].length === 0) {
    errors.push({ path: "data.title", code: "BASE_TYPE_REQUIRED", message: "This field is required" });
  } else maxLength(errors, "data.title", data["title"], 45);
  checkCustomId(errors, "data.custom_id", data["custom_id"], new Set());
  const rows = arr(data["components"]);
  if (rows.length < 1 || rows.length > 5) {
    errors.push({
      path: "data.components",
      code: "BASE_TYPE_BAD_LENGTH",
      message: "Must be between 1 and 5 in length.",
    });
  }
  rows.forEach((r, i) => {
    const row = isRecord(r) ? r : {};
    if (row["type"] === 10) {
      // A text display: markdown content, up to 4000 characters.
      if (typeof row["content"] !== "string" || row["content"].length === 0)
        errors.push({
          path: `data.components.${i}.content`,
          code: "BASE_TYPE_REQUIRED",
          message: "This field is required",
        });
      else maxLength(errors, `data.components.${i}.content`, row["content"], 4000);
      return;
    }
    // An action row holding one text input (classic), or a label (type 18) holding one.
    const inner =
      row["type"] === 1 ? arr(row["components"])[0] : row["type"] === 18 ? row["component"] : undefined;
    const path = `data.components.${i}`;
    if (row["type"] === 1 && arr(row["components"]).length !== 1) {
      errors.push({
        path: `${path}.components`,
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be 1 in length.",
      });
    }
    if (!isRecord(inner) || inner["type"] !== 4) {
      errors.push({ path, code: "UNION_TYPE_CHOICES", message: "Modal rows must hold one text input" });
      return;
    }
    const ipath = row["type"] === 1 ? `${path}.components.0` : `${path}.component`;
    checkCustomId(errors, `${ipath}.custom_id`, inner["custom_id"], ids);
    if (row["type"] === 1) maxLength(errors, `${ipath}.label`, inner["label"], 45);
    else maxLength(errors, `${path}.label`, row["label"], 45);
    maxLength(errors, `${ipath}.placeholder`, inner["placeholder"], 100);
    maxLength(errors, `${ipath}.value`, inner["value"], 4000);
    for (const k of ["min_length", "max_length"] as const) {
      const v = inner[k];
      if (v !== undefined && (typeof v !== "number" || v < 0 || v > 4000)) {
        errors.push({
          path: `${ipath}.${k}`,
          code: "NUMBER_TYPE_MAX",
          message: "int value should be less than or equal to 4000.",
        });
      }
    }
  });
  return errors.length > 0 ? formBodyError(errors) : null;
}
