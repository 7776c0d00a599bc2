// Failures the facilitators must know: a delivery given up (a summary not pinned, a private
// message not delivered, a room still restricted, strict turns refused), and the floor a restored
// session's state implies.
import type { FlowSpec } from "../../flows/spec.ts";
import { roomConfig } from "../config.ts";
import type { DeliveryAudience } from "../ports.ts";
import { renderEffect } from "../render.ts";
import { participantMap, type HostContext, type LiveSession, type Step } from "./live.ts";
import {
  defaultFacilitators,
  facilitatorIds,
  failureNotice,
  notice,
  renderContext,
  type FailedDelivery,
} from "./notices.ts";
import { send } from "./step.ts";

/**
 * A delivery was given up: the facilitators are told privately, in the room's language, what it
 * means for them (a summary not pinned, a participant who did not get a private message, a room
 * still restricted). When the platform refused to restrict posting, the workshop falls back to
 * soft turn-taking instead of failing silently. A private delivery is never sent to the room
 * instead. The session may have ended since (a summary's pin is its last delivery).
 */
export async function deliveryFailed(h: HostContext, step: Step, failed: FailedDelivery): Promise<void> {
  const live = step.session;
  const { kind, code } = failed;
  if (live !== null && (failed.sessionId === undefined || failed.sessionId === live.record.id)) {
    const facilitators: DeliveryAudience = { to: "facilitators", userIds: facilitatorIds(h, step, live) };
    const locale = live.record.locale;
    step.touched = true;
    step.meta = {
      ...step.meta,
      failures: [...(step.meta.failures ?? []).slice(-19), { kind, code, at: h.o.now() }],
    };
    if (
      kind === "floor" &&
      failed.release !== true &&
      (code === "missing_permission" || code === "unsupported")
    ) {
      if (live.stepper.status().enforcement === "soft") return;
      send(h, step, live, { type: "control.enforcement", mode: "soft", at: h.o.now() });
      notice(h, step, "floor.strictUnavailable", { code }, facilitators, locale);
      return;
    }
    step.touched = true;
    const [key, vars] = failureNotice(failed, step.entry.roomKey);
    notice(h, step, key, vars, facilitators, locale);
    return;
  }
  if (failed.sessionId === undefined) return;
  const ended = await h.o.store.findSession(failed.sessionId);
  if (ended === undefined || ended.roomKey !== step.entry.roomKey) return;
  const rc = roomConfig(h.o.config, step.entry.roomKey);
  const userIds = [...new Set([...rc.facilitators, ...ended.meta.facilitators])];
  if (userIds.length === 0) userIds.push(...defaultFacilitators(h, step));
  const participants = participantMap(await h.o.store.participants(ended.id));
  const [key, vars] = failureNotice(failed, step.entry.roomKey);
  notice(h, step, key, vars, { to: "facilitators", userIds }, ended.locale, {
    flow: ended.spec as FlowSpec,
    participants,
  });
}

/**
 * Delivers the floor the session's state implies (after a restore): a crash may have left the
 * platform's restriction behind the state (a floor half-applied, or never lifted). Under a
 * fallback to soft turn-taking that means opening the room.
 */
export function reconcileFloor(h: HostContext, step: Step, session: LiveSession): void {
  const status = session.stepper.status();
  const holders = status.enforcement === "strict" ? status.floor : "everyone";
  const ctx = renderContext(h, step, session);
  // Rendered as strict even after a fallback to soft, so that a restriction left behind is lifted.
  const strict = { ...ctx, flow: { ...session.spec, turnEnforcement: "strict" as const } };
  step.drafts.push(...renderEffect({ type: "floor", holders }, strict));
}
