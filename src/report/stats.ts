// Paired pre/post statistics. Descriptives come from simple-statistics (maintained, typed, no
// dependencies); it has no t distribution, so the critical value comes from jstat's studentt.inv
// (one dependency-free package; @stdlib's t quantile would add over 200 packages).
// Pure: numbers in, numbers out; test/fixtures/stats holds values computed independently.
import { mean, sampleStandardDeviation } from "simple-statistics";
import jstat from "jstat";

/** Paired change on one question: `pre[i]` and `post[i]` are one person's answers. */
export interface PairedSummary {
  /** People who answered both before and after. */
  readonly n: number;
  readonly preMean: number | null;
  readonly postMean: number | null;
  /** Mean of (post − pre). */
  readonly meanChange: number | null;
  /**
   * 95% confidence interval of the mean change from the t distribution with n − 1 degrees of
   * freedom (paired t); null below n = 2 or when every change is the same (no spread to estimate).
   */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Standard deviation of the changes (n − 1 denominator); null below n = 2. */
  readonly sdChange: number | null;
  /** Cohen's d_z: mean change ÷ standard deviation of the changes; null when that is 0 or undefined. */
  readonly dz: number | null;
  /** Shares (0..1) of people whose answer went up, down, or stayed the same. */
  readonly up: number;
  readonly down: number;
  readonly unchanged: number;
}

export const confidenceLevel = 0.95;

/** A summary of `n` pairs that shows no figure (none to compute, or too few people to show). */
export function withoutFigures(n: number): PairedSummary {
  return {
    n,
    preMean: null,
    postMean: null,
    meanChange: null,
    ciLow: null,
    ciHigh: null,
    sdChange: null,
    dz: null,
    up: 0,
    down: 0,
    unchanged: 0,
  };
}

export function pairedSummary(pairs: readonly (readonly [number, number])[]): PairedSummary {
  const n = pairs.length;
  if (n === 0) return withoutFigures(0);
  const pre = pairs.map(([a]) => a);
  const post = pairs.map(([, b]) => b);
  const changes = pairs.map(([a, b]) => b - a);
  const meanChange = mean(changes);
  const sd = n >= 2 ? sampleStandardDeviation(changes) : null;
  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  let dz: number | null = null;
  if (sd !== null && sd > 0) {
    const half = jstat.studentt.inv(1 - (1 - confidenceLevel) / 2, n - 1) * (sd / Math.sqrt(n));
    ciLow = meanChange - half;
    ciHigh = meanChange + half;
    dz = meanChange / sd;
  }
  return {
    n,
    preMean: mean(pre),
    postMean: mean(post),
    meanChange,
    ciLow,
    ciHigh,
    sdChange: sd,
    dz,
    up: changes.filter((c) => c > 0).length / n,
    down: changes.filter((c) => c < 0).length / n,
    unchanged: changes.filter((c) => c === 0).length / n,
  };
}
