// The leak oracle's checks. Each reads one run (every delivery as a reader sees it, who did what,
// who was present, the report) and returns the links it finds between a person and what the flow
// promised to keep from the room. Matching is on rendered text, by distinctive names, user ids,
// participant ids and per-act tokens, so a hit is never a coincidence.
import { catalogues } from "../../src/bot/i18n/index.ts";
import { pickText } from "../../src/bot/render.ts";
import {
  cast,
  minGroupSize,
  privateChoices,
  purposeOf,
  type Act,
  type Person,
  type Presence,
  type Purpose,
  type RunRecord,
  type Seen,
  type StepRecord,
} from "./world.ts";

export interface Finding {
  readonly check: string;
  readonly key: string;
  readonly step: number;
  readonly why: string;
  /** The leaking text as a reader sees it. */
  readonly text: string;
}

export interface Check {
  readonly name: string;
  run(r: RunRecord): Finding[];
}

// --- matching --------------------------------------------------------------------------------

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, "iu");

/** Everything that identifies a person in text: display name, platform user id, participant ids. */
function identity(r: RunRecord, p: Person): RegExp[] {
  return [p.name, p.userId, ...(r.participantIds.get(p.key) ?? [])].map(word);
}

/** People who took part at some point in the run. */
function takingPart(r: RunRecord): Person[] {
  return cast.filter((p) => r.participantIds.has(p.key) || r.groupOf.has(p.key));
}

function named(r: RunRecord, text: string, people: readonly Person[] = takingPart(r)): Person[] {
  return people.filter((p) => identity(r, p).some((re) => re.test(text)));
}

const hasToken = (text: string, a: Act) => a.token !== undefined && text.includes(a.token);

/** Room-visible text: messages, questions, timers and the pinned summary (floor is separate). */
function roomTexts(r: RunRecord): Seen[] {
  return r.steps.flatMap((s) =>
    s.seen.filter((x) => x.delivery.audience.to === "room" && x.delivery.kind !== "floor"),
  );
}

/** The summary and the report: what outlives the workshop. */
function records(r: RunRecord): { step: number; text: string; what: string }[] {
  const last = r.steps.length;
  const pins = r.steps.flatMap((s) =>
    s.seen
      .filter((x) => x.delivery.kind === "pin")
      .map((x) => ({ step: x.step, text: x.text, what: "pinned summary" })),
  );
  return r.report === null ? pins : [...pins, { step: last, text: r.report, what: "report (parley report)" }];
}

function finding(check: string, r: RunRecord, step: number, why: string, text: string): Finding {
  return { check, key: r.key, step, why, text };
}

const isAnonymous = (r: RunRecord) => r.spec.confidentiality === "anonymous";
const keepsAuthorsBack = (r: RunRecord) => r.spec.confidentiality !== "open";

/** Contributions the bot presents on someone's behalf: their author must not travel with them. */
function onBehalf(r: RunRecord, a: Act): boolean {
  if (!a.private || a.token === undefined) return false;
  const always: Purpose[] = ["need", "idea", "rule", "amendment", "survey-text", "private"];
  return always.includes(a.purpose) || (isAnonymous(r) && (a.purpose === "turn" || a.purpose === "reflect"));
}

/** Answers nobody else may ever read: survey texts, time-out reasons, flags and help requests. */
const neverShown = (a: Act) =>
  a.token !== undefined &&
  (a.purpose === "survey-text" || a.purpose === "timeout" || a.purpose === "flag" || a.purpose === "help");

/** Room deliveries that show one of these acts' texts together with the one who wrote it. */
function shownWithAuthor(check: string, r: RunRecord, which: (a: Act) => boolean): Finding[] {
  const acts = r.acts.filter(which);
  return roomTexts(r).flatMap((s) =>
    acts
      .filter((a) => hasToken(s.text, a) && named(r, s.text, [a.by]).length > 0)
      .map((a) =>
        finding(
          check,
          r,
          s.step,
          `the ${a.purpose} ${a.token ?? ""} is shown with its author ${a.by.name}`,
          s.text,
        ),
      ),
  );
}

// --- the checks ------------------------------------------------------------------------------

export const checks: readonly Check[] = [
  {
    name: "anonymous: no facilitators' delivery (review, notices) ties a contribution to its author",
    run(r) {
      if (!isAnonymous(r)) return [];
      const acts = r.acts.filter((a) => onBehalf(r, a));
      return r.steps.flatMap((st) =>
        st.seen
          .filter((s) => s.delivery.audience.to === "facilitators")
          .flatMap((s) =>
            acts
              .filter((a) => hasToken(s.text, a) && named(r, s.text, [a.by]).length > 0)
              .map((a) =>
                finding(
                  this.name,
                  r,
                  s.step,
                  `the facilitators see ${a.token ?? ""} with ${a.by.name}`,
                  s.text,
                ),
              ),
          ),
      );
    },
  },
  {
    name: "review: a hidden contribution is in neither the summary nor the report",
    run(r) {
      return records(r).flatMap((rec) =>
        r.hidden
          .filter((t) => rec.text.includes(t))
          .map((t) => finding(this.name, r, rec.step, `the hidden ${t} is in the ${rec.what}`, rec.text)),
      );
    },
  },
  {
    name: "anonymous: no room delivery names a participant (nor, on joining or leaving, their group)",
    run(r) {
      if (!isAnonymous(r)) return [];
      const out = roomTexts(r).flatMap((s) =>
        named(r, s.text).map((p) =>
          finding(this.name, r, s.step, `${s.delivery.kind} to the room names ${p.name}`, s.text),
        ),
      );
      const groups = (r.spec.groups ?? []).map((g) => ({
        id: g.id,
        re: word(pickText(g.name, "en", r.spec)),
      }));
      for (const st of r.steps.filter((x) => / (joins|leaves)\b/.test(x.action)))
        // Only the posts: a leave may also end the workshop, and the summary is checked on its own.
        for (const s of st.seen.filter((x) => x.delivery.audience.to === "room" && x.delivery.kind === "say"))
          for (const g of groups.filter((x) => x.re.test(s.text)))
            out.push(finding(this.name, r, s.step, `a join or leave post names the group ${g.id}`, s.text));
      return out;
    },
  },
  {
    name: "anonymous: no floor delivery names a participant",
    run(r) {
      if (!isAnonymous(r)) return [];
      return r.steps.flatMap((st) =>
        st.seen
          .filter((s) => s.delivery.kind === "floor")
          .flatMap((s) =>
            named(r, s.text).map((p) =>
              finding(
                this.name,
                r,
                s.step,
                `the floor (overwrite / power level) is given to ${p.name}`,
                s.text,
              ),
            ),
          ),
      );
    },
  },
  {
    name: "anonymous: no private delivery names another participant",
    run(r) {
      if (!isAnonymous(r)) return [];
      return r.steps.flatMap((st) =>
        st.seen.flatMap((s) => {
          const a = s.delivery.audience;
          // The safeguarding lead is told who asked for help or a time-out (the safeguarding check
          // below keeps flaggers unnamed to them).
          if (a.to !== "user" || r.facilitators.includes(a.userId) || a.userId === r.lead) return [];
          const others = takingPart(r).filter((p) => p.userId !== a.userId);
          return named(r, s.text, others).map((p) =>
            finding(this.name, r, s.step, `a private delivery to ${a.userId} names ${p.name}`, s.text),
          );
        }),
      );
    },
  },
  {
    name: "chatham-house/anonymous: nothing presented on someone's behalf carries its author",
    run(r) {
      if (!keepsAuthorsBack(r)) return [];
      const out: Finding[] = [];
      out.push(...shownWithAuthor(this.name, r, (a) => onBehalf(r, a)));
      for (const rec of records(r)) {
        for (const p of named(r, rec.text))
          out.push(finding(this.name, r, rec.step, `the ${rec.what} names ${p.name}`, rec.text));
      }
      return out;
    },
  },
  {
    name: "chatham-house/anonymous: no group-level figure or list while a group is below the minimum size",
    run(r) {
      const min = minGroupSize(r.spec);
      const groups = r.spec.groups ?? [];
      if (min === null || groups.length === 0) return [];
      const groupWords = groups.map((g) => ({ id: g.id, re: word(pickText(g.name, "en", r.spec)) }));
      const smallest = (p: Presence[]) => {
        const sizes = new Map<string, number>();
        for (const presence of p) for (const [, g] of presence.members) if (g !== null) sizes.set(g, 0);
        for (const g of sizes.keys()) {
          sizes.set(g, Math.max(...p.map((x) => [...x.members.values()].filter((y) => y === g).length)));
        }
        return sizes.size === 0 ? Infinity : Math.min(...sizes.values());
      };
      const groupLevel = (text: string): string | null => {
        if (/^Welcome to /.test(text)) return null;
        // Presence posts outside anonymous say who joined and from where, by design.
        if (!isAnonymous(r) && /\b(has joined|has left)\b/.test(text)) return null;
        const g = groupWords.find((x) => x.re.test(text));
        if (g !== undefined) return `names the group ${g.id}`;
        // Line by line: a report's heading "…across groups" and a pooled airtime share on another
        // line are not a vote share.
        if (text.split("\n").some((l) => /across groups/i.test(l) && /\d\s?%/.test(l)))
          return "shows a per-group vote share";
        return null;
      };
      const out: Finding[] = [];
      const byStep = new Map(r.steps.map((s) => [s.n, s]));
      // Posts as they come (the pinned summary is read below, as the session ended).
      for (const s of roomTexts(r).filter((x) => x.delivery.kind !== "pin")) {
        const st = byStep.get(s.step) as StepRecord;
        const size = smallest([st.before, st.after]);
        const why = size < min ? groupLevel(s.text) : null;
        if (why !== null)
          out.push(
            finding(
              this.name,
              r,
              s.step,
              `a group has ${String(size)} member(s) (minimum ${String(min)}); the room delivery ${why}`,
              s.text,
            ),
          );
      }
      // The record covers the session as it ended.
      const endPresence = [...r.steps].reverse().find((s) => s.before.members.size > 0)?.before;
      const size = endPresence === undefined ? Infinity : smallest([endPresence]);
      if (size < min)
        for (const rec of records(r)) {
          const why = groupLevel(rec.text);
          if (why !== null)
            out.push(
              finding(
                this.name,
                r,
                rec.step,
                `a group has ${String(size)} member(s) (minimum ${String(min)}); the ${rec.what} ${why}`,
                rec.text,
              ),
            );
        }
      return out;
    },
  },
  {
    name: "every mode: private acts never appear in a room delivery attributed to anyone",
    run(r) {
      const out: Finding[] = [];
      const hidden = r.acts.filter(neverShown);
      for (const s of [...roomTexts(r), ...records(r).filter((x) => x.what === "pinned summary")]) {
        for (const a of hidden)
          if (hasToken(s.text, a))
            out.push(
              finding(
                this.name,
                r,
                s.step,
                `the ${a.purpose} of ${a.by.name} (${a.token ?? ""}) is shown in the room`,
                s.text,
              ),
            );
      }
      // In the step of a private act, nothing in the room names the one who acted (outside
      // anonymous, the room may name the speaker who now holds the floor).
      for (const st of r.steps) {
        const a = st.act;
        if (a === null || !a.private || !(privateChoices.has(a.purpose) || neverShown(a))) continue;
        for (const s of st.seen) {
          if (s.delivery.audience.to !== "room" || s.delivery.kind === "floor") continue;
          if (!isAnonymous(r) && st.after.floor.includes(a.by.key)) continue;
          if (named(r, s.text, [a.by]).length > 0)
            out.push(
              finding(
                this.name,
                r,
                s.step,
                `right after ${a.by.name}'s private ${a.purpose}, the room is told their name`,
                s.text,
              ),
            );
        }
      }
      // Open workshops keep names, but needs and ideas are still shown without them.
      if (!keepsAuthorsBack(r))
        out.push(
          ...shownWithAuthor(
            this.name,
            r,
            (a) => a.private && (a.purpose === "need" || a.purpose === "idea"),
          ),
        );
      return out;
    },
  },
  {
    name: "every mode: a facilitator's private reply is read by its participant only, and kept in no record",
    run(r) {
      const replies = r.acts.filter((a) => a.purpose === "reply" && a.token !== undefined);
      const out: Finding[] = [];
      for (const st of r.steps)
        for (const s of st.seen)
          for (const a of replies.filter((x) => hasToken(s.text, x))) {
            const to = s.delivery.audience;
            if (to.to === "user" && to.userId === a.by.userId) continue;
            const where =
              to.to === "user" ? `a private delivery to ${to.userId}` : `a delivery to the ${to.to}`;
            out.push(
              finding(
                this.name,
                r,
                s.step,
                `the reply ${a.token ?? ""} to ${a.by.name} reaches ${where}`,
                s.text,
              ),
            );
          }
      for (const rec of records(r))
        for (const a of replies.filter((x) => hasToken(rec.text, x)))
          out.push(
            finding(this.name, r, rec.step, `the ${rec.what} keeps the reply ${a.token ?? ""}`, rec.text),
          );
      return out;
    },
  },
  {
    name: "every mode: a private delivery never carries another participant's private answer",
    run(r) {
      const hidden = r.acts.filter(neverShown);
      return r.steps.flatMap((st) =>
        st.seen.flatMap((s) => {
          const a = s.delivery.audience;
          if (a.to !== "user" || r.facilitators.includes(a.userId)) return [];
          const out = hidden
            // A help request's words go to the lead too (and only there: the safeguarding check).
            .filter((x) => !(a.userId === r.lead && x.purpose === "help"))
            .filter((x) => x.by.userId !== a.userId && hasToken(s.text, x))
            .map((x) =>
              finding(
                this.name,
                r,
                s.step,
                `${a.userId} is sent ${x.by.name}'s ${x.purpose} (${x.token ?? ""})`,
                s.text,
              ),
            );
          // A choice has no text: what would leak it is a message, caused by it, naming the chooser.
          const act = st.act;
          if (act !== null && act.private && privateChoices.has(act.purpose) && act.by.userId !== a.userId)
            for (const p of named(r, s.text, [act.by]))
              out.push(
                finding(
                  this.name,
                  r,
                  s.step,
                  `right after ${p.name}'s ${act.purpose}, ${a.userId} is told their name`,
                  s.text,
                ),
              );
          return out;
        }),
      );
    },
  },
  {
    name: "chatham-house/anonymous: survey results in the summary and report are aggregates only",
    run(r) {
      if (!keepsAuthorsBack(r)) return [];
      // A scale answer as the record keeps it, one per respondent: survey:<stage>:<question>=<n>.
      // (Free-text answers cannot be aggregated; that they carry no author is checked above.)
      const single = /survey:[a-z0-9-]+:[a-z0-9-]+=\d+\b/;
      return records(r).flatMap((rec) => {
        const line = rec.text.split("\n").find((l) => single.test(l));
        return line === undefined
          ? []
          : [
              finding(
                this.name,
                r,
                rec.step,
                `the ${rec.what} lists one respondent's answer: ${line.trim()}`,
                rec.text,
              ),
            ];
      });
    },
  },
  {
    name: "every mode: private deliveries reach only the intended user",
    run(r) {
      const out: Finding[] = [];
      const known = new Set(cast.map((p) => p.userId));
      for (const st of r.steps) {
        const allowed = new Set<string>([
          ...r.facilitators,
          // The safeguarding lead hears of help requests, escalations and automatic pauses.
          r.lead,
          ...[...st.before.members.keys(), ...st.after.members.keys()].map(
            (k) => cast.find((p) => p.key === k)?.userId ?? "",
          ),
          ...(st.actor === null ? [] : [st.actor.userId]),
          ...st.forgotten.map((p) => p.userId),
        ]);
        for (const s of st.seen) {
          const a = s.delivery.audience;
          if (a.to === "facilitators") {
            for (const id of a.userIds.filter((u) => !r.facilitators.includes(u)))
              out.push(finding(this.name, r, s.step, `a facilitators' delivery also goes to ${id}`, s.text));
          } else if (a.to === "user" && !allowed.has(a.userId)) {
            const who = known.has(a.userId) ? "someone not taking part" : "an unknown user";
            out.push(
              finding(this.name, r, s.step, `a private delivery goes to ${a.userId} (${who})`, s.text),
            );
          } else if (
            a.to === "user" &&
            s.delivery.kind === "say" &&
            st.act !== null &&
            st.act.private &&
            a.userId !== st.act.by.userId &&
            !r.facilitators.includes(a.userId) &&
            !(a.userId === r.lead && st.act.purpose === "help") &&
            !authorsNote(s.text)
          ) {
            // What answers a private act (received, recorded, thank you) is for the one who acted;
            // a new question to someone else (their turn, felt heard?) is an ask or collect.
            out.push(
              finding(
                this.name,
                r,
                s.step,
                `the answer to ${st.act.by.name}'s ${st.act.purpose} goes to ${a.userId}`,
                s.text,
              ),
            );
          }
        }
      }
      return out;
    },
  },
  {
    name: "safeguarding: flags and help requests reach only the facilitators and the lead; a flagger is named only by choice",
    run(r) {
      const out: Finding[] = [];
      const flaggers = r.acts.filter((a) => a.purpose === "flag" && a.named !== true).map((a) => a.by);
      for (const st of r.steps) {
        const a = st.act;
        for (const s of st.seen) {
          const to = s.delivery.audience;
          const staff = to.to === "facilitators" || (to.to === "user" && to.userId === r.lead);
          // What a flag or help request says goes to the facilitators and the lead only.
          for (const x of r.acts.filter(
            (y) => (y.purpose === "flag" || y.purpose === "help") && hasToken(s.text, y),
          ))
            if (!staff)
              out.push(
                finding(
                  this.name,
                  r,
                  s.step,
                  `the ${x.purpose} of ${x.by.name} reaches ${to.to === "user" ? to.userId : to.to}`,
                  s.text,
                ),
              );
          // Whoever flagged without --name is named to nobody in that step (the room, the
          // facilitators, the lead), except in answers to themselves.
          if (a?.purpose === "flag" && a.named !== true && !(to.to === "user" && to.userId === a.by.userId))
            if (named(r, s.text, [a.by]).length > 0)
              out.push(finding(this.name, r, s.step, `${a.by.name}'s flag names them`, s.text));
          // An escalated flag tells the lead nothing about who flagged.
          if (to.to === "user" && to.userId === r.lead && /\(a flag\)/.test(s.text))
            for (const p of named(r, s.text, flaggers))
              out.push(
                finding(this.name, r, s.step, `an escalated flag names ${p.name} to the lead`, s.text),
              );
        }
      }
      return out;
    },
  },
  {
    name: "platforms without buttons: no private answer is asked for in the room",
    run(r) {
      if (r.scenario.buttons) return [];
      return roomTexts(r)
        .filter((s) => s.delivery.kind === "ask")
        .flatMap((s) => {
          if (s.delivery.kind !== "ask") return [];
          const purpose = purposeOf(s.delivery.promptId, "ask");
          return privateChoices.has(purpose)
            ? [
                finding(
                  this.name,
                  r,
                  s.step,
                  `a ${purpose} question is put to the room, to be answered where everyone sees`,
                  s.text,
                ),
              ]
            : [];
        });
    },
  },
  {
    name: "forget-me: nothing of a forgotten participant appears afterwards",
    run(r) {
      const out: Finding[] = [];
      for (const st of r.steps)
        for (const person of st.forgotten) {
          const idsThen = new Set([
            ...(st.before.ids.get(person.key) ?? []),
            ...(st.after.ids.get(person.key) ?? []),
          ]);
          // Joining again after forget-me makes a new participant, who may be named as anyone is.
          const rejoined =
            r.steps.find(
              (later) =>
                later.n > st.n && (later.after.ids.get(person.key) ?? []).some((id) => !idsThen.has(id)),
            )?.n ?? Infinity;
          const before = r.acts.filter(
            (a) => a.by.key === person.key && a.step < st.n && a.token !== undefined,
          );
          const unasked = r.acts.filter(
            (a) =>
              a.by.key === person.key &&
              a.step > st.n &&
              a.step < rejoined &&
              a.private &&
              a.token !== undefined,
          );
          for (const later of r.steps.filter((x) => x.n > st.n))
            for (const s of later.seen) {
              if (s.delivery.audience.to !== "room") continue;
              for (const a of before)
                if (hasToken(s.text, a))
                  out.push(
                    finding(
                      this.name,
                      r,
                      s.step,
                      `${person.name}'s ${a.purpose} (${a.token ?? ""}) is shown after forget-me`,
                      s.text,
                    ),
                  );
              if (later.n < rejoined && named(r, s.text, [person]).length > 0)
                out.push(
                  finding(this.name, r, s.step, `${person.name} is still named after forget-me`, s.text),
                );
            }
          for (const rec of records(r).filter((x) => x.what !== "pinned summary")) {
            for (const a of [...before, ...unasked])
              if (hasToken(rec.text, a))
                out.push(
                  finding(
                    this.name,
                    r,
                    rec.step,
                    `${person.name}'s ${a.purpose} (${a.token ?? ""}) is in the ${rec.what} after forget-me`,
                    rec.text,
                  ),
                );
            if (rejoined === Infinity && named(r, rec.text, [person]).length > 0)
              out.push(
                finding(
                  this.name,
                  r,
                  rec.step,
                  `${person.name} is named in the ${rec.what} after forget-me`,
                  rec.text,
                ),
              );
          }
        }
      return out;
    },
  },
];

/** The path that led to a step, one action a line (for a failure message). */
export function pathTo(r: RunRecord, step: number): string {
  return r.steps
    .filter((s) => s.n <= step)
    .map((s) => `  ${String(s.n).padStart(3)}. ${s.action}`)
    .join("\n");
}

/**
 * The private note to the author of a held contribution that was not shown (safeguarding review):
 * an act that ends its stage (the last consent, say) lets it lapse, and the note goes to its author.
 * It names nobody and says nothing of the act, so it is not an answer to the actor.
 */
function authorsNote(text: string): boolean {
  return Object.values(catalogues).some((c) => text === c["review.notShown"]);
}
