// Fixtures several test files share, written once: the runtime tests' two participants and how
// their workshop opens, and the flow the safeguarding review cases run on every platform.
import type { RecordingPlatform } from "./recording-platform.ts";

/** Amal joins the south group herself and reads Arabic; Ben is north by his platform role. */
export const amal = { userId: "amal", displayName: "Amal", locale: "ar" };
export const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

/** A runtime under test (test/bot/runtime/harness.ts): its platform and a wait for quiet. */
interface Running {
  readonly platform: RecordingPlatform;
  settle(): Promise<void>;
}

/** The facilitator opens `flowFile`, Amal and Ben join, and the facilitator starts the first stage. */
export async function amalAndBenStart(h: Running, flowFile: string): Promise<void> {
  await h.platform.command("fac", "start", flowFile);
  await h.platform.command(amal, "join", "south");
  await h.platform.command(ben, "join");
  await h.settle();
  await h.platform.command("fac", "start");
  await h.settle();
}

/** An anonymous brainstorm whose ideas the facilitators review before the room sees them. */
export const reviewedIdeasFlow = {
  id: "reviewed-ideas",
  version: 1,
  title: { en: "Reviewed ideas" },
  description: { en: "Ideas screened by the facilitators." },
  defaultLocale: "en",
  groups: [
    { id: "group-a", name: { en: "Group A" } },
    { id: "group-b", name: { en: "Group B" } },
  ],
  confidentiality: "anonymous",
  minGroupSize: 1,
  stages: [
    {
      id: "ideas",
      kind: "brainstorm",
      title: { en: "Ideas" },
      review: "facilitators",
      prompt: { en: "What could we do together?" },
      divergeSeconds: 600,
      clusterSeconds: 0,
      voting: { method: "approval", seconds: 600 },
    },
  ],
};
