// The contract between workshop machines (src/flows) and the runtime (src/bot).
// Machines receive WorkshopEvents and emit FlowEffects; both are plain data so they can be
// persisted, replayed and compared. Nothing here knows about a platform, a clock or text.

/** A locale tag such as "en", "ar", "he", "es". */
export type Locale = string;

/** Facilitator-authored text, one string per locale; the flow's default locale is always present. */
export type LocalizedText = Readonly<Record<Locale, string>>;

export interface Participant {
  /** Stable runtime id (the runtime maps platform identities to it). */
  readonly id: string;
  readonly name: string;
  readonly locale: Locale;
  /** The community the participant comes from, one of the flow's group ids. */
  readonly group?: string;
}

/**
 * Every event carries `at`, the time (ms since the epoch) the runtime stamped when it accepted
 * the event. Machines never read a clock: `at` is their only source of time, which keeps replay
 * after a crash deterministic.
 */
interface Stamped {
  readonly at: number;
}

/** `skip`: the next speaker of a turn-taking stage (the stage itself goes on). */
export type ControlAction = "start" | "pause" | "resume" | "next" | "back" | "end" | "skip";

export type WorkshopEvent = Stamped &
  (
    | { readonly type: "participant.join"; readonly participant: Participant }
    | { readonly type: "participant.leave"; readonly participantId: string }
    /** A message posted in the room. */
    | {
        readonly type: "participant.say";
        readonly participantId: string;
        readonly text: string;
        /** Safeguarding screening held it: what the stage shows of it waits for a facilitator. */
        readonly hold?: boolean;
      }
    /** A button, select, reaction or numbered reply answering a prompt. */
    | {
        readonly type: "participant.choose";
        readonly participantId: string;
        readonly promptId: string;
        readonly value: string;
      }
    /** Input given privately (modal, direct room, console private line). */
    | {
        readonly type: "participant.submit";
        readonly participantId: string;
        readonly promptId: string;
        readonly text: string;
        /** Safeguarding screening held it: what the stage shows of it waits for a facilitator. */
        readonly hold?: boolean;
      }
    /** A participant's private request for a pause; reaches the facilitators only. */
    | { readonly type: "participant.timeout"; readonly participantId: string; readonly reason?: string }
    /** Removes the participant's contributions (after a facilitator confirmed the request). */
    | { readonly type: "participant.forget"; readonly participantId: string }
    /** `force`: `next` moves on at once, without the warning about missing consents. */
    | {
        readonly type: "control";
        readonly action: ControlAction;
        readonly by: string;
        readonly force?: boolean;
      }
    /** A raised (or lowered) hand in a discussion: the facilitators serve hands in order. */
    | { readonly type: "participant.hand"; readonly participantId: string; readonly raised: boolean }
    /** The discussion's queue of raised hands: shown to the facilitators, or its first given the floor. */
    | { readonly type: "control.queue"; readonly action: "show" | "next"; readonly by: string }
    /** A facilitator's private answer to one participant (a time-out, say); nobody else reads it. */
    | {
        readonly type: "control.reply";
        readonly participantId: string;
        readonly text: string;
        readonly by: string;
      }
    | { readonly type: "control.extend"; readonly minutes: number; readonly by: string }
    | { readonly type: "control.floor"; readonly participantId: string; readonly by: string }
    | { readonly type: "control.remove"; readonly participantId: string; readonly by: string }
    /**
     * The runtime could not enforce strict turn-taking on the platform (missing permission):
     * the workshop continues with soft enforcement (out-of-turn posts get a private reminder).
     */
    | { readonly type: "control.enforcement"; readonly mode: TurnEnforcement }
    /** Brainstorm clustering: merge ideas under a label. */
    | {
        readonly type: "control.cluster";
        readonly ideaIds: readonly string[];
        readonly label: string;
        readonly by: string;
      }
    /**
     * Safeguarding (issue 13): a facilitator approves a held contribution, or hides one (held or
     * already shown), by the reference number its posts carry (`#n`).
     */
    | {
        readonly type: "control.review";
        readonly action: "approve" | "hide";
        readonly ref: number;
        readonly by: string;
      }
    /** Safeguarding: a participant muted (or unmuted) for the rest of the current stage. */
    | {
        readonly type: "control.mute";
        readonly participantId: string;
        readonly muted: boolean;
        readonly by: string;
      }
    /**
     * Joint statement: a facilitator withdraws the consent of a group that asked them to, before
     * the stage ends (the group no longer consents to any sentence).
     */
    | { readonly type: "control.withdraw"; readonly group: string; readonly by: string }
    /**
     * The runtime's scheduler fires this when `at` reaches the deadline the snapshot exposes
     * (see `nextDeadline`). Machines must ignore a stale one (a deadline that moved).
     */
    | { readonly type: "timer.fired" }
  );

export type WorkshopEventType = WorkshopEvent["type"];

/** Who sees an effect. Private audiences never reach the room. */
export type Audience =
  | { readonly to: "room" }
  | { readonly to: "participant"; readonly participantId: string }
  | { readonly to: "facilitators" };

/**
 * Values interpolated into a catalogue message. A `participant` value is a reference the runtime
 * renders as a display name; a `userText` value is participant-written text the runtime
 * neutralises before echoing; `text` is flow-authored text rendered in the audience's locale.
 */
export type VarValue =
  | string
  | number
  | { readonly participant: string }
  | { readonly userText: string }
  | { readonly text: LocalizedText }
  | { readonly list: readonly VarValue[] };

export type Vars = Readonly<Record<string, VarValue>>;

export interface ChoiceOption {
  readonly value: string;
  /** Catalogue key for the option's label, or flow-authored text. */
  readonly label: { readonly key: MessageKey; readonly vars?: Vars } | { readonly text: LocalizedText };
}

export type FlowEffect =
  /** A message. */
  | {
      readonly type: "say";
      readonly key: MessageKey;
      readonly audience: Audience;
      readonly vars?: Vars;
      /**
       * The post shows a contribution on someone's behalf: its reference number (`#n`), which
       * facilitators use to hide it and which the runtime keeps with the platform's message ids.
       */
      readonly ref?: number;
      /**
       * Set by a stage on a post that shows a contribution (its id); the workshop replaces it with
       * `ref`, holds the post while the contribution is held, and drops it once hidden.
       */
      readonly contribution?: string;
      /**
       * Continues the message of the `say` just before it, to the same audience: shown as part of
       * that message rather than as a post of its own (each ground rule after their introduction).
       */
      readonly continues?: true;
    }
  /** Removes the room's posts of contribution `ref` (deleted, redacted, or marked hidden). */
  | { readonly type: "retract"; readonly ref: number }
  /** A question with choices (buttons, select, reactions, numbered replies). */
  | {
      readonly type: "prompt";
      readonly key: MessageKey;
      readonly audience: Audience;
      readonly promptId: string;
      readonly options: readonly ChoiceOption[];
      readonly vars?: Vars;
      /** At most this many choices per participant (dot voting); 1 when absent. */
      readonly maxChoices?: number;
      /**
       * A one-click form of a command people can also type (raise a hand): shown only where a room
       * question is answered privately in place (buttons), never sent to each participant.
       */
      readonly shortcut?: true;
      /**
       * A corrected version of the question already asked under this `promptId` (an option was
       * withdrawn): platforms that can edit the question already shown do, the others ask again.
       */
      readonly revises?: true;
    }
  /** Asks for private input (modal, direct room). */
  | {
      readonly type: "collect";
      readonly key: MessageKey;
      readonly audience: Audience;
      readonly promptId: string;
      readonly vars?: Vars;
    }
  /**
   * Who may speak. `null` holders: nobody holds the floor (open floor, soft enforcement).
   * The runtime turns this into permission overwrites / power levels under strict enforcement.
   */
  | { readonly type: "floor"; readonly holders: readonly string[] | "everyone" }
  /** The visible countdown of the current timer; `deadline` null clears it. */
  | { readonly type: "timer"; readonly deadline: number | null }
  /** The workshop's record, at the end (to pin and to report). */
  | { readonly type: "summary"; readonly record: WorkshopRecord }
  /**
   * A question has closed before its stage ended (an earlier consent question once a rule was
   * added): platforms that can disable its controls do; an answer to it is answered "closed".
   */
  | { readonly type: "close"; readonly promptId: string };

/** What a workshop produced; confidentiality is applied by the machine before it is emitted. */
export interface WorkshopRecord {
  readonly flowId: string;
  readonly confidentiality: Confidentiality;
  readonly stagesRun: readonly string[];
  /**
   * True when a group present during the session had fewer members than the flow's minimum group
   * size: every group-level figure is then pooled (one participation row with group null, no
   * per-group support, no recognised needs, contributions without a group). Absent in records
   * written before the field existed.
   */
  readonly pooled?: boolean;
  /** The minimum group size that applied (null: none). */
  readonly minGroupSize?: number | null;
  /** Survey answers as aggregates, never respondent by respondent. */
  readonly surveys?: readonly SurveyResult[];
  /** One row per group, or a single row with group null (no groups, or pooled). */
  readonly participation: readonly {
    readonly group: string | null;
    readonly participants: number;
    readonly turns: number;
    readonly words: number;
    readonly passes: number;
    /**
     * Active listening: reflections given back by the group's members, and their private "felt
     * heard" answers as counts only (yes / not quite). Absent in records written before.
     */
    readonly reflections?: number;
    readonly feltHeard?: number;
    readonly notQuite?: number;
    /** Seconds holding the floor in turns (from the floor given to the floor released). */
    readonly airtimeSeconds?: number;
  }[];
  /** Ideas ranked by cross-group support (best first). */
  readonly ideas: readonly RankedIdea[];
  /** Needs recognised by participants of at least one other group. */
  readonly recognisedNeeds: readonly {
    readonly text: string;
    readonly group: string | null;
    readonly recognisedByGroups: readonly string[];
  }[];
  /** Joint statements (one per joint-statement stage run to its consent round). */
  readonly statements?: readonly StatementRecord[];
  /** Contributions with their authors where confidentiality allows (`open`), else author null. */
  readonly contributions: readonly {
    readonly stageId: string;
    readonly kind: string;
    readonly text: string;
    readonly author: string | null;
    readonly group: string | null;
  }[];
}

/**
 * A joint statement's outcome. It names no participant: once consented, a sentence is the groups'
 * text (a participant's forget-me removes their amendments, never a consented sentence).
 */
export interface StatementRecord {
  readonly stageId: string;
  /** Every sentence consented to, in every language required, by every group present. */
  readonly passed: boolean;
  /** The most restrictive scope any group chose (the facilitators' proposal at most). */
  readonly scope: "room" | "communities" | "public";
  /** The languages each sentence had to be consented to in (those of the participants present). */
  readonly languages: readonly Locale[];
  readonly sentences: readonly {
    readonly number: number;
    /** Its versions in `languages`; empty unless consented (only consented text is kept). */
    readonly text: LocalizedText;
    readonly consented: boolean;
    /** Required languages the sentence had no version in (it cannot be consented to). */
    readonly missing: readonly Locale[];
    /** The brainstorm idea whose text it still holds (internal: the record leaves it out). */
    readonly source?: string;
  }[];
  /**
   * Each group with someone present: whether it consented to every sentence (passed or not, never
   * counts). `withdrawn`: a facilitator withdrew its consent at its request. Group null: no groups.
   */
  readonly groups: readonly {
    readonly group: string | null;
    readonly consented: boolean;
    readonly withdrawn: boolean;
  }[];
}

export interface RankedIdea {
  readonly id: string;
  readonly text: string;
  readonly cluster: string | null;
  /**
   * Minimum over groups of the share of that group's voters supporting the idea (0..1); null when
   * the record is pooled (a per-group figure would attribute a small group's ballots).
   */
  readonly crossGroupSupport: number | null;
  readonly totalSupport: number;
  /** Supporters per group; empty when pooled. */
  readonly supportByGroup: Readonly<Record<string, number>>;
  /** Texts of the ideas a facilitator folded into this one's cluster (not voted on themselves). */
  readonly folded?: readonly string[];
}

/** One survey question's answers, aggregated: counts per scale point, or free-text answers in a seeded order. */
export interface SurveyResult {
  readonly stageId: string;
  readonly questionId: string;
  readonly type: "likert" | "thermometer" | "choice" | "text";
  readonly respondents: number;
  /** Likert: how many chose each point ("1".."points"); choice: how many chose each option id. */
  readonly counts?: Readonly<Record<string, number>>;
  /** Thermometer: the mean answer (0..100). */
  readonly mean?: number;
  /** Free text: the answers, shuffled by the session's seed so answers to different questions cannot be lined up. */
  readonly answers?: readonly string[];
}

export type Confidentiality = "open" | "chatham-house" | "anonymous";
export type TurnEnforcement = "soft" | "strict";

/**
 * Every catalogue key a machine may emit. The runtime's catalogues are typed against this list,
 * so a key added here without a translation fails the type-check.
 */
export const messageKeys = [
  // workshop
  "workshop.welcome",
  "workshop.started",
  "workshop.paused",
  "workshop.resumed",
  "workshop.notWhilePaused",
  "workshop.ended",
  "workshop.stageOpens",
  "workshop.participantJoined",
  "workshop.participantLeft",
  "workshop.timeoutRequested",
  "workshop.timeoutAcknowledged",
  "workshop.extended",
  "workshop.notYourTurn",
  "workshop.heldAtConsent",
  "workshop.removed",
  // confidentiality (anonymity, small groups)
  "workshop.pooled",
  "workshop.floorNotAnonymous",
  // consent and turns (issue 12): refusals, moving on without everyone's consent, skip, hands, replies
  "groundRules.decisionNeeded",
  "groundRules.nextUnconfirmed",
  "groundRules.consentClosed",
  "perspective.skipped",
  "perspective.waitingForConsent",
  "workshop.skipNotHere",
  "discussion.handRaised",
  "discussion.handRaisedNotice",
  "discussion.handLowered",
  "discussion.noQueue",
  "discussion.queue",
  "discussion.floorTo",
  "discussion.yourFloor",
  "workshop.facilitatorReply",
  "workshop.replySent",
  "perspective.anonymousTurn",
  "perspective.anonymousContribution",
  "perspective.sendPrivately",
  "perspective.anonymousTimeUp",
  "perspective.anonymousWait",
  "needs.presentAll",
  "needs.recognitionSkipped",
  "brainstorm.rankedIdeaPooled",
  // ground rules
  "groundRules.intro",
  "groundRules.rule",
  "groundRules.consentPrompt",
  "groundRules.consentYes",
  "groundRules.consentNo",
  "groundRules.consented",
  "groundRules.allConsented",
  "groundRules.refused",
  "groundRules.noAnswer",
  "groundRules.awaitingDecision",
  "groundRules.proposeRule",
  "groundRules.proposedRule",
  // perspective sharing / reflection
  "perspective.intro",
  "perspective.yourTurn",
  "perspective.turnOf",
  "perspective.warning",
  "perspective.timeUp",
  "perspective.passed",
  "perspective.pass",
  "perspective.done",
  "perspective.contribution",
  "perspective.reflectBackPrompt",
  "perspective.feltHeardPrompt",
  "perspective.feltHeardYes",
  "perspective.feltHeardNo",
  "perspective.roundStarts",
  // active listening (issue 12)
  "perspective.reflecting",
  "perspective.anonymousReflecting",
  "perspective.notQuiteHeard",
  "perspective.addMoment",
  "perspective.addPrompt",
  "perspective.nothingToAdd",
  // needs
  "needs.intro",
  "needs.collect",
  "needs.received",
  "needs.presentGroup",
  "needs.item",
  "needs.recognisePrompt",
  "needs.recognised",
  // brainstorm
  "brainstorm.intro",
  "brainstorm.collect",
  "brainstorm.ideaReceived",
  "brainstorm.idea",
  "brainstorm.capReached",
  "brainstorm.clusterPhase",
  "brainstorm.clustered",
  "brainstorm.clusterRejected",
  "brainstorm.votePrompt",
  "brainstorm.voteRecorded",
  "brainstorm.voteRejected",
  "brainstorm.results",
  "brainstorm.rankedIdea",
  // discussion / survey / message / break
  "discussion.intro",
  // check-in (issue 12): a short round before the ground rules
  "checkIn.intro",
  "checkIn.done",
  "survey.intro",
  "survey.likert",
  "survey.text",
  "survey.answerRecorded",
  "survey.done",
  "message.text",
  "break.starts",
  "break.ends",
  "summary.title",
  // safeguarding: review and hiding, muting (issue 13)
  "review.held",
  "review.approveOption",
  "review.hideOption",
  "review.approved",
  "review.hidden",
  "review.unknown",
  "review.tooLate",
  "review.lapsed",
  "review.notShown",
  "mute.muted",
  "mute.unmuted",
  "mute.youAreMuted",
  "mute.youAreUnmuted",
  "mute.wait",
  // evaluation (issue 15): survey question types and consent to the evaluation
  "survey.choice",
  "survey.thermometer",
  "survey.thermometerInvalid",
  "evaluation.consentPrompt",
  "evaluation.consentYes",
  "evaluation.consentNo",
  "evaluation.consentRecorded",
  // joint statement (issue 16)
  "jointStatement.intro",
  "jointStatement.collect",
  "jointStatement.sentence",
  "jointStatement.empty",
  "jointStatement.amendmentReceived",
  "jointStatement.amendmentRefused",
  "jointStatement.reviewPhase",
  "jointStatement.amendment",
  "jointStatement.merged",
  "jointStatement.mergeRefused",
  "jointStatement.votePrompt",
  "jointStatement.yes",
  "jointStatement.no",
  "jointStatement.answerRecorded",
  "jointStatement.amendmentResult",
  "jointStatement.consentIntro",
  "jointStatement.missingVersion",
  "jointStatement.consentPrompt",
  "jointStatement.scopePrompt",
  "jointStatement.scope",
  "jointStatement.sentenceResult",
  "jointStatement.result",
  "jointStatement.closedPhase",
  "jointStatement.withdrawn",
  "jointStatement.withdrawRefused",
  "jointStatement.translatePrompt",
  "jointStatement.translated",
  // hand buttons in a discussion (issue 12)
  "discussion.handPrompt",
  "discussion.raiseHand",
  "discussion.lowerHand",
  // safeguarding (issue 13): a ballot corrected after an idea on it was hidden
  "brainstorm.ballotRevised",
] as const;

export type MessageKey = (typeof messageKeys)[number];
