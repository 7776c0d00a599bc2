// Workshop steps shared by the end-to-end tests: joining, consenting, taking turns.
import { Perm, type FakeUser, type Json } from "../../support/fake-discord/index.ts";
import { content } from "../harness.ts";
import { label } from "../../../src/adapters/discord/labels.ts";
import { catalogues } from "../../../src/bot/i18n/index.ts";
import {
  buttonsOf,
  roomMessages,
  roomTexts,
  click,
  command,
  inboxRows,
  privateTo,
  speakerIn,
  type E2E,
} from "./driver.ts";

/** Every user runs `/parley join` (their role gives the group) and gets a private confirmation. */
export async function joinAll(e2e: E2E, users: readonly FakeUser[] = e2e.users): Promise<void> {
  for (const u of users) {
    await command(e2e, u, "join");
    await e2e.world.server.waitUntil(
      () => privateTo(e2e, u).some((m) => /joined|Te uniste/.test(content(m))),
      20_000,
      `${u.username}'s join confirmation`,
    );
  }
}

/** Every user presses "I agree" on the room's consent prompt. */
export async function consentAll(
  e2e: E2E,
  seen: Set<string>,
  users: readonly FakeUser[] = e2e.users,
): Promise<void> {
  const hasAgree = (m: Json): boolean => buttonsOf(m).some((b) => b["label"] === "I agree");
  const consent = await e2e.world.server.waitUntil(
    () =>
      e2e.world.server
        .botMessages(e2e.room)
        .filter((m) => !seen.has(String(m["id"])) && hasAgree(m))
        .at(-1),
    20_000,
    "the consent prompt",
  );
  const agree = buttonsOf(consent).find((b) => b["label"] === "I agree");
  for (const u of users) click(e2e, u, consent, agree);
}

/** Posts as `user` once Discord lets them (floor overwrites may still be in flight); waits until durable. */
export async function postDurably(e2e: E2E, user: FakeUser, text: string): Promise<Json> {
  const { server } = e2e.world;
  await server.waitUntil(
    () => server.can(user.id, e2e.room, Perm.SendMessages | Perm.ViewChannel),
    20_000,
    `${user.username} allowed to post`,
  );
  const m = server.post(user.id, e2e.room, text);
  await server.waitUntil(
    () => inboxRows(e2e).some((r) => r.event_id.endsWith(String(m["id"]))),
    20_000,
    "the message in the inbox",
  );
  return m;
}

const labelsFor = (
  key: "perspective.done" | "perspective.pass" | "perspective.feltHeardYes" | "perspective.nothingToAdd",
): string[] => (["en", "es"] as const).map((l) => catalogues[l][key]);
const shareLabels = (["en", "es"] as const).map((l) => label("write", l));
const hasLabel = (buttons: readonly Json[], labels: readonly string[]): Json | undefined =>
  buttons.find((b) => labels.includes(String(b["label"])));

export interface TurnOptions {
  /** This user passes their turn instead of speaking. */
  readonly pass?: FakeUser;
  /** What a speaker says in the room (or writes privately, in an anonymous flow). */
  readonly say?: (u: FakeUser) => string;
  /** Runs before the n-th speaker (0-based) speaks in the room, e.g. to disturb the connection. */
  readonly beforeSpeaking?: (speaker: FakeUser, n: number) => Promise<void> | void;
}

/**
 * Plays one turn-taking stage the way its users would, reacting to whatever the bot shows until
 * the room announces the next stage or the end: the speaker named in the room speaks (in the
 * room, or privately when asked through the "Write your answer" button) and presses "I have finished" (or
 * "Pass"); a reflect-back request is answered privately; "did you feel heard?" is answered yes, and
 * "anything to add?" with "Nothing to add".
 * Returns the speakers in the order the room named them.
 */
export async function playTurnStage(
  e2e: E2E,
  seen: Set<string>,
  used: Set<string>,
  opts: TurnOptions = {},
): Promise<FakeUser[]> {
  const { server } = e2e.world;
  const say = opts.say ?? ((u: FakeUser) => `${u.username} speaks from experience.`);
  const order: FakeUser[] = [];
  let spoken = 0;
  const key = (m: Json): string => `${String(m["channel_id"])}:${String(m["id"])}`;
  const newRoom = (): Json[] => roomMessages(e2e).filter((m) => !seen.has(String(m["id"])));
  const newPrivate = (): { user: FakeUser; message: Json }[] =>
    e2e.users.flatMap((user) =>
      privateTo(e2e, user)
        .filter((m) => !used.has(key(m)) && buttonsOf(m).length > 0)
        .map((message) => ({ user, message })),
    );
  for (;;) {
    for (const m of newRoom()) {
      const text = content(m);
      if (/^Stage \d+ of \d+:|The workshop has ended/.test(text)) return order;
      seen.add(String(m["id"]));
      if (/turn\. Everyone else, please listen|^Next turn\. Everyone, please listen/.test(text))
        order.push(
          e2e.users.some((u) => text.includes(u.username)) ? speakerIn(e2e, text) : anonymousSpeaker,
        );
    }
    for (const { user, message } of newPrivate()) {
      used.add(key(message));
      const buttons = buttonsOf(message);
      const done = hasLabel(buttons, labelsFor("perspective.done"));
      const pass = hasLabel(buttons, labelsFor("perspective.pass"));
      const heard = hasLabel(buttons, labelsFor("perspective.feltHeardYes"));
      const nothing = hasLabel(buttons, labelsFor("perspective.nothingToAdd"));
      const share = hasLabel(buttons, shareLabels);
      if (done !== undefined) {
        if (opts.pass?.id === user.id && pass !== undefined) click(e2e, user, message, pass);
        else {
          await opts.beforeSpeaking?.(user, spoken);
          spoken++;
          await postDurably(e2e, user, say(user));
          click(e2e, user, message, done);
        }
      } else if (heard !== undefined) {
        click(e2e, user, message, heard);
      } else if (nothing !== undefined) {
        // "Anything to add?": nothing, rather than waiting out the moment's time-box.
        click(e2e, user, message, nothing);
      } else if (share !== undefined) {
        await submitPrivately(e2e, user, message, share, say(user));
      }
    }
    await server.waitUntil(
      () => newRoom().length > 0 || newPrivate().length > 0,
      20_000,
      `something new in the turn stage\nroom:\n${roomTexts(e2e).join("\n")}`,
    );
  }
}

/** Someone whose name the room does not show (anonymous flows). */
export const anonymousSpeaker: FakeUser = {
  id: "?",
  username: "?",
  globalName: null,
  bot: false,
  locale: "en-US",
};

/**
 * The first room message not in `seen` with a "Write your answer" button (English), and the button:
 * a private input, or in an open workshop a proposal shown to the room.
 */
export async function writeButton(
  e2e: E2E,
  seen: ReadonlySet<string>,
  what: string,
): Promise<{ message: Json; button: Json }> {
  const { server } = e2e.world;
  const write = label("write", "en");
  const message = await server.waitUntil(
    () =>
      server
        .botMessages(e2e.room)
        .find((m) => !seen.has(String(m["id"])) && buttonsOf(m).some((b) => b["label"] === write)),
    20_000,
    what,
  );
  return { message, button: buttonsOf(message).find((b) => b["label"] === write) as Json };
}

/** Presses a "Write your answer" button, fills in the modal and waits until the submission is durable. */
export async function submitPrivately(
  e2e: E2E,
  user: FakeUser,
  message: Json,
  share: Json,
  text: string,
): Promise<void> {
  const { server } = e2e.world;
  const opened = click(e2e, user, message, share);
  await server.waitUntil(() => opened.modal, 10_000, "the modal");
  const submitted = server.submitModal(opened, { text });
  await server.waitUntil(
    () => inboxRows(e2e).some((r) => r.event_id.endsWith(submitted.id)),
    20_000,
    "the modal submission in the inbox",
  );
}
