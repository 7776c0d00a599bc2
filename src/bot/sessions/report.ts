// `report [html|csv|json|md]` (facilitators): the room's workshop report as files, privately to the
// facilitator who asked. The outbox keeps only which session and format (no bytes, no personal
// data at rest): the dispatcher regenerates the files from the store when it delivers them.
import type { FlowSpec } from "../../flows/spec.ts";
import type { ReportFileFormat, Sender } from "../ports.ts";
import type { HostContext, Step } from "./live.ts";
import { facilitatorLocale, notice, senderLocale, toUser } from "./notices.ts";

export async function reportCommand(
  h: HostContext,
  step: Step,
  format: ReportFileFormat,
  sender: Sender,
): Promise<void> {
  // The live session, or the room's newest one (a finished workshop's report is asked for after it).
  const record = step.session?.record ?? (await h.o.store.findSession(step.entry.roomKey));
  const locale = facilitatorLocale(step, sender.userId) ?? senderLocale(h, step, sender);
  if (record?.roomKey !== step.entry.roomKey) {
    notice(h, step, "report.nothing", {}, toUser(sender), locale);
    return;
  }
  const spec = record.spec as FlowSpec;
  const from = step.drafts.length;
  notice(
    h,
    step,
    "report.files",
    { flow: { text: spec.title }, session: record.id, format },
    { to: "facilitators", userIds: [sender.userId] },
    locale,
  );
  // The notice's text becomes the caption of the files; the report is written in its language.
  for (let i = from; i < step.drafts.length; i++) {
    const draft = step.drafts[i];
    if (draft?.kind !== "say") continue;
    const { closedPrompt: _c, contributionRef: _r, kind: _k, ...rest } = draft;
    step.drafts[i] = { ...rest, kind: "report", sessionId: record.id, format, locale };
  }
  // Exports are in the safeguarding audit trail (who asked, which format; no content).
  step.audit.push({
    at: h.o.now(),
    roomKey: step.entry.roomKey,
    sessionId: record.id,
    action: "export",
    actor: sender.userId,
    subject: `report (${format})`,
  });
}
