// The clock of the egress limiters (Discord's fair window, Matrix's send gate): real time, or a
// clock a test moves by hand.
export interface TimerClock {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const realTimerClock: TimerClock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => {
      clearTimeout(t);
    };
  },
};
