// Timer driver for the flows tests: arms a clock timeout for the machine's next deadline and sends
// `timer.fired` when it is reached. The runtime has its own durable scheduler; this one serves
// flows tests with xstate's SimulatedClock (or any clock with setTimeout/clearTimeout/now).
import type { Actor } from "xstate";
import { type WorkshopMachine } from "../../../src/flows/workshop.ts";
import { nextDeadline } from "../../../src/flows/workshop-view.ts";

export interface DriveClock {
  now(): number;
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Keeps one timeout armed for `nextDeadline`; returns a function that stops driving. */
export function driveTimers(actor: Actor<WorkshopMachine>, clock: DriveClock): () => void {
  let armed: { deadline: number; id: unknown } | null = null;
  const arm = (): void => {
    const snapshot = actor.getSnapshot();
    const deadline = snapshot.status === "active" ? nextDeadline(snapshot) : null;
    if (armed !== null && armed.deadline === deadline) return;
    if (armed !== null) clock.clearTimeout(armed.id);
    armed = null;
    if (deadline === null) return;
    const id = clock.setTimeout(
      () => {
        armed = null;
        actor.send({ type: "timer.fired", at: deadline });
        arm();
      },
      Math.max(0, deadline - clock.now()),
    );
    armed = { deadline, id };
  };
  const subscription = actor.subscribe({ next: arm, error: () => undefined, complete: arm });
  arm();
  return () => {
    subscription.unsubscribe();
    if (armed !== null) clock.clearTimeout(armed.id);
    armed = null;
  };
}
