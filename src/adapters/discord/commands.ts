// The `/parley` slash command: subcommands in the shared command grammar (src/bot/commands.ts),
// with Discord localisations. Discord's locales include Spanish (es-ES, es-419) but neither Arabic
// nor Hebrew, so Arabic and Hebrew users see the English names; Parley itself still answers them in
// their language (the runtime gets each interaction's locale).
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type ChatInputCommandInteraction,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from "discord.js";

interface Text {
  readonly en: string;
  readonly es: string;
}

interface OptionSpec {
  readonly name: string;
  readonly es: string;
  readonly description: Text;
  readonly type: "string" | "integer" | "user";
  readonly required: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: "groups";
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
}

interface SubcommandSpec {
  readonly name: string;
  readonly es: string;
  readonly description: Text;
  readonly options?: readonly OptionSpec[];
}

const subcommands: readonly SubcommandSpec[] = [
  {
    name: "start",
    es: "iniciar",
    description: { en: "Open a workshop in this channel", es: "Abrir un taller en este canal" },
    options: [
      {
        name: "flow",
        es: "flujo",
        description: { en: "The workshop flow", es: "El flujo del taller" },
        type: "string",
        required: false,
        autocomplete: true,
        maxLength: 100,
      },
    ],
  },
  {
    name: "join",
    es: "unirse",
    description: { en: "Join the workshop", es: "Unirse al taller" },
    options: [
      {
        name: "group",
        es: "grupo",
        description: { en: "The community you come from", es: "La comunidad de la que vienes" },
        type: "string",
        required: false,
        choices: "groups",
        maxLength: 40,
      },
    ],
  },
  { name: "leave", es: "salir", description: { en: "Leave the workshop", es: "Salir del taller" } },
  { name: "pause", es: "pausar", description: { en: "Pause the workshop", es: "Pausar el taller" } },
  { name: "resume", es: "reanudar", description: { en: "Resume the workshop", es: "Reanudar el taller" } },
  {
    name: "next",
    es: "siguiente",
    description: { en: "Go to the next stage", es: "Pasar a la siguiente etapa" },
  },
  { name: "back", es: "volver", description: { en: "Go back one stage", es: "Volver una etapa" } },
  {
    name: "extend",
    es: "extender",
    description: { en: "Give the current stage more time", es: "Dar más tiempo a la etapa actual" },
    options: [
      {
        name: "minutes",
        es: "minutos",
        description: { en: "How many minutes", es: "Cuántos minutos" },
        type: "integer",
        required: true,
        min: 1,
        max: 120,
      },
    ],
  },
  {
    name: "floor",
    es: "palabra",
    description: { en: "Give the floor to a participant", es: "Dar la palabra a un participante" },
    options: [
      {
        name: "participant",
        es: "participante",
        description: { en: "Who speaks next", es: "Quién habla ahora" },
        type: "user",
        required: true,
      },
    ],
  },
  { name: "end", es: "terminar", description: { en: "End the workshop", es: "Terminar el taller" } },
  {
    name: "status",
    es: "estado",
    description: { en: "Where the workshop is", es: "En qué punto está el taller" },
  },
  {
    name: "timeout",
    es: "pausa-personal",
    description: {
      en: "Ask the facilitators privately for a pause",
      es: "Pedir en privado una pausa a los facilitadores",
    },
    options: [
      {
        name: "reason",
        es: "motivo",
        description: { en: "Why (only facilitators see it)", es: "Por qué (solo lo ven los facilitadores)" },
        type: "string",
        required: false,
        maxLength: 200,
      },
    ],
  },
  {
    name: "forget-me",
    es: "olvidarme",
    description: {
      en: "Ask for your contributions to be deleted",
      es: "Pedir que se borren tus contribuciones",
    },
  },
  { name: "help", es: "ayuda", description: { en: "How Parley works", es: "Cómo funciona Parley" } },
];

const spanish = (text: string): Record<string, string> => ({ "es-ES": text, "es-419": text });

function optionJson(o: OptionSpec, groups: readonly string[]): APIApplicationCommandBasicOption {
  const base = {
    name: o.name,
    name_localizations: spanish(o.es),
    description: o.description.en,
    description_localizations: spanish(o.description.es),
    required: o.required,
  };
  if (o.type === "user") return { ...base, type: ApplicationCommandOptionType.User };
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
      : null;
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
    ...(choices ? { choices } : o.autocomplete === true ? { autocomplete: true } : {}),
  };
}

/** The body of PUT /applications/:id/guilds/:guild/commands. */
export function slashCommands(
  commandName: string,
  groups: readonly string[],
): RESTPutAPIApplicationGuildCommandsJSONBody {
  return [
    {
      name: commandName,
      description: "Parley: facilitated dialogue workshops",
      description_localizations: spanish("Parley: talleres de diálogo facilitado"),
      options: subcommands.map((s) => ({
        type: ApplicationCommandOptionType.Subcommand as const,
        name: s.name,
        name_localizations: spanish(s.es),
        description: s.description.en,
        description_localizations: spanish(s.description.es),
        options: (s.options ?? []).map((o) => optionJson(o, groups)),
      })),
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
  const args: string[] = [];
  for (const o of spec?.options ?? []) {
    if (o.type === "user") {
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
  return { name, args };
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
