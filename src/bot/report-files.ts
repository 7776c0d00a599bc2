// The files of a `report` delivery, regenerated from the store when it is delivered (the outbox
// keeps no bytes): the same builders as `parley report`, so the flow's confidentiality applies
// identically. The report modules (charts, statistics) load on the first report asked for.
import { err, ok, type Result } from "../result.ts";
import type { Delivery, DeliveryFile, PlatformFailure } from "./ports.ts";
import type { Store } from "./store.ts";

type ReportDelivery = Extract<Delivery, { kind: "report" }>;
type FilesDelivery = Extract<Delivery, { kind: "files" }>;

/** The `files` delivery a `report` delivery becomes, or why it cannot be made. */
export async function reportFilesDelivery(
  store: Store,
  delivery: ReportDelivery,
): Promise<Result<FilesDelivery, PlatformFailure>> {
  // Files only ever go to facilitators: anything else is refused, never sent.
  if (delivery.audience.to !== "facilitators")
    return err({ code: "unsupported", message: "a report goes to the facilitators only" });
  const session = await store.findSession(delivery.sessionId);
  if (session === undefined)
    return err({ code: "not_found", message: `session ${delivery.sessionId} is no longer stored` });
  const { sessionReportFiles, reportMediaType } = await import("../report/session-files.ts");
  const files = await sessionReportFiles(session, delivery.format, delivery.locale);
  if (files === null) return err({ code: "not_found", message: "the session has not started yet" });
  const encoder = new TextEncoder();
  const out: DeliveryFile[] = [...files].map(([name, text]) => ({
    name,
    mediaType: reportMediaType(name),
    bytes: encoder.encode(text),
  }));
  const { sessionId: _s, format: _f, locale: _l, kind: _k, ...rest } = delivery;
  return ok({ ...rest, kind: "files", files: out });
}
