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
    "أهلًا بكم في {title}. {hasDescription, select, none {} other {{description} }}للمشاركة، اكتبوا {cmd}join متبوعة باسم مجموعتكم{hasGroups, select, none {} other { ({groups})}}.",
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
  "groundRules.proposeRule":
    "هل تودّ اقتراح قاعدة حوار أخرى؟ اكتبها هنا. {authors, select, kept {ستُعرض على الجميع مع اسمك.} other {ستُعرض على الجميع دون اسمك، ولن يُخبَر أحد، بمن فيهم الميسّرون، بمن اقترحها.}}",
  "groundRules.proposedRule":
    "{named, select, yes {قاعدة مقترحة من {participant}: {rule}} other {اقتُرحت قاعدة جديدة: {rule}}}",
  "perspective.intro": `يشارك كل شخص الآن وجهة نظره بالدور، ولكلٍّ ${seconds}. السؤال: {prompt}`,
  "perspective.yourTurn": `حان دورك للمشاركة. لديك ${seconds}. {anonymous, select, yes {اكتب مشاركتك هنا: سينشرها Parley في الغرفة دون اسمك، ولن يرى أحد، بمن فيهم الميسّرون، من كتبها.} other {تحدّث في الغرفة؛ يرى الجميع هناك اسمك.}}`,
  "perspective.turnOf": "الدور الآن لـ {participant}. يُرجى من الجميع الإصغاء.",
  "perspective.warning": `بقي ${seconds}.`,
  "perspective.timeUp": "انتهى وقت {participant}. شكرًا لك.",
  "perspective.passed": "تخطّى {participant} دوره.",
  "perspective.pass": "أتخطّى دوري",
  "perspective.done": "انتهيت",
  "perspective.contribution": "{participant}: {text}",
  "perspective.reflectBackPrompt":
    "{participant}، أعد بكلماتك ما سمعت {named, select, yes {{speaker}} other {المتحدث السابق}} يقوله.{named, select, yes {} other { سينشره Parley دون اسمك.}}",
  "perspective.feltHeardPrompt": "هل شعرت بأنك مسموع؟",
  "perspective.feltHeardYes": "نعم، شعرت بأنني مسموع",
  "perspective.feltHeardNo": "ليس تمامًا",
  "perspective.roundStarts": "الجولة {round} من {rounds}.",
  // active listening (issue 12): who reflects whom, "not quite" to facilitators, "anything to add?"
  "perspective.reflecting": "يعيد {participant} الآن صياغة ما قاله {speaker}. نرجو من الجميع الإصغاء.",
  "perspective.anonymousReflecting":
    "يعيد أحد المستمعين الآن صياغة ما قاله المتحدث السابق. سيظهر هنا دون اسم.",
  "perspective.notQuiteHeard":
    "{named, select, yes {لم يشعر {speaker} تمامًا بأنه مسموع في إعادة صياغة {participant}.} other {لم يشعر أحد المشاركين تمامًا بأنه مسموع في إعادة الصياغة.}} لا يرى هذا إلا الميسّرون.",
  "perspective.addMoment": `يمكن للمتحدث الذي أُعيدت صياغة كلامه أن يضيف شيئًا الآن، لمدة أقصاها ${seconds}.{anonymous, select, yes { سيظهر هنا دون اسم.} other {}}`,
  "perspective.addPrompt": `هل لديك ما تضيفه؟ لديك ${seconds}. يُسأل كل متحدث هذا السؤال مهما كانت إجابته السابقة. {anonymous, select, yes {اكتبه هنا: ينشره Parley في الغرفة دون اسمك.} other {اكتبه هنا أو قله في الغرفة؛ يرى الجميع هناك اسمك.}}`,
  "perspective.nothingToAdd": "لا شيء أضيفه",
  "needs.intro": `نكتب الآن، بشكل خاص، الاحتياجات والمخاوف والآمال. {prompt} لديكم ${minutes}.`,
  "needs.collect":
    "اكتب {category, select, needs {احتياجًا} fears {خوفًا} hopes {أملًا} other {احتياجًا أو خوفًا أو أملًا}} لمجتمعك. {grouping, select, none {} group {سيُعرض تحت اسم مجموعتك. } pooled {سيُعرض مع ما كتبه الجميع، لا حسب المجموعات. } other {سيُعرض تحت اسم مجموعتك، أو مع ما كتبه الجميع إن كانت إحدى المجموعات أصغر من أن تبقى مجهولة. }}{authors, select, kept {لن يرى أحد في الغرفة اسمك معه، لكن سجلّ الميسّرين يحفظ من كتبه.} other {لن يرى أحد، بمن فيهم الميسّرون، من كتبه.}}",
  "needs.received": "شكرًا لك، وصلنا ما كتبت.",
  "needs.presentGroup": "ما كتبته {group}:",
  "needs.item": "{category, select, needs {احتياج} fears {خوف} hopes {أمل} other {بند}}: {text}",
  "needs.recognisePrompt": "أيّ احتياجات المجموعة الأخرى تعترف بأنها حقيقية ومهمة؟",
  "needs.recognised":
    "{count, plural, zero {لم تعترف بعد بأي احتياج للمجموعات الأخرى.} one {تم التسجيل: اعترفت باحتياج واحد للمجموعات الأخرى.} two {تم التسجيل: اعترفت باحتياجين للمجموعات الأخرى.} few {تم التسجيل: اعترفت بـ# احتياجات للمجموعات الأخرى.} many {تم التسجيل: اعترفت بـ# احتياجًا للمجموعات الأخرى.} other {تم التسجيل: اعترفت بـ# احتياج للمجموعات الأخرى.}}",
  "brainstorm.intro": `عصف ذهني: {prompt} أرسلوا أفكاركم بشكل خاص، حتى {max, plural, zero {# فكرة} one {فكرة واحدة} two {فكرتين} few {# أفكار} many {# فكرة} other {# فكرة}} لكل شخص، خلال ${minutes}.`,
  "brainstorm.collect":
    "اكتب فكرة. {authors, select, kept {ستُعرض على الغرفة دون اسمك؛ ويحفظ سجلّ الميسّرين من كتبها.} other {ستُعرض على الغرفة دون اسمك، ولن يرى أحد، بمن فيهم الميسّرون، من كتبها.}}",
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
  "brainstorm.votePrompt": `صوّت للأفكار التي تدعمها. لديك ${votes("dots")}. لن يرى أحد، بمن فيهم الميسّرون، كيف صوّتّ: تُعرض المجاميع فقط{grouped, select, yes { ونصيب كل مجموعة} other {}}.`,
  "brainstorm.voteRecorded":
    "سُجّل صوتك. {remaining, plural, zero {استخدمت كل أصواتك.} one {بقي لك صوت واحد.} two {بقي لك صوتان.} few {بقيت لك # أصوات.} many {بقي لك # صوتًا.} other {بقي لك # صوت.}}",
  "brainstorm.voteRejected":
    "لم يُحتسب هذا الصوت: {reason, select, noDots {لم تبقَ لك أصوات} maxPerIdea {منحت هذه الفكرة الحد الأقصى من الأصوات} unknown {هذه الفكرة غير موجودة} closed {التصويت مغلق} other {الصوت غير صالح}}.",
  "brainstorm.results": "الأفكار التي حظيت بأوسع دعم بين المجموعات:",
  "brainstorm.rankedIdea": `{rank}. {text} (الدعم بين المجموعات: {support, number, percent}، ${votes("votes")})`,
  "discussion.intro": `نقاش مفتوح، ${minutes}: {prompt}`,
  "survey.intro":
    "استبيان قصير: {count, plural, zero {# سؤال} one {سؤال واحد} two {سؤالان} few {# أسئلة} many {# سؤالًا} other {# سؤال}}. لا يرى المشاركون الآخرون إجاباتك أبدًا. {authors, select, kept {يرى الميسّرون كل إجابة مع اسمك.} other {لا يرى الميسّرون الإجابات إلا مجتمعة، ولا يعرفون أبدًا من أجاب بماذا.}}",
  "survey.likert":
    "{question} ({labels, select, yes {1 = {low}، {points} = {high}} other {من 1 إلى {points}}})",
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
    "أوامر للجميع: join [المجموعة] [اللغة]، language <اللغة> (اللغة التي يكتب لك بها Parley)، leave، timeout [السبب] (طلب استراحة يصل إلى الميسّرين بشكل خاص)، hand [down] (رفع اليد أو إنزالها في النقاش)، flag [‎--name] [السبب] (إبلاغ الميسّرين بشكل خاص عن شيء مؤذٍ)، help-me (طلب المساعدة بشكل خاص من الميسّرين ومسؤول الحماية)، forget-me، my-data، status، help. للميسّرين: start <المسار>، pause، resume، next [--force]، skip (المتحدث التالي)، back، extend <دقائق>، floor <مشارك>، queue [next] (الأيدي المرفوعة)، reply <مشارك> <نص> (بشكل خاص)، approve <رقم>، hide <رقم>، mute <مشارك>، unmute <مشارك>، remove <مشارك>، cluster <أرقام> as <عنوان>، confirm-forget <مشارك>، guardian <مشارك>، withdraw <مجموعة> (البيان المشترك)، ack <رقم>، audit، report [html|csv|json|md] (التقرير كملفات، بشكل خاص)، translate <رقم> <نص> (للمترجمين)، end.",
  "session.none": "لا توجد ورشة جارية هنا. يمكن للميسّر بدء ورشة بالأمر {fcmd}start <المسار>.",
  "session.alreadyRunning": "هناك ورشة جارية هنا بالفعل ({flow}). أنهِها أولًا بالأمر end.",
  "session.status":
    "{flow}، المرحلة {stage} من {stages}: {stageTitle}، {phase, select, lobby {بانتظار انضمام المشاركين} consent {الموافقة على قواعد الحوار} decision {بانتظار الميسّرين} choosing {اختيار المتحدث التالي} speaking {أحدهم يتحدث} waiting {تبدأ الأدوار حين يوافق أحدهم على القواعد} reflect {إعادة صياغة ما قيل} heard {سؤال المتحدث إن شعر بأنه مسموع} adding {يمكن للمتحدث أن يضيف شيئًا} after {بين الأدوار} collect {الكتابة على انفراد} recognise {الاعتراف باحتياجات المجموعات الأخرى} diverge {جمع الأفكار} cluster {تجميع الأفكار المتشابهة} vote {التصويت} open {جارية} ended {انتهت} other {جارية}}{paused, select, yes { (متوقفة مؤقتًا)} other {}}.{hasLeft, select, yes { الوقت المتبقي: {left}.} other {}}{hasSpeaker, select, yes { الكلمة الآن لـ{speaker}.} other {}} {grouped, select, yes {المشاركون: {groups}.} other {{participants, plural, =0 {لم ينضم أحد بعد.} one {يشارك شخص واحد.} two {يشارك شخصان.} few {يشارك # أشخاص.} many {يشارك # شخصًا.} other {يشارك # شخص.}}}}",
  "flow.invalid": "لا يمكن استخدام المسار {flow}: {errors}",
  "participant.unknown": "لا يوجد مشارك باسم {participant}.",
  "participant.notJoined": "لم تنضم بعد. اكتب {cmd}join للمشاركة.",
  "join.confirmed": "انضممت{hasGroup, select, none {} other { ضمن {group}}}.",
  "join.already": "أنت مشارك بالفعل.",
  "join.groupRequired": "يُرجى ذكر مجموعتك: {cmd}join <المجموعة> (إحدى: {groups}).",
  "join.unknownGroup": "لا توجد مجموعة باسم {group}. المجموعات هي: {groups}.",
  "leave.confirmed": "غادرت الورشة.",
  "forget.requested":
    "أُرسل طلبك إلى الميسّرين. عندما يؤكده أحدهم، يحذف Parley ما يحفظه عنك في هذه الورشة (مساهماتك واسمك ومعرّف حسابك، من سجلاته وتقاريره) ولن تكون مشاركًا بعد ذلك. {mode, select, open {ما نُشر في الغرفة يبقى على المنصة: رسائلك ورسائل البوت التي تذكر اسمك أو تقتبس منك. لا يستطيع Parley حذفها؛ يمكنك حذف رسائلك، ويمكن للمشرف حذف غيرها.} chatham {رسائل البوت التي تعرض المساهمات لا تحمل أسماء وتبقى. رسائلك في الغرفة وإعلان البوت عن انضمامك تبقى على المنصة؛ لا يستطيع Parley حذفها.} other {رسائل البوت لا تحمل أسماء وتبقى. ما كتبته بنفسك في الغرفة يبقى على المنصة؛ لا يستطيع Parley حذفه.}}",
  "forget.confirmRequest":
    "يطلب {participant} حذف كل ما يحفظه Parley عنه في هذه الورشة. لتنفيذ ذلك اكتب: confirm-forget {id}. يحذف Parley عندها مساهماته واسمه ومعرّف حسابه من سجلاته وتقاريره، ويغادر الورشة. {mode, select, open {ما نُشر في الغرفة يبقى على المنصة، بما فيه رسائل البوت التي تذكره أو تقتبس منه: لا يستطيع Parley حذفها؛ يمكن للمشرف حذفها يدويًا.} chatham {رسائل البوت التي تعرض المساهمات لا تحمل أسماء وتبقى؛ رسائله وإعلان البوت عن انضمامه تبقى على المنصة ما لم يحذفها مشرف.} other {رسائل البوت لا تحمل أسماء وتبقى؛ ما كتبه بنفسه في الغرفة يبقى على المنصة ما لم يحذفه مشرف.}}",
  "forget.noRequest": "لم يطلب {participant} حذف مساهماته.",
  "forget.done":
    "حذف Parley ما كان يحفظه عنك في هذه الورشة: مساهماتك واسمك ومعرّف حسابك. لم تعد مشاركًا؛ للمشاركة من جديد ما دامت الورشة جارية اكتب join. {mode, select, open {ما نُشر في الغرفة يبقى على المنصة: لا يستطيع Parley حذفه.} other {ما نُشر في الغرفة لا يحمل أسماء من Parley ويبقى؛ رسائلك تبقى على المنصة.}}",
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
  // Issue 10 (runtime): flows named by id from chat, names and rejoining, failures facilitators must know.
  "flow.idsOnly": "يُقبل هنا معرّف المسار فقط، لا مسار ملف. المسارات: {flows}.",
  "flow.unknown": "لا يوجد مسار باسم {flow}. المسارات: {flows}.",
  "flow.unusable":
    "لا يمكن استخدام المسار {flow}: فيه {problems, plural, one {مشكلة واحدة} two {مشكلتان} few {# مشكلات} many {# مشكلة} other {# مشكلة}}. يمكن لمن لديه وصول إلى الخادم عرضها بالأمر parley flows validate.",
  "join.rejoined": "أهلًا بعودتك: أنت مشارك من جديد{hasGroup, select, none {} other { ضمن {group}}}.",
  "join.removed":
    "أخرجك أحد الميسّرين من هذه الورشة، فلا يمكنك الانضمام إليها مجددًا بنفسك. يُرجى التحدث إلى الميسّرين.",
  "name.confusable":
    "انضم مشارك ({id}) باسم قد يُخلط بينه وبين {kind, select, facilitator {اسم أحد الميسّرين ({other})} reserved {اسم محجوز لـ Parley ({other})} other {اسم مشارك آخر ({other})}}. يظهر في منشورات الغرفة باسم {label}.",
  "pin.failed":
    "تعذّر تثبيت ملخص الورشة في الغرفة{code, select, missing_permission { لأن البوت ينقصه إذن} other {}}. السجل محفوظ: يعرضه الأمر parley report.",
  "delivery.privateFailed":
    "تعذّر إيصال رسالة خاصة إلى {participant}{code, select, missing_permission {: قد لا يُسمح للبوت بمراسلته} not_found {: لم يُعثر عليه} other {}}. لم تُنشر في الغرفة؛ يُرجى التواصل معه بطريقة أخرى.",
  "floor.restoreFailed":
    "تعذّر فتح الكتابة للجميع في الغرفة من جديد{code, select, missing_permission { لأن البوت ينقصه إذن} other {}}: قد لا يستطيع بعض الأشخاص الكتابة. يُرجى التحقق من إعدادات الغرفة.",
  // Privacy requests (forget-me, my-data)
  "privacy.nothingHeld": "لا يحفظ Parley شيئًا عنك من آخر ورشة هنا.",
  "privacy.myData":
    "ما يحفظه Parley عنك في الورشة {flow} (تراه أنت فقط): الاسم {name}، الحساب {userId}، معرّف المشارك {id}، اللغة {locale}{hasGroup, select, none {} other {، المجموعة {group}}}. {count, plural, =0 {لا توجد مساهمات محفوظة لك.} one {مساهمة واحدة:} other {# مساهمات:}}\n{items}",
  // confidentiality (anonymity, small groups, who sees what)
  "workshop.pooled":
    "في إحدى المجموعات هنا أقل من {min} أشخاص، لذلك، حفاظًا على سرية الجميع، يُعرض ما كتبته المجموعات وكيف صوّتت للجميع معًا، لا مجموعةً مجموعة.",
  "workshop.floorNotAnonymous":
    "هذه الورشة مجهولة الهوية: إعطاء الكلمة لشخص واحد سيُظهر للغرفة من يتحدث، لذلك لم يُنفَّذ. في مرحلة الأدوار، يجعل floor <participant> ذلك الشخص يتحدث تاليًا، بشكل خاص.",
  "perspective.anonymousTurn": "الدور التالي. يُرجى من الجميع الإصغاء؛ ستظهر المشاركة هنا دون اسم.",
  "perspective.anonymousContribution": "مشاركة دون اسم: {text}",
  "perspective.anonymousTimeUp": "انتهى وقت هذا الدور. شكرًا.",
  "perspective.anonymousWait":
    "يُرجى الانتظار: هناك من يأخذ دوره الآن. في هذه المرحلة المجهولة الهوية تُكتب الأدوار بشكل خاص.",
  "perspective.sendPrivately":
    "هذه المرحلة مجهولة الهوية: ما تكتبه في الغرفة يُظهر اسمك ولا يُحتسب دورًا لك. يُرجى كتابة دورك في الرسالة الخاصة.",
  "needs.presentAll": "ما كتبه الجميع:",
  "needs.recognitionSkipped":
    "نتخطّى هذه المرة الاعتراف باحتياجات المجموعات الأخرى، لأن إحدى المجموعات أصغر من أن تبقى مجهولة.",
  "brainstorm.rankedIdeaPooled": `{rank}. {text} (${votes("votes")})`,
  "report.pooled":
    "أرقام المجموعات مجمّعة: كانت في إحدى المجموعات أقل من {min} أشخاص، فلا يُعرض أي رقم لكل مجموعة.",
  "report.allGroups": "كل المجموعات معًا",
  "report.ideaPooled": `{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: ${votes("votes")}`,
  "report.surveys": "نتائج الاستبيان، كل الإجابات معًا",
  "report.surveyLikert":
    "{question}: {respondents, plural, zero {لا إجابات} one {إجابة واحدة} two {إجابتان} few {# إجابات} many {# إجابة} other {# إجابة}}؛ {counts}",
  "report.surveyText":
    "{question}: {respondents, plural, zero {لا إجابات} one {إجابة واحدة} two {إجابتان} few {# إجابات} many {# إجابة} other {# إجابة}}",
  // CLI and terminal room (issue 12): the countdown after a timer line.
  "timer.left": "ينتهي خلال {left} (الساعة {time})",
  // اللغات والمترجمون (issue 14): لغة كل مشارك، وترجمات المترجمين والترجمة الآلية.
  "language.set": "من الآن فصاعدًا سيكتب لك Parley باللغة: {language}.",
  "language.unknown":
    "{hasLocale, select, none {أي لغة؟} other {لا يستطيع Parley كتابة هذه الورشة باللغة {locale}.}} اللغات التي يمكنك اختيارها: {locales}. مثال: language {example}",
  "interpreter.translation": "#{ref}، ترجمها مترجم: {text}",
  "interpreter.only": "لا ينشر الترجمات إلا مترجم مذكور في إعدادات هذه الغرفة.",
  "interpreter.unknownRef":
    "لا توجد مساهمة برقم #{ref} في هذه الورشة. تحمل المساهمات المعروضة في الغرفة رقمها، مثل #1.",
  "translation.machine": "#{ref}، ترجمة آلية إلى {target}، قد تحتوي على أخطاء: {text}",
  "report.translations": "الترجمات",
  "report.translation":
    "#{ref}: {original} | {kind, select, machine {ترجمة آلية} other {ترجمها مترجم}}: {text}",
  // الموافقة والأدوار (issue 12): الرفض، والمضي دون موافقة الجميع، وskip، ورفع اليد في النقاش،
  // ورد الميسّر الخاص، والأسئلة المغلقة.
  "groundRules.decisionNeeded":
    "قواعد الحوار في انتظار قراركم: تحدّثوا معه على انفراد، ثم اكتبوا next للمتابعة (يبقى من لم يوافق في الانتظار حتى يوافق)، أو remove <مشارك>.",
  "groundRules.nextUnconfirmed": `{named, select, yes {لم يوافق الجميع على قواعد الحوار بعد: {participants}.} other {لم يوافق بعدُ على قواعد الحوار: ${people}.}} للمتابعة رغم ذلك، اكتبوا next مرة أخرى (أو next --force): يبقى من لم يوافق في الانتظار حتى يوافق.`,
  "groundRules.consentClosed":
    "هذا السؤال مغلق: تغيّرت قواعد الحوار منذ ذلك الحين. يُرجى الإجابة عن أحدث سؤال بشأنها.",
  "perspective.skipped": "انتقل الميسّر إلى المتحدث التالي.",
  "perspective.waitingForConsent": "تبدأ الأدوار حالما ينضم أحد ويوافق على قواعد الحوار. يُرجى الانتظار.",
  "workshop.skipNotHere":
    "الأمر skip ينتقل إلى المتحدث التالي، ولا أحد يتحدث بالدور الآن. للانتقال إلى المرحلة التالية اكتبوا next.",
  "discussion.handRaised": "يدك مرفوعة: ترتيبك {position} في قائمة الانتظار. لإنزالها اكتب hand down.",
  "discussion.handRaisedNotice":
    "{named, select, yes {رفع {participant} يده.} other {رفع أحدهم يده.}} عدد الأيدي المرفوعة: {count, number}. الأمر queue يعرضها، والأمر queue next يعطي الكلمة للأول.",
  "discussion.handLowered": "أُنزلت يدك.",
  "discussion.noQueue": "لا تُرفع الأيدي إلا أثناء النقاش المفتوح.",
  "discussion.queue":
    "{named, select, yes {{count, plural, =0 {لا توجد أيدٍ مرفوعة.} other {الأيدي المرفوعة بالترتيب: {participants}.}}} other {{count, plural, =0 {لا توجد أيدٍ مرفوعة.} other {عدد الأيدي المرفوعة: {count, number}.}}}}",
  "discussion.floorTo":
    "{named, select, yes {الكلمة الآن لـ {participant}.} other {الكلمة الآن للشخص التالي في قائمة الانتظار.}}",
  "discussion.yourFloor": "الكلمة لك الآن: تفضّل بالحديث.",
  "workshop.facilitatorReply": "يردّ عليك أحد الميسّرين بشكل خاص: {text}",
  "workshop.replySent": "أُرسل ردّك بشكل خاص إلى {participant}؛ لا يراه أحد غيره.",
  "prompt.closed": "هذا السؤال مغلق.",
  "prompt.nothingCollected": "لا يُجمع شيء في هذه اللحظة.",
  // Issue 12 (protocol steps and what people read): folded ideas, start, status, join hints, check-in.
  "command.typedPlain":
    "لم تُقرأ هذه الرسالة كأمر. لاستخدامه هنا، اكتب {audience, select, facilitator {{fcmd}} other {{cmd}}}{command}",
  "session.opened":
    "فُتحت الورشة: يمكن للمشاركين الانضمام الآن. عندما ينضم الجميع، اكتب {fcmd}start مرة أخرى للبدء.",
  "stage.kindName":
    "{kind, select, ground_rules {قواعد الحوار} check_in {جولة تعارف} perspective_sharing {تبادل وجهات النظر} needs_articulation {الاحتياجات والمخاوف والآمال} brainstorm {عصف ذهني} discussion {نقاش} survey {استبيان} reflection {تأمل} message {رسالة} break {استراحة} joint_statement {البيان المشترك} other {مرحلة}}",
  "checkIn.intro":
    "جولة تعارف، نحو {minutes, plural, one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}: {prompt} إجابة قصيرة من كل شخص، هنا في الغرفة. هذه الجولة لا تُحفظ في السجل.",
  "checkIn.done": "شكرًا لكم جميعًا. لنبدأ.",
  "report.foldedIdea": " (ضمن هذه المجموعة أيضًا: {ideas})",
  // Safeguarding (issue 13): review and hiding, muting.
  "review.held":
    "محجوزة للمراجعة، ‎#{ref}: {text}. وافقوا عليها لتُعرض على الغرفة، أو أخفوها (approve {ref} / hide {ref}). لا يُخبَر أحد بمن كتبها.",
  "review.approveOption": "موافقة",
  "review.hideOption": "إخفاء",
  "review.approved": "تمت الموافقة على ‎#{ref}، وستُعرض على الغرفة في دورها.",
  "review.hidden": "تم إخفاء ‎#{ref}. يُحفظ نصها فقط في سجل الحماية الخاص بالميسّرين.",
  "review.unknown": "لا توجد مشاركة ‎#{ref} في هذه الورشة.",
  "review.tooLate": "لم يعد ممكنًا عرض ‎#{ref}: فقد أُخفيت، أو تقدّمت مرحلتها.",
  "review.lapsed": "لم تتم الموافقة على ‎#{ref} قبل أن تعرض مرحلتها بنودها، لذلك لم تُعرض.",
  "review.notShown":
    "لم يُعرض على المجموعة شيء مما شاركتَ به. إذا أردت التحدث عن ذلك، يمكنك أن تطلب من الميسّرين استراحة بشكل خاص بالأمر timeout.",
  "mute.muted":
    "{participant} في وضع الانتظار حتى نهاية هذه المرحلة: لا تُقبل رسائله. ما زال بإمكانه أن يطلب منكم استراحة بشكل خاص.",
  "mute.unmuted": "يمكن لـ{participant} المشاركة من جديد.",
  "mute.youAreMuted":
    "طلب منك أحد الميسّرين التوقف حتى المرحلة التالية؛ لن تُقبل رسائلك حتى ذلك الحين. ما زال بإمكانك أن تطلب من الميسّرين استراحة بشكل خاص بالأمر timeout.",
  "mute.youAreUnmuted": "يمكنك المشاركة من جديد.",
  "mute.wait":
    "يُرجى الانتظار: لن تُقبل رسائلك حتى المرحلة التالية. يمكنك أن تطلب من الميسّرين استراحة بشكل خاص بالأمر timeout.",
  // evaluation (issue 15): question types, consent to the evaluation, evaluation reports
  "survey.choice": "{question}",
  "survey.thermometer":
    "{question} أجيبوا بشكل خاص برقم من 0 إلى 100 ({labels, select, yes {0 = {low}، 100 = {high}} other {0 = بارد جدًا، 100 = دافئ جدًا}}).",
  "survey.thermometerInvalid": "يرجى الإجابة بعدد صحيح من 0 إلى 100. لم تُسجَّل إجابتكم بعد.",
  "evaluation.consentPrompt":
    "هل يمكن استخدام إجاباتكم على الاستبيان، من دون أسمائكم، في تقييم البرنامج؟ تشاركون مشاركة كاملة في الحالتين، ولا يرى هذا السؤال غيركم.",
  "evaluation.consentYes": "نعم، استخدموا إجاباتي",
  "evaluation.consentNo": "لا، استبعدوها",
  "evaluation.consentRecorded":
    "{yes, select, yes {شكرًا لكم: ستُحتسب إجاباتكم في التقييم، ولن تظهر أسماؤكم أبدًا.} other {مفهوم: ستُستبعد إجاباتكم من كل أرقام التقييم. تستمرون في المشاركة كما من قبل.}}",
  "report.surveyMean":
    "{question}: {respondents, plural, zero {لا إجابات} one {إجابة واحدة} two {إجابتان} few {# إجابات} many {# إجابة} other {# إجابة}}؛ المتوسط {mean}",
  "report.prePost": "التغيّر بين البداية والنهاية",
  "report.noPairs": "لم يُجب الأشخاص أنفسهم عن أي سؤال في البداية والنهاية معًا.",
  "report.method":
    "لا يُحتسب إلا من وافق على التقييم وأجاب في البداية والنهاية. الفاصل هو فاصل الثقة 95% لمتوسط التغيّر وفق توزيع t للأزواج؛ و d_z هو متوسط التغيّر مقسومًا على الانحراف المعياري للتغيّرات.",
  "report.airtime": "وقت الكلام والتوازن",
  "report.attendance": "الحضور",
  "report.sessions": "الجلسات",
  "report.excluded":
    "{count, plural, =0 {وافق الجميع على التقييم.} one {شخص واحد لم يوافق على التقييم: استُبعدت إجاباته.} two {شخصان لم يوافقا على التقييم: استُبعدت إجاباتهما.} few {# أشخاص لم يوافقوا على التقييم: استُبعدت إجاباتهم.} other {# شخصًا لم يوافقوا على التقييم: استُبعدت إجاباتهم.}}",
  "report.column":
    "{name, select, session {الجلسة} started {البداية} joined {انضموا} stayed {بقوا حتى النهاية} respondents {المستجيبون} airtime {وقت الكلام (ثوانٍ)} group {المجموعة} before {قبل} after {بعد} change {التغيّر} ci {فاصل ثقة 95%} up {ارتفع} down {انخفض} same {لم يتغيّر} participants {المشاركون} turns {الأدوار} passes {التخطي} words {الكلمات} airShare {حصة وقت الكلام} peopleShare {حصة المشاركين} balance {التوازن (1 = حصة عادلة)} reflections {إعادات الصياغة} feltHeard {شعروا بأنهم سُمعوا} notQuite {لم يُسمعوا تمامًا} contributed {ساهموا} rank {الترتيب} idea {الفكرة} votes {الأصوات} need {الحاجة} recognisedBy {اعترفت بها} scale {المقياس} chartAirtime {وقت الكلام لكل مجموعة (بالثواني)} chartPrePost {متوسط التغيّر بين البداية والنهاية، مع فاصل الثقة 95%} chartIdeas {الأفكار حسب التأييد في كل مجموعة} tableOf {الأرقام نفسها في جدول} other {{name}}}",
  "report.summaryLine":
    "عدد الجلسات: {sessions}؛ عدد من انضموا: {joined}؛ عدد من وافقوا على التقييم: {respondents}.",
  "guardian.needed":
    "غرفة شبابية: انضم {participant} ({id}). عندما تكون موافقة وليّ أمره محفوظة لديكم، أكّدوا ذلك بالأمر guardian {id}؛ وحتى ذلك الحين لا يُحتسب شيء مما يرسله.",
  "guardian.pending":
    "أهلًا بك. قبل أن تشارك، يجب أن يؤكّد أحد الميسّرين أن موافقة والدك أو وليّ أمرك محفوظة لديهم. ستصلك رسالة هنا عند ذلك.",
  "guardian.recorded":
    "تم التسجيل: موافقة وليّ الأمر لـ {participant} محفوظة (بتأكيد منك، الآن). لا يُحتفظ بأي وثيقة.",
  "guardian.confirmed": "أكّد أحد الميسّرين موافقة وليّ أمرك: يمكنك المشاركة الآن.",
  // Safeguarding (issue 13): flags, help requests, alerts and escalation, screening, audit trail.
  "safeguarding.alertOpened":
    "تنبيه {n}: أكِّدوا استلامه بالأمر ack {n}. إن لم يؤكّده أحد خلال {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}، يُبلَّغ مسؤول الحماية.",
  "safeguarding.flagEmpty":
    "يُرجى ذكر ما تبلّغ عنه: الأمر flag متبوعًا بما حدث (أضف ‎--name إن أردت أن يعرف الميسّرون أنك المبلِّغ).",
  "safeguarding.flagged":
    "بلاغ {n}: أبلغ أحد المشاركين عن {hasTarget, select, none {أمر ما في الورشة} other {رسالة نُشرت في الغرفة{hasLink, select, none {} other { ({link})}}: {text}}}.{hasReason, select, none {} other { السبب الذي ذكره: {reason}.}} {named, select, none {لم يذكر اسمه.} other {المبلِّغ: {by}.}} أكِّدوا الاستلام بالأمر ack {n} خلال {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}، وإلا يُبلَّغ مسؤول الحماية.",
  "safeguarding.flagReceived":
    "شكرًا لك. وصل بلاغك إلى الميسّرين بشكل خاص{named, select, none {، دون اسمك} other {، مع اسمك}}.",
  "safeguarding.helpRequested":
    "طلب مساعدة {n}: طلب {participant} المساعدة بشكل خاص{hasText, select, none {.} other {: {text}}} يُرجى التواصل معه الآن بشكل خاص، ثم تأكيد الاستلام بالأمر ack {n}.",
  "safeguarding.helpReceived":
    "وصل طلبك للمساعدة إلى الميسّرين{lead, select, none {} other { وإلى مسؤول الحماية}} بشكل خاص. لا يعرف به أحد غيرهم في الورشة.{hasText, select, none { سيتواصل معك أحدهم قريبًا. إن كنت في خطر الآن، اتصل برقم الطوارئ المحلي.} other { {text}}}",
  "safeguarding.ackUnknown": "لا يوجد تنبيه مفتوح برقم {n}.",
  "safeguarding.acknowledged": "أكّد {by} استلام التنبيه {n}.",
  "safeguarding.escalated":
    "لم يؤكّد أي ميسّر استلام التنبيه {n} في {room} ({kind, select, timeout {طلب استراحة} flag {بلاغ} help {طلب مساعدة} other {تنبيه}}{hasParticipant, select, none {} other {، من {participant}}}) خلال {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}. يُرجى الاطمئنان على الورشة.",
  "safeguarding.escalatedFacilitators":
    "لم يؤكّد أحد استلام التنبيه {n} في الوقت المحدد. {lead, select, none {لا يوجد مسؤول حماية مُعيَّن لهذه الغرفة.} other {أُبلغ مسؤول الحماية.}}",
  "safeguarding.autoPaused":
    "لا يوجد أي ميسّر في {room}، لذلك أُوقفت الورشة مؤقتًا تلقائيًا بعد التنبيه {n} ({kind, select, timeout {طلب استراحة} flag {بلاغ} help {طلب مساعدة} screening {مساهمة رصدها الفحص} other {تنبيه}}). يُرجى الاطمئنان عليها.",
  "safeguarding.audit":
    "سجل التدقيق: {count, plural, zero {لا قيود} one {قيد واحد} two {قيدان} few {# قيود} many {# قيدًا} other {# قيد}}{shown, plural, =0 {.} other {؛ آخرها ({shown}):}}\n{items}",
  "safeguarding.screened":
    "الفحص، تنبيه {n}: {action, select, held {يحجز البوت هذه المساهمة للمراجعة برقم #{ref}؛ لن يراها أحد في الغرفة حتى توافقوا عليها (approve {ref} / hide {ref})} other {يعرض البوت هذه المساهمة في الغرفة}}: {text}.{hasTerms, select, none {} other { الكلمات المطابقة: {terms}.}}{hasCategories, select, none {} other { يقول المصنِّف: {categories}.}}{down, select, none {} other { لم يُجب المصنِّف.}} أكِّدوا الاستلام بالأمر ack {n}.",
  // joint statement (issue 16)
  "jointStatement.intro":
    "لنصغْ بيانًا مشتركًا. {count, plural, zero {يبدأ فارغًا.} one {يبدأ من جملة واحدة، أدناه.} two {يبدأ من جملتين، أدناه.} few {يبدأ من # جمل، أدناه.} many {يبدأ من # جملة، أدناه.} other {يبدأ من # جملة، أدناه.}} خلال {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}} تقريبًا، اقترحوا ما يصل إلى {max} تعديلات: ‎+ نص‎ يضيف جملة، ‎- 3‎ يحذف الجملة 3، ‎3: نص‎ يعيد صياغتها، ‎3 en: نص‎ يقترح نسختها بلغة أخرى من لغات الورشة (هنا الإنجليزية).",
  "jointStatement.collect":
    "اكتبوا تعديلًا: ‎+ نص‎ أو ‎- رقم‎ أو ‎رقم: نص‎ أو ‎رقم لغة: نص‎. {authors, select, kept {يحفظ السجل اسمكم معه.} other {لا يذكر أي مخرَج من اقترحه.}}",
  "jointStatement.sentence": "{number}. [{language}] {text}",
  "jointStatement.empty": "لا جمل في البيان بعد: أضيفوا جملة بكتابة ‎+ نص‎.",
  "jointStatement.amendmentReceived":
    "سُجّل تعديلكم. {remaining, plural, zero {لم يبقَ لكم أي تعديل.} one {يمكنكم اقتراح تعديل واحد آخر.} two {يمكنكم اقتراح تعديلين آخرين.} few {يمكنكم اقتراح # تعديلات أخرى.} many {يمكنكم اقتراح # تعديلًا آخر.} other {يمكنكم اقتراح # تعديل آخر.}}",
  "jointStatement.amendmentRefused":
    "{reason, select, cap {لقد اقترحتم {max} تعديلات من قبل.} number {لا توجد جملة بهذا الرقم.} language {هذه اللغة ليست من لغات هذه الورشة.} other {يُرجى كتابته هكذا: ‎+ نص‎ أو ‎- رقم‎ أو ‎رقم: نص‎ أو ‎رقم لغة: نص‎.}}",
  "jointStatement.reviewPhase":
    "إلى الميسّرين: ادمجوا التعديلات المكررة بالأمر cluster <الأرقام> as duplicate (يبقى الأول في الاقتراع)، ثم اكتبوا next.",
  "jointStatement.amendment":
    "التعديل {number}: {action, select, add {إضافة [{language}] «{text}»} delete {حذف الجملة {sentence}} reword {إعادة صياغة الجملة {sentence} [{language}] إلى «{text}»} other {الجملة {sentence} بلغة [{language}]: «{text}»}}",
  "jointStatement.merged": "دُمجت التعديلات {amendments}: يُصوَّت على الأول منها فقط.",
  "jointStatement.mergeRefused": "تعذّر دمج {amendments}: اذكروا رقمين أو أكثر لتعديلات ما زالت في القائمة.",
  "jointStatement.votePrompt":
    "التعديل {number}: {action, select, add {إضافة [{language}] «{text}»} delete {حذف الجملة {sentence}} reword {إعادة صياغة الجملة {sentence} [{language}] إلى «{text}»} other {الجملة {sentence} بلغة [{language}]: «{text}»}}. هل تؤيدونه؟ {grouped, select, yes {لا يُقبل إلا بتأييد {rule, select, consensus {جميع أعضاء} other {أغلبية}} كل مجموعة حاضرة.} other {يُقبل بتأييد {rule, select, consensus {جميع الحاضرين} other {أغلبية الحاضرين}}.}}",
  "jointStatement.yes": "نعم",
  "jointStatement.no": "لا",
  "jointStatement.answerRecorded": "سُجّلت إجابتكم؛ يمكنكم تغييرها حتى تُغلق الجولة.",
  "jointStatement.amendmentResult":
    "{accepted, select, yes {قُبل} other {لم يُقبل}} التعديل {number}.{grouped, select, yes {{hasPassed, select, none {} other { أُقرّ في: {passed}.}}{hasFailed, select, none {} other { لم يُقرّ في: {failed}.}}} other {}}",
  "jointStatement.consentIntro":
    "جولة الموافقة على النص النهائي ({count, plural, zero {لا جمل} one {جملة واحدة} two {جملتان} few {# جمل} many {# جملة} other {# جملة}}، نحو {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}). أجيبوا عن كل جملة، بكل لغة معروضة، واختاروا إلى أي مدى يجوز نشر البيان. لا تُقرّ جملة إلا إذا وافقت عليها كل مجموعة حاضرة. متى أُقرّت الجملة صارت نص المجموعات: إن طلبتم لاحقًا من Parley أن ينساكم، تُحذف تعديلاتكم واسمكم، لكن الجملة التي وافقت عليها المجموعات تبقى.",
  "jointStatement.missingVersion":
    "لا نسخة للجملة {number} بعد باللغة {languages}، فلا يمكن الموافقة عليها في هذه الجولة.",
  "jointStatement.consentPrompt": "هل توافقون على الجملة {number} بكل لغة معروضة؟",
  "jointStatement.scopePrompt":
    "يقترح الميسّرون مشاركة البيان مع {proposed, select, room {هذه القاعة فقط} communities {مجتمعات المشاركين} other {العموم}}. إلى أي مدى يجوز أن يصل؟ يُطبَّق الاختيار الأضيق لأي مجموعة.",
  "jointStatement.scope": "{scope, select, room {هذه القاعة فقط} communities {مجتمعاتنا} other {العموم}}",
  "jointStatement.sentenceResult":
    "الجملة {number}: {passed, select, yes {أُقرّت} other {لم تُقرّ{missing, plural, =0 {} other { (لا نسخة باللغة {languages})}}}}.",
  "jointStatement.result":
    "{passed, select, yes {وافقت كل مجموعة حاضرة على البيان.} other {لم يُوافَق على البيان ككل؛ لا يجوز أن يخرج من القاعة إلا ما أُقرّ من جمل.}} المشاركة: {scope, select, room {هذه القاعة فقط} communities {مجتمعات المشاركين} other {العموم}}.{grouped, select, yes {{hasConsented, select, none {} other { وافقت: {consented}.}}{hasNotConsented, select, none {} other { لم توافق: {notConsented}.}}} other {}}",
  "jointStatement.closedPhase":
    "إلى الميسّرين: قد تطلب مجموعة سحب موافقتها (withdraw <المجموعة>) قبل أن تكتبوا next.",
  "jointStatement.withdrawn": "بناءً على طلبها، سحب الميسّرون موافقة {group}.",
  "jointStatement.withdrawRefused":
    "لم يُسحب شيء: {group} ليست مجموعة في هذه الورشة، أو سُحبت موافقتها من قبل.",
  "jointStatement.translatePrompt":
    "هل تنقص لغة، أو لديكم ترجمة أفضل؟ اقترحوا نسخة الجملة هكذا: ‎رقم لغة: نص‎ (مثلًا ‎2 en:‎ متبوعة بالنص الإنجليزي). عندها يُسأل الجميع مجددًا عن تلك الجملة. {authors, select, kept {يحفظ السجل اسمكم معها.} other {لا يذكر أي مخرَج من اقترحها.}}",
  "jointStatement.translated": "للجملة {number} نسخة جديدة باللغة {language}: يُرجى الإجابة عنها مجددًا.",
  "report.statements": "البيان المشترك",
  "report.statement":
    "{passed, select, yes {وافقت عليه كل مجموعة حاضرة} other {لم يُوافَق عليه ككل}}؛ المشاركة: {scope, select, room {هذه القاعة فقط} communities {مجتمعات المشاركين} other {العموم}}.{hasConsented, select, none {} other { المجموعات التي وافقت: {consented}.}}",
  "report.statementSentence": "{number}. [{language}] {text}{consented, select, yes {} other { (لم تُقرّ)}}",
  "programme.opensSoon":
    "تبدأ ورشتك المجدولة في هذه القاعة بعد {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}} (المسار: {flow}).",
  "programme.broadcast": "من منسّقي البرنامج: {text}",
  // hand buttons in a discussion (issue 12)
  "discussion.handPrompt": "تريد أن تتكلم؟ ارفع يدك: يعطي الميسّرون الكلمة بحسب ترتيب رفع الأيدي.",
  "discussion.raiseHand": "ارفع يدك",
  "discussion.lowerHand": "أنزل يدك",
  // safeguarding (issue 13): a ballot corrected after an idea on it was hidden
  "brainstorm.ballotRevised": `تغيّرت ورقة التصويت: سُحبت فكرة منها. الأصوات التي أُعطيت لها لا تُحتسب ويمكن منحها من جديد. لديك ${votes("dots")}. لن يرى أحد، بمن فيهم الميسّرون، كيف صوّتّ: تُعرض المجاميع فقط{grouped, select, yes { ونصيب كل مجموعة} other {}}.`,
  // safeguarding (issue 13): a hide that could not take back every copy of a post
  "review.removeByHand":
    "تعذّرت إزالة ‎#{ref} من القاعة بالكامل: {code, select, interrupted {انقطع عمل البوت أثناء نشرها ولا يستطيع العثور على كل نسخة ربما نشرها} missing_permission {ينقص البوت إذنُ إزالتها} not_found {لم يجد البوت رسالته} other {لم تُزلها المنصة}}. يُرجى البحث عنها في {room} وإزالتها يدويًا. لا تظهر في الملخص ولا في التقارير.",
  // The facilitators' `report` in chat (issue 15)
  "report.files":
    "تقرير هذه الورشة ({flow}، الجلسة {session}) {format, select, html {على شكل صفحة HTML} csv {على شكل جداول CSV} json {بصيغة JSON} other {بصيغة Markdown}}، للميسّرين فقط. يلتزم بسرية المسار؛ احتفظوا به بشكل خاص.",
  "report.nothing": "لا توجد في هذه الغرفة ورشة يمكن إعداد تقرير عنها بعد.",
  // Turn-taking chosen at start (issue 14): a flow that offers one mode only; a workshop already open.
  "flow.turnTakingFixed":
    "يعمل {flow} فقط {allowed, select, strict {بتناوب صارم (لا يكتب إلا صاحب الدور)} other {بتناوب مرن (يُطلب من الآخرين الانتظار)}}، لذا لا يمكن بدؤه بتناوب {mode, select, strict {صارم} other {مرن}}. ابدأه دون اختيار، أو اختر مسارًا يتيح الاثنين.",
  "session.turnTakingSet":
    "فُتحت هذه الورشة بتناوب {mode, select, strict {صارم} other {مرن}}، ولا يمكن تغيير ذلك الآن. لتشغيلها بالطريقة الأخرى، أنهِها ثم ابدأها من جديد.",
};
