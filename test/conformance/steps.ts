// Workshop steps written once for every platform, on top of the driver: waiting for the room,
// consenting, playing a turn-taking stage the way its participants would.
import { catalogues } from "../../src/bot/i18n/index.ts";
import type { ConformanceDriver, Person, Prompt } from "./driver.ts";

const en = catalogues.en;

/**
 * What a scenario has already consumed of the room and of each person's prompts. A room text is
 * known by its content and which occurrence of that content it is, not by its position: a post the
 * bot takes back (hide) leaves the room's list, and every later text moves up one place.
 */
export class Progress {
  /** Text → the occurrences of it consumed (1 = its first appearance in the room). */
  readonly #consumedRoom = new Map<string, Set<number>>();
  readonly #usedPrompts = new Set<string>();
  readonly d: ConformanceDriver;

  constructor(d: ConformanceDriver) {
    this.d = d;
  }

  /** Waits for a room text matching `re` not consumed before, and consumes it. */
  async room(re: RegExp, what = String(re)): Promise<string> {
    const found = await this.d.until(
      () => this.newRoom().find((x) => re.test(x.text)),
      `the room to show ${what}`,
    );
    this.consumeRoom(found.index);
    return found.text;
  }

  /** Room texts not consumed yet, with their index, oldest first. */
  newRoom(): { index: number; text: string }[] {
    return this.#occurrences()
      .filter((x) => !(this.#consumedRoom.get(x.text)?.has(x.occurrence) ?? false))
      .map(({ index, text }) => ({ index, text }));
  }

  consumeRoom(index: number): void {
    const x = this.#occurrences()[index];
    if (x === undefined) return;
    const seen = this.#consumedRoom.get(x.text) ?? new Set<number>();
    seen.add(x.occurrence);
    this.#consumedRoom.set(x.text, seen);
  }

  #occurrences(): { index: number; text: string; occurrence: number }[] {
    const count = new Map<string, number>();
    return this.d.roomTexts().map((text, index) => {
      const occurrence = (count.get(text) ?? 0) + 1;
      count.set(text, occurrence);
      return { index, text, occurrence };
    });
  }

  /** Prompts shown to `who` and not consumed yet, oldest first. */
  newPrompts(who: Person): Prompt[] {
    return this.d.prompts(who).filter((p) => !this.#usedPrompts.has(`${who.key}|${p.id}`));
  }

  consumePrompt(who: Person, p: Prompt): void {
    this.#usedPrompts.add(`${who.key}|${p.id}`);
  }

  /** Waits for a new prompt to `who` whose text or options match `re`, and consumes it. */
  async prompt(who: Person, re: RegExp, what = `${String(re)} for ${who.name}`): Promise<Prompt> {
    const p = await this.d.until(
      () => this.newPrompts(who).find((x) => re.test(x.text) || x.options.some((o) => re.test(o))),
      what,
    );
    this.consumePrompt(who, p);
    return p;
  }

  /** The person a room text names ("It is zephyrine's turn"). */
  personIn(text: string): Person {
    const found = this.d.people.filter((p) => text.includes(p.name));
    if (found.length !== 1 || found[0] === undefined) throw new Error(`cannot tell who is meant: ${text}`);
    return found[0];
  }
}

/** The facilitator opens `flow`, everyone joins, and the facilitator starts the workshop. */
export async function openAndStart(w: Progress, flow: string, title: string): Promise<void> {
  await w.d.command("facilitator", "start", flow);
  await w.room(new RegExp(`^Welcome to ${title}`), "the welcome");
  for (const p of w.d.people) await w.d.join(p);
  await w.d.command("facilitator", "start");
  await w.room(new RegExp(`^The workshop has started: ${title}`));
}

/** Every participant agrees to the ground rules, wherever the platform asks them. */
export async function consentAll(w: Progress): Promise<void> {
  for (const p of w.d.people) {
    const consent = await w.prompt(p, new RegExp(`^${en["groundRules.consentYes"]}$`));
    await w.d.answer(p, consent, [en["groundRules.consentYes"]]);
  }
  await w.room(/Everyone has agreed to the ground rules/);
}

/** Someone whose name the room does not show (an anonymous speaker). */
export const anonymous: Person = { key: "?", name: "?", group: "group-a", identifiers: [] };

export interface TurnOptions {
  /** What a speaker says in the room. */
  readonly say?: (p: Person) => string;
  /** What a listener writes when asked to say back what they heard. */
  readonly reflect?: (p: Person) => string;
  /** This person passes their turn instead of speaking. */
  readonly pass?: Person;
}

/**
 * Plays one turn-taking stage the way its participants would, reacting to whatever the bot shows
 * until the room announces the next stage or the end: the speaker named in the room speaks in the
 * room and presses "I have finished" (or "Pass"); a reflect-back request is answered privately;
 * "Did you feel heard?" is answered yes, "Anything to add?" with "Nothing to add". Returns the
 * speakers in the order the room named them.
 */
export async function playTurnStage(w: Progress, opts: TurnOptions = {}): Promise<Person[]> {
  const { d } = w;
  const say = opts.say ?? ((p: Person) => `${p.name} speaks from experience.`);
  const reflect = opts.reflect ?? (() => "I heard that this matters a great deal.");
  const order: Person[] = [];
  for (;;) {
    // Prompts are taken before the room is read: a prompt of the next stage comes after that
    // stage's heading, so it is never answered as this stage's (a reflect-back request answered
    // with the previous stage's text once made the terminal run count 3 reflections of 4).
    const pending = d.people.map((person) => ({ person, prompts: w.newPrompts(person) }));
    for (const { index, text } of w.newRoom()) {
      if (/^Stage \d+ of \d+:|The workshop has ended/.test(text)) return order;
      w.consumeRoom(index);
      if (/turn\. Everyone else, please listen|^Next turn\. Everyone, please listen/.test(text))
        order.push(d.people.some((p) => text.includes(p.name)) ? w.personIn(text) : anonymous);
    }
    for (const { person, prompts } of pending) {
      for (const p of prompts) {
        w.consumePrompt(person, p);
        const has = (label: string): boolean => p.options.includes(label);
        if (has(en["perspective.done"])) {
          if (opts.pass?.key === person.key && has(en["perspective.pass"]))
            await d.answer(person, p, [en["perspective.pass"]]);
          else {
            await d.say(person, say(person));
            await d.answer(person, p, [en["perspective.done"]]);
          }
        } else if (has(en["perspective.feltHeardYes"])) {
          await d.answer(person, p, [en["perspective.feltHeardYes"]]);
        } else if (has(en["perspective.nothingToAdd"])) {
          // "Nothing to add", rather than waiting out the moment's time-box.
          await d.answer(person, p, [en["perspective.nothingToAdd"]]);
        } else if (p.write) {
          await d.write(person, p, reflect(person));
        }
      }
    }
    await d.until(
      () => w.newRoom().length > 0 || d.people.some((p) => w.newPrompts(p).length > 0),
      "something new in the turn stage",
    );
  }
}

/** Exactly `n` words, so a summary's word counts show whether a message was counted once. */
export function words(n: number, tag = "word"): string {
  return Array.from({ length: n }, (_, i) => `${tag}${i}`).join(" ");
}

export const groups = [
  { id: "group-a", name: { en: "Group A" } },
  { id: "group-b", name: { en: "Group B" } },
];

/** The private confirmation of joining, as a reader of `locale` gets it ("You have joined…"). */
export function joinedIn(locale = "en"): RegExp {
  const all: Readonly<Record<string, typeof en>> = catalogues;
  const text = (all[locale] ?? en)["join.confirmed"];
  return new RegExp(text.split("{")[0] ?? text);
}
