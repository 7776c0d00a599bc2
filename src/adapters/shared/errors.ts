// The message of anything thrown, for log lines and failure values.
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
