// Component custom ids (≤ 100 characters) and select option values (≤ 100) that survive a restart:
// a short plain encoding when it fits, otherwise a hash whose meaning is kept in the CursorStore.
import { createHash } from "node:crypto";
import type { CursorStore } from "../../bot/ports.ts";
import { SerialQueues } from "../shared/serial-queues.ts";

export type ControlRef =
  | { readonly kind: "choice"; readonly roomId: string; readonly promptId: string; readonly value: string }
  | { readonly kind: "select"; readonly roomId: string; readonly promptId: string; readonly menu: number }
  | { readonly kind: "collect"; readonly roomId: string; readonly promptId: string }
  | { readonly kind: "modal"; readonly roomId: string; readonly promptId: string }
  /** The time-out button of a workshop channel (turn panels and the pinned card). */
  | { readonly kind: "timeout"; readonly roomId: string }
  /** The help button (help-me) under prompts answered privately. */
  | { readonly kind: "help"; readonly roomId: string };

const prefixes = {
  choice: "pa",
  select: "ps",
  collect: "pc",
  modal: "pm",
  timeout: "pt",
  help: "pe",
} as const;
const maxId = 100;

const esc = (s: string): string => s.replace(/%/g, "%25").replace(/\|/g, "%7C");
const unesc = (s: string): string => s.replace(/%7C/g, "|").replace(/%25/g, "%");

function hash(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

export async function encodeControl(ref: ControlRef, cursors: CursorStore): Promise<string> {
  const last = ref.kind === "choice" ? [esc(ref.value)] : ref.kind === "select" ? [String(ref.menu)] : [];
  const prompt = ref.kind === "timeout" || ref.kind === "help" ? [] : [esc(ref.promptId)];
  const plain = [prefixes[ref.kind], esc(ref.roomId), ...prompt, ...last].join("|");
  if (plain.length <= maxId) return plain;
  const id = `ph|${hash(plain)}`;
  await storeHashed(cursors, `control:${id}`, JSON.stringify(ref));
  return id;
}

function isControlRef(v: unknown): v is ControlRef {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r["kind"] === "string" &&
    typeof r["roomId"] === "string" &&
    (r["kind"] === "timeout" || r["kind"] === "help" || typeof r["promptId"] === "string")
  );
}

export async function decodeControl(customId: string, cursors: CursorStore): Promise<ControlRef | null> {
  const parts = customId.split("|");
  const [prefix, a, b, c] = parts;
  if (prefix === "ph") {
    const stored = await cursors.getCursor("discord", `control:${customId}`);
    if (stored === undefined || stored === "") return null;
    const parsed: unknown = JSON.parse(stored);
    return isControlRef(parsed) ? parsed : null;
  }
  if (prefix === prefixes.timeout && a !== undefined && b === undefined)
    return { kind: "timeout", roomId: unesc(a) };
  if (prefix === prefixes.help && a !== undefined && b === undefined)
    return { kind: "help", roomId: unesc(a) };
  if (a === undefined || b === undefined) return null;
  const roomId = unesc(a);
  const promptId = unesc(b);
  if (prefix === prefixes.choice && c !== undefined)
    return { kind: "choice", roomId, promptId, value: unesc(c) };
  if (prefix === prefixes.select && c !== undefined)
    return { kind: "select", roomId, promptId, menu: Number(c) };
  if (prefix === prefixes.collect) return { kind: "collect", roomId, promptId };
  if (prefix === prefixes.modal) return { kind: "modal", roomId, promptId };
  return null;
}

/** A select option value: the value itself when it fits, else a stored hash. */
export async function encodeOptionValue(value: string, cursors: CursorStore): Promise<string> {
  if (value.length <= maxId && !value.startsWith("#")) return value;
  const id = `#${hash(value)}`;
  await storeHashed(cursors, `option:${id}`, value);
  return id;
}

export async function decodeOptionValue(value: string, cursors: CursorStore): Promise<string | null> {
  if (!value.startsWith("#")) return value;
  const stored = await cursors.getCursor("discord", `option:${value}`);
  return stored === undefined || stored === "" ? null : stored;
}

// Every hashed row is listed in one index row, so that forget-me can find those that mention a
// user (the cursor store cannot list its keys). The index holds keys only, never values.
const indexKey = "hashed-ids";
const indexQueue = new SerialQueues();

async function readIndex(cursors: CursorStore): Promise<string[]> {
  const raw = await cursors.getCursor("discord", indexKey);
  return raw === undefined || raw === "" ? [] : (JSON.parse(raw) as string[]);
}

async function storeHashed(cursors: CursorStore, key: string, value: string): Promise<void> {
  await cursors.setCursor("discord", key, value);
  await indexQueue.run(indexKey, async () => {
    const keys = await readIndex(cursors);
    if (!keys.includes(key)) await cursors.setCursor("discord", indexKey, JSON.stringify([...keys, key]));
  });
}

/** Forget-me: blanks every stored control or option that mentions the user id (a blank one no longer decodes). */
export async function forgetInControls(cursors: CursorStore, userId: string): Promise<void> {
  await indexQueue.run(indexKey, async () => {
    const keys = await readIndex(cursors);
    const kept: string[] = [];
    for (const key of keys) {
      const value = await cursors.getCursor("discord", key);
      if (value?.includes(userId) === true) await cursors.setCursor("discord", key, "");
      else kept.push(key);
    }
    if (kept.length !== keys.length) await cursors.setCursor("discord", indexKey, JSON.stringify(kept));
  });
}
