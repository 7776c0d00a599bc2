// One shape for every expected failure in Parley: a function that can fail in a foreseen way
// (a bad flow file, a refused command, a platform call the platform refused) returns a Result;
// exceptions are left for bugs. It lives at the top of `src`, importing nothing, because every
// layer uses it: the pure flows, the runtime, the adapters and the CLI (flows may not import the
// runtime, and adapters import nothing from flows).

export type Result<T, E = Problem> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** An expected failure: a stable code for code to branch on, and a message for a person. */
export interface Problem<Code extends string = string> {
  readonly code: Code;
  readonly message: string;
}

export function ok(): { readonly ok: true; readonly value: undefined };
export function ok<T>(value: T): { readonly ok: true; readonly value: T };
export function ok<T>(value?: T): { readonly ok: true; readonly value: T | undefined } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
