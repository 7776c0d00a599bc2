// Where a CLI command writes: lines to stdout and stderr, and raw text (a transcript).
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** Raw output (the transcript); falls back to `out`. */
  write?(s: string): void;
}
