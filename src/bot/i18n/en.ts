// English, the reference catalogue. Variables: {participant} a display name; {text}, {prompt},
// {title}, {stage}, {group}, {rule}, {question} flow-authored or participant text (rendered as
// separate segments); counts ({minutes}, {seconds}, {count}, {remaining}, {max}, {round}, {rounds},
// {number}) are numbers; {category} is needs|fears|hopes. A missing variable renders as "…".
import type { Catalogue } from "./keys.ts";

export const en: Catalogue = {
  "workshop.welcome":
    "Welcome to {title}. {hasDescription, select, none {} other {{description} }}To take part, type {cmd}join followed by your group{hasGroups, select, none {} other { ({groups})}}.",
  "workshop.started": "The workshop has started: {title}.",
  "workshop.paused": "The facilitator has paused the workshop. Please wait.",
  "workshop.notWhilePaused":
    "The workshop is paused, so this was not recorded. Please send it again when it resumes.",
  "workshop.resumed": "The workshop continues.",
  "workshop.ended": "The workshop has ended. Thank you all for taking part.",
  "workshop.stageOpens": "Stage {number} of {count}: {stage}",
  "workshop.participantJoined": "{participant} has joined{hasGroup, select, none {} other { ({group})}}.",
  "workshop.participantLeft": "{participant} has left.",
  "workshop.timeoutRequested":
    "{participant} asked for a time-out{hasReason, select, none {.} other {: {reason}}}",
  "workshop.timeoutAcknowledged": "Your request for a time-out reached the facilitators privately.",
  "workshop.extended": "The facilitator added {minutes, plural, one {# minute} other {# minutes}}.",
  "workshop.notYourTurn": "Please wait: it is {participant}'s turn to speak.",
  "workshop.heldAtConsent":
    "The workshop is waiting: {count, plural, one {# person has} other {# people have}} not agreed to the ground rules yet{hasParticipants, select, none {.} other {: {participants}.}}",
  "workshop.removed": "{participant} is no longer taking part.",
  "groundRules.intro":
    "Before we begin, please read our {count, plural, one {ground rule} other {# ground rules}}.",
  "groundRules.rule": "{number}. {rule}",
  "groundRules.consentPrompt": "Do you agree to follow these ground rules?",
  "groundRules.consentYes": "I agree",
  "groundRules.consentNo": "I do not agree",
  "groundRules.consented": "Thank you, {participant}: your agreement to the ground rules is recorded.",
  "groundRules.allConsented": "Everyone has agreed to the ground rules. Thank you.",
  "groundRules.refused": "{participant} did not agree to the ground rules. Please talk with them privately.",
  "groundRules.noAnswer":
    "{count, plural, one {# person has} other {# people have}} not answered the ground rules{hasParticipants, select, none {.} other {: {participants}.}}",
  "groundRules.awaitingDecision":
    "Thank you. A facilitator will talk with you before the workshop continues.",
  "groundRules.proposeRule":
    "Would you like to propose another ground rule? Write it here. {authors, select, kept {It is shown to everyone with your name.} other {It is shown to everyone without your name, and nobody, the facilitators included, is told who proposed it.}}",
  "groundRules.proposedRule":
    "{named, select, yes {Proposed ground rule from {participant}: {rule}} other {A new ground rule was proposed: {rule}}}",
  "perspective.intro":
    "Now each person shares their perspective in turn, {seconds, plural, one {# second} other {# seconds}} each. The question: {prompt}",
  "perspective.yourTurn":
    "It is your turn to share. You have {seconds, plural, one {# second} other {# seconds}}. {anonymous, select, yes {Write your turn here: Parley posts it in the room without your name, and nobody, the facilitators included, sees who wrote it.} other {Speak in the room; everyone there sees your name.}}",
  "perspective.turnOf": "It is {participant}'s turn. Everyone else, please listen.",
  "perspective.warning": "{seconds, plural, one {# second} other {# seconds}} left.",
  "perspective.timeUp": "Time is up for {participant}. Thank you.",
  "perspective.passed": "{participant} passed.",
  "perspective.pass": "Pass",
  "perspective.done": "I have finished",
  "perspective.contribution": "{participant}: {text}",
  "perspective.reflectBackPrompt":
    "{participant}, please say back in your own words what you heard {named, select, yes {{speaker}} other {the previous speaker}} say.{named, select, yes {} other { Parley posts it without your name.}}",
  "perspective.feltHeardPrompt": "Did you feel heard?",
  "perspective.feltHeardYes": "Yes, I felt heard",
  "perspective.feltHeardNo": "Not quite",
  "perspective.roundStarts": "Round {round} of {rounds}.",
  // active listening (issue 12): who reflects whom, "not quite" to facilitators, "anything to add?"
  "perspective.reflecting":
    "{participant} is now reflecting back what {speaker} said. Everyone, please listen.",
  "perspective.anonymousReflecting":
    "A listener is now reflecting back what the previous speaker said. It will appear here without a name.",
  "perspective.notQuiteHeard":
    "{named, select, yes {{speaker} did not quite feel heard by {participant}'s reflection.} other {A participant did not quite feel heard by a reflection.}} Only facilitators see this.",
  "perspective.addMoment":
    "The speaker who was reflected back may add something now, for up to {seconds, plural, one {# second} other {# seconds}}.{anonymous, select, yes { It will appear here without a name.} other {}}",
  "perspective.addPrompt":
    "Anything to add? You have {seconds, plural, one {# second} other {# seconds}}. Every speaker is asked this, whatever they answered before. {anonymous, select, yes {Write it here: Parley posts it in the room without your name.} other {Write it here or say it in the room; everyone there sees your name.}}",
  "perspective.nothingToAdd": "Nothing to add",
  "needs.intro":
    "Now we write down needs, fears and hopes, privately. {prompt} You have {minutes, plural, one {# minute} other {# minutes}}.",
  "needs.collect":
    "Write {category, select, needs {a need} fears {a fear} hopes {a hope} other {a need, fear or hope}} of your community. {grouping, select, none {} group {It is shown under your group's name. } pooled {It is shown together with everyone's, not by group. } other {It is shown under your group's name, or together with everyone's if a group is too small to stay anonymous. }}{authors, select, kept {Nobody in the room sees your name with it, but the facilitators' record keeps who wrote it.} other {Nobody, the facilitators included, sees who wrote it.}}",
  "needs.received": "Thank you, we received it.",
  "needs.presentGroup": "What {group} wrote:",
  "needs.item": "{category, select, needs {Need} fears {Fear} hopes {Hope} other {Item}}: {text}",
  "needs.recognisePrompt": "Which of the other group's needs do you recognise as real and important?",
  "needs.recognised":
    "{count, plural, one {Noted: you have recognised # need of the other groups.} other {Noted: you have recognised # needs of the other groups.}}",
  "brainstorm.intro":
    "Brainstorm: {prompt} Send your ideas privately, up to {max, plural, one {# idea} other {# ideas}} each, in {minutes, plural, one {# minute} other {# minutes}}.",
  "brainstorm.collect":
    "Write an idea. {authors, select, kept {It is shown to the room without your name; the facilitators' record keeps who wrote it.} other {It is shown to the room without your name, and nobody, the facilitators included, sees who wrote it.}}",
  "brainstorm.ideaReceived":
    "Idea received. {remaining, plural, =0 {You have no ideas left.} one {You can send # more.} other {You can send # more.}}",
  "brainstorm.idea": "#{number}: {text}",
  "brainstorm.capReached":
    "You have sent {max, plural, one {# idea} other {# ideas}}, the most this brainstorm allows.",
  "brainstorm.clusterPhase":
    "The facilitators are grouping similar ideas (cluster <ids> as <label>). Say next when done.",
  "brainstorm.clusterRejected":
    "Could not group {ideas}: use the numbers from the list of ideas shown in this brainstorm.",
  "brainstorm.clustered": "Ideas {ideas} are now grouped as {label}.",
  "brainstorm.votePrompt":
    "Vote for the ideas you support. You have {dots, plural, one {# vote} other {# votes}}. Nobody, the facilitators included, sees how you voted: only totals{grouped, select, yes { and each group's share} other {}} are shown.",
  "brainstorm.voteRecorded":
    "Vote recorded. {remaining, plural, =0 {You have used all your votes.} one {# vote left.} other {# votes left.}}",
  "brainstorm.voteRejected":
    "That vote was not counted: {reason, select, noDots {you have no votes left} maxPerIdea {you gave that idea the most votes allowed} unknown {that idea does not exist} closed {voting is closed} other {it is not valid}}.",
  "brainstorm.results": "The ideas with the broadest support across groups:",
  "brainstorm.rankedIdea":
    "{rank}. {text} (support across groups: {support, number, percent}, {votes, plural, one {# vote} other {# votes}})",
  "discussion.intro": "Open discussion, {minutes, plural, one {# minute} other {# minutes}}: {prompt}",
  "survey.intro":
    "A short survey: {count, plural, one {# question} other {# questions}}. Other participants never see your answers. {authors, select, kept {The facilitators see each answer with your name.} other {The facilitators see the answers only all together, never who answered what.}}",
  "survey.likert": "{question} ({labels, select, yes {1 = {low}, {points} = {high}} other {1 to {points}}})",
  "survey.text": "{question}",
  "survey.answerRecorded": "Answer recorded.",
  "survey.done": "Thank you for answering the survey.",
  "message.text": "{text}",
  "break.starts":
    "Break for {minutes, plural, one {# minute} other {# minutes}}.{hasText, select, none {} other { {text}}}",
  "break.ends": "The break is over. Welcome back.",
  "summary.title": "Summary of the workshop: {title}",

  "command.facilitatorOnly": "Only facilitators can use {command}.",
  "command.unknown": "There is no command {command}. {usage}",
  "command.badArguments": "That is not how {command} works. Usage: {usage}",
  "command.help":
    "Commands for everyone: join [group] [language], language <language> (the language Parley writes to you in), leave, timeout [reason] (a private request for a pause), hand [down] (raise or lower your hand in a discussion), flag [--name] [reason] (tell the facilitators privately about something harmful), help-me (ask the facilitators and the safeguarding lead privately for help), forget-me, my-data, status, help. For facilitators: start <flow>, pause, resume, next [--force], skip (the next speaker), back, extend <minutes>, floor <participant>, queue [next] (raised hands), reply <participant> <text> (privately), approve <n>, hide <n>, mute <participant>, unmute <participant>, remove <participant>, cluster <ids> as <label>, confirm-forget <participant>, guardian <participant>, withdraw <group> (joint statement), ack <n>, audit, report [html|csv|json|md] (the report as files, privately), translate <n> <text> (interpreters), end.",
  "session.none": "No workshop is running here. A facilitator can begin one with {fcmd}start <flow>.",
  "session.alreadyRunning": "A workshop ({flow}) is already running here. End it first with end.",
  "session.status":
    "{flow}, stage {stage} of {stages}: {stageTitle}, {phase, select, lobby {waiting for people to join} consent {agreeing to the ground rules} decision {waiting for the facilitators} choosing {choosing who speaks next} speaking {someone is speaking} waiting {turns begin once someone has agreed to the ground rules} reflect {reflecting back what was heard} heard {asking whether the speaker felt heard} adding {the speaker may add something} after {between turns} collect {writing privately} recognise {recognising the other groups' needs} diverge {collecting ideas} cluster {grouping similar ideas} vote {voting} open {under way} ended {ended} other {under way}}{paused, select, yes { (paused)} other {}}.{hasLeft, select, yes { Time left: {left}.} other {}}{hasSpeaker, select, yes { {speaker} has the floor.} other {}} {grouped, select, yes {Taking part: {groups}.} other {{participants, plural, =0 {Nobody has joined yet.} one {# person is taking part.} other {# people are taking part.}}}}",
  "flow.invalid": "The flow {flow} cannot be used: {errors}",
  "participant.unknown": "Nobody called {participant} is taking part.",
  "participant.notJoined": "You are not taking part yet. Type {cmd}join to take part.",
  "join.confirmed": "You have joined{hasGroup, select, none {} other { as part of {group}}}.",
  "join.already": "You are already taking part.",
  "join.groupRequired": "Please say which group you are part of: {cmd}join <group> (one of: {groups}).",
  "join.unknownGroup": "There is no group {group}. The groups are: {groups}.",
  "leave.confirmed": "You have left the workshop.",
  "forget.requested":
    "Your request was sent to the facilitators. Once one of them confirms it, Parley deletes what it holds about you in this workshop (your contributions, your name and your account id, in its records and reports) and you are no longer taking part. {mode, select, open {Posts already in the room stay on the platform: your own messages and the bot's posts that name or quote you. Parley cannot delete them; you can delete your own messages, a moderator can delete the others.} chatham {The bot's posts of contributions carry no names and stay. Your own messages in the room, and the bot's notice that you joined, stay on the platform; Parley cannot delete them.} other {The bot's posts carry no names and stay. Messages you wrote in the room yourself stay on the platform; Parley cannot delete them.}}",
  "forget.confirmRequest":
    "{participant} asks for everything Parley holds about them in this workshop to be deleted. To do it, type: confirm-forget {id}. Parley then deletes their contributions, name and account id from its records and reports, and they leave the workshop. {mode, select, open {Posts already in the room stay on the platform, the bot's posts that name or quote them included: Parley cannot delete them; a moderator can, by hand.} chatham {The bot's posts of contributions carry no names and stay; their own messages and the bot's notice that they joined stay on the platform unless a moderator deletes them.} other {The bot's posts carry no names and stay; messages they wrote in the room themselves stay on the platform unless a moderator deletes them.}}",
  "forget.noRequest": "{participant} has not asked for their contributions to be deleted.",
  "forget.done":
    "Parley has deleted what it held about you in this workshop: your contributions, your name and your account id. You are no longer taking part; to take part again while the workshop runs, type join. {mode, select, open {Posts already in the room stay on the platform: Parley cannot delete them.} other {Posts already in the room carry no names from Parley and stay; your own messages stay on the platform.}}",
  "forget.confirmed": "The contributions of {id} have been deleted.",
  "error.internal": "Something went wrong on our side. The facilitators have been told.",
  "timer.running": "Time remaining",
  "timer.cleared": "The timer has stopped.",
  "delivery.failed":
    "A message could not be delivered{code, select, missing_permission {: the bot is missing a permission in this room} not_found {: the room or person was not found} too_large {: it was too long} other {}}. Participants may not have seen it.",
  // Private answers (issue 10): room questions sent to each participant privately.
  "prompt.sentPrivately":
    "{count, plural, one {A question has} other {# questions have}} been sent to each participant privately. Please answer there: other participants do not see your answers.",
  "floor.strictUnavailable":
    "Strict turn-taking is unavailable{code, select, missing_permission { because the bot is missing a permission} unsupported { on this platform} other {}}. Falling back to soft turn-taking: the bot announces whose turn it is but cannot stop others from writing.",
  "report.confidentiality":
    "Confidentiality: {mode, select, open {open (names are kept)} chathamHouse {Chatham House (what was said, not who said it)} anonymous {anonymous} other {{mode}}}",
  "report.stages": "Stages: {stages}",
  "report.ideas": "Ideas, ranked by support across groups",
  "report.idea":
    "{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: {support, number, percent} across groups, {votes, plural, one {# vote} other {# votes}}",
  "report.noIdeas": "No ideas were voted on.",
  "report.needs": "Needs recognised by another group",
  "report.need": "{text} ({group}), recognised by {groups}",
  "report.noNeeds": "No need was recognised by another group.",
  "report.participation": "Participation by group",
  "report.participationRow":
    "{group}: {participants, plural, one {# participant} other {# participants}}, {turns, plural, one {# turn} other {# turns}}, {words, plural, one {# word} other {# words}}, {passes, plural, one {# pass} other {# passes}}",
  "report.contributions": "Contributions",
  "report.contribution": "{hasAuthor, select, none {} other {{author}: }}{text}",
  // Issue 10 (runtime): flows named by id from chat, names and rejoining, failures facilitators must know.
  "flow.idsOnly": "Only a flow id is accepted here, not a file path. Flows: {flows}.",
  "flow.unknown": "There is no flow {flow}. Flows: {flows}.",
  "flow.unusable":
    "The flow {flow} cannot be used: it has {problems, plural, one {# problem} other {# problems}}. Someone with access to the server can list them with parley flows validate.",
  "join.rejoined":
    "Welcome back: you are taking part again{hasGroup, select, none {} other { as part of {group}}}.",
  "join.removed":
    "A facilitator removed you from this workshop, so you cannot rejoin it yourself. Please speak to the facilitators.",
  "name.confusable":
    "A participant ({id}) joined with a name that can be mistaken for {kind, select, facilitator {a facilitator's name ({other})} reserved {a name Parley reserves ({other})} other {another participant's name ({other})}}. Room posts show them as {label}.",
  "pin.failed":
    "The workshop summary could not be pinned in the room{code, select, missing_permission { because the bot is missing a permission} other {}}. Its record is kept: parley report gives it.",
  "delivery.privateFailed":
    "A private message for {participant} could not be delivered{code, select, missing_permission {: the bot may not message them} not_found {: they could not be found} other {}}. It was not posted in the room; please reach them another way.",
  "floor.restoreFailed":
    "Posting could not be opened again to everyone in the room{code, select, missing_permission { because the bot is missing a permission} other {}}: some people may still be unable to write. Please check the room's settings.",
  // Privacy requests (forget-me, my-data)
  "privacy.nothingHeld": "Parley holds nothing about you from the latest workshop here.",
  "privacy.myData":
    "What Parley holds about you in the workshop {flow} (only you see this): name {name}, account {userId}, participant id {id}, language {locale}{hasGroup, select, none {} other {, group {group}}}. {count, plural, =0 {No contributions of yours are stored.} one {# contribution:} other {# contributions:}}\n{items}",
  // confidentiality (anonymity, small groups, who sees what)
  "workshop.pooled":
    "A group here has fewer than {min} people, so to keep everyone anonymous, what the groups wrote and how they voted is shown for everyone together, not group by group.",
  "workshop.floorNotAnonymous":
    "This workshop is anonymous: giving the floor to one person would show the room who is speaking, so it was not done. In a turn-taking stage, floor <participant> lets them speak next, privately.",
  "perspective.anonymousTurn":
    "Next turn. Everyone, please listen; the contribution will appear here without a name.",
  "perspective.anonymousContribution": "Anonymous: {text}",
  "perspective.anonymousTimeUp": "Time is up for this turn. Thank you.",
  "perspective.anonymousWait":
    "Please wait: someone is taking their turn. In this anonymous stage, turns are written privately.",
  "perspective.sendPrivately":
    "This stage is anonymous: what you write in the room shows your name and does not count as your turn. Please write your turn in the private prompt.",
  "needs.presentAll": "What everyone wrote:",
  "needs.recognitionSkipped":
    "Recognising the other groups' needs is skipped this time, because a group is too small to stay anonymous.",
  "brainstorm.rankedIdeaPooled": "{rank}. {text} ({votes, plural, one {# vote} other {# votes}})",
  "report.pooled":
    "Group figures are pooled: a group had fewer than {min} people, so no figure is shown per group.",
  "report.allGroups": "All groups together",
  "report.ideaPooled":
    "{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: {votes, plural, one {# vote} other {# votes}}",
  "report.surveys": "Survey results, all answers together",
  "report.surveyLikert": "{question}: {respondents, plural, one {# answer} other {# answers}}; {counts}",
  "report.surveyText": "{question}: {respondents, plural, one {# answer} other {# answers}}",
  // CLI and terminal room (issue 12): the countdown after a timer line.
  "timer.left": "ends in {left} (at {time})",
  // Languages and interpreters (issue 14): each participant's language, interpreters' and machine translations.
  "language.set": "From now on Parley writes to you in {language}.",
  "language.unknown":
    "{hasLocale, select, none {Which language?} other {Parley cannot write this workshop in {locale}.}} Languages you can choose: {locales}. For example: language {example}",
  "interpreter.translation": "#{ref}, translated by an interpreter: {text}",
  "interpreter.only": "Only an interpreter named in this room's configuration can post translations.",
  "interpreter.unknownRef":
    "There is no contribution #{ref} in this workshop. Contributions shown in the room carry their number, such as #1.",
  "translation.machine": "#{ref}, machine translation into {target}, it may contain mistakes: {text}",
  "report.translations": "Translations",
  "report.translation":
    "#{ref}: {original} | {kind, select, machine {machine translation} other {translated by an interpreter}}: {text}",
  // Consent and turns (issue 12): refusals, moving on without everyone's consent, skip, raised
  // hands in a discussion, a facilitator's private reply, closed questions.
  "groundRules.decisionNeeded":
    "The ground rules wait for your decision: talk with them privately, then say next to go on (whoever has not agreed stays on hold until they do), or remove <participant>.",
  "groundRules.nextUnconfirmed":
    "{named, select, yes {Not everyone has agreed to the ground rules yet: {participants}.} other {{count, plural, one {# person has} other {# people have}} not agreed to the ground rules yet.}} To move on anyway, say next again (or next --force): whoever has not agreed stays on hold until they do.",
  "groundRules.consentClosed":
    "That question is closed: the ground rules have changed since. Please answer the newest question about them.",
  "perspective.skipped": "The facilitator has moved on to the next speaker.",
  "perspective.waitingForConsent":
    "Turns begin as soon as someone has joined and agreed to the ground rules. Please wait.",
  "workshop.skipNotHere":
    "skip moves on to the next speaker, and nobody is taking turns now. To go to the next stage, say next.",
  "discussion.handRaised":
    "Your hand is raised: you are number {position} in the queue. To lower it, say hand down.",
  "discussion.handRaisedNotice":
    "{named, select, yes {{participant} raised a hand.} other {Someone raised a hand.}} {count, plural, one {# hand is} other {# hands are}} raised: queue shows them, queue next gives the floor to the first.",
  "discussion.handLowered": "Your hand is lowered.",
  "discussion.noQueue": "Hands are raised only during an open discussion.",
  "discussion.queue":
    "{named, select, yes {{count, plural, =0 {No hands are raised.} other {Raised hands, in order: {participants}.}}} other {{count, plural, =0 {No hands are raised.} one {# hand is raised.} other {# hands are raised.}}}}",
  "discussion.floorTo":
    "{named, select, yes {{participant} has the floor.} other {The next person in the queue has the floor.}}",
  "discussion.yourFloor": "You have the floor: please speak now.",
  "workshop.facilitatorReply": "A facilitator answers you privately: {text}",
  "workshop.replySent": "Your reply was sent privately to {participant}; nobody else sees it.",
  "prompt.closed": "That question is closed.",
  "prompt.nothingCollected": "Nothing is being collected right now.",
  // Issue 12 (protocol steps and what people read): folded ideas, start, status, join hints, check-in.
  "command.typedPlain":
    "That was not read as a command. To use it here, type {audience, select, facilitator {{fcmd}} other {{cmd}}}{command}",
  "session.opened":
    "Workshop opened: participants can join now. When everyone has joined, type {fcmd}start again to begin.",
  "stage.kindName":
    "{kind, select, ground_rules {Ground rules} check_in {Check-in} perspective_sharing {Perspective sharing} needs_articulation {Needs, fears and hopes} brainstorm {Brainstorm} discussion {Discussion} survey {Survey} reflection {Reflection} message {Message} break {Break} joint_statement {Joint statement} other {Stage}}",
  "checkIn.intro":
    "Check-in, about {minutes, plural, one {# minute} other {# minutes}}: {prompt} One short answer each, in the room. This round is not part of the record.",
  "checkIn.done": "Thank you, everyone. Let's begin.",
  "report.foldedIdea": " (also in this cluster: {ideas})",
  // Safeguarding (issue 13): review and hiding, muting.
  "review.held":
    "Held for review, #{ref}: {text}. Approve it to show it to the room, or hide it (approve {ref} / hide {ref}). Nobody is told who wrote it.",
  "review.approveOption": "Approve",
  "review.hideOption": "Hide",
  "review.approved": "#{ref} is approved and is shown to the room in its turn.",
  "review.hidden": "#{ref} is hidden. Its text is kept only in the facilitators' safeguarding log.",
  "review.unknown": "There is no contribution #{ref} in this workshop.",
  "review.tooLate": "#{ref} can no longer be shown: it was hidden, or its stage has moved on.",
  "review.lapsed": "#{ref} was not approved before its stage showed its items, so it was not shown.",
  "review.notShown":
    "Something you contributed was not shown to the group. If you would like to talk about it, you can ask the facilitators privately for a time-out with timeout.",
  "mute.muted":
    "{participant} is muted until the end of this stage: their messages are not taken. They can still ask you privately for a time-out.",
  "mute.unmuted": "{participant} can take part again.",
  "mute.youAreMuted":
    "A facilitator has asked you to pause until the next stage; your messages are not taken until then. You can still ask the facilitators privately for a time-out with timeout.",
  "mute.youAreUnmuted": "You can take part again.",
  "mute.wait":
    "Please wait: your messages are not taken until the next stage. You can ask the facilitators privately for a time-out with timeout.",
  // evaluation (issue 15): question types, consent to the evaluation, evaluation reports
  "survey.choice": "{question}",
  "survey.thermometer":
    "{question} Please answer privately with a number from 0 to 100 ({labels, select, yes {0 = {low}, 100 = {high}} other {0 = very cold, 100 = very warm}}).",
  "survey.thermometerInvalid":
    "Please answer with a whole number from 0 to 100. Your answer was not recorded yet.",
  "evaluation.consentPrompt":
    "May your survey answers be used, without your name, in the programme's evaluation? You take part fully either way, and only you see this question.",
  "evaluation.consentYes": "Yes, use my answers",
  "evaluation.consentNo": "No, leave them out",
  "evaluation.consentRecorded":
    "{yes, select, yes {Thank you: your answers will count in the evaluation, never with your name.} other {Understood: your answers are left out of every evaluation figure. You keep taking part as before.}}",
  "report.surveyMean": "{question}: {respondents, plural, one {# answer} other {# answers}}; mean {mean}",
  "report.prePost": "Change from before to after",
  "report.noPairs": "No question was answered both before and after by the same people.",
  "report.method":
    "Only people who agreed to the evaluation and answered both before and after are counted. The interval is the 95% confidence interval of the mean change from the paired t distribution; d_z is the mean change divided by the standard deviation of the changes.",
  "report.airtime": "Airtime and balance",
  "report.attendance": "Attendance",
  "report.sessions": "Sessions",
  "report.excluded":
    "{count, plural, =0 {Everyone agreed to the evaluation.} one {# person did not agree to the evaluation: their answers are left out.} other {# people did not agree to the evaluation: their answers are left out.}}",
  "report.column":
    "{name, select, session {Session} started {Started} joined {Joined} stayed {Stayed to the end} respondents {Respondents} airtime {Airtime (s)} group {Group} before {Before} after {After} change {Change} ci {95% CI} up {Up} down {Down} same {Unchanged} participants {Participants} turns {Turns} passes {Passes} words {Words} airShare {Share of airtime} peopleShare {Share of participants} balance {Balance (1 = fair share)} reflections {Reflect-backs given} feltHeard {Felt heard} notQuite {Not quite heard} contributed {Contributed} rank {Rank} idea {Idea} votes {Votes} need {Need} recognisedBy {Recognised by} scale {Scale} chartAirtime {Airtime per group (seconds)} chartPrePost {Mean change from before to after, with its 95% interval} chartIdeas {Ideas by support per group} tableOf {The same figures as a table} other {{name}}}",
  "report.summaryLine":
    "{sessions, plural, one {# session} other {# sessions}}; {joined, plural, one {# person joined} other {# people joined}}; {respondents, plural, one {# agreed} other {# agreed}} to the evaluation.",
  "guardian.needed":
    "Youth room: {participant} ({id}) has joined. When their guardian''s consent is on file, confirm it with guardian {id}; until then nothing they send counts.",
  "guardian.pending":
    "Welcome. Before you can take part, a facilitator needs to confirm that your parent''s or guardian''s consent is on file. You will be told here when it is done.",
  "guardian.recorded":
    "Recorded: a guardian''s consent for {participant} is on file (confirmed by you, now). No document is kept.",
  "guardian.confirmed": "A facilitator has confirmed your guardian''s consent: you can take part now.",
  // Safeguarding (issue 13): flags, help requests, alerts and escalation, screening, audit trail.
  "safeguarding.alertOpened":
    "Alert {n}: acknowledge it with ack {n}. If nobody does within {minutes, plural, one {# minute} other {# minutes}}, the safeguarding lead is told.",
  "safeguarding.flagEmpty":
    "Please say what you are flagging: flag followed by what happened (add --name if you want the facilitators to know it was you).",
  "safeguarding.flagged":
    "Flag {n}: a participant flagged {hasTarget, select, none {something in the workshop} other {a message posted in the room{hasLink, select, none {} other { ({link})}}: {text}}}.{hasReason, select, none {} other { Their reason: {reason}.}} {named, select, none {They did not give their name.} other {Flagged by {by}.}} Acknowledge with ack {n} within {minutes, plural, one {# minute} other {# minutes}}, or the safeguarding lead is told.",
  "safeguarding.flagReceived":
    "Thank you. Your flag reached the facilitators privately{named, select, none {, without your name} other {, with your name}}.",
  "safeguarding.helpRequested":
    "Help request {n}: {participant} asked for help privately{hasText, select, none {.} other {: {text}}} Please reach them now, privately, and acknowledge with ack {n}.",
  "safeguarding.helpReceived":
    "Your request for help reached the facilitators{lead, select, none {} other { and the safeguarding lead}} privately. Nobody else in the workshop knows.{hasText, select, none { Someone will contact you soon. If you are in danger now, call your local emergency number.} other { {text}}}",
  "safeguarding.ackUnknown": "There is no open alert {n}.",
  "safeguarding.acknowledged": "{by} acknowledged alert {n}.",
  "safeguarding.escalated":
    "Alert {n} in {room} ({kind, select, timeout {a time-out request} flag {a flag} help {a help request} other {an alert}}{hasParticipant, select, none {} other {, from {participant}}}) was not acknowledged by a facilitator within {minutes, plural, one {# minute} other {# minutes}}. Please check on the workshop.",
  "safeguarding.escalatedFacilitators":
    "Nobody acknowledged alert {n} in time. {lead, select, none {No safeguarding lead is configured for this room.} other {The safeguarding lead has been told.}}",
  "safeguarding.autoPaused":
    "No facilitator is present in {room}, so the workshop was paused automatically after alert {n} ({kind, select, timeout {a time-out request} flag {a flag} help {a help request} screening {a screened contribution} other {an alert}}). Please check on it.",
  "safeguarding.audit":
    "Audit trail: {count, plural, one {# entry} other {# entries}}{shown, plural, =0 {.} other {; the latest {shown}:}}\n{items}",
  "safeguarding.screened":
    "Screening, alert {n}: {action, select, held {the bot is holding this contribution for review as #{ref}; nobody in the room sees it until you approve it (approve {ref} / hide {ref})} other {the bot is showing this contribution in the room}}: {text}.{hasTerms, select, none {} other { Words matched: {terms}.}}{hasCategories, select, none {} other { The classifier says: {categories}.}}{down, select, none {} other { The classifier did not answer.}} Acknowledge with ack {n}.",
  // joint statement (issue 16)
  "jointStatement.intro":
    "Let us draft a joint statement. {count, plural, =0 {It starts empty.} one {It starts from # sentence, below.} other {It starts from # sentences, below.}} For about {minutes, plural, one {# minute} other {# minutes}}, propose up to {max} amendments: + text adds a sentence, - 3 deletes sentence 3, 3: text rewords it, 3 ar: text proposes its version in another language of the workshop (here Arabic).",
  "jointStatement.collect":
    "Write an amendment: + text, - number, number: text, or number language: text. {authors, select, kept {The record keeps your name with it.} other {No output names who proposed it.}}",
  "jointStatement.sentence": "{number}. [{language}] {text}",
  "jointStatement.empty": "The statement has no sentences yet: add one with + text.",
  "jointStatement.amendmentReceived":
    "Your amendment is recorded. {remaining, plural, =0 {You have none left.} one {You may propose # more.} other {You may propose # more.}}",
  "jointStatement.amendmentRefused":
    "{reason, select, cap {You have already proposed {max} amendments.} number {There is no sentence with that number.} language {That language is not one of this workshop's.} other {Please write it as + text, - number, number: text, or number language: text.}}",
  "jointStatement.reviewPhase":
    "Facilitators: merge duplicate amendments with cluster <numbers> as duplicate (the first stays on the ballot), then say next.",
  "jointStatement.amendment":
    "Amendment {number}: {action, select, add {add [{language}] “{text}”} delete {delete sentence {sentence}} reword {reword sentence {sentence} [{language}] as “{text}”} other {sentence {sentence} in [{language}]: “{text}”}}",
  "jointStatement.merged": "Amendments {amendments} are merged: only the first is voted on.",
  "jointStatement.mergeRefused":
    "Could not merge {amendments}: give two or more numbers of amendments still on the list.",
  "jointStatement.votePrompt":
    "Amendment {number}: {action, select, add {add [{language}] “{text}”} delete {delete sentence {sentence}} reword {reword sentence {sentence} [{language}] as “{text}”} other {sentence {sentence} in [{language}]: “{text}”}}. Do you support it? {grouped, select, yes {It passes only with {rule, select, consensus {every member} other {a majority}} of each group present.} other {It passes with {rule, select, consensus {everyone present} other {a majority of those present}}.}}",
  "jointStatement.yes": "Yes",
  "jointStatement.no": "No",
  "jointStatement.answerRecorded": "Your answer is recorded; you may change it until the round closes.",
  "jointStatement.amendmentResult":
    "Amendment {number} is {accepted, select, yes {accepted} other {not accepted}}.{grouped, select, yes {{hasPassed, select, none {} other { Passed in: {passed}.}}{hasFailed, select, none {} other { Not passed in: {failed}.}}} other {}}",
  "jointStatement.consentIntro":
    "Consent round on the final text ({count, plural, one {# sentence} other {# sentences}}, about {minutes, plural, one {# minute} other {# minutes}}). Answer for each sentence, in every language shown, and choose how far the statement may be shared. A sentence passes only if every group present consents to it. Once consented, a sentence is the groups' text: if you later ask Parley to forget you, your amendments and your name are removed, but a sentence the groups consented to stays.",
  "jointStatement.missingVersion":
    "Sentence {number} has no version in {languages} yet, so it cannot be consented to in this round.",
  "jointStatement.consentPrompt": "Do you consent to sentence {number}, in every language shown?",
  "jointStatement.scopePrompt":
    "The facilitators propose sharing the statement with {proposed, select, room {the room only} communities {the participants' communities} other {the public}}. How far may it go? The narrowest choice of any group applies.",
  "jointStatement.scope":
    "{scope, select, room {The room only} communities {Our communities} other {Public}}",
  "jointStatement.sentenceResult":
    "Sentence {number}: {passed, select, yes {consented} other {not consented{missing, plural, =0 {} other { (no version in {languages})}}}}.",
  "jointStatement.result":
    "{passed, select, yes {Every group present consented to the statement.} other {The statement as a whole is not consented to; only consented sentences may leave the room.}} Sharing: {scope, select, room {the room only} communities {the participants' communities} other {public}}.{grouped, select, yes {{hasConsented, select, none {} other { Consented: {consented}.}}{hasNotConsented, select, none {} other { Not consented: {notConsented}.}}} other {}}",
  "jointStatement.closedPhase":
    "Facilitators: a group may ask you to withdraw its consent (withdraw <group>) before you say next.",
  "jointStatement.withdrawn": "At its request, the facilitators withdrew the consent of {group}.",
  "jointStatement.withdrawRefused":
    "Nothing withdrawn: {group} is not a group of this workshop, or its consent is already withdrawn.",
  "jointStatement.translatePrompt":
    "Missing a language, or a better translation? Propose the version of a sentence as number language: text (for example 2 ar: followed by the Arabic). Everyone is then asked again about that sentence. {authors, select, kept {The record keeps your name with it.} other {No output names who proposed it.}}",
  "jointStatement.translated":
    "Sentence {number} has a new version in {language}: please answer for it again.",
  "report.statements": "Joint statement",
  "report.statement":
    "{passed, select, yes {Consented to by every group present} other {Not consented to as a whole}}; sharing: {scope, select, room {the room only} communities {the participants' communities} other {public}}.{hasConsented, select, none {} other { Groups that consented: {consented}.}}",
  "report.statementSentence":
    "{number}. [{language}] {text}{consented, select, yes {} other { (not consented)}}",
  "programme.opensSoon":
    "Your scheduled workshop in this room opens in {minutes, plural, one {# minute} other {# minutes}} (flow: {flow}).",
  "programme.broadcast": "From the programme coordinators: {text}",
  // hand buttons in a discussion (issue 12)
  "discussion.handPrompt":
    "Want to speak? Raise your hand: the facilitators give the floor in the order hands were raised.",
  "discussion.raiseHand": "Raise hand",
  "discussion.lowerHand": "Lower hand",
  // safeguarding (issue 13): a ballot corrected after an idea on it was hidden
  "brainstorm.ballotRevised":
    "The ballot has changed: an idea was withdrawn. Votes for it do not count and can be given again. You have {dots, plural, one {# vote} other {# votes}}. Nobody, the facilitators included, sees how you voted: only totals{grouped, select, yes { and each group's share} other {}} are shown.",
  // safeguarding (issue 13): a hide that could not take back every copy of a post
  "review.removeByHand":
    "#{ref} could not be fully removed from the room: {code, select, interrupted {the bot was interrupted while posting it and cannot find every copy it may have posted} missing_permission {the bot is missing the permission to remove it} not_found {the bot could not find its message} other {the platform did not remove it}}. Please look for it in {room} and remove it by hand. It is left out of the summary and reports.",
  // The facilitators' `report` in chat (issue 15)
  "report.files":
    "The report of this workshop ({flow}, session {session}) as {format, select, html {an HTML page} csv {CSV tables} json {JSON} other {Markdown}}, for the facilitators only. It keeps the flow's confidentiality; keep it private.",
  "report.nothing": "There is no workshop in this room to report on yet.",
  // Turn-taking chosen at start (issue 14): a flow that offers one mode only; a workshop already open.
  "flow.turnTakingFixed":
    "{flow} runs with {allowed, select, strict {strict turn-taking (only the speaker can post)} other {soft turn-taking (others are asked to wait)}} only, so it cannot start with {mode, select, strict {strict} other {soft}} turn-taking. Start it without choosing, or choose a flow that offers both.",
  "session.turnTakingSet":
    "This workshop was opened with {mode, select, strict {strict} other {soft}} turn-taking, which cannot change now. To run it the other way, end it and start it again.",
};
