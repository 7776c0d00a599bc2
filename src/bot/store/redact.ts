import type { InboxPayload } from "./types.ts";

export const forgottenText = "[forgotten]";

/** The inbox payload with the forgotten user's text removed (null: nothing to change). */
export function redactPayload(payload: InboxPayload, userId: string): InboxPayload | null {
  if (payload.source !== "platform") return null;
  const e = payload.event;
  if (e.sender.userId !== userId) return null;
  const sender = { userId: e.sender.userId, displayName: forgottenText };
  switch (e.kind) {
    case "message":
      return { ...payload, event: { ...e, sender, text: forgottenText } };
    case "private":
      return { ...payload, event: { ...e, sender, text: forgottenText } };
    case "command":
      return { ...payload, event: { ...e, sender, args: e.args.map(() => forgottenText) } };
    case "choice":
    case "join":
    case "leave":
      return { ...payload, event: { ...e, sender } };
  }
}
