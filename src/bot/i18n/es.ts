// Spanish (neutral Latin American register; inclusive wording where it reads naturally).
import type { Catalogue } from "./keys.ts";

export const es: Catalogue = {
  "workshop.welcome":
    "Bienvenidas y bienvenidos a {title}. {hasDescription, select, none {} other {{description} }}Para participar, escribe {cmd}join seguido de tu grupo{hasGroups, select, none {} other { ({groups})}}.",
  "workshop.started": "El taller ha comenzado: {title}.",
  "workshop.paused": "La persona facilitadora ha pausado el taller. Espera un momento, por favor.",
  "workshop.notWhilePaused":
    "El taller está en pausa, así que esto no se registró. Envíalo de nuevo cuando se reanude, por favor.",
  "workshop.resumed": "El taller continúa.",
  "workshop.ended": "El taller ha terminado. Gracias a todas y todos por participar.",
  "workshop.stageOpens": "Etapa {number} de {count}: {stage}",
  "workshop.participantJoined": "{participant} se ha unido{hasGroup, select, none {} other { ({group})}}.",
  "workshop.participantLeft": "{participant} se ha ido.",
  "workshop.timeoutRequested":
    "{participant} pidió una pausa{hasReason, select, none {.} other {: {reason}}}",
  "workshop.timeoutAcknowledged": "Tu pedido de pausa llegó a las personas facilitadoras en privado.",
  "workshop.extended": "La persona facilitadora añadió {minutes, plural, one {# minuto} other {# minutos}}.",
  "workshop.notYourTurn": "Espera, por favor: ahora es el turno de {participant}.",
  "workshop.heldAtConsent":
    "El taller está en espera: {count, plural, one {# persona aún no ha aceptado} other {# personas aún no han aceptado}} las normas{hasParticipants, select, none {.} other {: {participants}.}}",
  "workshop.removed": "{participant} ya no participa.",
  "groundRules.intro":
    "Antes de empezar, lee por favor {count, plural, one {nuestra norma} other {nuestras # normas}} para el diálogo.",
  "groundRules.rule": "{number}. {rule}",
  "groundRules.consentPrompt": "¿Aceptas seguir estas normas?",
  "groundRules.consentYes": "Acepto",
  "groundRules.consentNo": "No acepto",
  "groundRules.consented": "Gracias, {participant}: quedó registrado que aceptas las normas.",
  "groundRules.allConsented": "Todas las personas aceptaron las normas. Gracias.",
  "groundRules.refused": "{participant} no aceptó las normas. Habla con esa persona en privado.",
  "groundRules.noAnswer":
    "{count, plural, one {# persona no ha respondido} other {# personas no han respondido}} sobre las normas{hasParticipants, select, none {.} other {: {participants}.}}",
  "groundRules.awaitingDecision": "Gracias. Una persona facilitadora hablará contigo antes de continuar.",
  "groundRules.proposeRule":
    "¿Quieres proponer otra norma? Escríbela aquí. {authors, select, kept {Se mostrará a todas las personas con tu nombre.} other {Se mostrará a todas las personas sin tu nombre, y a nadie, tampoco a quienes facilitan, se le dirá quién la propuso.}}",
  "groundRules.proposedRule":
    "{named, select, yes {Norma propuesta por {participant}: {rule}} other {Se propuso una norma nueva: {rule}}}",
  "perspective.intro":
    "Ahora cada persona comparte su perspectiva por turnos, {seconds, plural, one {# segundo} other {# segundos}} cada una. La pregunta: {prompt}",
  "perspective.yourTurn":
    "Es tu turno para compartir. Tienes {seconds, plural, one {# segundo} other {# segundos}}. {anonymous, select, yes {Escribe tu turno aquí: Parley lo publica en la sala sin tu nombre, y nadie, tampoco quienes facilitan, ve quién lo escribió.} other {Habla en la sala; allí todas las personas ven tu nombre.}}",
  "perspective.turnOf": "Es el turno de {participant}. Las demás personas, escuchemos.",
  "perspective.warning": "{seconds, plural, one {Queda # segundo} other {Quedan # segundos}}.",
  "perspective.timeUp": "Se acabó el tiempo de {participant}. Gracias.",
  "perspective.passed": "{participant} pasó su turno.",
  "perspective.pass": "Paso",
  "perspective.done": "Terminé",
  "perspective.contribution": "{participant}: {text}",
  "perspective.reflectBackPrompt":
    "{participant}, repite con tus propias palabras lo que escuchaste decir a {named, select, yes {{speaker}} other {la persona que habló antes}}.{named, select, yes {} other { Parley lo publica sin tu nombre.}}",
  "perspective.feltHeardPrompt": "¿Te sentiste escuchado o escuchada?",
  "perspective.feltHeardYes": "Sí, me sentí escuchada/o",
  "perspective.feltHeardNo": "No del todo",
  "perspective.roundStarts": "Ronda {round} de {rounds}.",
  // active listening (issue 12): who reflects whom, "not quite" to facilitators, "anything to add?"
  "perspective.reflecting":
    "{participant} está devolviendo ahora lo que dijo {speaker}. Por favor, escuchad todos.",
  "perspective.anonymousReflecting":
    "Una persona que escuchaba está devolviendo ahora lo que dijo la persona anterior. Aparecerá aquí sin nombre.",
  "perspective.notQuiteHeard":
    "{named, select, yes {{speaker} no se sintió del todo escuchado/a con la devolución de {participant}.} other {Una persona participante no se sintió del todo escuchada con una devolución.}} Solo lo ven las personas facilitadoras.",
  "perspective.addMoment":
    "La persona cuyas palabras se devolvieron puede añadir algo ahora, durante {seconds, plural, one {# segundo} other {# segundos}} como máximo.{anonymous, select, yes { Aparecerá aquí sin nombre.} other {}}",
  "perspective.addPrompt":
    "¿Algo que añadir? Tienes {seconds, plural, one {# segundo} other {# segundos}}. Se lo preguntamos a cada persona, respondiera lo que respondiera antes. {anonymous, select, yes {Escríbelo aquí: Parley lo publica en la sala sin tu nombre.} other {Escríbelo aquí o dilo en la sala; allí todos ven tu nombre.}}",
  "perspective.nothingToAdd": "Nada que añadir",
  "needs.intro":
    "Ahora escribimos en privado necesidades, miedos y esperanzas. {prompt} Tienes {minutes, plural, one {# minuto} other {# minutos}}.",
  "needs.collect":
    "Escribe {category, select, needs {una necesidad} fears {un miedo} hopes {una esperanza} other {una necesidad, un miedo o una esperanza}} de tu comunidad. {grouping, select, none {} group {Se mostrará con el nombre de tu grupo. } pooled {Se mostrará junto con lo de todas las personas, no por grupo. } other {Se mostrará con el nombre de tu grupo, o junto con lo de todas las personas si algún grupo es demasiado pequeño para seguir siendo anónimo. }}{authors, select, kept {Nadie en la sala verá tu nombre junto a ello, pero el registro de quienes facilitan guarda quién lo escribió.} other {Nadie, tampoco quienes facilitan, verá quién lo escribió.}}",
  "needs.received": "Gracias, lo recibimos.",
  "needs.presentGroup": "Lo que escribió {group}:",
  "needs.item":
    "{category, select, needs {Necesidad} fears {Miedo} hopes {Esperanza} other {Aporte}}: {text}",
  "needs.recognisePrompt": "¿Cuáles necesidades del otro grupo reconoces como reales e importantes?",
  "needs.recognised":
    "{count, plural, one {Anotado: has reconocido # necesidad de los otros grupos.} other {Anotado: has reconocido # necesidades de los otros grupos.}}",
  "brainstorm.intro":
    "Lluvia de ideas: {prompt} Envía tus ideas en privado, hasta {max, plural, one {# idea} other {# ideas}} por persona, en {minutes, plural, one {# minuto} other {# minutos}}.",
  "brainstorm.collect":
    "Escribe una idea. {authors, select, kept {Se mostrará en la sala sin tu nombre; el registro de quienes facilitan guarda quién la escribió.} other {Se mostrará en la sala sin tu nombre, y nadie, tampoco quienes facilitan, verá quién la escribió.}}",
  "brainstorm.ideaReceived":
    "Idea recibida. {remaining, plural, =0 {Ya no puedes enviar más.} one {Puedes enviar # más.} other {Puedes enviar # más.}}",
  "brainstorm.idea": "#{number}: {text}",
  "brainstorm.capReached":
    "Ya enviaste {max, plural, one {# idea} other {# ideas}}, el máximo de esta lluvia de ideas.",
  "brainstorm.clusterPhase":
    "Las personas facilitadoras están agrupando ideas parecidas (cluster <ids> as <etiqueta>). Escriban next al terminar.",
  "brainstorm.clusterRejected":
    "No se pudieron agrupar {ideas}: usa los números de la lista de ideas mostrada en esta lluvia de ideas.",
  "brainstorm.clustered": "Las ideas {ideas} ahora están agrupadas como {label}.",
  "brainstorm.votePrompt":
    "Vota por las ideas que apoyas. Tienes {dots, plural, one {# voto} other {# votos}}. Nadie, tampoco quienes facilitan, ve cómo votaste: solo se muestran los totales{grouped, select, yes { y la proporción de cada grupo} other {}}.",
  "brainstorm.voteRecorded":
    "Voto registrado. {remaining, plural, =0 {Ya usaste todos tus votos.} one {Te queda # voto.} other {Te quedan # votos.}}",
  "brainstorm.voteRejected":
    "Ese voto no se contó: {reason, select, noDots {no te quedan votos} maxPerIdea {esa idea ya tiene el máximo de votos permitido} unknown {esa idea no existe} closed {la votación está cerrada} other {no es válido}}.",
  "brainstorm.results": "Las ideas con más apoyo entre los grupos:",
  "brainstorm.rankedIdea":
    "{rank}. {text} (apoyo entre grupos: {support, number, percent}, {votes, plural, one {# voto} other {# votos}})",
  "discussion.intro": "Conversación abierta, {minutes, plural, one {# minuto} other {# minutos}}: {prompt}",
  "survey.intro":
    "Una encuesta breve: {count, plural, one {# pregunta} other {# preguntas}}. Las demás personas participantes nunca ven tus respuestas. {authors, select, kept {Quienes facilitan ven cada respuesta con tu nombre.} other {Quienes facilitan solo ven las respuestas en conjunto, nunca quién respondió qué.}}",
  "survey.likert":
    "{question} ({labels, select, yes {1 = {low}, {points} = {high}} other {de 1 a {points}}})",
  "survey.text": "{question}",
  "survey.answerRecorded": "Respuesta registrada.",
  "survey.done": "Gracias por responder la encuesta.",
  "message.text": "{text}",
  "break.starts":
    "Pausa de {minutes, plural, one {# minuto} other {# minutos}}.{hasText, select, none {} other { {text}}}",
  "break.ends": "Terminó la pausa. Bienvenidas y bienvenidos de nuevo.",
  "summary.title": "Resumen del taller: {title}",

  "command.facilitatorOnly": "Solo las personas facilitadoras pueden usar {command}.",
  "command.unknown": "No existe el comando {command}. {usage}",
  "command.badArguments": "Así no se usa {command}. Uso: {usage}",
  "command.help":
    "Comandos para todas las personas: join [grupo] [idioma], language <idioma> (el idioma en que Parley te escribe), leave, timeout [motivo] (un pedido privado de pausa), hand [down] (levantar o bajar la mano en una conversación), flag [--name] [motivo] (avisar en privado a facilitación de algo dañino), help-me (pedir ayuda en privado a facilitación y a la persona responsable de protección), forget-me, my-data, status, help. Para facilitación: start <flujo>, pause, resume, next [--force], skip (la siguiente persona que habla), back, extend <minutos>, floor <participante>, queue [next] (las manos levantadas), reply <participante> <texto> (en privado), approve <n>, hide <n>, mute <participante>, unmute <participante>, remove <participante>, cluster <ids> as <etiqueta>, confirm-forget <participante>, guardian <participante>, withdraw <grupo> (declaración conjunta), ack <n>, audit, report [html|csv|json|md] (el informe como archivos, en privado), translate <n> <texto> (intérpretes), end.",
  "session.none":
    "Aquí no hay ningún taller en curso. Una persona facilitadora puede iniciarlo con {fcmd}start <flujo>.",
  "session.alreadyRunning": "Aquí ya hay un taller en curso ({flow}). Termínalo primero con end.",
  "session.status":
    "{flow}, etapa {stage} de {stages}: {stageTitle}, {phase, select, lobby {esperando a que la gente se una} consent {aceptando las normas} decision {esperando al equipo de facilitación} choosing {eligiendo quién habla} speaking {alguien está hablando} waiting {los turnos empiezan cuando alguien acepte las normas} reflect {devolviendo lo que se escuchó} heard {preguntando si la persona se sintió escuchada} adding {la persona puede añadir algo} after {entre turnos} collect {escribiendo en privado} recognise {reconociendo las necesidades de los otros grupos} diverge {reuniendo ideas} cluster {agrupando ideas parecidas} vote {votando} open {en curso} ended {terminado} other {en curso}}{paused, select, yes { (en pausa)} other {}}.{hasLeft, select, yes { Tiempo restante: {left}.} other {}}{hasSpeaker, select, yes { Tiene la palabra {speaker}.} other {}} {grouped, select, yes {Participan: {groups}.} other {{participants, plural, =0 {Todavía no se ha unido nadie.} one {Participa # persona.} other {Participan # personas.}}}}",
  "flow.invalid": "No se puede usar el flujo {flow}: {errors}",
  "participant.unknown": "No participa nadie llamado {participant}.",
  "participant.notJoined": "Todavía no participas. Escribe {cmd}join para participar.",
  "join.confirmed": "Te uniste{hasGroup, select, none {} other { como parte de {group}}}.",
  "join.already": "Ya estás participando.",
  "join.groupRequired": "Indica a qué grupo perteneces: {cmd}join <grupo> (uno de: {groups}).",
  "join.unknownGroup": "No existe el grupo {group}. Los grupos son: {groups}.",
  "leave.confirmed": "Saliste del taller.",
  "forget.requested":
    "Tu pedido se envió a las personas facilitadoras. Cuando una de ellas lo confirme, Parley borrará lo que guarda sobre ti en este taller (tus aportes, tu nombre y el id de tu cuenta, en sus registros e informes) y dejarás de participar. {mode, select, open {Lo ya publicado en la sala queda en la plataforma: tus propios mensajes y los mensajes del bot que te nombran o te citan. Parley no puede borrarlos; tú puedes borrar los tuyos y una persona moderadora los demás.} chatham {Los mensajes del bot con aportes no llevan nombres y quedan. Tus propios mensajes en la sala, y el aviso del bot de que te uniste, quedan en la plataforma; Parley no puede borrarlos.} other {Los mensajes del bot no llevan nombres y quedan. Lo que escribiste tú en la sala queda en la plataforma; Parley no puede borrarlo.}}",
  "forget.confirmRequest":
    "{participant} pide que se borre todo lo que Parley guarda sobre su persona en este taller. Para hacerlo, escribe: confirm-forget {id}. Parley borrará sus aportes, su nombre y el id de su cuenta de sus registros e informes, y dejará el taller. {mode, select, open {Lo ya publicado en la sala queda en la plataforma, incluidos los mensajes del bot que la nombran o la citan: Parley no puede borrarlos; una persona moderadora puede hacerlo a mano.} chatham {Los mensajes del bot con aportes no llevan nombres y quedan; sus propios mensajes y el aviso del bot de que se unió quedan en la plataforma salvo que una persona moderadora los borre.} other {Los mensajes del bot no llevan nombres y quedan; lo que escribió en la sala queda en la plataforma salvo que una persona moderadora lo borre.}}",
  "forget.noRequest": "{participant} no ha pedido que se borren sus aportes.",
  "forget.done":
    "Parley borró lo que guardaba sobre ti en este taller: tus aportes, tu nombre y el id de tu cuenta. Ya no participas; para volver a participar mientras el taller sigue, escribe join. {mode, select, open {Lo ya publicado en la sala queda en la plataforma: Parley no puede borrarlo.} other {Lo ya publicado en la sala no lleva nombres de Parley y queda; tus propios mensajes quedan en la plataforma.}}",
  "forget.confirmed": "Los aportes de {id} fueron borrados.",
  "error.internal": "Algo falló de nuestro lado. Ya avisamos a las personas facilitadoras.",
  "timer.running": "Tiempo restante",
  "timer.cleared": "El temporizador se detuvo.",
  "delivery.failed":
    "No se pudo entregar un mensaje{code, select, missing_permission {: al bot le falta un permiso en esta sala} not_found {: no se encontró la sala o la persona} too_large {: era demasiado largo} other {}}. Es posible que los participantes no lo hayan visto.",
  // Private answers (issue 10): room questions sent to each participant privately.
  "prompt.sentPrivately":
    "{count, plural, one {Se ha enviado una pregunta} other {Se han enviado # preguntas}} a cada participante en privado. Respondan allí: las demás personas participantes no ven sus respuestas.",
  "floor.strictUnavailable":
    "El turno de palabra estricto no está disponible{code, select, missing_permission { porque al bot le falta un permiso} unsupported { en esta plataforma} other {}}. Se usará el turno flexible: el bot anuncia a quién le toca, pero no puede impedir que otros escriban.",
  "report.confidentiality":
    "Confidencialidad: {mode, select, open {abierta (se conservan los nombres)} chathamHouse {regla de Chatham House (lo dicho, no quién lo dijo)} anonymous {anónima} other {{mode}}}",
  "report.stages": "Etapas: {stages}",
  "report.ideas": "Ideas, ordenadas por apoyo entre los grupos",
  "report.idea":
    "{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: {support, number, percent} entre grupos, {votes, plural, one {# voto} other {# votos}}",
  "report.noIdeas": "No se votó ninguna idea.",
  "report.needs": "Necesidades reconocidas por otro grupo",
  "report.need": "{text} ({group}), reconocida por {groups}",
  "report.noNeeds": "Ninguna necesidad fue reconocida por otro grupo.",
  "report.participation": "Participación por grupo",
  "report.participationRow":
    "{group}: {participants, plural, one {# participante} other {# participantes}}, {turns, plural, one {# turno} other {# turnos}}, {words, plural, one {# palabra} other {# palabras}}, {passes, plural, one {# pase} other {# pases}}",
  "report.contributions": "Aportes",
  "report.contribution": "{hasAuthor, select, none {} other {{author}: }}{text}",
  // Issue 10 (runtime): flows named by id from chat, names and rejoining, failures facilitators must know.
  "flow.idsOnly": "Aquí solo se acepta el id de un flujo, no la ruta de un archivo. Flujos: {flows}.",
  "flow.unknown": "No existe el flujo {flow}. Flujos: {flows}.",
  "flow.unusable":
    "No se puede usar el flujo {flow}: tiene {problems, plural, one {# problema} other {# problemas}}. Alguien con acceso al servidor puede verlos con parley flows validate.",
  "join.rejoined":
    "Bienvenida o bienvenido de nuevo: vuelves a participar{hasGroup, select, none {} other { como parte de {group}}}.",
  "join.removed":
    "Una persona facilitadora te retiró de este taller, así que no puedes volver a unirte por tu cuenta. Habla con las personas facilitadoras.",
  "name.confusable":
    "Una persona participante ({id}) se unió con un nombre que puede confundirse con {kind, select, facilitator {el de una persona facilitadora ({other})} reserved {un nombre reservado por Parley ({other})} other {el de otra persona participante ({other})}}. En la sala aparece como {label}.",
  "pin.failed":
    "No se pudo fijar el resumen del taller en la sala{code, select, missing_permission { porque al bot le falta un permiso} other {}}. El registro se conserva: parley report lo muestra.",
  "delivery.privateFailed":
    "No se pudo entregar un mensaje privado a {participant}{code, select, missing_permission {: puede que el bot no pueda escribirle} not_found {: no se encontró a la persona} other {}}. No se publicó en la sala; contacta con la persona de otra forma.",
  "floor.restoreFailed":
    "No se pudo volver a abrir la escritura a todo el mundo en la sala{code, select, missing_permission { porque al bot le falta un permiso} other {}}: puede que algunas personas sigan sin poder escribir. Revisa la configuración de la sala.",
  // Privacy requests (forget-me, my-data)
  "privacy.nothingHeld": "Parley no guarda nada sobre ti del último taller de aquí.",
  "privacy.myData":
    "Lo que Parley guarda sobre ti en el taller {flow} (solo tú lo ves): nombre {name}, cuenta {userId}, id de participante {id}, idioma {locale}{hasGroup, select, none {} other {, grupo {group}}}. {count, plural, =0 {No hay aportes tuyos guardados.} one {# aporte:} other {# aportes:}}\n{items}",
  // confidentiality (anonymity, small groups, who sees what)
  "workshop.pooled":
    "Un grupo aquí tiene menos de {min} personas; para que todas sigan siendo anónimas, lo que escribieron los grupos y cómo votaron se muestra en conjunto, no grupo por grupo.",
  "workshop.floorNotAnonymous":
    "Este taller es anónimo: dar la palabra a una sola persona mostraría a la sala quién habla, así que no se hizo. En una etapa por turnos, floor <participant> hace que esa persona hable a continuación, en privado.",
  "perspective.anonymousTurn":
    "Siguiente turno. Escuchemos todas las personas; el aporte aparecerá aquí sin nombre.",
  "perspective.anonymousContribution": "Aporte sin nombre: {text}",
  "perspective.anonymousTimeUp": "Se acabó el tiempo de este turno. Gracias.",
  "perspective.anonymousWait":
    "Espera, por favor: alguien está en su turno. En esta etapa anónima, los turnos se escriben en privado.",
  "perspective.sendPrivately":
    "Esta etapa es anónima: lo que escribes en la sala muestra tu nombre y no cuenta como tu turno. Escribe tu turno en el mensaje privado.",
  "needs.presentAll": "Lo que escribieron todas las personas:",
  "needs.recognitionSkipped":
    "Esta vez se omite el reconocimiento de las necesidades de los otros grupos, porque un grupo es demasiado pequeño para seguir siendo anónimo.",
  "brainstorm.rankedIdeaPooled": "{rank}. {text} ({votes, plural, one {# voto} other {# votos}})",
  "report.pooled":
    "Las cifras de los grupos están agrupadas: un grupo tuvo menos de {min} personas, así que no se muestra ninguna cifra por grupo.",
  "report.allGroups": "Todos los grupos juntos",
  "report.ideaPooled":
    "{rank}. {text}{hasCluster, select, none {} other { [{cluster}]}}: {votes, plural, one {# voto} other {# votos}}",
  "report.surveys": "Resultados de la encuesta, todas las respuestas juntas",
  "report.surveyLikert":
    "{question}: {respondents, plural, one {# respuesta} other {# respuestas}}; {counts}",
  "report.surveyText": "{question}: {respondents, plural, one {# respuesta} other {# respuestas}}",
  // CLI and terminal room (issue 12): the countdown after a timer line.
  "timer.left": "termina en {left} (a las {time})",
  // Idiomas e intérpretes (issue 14): el idioma de cada participante, traducciones de intérpretes y automáticas.
  "language.set": "A partir de ahora Parley te escribe en {language}.",
  "language.unknown":
    "{hasLocale, select, none {¿Qué idioma?} other {Parley no puede escribir este taller en {locale}.}} Idiomas que puedes elegir: {locales}. Por ejemplo: language {example}",
  "interpreter.translation": "#{ref}, traducido por una persona intérprete: {text}",
  "interpreter.only":
    "Solo una persona intérprete indicada en la configuración de esta sala puede publicar traducciones.",
  "interpreter.unknownRef":
    "No hay ninguna contribución #{ref} en este taller. Las contribuciones que se muestran en la sala llevan su número, como #1.",
  "translation.machine": "#{ref}, traducción automática al {target}, puede contener errores: {text}",
  "report.translations": "Traducciones",
  "report.translation":
    "#{ref}: {original} | {kind, select, machine {traducción automática} other {traducido por una persona intérprete}}: {text}",
  // Consentimiento y turnos (issue 12): negativas, seguir sin el acuerdo de todas las personas,
  // skip, manos levantadas en una conversación, respuesta privada de facilitación, preguntas cerradas.
  "groundRules.decisionNeeded":
    "Las normas esperan vuestra decisión: hablad en privado con esa persona y después escribid next para seguir (quien no ha aceptado queda en espera hasta que acepte), o remove <participante>.",
  "groundRules.nextUnconfirmed":
    "{named, select, yes {Todavía no han aceptado las normas: {participants}.} other {{count, plural, one {# persona todavía no ha aceptado} other {# personas todavía no han aceptado}} las normas.}} Para seguir de todos modos, escribid next otra vez (o next --force): quien no ha aceptado queda en espera hasta que acepte.",
  "groundRules.consentClosed":
    "Esa pregunta está cerrada: las normas han cambiado desde entonces. Responde, por favor, a la pregunta más reciente sobre ellas.",
  "perspective.skipped": "La persona facilitadora ha pasado a la siguiente persona que habla.",
  "perspective.waitingForConsent":
    "Los turnos empiezan en cuanto alguien se haya unido y haya aceptado las normas. Esperad, por favor.",
  "workshop.skipNotHere":
    "skip pasa a la siguiente persona que habla, y ahora no hay turnos en curso. Para ir a la siguiente etapa, escribid next.",
  "discussion.handRaised":
    "Tienes la mano levantada: eres el número {position} de la cola. Para bajarla, escribe hand down.",
  "discussion.handRaisedNotice":
    "{named, select, yes {{participant} ha levantado la mano.} other {Alguien ha levantado la mano.}} {count, plural, one {Hay # mano levantada} other {Hay # manos levantadas}}: queue las muestra, queue next da la palabra a la primera.",
  "discussion.handLowered": "Has bajado la mano.",
  "discussion.noQueue": "Solo se levanta la mano durante una conversación abierta.",
  "discussion.queue":
    "{named, select, yes {{count, plural, =0 {No hay manos levantadas.} other {Manos levantadas, por orden: {participants}.}}} other {{count, plural, =0 {No hay manos levantadas.} one {Hay # mano levantada.} other {Hay # manos levantadas.}}}}",
  "discussion.floorTo":
    "{named, select, yes {{participant} tiene la palabra.} other {La siguiente persona de la cola tiene la palabra.}}",
  "discussion.yourFloor": "Tienes la palabra: puedes hablar ahora.",
  "workshop.facilitatorReply": "Una persona facilitadora te responde en privado: {text}",
  "workshop.replySent": "Tu respuesta se ha enviado en privado a {participant}; nadie más la ve.",
  "prompt.closed": "Esa pregunta está cerrada.",
  "prompt.nothingCollected": "Ahora mismo no se está recogiendo nada.",
  // Issue 12 (protocol steps and what people read): folded ideas, start, status, join hints, check-in.
  "command.typedPlain":
    "Eso no se leyó como un comando. Para usarlo aquí, escribe {audience, select, facilitator {{fcmd}} other {{cmd}}}{command}",
  "session.opened":
    "Taller abierto: ya se puede participar. Cuando todas las personas se hayan unido, escribe {fcmd}start otra vez para comenzar.",
  "stage.kindName":
    "{kind, select, ground_rules {Normas} check_in {Ronda de inicio} perspective_sharing {Compartir perspectivas} needs_articulation {Necesidades, miedos y esperanzas} brainstorm {Lluvia de ideas} discussion {Conversación} survey {Encuesta} reflection {Reflexión} message {Mensaje} break {Pausa} joint_statement {Declaración conjunta} other {Etapa}}",
  "checkIn.intro":
    "Ronda de inicio, unos {minutes, plural, one {# minuto} other {# minutos}}: {prompt} Una respuesta corta cada persona, aquí en la sala. Esta ronda no queda en el registro.",
  "checkIn.done": "Gracias a todas y todos. Empecemos.",
  "report.foldedIdea": " (también en este grupo: {ideas})",
  // Safeguarding (issue 13): review and hiding, muting.
  "review.held":
    "Retenido para revisión, #{ref}: {text}. Apruébalo para mostrarlo a la sala, u ocúltalo (approve {ref} / hide {ref}). A nadie se le dice quién lo escribió.",
  "review.approveOption": "Aprobar",
  "review.hideOption": "Ocultar",
  "review.approved": "#{ref} está aprobado y se muestra a la sala en su turno.",
  "review.hidden":
    "#{ref} está oculto. Su texto solo se guarda en el registro de protección de los facilitadores.",
  "review.unknown": "No hay ninguna contribución #{ref} en este taller.",
  "review.tooLate": "#{ref} ya no se puede mostrar: fue ocultado o su etapa ya avanzó.",
  "review.lapsed": "#{ref} no se aprobó antes de que su etapa mostrara sus aportes, así que no se mostró.",
  "review.notShown":
    "Algo que aportaste no se mostró al grupo. Si quieres hablarlo, puedes pedir a los facilitadores una pausa en privado con timeout.",
  "mute.muted":
    "{participant} está en silencio hasta el final de esta etapa: sus mensajes no se aceptan. Aún puede pedirles una pausa en privado.",
  "mute.unmuted": "{participant} puede volver a participar.",
  "mute.youAreMuted":
    "Un facilitador te ha pedido que esperes hasta la siguiente etapa; hasta entonces tus mensajes no se aceptan. Aún puedes pedir a los facilitadores una pausa en privado con timeout.",
  "mute.youAreUnmuted": "Puedes volver a participar.",
  "mute.wait":
    "Por favor, espera: tus mensajes no se aceptan hasta la siguiente etapa. Puedes pedir a los facilitadores una pausa en privado con timeout.",
  // evaluation (issue 15): question types, consent to the evaluation, evaluation reports
  "survey.choice": "{question}",
  "survey.thermometer":
    "{question} Responde en privado con un número del 0 al 100 ({labels, select, yes {0 = {low}, 100 = {high}} other {0 = muy frío, 100 = muy cálido}}).",
  "survey.thermometerInvalid":
    "Responde con un número entero del 0 al 100. Tu respuesta aún no se ha registrado.",
  "evaluation.consentPrompt":
    "¿Podemos usar tus respuestas a la encuesta, sin tu nombre, en la evaluación del programa? Participas plenamente en cualquier caso, y solo tú ves esta pregunta.",
  "evaluation.consentYes": "Sí, usad mis respuestas",
  "evaluation.consentNo": "No, dejadlas fuera",
  "evaluation.consentRecorded":
    "{yes, select, yes {Gracias: tus respuestas contarán en la evaluación, nunca con tu nombre.} other {Entendido: tus respuestas quedan fuera de todas las cifras de la evaluación. Sigues participando como antes.}}",
  "report.surveyMean":
    "{question}: {respondents, plural, one {# respuesta} other {# respuestas}}; media {mean}",
  "report.prePost": "Cambio entre el principio y el final",
  "report.noPairs": "Ninguna pregunta fue respondida al principio y al final por las mismas personas.",
  "report.method":
    "Solo cuentan quienes aceptaron la evaluación y respondieron al principio y al final. El intervalo es el intervalo de confianza del 95 % del cambio medio según la distribución t para datos emparejados; d_z es el cambio medio dividido por la desviación típica de los cambios.",
  "report.airtime": "Tiempo de palabra y equilibrio",
  "report.attendance": "Asistencia",
  "report.sessions": "Sesiones",
  "report.excluded":
    "{count, plural, =0 {Todo el mundo aceptó la evaluación.} one {# persona no aceptó la evaluación: sus respuestas quedan fuera.} other {# personas no aceptaron la evaluación: sus respuestas quedan fuera.}}",
  "report.column":
    "{name, select, session {Sesión} started {Inicio} joined {Se unieron} stayed {Se quedaron hasta el final} respondents {Personas que respondieron} airtime {Tiempo de palabra (s)} group {Grupo} before {Antes} after {Después} change {Cambio} ci {IC 95 %} up {Suben} down {Bajan} same {Sin cambio} participants {Participantes} turns {Turnos} passes {Pases} words {Palabras} airShare {Parte del tiempo de palabra} peopleShare {Parte de participantes} balance {Equilibrio (1 = parte justa)} reflections {Reformulaciones hechas} feltHeard {Se sintieron escuchados} notQuite {No del todo} contributed {Contribuyeron} rank {Puesto} idea {Idea} votes {Votos} need {Necesidad} recognisedBy {Reconocida por} scale {Escala} chartAirtime {Tiempo de palabra por grupo (segundos)} chartPrePost {Cambio medio entre el principio y el final, con su intervalo del 95 %} chartIdeas {Ideas por apoyo en cada grupo} tableOf {Las mismas cifras en una tabla} other {{name}}}",
  "report.summaryLine":
    "{sessions, plural, one {# sesión} other {# sesiones}}; {joined, plural, one {se unió # persona} other {se unieron # personas}}; {respondents, plural, one {# aceptó} other {# aceptaron}} la evaluación.",
  "guardian.needed":
    "Sala juvenil: {participant} ({id}) se ha unido. Cuando tengáis el consentimiento de su madre, padre o tutor, confirmadlo con guardian {id}; hasta entonces no cuenta nada de lo que envíe.",
  "guardian.pending":
    "Te damos la bienvenida. Antes de participar, alguien del equipo de facilitación tiene que confirmar que tiene el consentimiento de tu madre, padre o tutor. Te avisaremos aquí cuando esté hecho.",
  "guardian.recorded":
    "Registrado: el consentimiento del tutor de {participant} está archivado (confirmado por ti, ahora). No se guarda ningún documento.",
  "guardian.confirmed":
    "El equipo de facilitación ha confirmado el consentimiento de tu tutor: ya puedes participar.",
  // Safeguarding (issue 13): flags, help requests, alerts and escalation, screening, audit trail.
  "safeguarding.alertOpened":
    "Alerta {n}: confirmen que la recibieron con ack {n}. Si nadie lo hace en {minutes, plural, one {# minuto} other {# minutos}}, se avisa a la persona responsable de protección.",
  "safeguarding.flagEmpty":
    "Por favor, di qué quieres señalar: flag seguido de lo que pasó (añade --name si quieres que los facilitadores sepan que fuiste tú).",
  "safeguarding.flagged":
    "Señalamiento {n}: un participante señaló {hasTarget, select, none {algo del taller} other {un mensaje publicado en la sala{hasLink, select, none {} other { ({link})}}: {text}}}.{hasReason, select, none {} other { Su motivo: {reason}.}} {named, select, none {No dio su nombre.} other {Lo señaló {by}.}} Confirmen con ack {n} en {minutes, plural, one {# minuto} other {# minutos}}; si no, se avisa a la persona responsable de protección.",
  "safeguarding.flagReceived":
    "Gracias. Tu señalamiento llegó a los facilitadores en privado{named, select, none {, sin tu nombre} other {, con tu nombre}}.",
  "safeguarding.helpRequested":
    "Pedido de ayuda {n}: {participant} pidió ayuda en privado{hasText, select, none {.} other {: {text}}} Por favor, contáctenle ahora, en privado, y confirmen con ack {n}.",
  "safeguarding.helpReceived":
    "Tu pedido de ayuda llegó en privado a los facilitadores{lead, select, none {} other { y a la persona responsable de protección}}. Nadie más en el taller lo sabe.{hasText, select, none { Alguien se pondrá en contacto contigo pronto. Si estás en peligro ahora, llama al número de emergencias local.} other { {text}}}",
  "safeguarding.ackUnknown": "No hay ninguna alerta abierta con el número {n}.",
  "safeguarding.acknowledged": "{by} confirmó la alerta {n}.",
  "safeguarding.escalated":
    "Ningún facilitador confirmó la alerta {n} en {room} ({kind, select, timeout {un pedido de pausa} flag {un señalamiento} help {un pedido de ayuda} other {una alerta}}{hasParticipant, select, none {} other {, de {participant}}}) en {minutes, plural, one {# minuto} other {# minutos}}. Por favor, revisa cómo va el taller.",
  "safeguarding.escalatedFacilitators":
    "Nadie confirmó la alerta {n} a tiempo. {lead, select, none {Esta sala no tiene una persona responsable de protección configurada.} other {Se avisó a la persona responsable de protección.}}",
  "safeguarding.autoPaused":
    "No hay ningún facilitador en {room}, así que el taller se pausó automáticamente tras la alerta {n} ({kind, select, timeout {un pedido de pausa} flag {un señalamiento} help {un pedido de ayuda} screening {un aporte detectado por el filtro} other {una alerta}}). Por favor, revísalo.",
  "safeguarding.audit":
    "Registro de auditoría: {count, plural, one {# entrada} other {# entradas}}{shown, plural, =0 {.} other {; las últimas {shown}:}}\n{items}",
  "safeguarding.screened":
    "Filtro, alerta {n}: {action, select, held {el bot retiene este aporte para revisión como #{ref}; nadie en la sala lo verá hasta que lo aprueben (approve {ref} / hide {ref})} other {el bot está mostrando este aporte en la sala}}: {text}.{hasTerms, select, none {} other { Palabras detectadas: {terms}.}}{hasCategories, select, none {} other { Según el clasificador: {categories}.}}{down, select, none {} other { El clasificador no respondió.}} Confirmen con ack {n}.",
  // joint statement (issue 16)
  "jointStatement.intro":
    "Redactemos una declaración conjunta. {count, plural, =0 {Empieza vacía.} one {Empieza con # frase, abajo.} other {Empieza con # frases, abajo.}} Durante unos {minutes, plural, one {# minuto} other {# minutos}}, propongan hasta {max} enmiendas: + texto añade una frase, - 3 borra la frase 3, 3: texto la reformula, 3 ar: texto propone su versión en otro idioma del taller (aquí árabe).",
  "jointStatement.collect":
    "Escriban una enmienda: + texto, - número, número: texto o número idioma: texto. {authors, select, kept {El registro guarda su nombre con ella.} other {Ninguna salida dice quién la propuso.}}",
  "jointStatement.sentence": "{number}. [{language}] {text}",
  "jointStatement.empty": "La declaración aún no tiene frases: añadan una con + texto.",
  "jointStatement.amendmentReceived":
    "Su enmienda quedó registrada. {remaining, plural, =0 {No le quedan más.} one {Puede proponer # más.} other {Puede proponer # más.}}",
  "jointStatement.amendmentRefused":
    "{reason, select, cap {Ya propuso {max} enmiendas.} number {No hay ninguna frase con ese número.} language {Ese idioma no es uno de los de este taller.} other {Escríbala como + texto, - número, número: texto o número idioma: texto.}}",
  "jointStatement.reviewPhase":
    "Facilitación: unan las enmiendas repetidas con cluster <números> as duplicate (la primera queda en la votación) y luego escriban next.",
  "jointStatement.amendment":
    "Enmienda {number}: {action, select, add {añadir [{language}] «{text}»} delete {borrar la frase {sentence}} reword {reformular la frase {sentence} [{language}] como «{text}»} other {frase {sentence} en [{language}]: «{text}»}}",
  "jointStatement.merged": "Las enmiendas {amendments} se unieron: solo se vota la primera.",
  "jointStatement.mergeRefused":
    "No se pudo unir {amendments}: indiquen dos o más números de enmiendas que sigan en la lista.",
  "jointStatement.votePrompt":
    "Enmienda {number}: {action, select, add {añadir [{language}] «{text}»} delete {borrar la frase {sentence}} reword {reformular la frase {sentence} [{language}] como «{text}»} other {frase {sentence} en [{language}]: «{text}»}}. ¿La apoyan? {grouped, select, yes {Solo se aprueba con {rule, select, consensus {todas las personas} other {la mayoría}} de cada grupo presente.} other {Se aprueba con {rule, select, consensus {todas las personas presentes} other {la mayoría de las personas presentes}}.}}",
  "jointStatement.yes": "Sí",
  "jointStatement.no": "No",
  "jointStatement.answerRecorded":
    "Su respuesta quedó registrada; puede cambiarla hasta que se cierre la ronda.",
  "jointStatement.amendmentResult":
    "La enmienda {number} {accepted, select, yes {se aprobó} other {no se aprobó}}.{grouped, select, yes {{hasPassed, select, none {} other { Aprobada en: {passed}.}}{hasFailed, select, none {} other { No aprobada en: {failed}.}}} other {}}",
  "jointStatement.consentIntro":
    "Ronda de consentimiento sobre el texto final ({count, plural, one {# frase} other {# frases}}, unos {minutes, plural, one {# minuto} other {# minutos}}). Respondan por cada frase, en cada idioma mostrado, y elijan hasta dónde puede compartirse la declaración. Una frase solo se aprueba si todos los grupos presentes la consienten. Una vez consentida, la frase es el texto de los grupos: si más adelante piden a Parley que les olvide, se borran sus enmiendas y su nombre, pero una frase que los grupos consintieron se queda.",
  "jointStatement.missingVersion":
    "La frase {number} aún no tiene versión en {languages}, así que no puede consentirse en esta ronda.",
  "jointStatement.consentPrompt": "¿Consienten la frase {number}, en cada idioma mostrado?",
  "jointStatement.scopePrompt":
    "La facilitación propone compartir la declaración con {proposed, select, room {esta sala solamente} communities {las comunidades de las personas participantes} other {el público}}. ¿Hasta dónde puede llegar? Se aplica la opción más restringida de cualquier grupo.",
  "jointStatement.scope":
    "{scope, select, room {Solo esta sala} communities {Nuestras comunidades} other {Público}}",
  "jointStatement.sentenceResult":
    "Frase {number}: {passed, select, yes {consentida} other {no consentida{missing, plural, =0 {} other { (sin versión en {languages})}}}}.",
  "jointStatement.result":
    "{passed, select, yes {Todos los grupos presentes consintieron la declaración.} other {La declaración en su conjunto no está consentida; solo las frases consentidas pueden salir de la sala.}} Difusión: {scope, select, room {solo esta sala} communities {las comunidades de las personas participantes} other {pública}}.{grouped, select, yes {{hasConsented, select, none {} other { Consintieron: {consented}.}}{hasNotConsented, select, none {} other { No consintieron: {notConsented}.}}} other {}}",
  "jointStatement.closedPhase":
    "Facilitación: un grupo puede pedirles retirar su consentimiento (withdraw <grupo>) antes de que escriban next.",
  "jointStatement.withdrawn": "A petición suya, la facilitación retiró el consentimiento de {group}.",
  "jointStatement.withdrawRefused":
    "No se retiró nada: {group} no es un grupo de este taller, o su consentimiento ya se retiró.",
  "jointStatement.translatePrompt":
    "¿Falta un idioma o hay una traducción mejor? Propongan la versión de una frase como número idioma: texto (por ejemplo 2 ar: seguido del texto en árabe). Entonces se vuelve a preguntar a todas las personas por esa frase. {authors, select, kept {El registro guarda su nombre con ella.} other {Ninguna salida dice quién la propuso.}}",
  "jointStatement.translated":
    "La frase {number} tiene una nueva versión en {language}: por favor, respondan de nuevo.",
  "report.statements": "Declaración conjunta",
  "report.statement":
    "{passed, select, yes {Consentida por todos los grupos presentes} other {No consentida en su conjunto}}; difusión: {scope, select, room {solo esta sala} communities {las comunidades de las personas participantes} other {pública}}.{hasConsented, select, none {} other { Grupos que consintieron: {consented}.}}",
  "report.statementSentence":
    "{number}. [{language}] {text}{consented, select, yes {} other { (no consentida)}}",
  "programme.opensSoon":
    "Tu taller programado en esta sala empieza en {minutes, plural, one {# minuto} other {# minutos}} (flujo: {flow}).",
  "programme.broadcast": "De la coordinación del programa: {text}",
  // hand buttons in a discussion (issue 12)
  "discussion.handPrompt":
    "¿Quieres hablar? Levanta la mano: quienes facilitan dan la palabra en el orden en que se levantaron las manos.",
  "discussion.raiseHand": "Levantar la mano",
  "discussion.lowerHand": "Bajar la mano",
  // safeguarding (issue 13): a ballot corrected after an idea on it was hidden
  "brainstorm.ballotRevised":
    "La papeleta ha cambiado: se retiró una idea. Los votos que recibió no cuentan y se pueden volver a dar. Tienes {dots, plural, one {# voto} other {# votos}}. Nadie, tampoco quienes facilitan, ve cómo votaste: solo se muestran los totales{grouped, select, yes { y la proporción de cada grupo} other {}}.",
  // safeguarding (issue 13): a hide that could not take back every copy of a post
  "review.removeByHand":
    "No se pudo quitar del todo #{ref} de la sala: {code, select, interrupted {el bot se interrumpió mientras lo publicaba y no encuentra todas las copias que pudo publicar} missing_permission {al bot le falta el permiso para quitarlo} not_found {el bot no encontró su mensaje} other {la plataforma no lo quitó}}. Búscalo en {room} y quítalo a mano. Queda fuera del resumen y de los informes.",
  // The facilitators' `report` in chat (issue 15)
  "report.files":
    "El informe de este taller ({flow}, sesión {session}) {format, select, html {como página HTML} csv {como tablas CSV} json {en JSON} other {en Markdown}}, solo para facilitación. Respeta la confidencialidad del flujo; guárdalo en privado.",
  "report.nothing": "Todavía no hay en esta sala ningún taller del que hacer un informe.",
  // Turn-taking chosen at start (issue 14): a flow that offers one mode only; a workshop already open.
  "flow.turnTakingFixed":
    "{flow} solo funciona con {allowed, select, strict {turnos estrictos (solo puede escribir quien tiene la palabra)} other {turnos flexibles (a los demás se les pide esperar)}}, así que no puede empezar con turnos {mode, select, strict {estrictos} other {flexibles}}. Inícialo sin elegir, o elige un flujo que ofrezca ambos.",
  "session.turnTakingSet":
    "Este taller se abrió con turnos {mode, select, strict {estrictos} other {flexibles}}, y eso ya no puede cambiar. Para hacerlo de la otra forma, termínalo y vuelve a iniciarlo.",
};
