// Arabic (Modern Standard Arabic). Plurals use CLDR's six Arabic categories.
// Command names (join, next…) stay in Latin letters: they are what people type.
import type { Catalogue } from "./keys.ts";

const minutes =
  "{minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتان} few {# دقائق} many {# دقيقة} other {# دقيقة}}";
const seconds =
  "{seconds, plural, zero {# ثانية} one {ثانية واحدة} two {ثانيتان} few {# ثوانٍ} many {# ثانية} other {# ثانية}}";
const votes = (v: string) =>
  `{${v}, plural, zero {لا أصوات} one {صوت واحد} two {صوتان} few {# أصوات} many {# صوتًا} other {# صوت}}`;
const people =
  "{count, plural, zero {لا أحد} one {شخص واحد} two {شخصان} few {# أشخاص} many {# شخصًا} other {# شخص}}";

export const ar: Catalogue = {
  "workshop.welcome":
    "أهلًا بكم في {title}. {hasDescription, select, none {} other {{description} }}للمشاركة، اكتبوا join متبوعة باسم مجموعتكم{hasGroups, select, none {} other { ({groups})}}.",
  "workshop.started": "بدأت الورشة: {title}.",
  "workshop.paused": "أوقف الميسّر الورشة مؤقتًا. يُرجى الانتظار.",
  "workshop.notWhilePaused": "الورشة متوقفة مؤقتًا، لذلك لم يُسجَّل هذا. يُرجى إرساله مرة أخرى عند استئنافها.",
  "workshop.resumed": "تستأنف الورشة.",
  "workshop.ended": "انتهت الورشة. شكرًا لكم جميعًا على المشاركة.",
  "workshop.stageOpens": "المرحلة {number} من {count}: {stage}",
  "workshop.participantJoined": "انضم {participant}{hasGroup, select, none {} other { ({group})}}.",
  "workshop.participantLeft": "غادر {participant}.",
  "workshop.timeoutRequested":
    "طلب {participant} استراحة قصيرة{hasReason, select, none {.} other {: {reason}}}",
  "workshop.timeoutAcknowledged": "وصل طلب الاستراحة إلى الميسّرين بشكل خاص.",
  "workshop.extended": `أضاف الميسّر ${minutes}.`,
  "workshop.notYourTurn": "يُرجى الانتظار: الدور الآن لـ {participant}.",
  "workshop.heldAtConsent": `الورشة في انتظار موافقة الجميع على قواعد الحوار؛ لم يوافق بعدُ: ${people}{hasParticipants, select, none {.} other { ({participants}).}}`,
  "workshop.removed": "لم يعد {participant} مشاركًا في الورشة.",
  "groundRules.intro":
    "قبل أن نبدأ، يُرجى قراءة {count, plural, zero {قواعد الحوار} one {قاعدة الحوار} two {قاعدتي الحوار} few {قواعد الحوار الـ#} many {قواعد الحوار الـ#} other {قواعد الحوار الـ#}}.",
  "groundRules.rule": "{number}. {rule}",
  "groundRules.consentPrompt": "هل توافق على الالتزام بقواعد الحوار هذه؟",
  "groundRules.consentYes": "أوافق",
  "groundRules.consentNo": "لا أوافق",
  "groundRules.consented": "شكرًا، {participant}: سُجّلت موافقتك على قواعد الحوار.",
  "groundRules.allConsented": "وافق الجميع على قواعد الحوار. شكرًا لكم.",
  "groundRules.refused": "لم يوافق {participant} على قواعد الحوار. يُرجى التحدث معه على انفراد.",
  "groundRules.noAnswer": `لم يُجب بعدُ عن قواعد الحوار: ${people}{hasParticipants, select, none {.} other { ({participants}).}}`,
  "groundRules.awaitingDecision": "شكرًا لك. سيتحدث معك أحد الميسّرين قبل أن تستمر الورشة.",
  "groundRules.proposeRule": "هل تودّ اقتراح قاعدة حوار أخرى؟ اكتبها هنا.",
  "groundRules.proposedRule": "قاعدة مقترحة من {participant}: {rule}",
  "perspective.intro": `يشارك كل شخص الآن وجهة نظره بالدور، ولكلٍّ ${seconds}. السؤال: {prompt}`,
  "perspective.yourTurn": `حان دورك للمشاركة. لديك ${seconds}.`,
  "perspective.turnOf": "الدور الآن لـ {participant}. يُرجى من الجميع الإصغاء.",
  "perspective.warning": `بقي ${seconds}.`,
  "perspective.timeUp": "انتهى وقت {participant}. شكرًا لك.",
  "perspective.passed": "تخطّى {participant} دوره.",
  "perspective.pass": "أتخطّى دوري",
  "perspective.done": "انتهيت",
  "perspective.contribution": "{participant}: {text}",
  "perspective.reflectBackPrompt":
    "{participant}، أعد بكلماتك ما سمعت {named, select, yes {{speaker}} other {المتحدث السابق}} يقوله.",
  "perspective.feltHeardPrompt": "هل شعرت بأنك مسموع؟",
  "perspective.feltHeardYes": "نعم، شعرت بأنني مسموع",
  "perspective.feltHeardNo": "ليس تمامًا",
  "perspective.roundStarts": "الجولة {round} من {rounds}.",
  "needs.intro": `نكتب الآن، بشكل خاص، الاحتياجات والمخاوف والآمال. {prompt} لديكم ${minutes}.`,
  "needs.collect":
    "اكتب {category, select, needs {احتياجًا} fears {خوفًا} hopes {أملًا} other {احتياجًا أو خوفًا أو أملًا}} لمجتمعك. لا يرى كاتبه إلا الميسّرون.",
  "needs.received": "شكرًا لك، وصلنا ما كتبت.",
  "needs.presentGroup": "ما كتبته {group}:",
  "needs.item": "{category, select, needs {احتياج} fears {خوف} hopes {أمل} other {بند}}: {text}",
  "needs.recognisePrompt": "أيّ احتياجات المجموعة الأخرى تعترف بأنها حقيقية ومهمة؟",
  "needs.recognised":
    "{count, plural, zero {لم تعترف أي مجموعة أخرى بأي احتياج.} one {اعترفت مجموعة أخرى باحتياج واحد.} two {اعترفت مجموعة أخرى باحتياجين.} few {اعترفت مجموعة أخرى بـ# احتياجات.} many {اعترفت مجموعة أخرى بـ# احتياجًا.} other {اعترفت مجموعة أخرى بـ# احتياج.}}",
  "brainstorm.intro": `عصف ذهني: {prompt} أرسلوا أفكاركم بشكل خاص، حتى {max, plural, zero {# فكرة} one {فكرة واحدة} two {فكرتين} few {# أفكار} many {# فكرة} other {# فكرة}} لكل شخص، خلال ${minutes}.`,
  "brainstorm.collect": "اكتب فكرة.",
  "brainstorm.ideaReceived":
    "وصلت فكرتك. {remaining, plural, zero {لم يعد بإمكانك إرسال المزيد.} one {يمكنك إرسال فكرة واحدة أخرى.} two {يمكنك إرسال فكرتين أخريين.} few {يمكنك إرسال # أفكار أخرى.} many {يمكنك إرسال # فكرة أخرى.} other {يمكنك إرسال # فكرة أخرى.}}",
  "brainstorm.idea": "#{number}: {text}",
  "brainstorm.capReached":
    "أرسلت {max, plural, zero {# فكرة} one {فكرة واحدة} two {فكرتين} few {# أفكار} many {# فكرة} other {# فكرة}}، وهو الحد الأقصى في هذا العصف الذهني.",
  "brainstorm.clusterPhase":
    "يجمع الميسّرون الأفكار المتشابهة (cluster <ids> as <label>). اكتبوا next عند الانتهاء.",
  "brainstorm.clusterRejected":
    "تعذّر جمع {ideas}: استخدم الأرقام الواردة في قائمة الأفكار المعروضة في هذا العصف الذهني.",
  "brainstorm.clustered": "جُمعت الأفكار {ideas} تحت عنوان {label}.",
  "brainstorm.votePrompt": `صوّت للأفكار التي تدعمها. لديك ${votes("dots")}.`,
  "brainstorm.voteRecorded":
    "سُجّل صوتك. {remaining, plural, zero {استخدمت كل أصواتك.} one {بقي لك صوت واحد.} two {بقي لك صوتان.} few {بقيت لك # أصوات.} many {بقي لك # صوتًا.} other {بقي لك # صوت.}}",
  "brainstorm.voteRejected":
    "لم يُحتسب هذا الصوت: {reason, select, noDots {لم تبقَ لك أصوات} maxPerIdea {منحت هذه الفكرة الحد الأقصى من الأصوات} unknown {هذه الفكرة غير موجودة} closed {التصويت مغلق} other {الصوت غير صالح}}.",
  "brainstorm.results": "الأفكار التي حظيت بأوسع دعم بين المجموعات:",
  "brainstorm.rankedIdea": `{rank}. {text} (الدعم بين المجموعات: {support, number, percent}، ${votes("votes")})`,
  "discussion.intro": `نقاش مفتوح، ${minutes}: {prompt}`,
  "survey.intro":
    "استبيان قصير: {count, plural, zero {# سؤال} one {سؤال واحد} two {سؤالان} few {# أسئلة} many {# سؤالًا} other {# سؤال}}. إجاباتك سرية.",
  "survey.likert": "{question} (1 = إطلاقًا، {points} = تمامًا)",
  "survey.text": "{question}",
  "survey.answerRecorded": "سُجّلت إجابتك.",
  "survey.done": "شكرًا لك على الإجابة عن الاستبيان.",
  "message.text": "{text}",
  "break.starts": `استراحة لمدة ${minutes}.{hasText, select, none {} other { {text}}}`,
  "break.ends": "انتهت الاستراحة. أهلًا بعودتكم.",
  "summary.title": "ملخص الورشة: {title}",

  "command.facilitatorOnly": "الأمر {command} متاح للميسّرين فقط.",
  "command.unknown": "لا يوجد أمر باسم {command}. {usage}",
  "command.badArguments": "هذه ليست طريقة استخدام {command}. الاستخدام: {usage}",
  "command.help":
    "أوامر للجميع: join [المجموعة]، leave، timeout [السبب] (طلب استراحة يصل إلى الميسّرين بشكل خاص)، forget-me، status، help. للميسّرين: start <المسار>، pause، resume، next، back، extend <دقائق>، floor <مشارك>، remove <مشارك>، cluster <أرقام> as <عنوان>، confirm-forget <مشارك>، end.",
  "session.none": "لا توجد ورشة جارية هنا. يمكن للميسّر بدء ورشة بالأمر start <المسار>.",
  "session.alreadyRunning": "هناك ورشة جارية هنا بالفعل ({flow}). أنهِها أولًا بالأمر end.",
  "session.status":
    "{flow}: المرحلة {stage} من {stages} ({stageId}، {phase}){paused, select, yes {، متوقفة مؤقتًا} other {}}؛ عدد المشاركين: {participants, number}.",
  "flow.invalid": "لا يمكن استخدام المسار {flow}: {errors}",
  "participant.unknown": "لا يوجد مشارك باسم {participant}.",
  "participant.notJoined": "لم تنضم بعد. اكتب join للمشاركة.",
  "join.confirmed": "انضممت{hasGroup, select, none {} other { ضمن {group}}}.",
  "join.already": "أنت مشارك بالفعل.",
  "join.groupRequired": "يُرجى ذكر مجموعتك: join <المجموعة> (إحدى: {groups}).",
  "join.unknownGroup": "لا توجد مجموعة باسم {group}. المجموعات هي: {groups}.",
  "leave.confirmed": "غادرت الورشة.",
  "forget.requested": "أُرسل طلبك بحذف مساهماتك إلى الميسّرين، وسيؤكدونه.",
  "forget.confirmRequest": "يطلب {participant} حذف مساهماته. لتنفيذ ذلك اكتب: confirm-forget {id}",
  "forget.noRequest": "لم يطلب {participant} حذف مساهماته.",
  "forget.done": "حُذفت مساهماتك في هذه الورشة.",
  "forget.confirmed": "حُذفت مساهمات {id}.",
  "error.internal": "حدث خطأ من جهتنا. أُبلغ الميسّرون بذلك.",
  "timer.running": "الوقت المتبقي",
  "timer.cleared": "توقف المؤقت.",
  "delivery.failed":
    "تعذّر إيصال رسالة{code, select, missing_permission {: ينقص البوت إذنٌ في هذه الغرفة} not_found {: لم يُعثر على الغرفة أو الشخص} too_large {: كانت طويلة جدًا} other {}}. ربما لم يرها المشاركون.",
  // Private answers (issue 10): room questions sent to each participant privately.
  "prompt.sentPrivately":
    "{count, plural, zero {لم يُرسَل أي سؤال} one {أُرسل سؤال} two {أُرسل سؤالان} few {أُرسلت # أسئلة} many {أُرسل # سؤالًا} other {أُرسل # سؤال}} إلى كل مشارك ومشاركة على انفراد. يُرجى الإجابة هناك: لا يرى المشاركون الآخرون إجاباتكم.",
  "floor.strictUnavailable":
    "تنظيم الأدوار الصارم غير متاح{code, select, missing_permission { لأن البوت ينقصه إذن} unsupported { على هذه المنصة} other {}}. سيُستخدم التنظيم المرن: يعلن البوت صاحب الدور، لكنه لا يستطيع منع الآخرين من الكتابة.",
  "matrix.encryptedRoom":
    "Parley: هذه الغرفة مشفّرة تشفيرًا تامًّا بين الطرفين، ولا يستطيع Parley فكّ تشفير الرسائل. يمكنه النشر هنا (رسائله هو غير مشفّرة)، ورؤية من ينضم ومن يغادر، وعدّ التفاعلات على أسئلته، لكنه لا يستطيع قراءة الأوامر أو المساهمات أو الردود المرقّمة المرسلة في هذه الغرفة. لإدارة ورشة، استخدموا غرفة بلا تشفير (لا يمكن إيقاف التشفير بعد تفعيله، لذا أنشئوا غرفة جديدة). المدخلات الخاصة تمرّ عبر غرف مباشرة يفتحها Parley بلا تشفير.",
  "matrix.timerLeft": "⏱ {left} ({time} بتوقيت UTC)",
  "report.confidentiality":
    "السرية: {mode, select, open {مفتوحة (تُحفظ الأسماء)} chathamHouse {قاعدة تشاتام هاوس (ما قيل، لا من قاله)} anonymous {مجهولة الهوية} other {{mode}}}",
  "report.stages": "المراحل: {stages}",
  "report.ideas": "الأفكار مرتبة حسب الدعم بين المجموعات",
  "report.idea": `{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: {support, number, percent} بين المجموعات، ${votes("votes")}`,
  "report.noIdeas": "لم يُصوَّت على أي فكرة.",
  "report.needs": "احتياجات اعترفت بها مجموعة أخرى",
  "report.need": "{text} ({group})، اعترفت بها: {groups}",
  "report.noNeeds": "لم تعترف أي مجموعة أخرى بأي احتياج.",
  "report.participation": "المشاركة حسب المجموعة",
  "report.participationRow":
    "{group}: المشاركون {participants, number}، الأدوار {turns, number}، الكلمات {words, number}، التخطّي {passes, number}",
  "report.contributions": "المساهمات",
  "report.contribution": "{hasAuthor, select, none {} other {{author}: }}{text}",
};
