// Hebrew. Addressing the reader in the plural (אתם/ן) where gender is unknown, as chat bots in
// Hebrew commonly do; CLDR plural categories one/two/other.
import type { Catalogue } from "./keys.ts";

const minutes = "{minutes, plural, one {דקה אחת} two {שתי דקות} other {# דקות}}";
const seconds = "{seconds, plural, one {שנייה אחת} two {שתי שניות} other {# שניות}}";
const votes = (v: string) => `{${v}, plural, one {קול אחד} two {שני קולות} other {# קולות}}`;
const people = "{count, plural, one {אדם אחד} two {שני אנשים} other {# אנשים}}";

export const he: Catalogue = {
  "workshop.welcome":
    "ברוכים הבאים ל־{title}. {hasDescription, select, none {} other {{description} }}כדי להשתתף, כתבו {cmd}join ואחריו את שם הקבוצה שלכם{hasGroups, select, none {} other { ({groups})}}.",
  "workshop.started": "הסדנה התחילה: {title}.",
  "workshop.paused": "המנחה עצר/ה את הסדנה לזמן קצר. נא להמתין.",
  "workshop.notWhilePaused": "הסדנה בהשהיה, ולכן זה לא נרשם. נא לשלוח שוב כשהסדנה תתחדש.",
  "workshop.resumed": "הסדנה ממשיכה.",
  "workshop.ended": "הסדנה הסתיימה. תודה לכולם על ההשתתפות.",
  "workshop.stageOpens": "שלב {number} מתוך {count}: {stage}",
  "workshop.participantJoined": "{participant} הצטרף/ה{hasGroup, select, none {} other { ({group})}}.",
  "workshop.participantLeft": "{participant} עזב/ה.",
  "workshop.timeoutRequested": "{participant} ביקש/ה הפסקה{hasReason, select, none {.} other {: {reason}}}",
  "workshop.timeoutAcknowledged": "הבקשה שלך להפסקה הגיעה למנחים באופן פרטי.",
  "workshop.extended": `המנחה הוסיף/ה ${minutes}.`,
  "workshop.notYourTurn": "נא להמתין: עכשיו תורו/ה של {participant}.",
  "workshop.heldAtConsent": `הסדנה ממתינה: ${people} עדיין לא הסכימו לכללי השיח{hasParticipants, select, none {.} other { ({participants}).}}`,
  "workshop.removed": "{participant} כבר לא משתתף/ת בסדנה.",
  "groundRules.intro":
    "לפני שנתחיל, קראו בבקשה את {count, plural, one {כלל השיח שלנו} two {שני כללי השיח שלנו} other {# כללי השיח שלנו}}.",
  "groundRules.rule": "{number}. {rule}",
  "groundRules.consentPrompt": "האם את/ה מסכים/ה לפעול לפי כללי השיח האלה?",
  "groundRules.consentYes": "אני מסכים/ה",
  "groundRules.consentNo": "אני לא מסכים/ה",
  "groundRules.consented": "תודה, {participant}: ההסכמה שלך לכללי השיח נרשמה.",
  "groundRules.allConsented": "כולם הסכימו לכללי השיח. תודה.",
  "groundRules.refused": "{participant} לא הסכים/ה לכללי השיח. כדאי לדבר איתו/ה בפרטיות.",
  "groundRules.noAnswer": `${people} עדיין לא ענו על כללי השיח{hasParticipants, select, none {.} other { ({participants}).}}`,
  "groundRules.awaitingDecision": "תודה. אחד המנחים ידבר איתך לפני שהסדנה תמשיך.",
  "groundRules.proposeRule":
    "רוצים להציע כלל שיח נוסף? כתבו אותו כאן. {authors, select, kept {הוא יוצג לכולם עם השם שלכם.} other {הוא יוצג לכולם בלי השם שלכם, ואף אחד, גם לא המנחים, לא יידע מי הציע אותו.}}",
  "groundRules.proposedRule":
    "{named, select, yes {כלל שיח שהציע/ה {participant}: {rule}} other {הוצע כלל שיח חדש: {rule}}}",
  "perspective.intro": `עכשיו כל אחד ואחת משתפים בתורם את נקודת המבט שלהם, ${seconds} לכל אחד. השאלה: {prompt}`,
  "perspective.yourTurn": `תורך לשתף. יש לך ${seconds}. {anonymous, select, yes {כתבו את התור שלכם כאן: Parley יפרסם אותו בחדר בלי השם שלכם, ואף אחד, גם לא המנחים, לא יראה מי כתב אותו.} other {דברו בחדר; כל מי שנמצא שם רואה את השם שלכם.}}`,
  "perspective.turnOf": "עכשיו תורו/ה של {participant}. כל השאר, בואו נקשיב.",
  "perspective.warning": `נותרו ${seconds}.`,
  "perspective.timeUp": "הזמן של {participant} נגמר. תודה.",
  "perspective.passed": "{participant} ויתר/ה על התור.",
  "perspective.pass": "אני מוותר/ת על התור",
  "perspective.done": "סיימתי",
  "perspective.contribution": "{participant}: {text}",
  "perspective.reflectBackPrompt":
    "{participant}, אמור/אמרי במילים שלך מה שמעת את {named, select, yes {{speaker}} other {הדובר/ת הקודם/ת}} אומר/ת.{named, select, yes {} other { Parley יפרסם את זה בלי השם שלכם.}}",
  "perspective.feltHeardPrompt": "הרגשת שהקשיבו לך?",
  "perspective.feltHeardYes": "כן, הרגשתי שהקשיבו לי",
  "perspective.feltHeardNo": "לא לגמרי",
  "perspective.roundStarts": "סבב {round} מתוך {rounds}.",
  // active listening (issue 12): who reflects whom, "not quite" to facilitators, "anything to add?"
  "perspective.reflecting": "{participant} משקף/ת עכשיו את מה ש{speaker} אמר/ה. כולם, הקשיבו בבקשה.",
  "perspective.anonymousReflecting":
    "מאזין/ה משקף/ת עכשיו את מה שאמר/ה הדובר/ת הקודם/ת. זה יופיע כאן בלי שם.",
  "perspective.notQuiteHeard":
    "{named, select, yes {{speaker} לא ממש הרגיש/ה שמקשיבים לו/ה בשיקוף של {participant}.} other {משתתף/ת לא ממש הרגיש/ה שמקשיבים לו/ה בשיקוף.}} רק המנחים רואים זאת.",
  "perspective.addMoment": `הדובר/ת ששוקף/ה יכול/ה להוסיף משהו עכשיו, עד ${seconds}.{anonymous, select, yes { זה יופיע כאן בלי שם.} other {}}`,
  "perspective.addPrompt": `יש משהו להוסיף? יש לך ${seconds}. כל דובר/ת נשאל/ת זאת, לא משנה מה ענה/תה קודם. {anonymous, select, yes {כתבו כאן: Parley יפרסם את זה בחדר בלי השם שלכם.} other {כתבו כאן או אמרו בחדר; כולם שם רואים את השם שלכם.}}`,
  "perspective.nothingToAdd": "אין לי מה להוסיף",
  "needs.intro": `עכשיו נכתוב, באופן פרטי, צרכים, חששות ותקוות. {prompt} יש לכם ${minutes}.`,
  "needs.collect":
    "כתבו {category, select, needs {צורך} fears {חשש} hopes {תקווה} other {צורך, חשש או תקווה}} של הקהילה שלכם. {grouping, select, none {} group {זה יוצג תחת שם הקבוצה שלכם. } pooled {זה יוצג יחד עם מה שכתבו כולם, לא לפי קבוצות. } other {זה יוצג תחת שם הקבוצה שלכם, או יחד עם מה שכתבו כולם אם קבוצה קטנה מכדי להישאר אנונימית. }}{authors, select, kept {אף אחד בחדר לא יראה את השם שלכם לצד זה, אבל התיעוד של המנחים שומר מי כתב.} other {אף אחד, גם לא המנחים, לא יראה מי כתב את זה.}}",
  "needs.received": "תודה, קיבלנו.",
  "needs.presentGroup": "מה שנכתב ב־{group}:",
  "needs.item": "{category, select, needs {צורך} fears {חשש} hopes {תקווה} other {פריט}}: {text}",
  "needs.recognisePrompt": "אילו מהצרכים של הקבוצה האחרת את/ה מכיר/ה בהם כאמיתיים וחשובים?",
  "needs.recognised":
    "{count, plural, one {נרשם: הכרת בצורך אחד של הקבוצות האחרות.} two {נרשם: הכרת בשני צרכים של הקבוצות האחרות.} other {נרשם: הכרת ב־# צרכים של הקבוצות האחרות.}}",
  "brainstorm.intro": `סיעור מוחות: {prompt} שלחו את הרעיונות שלכם באופן פרטי, עד {max, plural, one {רעיון אחד} two {שני רעיונות} other {# רעיונות}} לכל אחד, במשך ${minutes}.`,
  "brainstorm.collect":
    "כתבו רעיון. {authors, select, kept {הוא יוצג בחדר בלי השם שלכם; התיעוד של המנחים שומר מי כתב אותו.} other {הוא יוצג בחדר בלי השם שלכם, ואף אחד, גם לא המנחים, לא יראה מי כתב אותו.}}",
  "brainstorm.ideaReceived":
    "הרעיון התקבל. {remaining, plural, =0 {אי אפשר לשלוח עוד רעיונות.} one {אפשר לשלוח עוד רעיון אחד.} two {אפשר לשלוח עוד שני רעיונות.} other {אפשר לשלוח עוד # רעיונות.}}",
  "brainstorm.idea": "#{number}: {text}",
  "brainstorm.capReached":
    "שלחת {max, plural, one {רעיון אחד} two {שני רעיונות} other {# רעיונות}}, המספר המרבי בסיעור המוחות הזה.",
  "brainstorm.clusterPhase": "המנחים מקבצים רעיונות דומים (cluster <ids> as <label>). כתבו next בסיום.",
  "brainstorm.clusterRejected":
    "לא ניתן לקבץ את {ideas}: השתמשו במספרים מרשימת הרעיונות שהוצגה בסיעור המוחות הזה.",
  "brainstorm.clustered": "הרעיונות {ideas} קובצו עכשיו תחת {label}.",
  "brainstorm.votePrompt": `הצביעו בעד הרעיונות שאתם תומכים בהם. יש לכם ${votes("dots")}. אף אחד, גם לא המנחים, לא יראה איך הצבעתם: מוצגים רק סיכומים{grouped, select, yes { והחלק של כל קבוצה} other {}}.`,
  "brainstorm.voteRecorded":
    "ההצבעה נרשמה. {remaining, plural, =0 {השתמשת בכל הקולות שלך.} one {נותר לך קול אחד.} two {נותרו לך שני קולות.} other {נותרו לך # קולות.}}",
  "brainstorm.voteRejected":
    "ההצבעה לא נספרה: {reason, select, noDots {לא נותרו לך קולות} maxPerIdea {נתת לרעיון הזה את מספר הקולות המרבי} unknown {הרעיון הזה לא קיים} closed {ההצבעה סגורה} other {היא אינה תקפה}}.",
  "brainstorm.results": "הרעיונות שזכו לתמיכה הרחבה ביותר בין הקבוצות:",
  "brainstorm.rankedIdea": `{rank}. {text} (תמיכה בין הקבוצות: {support, number, percent}, ${votes("votes")})`,
  "discussion.intro": `שיחה פתוחה, ${minutes}: {prompt}`,
  "survey.intro":
    "סקר קצר: {count, plural, one {שאלה אחת} two {שתי שאלות} other {# שאלות}}. משתתפים אחרים לעולם לא רואים את התשובות שלך. {authors, select, kept {המנחים רואים כל תשובה עם השם שלך.} other {המנחים רואים את התשובות רק כולן יחד, ולעולם לא מי ענה מה.}}",
  "survey.likert":
    "{question} ({labels, select, yes {1 = {low}, {points} = {high}} other {מ־1 עד {points}}})",
  "survey.text": "{question}",
  "survey.answerRecorded": "התשובה נרשמה.",
  "survey.done": "תודה שענית על הסקר.",
  "message.text": "{text}",
  "break.starts": `הפסקה של ${minutes}.{hasText, select, none {} other { {text}}}`,
  "break.ends": "ההפסקה נגמרה. ברוכים השבים.",
  "summary.title": "סיכום הסדנה: {title}",

  "command.facilitatorOnly": "רק מנחים יכולים להשתמש בפקודה {command}.",
  "command.unknown": "אין פקודה בשם {command}. {usage}",
  "command.badArguments": "זה לא האופן שבו משתמשים ב־{command}. שימוש: {usage}",
  "command.help":
    "פקודות לכולם: join [קבוצה] [שפה], language <שפה> (השפה שבה Parley כותב לך), leave, timeout [סיבה] (בקשה פרטית להפסקה), hand [down] (הרמת יד או הורדתה בדיון), flag [‎--name] [סיבה] (דיווח פרטי למנחים על משהו פוגע), help-me (בקשת עזרה פרטית מהמנחים ומהאחראי/ת על המוגנות), forget-me, my-data, status, help. למנחים: start <תהליך>, pause, resume, next [--force], skip (הדובר/ת הבא/ה), back, extend <דקות>, floor <משתתף>, queue [next] (הידיים המורמות), reply <משתתף> <טקסט> (בפרטיות), approve <מספר>, hide <מספר>, mute <משתתף>, unmute <משתתף>, remove <משתתף>, cluster <מספרים> as <כותרת>, confirm-forget <משתתף>, guardian <משתתף>, withdraw <קבוצה> (הצהרה משותפת), ack <מספר>, audit, report [html|csv|json|md] (הדוח כקבצים, בפרטיות), translate <מספר> <טקסט> (למתורגמנים), end.",
  "session.none": "אין כאן סדנה פעילה. מנחה יכול/ה להתחיל סדנה עם {fcmd}start <תהליך>.",
  "session.alreadyRunning": "כבר מתקיימת כאן סדנה ({flow}). סיימו אותה קודם עם end.",
  "session.status":
    "{flow}, שלב {stage} מתוך {stages}: {stageTitle}, {phase, select, lobby {ממתינים להצטרפות} consent {הסכמה לכללי השיח} decision {ממתינים למנחים} choosing {בוחרים מי מדבר/ת עכשיו} speaking {מישהו/י מדבר/ת} waiting {התורות יתחילו כשמישהו/י יסכים/תסכים לכללים} reflect {משקפים את מה שנשמע} heard {שואלים אם הדובר/ת הרגיש/ה שהקשיבו} adding {הדובר/ת יכול/ה להוסיף} after {בין תורות} collect {כתיבה אישית} recognise {הכרה בצורכי הקבוצות האחרות} diverge {איסוף רעיונות} cluster {קיבוץ רעיונות דומים} vote {הצבעה} open {מתקיים} ended {הסתיים} other {מתקיים}}{paused, select, yes { (בהשהיה)} other {}}.{hasLeft, select, yes { זמן שנותר: {left}.} other {}}{hasSpeaker, select, yes { רשות הדיבור אצל {speaker}.} other {}} {grouped, select, yes {משתתפים: {groups}.} other {{participants, plural, =0 {עוד אף אחד לא הצטרף.} one {משתתף/ת אחד/ת.} two {שני משתתפים.} other {# משתתפים.}}}}",
  "flow.invalid": "אי אפשר להשתמש בתהליך {flow}: {errors}",
  "participant.unknown": "אין משתתף/ת בשם {participant}.",
  "participant.notJoined": "עדיין לא הצטרפת. כתבו {cmd}join כדי להשתתף.",
  "join.confirmed": "הצטרפת{hasGroup, select, none {} other {. הקבוצה שלך: {group}}}.",
  "join.already": "כבר הצטרפת.",
  "join.groupRequired": "נא לציין לאיזו קבוצה את/ה שייך/ת: {cmd}join <קבוצה> (אחת מ: {groups}).",
  "join.unknownGroup": "אין קבוצה בשם {group}. הקבוצות הן: {groups}.",
  "leave.confirmed": "עזבת את הסדנה.",
  "forget.requested":
    "הבקשה שלך נשלחה למנחים. כשאחד מהם יאשר אותה, Parley ימחק את מה שהוא שומר עליך בסדנה הזו (התרומות שלך, השם שלך ומזהה החשבון שלך, ברשומות ובדוחות) ולא תשתתף/י יותר. {mode, select, open {מה שכבר פורסם בחדר נשאר בפלטפורמה: ההודעות שלך והודעות הבוט שמזכירות אותך או מצטטות אותך. Parley לא יכול למחוק אותן; את ההודעות שלך אפשר למחוק בעצמך, ואת האחרות מנהל/ת החדר.} chatham {הודעות הבוט עם התרומות אינן נושאות שמות ונשארות. ההודעות שלך בחדר והודעת הבוט על הצטרפותך נשארות בפלטפורמה; Parley לא יכול למחוק אותן.} other {הודעות הבוט אינן נושאות שמות ונשארות. מה שכתבת בעצמך בחדר נשאר בפלטפורמה; Parley לא יכול למחוק אותו.}}",
  "forget.confirmRequest":
    "{participant} מבקש/ת למחוק את כל מה ש-Parley שומר עליו/ה בסדנה הזו. כדי לעשות זאת, כתבו: confirm-forget {id}. Parley ימחק אז את התרומות, השם ומזהה החשבון מהרשומות והדוחות, והוא/היא יעזוב/תעזוב את הסדנה. {mode, select, open {מה שכבר פורסם בחדר נשאר בפלטפורמה, כולל הודעות הבוט שמזכירות או מצטטות אותו/ה: Parley לא יכול למחוק אותן; מנהל/ת החדר יכול/ה, ידנית.} chatham {הודעות הבוט עם התרומות אינן נושאות שמות ונשארות; ההודעות שלו/ה והודעת הבוט על ההצטרפות נשארות בפלטפורמה אלא אם מנהל/ת החדר ימחק אותן.} other {הודעות הבוט אינן נושאות שמות ונשארות; מה שכתב/ה בעצמו/ה בחדר נשאר בפלטפורמה אלא אם מנהל/ת החדר ימחק אותו.}}",
  "forget.noRequest": "{participant} לא ביקש/ה למחוק את התרומות שלו/ה.",
  "forget.done":
    "Parley מחק את מה ששמר עליך בסדנה הזו: התרומות שלך, השם שלך ומזהה החשבון שלך. את/ה כבר לא משתתף/ת; כדי להשתתף שוב כל עוד הסדנה פעילה, כתבו join. {mode, select, open {מה שכבר פורסם בחדר נשאר בפלטפורמה: Parley לא יכול למחוק אותו.} other {מה שכבר פורסם בחדר אינו נושא שמות מ-Parley ונשאר; ההודעות שלך נשארות בפלטפורמה.}}",
  "forget.confirmed": "התרומות של {id} נמחקו.",
  "error.internal": "משהו השתבש אצלנו. המנחים קיבלו הודעה.",
  "timer.running": "הזמן שנותר",
  "timer.cleared": "הטיימר נעצר.",
  "delivery.failed":
    "לא ניתן היה למסור הודעה{code, select, missing_permission {: לבוט חסרה הרשאה בחדר הזה} not_found {: החדר או האדם לא נמצאו} too_large {: היא הייתה ארוכה מדי} other {}}. ייתכן שהמשתתפים לא ראו אותה.",
  // Private answers (issue 10): room questions sent to each participant privately.
  "prompt.sentPrivately":
    "{count, plural, one {שאלה נשלחה} two {שתי שאלות נשלחו} other {# שאלות נשלחו}} לכל משתתף ומשתתפת באופן פרטי. נא להשיב שם: שאר המשתתפים אינם רואים את התשובות שלכם.",
  "floor.strictUnavailable":
    "ניהול תורות קפדני אינו זמין{code, select, missing_permission { כי לבוט חסרה הרשאה} unsupported { בפלטפורמה הזו} other {}}. עוברים לניהול תורות גמיש: הבוט מודיע של מי התור, אך אינו יכול למנוע מאחרים לכתוב.",
  "report.confidentiality":
    "סודיות: {mode, select, open {פתוחה (השמות נשמרים)} chathamHouse {כלל צ׳טהאם האוס (מה נאמר, לא מי אמר)} anonymous {אנונימית} other {{mode}}}",
  "report.stages": "שלבים: {stages}",
  "report.ideas": "רעיונות, לפי התמיכה בין הקבוצות",
  "report.idea": `{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: {support, number, percent} בין הקבוצות, ${votes("votes")}`,
  "report.noIdeas": "לא הצביעו על אף רעיון.",
  "report.needs": "צרכים שקבוצה אחרת הכירה בהם",
  "report.need": "{text} ({group}), הוכר על ידי {groups}",
  "report.noNeeds": "אף צורך לא הוכר על ידי קבוצה אחרת.",
  "report.participation": "השתתפות לפי קבוצה",
  "report.participationRow":
    "{group}: משתתפים {participants, number}, תורות {turns, number}, מילים {words, number}, ויתורים {passes, number}",
  "report.contributions": "תרומות",
  "report.contribution": "{hasAuthor, select, none {} other {{author}: }}{text}",
  // Issue 10 (runtime): flows named by id from chat, names and rejoining, failures facilitators must know.
  "flow.idsOnly": "כאן מתקבל רק מזהה של תהליך, לא נתיב לקובץ. תהליכים: {flows}.",
  "flow.unknown": "אין תהליך בשם {flow}. תהליכים: {flows}.",
  "flow.unusable":
    "אי אפשר להשתמש בתהליך {flow}: {problems, plural, one {יש בו בעיה אחת} other {יש בו # בעיות}}. מי שיש לו גישה לשרת יכול לראות אותן עם parley flows validate.",
  "join.rejoined": "ברוך/ה השב/ה: את/ה שוב משתתף/ת{hasGroup, select, none {} other { כחלק מ{group}}}.",
  "join.removed": "מנחה הוציא/ה אותך מהסדנה הזו, ולכן אי אפשר להצטרף אליה שוב בעצמך. נא לפנות למנחים.",
  "name.confusable":
    "משתתף/ת ({id}) הצטרף/ה עם שם שעלול להתבלבל עם {kind, select, facilitator {שם של מנחה ({other})} reserved {שם ש-Parley שומר לעצמו ({other})} other {שם של משתתף/ת אחר/ת ({other})}}. בהודעות בחדר השם יוצג כ-{label}.",
  "pin.failed":
    "לא ניתן היה להצמיד את סיכום הסדנה בחדר{code, select, missing_permission { כי לבוט חסרה הרשאה} other {}}. הרשומה נשמרת: parley report מציג אותה.",
  "delivery.privateFailed":
    "לא ניתן היה למסור הודעה פרטית ל{participant}{code, select, missing_permission {: ייתכן שלבוט אסור לשלוח לו/ה הודעות} not_found {: לא נמצא/ה} other {}}. היא לא פורסמה בחדר; נא ליצור קשר בדרך אחרת.",
  "floor.restoreFailed":
    "לא ניתן היה לפתוח שוב את הכתיבה לכולם בחדר{code, select, missing_permission { כי לבוט חסרה הרשאה} other {}}: ייתכן שחלק מהאנשים עדיין לא יכולים לכתוב. נא לבדוק את הגדרות החדר.",
  // Privacy requests (forget-me, my-data)
  "privacy.nothingHeld": "Parley לא שומר דבר עליך מהסדנה האחרונה כאן.",
  "privacy.myData":
    "מה ש-Parley שומר עליך בסדנה {flow} (רק את/ה רואה זאת): שם {name}, חשבון {userId}, מזהה משתתף {id}, שפה {locale}{hasGroup, select, none {} other {, קבוצה {group}}}. {count, plural, =0 {לא שמורות תרומות שלך.} one {תרומה אחת:} other {# תרומות:}}\n{items}",
  // confidentiality (anonymity, small groups, who sees what)
  "workshop.pooled":
    "באחת הקבוצות כאן יש פחות מ־{min} אנשים, ולכן, כדי לשמור על האנונימיות של כולם, מה שהקבוצות כתבו ואיך הצביעו מוצג לכולם יחד ולא לפי קבוצה.",
  "workshop.floorNotAnonymous":
    "הסדנה הזו אנונימית: מתן רשות הדיבור לאדם אחד היה מראה לחדר מי מדבר, ולכן זה לא נעשה. בשלב של תורות, floor <participant> קובע שהאדם ידבר הבא בתור, באופן פרטי.",
  "perspective.anonymousTurn": "התור הבא. כולם, בואו נקשיב; השיתוף יופיע כאן בלי שם.",
  "perspective.anonymousContribution": "שיתוף בלי שם: {text}",
  "perspective.anonymousTimeUp": "הזמן לתור הזה נגמר. תודה.",
  "perspective.anonymousWait":
    "נא להמתין: מישהו משתף עכשיו בתורו. בשלב האנונימי הזה כותבים את התורות באופן פרטי.",
  "perspective.sendPrivately":
    "השלב הזה אנונימי: מה שכותבים בחדר מציג את השם שלכם ולא נחשב לתור שלכם. כתבו את התור שלכם בהודעה הפרטית.",
  "needs.presentAll": "מה שכתבו כולם:",
  "needs.recognitionSkipped":
    "הפעם מדלגים על ההכרה בצרכים של הקבוצות האחרות, כי אחת הקבוצות קטנה מכדי להישאר אנונימית.",
  "brainstorm.rankedIdeaPooled": `{rank}. {text} (${votes("votes")})`,
  "report.pooled":
    "נתוני הקבוצות מאוחדים: באחת הקבוצות היו פחות מ־{min} אנשים, ולכן לא מוצג אף נתון לפי קבוצה.",
  "report.allGroups": "כל הקבוצות יחד",
  "report.ideaPooled": `{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: ${votes("votes")}`,
  "report.surveys": "תוצאות הסקר, כל התשובות יחד",
  "report.surveyLikert":
    "{question}: {respondents, plural, one {תשובה אחת} two {שתי תשובות} other {# תשובות}}; {counts}",
  "report.surveyText": "{question}: {respondents, plural, one {תשובה אחת} two {שתי תשובות} other {# תשובות}}",
  // CLI and terminal room (issue 12): the countdown after a timer line.
  "timer.left": "מסתיים בעוד {left} (בשעה {time})",
  // שפות ומתורגמנים (issue 14): השפה של כל משתתף, תרגומי מתורגמנים ותרגום מכונה.
  "language.set": "מעכשיו Parley יכתוב לך בשפה: {language}.",
  "language.unknown":
    "{hasLocale, select, none {באיזו שפה?} other {Parley לא יכול לכתוב את הסדנה הזאת בשפה {locale}.}} שפות שאפשר לבחור: {locales}. לדוגמה: language {example}",
  "interpreter.translation": "#{ref}, בתרגום של מתורגמן/ית: {text}",
  "interpreter.only": "רק מתורגמן/ית שמופיע/ה בהגדרות החדר יכול/ה לפרסם תרגומים.",
  "interpreter.unknownRef":
    "אין בסדנה הזאת תרומה מספר #{ref}. תרומות שמוצגות בחדר נושאות את המספר שלהן, למשל #1.",
  "translation.machine": "#{ref}, תרגום מכונה ל{target}, ייתכנו בו טעויות: {text}",
  "report.translations": "תרגומים",
  "report.translation":
    "#{ref}: {original} | {kind, select, machine {תרגום מכונה} other {בתרגום של מתורגמן/ית}}: {text}",
  // הסכמה ותורות (issue 12): סירוב, מעבר הלאה בלי הסכמת כולם, skip, הרמת יד בדיון, תשובה
  // פרטית של מנחה, שאלות סגורות.
  "groundRules.decisionNeeded":
    "כללי השיח ממתינים להחלטה שלכם: דברו איתם בפרטיות, ואז כתבו next כדי להמשיך (מי שלא הסכים/ה נשאר/ת בהמתנה עד שיסכים/תסכים), או remove <משתתף>.",
  "groundRules.nextUnconfirmed":
    "{named, select, yes {עדיין לא כולם הסכימו לכללי השיח: {participants}.} other {{count, plural, one {אדם אחד עדיין לא הסכים} two {שני אנשים עדיין לא הסכימו} other {# אנשים עדיין לא הסכימו}} לכללי השיח.}} כדי להמשיך בכל זאת, כתבו next שוב (או next --force): מי שלא הסכים/ה נשאר/ת בהמתנה עד שיסכים/תסכים.",
  "groundRules.consentClosed": "השאלה הזו סגורה: כללי השיח השתנו מאז. נא לענות על השאלה החדשה ביותר עליהם.",
  "perspective.skipped": "המנחה עבר/ה לדובר/ת הבא/ה.",
  "perspective.waitingForConsent": "התורות יתחילו ברגע שמישהו יצטרף ויסכים לכללי השיח. נא להמתין.",
  "workshop.skipNotHere":
    "הפקודה skip עוברת לדובר/ת הבא/ה, ועכשיו אף אחד לא מדבר בתורו. כדי לעבור לשלב הבא, כתבו next.",
  "discussion.handRaised": "היד שלכם מורמת: אתם במקום {position} בתור. כדי להוריד אותה, כתבו hand down.",
  "discussion.handRaisedNotice":
    "{named, select, yes {{participant} הרים/ה יד.} other {מישהו הרים יד.}} {count, plural, one {יד אחת מורמת} two {שתי ידיים מורמות} other {# ידיים מורמות}}: הפקודה queue מציגה אותן, ו־queue next נותנת את רשות הדיבור לראשון/ה.",
  "discussion.handLowered": "היד שלכם הורדה.",
  "discussion.noQueue": "מרימים יד רק במהלך דיון פתוח.",
  "discussion.queue":
    "{named, select, yes {{count, plural, =0 {אין ידיים מורמות.} other {ידיים מורמות, לפי הסדר: {participants}.}}} other {{count, plural, =0 {אין ידיים מורמות.} one {יד אחת מורמת.} two {שתי ידיים מורמות.} other {# ידיים מורמות.}}}}",
  "discussion.floorTo":
    "{named, select, yes {רשות הדיבור ל{participant}.} other {רשות הדיבור לאדם הבא בתור.}}",
  "discussion.yourFloor": "רשות הדיבור שלכם: דברו עכשיו.",
  "workshop.facilitatorReply": "מנחה עונה לכם בפרטיות: {text}",
  "workshop.replySent": "התשובה שלכם נשלחה בפרטיות אל {participant}; אף אחד אחר לא רואה אותה.",
  "prompt.closed": "השאלה הזו סגורה.",
  "prompt.nothingCollected": "כרגע לא נאסף שום דבר.",
  // Issue 12 (protocol steps and what people read): folded ideas, start, status, join hints, check-in.
  "command.typedPlain":
    "ההודעה לא נקראה כפקודה. כדי להשתמש בה כאן, כתבו {audience, select, facilitator {{fcmd}} other {{cmd}}}{command}",
  "session.opened": "הסדנה נפתחה: אפשר להצטרף עכשיו. כשכולם הצטרפו, כתבו שוב {fcmd}start כדי להתחיל.",
  "stage.kindName":
    "{kind, select, ground_rules {כללי השיח} check_in {סבב פתיחה} perspective_sharing {שיתוף נקודות מבט} needs_articulation {צרכים, חששות ותקוות} brainstorm {סיעור מוחות} discussion {דיון} survey {שאלון} reflection {רפלקציה} message {הודעה} break {הפסקה} joint_statement {הצהרה משותפת} other {שלב}}",
  "checkIn.intro":
    "סבב פתיחה, כ־{minutes, plural, one {דקה אחת} two {שתי דקות} other {# דקות}}: {prompt} תשובה קצרה מכל אחד ואחת, כאן בחדר. הסבב הזה לא נשמר בתיעוד.",
  "checkIn.done": "תודה לכולם. בואו נתחיל.",
  "report.foldedIdea": " (גם באשכול הזה: {ideas})",
  // Safeguarding (issue 13): review and hiding, muting.
  "review.held":
    "ממתין לבדיקה, ‎#{ref}: {text}. אשרו כדי להציג לחדר, או הסתירו (approve {ref} / hide {ref}). לאף אחד לא נמסר מי כתב את זה.",
  "review.approveOption": "אישור",
  "review.hideOption": "הסתרה",
  "review.approved": "‎#{ref} אושר ויוצג לחדר בתורו.",
  "review.hidden": "‎#{ref} הוסתר. הטקסט שלו נשמר רק ביומן הבטיחות של המנחים.",
  "review.unknown": "אין תרומה ‎#{ref} בסדנה הזו.",
  "review.tooLate": "כבר אי אפשר להציג את ‎#{ref}: הוא הוסתר, או שהשלב שלו התקדם.",
  "review.lapsed": "‎#{ref} לא אושר לפני שהשלב שלו הציג את הפריטים, ולכן לא הוצג.",
  "review.notShown":
    "משהו שתרמת לא הוצג לקבוצה. אם תרצו לדבר על זה, אפשר לבקש מהמנחים הפסקה באופן פרטי עם timeout.",
  "mute.muted":
    "{participant} מושתק/ת עד סוף השלב: ההודעות שלו/ה לא מתקבלות. עדיין אפשר לבקש מכם הפסקה באופן פרטי.",
  "mute.unmuted": "{participant} יכול/ה להשתתף שוב.",
  "mute.youAreMuted":
    "אחד המנחים ביקש ממך לעצור עד השלב הבא; ההודעות שלך לא יתקבלו עד אז. עדיין אפשר לבקש מהמנחים הפסקה באופן פרטי עם timeout.",
  "mute.youAreUnmuted": "אפשר להשתתף שוב.",
  "mute.wait":
    "נא להמתין: ההודעות שלך לא מתקבלות עד השלב הבא. אפשר לבקש מהמנחים הפסקה באופן פרטי עם timeout.",
  // evaluation (issue 15): question types, consent to the evaluation, evaluation reports
  "survey.choice": "{question}",
  "survey.thermometer":
    "{question} נא לענות באופן פרטי במספר בין 0 ל־100 ({labels, select, yes {0 = {low}, 100 = {high}} other {0 = קר מאוד, 100 = חם מאוד}}).",
  "survey.thermometerInvalid": "נא לענות במספר שלם בין 0 ל־100. התשובה עדיין לא נרשמה.",
  "evaluation.consentPrompt":
    "האם אפשר להשתמש בתשובות שלך לשאלון, בלי שמך, בהערכת התוכנית? בכל מקרה ההשתתפות שלך נמשכת במלואה, ורק את/ה רואה את השאלה הזאת.",
  "evaluation.consentYes": "כן, אפשר להשתמש בתשובות שלי",
  "evaluation.consentNo": "לא, להשאיר אותן בחוץ",
  "evaluation.consentRecorded":
    "{yes, select, yes {תודה: התשובות שלך ייכללו בהערכה, אף פעם לא עם שמך.} other {הבנו: התשובות שלך לא ייכללו באף נתון של ההערכה. ההשתתפות שלך נמשכת כרגיל.}}",
  "report.surveyMean": "{question}: {respondents, plural, one {תשובה אחת} other {# תשובות}}; ממוצע {mean}",
  "report.prePost": "השינוי מההתחלה ועד הסוף",
  "report.noPairs": "אף שאלה לא נענתה גם בהתחלה וגם בסוף על ידי אותם אנשים.",
  "report.method":
    "נספרים רק מי שהסכימו להערכה וענו גם בהתחלה וגם בסוף. הרווח הוא רווח סמך של 95% לשינוי הממוצע לפי התפלגות t למדגמים מזווגים; d_z הוא השינוי הממוצע חלקי סטיית התקן של השינויים.",
  "report.airtime": "זמן דיבור ואיזון",
  "report.attendance": "נוכחות",
  "report.sessions": "מפגשים",
  "report.excluded":
    "{count, plural, =0 {כולם הסכימו להערכה.} one {אדם אחד לא הסכים להערכה: התשובות שלו לא נכללו.} other {# אנשים לא הסכימו להערכה: התשובות שלהם לא נכללו.}}",
  "report.column":
    "{name, select, session {מפגש} started {התחלה} joined {הצטרפו} stayed {נשארו עד הסוף} respondents {משיבים} airtime {זמן דיבור (שניות)} group {קבוצה} before {לפני} after {אחרי} change {שינוי} ci {רווח סמך 95%} up {עלו} down {ירדו} same {ללא שינוי} participants {משתתפים} turns {תורות} passes {דילוגים} words {מילים} airShare {חלק מזמן הדיבור} peopleShare {חלק מהמשתתפים} balance {איזון (1 = חלק הוגן)} reflections {שיקופים שניתנו} feltHeard {הרגישו שמקשיבים להם} notQuite {לא בדיוק} contributed {השתתפו בפועל} rank {דירוג} idea {רעיון} votes {קולות} need {צורך} recognisedBy {הוכר על ידי} scale {סולם} chartAirtime {זמן דיבור לפי קבוצה (שניות)} chartPrePost {השינוי הממוצע מההתחלה ועד הסוף, עם רווח סמך 95%} chartIdeas {רעיונות לפי תמיכה בכל קבוצה} tableOf {אותם נתונים בטבלה} other {{name}}}",
  "report.summaryLine":
    "{sessions, plural, one {מפגש אחד} other {# מפגשים}}; {joined, plural, one {אדם אחד הצטרף} other {# אנשים הצטרפו}}; {respondents, plural, one {אחד הסכים} other {# הסכימו}} להערכה.",
  "guardian.needed":
    "חדר נוער: {participant} ({id}) הצטרף/ה. כשהסכמת ההורה או האפוטרופוס נמצאת אצלכם, אשרו זאת בפקודה guardian {id}; עד אז שום דבר ממה שישלח/תשלח לא ייספר.",
  "guardian.pending":
    "ברוכים הבאים. לפני שאפשר להשתתף, מישהו מצוות ההנחיה צריך לאשר שהסכמת ההורה או האפוטרופוס שלך נמצאת אצלו. תקבל/י כאן הודעה כשזה יקרה.",
  "guardian.recorded":
    "נרשם: הסכמת אפוטרופוס עבור {participant} נמצאת בתיק (באישורך, עכשיו). שום מסמך לא נשמר.",
  "guardian.confirmed": "מישהו מצוות ההנחיה אישר את הסכמת ההורה או האפוטרופוס שלך: אפשר להשתתף עכשיו.",
  // Safeguarding (issue 13): flags, help requests, alerts and escalation, screening, audit trail.
  "safeguarding.alertOpened":
    "התראה {n}: אשרו אותה עם ack {n}. אם איש לא יאשר בתוך {minutes, plural, one {דקה אחת} two {שתי דקות} other {# דקות}}, האחראי/ת על המוגנות יקבל/תקבל הודעה.",
  "safeguarding.flagEmpty":
    "נא לכתוב על מה הדיווח: flag ואחריו מה קרה (הוסיפו ‎--name אם תרצו שהמנחים יֵדעו שזה אתם).",
  "safeguarding.flagged":
    "דיווח {n}: משתתף/ת דיווח/ה על {hasTarget, select, none {משהו בסדנה} other {הודעה שפורסמה בחדר{hasLink, select, none {} other { ({link})}}: {text}}}.{hasReason, select, none {} other { הסיבה שנמסרה: {reason}.}} {named, select, none {השם לא נמסר.} other {דווח על ידי {by}.}} אשרו עם ack {n} בתוך {minutes, plural, one {דקה אחת} two {שתי דקות} other {# דקות}}, אחרת האחראי/ת על המוגנות יקבל/תקבל הודעה.",
  "safeguarding.flagReceived":
    "תודה. הדיווח שלך הגיע למנחים באופן פרטי{named, select, none {, בלי שמך} other {, עם שמך}}.",
  "safeguarding.helpRequested":
    "בקשת עזרה {n}: {participant} ביקש/ה עזרה באופן פרטי{hasText, select, none {.} other {: {text}}} נא לפנות אליו/ה עכשיו, באופן פרטי, ולאשר עם ack {n}.",
  "safeguarding.helpReceived":
    "בקשת העזרה שלך הגיעה למנחים{lead, select, none {} other { ולאחראי/ת על המוגנות}} באופן פרטי. אף אחד אחר בסדנה לא יודע עליה.{hasText, select, none { מישהו ייצור איתך קשר בקרוב. אם את/ה בסכנה עכשיו, התקשר/י למספר החירום המקומי.} other { {text}}}",
  "safeguarding.ackUnknown": "אין התראה פתוחה מספר {n}.",
  "safeguarding.acknowledged": "{by} אישר/ה את התראה {n}.",
  "safeguarding.escalated":
    "התראה {n} ב-{room} ({kind, select, timeout {בקשת הפסקה} flag {דיווח} help {בקשת עזרה} other {התראה}}{hasParticipant, select, none {} other {, מאת {participant}}}) לא אושרה על ידי אף מנחה בתוך {minutes, plural, one {דקה אחת} two {שתי דקות} other {# דקות}}. נא לבדוק מה קורה בסדנה.",
  "safeguarding.escalatedFacilitators":
    "איש לא אישר את התראה {n} בזמן. {lead, select, none {לא הוגדר/ה אחראי/ת מוגנות לחדר הזה.} other {האחראי/ת על המוגנות קיבל/ה הודעה.}}",
  "safeguarding.autoPaused":
    "אין אף מנחה ב-{room}, ולכן הסדנה הושהתה אוטומטית אחרי התראה {n} ({kind, select, timeout {בקשת הפסקה} flag {דיווח} help {בקשת עזרה} screening {תרומה שסומנה בסינון} other {התראה}}). נא לבדוק מה קורה.",
  "safeguarding.audit":
    "יומן הביקורת: {count, plural, one {רשומה אחת} two {שתי רשומות} other {# רשומות}}{shown, plural, =0 {.} other {; האחרונות ({shown}):}}\n{items}",
  "safeguarding.screened":
    "סינון, התראה {n}: {action, select, held {הבוט מעכב את התרומה הזו לבדיקה כמספר #{ref}; איש בחדר לא יראה אותה עד שתאשרו אותה (approve {ref} / hide {ref})} other {הבוט מציג את התרומה הזו בחדר}}: {text}.{hasTerms, select, none {} other { מילים שנמצאו: {terms}.}}{hasCategories, select, none {} other { לפי המסווג: {categories}.}}{down, select, none {} other { המסווג לא ענה.}} אשרו עם ack {n}.",
  // joint statement (issue 16)
  "jointStatement.intro":
    "בואו ננסח הצהרה משותפת. {count, plural, =0 {היא מתחילה ריקה.} one {היא מתחילה ממשפט אחד, להלן.} other {היא מתחילה מ־# משפטים, להלן.}} במשך כ־{minutes, plural, one {דקה אחת} other {# דקות}}, הציעו עד {max} תיקונים: ‎+ טקסט‎ מוסיף משפט, ‎- 3‎ מוחק את משפט 3, ‎3: טקסט‎ מנסח אותו מחדש, ‎3 ar: טקסט‎ מציע את נוסחו בשפה אחרת של הסדנה (כאן ערבית).",
  "jointStatement.collect":
    "כתבו תיקון: ‎+ טקסט‎, ‎- מספר‎, ‎מספר: טקסט‎ או ‎מספר שפה: טקסט‎. {authors, select, kept {התיעוד שומר את שמכם יחד איתו.} other {שום פלט לא מציין מי הציע אותו.}}",
  "jointStatement.sentence": "{number}. [{language}] {text}",
  "jointStatement.empty": "עדיין אין משפטים בהצהרה: הוסיפו משפט עם ‎+ טקסט‎.",
  "jointStatement.amendmentReceived":
    "התיקון שלכם נרשם. {remaining, plural, =0 {לא נותרו לכם תיקונים.} one {אפשר להציע עוד תיקון אחד.} other {אפשר להציע עוד # תיקונים.}}",
  "jointStatement.amendmentRefused":
    "{reason, select, cap {כבר הצעתם {max} תיקונים.} number {אין משפט במספר הזה.} language {השפה הזאת אינה אחת משפות הסדנה.} other {כתבו אותו כך: ‎+ טקסט‎, ‎- מספר‎, ‎מספר: טקסט‎ או ‎מספר שפה: טקסט‎.}}",
  "jointStatement.reviewPhase":
    "למנחים: מזגו תיקונים כפולים עם cluster <מספרים> as duplicate (הראשון נשאר להצבעה), ואז כתבו next.",
  "jointStatement.amendment":
    "תיקון {number}: {action, select, add {הוספה [{language}] „{text}”} delete {מחיקת משפט {sentence}} reword {ניסוח מחדש של משפט {sentence} [{language}] כ„{text}”} other {משפט {sentence} בשפה [{language}]: „{text}”}}",
  "jointStatement.merged": "התיקונים {amendments} מוזגו: מצביעים רק על הראשון.",
  "jointStatement.mergeRefused":
    "לא ניתן למזג את {amendments}: ציינו שני מספרים או יותר של תיקונים שעדיין ברשימה.",
  "jointStatement.votePrompt":
    "תיקון {number}: {action, select, add {הוספה [{language}] „{text}”} delete {מחיקת משפט {sentence}} reword {ניסוח מחדש של משפט {sentence} [{language}] כ„{text}”} other {משפט {sentence} בשפה [{language}]: „{text}”}}. האם אתם תומכים בו? {grouped, select, yes {הוא מתקבל רק בתמיכת {rule, select, consensus {כל חברי} other {רוב}} כל קבוצה נוכחת.} other {הוא מתקבל בתמיכת {rule, select, consensus {כל הנוכחים} other {רוב הנוכחים}}.}}",
  "jointStatement.yes": "כן",
  "jointStatement.no": "לא",
  "jointStatement.answerRecorded": "התשובה שלכם נרשמה; אפשר לשנות אותה עד שהסבב נסגר.",
  "jointStatement.amendmentResult":
    "תיקון {number} {accepted, select, yes {התקבל} other {לא התקבל}}.{grouped, select, yes {{hasPassed, select, none {} other { עבר ב: {passed}.}}{hasFailed, select, none {} other { לא עבר ב: {failed}.}}} other {}}",
  "jointStatement.consentIntro":
    "סבב הסכמה על הנוסח הסופי ({count, plural, one {משפט אחד} other {# משפטים}}, כ־{minutes, plural, one {דקה אחת} other {# דקות}}). ענו על כל משפט, בכל שפה שמוצגת, ובחרו עד כמה אפשר לשתף את ההצהרה. משפט עובר רק אם כל קבוצה נוכחת מסכימה לו. משפט שהוסכם הוא הטקסט של הקבוצות: אם תבקשו בהמשך מ־Parley לשכוח אתכם, התיקונים שלכם ושמכם יימחקו, אבל משפט שהקבוצות הסכימו לו יישאר.",
  "jointStatement.missingVersion":
    "למשפט {number} עדיין אין נוסח ב־{languages}, ולכן אי אפשר להסכים לו בסבב הזה.",
  "jointStatement.consentPrompt": "האם אתם מסכימים למשפט {number}, בכל שפה שמוצגת?",
  "jointStatement.scopePrompt":
    "המנחים מציעים לשתף את ההצהרה עם {proposed, select, room {החדר בלבד} communities {הקהילות של המשתתפים} other {הציבור}}. עד כמה היא יכולה להגיע? הבחירה המצומצמת ביותר של קבוצה כלשהי קובעת.",
  "jointStatement.scope": "{scope, select, room {החדר בלבד} communities {הקהילות שלנו} other {הציבור}}",
  "jointStatement.sentenceResult":
    "משפט {number}: {passed, select, yes {הוסכם} other {לא הוסכם{missing, plural, =0 {} other { (אין נוסח ב־{languages})}}}}.",
  "jointStatement.result":
    "{passed, select, yes {כל קבוצה נוכחת הסכימה להצהרה.} other {ההצהרה בכללותה לא הוסכמה; רק משפטים שהוסכמו יכולים לצאת מהחדר.}} שיתוף: {scope, select, room {החדר בלבד} communities {הקהילות של המשתתפים} other {הציבור}}.{grouped, select, yes {{hasConsented, select, none {} other { הסכימו: {consented}.}}{hasNotConsented, select, none {} other { לא הסכימו: {notConsented}.}}} other {}}",
  "jointStatement.closedPhase":
    "למנחים: קבוצה יכולה לבקש לבטל את הסכמתה (withdraw <קבוצה>) לפני שתכתבו next.",
  "jointStatement.withdrawn": "לבקשתה, המנחים ביטלו את ההסכמה של {group}.",
  "jointStatement.withdrawRefused": "לא בוטל דבר: {group} אינה קבוצה בסדנה הזאת, או שהסכמתה כבר בוטלה.",
  "jointStatement.translatePrompt":
    "חסרה שפה, או שיש תרגום טוב יותר? הציעו נוסח של משפט כך: ‎מספר שפה: טקסט‎ (למשל ‎2 ar:‎ ואחריו הנוסח בערבית). אז כולם נשאלים שוב על המשפט הזה. {authors, select, kept {התיעוד שומר את שמכם יחד איתו.} other {שום פלט לא מציין מי הציע אותו.}}",
  "jointStatement.translated": "למשפט {number} יש נוסח חדש ב־{language}: ענו עליו שוב, בבקשה.",
  "report.statements": "הצהרה משותפת",
  "report.statement":
    "{passed, select, yes {הוסכמה על ידי כל קבוצה נוכחת} other {לא הוסכמה בכללותה}}; שיתוף: {scope, select, room {החדר בלבד} communities {הקהילות של המשתתפים} other {הציבור}}.{hasConsented, select, none {} other { קבוצות שהסכימו: {consented}.}}",
  "report.statementSentence": "{number}. [{language}] {text}{consented, select, yes {} other { (לא הוסכם)}}",
  "programme.opensSoon":
    "הסדנה המתוכננת שלך בחדר הזה נפתחת בעוד {minutes, plural, one {דקה אחת} other {# דקות}} (מהלך: {flow}).",
  "programme.broadcast": "מרכזי התוכנית: {text}",
  // hand buttons in a discussion (issue 12)
  "discussion.handPrompt": "רוצים לדבר? הרימו יד: המנחים נותנים את רשות הדיבור לפי סדר הרמת הידיים.",
  "discussion.raiseHand": "הרמת יד",
  "discussion.lowerHand": "הורדת יד",
  // safeguarding (issue 13): a ballot corrected after an idea on it was hidden
  "brainstorm.ballotRevised": `פתק ההצבעה השתנה: רעיון אחד הוסר ממנו. קולות שניתנו לו אינם נספרים ואפשר לתת אותם שוב. יש לכם ${votes("dots")}. אף אחד, גם לא המנחים, לא יראה איך הצבעתם: מוצגים רק סיכומים{grouped, select, yes { והחלק של כל קבוצה} other {}}.`,
  // safeguarding (issue 13): a hide that could not take back every copy of a post
  "review.removeByHand":
    "לא ניתן היה להסיר את ‎#{ref} מהחדר במלואו: {code, select, interrupted {הבוט נקטע בזמן שפרסם אותו ואינו מוצא כל עותק שייתכן שפרסם} missing_permission {לבוט חסרה הרשאה להסיר אותו} not_found {הבוט לא מצא את ההודעה שלו} other {הפלטפורמה לא הסירה אותו}}. נא לחפש אותו ב־{room} ולהסיר אותו ידנית. הוא אינו נכלל בסיכום ובדוחות.",
  // The facilitators' `report` in chat (issue 15)
  "report.files":
    "הדוח של הסדנה הזו ({flow}, מפגש {session}) {format, select, html {כדף HTML} csv {כטבלאות CSV} json {בפורמט JSON} other {בפורמט Markdown}}, למנחים בלבד. הוא שומר על הסודיות של התהליך; שמרו אותו בפרטיות.",
  "report.nothing": "עדיין אין בחדר הזה סדנה שאפשר להפיק עליה דוח.",
  // Turn-taking chosen at start (issue 14): a flow that offers one mode only; a workshop already open.
  "flow.turnTakingFixed":
    "{flow} פועל רק {allowed, select, strict {בתורות קפדניות (רק מי שבתורו יכול לכתוב)} other {בתורות גמישות (מבקשים מהאחרים להמתין)}}, ולכן אי אפשר להתחיל אותו בתורות {mode, select, strict {קפדניות} other {גמישות}}. התחילו אותו בלי לבחור, או בחרו תהליך שמציע את שתיהן.",
  "session.turnTakingSet":
    "הסדנה הזו נפתחה בתורות {mode, select, strict {קפדניות} other {גמישות}}, ואי אפשר לשנות זאת עכשיו. כדי להריץ אותה בדרך האחרת, סיימו אותה והתחילו אותה מחדש.",
};
