// Hebrew. Addressing the reader in the plural (אתם/ן) where gender is unknown, as chat bots in
// Hebrew commonly do; CLDR plural categories one/two/other.
import type { Catalogue } from "./keys.ts";

const minutes = "{minutes, plural, one {דקה אחת} two {שתי דקות} other {# דקות}}";
const seconds = "{seconds, plural, one {שנייה אחת} two {שתי שניות} other {# שניות}}";
const votes = (v: string) => `{${v}, plural, one {קול אחד} two {שני קולות} other {# קולות}}`;
const people = "{count, plural, one {אדם אחד} two {שני אנשים} other {# אנשים}}";

export const he: Catalogue = {
  "workshop.welcome":
    "ברוכים הבאים ל־{title}. {hasDescription, select, none {} other {{description} }}כדי להשתתף, כתבו join ואחריו את שם הקבוצה שלכם{hasGroups, select, none {} other { ({groups})}}.",
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
  "groundRules.proposeRule": "רוצים להציע כלל שיח נוסף? כתבו אותו כאן.",
  "groundRules.proposedRule": "כלל שיח שהציע/ה {participant}: {rule}",
  "perspective.intro": `עכשיו כל אחד ואחת משתפים בתורם את נקודת המבט שלהם, ${seconds} לכל אחד. השאלה: {prompt}`,
  "perspective.yourTurn": `תורך לשתף. יש לך ${seconds}.`,
  "perspective.turnOf": "עכשיו תורו/ה של {participant}. כל השאר, בואו נקשיב.",
  "perspective.warning": `נותרו ${seconds}.`,
  "perspective.timeUp": "הזמן של {participant} נגמר. תודה.",
  "perspective.passed": "{participant} ויתר/ה על התור.",
  "perspective.pass": "אני מוותר/ת על התור",
  "perspective.done": "סיימתי",
  "perspective.contribution": "{participant}: {text}",
  "perspective.reflectBackPrompt":
    "{participant}, אמור/אמרי במילים שלך מה שמעת את {named, select, yes {{speaker}} other {הדובר/ת הקודם/ת}} אומר/ת.",
  "perspective.feltHeardPrompt": "הרגשת שהקשיבו לך?",
  "perspective.feltHeardYes": "כן, הרגשתי שהקשיבו לי",
  "perspective.feltHeardNo": "לא לגמרי",
  "perspective.roundStarts": "סבב {round} מתוך {rounds}.",
  "needs.intro": `עכשיו נכתוב, באופן פרטי, צרכים, חששות ותקוות. {prompt} יש לכם ${minutes}.`,
  "needs.collect":
    "כתבו {category, select, needs {צורך} fears {חשש} hopes {תקווה} other {צורך, חשש או תקווה}} של הקהילה שלכם. רק המנחים רואים מי כתב.",
  "needs.received": "תודה, קיבלנו.",
  "needs.presentGroup": "מה שנכתב ב־{group}:",
  "needs.item": "{category, select, needs {צורך} fears {חשש} hopes {תקווה} other {פריט}}: {text}",
  "needs.recognisePrompt": "אילו מהצרכים של הקבוצה האחרת את/ה מכיר/ה בהם כאמיתיים וחשובים?",
  "needs.recognised":
    "{count, plural, =0 {אף צורך לא הוכר על ידי קבוצה אחרת.} one {צורך אחד הוכר על ידי קבוצה אחרת.} two {שני צרכים הוכרו על ידי קבוצה אחרת.} other {# צרכים הוכרו על ידי קבוצה אחרת.}}",
  "brainstorm.intro": `סיעור מוחות: {prompt} שלחו את הרעיונות שלכם באופן פרטי, עד {max, plural, one {רעיון אחד} two {שני רעיונות} other {# רעיונות}} לכל אחד, במשך ${minutes}.`,
  "brainstorm.collect": "כתבו רעיון.",
  "brainstorm.ideaReceived":
    "הרעיון התקבל. {remaining, plural, =0 {אי אפשר לשלוח עוד רעיונות.} one {אפשר לשלוח עוד רעיון אחד.} two {אפשר לשלוח עוד שני רעיונות.} other {אפשר לשלוח עוד # רעיונות.}}",
  "brainstorm.idea": "#{number}: {text}",
  "brainstorm.capReached":
    "שלחת {max, plural, one {רעיון אחד} two {שני רעיונות} other {# רעיונות}}, המספר המרבי בסיעור המוחות הזה.",
  "brainstorm.clusterPhase": "המנחים מקבצים רעיונות דומים (cluster <ids> as <label>). כתבו next בסיום.",
  "brainstorm.clusterRejected":
    "לא ניתן לקבץ את {ideas}: השתמשו במספרים מרשימת הרעיונות שהוצגה בסיעור המוחות הזה.",
  "brainstorm.clustered": "הרעיונות {ideas} קובצו עכשיו תחת {label}.",
  "brainstorm.votePrompt": `הצביעו בעד הרעיונות שאתם תומכים בהם. יש לכם ${votes("dots")}.`,
  "brainstorm.voteRecorded":
    "ההצבעה נרשמה. {remaining, plural, =0 {השתמשת בכל הקולות שלך.} one {נותר לך קול אחד.} two {נותרו לך שני קולות.} other {נותרו לך # קולות.}}",
  "brainstorm.voteRejected":
    "ההצבעה לא נספרה: {reason, select, noDots {לא נותרו לך קולות} maxPerIdea {נתת לרעיון הזה את מספר הקולות המרבי} unknown {הרעיון הזה לא קיים} closed {ההצבעה סגורה} other {היא אינה תקפה}}.",
  "brainstorm.results": "הרעיונות שזכו לתמיכה הרחבה ביותר בין הקבוצות:",
  "brainstorm.rankedIdea": `{rank}. {text} (תמיכה בין הקבוצות: {support, number, percent}, ${votes("votes")})`,
  "discussion.intro": `שיחה פתוחה, ${minutes}: {prompt}`,
  "survey.intro":
    "סקר קצר: {count, plural, one {שאלה אחת} two {שתי שאלות} other {# שאלות}}. התשובות שלך פרטיות.",
  "survey.likert": "{question} (1 = בכלל לא, {points} = לגמרי)",
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
    "פקודות לכולם: join [קבוצה], leave, timeout [סיבה] (בקשה פרטית להפסקה), forget-me, status, help. למנחים: start <תהליך>, pause, resume, next, back, extend <דקות>, floor <משתתף>, remove <משתתף>, cluster <מספרים> as <כותרת>, confirm-forget <משתתף>, end.",
  "session.none": "אין כאן סדנה פעילה. מנחה יכול/ה להתחיל סדנה עם start <תהליך>.",
  "session.alreadyRunning": "כבר מתקיימת כאן סדנה ({flow}). סיימו אותה קודם עם end.",
  "session.status":
    "{flow}: שלב {stage} מתוך {stages} ({stageId}, {phase}){paused, select, yes {, בהשהיה} other {}}; {participants, plural, one {משתתף אחד} two {שני משתתפים} other {# משתתפים}}.",
  "flow.invalid": "אי אפשר להשתמש בתהליך {flow}: {errors}",
  "participant.unknown": "אין משתתף/ת בשם {participant}.",
  "participant.notJoined": "עדיין לא הצטרפת. כתבו join כדי להשתתף.",
  "join.confirmed": "הצטרפת{hasGroup, select, none {} other {. הקבוצה שלך: {group}}}.",
  "join.already": "כבר הצטרפת.",
  "join.groupRequired": "נא לציין לאיזו קבוצה את/ה שייך/ת: join <קבוצה> (אחת מ: {groups}).",
  "join.unknownGroup": "אין קבוצה בשם {group}. הקבוצות הן: {groups}.",
  "leave.confirmed": "עזבת את הסדנה.",
  "forget.requested": "הבקשה שלך למחוק את התרומות שלך נשלחה למנחים. הם יאשרו אותה.",
  "forget.confirmRequest":
    "{participant} מבקש/ת למחוק את התרומות שלו/ה. כדי לעשות זאת, כתבו: confirm-forget {id}",
  "forget.noRequest": "{participant} לא ביקש/ה למחוק את התרומות שלו/ה.",
  "forget.done": "התרומות שלך לסדנה הזו נמחקו.",
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
  "matrix.encryptedRoom":
    "Parley: החדר הזה מוצפן מקצה לקצה, ו־Parley אינו יכול לפענח הודעות. הוא יכול לפרסם כאן (ההודעות שלו אינן מוצפנות), לראות מי מצטרף ומי עוזב ולספור תגובות לשאלות שלו, אבל אינו יכול לקרוא פקודות, תרומות או תשובות ממוספרות שנשלחות בחדר הזה. כדי לנהל סדנה, השתמשו בחדר ללא הצפנה (אי אפשר לבטל הצפנה אחרי שהופעלה, לכן צרו חדר חדש). קלט פרטי עובר בחדרים ישירים ש־Parley פותח ללא הצפנה.",
  "matrix.timerLeft": "⏱ {left} (בשעה {time} UTC)",
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
};
