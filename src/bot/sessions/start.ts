// Starting a session: the flow named (by id from a chat room, or a path at the operator's
// keyboard), the refusals when it cannot be used, and the new session's record and workshop.
import { turnEnforcementsOf } from "../../flows/spec.ts";
import { start as startWorkshop } from "../../flows/stepper.ts";
import type { Command } from "../commands.ts";
import type { Sender } from "../ports.ts";
import { emptyMeta, type SessionRecord } from "../store.ts";
import { sessionIdFor, Step, type HostContext, type LiveSession } from "./live.ts";
import { notice, roomLocale, senderLocale, toUser } from "./notices.ts";
import { send, took } from "./step.ts";

/** `start`: opens the lobby's first stage, or creates the session (a replacement step); refusals otherwise. */
export async function start(
  h: HostContext,
  step: Step,
  command: Extract<Command, { name: "start" }>,
  sender: Sender,
  at: number,
): Promise<Step | null> {
  const { flow: flowName, mode } = command;
  if (step.session !== null) {
    const running = step.session.spec.turnEnforcement;
    if ((flowName === null || flowName === step.session.record.flowId) && mode !== null && mode !== running) {
      // The turn-taking is chosen when the workshop opens; the lobby has already opened it.
      notice(
        h,
        step,
        "session.turnTakingSet",
        { mode: running },
        toUser(sender),
        senderLocale(h, step, sender),
      );
    } else if (flowName === null || flowName === step.session.record.flowId) {
      // `start` in the lobby opens the first stage.
      send(h, step, step.session, { type: "control", action: "start", by: sender.userId, at });
    } else {
      notice(
        h,
        step,
        "session.alreadyRunning",
        { flow: step.session.record.flowId },
        toUser(sender),
        senderLocale(h, step, sender),
      );
    }
    return null;
  }
  const name = flowName ?? h.o.defaultFlow ?? null;
  if (name === null) {
    notice(
      h,
      step,
      "command.badArguments",
      { command: "start" },
      toUser(sender),
      senderLocale(h, step, sender),
    );
    return null;
  }
  const paths = h.o.flowPaths(step.platform);
  const loaded = await h.o.flows.load(name, { paths });
  if (!loaded.ok) {
    const locale = senderLocale(h, step, sender);
    const { problem, errors: found } = loaded.error;
    if (paths) {
      // The operator at the keyboard: the full errors, as `parley flows validate` prints them.
      const errors = found.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`);
      notice(h, step, "flow.invalid", { flow: name, errors: { list: errors } }, toUser(sender), locale);
      return null;
    }
    // A chat room: never the file's content, values or field names, nor whether a path exists.
    const flows = { list: (await h.o.flows.list()).map((f) => f.id) };
    if (problem === "path_refused") notice(h, step, "flow.idsOnly", { flows }, toUser(sender), locale);
    else if (problem === "not_found")
      notice(h, step, "flow.unknown", { flow: name, flows }, toUser(sender), locale);
    else notice(h, step, "flow.unusable", { flow: name, problems: found.length }, toUser(sender), locale);
    return null;
  }
  const offered = turnEnforcementsOf(loaded.value.spec);
  if (mode !== null && !offered.includes(mode)) {
    notice(
      h,
      step,
      "flow.turnTakingFixed",
      { flow: loaded.value.spec.id, mode, allowed: loaded.value.spec.turnEnforcement },
      toUser(sender),
      senderLocale(h, step, sender),
    );
    return null;
  }
  // The session keeps the flow as it runs: the chosen turn-taking is its own from now on (restarts too).
  const spec = mode === null ? loaded.value.spec : { ...loaded.value.spec, turnEnforcement: mode };
  const id = sessionIdFor(step.entry.roomKey, step.entry.eventId);
  const seed = h.nextSeed();
  const now = h.o.now();
  const record: SessionRecord = {
    id,
    roomKey: step.entry.roomKey,
    flowId: spec.id,
    spec,
    seed,
    locale: roomLocale(h, step),
    snapshot: null,
    meta: {
      ...emptyMeta,
      facilitators: [sender.userId],
      facilitatorNames: { [sender.userId]: sender.displayName },
    },
    seq: 0,
    status: "live",
    createdAt: now,
    updatedAt: now,
    endedAt: null,
  };
  const { stepper, started } = startWorkshop(spec, seed);
  const session: LiveSession = { record, spec, stepper, participants: [], failed: false, sinceFull: 0 };
  const created = new Step(step.entry, step.platform, step.roomId, session, true);
  created.drafts.push(...step.drafts);
  took(h, created, session, started);
  // The facilitator is told what happens next: the room is open for joining, not yet begun.
  notice(h, created, "session.opened", {}, toUser(sender), senderLocale(h, created, sender));
  return created;
}
