// The slash commands: `/parley` holds what participants use and `/facilitate` what facilitators
// use (Discord allows at most 25 subcommands per command, and a participant's list stays short).
// Subcommands follow the shared command grammar (src/bot/commands.ts), with Discord localisations.
// Facilitators are configured by user id, so `/facilitate` stays visible to everyone and the
// runtime refuses non-facilitators; a server admin may hide it (see the adapter README). Discord's locales include Spanish (es-ES, es-419) but neither Arabic
// nor Hebrew, so Arabic and Hebrew users see the English names; Parley itself still answers them in
// their language (the runtime gets each interaction's locale).
import { isFacilitatorCommandName } from "../../bot/commands.ts";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type APIApplicationCommandBasicOption,
  type ChatInputCommandInteraction,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from "discord.js";
import { supportedLocales } from "../../bot/i18n/index.ts";
import { languageName } from "../../bot/languages.ts";

interface Text {
  readonly en: string;
  readonly es: string;
}

interface OptionSpec {
  readonly name: string;
  readonly es: string;
  readonly description: Text;
  /** "flag": a boolean option, passed on as `--<name>` when true (`next --force`). */
  readonly type: "string" | "integer" | "user" | "flag";
  readonly required: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: "groups" | "languages" | "reportFormats" | "turnTaking";
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
}

interface SubcommandSpec {
  readonly name: string;
  readonly es: string;
  readonly description: Text;
  readonly options?: readonly OptionSpec[];
  /** The shared grammar's command this subcommand is (`hand-down` is `hand down`). */
  readonly as?: { readonly name: string; readonly args: readonly string[] };
}

/** A subcommand: its name, Spanish name, description (en, es) and options. */
function sub(
  name: string,
  es: string,
  en: string,
  esText: string,
  options: OptionSpec[] = [],
): SubcommandSpec {
  return { name, es, description: { en, es: esText }, options };
}

/** An option: its name, Spanish name, description (en, es), type and limits; optional unless said. */
function opt(
  name: string,
  es: string,
  en: string,
  esText: string,
  type: OptionSpec["type"],
  more: Partial<Omit<OptionSpec, "name" | "es" | "description" | "type">> = {},
): OptionSpec {
  return { name, es, description: { en, es: esText }, type, required: false, ...more };
}

const subcommands: readonly SubcommandSpec[] = [
  sub("start", "iniciar", "Open a workshop in this channel", "Abrir un taller en este canal", [
    opt("flow", "flujo", "The workshop flow", "El flujo del taller", "string", {
      autocomplete: true,
      maxLength: 100,
    }),
    // The runtime refuses a mode the flow does not offer (the flow's `turnEnforcementChoices`).
    opt(
      "turn-taking",
      "turnos",
      "Soft or strict turns, where the flow offers both (default: the flow's own)",
      "Turnos flexibles o estrictos, si el flujo ofrece ambos (por defecto: los del flujo)",
      "string",
      { choices: "turnTaking" },
    ),
  ]),
  sub("join", "unirse", "Join the workshop", "Unirse al taller", [
    opt("group", "grupo", "The community you come from", "La comunidad de la que vienes", "string", {
      choices: "groups",
      maxLength: 40,
    }),
  ]),
  sub("language", "idioma", "The language Parley writes to you in", "El idioma en que Parley te escribe", [
    opt("language", "idioma", "Your language", "Tu idioma", "string", {
      required: true,
      choices: "languages",
    }),
  ]),
  sub(
    "translate",
    "traducir",
    "Interpreters: post a translation of contribution #n",
    "Intérpretes: publicar una traducción de la contribución #n",
    [
      opt(
        "number",
        "numero",
        "The contribution's number (#n)",
        "El número de la contribución (#n)",
        "integer",
        {
          required: true,
          min: 1,
          max: 999999,
        },
      ),
      opt("text", "texto", "The translation", "La traducción", "string", { required: true, maxLength: 2000 }),
    ],
  ),
  sub("leave", "salir", "Leave the workshop", "Salir del taller"),
  sub("pause", "pausar", "Pause the workshop", "Pausar el taller"),
  sub("resume", "reanudar", "Resume the workshop", "Reanudar el taller"),
  sub("next", "siguiente", "Go to the next stage", "Pasar a la siguiente etapa", [
    opt(
      "force",
      "forzar",
      "Move on even if someone has not agreed to the ground rules",
      "Seguir aunque alguien no haya aceptado las normas",
      "flag",
    ),
  ]),
  sub(
    "skip",
    "saltar",
    "Move on to the next speaker (the stage goes on)",
    "Pasar a la siguiente persona que habla (la etapa sigue)",
  ),
  sub("back", "volver", "Go back one stage", "Volver una etapa"),
  sub("extend", "extender", "Give the current stage more time", "Dar más tiempo a la etapa actual", [
    opt("minutes", "minutos", "How many minutes", "Cuántos minutos", "integer", {
      required: true,
      min: 1,
      max: 120,
    }),
  ]),
  sub("floor", "palabra", "Give the floor to a participant", "Dar la palabra a un participante", [
    opt("participant", "participante", "Who speaks next", "Quién habla ahora", "user", { required: true }),
  ]),
  sub("end", "terminar", "End the workshop", "Terminar el taller"),
  // Joint statement (issue 16): a group asked its consent to be withdrawn.
  sub(
    "withdraw",
    "retirar",
    "Facilitators: withdraw a group's consent to the joint statement",
    "Facilitadores: retirar el consentimiento de un grupo a la declaración conjunta",
    [opt("group", "grupo", "The group that asked", "El grupo que lo pidió", "string", { required: true })],
  ),
  sub("hand", "mano", "Raise your hand in the discussion", "Levantar la mano en la conversación"),
  {
    ...sub("hand-down", "bajar-mano", "Lower your raised hand", "Bajar la mano levantada"),
    as: { name: "hand", args: ["down"] },
  },
  sub(
    "queue",
    "cola",
    "Facilitators: the raised hands, in order",
    "Facilitadores: las manos levantadas, por orden",
  ),
  {
    ...sub(
      "queue-next",
      "cola-siguiente",
      "Facilitators: give the floor to the first raised hand",
      "Facilitadores: dar la palabra a la primera mano levantada",
    ),
    as: { name: "queue", args: ["next"] },
  },
  sub(
    "reply",
    "responder",
    "Facilitators: answer a participant privately",
    "Facilitadores: responder en privado a un participante",
    [
      opt("participant", "participante", "Who reads it (nobody else)", "Quién lo lee (nadie más)", "user", {
        required: true,
      }),
      opt("text", "texto", "Your answer", "Tu respuesta", "string", { required: true, maxLength: 1000 }),
    ],
  ),
  sub(
    "remove",
    "retirar",
    "Facilitators: remove a participant from the workshop",
    "Facilitadores: retirar a un participante del taller",
    [opt("participant", "participante", "Who leaves", "Quién sale", "user", { required: true })],
  ),
  sub("status", "estado", "Where the workshop is", "En qué punto está el taller"),
  sub(
    "timeout",
    "pausa-personal",
    "Ask the facilitators privately for a pause",
    "Pedir en privado una pausa a los facilitadores",
    [
      opt(
        "reason",
        "motivo",
        "Why (only facilitators see it)",
        "Por qué (solo lo ven los facilitadores)",
        "string",
        {
          maxLength: 200,
        },
      ),
    ],
  ),
  sub(
    "my-data",
    "mis-datos",
    "See privately what Parley holds about you",
    "Ver en privado lo que Parley guarda sobre ti",
  ),
  sub(
    "forget-me",
    "olvidarme",
    "Ask for your contributions to be deleted",
    "Pedir que se borren tus contribuciones",
  ),
  sub(
    "confirm-forget",
    "confirmar-olvido",
    "Facilitators: delete a participant who asked to be forgotten",
    "Facilitadores: borrar a un participante que pidió ser olvidado",
    [
      opt(
        "participant",
        "participante",
        "The participant id given in the request",
        "El identificador del participante que da la petición",
        "string",
        { required: true, maxLength: 100 },
      ),
    ],
  ),
  // Safeguarding (issue 13).
  sub(
    "approve",
    "aprobar",
    "Facilitators: show a held contribution",
    "Facilitadores: mostrar un aporte retenido",
    [
      opt("number", "numero", "The number it carries (#n)", "El número que lleva (#n)", "integer", {
        required: true,
        min: 1,
        max: 999999,
      }),
    ],
  ),
  sub("hide", "ocultar", "Facilitators: hide a contribution", "Facilitadores: ocultar un aporte", [
    opt("number", "numero", "The number it carries (#n)", "El número que lleva (#n)", "integer", {
      required: true,
      min: 1,
      max: 999999,
    }),
  ]),
  sub(
    "mute",
    "silenciar",
    "Facilitators: mute a participant for this stage",
    "Facilitadores: silenciar a un participante en esta etapa",
    [opt("participant", "participante", "Who waits", "Quién espera", "user", { required: true })],
  ),
  sub(
    "unmute",
    "reactivar",
    "Facilitators: let a muted participant take part again",
    "Facilitadores: dejar participar de nuevo",
    [
      opt("participant", "participante", "Who takes part again", "Quién vuelve a participar", "user", {
        required: true,
      }),
    ],
  ),
  // Youth rooms (issue 15): a guardian's consent is on file for this participant.
  sub(
    "guardian",
    "tutor",
    "Facilitators (youth rooms): a guardian's consent is on file for a participant",
    "Facilitadores (salas juveniles): el consentimiento del tutor de un participante está archivado",
    [
      opt(
        "participant",
        "participante",
        "Whose guardian consented",
        "De quién dio su consentimiento el tutor",
        "user",
        { required: true },
      ),
    ],
  ),
  sub("help", "ayuda", "How Parley works", "Cómo funciona Parley"),
  // Safeguarding (issue 13).
  sub(
    "flag",
    "senalar",
    "Tell the facilitators privately about something harmful",
    "Avisar en privado a los facilitadores de algo dañino",
    [
      opt("reason", "motivo", "What happened", "Qué pasó", "string", { maxLength: 500 }),
      opt(
        "name",
        "nombre",
        "Give the facilitators your name (otherwise they do not learn it)",
        "Dar tu nombre a los facilitadores (si no, no lo sabrán)",
        "flag",
      ),
    ],
  ),
  sub(
    "help-me",
    "ayudame",
    "Ask the facilitators and the safeguarding lead privately for help",
    "Pedir ayuda en privado a los facilitadores y a la persona responsable de protección",
    [
      opt("message", "mensaje", "Anything you want them to know", "Lo que quieras que sepan", "string", {
        maxLength: 500,
      }),
    ],
  ),
  sub("ack", "recibido", "Facilitators: acknowledge an alert", "Facilitadores: confirmar una alerta", [
    opt("alert", "alerta", "The alert's number", "El número de la alerta", "integer", {
      required: true,
      min: 1,
      max: 999999,
    }),
  ]),
  sub(
    "audit",
    "auditoria",
    "Facilitators: the safeguarding audit trail",
    "Facilitadores: el registro de auditoría",
  ),
  sub(
    "report",
    "informe",
    "The workshop's report as files, to you privately",
    "El informe del taller como archivos, en privado",
    [
      opt(
        "format",
        "formato",
        "HTML page (default), CSV tables, JSON or Markdown",
        "Página HTML (por defecto), tablas CSV, JSON o Markdown",
        "string",
        {
          choices: "reportFormats",
        },
      ),
    ],
  ),
];

/** The formats `/facilitate report` offers (the shared grammar's `report <format>`). */
const reportFormatChoices = [
  { name: "HTML", value: "html" },
  { name: "CSV", value: "csv" },
  { name: "JSON", value: "json" },
  { name: "Markdown", value: "md" },
];

const spanish = (text: string): Record<string, string> => ({ "es-ES": text, "es-419": text });

/** The turn-taking `/facilitate start` offers (the shared grammar's `start <flow> soft|strict`). */
const turnTakingChoices = [
  {
    name: "Soft: others are asked to wait",
    name_localizations: spanish("Flexibles: a los demás se les pide esperar"),
    value: "soft",
  },
  {
    name: "Strict: only the speaker can post",
    name_localizations: spanish("Estrictos: solo escribe quien tiene la palabra"),
    value: "strict",
  },
];

/** The message command (right-click a message → Apps) that flags it to the facilitators. */
export const flagCommandName = "Flag to facilitators";

function optionJson(o: OptionSpec, groups: readonly string[]): APIApplicationCommandBasicOption {
  const base = {
    name: o.name,
    name_localizations: spanish(o.es),
    description: o.description.en,
    description_localizations: spanish(o.description.es),
    required: o.required,
  };
  if (o.type === "user") return { ...base, type: ApplicationCommandOptionType.User };
  if (o.type === "flag") return { ...base, type: ApplicationCommandOptionType.Boolean };
  if (o.type === "integer") {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(o.min !== undefined ? { min_value: o.min } : {}),
      ...(o.max !== undefined ? { max_value: o.max } : {}),
    };
  }
  const choices =
    o.choices === "groups" && groups.length > 0
      ? groups.slice(0, 25).map((g) => ({ name: g, value: g }))
      : o.choices === "languages"
        ? // Each language in its own name; the runtime answers with the flow's list if it lacks one.
          supportedLocales.map((l) => ({ name: `${languageName(l)} (${l})`, value: l }))
        : o.choices === "reportFormats"
          ? reportFormatChoices
          : o.choices === "turnTaking"
            ? turnTakingChoices
            : null;
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
    ...(choices ? { choices } : o.autocomplete === true ? { autocomplete: true } : {}),
  };
}

/** Which command a subcommand belongs to: facilitators' commands go under `/facilitate`. */
export function audienceOf(s: SubcommandSpec): "participant" | "facilitator" {
  const name = s.as?.name ?? s.name;
  // `ack` and `audit` are for the facilitators and the safeguarding lead (the runtime checks both).
  return isFacilitatorCommandName(name) || name === "ack" || name === "audit" ? "facilitator" : "participant";
}

export interface CommandNames {
  /** Participants' command (`/parley`). */
  readonly participant: string;
  /** Facilitators' command (`/facilitate`). */
  readonly facilitator: string;
}

function commandJson(
  name: string,
  description: Text,
  specs: readonly SubcommandSpec[],
  groups: readonly string[],
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name,
    description: description.en,
    description_localizations: spanish(description.es),
    options: specs.map((s) => ({
      type: ApplicationCommandOptionType.Subcommand as const,
      name: s.name,
      name_localizations: spanish(s.es),
      description: s.description.en,
      description_localizations: spanish(s.description.es),
      options: (s.options ?? []).map((o) => optionJson(o, groups)),
    })),
  };
}

/** The body of PUT /applications/:id/guilds/:guild/commands: `/parley` and `/facilitate`. */
export function slashCommands(
  names: CommandNames,
  groups: readonly string[],
): RESTPutAPIApplicationGuildCommandsJSONBody {
  return [
    commandJson(
      names.participant,
      {
        en: "Parley: take part in a dialogue workshop",
        es: "Parley: participar en un taller de diálogo",
      },
      subcommands.filter((s) => audienceOf(s) === "participant"),
      groups,
    ),
    commandJson(
      names.facilitator,
      {
        en: "Parley: run a workshop (facilitators only)",
        es: "Parley: conducir un taller (solo facilitadores)",
      },
      subcommands.filter((s) => audienceOf(s) === "facilitator"),
      groups,
    ),
    {
      type: ApplicationCommandType.Message,
      name: flagCommandName,
      name_localizations: spanish("Señalar a facilitadores"),
    },
  ];
}

/** A chat-input interaction → the shared grammar's command name and arguments. */
export function commandFromInteraction(interaction: ChatInputCommandInteraction): {
  name: string;
  args: string[];
} {
  const name = interaction.options.getSubcommand(true);
  const spec = subcommands.find((s) => s.name === name);
  const args: string[] = [...(spec?.as?.args ?? [])];
  for (const o of spec?.options ?? []) {
    if (o.type === "flag") {
      if (interaction.options.getBoolean(o.name, false) === true) args.push(`--${o.name}`);
    } else if (o.type === "user") {
      const user = interaction.options.getUser(o.name, false);
      if (user) args.push(user.id);
    } else if (o.type === "integer") {
      const n = interaction.options.getInteger(o.name, false);
      if (n !== null) args.push(String(n));
    } else {
      const s = interaction.options.getString(o.name, false);
      if (s !== null && s.trim() !== "") args.push(s.trim());
    }
  }
  return { name: spec?.as?.name ?? name, args };
}

/** A flow `/parley start flow:` offers: its id (the value sent) and its title (never a file path). */
export interface FlowChoice {
  readonly id: string;
  readonly title: string;
}

/**
 * Autocomplete choices for a typed prefix (Discord allows at most 25): ids or titles starting with
 * it first, then those containing it. A choice shows "Title (id)" (just the id when the title is
 * the id) and sends the id.
 */
export function autocompleteChoices(
  candidates: readonly FlowChoice[],
  typed: string,
): { name: string; value: string }[] {
  const q = typed.trim().toLowerCase();
  const texts = (c: FlowChoice) => [c.id.toLowerCase(), c.title.toLowerCase()];
  const starts = candidates.filter((c) => texts(c).some((t) => t.startsWith(q)));
  const contains = candidates.filter((c) => !starts.includes(c) && texts(c).some((t) => t.includes(q)));
  return [...starts, ...contains].slice(0, 25).map((c) => {
    const shown = c.title === c.id ? c.id : `${c.title} (${c.id})`;
    const name = shown.length <= 100 ? shown : `${shown.slice(0, 99 - c.id.length - 3)}… (${c.id})`;
    return { name, value: c.id.slice(0, 100) };
  });
}
