// A Mermaid stateDiagram-v2 of a flow, for facilitators and programme staff to see a flow's shape
// before running it: stages in order, each stage's phases inside it, and where pause and end apply.
import type { FlowSpec, StageSpec } from "./spec.ts";

/** Human duration: "45 s", "2 min", "1 min 30 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/**
 * Flow text inside a Mermaid label: characters that end or restructure a label are replaced, so a
 * title cannot break (or inject into) the diagram.
 */
function label(text: string): string {
  const cleaned = Array.from(text.replace(/[\p{C}\n\r]+/gu, " "))
    .map((c) => (c === '"' ? "'" : /[{}<>#;:`[\]\\]/.test(c) ? " " : c))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(cleaned);
  return chars.length > 60 ? `${chars.slice(0, 59).join("")}…` : cleaned;
}

function title(spec: FlowSpec, stage: StageSpec): string {
  const text = stage.title?.[spec.defaultLocale];
  return text === undefined ? stage.id : `${stage.id} — ${label(text)}`;
}

interface Phase {
  readonly id: string;
  readonly label: string;
}

/** The phases a stage runs through, in order, and the transitions that loop back. */
function phasesOf(stage: StageSpec): {
  phases: Phase[];
  loops: [string, string, string][];
  note: string | null;
} {
  switch (stage.kind) {
    case "ground-rules":
      return {
        phases: [
          { id: "rules", label: `present ${stage.rules.length} rule${stage.rules.length === 1 ? "" : "s"}` },
          { id: "consent", label: `each participant consents (${formatDuration(stage.consentSeconds)})` },
        ],
        loops: [],
        note: stage.allowProposals ? "participants may propose a rule" : null,
      };
    case "perspective-sharing": {
      const phases: Phase[] = [
        { id: "turn", label: `speaker's turn (${formatDuration(stage.turnSeconds)})` },
      ];
      if (stage.reflectBack) {
        phases.push({ id: "reflect", label: "a listener says back what they heard" });
        phases.push({ id: "heard", label: "speaker says whether they felt heard" });
      }
      const last = phases[phases.length - 1]?.id ?? "turn";
      return {
        phases,
        loops: [[last, "turn", "next speaker (groups alternate)"]],
        note: `${stage.rounds} round${stage.rounds === 1 ? "" : "s"}${stage.allowPass ? ", pass allowed" : ""}${
          stage.warningSeconds > 0 ? `, warning ${formatDuration(stage.warningSeconds)} before the end` : ""
        }`,
      };
    }
    case "needs-articulation": {
      const phases: Phase[] = [
        {
          id: "collect",
          label: `write ${stage.categories.join(", ")} (${formatDuration(stage.collectSeconds)})`,
        },
        { id: "present", label: "present each group's items" },
      ];
      if (stage.recognition) {
        phases.push({
          id: "recognise",
          label: `mark the other groups' needs you recognise (${formatDuration(stage.recognitionSeconds)})`,
        });
      }
      return { phases, loops: [], note: null };
    }
    case "brainstorm":
      return {
        phases: [
          {
            id: "diverge",
            label: `ideas, up to ${stage.maxIdeasPerPerson} each (${formatDuration(stage.divergeSeconds)})`,
          },
          {
            id: "cluster",
            label: `facilitators cluster (${stage.clusterSeconds === 0 ? "until next" : formatDuration(stage.clusterSeconds)})`,
          },
          {
            id: "vote",
            label:
              stage.voting.method === "dots"
                ? `dot vote, ${stage.voting.dots} dots (${formatDuration(stage.voting.seconds)})`
                : `approval vote (${formatDuration(stage.voting.seconds)})`,
          },
          { id: "converge", label: `shortlist of ${stage.shortlist}, ranked by cross-group support` },
        ],
        loops: [],
        note: null,
      };
    case "survey":
      return {
        phases: stage.questions.map((q) => ({
          id: `q_${q.id.replace(/-/g, "_")}`,
          label: `${q.id} (${q.type === "likert" ? `1 to ${q.points}` : "text"})`,
        })),
        loops: [],
        note: `answered privately (${formatDuration(stage.seconds)})`,
      };
    case "reflection":
      return {
        phases: [{ id: "turn", label: `speaker's turn (${formatDuration(stage.turnSeconds)})` }],
        loops: [["turn", "turn", "next speaker"]],
        note: "one round",
      };
    case "discussion":
    case "check-in":
    case "message":
    case "break":
      return { phases: [], loops: [], note: null };
    case "joint-statement":
      return {
        phases: [
          { id: "amend", label: `propose amendments (${formatDuration(stage.amendSeconds)})` },
          { id: "review", label: "facilitators merge duplicates" },
          {
            id: "vote",
            label: `vote on each amendment, ${stage.amendmentRule} (${formatDuration(stage.voteSeconds)})`,
          },
          {
            id: "consent",
            label: `consent sentence by sentence, per group (${formatDuration(stage.consentSeconds)})`,
          },
          {
            id: "closed",
            label: `results; facilitators may withdraw a group's consent${stage.withdrawSeconds > 0 ? ` (${formatDuration(stage.withdrawSeconds)})` : ""}`,
          },
        ],
        loops: [],
        note: `seed: ${stage.seed.from}; sharing scope proposed: ${stage.proposedScope}`,
      };
  }
}

function summaryOf(stage: StageSpec): string {
  switch (stage.kind) {
    case "discussion":
      return `open floor (${formatDuration(stage.seconds)})`;
    case "check-in":
      return `check-in round, one line each (${formatDuration(stage.seconds)})`;
    case "message":
      return "message to the room";
    case "break":
      return `break (${formatDuration(stage.seconds)})`;
    default:
      return stage.kind;
  }
}

export function flowDiagram(spec: FlowSpec): string {
  const lines: string[] = ["stateDiagram-v2"];
  const flowTitle = spec.title[spec.defaultLocale];
  lines.push(`  %% ${label(flowTitle ?? spec.id)} (${spec.id} v${spec.version})`);
  lines.push(`  state "lobby — participants join" as lobby`);
  lines.push(`  [*] --> lobby`);
  let previous = "lobby";
  spec.stages.forEach((stage, index) => {
    const id = `s${index + 1}`;
    const { phases, loops, note } = phasesOf(stage);
    lines.push(`  state "${index + 1}. ${title(spec, stage)} (${stage.kind})" as ${id}`);
    if (phases.length > 0) {
      lines.push(`  state ${id} {`);
      for (const phase of phases) lines.push(`    state "${label(phase.label)}" as ${id}_${phase.id}`);
      lines.push(`    [*] --> ${id}_${phases[0]?.id ?? ""}`);
      for (let i = 1; i < phases.length; i++) {
        lines.push(`    ${id}_${phases[i - 1]?.id ?? ""} --> ${id}_${phases[i]?.id ?? ""}`);
      }
      for (const [from, to, why] of loops) lines.push(`    ${id}_${from} --> ${id}_${to}: ${label(why)}`);
      lines.push(`    ${id}_${phases[phases.length - 1]?.id ?? ""} --> [*]`);
      lines.push("  }");
    } else {
      lines.push(`  ${id}: ${label(summaryOf(stage))}`);
    }
    if (note !== null) lines.push(`  note right of ${id}: ${label(note)}`);
    lines.push(`  ${previous} --> ${id}: ${previous === "lobby" ? "start" : "next"}`);
    previous = id;
  });
  lines.push(`  state "ended — summary pinned" as ended`);
  lines.push(`  ${previous} --> ended: next`);
  lines.push("  ended --> [*]");
  lines.push("  note left of ended");
  lines.push("    Facilitators can pause and resume, go back, extend or give the floor in every stage.");
  lines.push("    Ending the workshop from any stage goes straight to ended (the summary).");
  lines.push("  end note");
  return `${lines.join("\n")}\n`;
}
