// A programme's messages to a room (issue 18): the facilitators told privately that a scheduled
// room opens soon, and the coordinators' broadcast. Either is one inbox entry, so it is sent once
// and in order with the room's other posts, whichever process appended it.
import type { InboxPayload } from "../store.ts";
import type { HostContext, Step } from "./live.ts";
import { facilitatorIds, notice, roomLocale } from "./notices.ts";

type ProgrammePayload = Extract<InboxPayload, { source: "programme" }>;

export function programmeMessage(h: HostContext, step: Step, payload: ProgrammePayload): void {
  const locale = roomLocale(h, step);
  if (payload.action === "opens-soon") {
    const userIds = facilitatorIds(h, step, step.session);
    // Nobody to tell privately: nothing goes to the room instead.
    if (userIds.length === 0) return;
    notice(
      h,
      step,
      "programme.opensSoon",
      { minutes: payload.minutes ?? 0, flow: payload.flow ?? "" },
      { to: "facilitators", userIds },
      locale,
    );
    return;
  }
  // The coordinators' text is neutralised like a participant's when it is rendered.
  notice(h, step, "programme.broadcast", { text: { userText: payload.text ?? "" } }, { to: "room" }, locale);
}
